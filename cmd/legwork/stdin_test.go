package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"testing"
)

func TestSniffFormat(t *testing.T) {
	fit, err := os.ReadFile("../../testdata/demo/garmin/2026-11-17-06-49-51.fit")
	if err != nil {
		t.Fatal(err)
	}
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	gpx := []byte("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!-- from a watch -->\n<gpx version=\"1.1\"><trk/></gpx>")
	tcx := []byte(`<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">`)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"fit", fit, "fit"},
		{"gpx with BOM, comment and latin-1", gpx, "gpx"},
		{"tcx cut short", tcx, "tcx"},
		{"gzipped fit", gz(fit), "fit.gz"},
		{"gzipped tcx", gz(tcx), "tcx.gz"},
		{"zip", []byte("PK\x03\x04rest"), "zip"},
		{"toml", []byte("[athlete]\nunits = \"km\"\n"), ""},
		{"other xml", []byte(`<?xml version="1.0"?><kml/>`), ""},
		{"gzipped text", gz([]byte("hello")), ""},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sniffFormat(tc.data); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

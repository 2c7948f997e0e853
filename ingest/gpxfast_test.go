package ingest

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/internal/corpus"
)

// decodeGPXFull decodes data through gpxgo and the encoding/xml re-read
// only, as DecodeGPX did before the fast pass: the cross-check for it.
func decodeGPXFull(data []byte, source string) ([]Activity, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	doc, warning, unbound, derr := gpxFull(data, source)
	if derr != nil {
		return nil, derr
	}
	return gpxActivities(doc, source, warning, unbound)
}

// sameAsFull checks that when the fast pass reads data, DecodeGPX gives
// exactly what the full path gives; it reports whether the fast pass read it.
func sameAsFull(t testing.TB, data []byte, source string) bool {
	t.Helper()
	trimmed := bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(trimmed)) == 0 {
		return false
	}
	if _, ok := scanGPX(trimmed); !ok {
		return false
	}
	got, gerr := DecodeGPX(bytes.NewReader(data), source)
	want, werr := decodeGPXFull(data, source)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("%s: fast pass error %v, full path %v", source, gerr, werr)
	}
	sameActivities(t, source, got, want)
	return true
}

// TestGPXFastPassMatchesFull holds the fast pass to gpxgo's reading (with
// the encoding/xml re-read of times and heart rates) on every GPX file the
// tests know, and checks that it reads the well-formed ones itself.
func TestGPXFastPassMatchesFull(t *testing.T) {
	// Files the fast pass leaves to gpxgo on purpose.
	leftToFull := map[string]bool{
		"latin1.gpx": true, "syntax-error.gpx": true, "unbound-prefix.gpx": true, "empty.gpx": true,
		"sportslib_gpx-unbound-prefix.gpx": true,
	}
	check := func(t *testing.T, files map[string][]byte, least int) {
		if len(files) < least {
			t.Fatalf("only %d GPX files found", len(files))
		}
		fast := 0
		for path, b := range files {
			if sameAsFull(t, b, filepath.Base(path)) {
				fast++
			} else if !leftToFull[filepath.Base(path)] {
				t.Errorf("%s: read by the full path, want the fast pass", path)
			}
		}
		t.Logf("%d of %d files through the fast pass", fast, len(files))
	}
	t.Run("testdata", func(t *testing.T) {
		check(t, xmlTestFiles(t, ".gpx", filepath.Join("testdata", "gpx"), filepath.Join("..", "testdata")), 10)
	})
	t.Run("corpus", func(t *testing.T) {
		check(t, xmlTestFiles(t, ".gpx", corpus.Dir(t)), 10)
	})
}

// TestGPXFastPassOddities covers XML the fast pass must read exactly as
// encoding/xml does, or leave to the full path.
func TestGPXFastPassOddities(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<gpx version="1.1" creator="A &amp; B &#x263A; &#65;" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">`
	pt := func(extra string) string {
		return `<trkpt lat='47.1' lon="8.5"><time>2024-05-01T07:00:00Z</time>` + extra + `</trkpt>` +
			`<trkpt lat="47.1001" lon="8.5001"><time>2024-05-01T07:00:05.5+02:00</time></trkpt>`
	}
	cases := []struct {
		name string
		doc  string
		fast bool
	}{
		{"entities in names", head + `<trk><name>Tempo &amp; hills &lt;3 &#233;&#xE9;</name><type><![CDATA[running & more]]></type><trkseg>` + pt("") + `</trkseg></trk></gpx>`, true},
		{"comment in name", head + `<trk><name>Morning<!-- c --> Run</name><trkseg>` + pt("") + `</trkseg></trk></gpx>`, true},
		{"crlf in name", head + "<trk><name>a\r\nb\rc</name><trkseg>" + pt("") + `</trkseg></trk></gpx>`, true},
		{"hr in extensions", head + `<trk><trkseg>` + pt(`<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr> 150 </gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`) + `</trkseg></trk></gpx>`, true},
		{"empty hr then hr", head + `<trk><trkseg>` + pt(`<extensions><gpxtpx:hr></gpxtpx:hr><gpxtpx:hr>99</gpxtpx:hr></extensions>`) + `</trkseg></trk></gpx>`, true},
		{"bad hr then hr", head + `<trk><trkseg>` + pt(`<extensions><gpxtpx:hr>x</gpxtpx:hr><gpxtpx:hr>99</gpxtpx:hr></extensions>`) + `</trkseg></trk></gpx>`, true},
		{"hr outside extensions", head + `<trk><trkseg>` + pt(`<foo><hr>120</hr></foo>`) + `</trkseg></trk></gpx>`, true},
		{"gpxgo time layout", head + `<trk><trkseg><trkpt lat="1" lon="1"><time>2024-05-01T07:00:00.5junk</time></trkpt><trkpt lat="1.001" lon="1"><time>2024-05-01 07:00:09</time></trkpt></trkseg></trk></gpx>`, true},
		{"empty lat", head + `<trk><trkseg><trkpt lat="" lon="8"><time>2024-05-01T07:00:00Z</time></trkpt><trkpt lat=" 1 " lon="8"><time>2024-05-01T07:00:01Z</time></trkpt></trkseg></trk></gpx>`, true},
		{"bad lat", head + `<trk><trkseg><trkpt lat="x" lon="8"><time>2024-05-01T07:00:00Z</time></trkpt></trkseg></trk></gpx>`, false},
		{"unknown entity", head + `<trk><name>&nbsp;</name><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
		{"bare ampersand", head + `<trk><name>a & b</name><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
		{"mismatched tags", head + `<trk><trkseg>` + pt("") + `</trk></trkseg></gpx>`, false},
		{"unclosed", head + `<trk><trkseg>` + pt(""), false},
		{"doctype", `<!DOCTYPE gpx>` + head + `<trk><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
		{"latin1 declared", strings.Replace(head, "UTF-8", "ISO-8859-1", 1) + `<trk><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
		{"unbound prefix", head + `<trk><trkseg>` + pt(`<extensions><x:hr>1</x:hr></extensions>`) + `</trkseg></trk></gpx>`, false},
		{"gpx 1.0 ignores extensions", strings.Replace(head, `version="1.1"`, `version="1.0"`, 1) + `<trk><trkseg>` + pt(`<extensions><gpxtpx:hr>x</gpxtpx:hr><gpxtpx:hr>99</gpxtpx:hr></extensions>`) + `</trkseg></trk></gpx>`, true},
		{"route and waypoints only", head + `<wpt lat="1" lon="1"/><rte><rtept lat="1" lon="1"/></rte></gpx>`, true},
		{"second root", head + `</gpx><gpx><trk><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
		{"wrong root", `<foo><trk/></foo>`, false},
		{"]]> in a name", head + `<trk><name>a ]]> b</name><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
		{"]]> in ignored text", head + `<metadata><desc>x]]>y</desc></metadata><trk><trkseg>` + pt("") + `</trkseg></trk></gpx>`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameAsFull(t, []byte(tc.doc), "x.gpx"); got != tc.fast {
				t.Errorf("fast pass used: %v, want %v", got, tc.fast)
			}
		})
	}
	acts, err := DecodeGPX(strings.NewReader(cases[0].doc), "x.gpx")
	if err != nil || acts[0].Name != "Tempo & hills <3 éé" || acts[0].Device != "A & B ☺ A" {
		t.Errorf("entities: %q %q %v", acts[0].Name, acts[0].Device, err)
	}
}

// FuzzGPXFastPass checks that whatever the fast pass reads, it reads as the
// full path does.
func FuzzGPXFastPass(f *testing.F) {
	for _, b := range xmlFuzzSeeds(f, "gpx") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsFull(t, b, "fuzz.gpx")
	})
}

package duckcheck

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
)

// gpxRun is a typed GPX run of n one-second steps of about 3 m.
func gpxRun(start time.Time, n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="gen" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>`)
	for i := range n {
		fmt.Fprintf(&b, `<trkpt lat="%.6f" lon="13.4"><time>%s</time></trkpt>`, 52.5+0.000027*float64(i), start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString(`</trkseg></trk></gpx>`)
	return []byte(b.String())
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Skip("file system refuses the name:", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNonUTF8Text reads names in legacy encodings through ingest, analyze
// and store, and checks that DuckDB reads the activities table: a CP437
// member name from an older Windows zip, a Latin-1 Strava activities.csv
// and a file name on disk that is not UTF-8. DuckDB refuses a Parquet
// string that is not valid UTF-8 ("Invalid string encoding").
func TestNonUTF8Text(t *testing.T) {
	in := t.TempDir()
	t0 := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "L\x84ufe/M\x84rz 10k.gpx", NonUTF8: true, Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(gpxRun(t0, 600))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(in, "windows.zip"), buf.Bytes())
	write(t, filepath.Join(in, "strava", "activities.csv"),
		[]byte("Activity ID,Activity Name,Filename,Activity Gear\n1,Wei\xdfensee,activities/1.gpx,L\xe4ufer\n"))
	write(t, filepath.Join(in, "strava", "activities", "1.gpx"), gpxRun(t0.Add(24*time.Hour), 600))
	write(t, filepath.Join(in, "M\xe4rz.gpx"), gpxRun(t0.Add(48*time.Hour), 600))

	b, err := ingest.Read(context.Background(), []string{in}, ingest.Options{Zone: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Activities) != 3 || len(b.Errors) > 0 {
		t.Fatalf("%d activities, errors %v", len(b.Activities), b.Errors)
	}
	res := analyze.Analyze(b.Activities, analyze.Config{WeekStart: time.Monday, IncreasePct: 10, Units: "km"}, t0.AddDate(0, 0, 7))
	out := t.TempDir()
	writeOut(t, out, res)
	db := openDB(t)
	rows, err := db.Query("SELECT source, coalesce(name, '') FROM read_parquet(" + quote(parquetPath(out, "activities")) + ") ORDER BY source")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var source, name string
		if err := rows.Scan(&source, &name); err != nil {
			t.Fatal(err)
		}
		got = append(got, source+"|"+name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{`M\xe4rz.gpx|`, "strava/activities/1.gpx|Weißensee", "windows.zip!/Läufe/März 10k.gpx|"}
	if !slices.Equal(got, want) {
		t.Errorf("source|name\n%q\nwant\n%q", got, want)
	}
}

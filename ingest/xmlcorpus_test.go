package ingest

import (
	"github.com/legwork-run/legwork/internal/corpus"

	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// xmlExpectedRows reads EXPECTED.tsv rows of one format as maps by column.
func xmlExpectedRows(t testing.TB, dir, format string) []map[string]string {
	t.Helper()
	var rows []map[string]string
	for _, m := range corpus.Expected(t, dir) {
		if m["format"] == format {
			rows = append(rows, m)
		}
	}
	if len(rows) == 0 {
		t.Fatalf("no %s rows in EXPECTED.tsv", format)
	}
	return rows
}

func decodeCorpusFile(t *testing.T, dir, file string, decode func(io.Reader, string) ([]Activity, error)) ([]Activity, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return decode(f, file)
}

func activityByIndex(acts []Activity, index int) *Activity {
	for i := range acts {
		if acts[i].Session == index {
			return &acts[i]
		}
	}
	return nil
}

// gpxCorpusSkips are the corpus GPX files (or tracks, "file#index") that are
// not activities, with a word the reason must contain.
var gpxCorpusSkips = map[string]string{
	"gpx/cptr_gaiagps-hiking-route-waypoints.gpx": "only 1 route and 5 waypoints",
	"gpx/cptr_rwgps-course-track-no-times.gpx":    "no timestamps",
	"gpx/gc_strava-metadata-only.gpx":             "no tracks, routes or waypoints",
	"gpx/gpxgo_no-xml-declaration.gpx":            "placeholder",
	"gpx/gpxpy_bom-waypoint-only.gpx":             "only 1 waypoint",
	"gpx/gpxpy_gpsbabel-1901-timestamps.gpx":      "placeholder",
	"gpx/gpxpy_route-only.gpx":                    "only 1 route",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#0":  "no points",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#1":  "no timestamps",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#2":  "no timestamps",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#3":  "no timestamps",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#4":  "no timestamps",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#5":  "no timestamps",
	"gpx/gpxpy_gpsbabel-8-tracks-no-times.gpx#6":  "no timestamps",
	"gpx/gpxpy_gpx10-all-fields.gpx#1":            "no points",
	"gpx/gpxpy_gpx11-all-fields.gpx#1":            "no points",
}

func gpxSkipReason(file string, index string) (string, bool) {
	if r, ok := gpxCorpusSkips[file]; ok {
		return r, true
	}
	if r, ok := gpxCorpusSkips[file+"#"+index]; ok {
		return r, true
	}
	return "", false
}

func TestDecodeGPXCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	rows := xmlExpectedRows(t, dir, "gpx")
	matched := 0
	for _, row := range rows {
		file, index := row["file"], row["index"]
		t.Run(strings.TrimPrefix(file, "gpx/")+"#"+index, func(t *testing.T) {
			acts, err := decodeCorpusFile(t, dir, file, DecodeGPX)
			if row["parse_ok"] != "true" {
				var de *DecodeError
				if !errors.As(err, &de) || de.Line == 0 || de.Skipped() {
					t.Fatalf("want a DecodeError with a line for %s (gpxpy: %s), got %v", file, row["error"], err)
				}
				return
			}
			if reason, skip := gpxSkipReason(file, index); skip {
				if row["row"] == "file" || len(acts) == 0 {
					var de *DecodeError
					if !errors.As(err, &de) || !de.Skipped() {
						t.Fatalf("want ErrNoActivity, got %v (%d activities)", err, len(acts))
					}
					if !strings.Contains(de.Error(), reason) {
						t.Errorf("reason %q does not say %q", de.Error(), reason)
					}
					return
				}
				i, _ := strconv.Atoi(index)
				if a := activityByIndex(acts, i); a != nil {
					t.Fatalf("track %d is an activity, want skipped (%s)", i, reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			i, _ := strconv.Atoi(index)
			a := activityByIndex(acts, i)
			if a == nil {
				t.Fatalf("no activity for track %d (got %d activities)", i, len(acts))
			}
			if a.Format != "gpx" || a.Source != file {
				t.Errorf("format %q source %q", a.Format, a.Source)
			}
			if want := row["start_time_utc"]; want != "" {
				ws, err := time.Parse(time.RFC3339Nano, want)
				if err != nil {
					t.Fatal(err)
				}
				if d := a.Start.Sub(ws); d < -2*time.Second || d > 2*time.Second {
					t.Errorf("start %v, want %v ±2 s", a.Start, ws)
				}
			}
			wantLen, _ := strconv.ParseFloat(row["length_2d_m"], 64)
			if math.Abs(a.DistanceM-wantLen) > 0.015*wantLen+0.01 {
				t.Errorf("distance %.1f m, want %.1f m ±1.5%% (gpxpy length_2d)", a.DistanceM, wantLen)
			}
			if row["hr_present"] == "true" && file != "gpx/geoap_opentracks-hike-plus0200.gpx" && a.MaxHR == 0 {
				t.Errorf("no heart rate, but the file has some")
			}
			if len(a.Samples) == 0 {
				t.Errorf("no samples")
			}
			matched++
		})
	}
	t.Logf("%d GPX reference tracks matched", matched)
}

func TestDecodeTCXCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	rows := xmlExpectedRows(t, dir, "tcx")
	sports := map[string]Sport{"Running": "running", "running": "running", "Biking": "cycling", "Other": "other"}
	for _, row := range rows {
		file, index := row["file"], row["index"]
		t.Run(strings.TrimPrefix(file, "tcx/")+"#"+index, func(t *testing.T) {
			acts, err := decodeCorpusFile(t, dir, file, DecodeTCX)
			if row["row"] == "file" {
				var de *DecodeError
				if !errors.As(err, &de) || !de.Skipped() || !strings.Contains(de.Error(), "course") {
					t.Fatalf("want ErrNoActivity naming the course, got %v (%d activities)", err, len(acts))
				}
				return
			}
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if n, _ := strconv.Atoi(row["file_units"]); n != len(acts) {
				t.Errorf("%d activities, want %d", len(acts), n)
			}
			i, _ := strconv.Atoi(index)
			a := activityByIndex(acts, i)
			if a == nil {
				t.Fatalf("no activity %d", i)
			}
			ws, err := time.Parse(time.RFC3339Nano, row["start_time_utc"])
			if err != nil {
				t.Fatal(err)
			}
			if d := a.Start.Sub(ws); d < -61*time.Second || d > 61*time.Second {
				t.Errorf("start %v, want %v ±61 s", a.Start, ws)
			}
			want, _ := strconv.ParseFloat(row["distance_m"], 64)
			if math.Abs(a.DistanceM-want) > 0.01*want {
				t.Errorf("distance %.2f m, want %.2f m ±1%% (laps' sum)", a.DistanceM, want)
			}
			timer, _ := strconv.ParseFloat(row["total_timer_time_s"], 64)
			if math.Abs(a.Moving.Seconds()-timer) > 0.01 {
				t.Errorf("moving %v, want %.3f s", a.Moving, timer)
			}
			if s := sports[row["sport"]]; a.Sport != s {
				t.Errorf("sport %q, want %q (from %q)", a.Sport, s, row["sport"])
			}
			if row["hr_present"] == "true" && a.MaxHR == 0 {
				t.Errorf("no heart rate, but the file has some")
			}
			if a.Device != row["creator"] {
				t.Errorf("device %q, want %q", a.Device, row["creator"])
			}
		})
	}
}

// TestReadCorpus reads the whole corpus in one batch, as the tool does: every
// file must come back as activities, a skip or an error, and the GPX and TCX
// activities must be the ones the decoders give one file at a time.
func TestReadCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	start := time.Now()
	b, err := Read(t.Context(), []string{dir}, Options{newZoneFinder: (&fakeFinder{}).load})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	seen := map[string]bool{}
	for _, a := range b.Activities {
		seen[a.Source] = true
	}
	for _, e := range append(b.Errors, b.Skipped...) {
		seen[e.Source()] = true
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n")[1:] {
		file, _, _ := strings.Cut(line, "\t")
		files++
		if !seen[file] {
			t.Errorf("%s: neither an activity, a skip nor an error", file)
		}
	}
	if b.Files != files {
		t.Errorf("%d files read, the manifest lists %d", b.Files, files)
	}
	var gpx, tcx, badGPX int
	for _, a := range b.Activities {
		if strings.HasPrefix(a.Source, "bad/") {
			if a.Format == "gpx" {
				badGPX++
			}
			continue // the reference decoders read nothing from bad/
		}
		switch a.Format {
		case "gpx":
			gpx++
		case "tcx":
			tcx++
		}
	}
	var wantGPX, wantTCX int
	for _, row := range xmlExpectedRows(t, dir, "gpx") {
		if _, skip := gpxSkipReason(row["file"], row["index"]); row["row"] == "track" && !skip {
			wantGPX++
		}
	}
	for _, row := range xmlExpectedRows(t, dir, "tcx") {
		if row["row"] == "activity" {
			wantTCX++
		}
	}
	if gpx != wantGPX || tcx != wantTCX {
		t.Errorf("%d GPX and %d TCX activities, want %d and %d", gpx, tcx, wantGPX, wantTCX)
	}
	// gpxpy refuses bad/sportslib_gpx-unbound-prefix.gpx (an undeclared
	// "gpxdata:" prefix on cadence); its run is intact and is kept, with the
	// file reported as read in part at the line of the prefix.
	if badGPX != 1 {
		t.Errorf("%d activities from bad/*.gpx, want 1", badGPX)
	}
	var unbound *DecodeError
	for _, e := range b.Errors {
		if e.Source() == "bad/sportslib_gpx-unbound-prefix.gpx" {
			unbound = e
		}
	}
	if unbound == nil || unbound.Line != 17 || !errors.Is(unbound, ErrPartialRead) {
		t.Errorf("bad/sportslib_gpx-unbound-prefix.gpx: %v; want a partial read at line 17", unbound)
	}
	t.Logf("%d files, %d activities, %d errors, %d skipped in %v", b.Files, len(b.Activities), len(b.Errors), len(b.Skipped), elapsed)
}

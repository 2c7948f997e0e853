package ingest

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func decodeGPXFile(t *testing.T, name string) ([]Activity, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "gpx", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return DecodeGPX(f, name)
}

func hasWarning(a *Activity, sub string) bool {
	for _, w := range a.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestDecodeGPXFixtures(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		file    string
		start   time.Time
		sport   Sport
		name    string
		device  string
		hrs     []uint8
		warning string // a warning the activity must carry; "" for none checked
	}{
		{"bom.gpx", utc("2024-03-04T06:00:00Z"), "running", "BOM run", "test", []uint8{0, 0, 0}, ""},
		{"latin1.gpx", utc("2024-03-04T06:00:00Z"), "running", "Café du Château", "Café GPS", []uint8{0, 0}, ""},
		{"ns3-hr.gpx", utc("2024-03-04T10:00:00Z"), "running", "Lunch Run", "Garmin Connect", []uint8{120, 140, 160}, ""},
		{"movescount-hr.gpx", utc("2024-01-17T08:33:11.150Z"), "running", "Move", "Movescount - http://www.movescount.com", []uint8{92, 102}, "taken for running"},
		{"gpx10-hr.gpx", utc("2024-09-16T16:31:53.243Z"), "running", "Evening Run", "sportractive.com", []uint8{112, 0}, "from the name"},
		{"offset-times.gpx", utc("2025-08-29T18:12:19.97Z"), "hiking", "", "OpenTracks", []uint8{0, 0, 0}, ""},
		{"backwards.gpx", utc("2017-10-02T08:49:24Z"), "running", "Running 10/2/17 10:49 am", "Runkeeper - http://www.runkeeper.com", []uint8{0, 0, 0, 0}, "time runs backwards at 1 point"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			acts, err := decodeGPXFile(t, tc.file)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if len(acts) != 1 {
				t.Fatalf("%d activities, want 1", len(acts))
			}
			a := &acts[0]
			if !a.Start.Equal(tc.start) {
				t.Errorf("start %v, want %v", a.Start, tc.start)
			}
			if a.Sport != tc.sport || a.Name != tc.name || a.Device != tc.device {
				t.Errorf("sport %q name %q device %q, want %q %q %q", a.Sport, a.Name, a.Device, tc.sport, tc.name, tc.device)
			}
			var hrs []uint8
			for i, s := range a.Samples {
				hrs = append(hrs, s.HR)
				if i > 0 && s.T < a.Samples[i-1].T {
					t.Errorf("sample %d goes back in time: %v after %v", i, s.T, a.Samples[i-1].T)
				}
			}
			if fmt.Sprint(hrs) != fmt.Sprint(tc.hrs) {
				t.Errorf("heart rates %v, want %v", hrs, tc.hrs)
			}
			if tc.warning != "" && !hasWarning(a, tc.warning) {
				t.Errorf("warnings %q lack %q", a.Warnings, tc.warning)
			}
			if !a.HasPosition || !a.HasDistance || a.Format != "gpx" || a.Source != tc.file {
				t.Errorf("position %v distance %v format %q source %q", a.HasPosition, a.HasDistance, a.Format, a.Source)
			}
		})
	}
}

func TestDecodeGPXOffsetTimes(t *testing.T) {
	acts, err := decodeGPXFile(t, "offset-times.gpx")
	if err != nil {
		t.Fatal(err)
	}
	// 20:12:19.97+02:00, 20:12:29+02:00 and 18:12:39Z.
	want := []time.Duration{0, 9030 * time.Millisecond, 19030 * time.Millisecond}
	for i, s := range acts[0].Samples {
		if s.T != want[i] {
			t.Errorf("sample %d at %v, want %v", i, s.T, want[i])
		}
	}
	if acts[0].Elapsed != want[2] {
		t.Errorf("elapsed %v, want %v", acts[0].Elapsed, want[2])
	}
}

func TestDecodeGPXNoActivity(t *testing.T) {
	tests := []struct{ file, reason string }{
		{"no-times.gpx", "no timestamps, cannot be placed in a week"},
		{"placeholder-1901.gpx", "placeholder timestamps"},
		{"route-only.gpx", "only 1 route"},
		{"waypoints-only.gpx", "only 2 waypoints"},
		{"empty.gpx", "no tracks, routes or waypoints"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			acts, err := decodeGPXFile(t, tc.file)
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, ErrNoActivity) || !de.Skipped() {
				t.Fatalf("want a DecodeError wrapping ErrNoActivity, got %v", err)
			}
			if len(acts) != 0 {
				t.Errorf("%d activities", len(acts))
			}
			if de.Path != tc.file || de.Format != "gpx" {
				t.Errorf("path %q format %q", de.Path, de.Format)
			}
			if !strings.Contains(de.Error(), tc.reason) {
				t.Errorf("%q does not say %q", de.Error(), tc.reason)
			}
		})
	}
}

func TestDecodeGPXMalformed(t *testing.T) {
	tests := []struct {
		file    string
		line    int
		msg     string
		acts    int  // activities returned with the error
		partial bool // the error wraps ErrPartialRead
	}{
		{"syntax-error.gpx", 6, "", 0, false},
		// An undeclared prefix on an extension: the track is intact and kept.
		{"unbound-prefix.gpx", 5, `unbound namespace prefix "gpxdata"`, 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			acts, err := decodeGPXFile(t, tc.file)
			var de *DecodeError
			if !errors.As(err, &de) || de.Skipped() {
				t.Fatalf("want a DecodeError, got %v", err)
			}
			if de.Line != tc.line || len(acts) != tc.acts || errors.Is(err, ErrPartialRead) != tc.partial {
				t.Errorf("line %d, %d activities, partial %t; want line %d, %d, %t: %v",
					de.Line, len(acts), errors.Is(err, ErrPartialRead), tc.line, tc.acts, tc.partial, err)
			}
			if !strings.Contains(de.Error(), tc.msg) {
				t.Errorf("%q lacks %q", de.Error(), tc.msg)
			}
		})
	}
	for _, in := range []string{"", "   \n", "not xml at all", "<html><body/></html>", "<gpx><trk><trkseg><trkpt lat=\"x\"/></trkseg></trk></gpx>"} {
		_, err := DecodeGPX(strings.NewReader(in), "junk.gpx")
		if de := (*DecodeError)(nil); !errors.As(err, &de) || de.Path != "junk.gpx" {
			t.Errorf("%q: want a DecodeError for junk.gpx, got %v", in, err)
		}
	}
}

// meridianLat is the latitude step that makes a great-circle step of m
// meters along a meridian.
func meridianLat(m float64) float64 { return m / (math.Pi / 180 * 6371008.8) }

// genTrack writes a GPX track of points along a meridian from lat 45: each
// segment is a list of (meters from the previous point, seconds from the
// previous point) steps; the first point of a segment jumps by its step too,
// so a segment of n steps has n-1 great-circle steps.
func genTrack(typ string, t0 time.Time, segs ...[][2]float64) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="gen" xmlns="http://www.topografix.com/GPX/1/1"><trk>`)
	if typ != "" {
		b.WriteString("<type>" + typ + "</type>")
	}
	lat, tm := 45.0, t0
	for _, seg := range segs {
		b.WriteString("<trkseg>")
		for _, st := range seg {
			lat += meridianLat(st[0])
			tm = tm.Add(time.Duration(st[1] * float64(time.Second)))
			fmt.Fprintf(&b, `<trkpt lat="%.9f" lon="7"><time>%s</time></trkpt>`, lat, tm.Format(time.RFC3339Nano))
		}
		b.WriteString("</trkseg>")
	}
	b.WriteString("</trk></gpx>")
	return b.String()
}

// steps repeats a step n times.
func steps(n int, meters, seconds float64) [][2]float64 {
	s := make([][2]float64, n)
	for i := range s {
		s[i] = [2]float64{meters, seconds}
	}
	return s
}

func TestDecodeGPXDistanceAndSport(t *testing.T) {
	t0 := time.Date(2024, 4, 1, 7, 0, 0, 0, time.UTC)
	jumpy := append(append(steps(100, 3, 1), [2]float64{500, 1}, [2]float64{500, 1}), steps(100, 3, 1)...)
	tests := []struct {
		name      string
		gpx       string
		sport     Sport
		distanceM float64
		warning   string
		resumed   []int // sample indexes marked Resumed
	}{
		{"running pace", genTrack("", t0, steps(600, 3, 1)), "running", 599 * 3, "taken for running", nil},
		{"fast untyped is cycling", genTrack("", t0, steps(600, 9, 1)), "cycling", 599 * 9, "taken for cycling", nil},
		{"descents make an untyped ride", genTrack("", t0, append(steps(400, 5, 1), steps(60, 15, 1)...)), "cycling", 399*5 + 60*15, "13% of the moving time faster than 6.5 m/s", nil},
		{"brief surges stay a run", genTrack("", t0, append(steps(560, 3, 1), steps(40, 7, 1)...)), "running", 559*3 + 40*7, "taken for running", nil},
		{"GPS jump dropped on foot", genTrack("running", t0, jumpy), "running", 199 * 3, "dropped 2 GPS jumps", nil},
		{"20 m/s kept on a bike", genTrack("Ride", t0, append(steps(100, 8, 1), steps(5, 20, 1)...)), "cycling", 99*8 + 5*20, "", nil},
		{"segments not bridged", genTrack("run", t0, steps(10, 3, 1), append([][2]float64{{5000, 600}}, steps(10, 3, 1)...)), "running", 9*3 + 10*3, "", []int{10}},
		{"strava numeric run", genTrack("9", t0, steps(10, 3, 1)), "running", 9 * 3, "", nil},
		{"trail", genTrack("trail_running", t0, steps(10, 3, 1)), "trail_running", 9 * 3, "", nil},
		{"unknown label", genTrack("kitesurfing", t0, steps(10, 3, 1)), "other", 9 * 3, "not one legwork tracks", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts, err := DecodeGPX(strings.NewReader(tc.gpx), "gen.gpx")
			if err != nil {
				t.Fatal(err)
			}
			a := &acts[0]
			if a.Sport != tc.sport {
				t.Errorf("sport %q, want %q (warnings %q)", a.Sport, tc.sport, a.Warnings)
			}
			if math.Abs(a.DistanceM-tc.distanceM) > 0.001*tc.distanceM+0.01 {
				t.Errorf("distance %.2f m, want %.2f m", a.DistanceM, tc.distanceM)
			}
			if tc.warning != "" && !hasWarning(a, tc.warning) {
				t.Errorf("warnings %q lack %q", a.Warnings, tc.warning)
			}
			var resumed []int
			for i, s := range a.Samples {
				if s.Resumed {
					resumed = append(resumed, i)
				}
			}
			if fmt.Sprint(resumed) != fmt.Sprint(tc.resumed) {
				t.Errorf("resumed at %v, want %v", resumed, tc.resumed)
			}
		})
	}
}

func TestDecodeGPXTracks(t *testing.T) {
	// Three tracks: timed, untimed, timed. Indexes follow the file.
	doc := `<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>a</name><trkseg><trkpt lat="45" lon="7"><time>2024-01-01T10:00:00Z</time></trkpt></trkseg></trk>
<trk><name>b</name><trkseg><trkpt lat="45" lon="7"/></trkseg></trk>
<trk><name>c</name><trkseg><trkpt lat="45" lon="7"><time>2024-01-02T10:00:00Z</time></trkpt></trkseg></trk>
</gpx>`
	acts, err := DecodeGPX(strings.NewReader(doc), "three.gpx")
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 2 || acts[0].Session != 0 || acts[1].Session != 2 || acts[1].Name != "c" {
		t.Fatalf("got %d activities %+v", len(acts), acts)
	}
	if !hasWarning(&acts[0], "1 other track in the file not read: no timestamps") {
		t.Errorf("warnings %q", acts[0].Warnings)
	}
	if acts[0].HasDistance {
		t.Errorf("one fix has no distance")
	}
}

func TestSportFromLabel(t *testing.T) {
	tests := []struct {
		label string
		sport Sport
		known bool
	}{
		{"running", "running", true}, {"Run", "running", true}, {"run", "running", true},
		{"9", "running", true}, {"trail_running", "trail_running", true}, {"TrailRun", "trail_running", true},
		{"treadmill_running", "treadmill_running", true}, {"track_running", "track_running", true},
		{"hiking", "hiking", true}, {"Hike", "hiking", true}, {"4", "hiking", true},
		{"walking", "walking", true}, {"Walk", "walking", true}, {"10", "walking", true},
		{"cycling", "cycling", true}, {"Ride", "cycling", true}, {"1", "cycling", true},
		{"Biking", "cycling", true}, {"road_biking", "cycling", true}, {"VirtualRide", "cycling", true},
		{"lap_swimming", "swimming", true}, {"Swim", "swimming", true},
		{"Other", "other", true}, {"yoga", "other", true}, {"42", "other", true},
		{"", "", false}, {"unknown", "", false}, {"generic", "", false}, {"  ", "", false},
		{"Morning Run", "running", true},
	}
	for _, tc := range tests {
		sport, known := sportFromLabel(tc.label)
		if sport != tc.sport || known != tc.known {
			t.Errorf("sportFromLabel(%q) = %q, %v; want %q, %v", tc.label, sport, known, tc.sport, tc.known)
		}
	}
}

package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMovingTimeGPX checks the moving-time rule for tracks (README, Moving
// time): steps of at most 30 s faster than 0.5 m/s, within segments.
func TestMovingTimeGPX(t *testing.T) {
	const dLat = 3.0 / 111195 // about 3 m north
	t0 := time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)
	type fix struct {
		sec    int
		meters float64 // north of the start
	}
	doc := func(segs ...[]fix) string {
		var b strings.Builder
		b.WriteString(`<gpx version="1.1" creator="t"><trk><type>running</type>`)
		for _, seg := range segs {
			b.WriteString("<trkseg>")
			for _, f := range seg {
				fmt.Fprintf(&b, `<trkpt lat="%.8f" lon="8.5"><time>%s</time></trkpt>`, 47+f.meters/3*dLat, t0.Add(time.Duration(f.sec)*time.Second).Format(time.RFC3339))
			}
			b.WriteString("</trkseg>")
		}
		b.WriteString("</trk></gpx>")
		return b.String()
	}
	var run []fix
	for i := range 11 { // 10 steps of 1 s at 3 m/s
		run = append(run, fix{i, 3 * float64(i)})
	}
	standing := []fix{{10, 30}, {11, 30.1}, {12, 30.2}, {13, 30.3}} // 0.1 m/s: not moving
	afterGap := []fix{{13, 30.3}, {73, 200}, {75, 206}}             // a 60 s step, then 2 s at 3 m/s
	cases := []struct {
		name string
		gpx  string
		want time.Duration
	}{
		{"running", doc(run), 10 * time.Second},
		{"standing adds nothing", doc(append(append([]fix{}, run...), standing[1:]...)), 10 * time.Second},
		{"a long gap adds nothing", doc(append(append(append([]fix{}, run...), standing[1:]...), afterGap[1:]...)), 12 * time.Second},
		{"segments not joined", doc(run[:6], run[6:]), 9 * time.Second},
		{"no times: unknown", strings.ReplaceAll(doc(run), "<time>", "<desc>"), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gpx := tc.gpx
			if tc.want == 0 {
				gpx = strings.ReplaceAll(gpx, "</time>", "</desc>")
				// Untimed points make no activity; keep one timed point.
				gpx = strings.Replace(gpx, "<trkpt", `<trkpt lat="47" lon="8.5"><time>2026-05-01T07:00:00Z</time></trkpt><trkpt`, 1)
			}
			acts, err := DecodeGPX(strings.NewReader(gpx), "m.gpx")
			if err != nil {
				t.Fatal(err)
			}
			if got := acts[0].Moving; got != tc.want {
				t.Errorf("moving %v, want %v", got, tc.want)
			}
			if acts[0].Moving > acts[0].Elapsed {
				t.Errorf("moving %v longer than elapsed %v", acts[0].Moving, acts[0].Elapsed)
			}
		})
	}
}

// TestMovingTimeTCX: lap times when the laps give them, else the points.
func TestMovingTimeTCX(t *testing.T) {
	doc := func(lapTime string) string {
		var b strings.Builder
		b.WriteString(`<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2026-05-01T07:00:00Z</Id><Lap StartTime="2026-05-01T07:00:00Z">` + lapTime + `<Track>`)
		for i := range 11 {
			fmt.Fprintf(&b, `<Trackpoint><Time>2026-05-01T07:00:%02dZ</Time><Position><LatitudeDegrees>%.8f</LatitudeDegrees><LongitudeDegrees>8.5</LongitudeDegrees></Position></Trackpoint>`, i, 47+float64(i)*3/111195)
		}
		b.WriteString(`</Track></Lap></Activity></Activities></TrainingCenterDatabase>`)
		return b.String()
	}
	for _, tc := range []struct {
		lap  string
		want time.Duration
	}{
		{`<TotalTimeSeconds>9</TotalTimeSeconds>`, 9 * time.Second},
		{``, 10 * time.Second},
	} {
		acts, err := DecodeTCX(strings.NewReader(doc(tc.lap)), "m.tcx")
		if err != nil {
			t.Fatal(err)
		}
		if acts[0].Moving != tc.want {
			t.Errorf("lap %q: moving %v, want %v", tc.lap, acts[0].Moving, tc.want)
		}
	}
}

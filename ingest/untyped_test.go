package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// untypedGPX writes one untyped track by creator and name, a fix every
// stepS seconds at the speeds given in m/s, cycling through them.
func untypedGPX(creator, name string, stepS int, n int, speeds ...float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><gpx version="1.1" creator=%q xmlns="http://www.topografix.com/GPX/1/1"><trk>`, creator)
	if name != "" {
		fmt.Fprintf(&b, "<name>%s</name>", name)
	}
	b.WriteString("<trkseg>")
	lat, tm := 48.1, readT0
	for i := range n {
		if i > 0 {
			lat += meridianLat(speeds[i%len(speeds)] * float64(stepS))
			tm = tm.Add(time.Duration(stepS) * time.Second)
		}
		fmt.Fprintf(&b, `<trkpt lat="%.9f" lon="11.5"><time>%s</time></trkpt>`, lat, tm.Format(time.RFC3339))
	}
	b.WriteString("</trkseg></trk></gpx>")
	return b.String()
}

// TestUntypedRideOrRun: METRICS.md's untyped-track rule on a slow ride
// from a cycling app (about 20 km/h, no <type>: issue 7 read it as a 12.5
// mile run) and on real runs.
func TestUntypedRideOrRun(t *testing.T) {
	// A ride at 5.6 m/s on average: cruising at 6.8-7.5 m/s, slowed to
	// 3-4.5 m/s at junctions and on climbs, a fix every 5 s, 1 h.
	ride := []float64{7.2, 6.8, 7.5, 7.0, 4.5, 3.0, 4.0, 6.9, 7.3, 3.8, 4.2, 5.0}
	// A run at 3 m/s with a few GPS steps that look fast.
	run := []float64{3, 3.1, 2.9, 3.2, 3, 2.8, 3.1, 3, 3, 3.3, 2.9, 3, 3.1, 3, 2.9, 3, 3, 3.2, 3, 2.9, 3, 3.1, 3, 8}
	tests := []struct {
		name, gpx string
		sport     Sport
		warning   string
	}{
		{"slow ride from a cycling app", untypedGPX("Cyclemeter", "", 5, 720, ride...), SportCycling, "faster than 6.5 m/s"},
		{"slow ride from Urban Biker", untypedGPX("Urban Biker", "", 5, 720, 4, 4.5, 3.5), SportCycling, `from the app that wrote it, "Urban Biker"`},
		{"ride named for cycling", untypedGPX("gen", "Cycling 10/2/17 10:49 am", 5, 720, 4), SportCycling, "from the name"},
		{"run with a few fast steps", untypedGPX("StravaGPX", "", 1, 3600, run...), SportRunning, "taken for running"},
		{"fast run named Morning Run", untypedGPX("Runkeeper", "Morning Run", 5, 720, ride...), SportRunning, "from the name"},
		{"fixes a minute apart are not judged by the share", untypedGPX("gen", "", 60, 60, 6.8, 3.5, 3.5), SportRunning, "taken for running"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts, err := DecodeGPX(strings.NewReader(tc.gpx), "u.gpx")
			if err != nil || len(acts) != 1 {
				t.Fatalf("%d activities, %v", len(acts), err)
			}
			a := acts[0]
			if a.Sport != tc.sport || !fitHasWarning(a, tc.warning) {
				t.Errorf("sport %q warnings %q; want %q with %q", a.Sport, a.Warnings, tc.sport, tc.warning)
			}
		})
	}
}

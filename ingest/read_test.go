package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// --- helpers ----------------------------------------------------------------

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipOf builds a zip from name, data pairs, in order.
func zipOf(t testing.TB, kv ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(kv); i += 2 {
		w, err := zw.Create(kv[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(kv[i+1].([]byte)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipOf(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// runGPX is a typed GPX run of n one-second steps of 3 m from lat, lon.
func runGPX(start time.Time, lat, lon float64, n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="gen" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>`)
	for i := range n {
		fmt.Fprintf(&b, `<trkpt lat="%.9f" lon="%.6f"><time>%s</time></trkpt>`, lat+meridianLat(3*float64(i)), lon, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString(`</trkseg></trk></gpx>`)
	return []byte(b.String())
}

// runTCX is a TCX run without positions: one lap of dist meters over n
// seconds, a trackpoint per second.
func runTCX(start time.Time, n int, dist float64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>%s</Id><Lap StartTime="%[1]s"><TotalTimeSeconds>%d</TotalTimeSeconds><DistanceMeters>%g</DistanceMeters><Track>`,
		start.Format(time.RFC3339), n-1, dist)
	for i := range n {
		fmt.Fprintf(&b, `<Trackpoint><Time>%s</Time></Trackpoint>`, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString(`</Track></Lap></Activity></Activities></TrainingCenterDatabase>`)
	return []byte(b.String())
}

// fakeFinder names zones by latitude and counts loads and lookups.
type fakeFinder struct {
	mu             sync.Mutex
	loads, lookups int
}

func (f *fakeFinder) load() (zoneFinder, error) {
	f.mu.Lock()
	f.loads++
	f.mu.Unlock()
	return f, nil
}

func (f *fakeFinder) GetTimezoneName(lng, lat float64) string {
	f.mu.Lock()
	f.lookups++
	f.mu.Unlock()
	switch {
	case lat > 59:
		return "Europe/Helsinki"
	case lat > 40:
		return "Europe/Rome"
	case lat < -80:
		return "" // no zone here
	}
	return "America/New_York"
}

func testOptions(f *fakeFinder) Options {
	return Options{newZoneFinder: f.load, Workers: 2}
}

func sources(b *Batch) []string {
	var s []string
	for _, a := range b.Activities {
		s = append(s, fmt.Sprintf("%s#%d", a.Source, a.Session))
	}
	return s
}

func errorSources(errs []*DecodeError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Source())
	}
	return s
}

var readT0 = time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC)

// --- tests --------------------------------------------------------------------

func TestReadDirectoryAndFiles(t *testing.T) {
	tmp := t.TempDir()
	ex := filepath.Join(tmp, "exports")
	writeFile(t, filepath.Join(ex, "a", "b.gpx"), runGPX(readT0, 45, 7, 10))
	writeFile(t, filepath.Join(ex, "c.TCX"), runTCX(readT0.Add(24*time.Hour), 10, 30))
	writeFile(t, filepath.Join(ex, "d.gpx.gz"), gzipOf(t, runGPX(readT0.Add(48*time.Hour), 45, 7, 10)))
	writeFile(t, filepath.Join(ex, ".DS_Store"), []byte("junk"))
	writeFile(t, filepath.Join(ex, ".hidden", "x.gpx"), runGPX(readT0, 45, 7, 10))
	writeFile(t, filepath.Join(ex, "notes.txt"), []byte("hello"))
	writeFile(t, filepath.Join(ex, "photo.jpg.gz"), gzipOf(t, []byte("jpg")))
	writeFile(t, filepath.Join(ex, "sub", "waypoints.gpx"), fixture(t, "gpx/waypoints-only.gpx"))
	single := filepath.Join(tmp, "one", "..", "single.gpx")
	writeFile(t, filepath.Join(tmp, "single.gpx"), runGPX(readT0.Add(72*time.Hour), 45, 7, 10))

	f := &fakeFinder{}
	b, err := Read(context.Background(), []string{ex, single}, testOptions(f))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a/b.gpx#0", "c.TCX#0", "d.gpx.gz#0", filepath.ToSlash(filepath.Join(tmp, "single.gpx")) + "#0"}
	slices.Sort(want)
	if got := sources(b); !slices.Equal(got, want) {
		t.Errorf("sources %q, want %q", got, want)
	}
	if b.Files != 5 || len(b.Errors) != 0 {
		t.Errorf("files %d, errors %v; want 5 files, no errors", b.Files, b.Errors)
	}
	if got := errorSources(b.Skipped); !slices.Equal(got, []string{"sub/waypoints.gpx"}) {
		t.Errorf("skipped %q", got)
	}
	for _, a := range b.Activities {
		if a.Format == "" || a.ID == "" || a.OffsetSource == "" {
			t.Errorf("%s: format %q id %q offset source %q", a.Source, a.Format, a.ID, a.OffsetSource)
		}
	}

	if _, err := Read(context.Background(), []string{filepath.Join(tmp, "missing")}, testOptions(f)); err == nil {
		t.Error("missing input: want an error")
	}
}

func TestReadArchives(t *testing.T) {
	tmp := t.TempDir()
	inner := zipOf(t,
		"c.tcx", runTCX(readT0, 10, 30),
		"__MACOSX/._c.tcx", []byte("resource fork"),
		"bad.gpx", fixture(t, "gpx/syntax-error.gpx"),
	)
	outer := zipOf(t,
		"runs/b.gpx", runGPX(readT0.Add(time.Hour*24), 45, 7, 10),
		"runs/", []byte{},
		"DI_CONNECT/UploadedFiles_0_Part1.zip", inner,
		"d.gpx.gz", gzipOf(t, runGPX(readT0.Add(time.Hour*48), 45, 7, 10)),
		"readme.txt", []byte("x"),
	)
	writeFile(t, filepath.Join(tmp, "in", "outer.zip"), outer)
	writeFile(t, filepath.Join(tmp, "in", "empty.zip"), zipOf(t))
	writeFile(t, filepath.Join(tmp, "in", "broken.zip"), []byte("PK\x03\x04 not really"))

	b, err := Read(context.Background(), []string{filepath.Join(tmp, "in")}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"outer.zip!/DI_CONNECT/UploadedFiles_0_Part1.zip!/c.tcx#0",
		"outer.zip!/d.gpx.gz#0",
		"outer.zip!/runs/b.gpx#0",
	}
	if got := sources(b); !slices.Equal(got, want) {
		t.Errorf("sources %q, want %q", got, want)
	}
	if len(b.Errors) != 2 {
		t.Fatalf("errors %v, want broken.zip and bad.gpx", b.Errors)
	}
	if e := b.Errors[0]; e.Path != "broken.zip" || e.Member != "" || e.Format != "zip" {
		t.Errorf("broken zip: %+v", e)
	}
	e := b.Errors[1]
	if e.Path != "outer.zip" || e.Member != "DI_CONNECT/UploadedFiles_0_Part1.zip!/bad.gpx" || e.Format != "gpx" || e.Line != 6 {
		t.Errorf("bad member: path %q member %q format %q line %d", e.Path, e.Member, e.Format, e.Line)
	}
	if !strings.HasPrefix(e.Error(), "outer.zip!/DI_CONNECT/UploadedFiles_0_Part1.zip!/bad.gpx:6: gpx: ") {
		t.Errorf("message %q", e.Error())
	}
	if b.Files != 4 {
		t.Errorf("files %d, want 4", b.Files)
	}
}

func TestReadDecompressionCaps(t *testing.T) {
	tmp := t.TempDir()
	zeros := make([]byte, 4<<20)
	good := runGPX(readT0, 45, 7, 10)
	writeFile(t, filepath.Join(tmp, "bomb.zip"), zipOf(t, "a-good.gpx", good, "bomb.gpx", zeros))
	writeFile(t, filepath.Join(tmp, "bomb.gpx.gz"), gzipOf(t, zeros))
	// Three members under the member cap that together pass the archive cap.
	part := make([]byte, 400<<10)
	writeFile(t, filepath.Join(tmp, "many.zip"), zipOf(t, "p1.fit", part, "p2.fit", part, "p3.fit", part))

	opt := testOptions(&fakeFinder{})
	opt.MaxMemberBytes = 1 << 20
	opt.MaxArchiveBytes = 1 << 20
	b, err := Read(context.Background(), []string{tmp}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(b); !slices.Equal(got, []string{"bomb.zip!/a-good.gpx#0"}) {
		t.Errorf("sources %q", got)
	}
	var bomb, gz, capped int
	for _, e := range b.Errors {
		switch {
		case e.Source() == "bomb.zip!/bomb.gpx":
			bomb++
			if e.Format != "zip" || !strings.Contains(e.Error(), "cap") {
				t.Errorf("bomb: %v (format %q)", e, e.Format)
			}
		case e.Source() == "bomb.gpx.gz":
			gz++
			if e.Format != "gz" || !strings.Contains(e.Error(), "cap") {
				t.Errorf("gz bomb: %v (format %q)", e, e.Format)
			}
		case errors.As(e, new(*capError)):
			capped++
			if e.Path != "many.zip" {
				t.Errorf("archive cap on %q", e.Source())
			}
		}
	}
	if bomb != 1 || gz != 1 || capped == 0 {
		t.Errorf("bomb %d gz %d archive-capped %d; errors %v", bomb, gz, capped, b.Errors)
	}
}

func TestReadSymlinks(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	writeFile(t, filepath.Join(in, "real", "a.gpx"), runGPX(readT0, 45, 7, 10))
	writeFile(t, filepath.Join(tmp, "outside", "b.gpx"), runGPX(readT0.Add(24*time.Hour), 45, 7, 10))
	links := [][2]string{
		{in, filepath.Join(in, "real", "loop")},                 // link to an ancestor
		{filepath.Join(in, "real"), filepath.Join(in, "alias")}, // second name of a walked dir
		{filepath.Join(in, "real", "a.gpx"), filepath.Join(in, "link.gpx")},
		{filepath.Join(tmp, "outside"), filepath.Join(in, "ext")}, // a dir outside the input
		{filepath.Join(tmp, "nowhere"), filepath.Join(in, "dangling.gpx")},
	}
	for _, l := range links {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	done := make(chan struct{})
	var b *Batch
	var err error
	go func() {
		b, err = Read(context.Background(), []string{in}, testOptions(&fakeFinder{}))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Read did not finish: symlink loop?")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ext/b.gpx#0", "link.gpx#0", "real/a.gpx#0"}
	if got := sources(b); !slices.Equal(got, want) {
		t.Errorf("sources %q, want %q", got, want)
	}
	// The link and the file are one run: one of them is a duplicate.
	dups := 0
	for _, a := range b.Activities {
		if a.DuplicateOf != "" {
			dups++
		}
	}
	if dups != 1 {
		t.Errorf("%d duplicates, want 1", dups)
	}
}

func TestReadStravaExport(t *testing.T) {
	tmp := t.TempDir()
	csv := "\ufeffActivity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename,Activity Gear,Distance\n" +
		"123,\"Jul 1, 2024, 5:00:00 AM\",Morning Run,Run,9,0.03,activities/123.gpx.gz,Pegasus 40,27\n" +
		"456,\"Jul 2, 2024, 5:00:00 AM\",\"Tempo, hills\",Run,9,0.03,activities/456.tcx.gz,Vaporfly,27\n" +
		"789,\"Jul 3, 2024, 5:00:00 AM\",Manual,Run,9,0.03,,,\n"
	exp := filepath.Join(tmp, "in", "strava")
	writeFile(t, filepath.Join(exp, "activities.csv"), []byte(csv))
	writeFile(t, filepath.Join(exp, "activities", "123.gpx.gz"), gzipOf(t, runGPX(readT0, 45, 7, 10)))
	writeFile(t, filepath.Join(exp, "activities", "456.tcx"), runTCX(readT0.Add(24*time.Hour), 10, 30)) // gunzipped by the user
	writeFile(t, filepath.Join(tmp, "in", "other", "999.gpx"), runGPX(readT0.Add(48*time.Hour), 45, 7, 10))
	// The same export zipped.
	writeFile(t, filepath.Join(tmp, "zipped", "export_1.zip"), zipOf(t,
		"activities.csv", []byte(csv),
		"activities/123.gpx.gz", gzipOf(t, runGPX(readT0.Add(96*time.Hour), 45, 7, 10)),
	))

	b, err := Read(context.Background(), []string{filepath.Join(tmp, "in"), filepath.Join(tmp, "zipped")}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]string{}
	for _, a := range b.Activities {
		got[a.Source] = [2]string{a.Gear, a.Name}
	}
	want := map[string][2]string{
		"strava/activities/123.gpx.gz":        {"Pegasus 40", "Morning Run"},
		"strava/activities/456.tcx":           {"Vaporfly", "Tempo, hills"},
		"other/999.gpx":                       {"", ""},
		"export_1.zip!/activities/123.gpx.gz": {"Pegasus 40", "Morning Run"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("gear and names %v, want %v", got, want)
	}
	if len(b.Errors) != 0 {
		t.Errorf("errors %v", b.Errors)
	}
}

func TestReadDuplicates(t *testing.T) {
	tmp := t.TempDir()
	// One 10-minute run as TCX (3 s of lap distance more than the GPS) and
	// GPX twice; another run the next day in GPX only.
	writeFile(t, filepath.Join(tmp, "garmin", "run.tcx"), runTCX(readT0, 601, 1800+50))
	writeFile(t, filepath.Join(tmp, "garmin", "run.gpx"), runGPX(readT0.Add(2*time.Second), 45, 7, 600))
	writeFile(t, filepath.Join(tmp, "strava", "copy.gpx"), runGPX(readT0.Add(2*time.Second), 45, 7, 600))
	writeFile(t, filepath.Join(tmp, "strava", "next.gpx"), runGPX(readT0.Add(24*time.Hour), 45, 7, 600))
	// Same time, distance 10% off: still the same minutes, so the same run
	// (METRICS.md: whatever the distances), with a note on which was kept.
	writeFile(t, filepath.Join(tmp, "strava", "friend.tcx"), runTCX(readT0, 601, 2000))

	b, err := Read(context.Background(), []string{tmp}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	byS := map[string]*Activity{}
	for i := range b.Activities {
		byS[b.Activities[i].Source] = &b.Activities[i]
	}
	kept := byS["garmin/run.tcx"].ID
	for src, want := range map[string]string{
		"garmin/run.tcx":    "",
		"garmin/run.gpx":    kept,
		"strava/copy.gpx":   kept,
		"strava/next.gpx":   "",
		"strava/friend.tcx": kept,
	} {
		if got := byS[src].DuplicateOf; got != want {
			t.Errorf("%s: duplicate of %q, want %q", src, got, want)
		}
	}
	if w := byS["strava/friend.tcx"].Warnings; !slices.ContainsFunc(w, func(s string) bool {
		return strings.Contains(s, "same run as garmin/run.tcx") && strings.Contains(s, "distances differ by 8%")
	}) {
		t.Errorf("friend.tcx warnings %q: no note on the kept copy", w)
	}
}

func TestMarkDuplicates(t *testing.T) {
	partial := func(a Activity) Activity { a.Partial = true; return a }
	act := func(id string, format Format, start time.Duration, minutes, km float64, samples int) Activity {
		return Activity{ID: id, Source: id, Format: format, Start: readT0.Add(start),
			Elapsed: time.Duration(minutes * float64(time.Minute)), DistanceM: km * 1000, NSamples: samples}
	}
	tests := []struct {
		name string
		acts []Activity
		want []string // DuplicateOf per activity
	}{
		{"fit beats tcx beats gpx", []Activity{
			act("g", "gpx", 0, 60, 10, 9000), act("t", "tcx", 0, 60, 10.1, 10), act("f", "fit", time.Minute, 60, 10.2, 5),
		}, []string{"f", "f", ""}},
		{"more samples wins within a format", []Activity{
			act("a", "gpx", 0, 30, 5, 100), act("b", "gpx", 0, 30, 5, 200),
		}, []string{"b", ""}},
		{"equal copies: first source kept", []Activity{
			act("b", "gpx", 0, 30, 5, 100), act("a", "gpx", 0, 30, 5, 100),
		}, []string{"a", ""}},
		{"chain does not chain: a and c are both kept", []Activity{
			// a overlaps b by 40 of 60 min, b overlaps c by 40, a and c only by 20.
			act("a", "fit", 0, 60, 10, 1), act("b", "gpx", 20*time.Minute, 60, 10, 1), act("c", "tcx", 40*time.Minute, 60, 10, 1),
		}, []string{"", "a", ""}},
		{"the best in the middle takes both ends", []Activity{
			act("a", "gpx", 0, 60, 10, 1), act("b", "fit", 20*time.Minute, 60, 10, 1), act("c", "tcx", 40*time.Minute, 60, 10, 1),
		}, []string{"b", "", "b"}},
		{"overlap of half the shorter is not enough", []Activity{
			act("a", "fit", 0, 60, 10, 1), act("b", "gpx", 30*time.Minute, 60, 10, 1),
		}, []string{"", ""}},
		{"distances 5% apart: still one run", []Activity{
			act("a", "fit", 0, 60, 10, 1), act("b", "gpx", 0, 60, 9.5, 1),
		}, []string{"", "a"}},
		{"distances far apart: still one run", []Activity{
			act("a", "gpx", 0, 60, 10, 1), act("b", "fit", 0, 10, 1.6, 1),
		}, []string{"b", ""}},
		{"complete read kept over a partial one", []Activity{
			partial(act("a", "fit", 0, 8, 1.5, 480)), act("b", "fit", 0, 60, 10, 3600),
		}, []string{"b", ""}},
		{"complete GPX kept over a partial FIT", []Activity{
			partial(act("a", "fit", 0, 55, 9, 3300)), act("b", "gpx", 0, 60, 10, 600),
		}, []string{"b", ""}},
		{"short session inside a long one, starts 10 min apart", []Activity{
			act("a", "fit", 0, 120, 20, 1), act("b", "gpx", 10*time.Minute, 30, 19.5, 1),
		}, []string{"", "a"}},
		{"short session inside a long one, starts 11 min apart", []Activity{
			act("a", "fit", 0, 120, 20, 1), act("b", "gpx", 11*time.Minute, 30, 5, 1),
		}, []string{"", ""}},
		{"late start but overlap of more than half of both", []Activity{
			act("a", "fit", 0, 60, 10, 1), act("b", "gpx", 25*time.Minute, 50, 8, 1),
		}, []string{"", "a"}},
		{"a broken clock spanning weeks swallows nothing", []Activity{
			act("glitch", "fit", -7*24*time.Hour, 21*24*60, 10, 1),
			act("a", "gpx", 0, 60, 10, 1), act("b", "gpx", 48*time.Hour, 60, 10, 1),
		}, []string{"", "", ""}},
		{"no distance on either", []Activity{
			act("a", "tcx", 0, 60, 0, 1), act("b", "gpx", 0, 60, 0, 1),
		}, []string{"", "a"}},
		{"two zero-length sessions at one instant", []Activity{
			act("a", "tcx", 0, 0, 0, 1), act("b", "gpx", 0, 0, 0, 1),
		}, []string{"", "a"}},
		{"zero-length session inside a range, start far", []Activity{
			act("a", "fit", 0, 60, 10, 1), act("b", "gpx", 30*time.Minute, 0, 0, 1),
		}, []string{"", ""}},
		{"back to back is not overlap", []Activity{
			act("a", "fit", 0, 60, 10, 1), act("b", "fit", 60*time.Minute, 60, 10, 1),
		}, []string{"", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := markDuplicates(context.Background(), tc.acts); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range tc.acts {
				got = append(got, a.DuplicateOf)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("duplicate of %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadDeterministic(t *testing.T) {
	tmp := t.TempDir()
	for i := range 12 {
		writeFile(t, filepath.Join(tmp, fmt.Sprintf("d%d", i%3), fmt.Sprintf("r%02d.gpx", i)), runGPX(readT0.Add(time.Duration(i)*time.Hour), 45, 7, 50))
	}
	writeFile(t, filepath.Join(tmp, "z.zip"), zipOf(t, "x.tcx", runTCX(readT0, 30, 90), "y.gpx", fixture(t, "gpx/syntax-error.gpx"), "w.gpx", fixture(t, "gpx/route-only.gpx")))
	writeFile(t, filepath.Join(tmp, "bad.tcx"), fixture(t, "tcx/syntax-error.tcx"))
	summary := func(workers int) string {
		opt := testOptions(&fakeFinder{})
		opt.Workers = workers
		b, err := Read(context.Background(), []string{tmp}, opt)
		if err != nil {
			t.Fatal(err)
		}
		var s strings.Builder
		for _, a := range b.Activities {
			fmt.Fprintf(&s, "%s %s %d %s %v %.3f %d %d\n", a.ID, a.Source, a.Session, a.DuplicateOf, a.Start, a.DistanceM, a.NSamples, a.UTCOffset)
		}
		for _, e := range append(b.Errors, b.Skipped...) {
			fmt.Fprintln(&s, e)
		}
		return s.String()
	}
	one := summary(1)
	if strings.Count(one, "\n") != 12+1+2+1 {
		t.Errorf("unexpected batch:\n%s", one)
	}
	for range 3 {
		if four := summary(4); four != one {
			t.Fatalf("workers 1:\n%s\nworkers 4:\n%s", one, four)
		}
	}
}

func TestReadLocalization(t *testing.T) {
	tmp := t.TempDir()
	summer := time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC)
	winter := time.Date(2024, 1, 15, 5, 0, 0, 0, time.UTC)
	writeFile(t, filepath.Join(tmp, "helsinki.gpx"), runGPX(summer, 60.17, 24.94, 10))
	writeFile(t, filepath.Join(tmp, "rome.gpx"), runGPX(winter, 41.9, 12.5, 10))
	writeFile(t, filepath.Join(tmp, "pole.gpx"), runGPX(summer.Add(time.Hour), -85, 0, 10))
	writeFile(t, filepath.Join(tmp, "treadmill.tcx"), runTCX(winter, 10, 30))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeFinder{}
	opt := testOptions(f)
	opt.Zone = ny
	b, err := Read(context.Background(), []string{tmp}, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		source OffsetSource
		offset int32
	}{
		"helsinki.gpx":  {"position", 3 * 3600}, // Europe/Helsinki
		"rome.gpx":      {"position", 3600},     // Europe/Rome
		"pole.gpx":      {"config", -4 * 3600},  // America/New_York
		"treadmill.tcx": {"config", -5 * 3600},
	}
	for _, a := range b.Activities {
		w := want[a.Source]
		if a.OffsetSource != w.source || a.UTCOffset != w.offset {
			t.Errorf("%s: %s %d, want %s %d", a.Source, a.OffsetSource, a.UTCOffset, w.source, w.offset)
		}
	}
	if f.loads != 1 || f.lookups != 3 {
		t.Errorf("finder loaded %d times, %d lookups; want 1 and 3", f.loads, f.lookups)
	}

	// Nothing with a position: the zone table is never loaded; nil Zone is UTC.
	f = &fakeFinder{}
	b, err = Read(context.Background(), []string{filepath.Join(tmp, "treadmill.tcx")}, testOptions(f))
	if err != nil {
		t.Fatal(err)
	}
	if a := b.Activities[0]; f.loads != 0 || a.OffsetSource != "config" || a.UTCOffset != 0 {
		t.Errorf("loads %d, %s %d", f.loads, a.OffsetSource, a.UTCOffset)
	}
}

func TestReadLocalizationTZF(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the tzf zone table (about a second)")
	}
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "helsinki.gpx"), runGPX(time.Date(2024, 1, 15, 5, 0, 0, 0, time.UTC), 60.17, 24.94, 10))
	b, err := Read(context.Background(), []string{tmp}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := b.Activities[0]; a.OffsetSource != "position" || a.UTCOffset != 2*3600 {
		t.Errorf("%s %d, want position 7200 (Europe/Helsinki)", a.OffsetSource, a.UTCOffset)
	}
}

func TestReadIDs(t *testing.T) {
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "one", "a.gpx"), runGPX(readT0, 45, 7, 10))
	writeFile(t, filepath.Join(tmp, "two", "a.gpx"), runGPX(readT0.Add(24*time.Hour), 45, 7, 10))
	b, err := Read(context.Background(), []string{filepath.Join(tmp, "one"), filepath.Join(tmp, "two")}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Activities) != 2 {
		t.Fatalf("%d activities", len(b.Activities))
	}
	sum := sha256.Sum256([]byte("a.gpx\x000"))
	if id := b.Activities[0].ID; id != hex.EncodeToString(sum[:])[:16] {
		t.Errorf("ID %s, want the first 16 hex digits of sha256(\"a.gpx\\x000\")", id)
	}
	// Same Source from two inputs: the second (in input order) differs.
	if a, c := b.Activities[0], b.Activities[1]; a.ID == c.ID || !a.Start.Equal(readT0) {
		t.Errorf("IDs %s %s, starts %v %v", a.ID, c.ID, a.Start, c.Start)
	}
}

func TestReadCancelledAndProgress(t *testing.T) {
	tmp := t.TempDir()
	for i := range 5 {
		writeFile(t, filepath.Join(tmp, fmt.Sprintf("r%d.gpx", i)), runGPX(readT0.Add(time.Duration(i)*time.Hour), 45, 7, 10))
	}
	writeFile(t, filepath.Join(tmp, "z.zip"), zipOf(t, "a.gpx", runGPX(readT0.Add(24*time.Hour), 45, 7, 10)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []string{tmp}, testOptions(&fakeFinder{})); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}

	var calls [][2]int
	opt := testOptions(&fakeFinder{})
	opt.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	if _, err := Read(context.Background(), []string{tmp}, opt); err != nil {
		t.Fatal(err)
	}
	// 5 files, the zip and its member.
	if len(calls) != 7 || calls[6] != [2]int{7, 7} {
		t.Errorf("progress calls %v", calls)
	}
	for i, c := range calls {
		if c[0] != i+1 || c[1] < c[0] {
			t.Errorf("call %d: %v", i, c)
		}
	}
}

func TestGuard(t *testing.T) {
	acts, err := guard("fit", "x.fit", func() ([]Activity, error) { panic("boom") })
	var de *DecodeError
	if acts != nil || !errors.As(err, &de) || de.Format != "fit" || de.Path != "x.fit" || err.Error() != "x.fit: fit: decoder panic: boom" {
		t.Errorf("got %v, %v", acts, err)
	}
}

func TestKind(t *testing.T) {
	tests := map[string]string{
		"a.fit": "fit", "A.FIT": "fit", "x/y.Gpx": "gpx", "r.tcx": "tcx", "a.fit.gz": "gz", "a.GPX.GZ": "gz",
		"a.zip": "zip", "a.zip.gz": "gz", "activities.csv": "activities.csv", "strava/Shoes.csv": "",
		".DS_Store": "", "._a.fit": "", "a.txt": "", "a.tar.gz": "", "a.csv": "", "gz": "", "a.fit.bak": "",
	}
	for name, want := range tests {
		if got := kind(name); got != want {
			t.Errorf("kind(%q) = %q, want %q", name, got, want)
		}
	}
}

// BenchmarkRead reads a directory of generated one-hour GPX runs and TCX
// files, half of them zipped.
func BenchmarkRead(b *testing.B) {
	tmp := b.TempDir()
	var members []any
	for i := range 40 {
		data := runGPX(readT0.Add(time.Duration(i)*24*time.Hour), 45, 7, 3600)
		if i%2 == 0 {
			writeFile(b, filepath.Join(tmp, fmt.Sprintf("r%02d.gpx", i)), data)
		} else {
			members = append(members, fmt.Sprintf("r%02d.gpx", i), data)
		}
		writeFile(b, filepath.Join(tmp, fmt.Sprintf("t%02d.tcx", i)), runTCX(readT0.Add(time.Duration(i)*24*time.Hour+12*time.Hour), 3600, 10000))
	}
	writeFile(b, filepath.Join(tmp, "z.zip"), zipOf(b, members...))
	var size int64
	filepath.Walk(tmp, func(_ string, fi os.FileInfo, _ error) error {
		if fi != nil && !fi.IsDir() {
			size += fi.Size()
		}
		return nil
	})
	opt := Options{newZoneFinder: (&fakeFinder{}).load, Workers: runtime.GOMAXPROCS(0)}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		bt, err := Read(context.Background(), []string{tmp}, opt)
		if err != nil || len(bt.Activities) != 80 {
			b.Fatalf("%v, %d activities", err, len(bt.Activities))
		}
	}
}

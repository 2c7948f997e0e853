package demogen

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tormoder/fit"

	"github.com/legwork-run/legwork/internal/config"
	"github.com/legwork-run/legwork/internal/units"
)

// built caches one Build for the tests of this file (Build takes a second
// or two).
var built = sync.OnceValues(Build)

func demoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := built()
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Path] = f.Data
	}
	return m
}

// read returns the bytes of a session file: gunzipped, or taken out of the
// Strava zip.
func read(t *testing.T, files map[string][]byte, path string) []byte {
	t.Helper()
	if zipPath, member, ok := strings.Cut(path, "!/"); ok {
		zr, err := zip.NewReader(bytes.NewReader(files[zipPath]), int64(len(files[zipPath])))
		if err != nil {
			t.Fatal(err)
		}
		f, err := zr.Open(member)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return gunzipIf(t, member, b)
	}
	b, ok := files[path]
	if !ok {
		t.Fatalf("%s not built", path)
	}
	return gunzipIf(t, path, b)
}

func gunzipIf(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	if !strings.HasSuffix(name, ".gz") {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

func TestBuildDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo twice")
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		files, err := Build()
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(filepath.Join(d, "demo"), files); err != nil {
			t.Fatal(err)
		}
	}
	a, b := readTree(t, filepath.Join(dirs[0], "demo")), readTree(t, filepath.Join(dirs[1], "demo"))
	compareTrees(t, a, b, "second build")
}

// TestCommittedDemo guarantees that make demo rewrites testdata/demo byte
// for byte.
func TestCommittedDemo(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "demo")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no committed demo: %v", err)
	}
	compareTrees(t, demoFiles(t), readTree(t, dir), "testdata/demo (run make demo and commit)")
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func compareTrees(t *testing.T, want, got map[string][]byte, what string) {
	t.Helper()
	for p, b := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s missing", what, p)
		} else if !bytes.Equal(g, b) {
			t.Errorf("%s: %s differs", what, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: extra file %s", what, p)
		}
	}
}

func TestDemoSize(t *testing.T) {
	total := 0
	for _, b := range demoFiles(t) {
		total += len(b)
	}
	if total > 5<<20 {
		t.Errorf("demo is %d bytes, over 5 MiB", total)
	}
	t.Logf("demo: %d bytes", total)
}

// TestFITRoundTrip decodes every FIT file with tormoder/fit and checks it
// against the plan and against its own records.
func TestFITRoundTrip(t *testing.T) {
	files := demoFiles(t)
	n := 0
	for _, s := range Plan() {
		for _, path := range s.Files {
			if !strings.Contains(path, ".fit") {
				continue
			}
			n++
			f, err := fit.Decode(bytes.NewReader(read(t, files, path)))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			checkFIT(t, path, &s, f)
		}
	}
	if n < 50 {
		t.Errorf("only %d FIT files", n)
	}
}

func checkFIT(t *testing.T, path string, s *Session, f *fit.File) {
	t.Helper()
	if f.FileId.Manufacturer != fit.ManufacturerGarmin || f.FileId.GetProduct() != fit.GarminProductFr255 || !f.FileId.TimeCreated.Equal(s.Start) {
		t.Errorf("%s: file_id %v %v %v", path, f.FileId.Manufacturer, f.FileId.GetProduct(), f.FileId.TimeCreated)
	}
	act, err := f.Activity()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(act.Sessions) != 1 || act.Activity == nil || len(act.Records) < 100 {
		t.Fatalf("%s: %d sessions, activity %v, %d records", path, len(act.Sessions), act.Activity != nil, len(act.Records))
	}
	ses := act.Sessions[0]
	recs := act.Records
	last := recs[len(recs)-1]
	if !ses.StartTime.Equal(s.Start) || !recs[0].Timestamp.Equal(s.Start) {
		t.Errorf("%s: start %s (record %s), planned %s", path, ses.StartTime, recs[0].Timestamp, s.Start)
	}
	if got := ses.GetTotalDistanceScaled(); math.Abs(got-s.DistanceM) > 0.005 || ses.TotalDistance != last.Distance {
		t.Errorf("%s: total_distance %.2f m (last record %d cm), planned %.2f m", path, got, last.Distance, s.DistanceM)
	}
	wantSport := map[string][2]any{
		"running":           {fit.SportRunning, fit.SubSportGeneric},
		"treadmill_running": {fit.SportRunning, fit.SubSportTreadmill},
		"trail_running":     {fit.SportRunning, fit.SubSportTrail},
		"cycling":           {fit.SportCycling, fit.SubSportRoad},
	}[s.Sport]
	if ses.Sport != wantSport[0] || ses.SubSport != wantSport[1] {
		t.Errorf("%s: sport %v/%v for %s", path, ses.Sport, ses.SubSport, s.Sport)
	}
	elapsed := last.Timestamp.Sub(recs[0].Timestamp)
	if got := time.Duration(ses.TotalElapsedTime) * time.Millisecond; got != elapsed {
		t.Errorf("%s: total_elapsed_time %s, records span %s", path, got, elapsed)
	}
	if got := time.Duration(ses.TotalTimerTime) * time.Millisecond; got != elapsed-s.Pause {
		t.Errorf("%s: total_timer_time %s, want %s - pause %s", path, got, elapsed, s.Pause)
	}
	var maxHR uint8
	var ascent float64
	hr := 0.0
	for i, r := range recs {
		maxHR = max(maxHR, r.HeartRate)
		if i > 0 {
			hr += float64(r.HeartRate)
			if d := r.GetAltitudeScaled() - recs[i-1].GetAltitudeScaled(); d > 0 {
				ascent += d
			}
			if r.Distance < recs[i-1].Distance {
				t.Fatalf("%s: distance goes back at record %d", path, i)
			}
			if gap := r.Timestamp.Sub(recs[i-1].Timestamp); gap != time.Second && gap != time.Second+s.Pause {
				t.Fatalf("%s: %s between records %d and %d", path, gap, i-1, i)
			}
		}
		if r.HeartRate < HRRest || r.HeartRate > HRMax {
			t.Fatalf("%s: heart rate %d at record %d", path, r.HeartRate, i)
		}
		if indoor := s.Kind == Treadmill; indoor != r.PositionLat.Invalid() {
			t.Fatalf("%s: record %d position %v (indoor %v)", path, i, r.PositionLat, indoor)
		}
	}
	if ses.MaxHeartRate != maxHR || math.Abs(float64(ses.AvgHeartRate)-hr/float64(len(recs)-1)) > 0.5 {
		t.Errorf("%s: session HR avg %d max %d, records avg %.1f max %d", path, ses.AvgHeartRate, ses.MaxHeartRate, hr/float64(len(recs)-1), maxHR)
	}
	if s.Kind != Treadmill && math.Abs(float64(ses.TotalAscent)-ascent) > 0.5 {
		t.Errorf("%s: total_ascent %d, records climb %.1f m", path, ses.TotalAscent, ascent)
	}
	var lapM float64
	for _, l := range act.Laps {
		lapM += l.GetTotalDistanceScaled()
	}
	if int(ses.NumLaps) != len(act.Laps) || math.Abs(lapM-s.DistanceM) > 0.005 {
		t.Errorf("%s: %d laps (num_laps %d) of %.2f m", path, len(act.Laps), ses.NumLaps, lapM)
	}
	a := act.Activity
	// tormoder decodes local_timestamp as a time holding the local wall
	// clock; the difference of wall clocks is the offset.
	wall := time.Date(a.LocalTimestamp.Year(), a.LocalTimestamp.Month(), a.LocalTimestamp.Day(), a.LocalTimestamp.Hour(), a.LocalTimestamp.Minute(), a.LocalTimestamp.Second(), 0, time.UTC)
	if off := wall.Sub(a.Timestamp.UTC()); off != time.Duration(s.UTCOffset)*time.Second || !a.Timestamp.Equal(last.Timestamp) {
		t.Errorf("%s: activity timestamp %s local %s: offset %s, planned %ds", path, a.Timestamp, a.LocalTimestamp, off, s.UTCOffset)
	}
}

// gpxDoc is the part of a Strava GPX file the test reads.
type gpxDoc struct {
	XMLName xml.Name `xml:"http://www.topografix.com/GPX/1/1 gpx"`
	Creator string   `xml:"creator,attr"`
	Trk     []struct {
		Name string `xml:"name"`
		Type string `xml:"type"`
		Pts  []struct {
			Lat  float64   `xml:"lat,attr"`
			Lon  float64   `xml:"lon,attr"`
			Ele  float64   `xml:"ele"`
			Time time.Time `xml:"time"`
			HR   int       `xml:"extensions>TrackPointExtension>hr"`
			Cad  int       `xml:"extensions>TrackPointExtension>cad"`
		} `xml:"trkseg>trkpt"`
	} `xml:"trk"`
}

func TestGPX(t *testing.T) {
	files := demoFiles(t)
	n := 0
	for _, s := range Plan() {
		for _, path := range s.Files {
			if !strings.Contains(path, ".gpx") {
				continue
			}
			n++
			var doc gpxDoc
			if err := xml.Unmarshal(read(t, files, path), &doc); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if len(doc.Trk) != 1 {
				t.Fatalf("%s: %d tracks", path, len(doc.Trk))
			}
			trk := doc.Trk[0]
			want := Simulate(s).Points
			if len(trk.Pts) != len(want) {
				t.Errorf("%s: %d points, planned %d", path, len(trk.Pts), len(want))
				continue
			}
			if trk.Type != "running" && trk.Type != "9" {
				t.Errorf("%s: type %q", path, trk.Type)
			}
			if !trk.Pts[0].Time.Equal(s.Start) || trk.Pts[0].Time.Location() != time.UTC {
				t.Errorf("%s: first point at %s, planned %s", path, trk.Pts[0].Time, s.Start)
			}
			dist := 0.0
			for i, p := range trk.Pts {
				if p.HR < HRRest || p.HR > HRMax || p.Cad == 0 && i > 0 {
					t.Fatalf("%s: point %d hr %d cad %d", path, i, p.HR, p.Cad)
				}
				if i > 0 {
					dist += haversine(trk.Pts[i-1].Lat, trk.Pts[i-1].Lon, p.Lat, p.Lon)
				}
			}
			// The track length from 7-decimal coordinates is the planned distance.
			if math.Abs(dist-s.DistanceM) > 1 {
				t.Errorf("%s: track length %.2f m, planned %.2f m", path, dist, s.DistanceM)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d GPX files", n)
	}
	treadmill := Session{Kind: Treadmill, DistanceM: 50, Seed: 1}
	if _, err := EncodeGPX(Simulate(treadmill), "Run", "running", "x"); !errors.Is(err, errIndoor) {
		t.Errorf("GPX of a treadmill run: %v, want errIndoor", err)
	}
	tr := Simulate(Session{Kind: Easy, DistanceM: 50, Seed: 1})
	b, err := EncodeGPX(tr, "Run <with> & \"quotes\"", "running", "A&B")
	var doc gpxDoc
	if err != nil || xml.Unmarshal(b, &doc) != nil || doc.Trk[0].Name != "Run <with> & \"quotes\"" || doc.Creator != "A&B" {
		t.Errorf("escaping: %v, %+v", err, doc)
	}
}

func TestStravaZip(t *testing.T) {
	files := demoFiles(t)
	zr, err := zip.NewReader(bytes.NewReader(files[Zip]), int64(len(files[Zip])))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("activities.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	gear, file := col("Activity Gear"), col("Filename")
	byFile := map[string]string{}
	for _, r := range rows[1:] {
		byFile[r[file]] = r[gear]
	}
	inZip := 0
	for _, s := range Plan() {
		for _, p := range s.Files {
			if member, ok := strings.CutPrefix(p, Zip+"!/"); ok {
				inZip++
				if g, ok := byFile[member]; !ok || g != s.Gear || g == "" {
					t.Errorf("%s: gear %q in activities.csv, planned %q", member, g, s.Gear)
				}
			}
		}
	}
	if inZip != len(rows)-1 || inZip != len(zr.File)-1 {
		t.Errorf("%d planned members, %d csv rows, %d zip entries", inZip, len(rows)-1, len(zr.File))
	}
}

// TestCanonicalFIT checks the re-framing on a small track: it is stable,
// and tormoder decodes the same messages from it as from its own output.
func TestCanonicalFIT(t *testing.T) {
	s := Plan()[0]
	s.DistanceM = 300
	tr := Simulate(s)
	a, err := EncodeFIT(tr)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, err := EncodeFIT(tr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("EncodeFIT is not stable")
		}
	}
	f, err := fit.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	act, _ := f.Activity()
	if len(act.Records) != len(tr.Points) || len(act.Events) != 2 || len(act.Laps) != 1 {
		t.Errorf("%d records, %d events, %d laps", len(act.Records), len(act.Events), len(act.Laps))
	}
	for _, bad := range [][]byte{nil, a[:10], a[:len(a)-5], append([]byte{14}, a[1:]...)[:20]} {
		if _, err := canonicalFIT(bad); err == nil {
			t.Errorf("canonicalFIT accepted %d bytes of junk", len(bad))
		}
	}
}

// TestConfigFile reads the demo's legwork.toml with legwork's own strict
// configuration reader.
func TestConfigFile(t *testing.T) {
	c, err := config.Parse(demoFiles(t)["legwork.toml"], "legwork.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := c.Analysis
	if c.Zone == nil || c.Zone.String() != ZoneName || c.Units != "mi" || a.HRMax != 0 || a.HRRest != HRRest || a.WeekStart != time.Monday {
		t.Errorf("athlete: zone %v units %q hr_max %d hr_rest %d week_start %v", c.Zone, c.Units, a.HRMax, a.HRRest, a.WeekStart)
	}
	shoes := Shoes()
	if len(a.Shoes) != len(shoes) {
		t.Fatalf("%d shoes, want %d", len(a.Shoes), len(shoes))
	}
	for i, sh := range a.Shoes {
		want := shoes[i]
		if sh.Name != want.Name || !sh.From.Equal(want.From) || math.Abs(sh.StartDistanceM-want.StartMiles*units.MetersPerMile) > 1e-6 ||
			fmt.Sprint(sh.Sports) != fmt.Sprint(want.Sports) || strings.Join(sh.Match, ",") != strings.Join(want.Match, ",") {
			t.Errorf("shoe %d: %+v, want %+v", i, sh, want)
		}
	}
}

package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"
)

const demo = "../testdata/demo"

// cacheFixture lays out an export folder with every kind of root the cache
// keys: plain FIT files, a .gpx.gz with a position, a zip of FIT members,
// a Strava export zip (CSV gear and .fit.gz / GPX members) and a truncated
// FIT file that is reported as an error.
func cacheFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cp(t, demo+"/garmin/2026-05-26-06-52-34.fit", dir+"/a.fit")
	cp(t, demo+"/garmin/2026-05-28-06-39-46.fit", dir+"/b.fit")
	cp(t, demo+"/gpx/2026-07-02-morning-run.gpx.gz", dir+"/gpx/run.gpx.gz")
	stravaZip(t, dir+"/strava-export.zip")
	writeZip(t, dir+"/pack.zip", map[string]string{
		"x.fit": demo + "/garmin/2026-05-30-07-50-28.fit",
		"y.fit": demo + "/garmin/2026-05-31-08-04-05.fit",
	})
	b, err := os.ReadFile(demo + "/garmin/2026-06-02-06-49-54.fit")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/bad.fit", b[:len(b)/3], 0o666); err != nil {
		t.Fatal(err)
	}
	return dir
}

const fixtureRoots = 6

// stravaZip writes the demo's Strava export without its two large GPX
// tracks: activities.csv and one .fit.gz.
func stravaZip(t *testing.T, dst string) {
	t.Helper()
	zr, err := zip.OpenReader(demo + "/strava-export.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var kv []any
	for _, f := range zr.File {
		if path.Ext(f.Name) == ".gpx" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		kv = append(kv, f.Name, b)
	}
	if err := os.WriteFile(dst, zipOf(t, kv...), 0o666); err != nil {
		t.Fatal(err)
	}
}

func cp(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o666); err != nil {
		t.Fatal(err)
	}
}

func writeZip(t *testing.T, dst string, members map[string]string) {
	t.Helper()
	var kv []any
	names := make([]string, 0, len(members))
	for n := range members {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		b, err := os.ReadFile(members[n])
		if err != nil {
			t.Fatal(err)
		}
		kv = append(kv, n, b)
	}
	if err := os.WriteFile(dst, zipOf(t, kv...), 0o666); err != nil {
		t.Fatal(err)
	}
}

// cachedRead opens the cache in cacheDir, reads dir with it and writes it
// back, as a run does.
func cachedRead(t *testing.T, dir, cacheDir, version string, f *fakeFinder) (*Batch, *Cache, error) {
	t.Helper()
	c, openErr := OpenCache(cacheDir, version)
	opt := testOptions(f)
	opt.Zone = time.FixedZone("config", -5*3600)
	opt.Cache = c
	b, err := Read(t.Context(), []string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(cacheDir); err != nil {
		t.Fatal(err)
	}
	return b, c, openErr
}

// sameBatch fails unless b (read with a cache) is what a Read without one
// gives: the same activities, field for field and sample for sample, the
// same errors and skips with the same messages and causes.
func sameBatch(t *testing.T, got *Batch, dir string) {
	t.Helper()
	opt := testOptions(&fakeFinder{})
	opt.Zone = time.FixedZone("config", -5*3600)
	want, err := Read(t.Context(), []string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Activities, want.Activities) {
		t.Errorf("activities differ from a Read without the cache:\n got %v\nwant %v", sources(got), sources(want))
	}
	if got.Files != want.Files {
		t.Errorf("Files = %d, want %d", got.Files, want.Files)
	}
	if g, w := errorList(got.Errors), errorList(want.Errors); !slices.Equal(g, w) {
		t.Errorf("errors\n got %q\nwant %q", g, w)
	}
	if g, w := errorList(got.Skipped), errorList(want.Skipped); !slices.Equal(g, w) {
		t.Errorf("skipped\n got %q\nwant %q", g, w)
	}
}

func errorList(errs []*DecodeError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, fmt.Sprintf("%s partial=%v skipped=%v %+v", e.Error(), errors.Is(e, ErrPartialRead), e.Skipped(),
			[]any{e.Path, e.Member, e.Format, e.Line, e.Offset, e.MessageNum}))
	}
	return s
}

func TestCache(t *testing.T) {
	later := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name         string
		change       func(t *testing.T, dir, cacheDir string)
		version      string
		hits, misses int
		why          map[string]cacheMissCause // source -> cause of its miss
		openErr      bool
		loads        int // zone finder loads
		entries      int // entries in the cache written afterwards
	}{
		{name: "unchanged", hits: fixtureRoots},
		{name: "touched, same content", hits: fixtureRoots, change: func(t *testing.T, dir, _ string) {
			os.Chtimes(dir+"/a.fit", later, later)
			os.Chtimes(dir+"/pack.zip", later, later)
		}},
		{name: "changed content", hits: fixtureRoots - 1, misses: 1, why: map[string]cacheMissCause{"a.fit": missChanged},
			change: func(t *testing.T, dir, _ string) { cp(t, demo+"/garmin/2026-06-03-06-53-14.fit", dir+"/a.fit") }},
		{name: "removed", hits: fixtureRoots - 1, entries: fixtureRoots - 1,
			change: func(t *testing.T, dir, _ string) { os.Remove(dir + "/b.fit") }},
		{name: "new FIT file", hits: fixtureRoots, misses: 1, entries: fixtureRoots + 1, why: map[string]cacheMissCause{"c.fit": missNew},
			change: func(t *testing.T, dir, _ string) { cp(t, demo+"/garmin/2026-06-04-06-39-52.fit", dir+"/c.fit") }},
		{name: "new GPX file needs the zone table", hits: fixtureRoots, misses: 1, entries: fixtureRoots + 1, loads: 1,
			why: map[string]cacheMissCause{"gpx/new.gpx.gz": missNew},
			change: func(t *testing.T, dir, _ string) {
				cp(t, demo+"/gpx/2026-07-04-morning-run.gpx.gz", dir+"/gpx/new.gpx.gz")
			}},
		{name: "member of an archive changed", hits: fixtureRoots - 1, misses: 1, why: map[string]cacheMissCause{"pack.zip": missChanged},
			change: func(t *testing.T, dir, _ string) {
				writeZip(t, dir+"/pack.zip", map[string]string{
					"x.fit": demo + "/garmin/2026-05-30-07-50-28.fit",
					"y.fit": demo + "/garmin/2026-06-07-07-33-16.fit",
				})
			}},
		{name: "other legwork version", version: "v9.9.9", misses: fixtureRoots, openErr: true, loads: 1},
		{name: "flipped byte", misses: fixtureRoots, openErr: true, loads: 1, change: func(t *testing.T, _, cacheDir string) {
			name := filepath.Join(cacheDir, CacheFile)
			b, _ := os.ReadFile(name)
			b[len(b)/2] ^= 0x40
			os.WriteFile(name, b, 0o666)
		}},
		{name: "truncated", misses: fixtureRoots, openErr: true, loads: 1, change: func(t *testing.T, _, cacheDir string) {
			name := filepath.Join(cacheDir, CacheFile)
			b, _ := os.ReadFile(name)
			os.WriteFile(name, b[:len(b)-100], 0o666)
		}},
		{name: "emptied", misses: fixtureRoots, openErr: true, loads: 1, change: func(t *testing.T, _, cacheDir string) {
			os.WriteFile(filepath.Join(cacheDir, CacheFile), nil, 0o666)
		}},
		{name: "deleted", misses: fixtureRoots, loads: 1, change: func(t *testing.T, _, cacheDir string) {
			os.RemoveAll(cacheDir)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, cacheDir := cacheFixture(t), filepath.Join(t.TempDir(), "cache")
			cold := &fakeFinder{}
			if _, c, err := cachedRead(t, dir, cacheDir, "v1", cold); err != nil {
				t.Fatalf("first read: %v", err)
			} else if h, m := c.Stats(); h != 0 || m != fixtureRoots || cold.loads != 1 {
				t.Fatalf("first read: %d hits, %d misses, %d zone loads", h, m, cold.loads)
			}
			if tc.change != nil {
				tc.change(t, dir, cacheDir)
			}
			f := &fakeFinder{}
			b, c, err := cachedRead(t, dir, cacheDir, cmpOr(tc.version, "v1"), f)
			if (err != nil) != tc.openErr {
				t.Errorf("OpenCache error %v, want one: %v", err, tc.openErr)
			}
			if h, m := c.Stats(); h != tc.hits || m != tc.misses {
				t.Errorf("%d hits, %d misses; want %d, %d", h, m, tc.hits, tc.misses)
			}
			for src, why := range tc.why {
				if got := c.reasons[groupKey{0, src}]; got != why {
					t.Errorf("%s missed for cause %d, want %d", src, got, why)
				}
			}
			if f.loads != tc.loads {
				t.Errorf("zone table loaded %d times, want %d", f.loads, tc.loads)
			}
			sameBatch(t, b, dir)

			again, err := OpenCache(cacheDir, cmpOr(tc.version, "v1"))
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			if want := cmpOrInt(tc.entries, fixtureRoots); len(again.old) != want {
				t.Errorf("cache written holds %d files, want %d", len(again.old), want)
			}
			// The next Read takes everything from the cache.
			b, c, _ = cachedRead(t, dir, cacheDir, cmpOr(tc.version, "v1"), f)
			if h, m := c.Stats(); m != 0 || h != len(again.old) {
				t.Errorf("third read: %d hits, %d misses", h, m)
			}
			sameBatch(t, b, dir)
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func cmpOrInt(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// A changed configuration zone applies to cached activities: the cache
// keeps what the file said, not the zone the last run fell back to.
func TestCacheConfigZone(t *testing.T) {
	dir, cacheDir := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	cp(t, demo+"/garmin/2026-05-26-06-52-34.fit", dir+"/a.fit")
	// A GPX track without a position, localized by the configured zone.
	gpx := `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>` +
		`<trkpt lat="91" lon="0"><time>2026-03-01T05:00:00Z</time></trkpt><trkpt lat="91" lon="0"><time>2026-03-01T05:30:00Z</time></trkpt>` +
		`</trkseg></trk></gpx>`
	if err := os.WriteFile(dir+"/t.gpx", []byte(gpx), 0o666); err != nil {
		t.Fatal(err)
	}
	read := func(zone *time.Location, c *Cache) *Batch {
		opt := testOptions(&fakeFinder{})
		opt.Zone, opt.Cache = zone, c
		b, err := Read(t.Context(), []string{dir}, opt)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c, _ := OpenCache(cacheDir, "v1")
	read(time.FixedZone("A", 3600), c)
	c.Write(cacheDir)
	c, _ = OpenCache(cacheDir, "v1")
	zb := time.FixedZone("B", -7*3600)
	got, want := read(zb, c), read(zb, nil)
	if h, _ := c.Stats(); h != 2 {
		t.Fatalf("%d hits, want 2", h)
	}
	if !reflect.DeepEqual(got.Activities, want.Activities) {
		t.Errorf("with the cache:\n%+v\nwithout:\n%+v", got.Activities, want.Activities)
	}
}

// Every field of Activity (but Samples, which Read drops once summarized),
// HRSummary and what an itemResult holds survives the cache's encoding. A new field fails here until the encoding (and
// cacheSchema) learn it.
func TestCacheEncodingRoundTrip(t *testing.T) {
	for _, typ := range []struct {
		v      any
		fields int
	}{{Activity{}, 27}, {HRSummary{}, 2}, {DecodeError{}, 7}, {itemResult{}, 7}, {stravaExport{}, 3}, {stravaRow{}, 2}} {
		if n := reflect.TypeOf(typ.v).NumField(); n != typ.fields {
			t.Errorf("%T has %d fields, the cache encodes %d: update cache.go and cacheSchema, then this test", typ.v, n, typ.fields)
		}
	}
	var acts []Activity
	for seed := range 4 {
		var a Activity
		fill(reflect.ValueOf(&a).Elem(), seed+1)
		acts = append(acts, a)
	}
	acts[1].HR.Steps = nil
	acts[2].HR = HRSummary{Peak10sMedian: 151.5, Steps: appendHRStep(appendHRStep(nil, HRStep{31, 2, 1500 * time.Millisecond}, time.Second), HRStep{229, 70000, 5 * time.Second}, 1500*time.Millisecond)}
	acts[3].Warnings, acts[3].AscentM, acts[3].HR = []string{}, nil, HRSummary{}
	acts = append(acts, Activity{})
	in := itemResult{
		source: "a.zip", activity: true, acts: acts,
		errs: []*DecodeError{
			{Path: "a.zip", Member: "b.fit", Format: "fit", Line: 3, Offset: 900, MessageNum: 12, Err: fmt.Errorf("fit: bad \xff: %w", ErrPartialRead)},
			{Path: "a.zip", Member: "c.fit", Err: fmt.Errorf("settings: %w", ErrNoActivity)},
			{Path: "a.zip", Member: "d.gpx"},
		},
		strava: &stravaExport{root: "a.zip!/", byFile: map[string]stravaRow{"x.fit": {"Peg", "Run"}, "y.gpx": {"", "Walk"}}},
	}
	var out itemResult
	if err := decodeResult(encodeResult(&in), 7, &out); err != nil {
		t.Fatal(err)
	}
	if out.input != 7 || out.strava.input != 7 {
		t.Errorf("input not set: %d, %d", out.input, out.strava.input)
	}
	out.input, out.strava.input = in.input, in.strava.input
	for i := range out.acts {
		if out.acts[i].Samples != nil {
			t.Errorf("activity %d: samples kept in the cache", i)
		}
		in.acts[i].Samples = nil
	}
	if !reflect.DeepEqual(out.acts, in.acts) {
		t.Errorf("activities:\n got %+v\nwant %+v", out.acts, in.acts)
	}
	if !reflect.DeepEqual(out.strava, in.strava) || out.source != in.source || out.activity != in.activity {
		t.Errorf("got %+v, want %+v", out, in)
	}
	if g, w := errorList(out.errs), errorList(in.errs); !slices.Equal(g, w) {
		t.Errorf("errors\n got %q\nwant %q", g, w)
	}
	if out.errs[2].Err != nil {
		t.Errorf("nil cause came back as %v", out.errs[2].Err)
	}
}

// fill sets every field of v to a value that depends on seed.
func fill(v reflect.Value, seed int) {
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(time.Unix(1_780_000_000+int64(seed), int64(seed)*1000+7).UTC()))
		return
	case time.Duration:
		v.SetInt(int64(seed)*int64(time.Hour) + 17)
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d\xfe", seed))
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(int64(seed*31 - 100))
	case reflect.Uint8:
		v.SetUint(uint64(seed * 40))
	case reflect.Float64:
		v.SetFloat(float64(seed) * 1.000001)
	case reflect.Bool:
		v.SetBool(seed%2 == 1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 3, 3))
		for i := range 3 {
			fill(v.Index(i), seed+i)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), seed+i)
		}
	default:
		panic("fill: " + v.Type().String())
	}
}

// A cache file that passes its checksum but holds garbage is refused, never
// a panic, and so is every prefix of a good one.
func TestCacheDecodeGarbage(t *testing.T) {
	var a Activity
	fill(reflect.ValueOf(&a).Elem(), 3)
	blob := encodeResult(&itemResult{source: "a.fit", acts: []Activity{a}})
	for n := range len(blob) {
		var r itemResult
		if err := decodeResult(blob[:n], 0, &r); err == nil {
			t.Fatalf("prefix of %d bytes decoded", n)
		}
	}
	for i := range blob {
		b := slices.Clone(blob)
		b[i] ^= 0xff
		var r itemResult
		decodeResult(b, 0, &r) // must not panic
	}
}

// TestCacheFileDeterministic: an archive's members finish in whatever order
// the workers take, but the cache file written is the same bytes.
func TestCacheFileDeterministic(t *testing.T) {
	dir := cacheFixture(t)
	var first []byte
	for i := range 8 {
		cacheDir := t.TempDir()
		opt := testOptions(&fakeFinder{})
		opt.Zone = time.FixedZone("config", -5*3600)
		opt.Workers = 4
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		var mu sync.Mutex
		opt.beforeItem = func() {
			mu.Lock()
			d := time.Duration(rng.IntN(3000)) * time.Microsecond
			mu.Unlock()
			time.Sleep(d)
		}
		c, _ := OpenCache(cacheDir, "v1")
		opt.Cache = c
		if _, err := Read(t.Context(), []string{dir}, opt); err != nil {
			t.Fatal(err)
		}
		if err := c.Write(cacheDir); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(cacheDir, CacheFile))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("read %d wrote a different cache file (%d bytes, first %d)", i, len(b), len(first))
		}
	}
}

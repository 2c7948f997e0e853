package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/corpus"
	"github.com/legwork-run/legwork/internal/outdir"
)

// runIn runs `legwork run` with args into out and returns its stderr lines
// that are not about the cache.
func runIn(t *testing.T, out string, want int, args ...string) (stderr string) {
	t.Helper()
	var errb bytes.Buffer
	args = append([]string{"run", "-q", "--as-of", "2026-11-25", "-o", out}, args...)
	if code := run(context.Background(), args, io.Discard, &errb); code != want {
		t.Fatalf("legwork %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, errb.String())
	}
	return errb.String()
}

// tables is every data/*.parquet of out (data/changes.json and run.json
// differ between runs by design).
func tables(t *testing.T, out string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(out, "data", "*.parquet"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no tables in %s (%v)", out, err)
	}
	m := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(n)] = b
	}
	return m
}

func sameTables(t *testing.T, got, want map[string][]byte, what string) {
	t.Helper()
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: %s differs from a cold run's", what, name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d tables, a cold run writes %d", what, len(got), len(want))
	}
}

// A rerun takes every file from --out/cache/ and writes the tables a run
// without the cache writes, byte for byte, and reports bad files the same
// way; on the demo and, when present, the shared corpus of real files.
func TestCacheSameTables(t *testing.T) {
	cases := []struct {
		name string
		exit int
		args []string
	}{
		{"demo", exitOK, []string{"-c", "../../testdata/demo/legwork.toml", "../../testdata/demo"}},
	}
	if dir := corpus.Find(); dir != "" {
		cases = append(cases, struct {
			name string
			exit int
			args []string
		}{"corpus", exitPartial, []string{"--tz", "Europe/Berlin", dir}})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cold, warm := t.TempDir(), t.TempDir()
			coldErr := runIn(t, cold, tc.exit, tc.args...)
			if _, err := os.Stat(filepath.Join(cold, "cache", "ingest.bin")); err != nil {
				t.Fatalf("no cache after a run: %v", err)
			}
			runIn(t, warm, tc.exit, tc.args...)
			os.RemoveAll(filepath.Join(warm, "data")) // nothing left of the first run but the cache
			warmErr := runIn(t, warm, tc.exit, tc.args...)
			sameTables(t, tables(t, warm), tables(t, cold), "rerun")
			if warmErr != coldErr {
				t.Errorf("stderr of the rerun:\n%s\nof a cold run:\n%s", warmErr, coldErr)
			}
			// Nothing new again: the cache file is carried over (linked)
			// and stays whole.
			if again := runIn(t, warm, tc.exit, tc.args...); again != coldErr {
				t.Errorf("stderr of the third run:\n%s", again)
			}
			sameTables(t, tables(t, warm), tables(t, cold), "third run")
			if _, err := ingest.OpenCache(filepath.Join(warm, "cache"), version()); err != nil {
				t.Errorf("cache after three runs: %v", err)
			}
		})
	}
}

// A damaged cache is rebuilt with one line on stderr, and the tables are
// those of a cold run; so with a cache of another legwork version.
func TestCacheDamaged(t *testing.T) {
	args := []string{"-c", "../../testdata/demo/legwork.toml", "../../testdata/demo/garmin", "../../testdata/demo/trail"}
	cold := t.TempDir()
	runIn(t, cold, exitOK, args...)
	want := tables(t, cold)
	damage := []struct {
		name string
		do   func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"flipped byte", func(b []byte) []byte { b[len(b)/3] ^= 1; return b }},
		{"flipped bytes everywhere", func(b []byte) []byte {
			for i := 0; i < len(b); i += 97 {
				b[i] ^= 0xa5
			}
			return b
		}},
		{"empty", func([]byte) []byte { return nil }},
		{"other version", func(b []byte) []byte {
			return bytes.Replace(b, []byte(version()), []byte(strings.Repeat("x", len(version()))), 1)
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			out := t.TempDir()
			if err := os.CopyFS(out, os.DirFS(cold)); err != nil {
				t.Fatal(err)
			}
			names, _ := filepath.Glob(filepath.Join(out, "cache", "*"))
			if len(names) == 0 {
				t.Fatal("no cache files")
			}
			for _, n := range names {
				b, _ := os.ReadFile(n)
				if err := os.WriteFile(n, d.do(b), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			stderr := runIn(t, out, exitOK, args...)
			if n := strings.Count(stderr, "\n"); n != 1 || !strings.Contains(stderr, "cache") || !strings.Contains(stderr, "rebuilding") {
				t.Errorf("stderr %q, want one line about rebuilding the cache", stderr)
			}
			sameTables(t, tables(t, out), want, "after a damaged cache")
			// The cache written then is whole again.
			if stderr := runIn(t, out, exitOK, args...); stderr != "" {
				t.Errorf("next run: stderr %q", stderr)
			}
		})
	}
}

// After a configuration change, a rerun on the cache writes the tables of a
// cold run with the new configuration.
func TestCacheConfigChange(t *testing.T) {
	base, err := os.ReadFile("../../testdata/demo/legwork.toml")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(base)
	edit := func(old, new string) string {
		if !strings.Contains(conf, old) {
			t.Fatalf("demo config lacks %q", old)
		}
		return strings.Replace(conf, old, new, 1)
	}
	changes := []struct {
		name, config string
		flags        []string
	}{
		{"hr_max", edit("hr_rest = 52", "hr_rest = 52\nhr_max = 181"), nil},
		{"hr_rest", edit("hr_rest = 52", "hr_rest = 45"), nil},
		{"sex", edit(`sex = "female"`, `sex = "male"`), nil},
		{"shoes", edit(`from = 2026-09-01`, `from = 2026-08-15`), nil},
		{"time zone", edit(`timezone = "America/New_York"`, `timezone = "Pacific/Auckland"`), nil},
		{"--tz", conf, []string{"--tz", "Asia/Tokyo"}},
		{"counted sports", edit(`"running", "trail_running", "treadmill_running", "track_running"]`, `"running"]`), nil},
		{"week start", edit(`week_start = "monday"`, `week_start = "sunday"`), nil},
	}
	// The demo's FIT files (the trail ones matched to a shoe by path) and a
	// GPX track without a position, which takes the configured zone; the
	// demo's GPX tracks take the zone of their first fix whatever the
	// configuration says.
	inputs := []string{"../../testdata/demo/garmin", "../../testdata/demo/trail", t.TempDir()}
	gpx := `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>` +
		`<trkpt lat="91" lon="0"><time>2026-11-21T23:30:00Z</time></trkpt><trkpt lat="91" lon="0"><time>2026-11-22T00:30:00Z</time></trkpt>` +
		`</trkseg></trk></gpx>`
	if err := os.WriteFile(filepath.Join(inputs[2], "treadmill.gpx"), []byte(gpx), 0o666); err != nil {
		t.Fatal(err)
	}
	first := t.TempDir()
	runIn(t, first, exitOK, append([]string{"-c", "../../testdata/demo/legwork.toml"}, inputs...)...)
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "legwork.toml")
			if err := os.WriteFile(cfg, []byte(c.config), 0o666); err != nil {
				t.Fatal(err)
			}
			args := append(slices.Clone(c.flags), "-c", cfg)
			args = append(args, inputs...)
			warm := t.TempDir()
			if err := os.CopyFS(warm, os.DirFS(first)); err != nil {
				t.Fatal(err)
			}
			runIn(t, warm, exitOK, args...)
			cold := t.TempDir()
			runIn(t, cold, exitOK, args...)
			sameTables(t, tables(t, warm), tables(t, cold), "warm run after the change")
			if bytes.Equal(tables(t, cold)["activities.parquet"], tables(t, first)["activities.parquet"]) &&
				bytes.Equal(tables(t, cold)["weeks.parquet"], tables(t, first)["weeks.parquet"]) &&
				bytes.Equal(tables(t, cold)["shoes.parquet"], tables(t, first)["shoes.parquet"]) {
				t.Errorf("the change made no difference to the tables: not a test of it")
			}
		})
	}
}

// The cache file starts with the header internal/outdir recognizes as
// legwork's when the manifest is gone.
func TestCacheMarker(t *testing.T) {
	out := t.TempDir()
	runIn(t, out, exitOK, "../../testdata/demo/trail")
	os.Remove(filepath.Join(out, outdir.ManifestFile))
	if err := outdir.Check(out); err != nil {
		t.Fatal(err)
	}
}

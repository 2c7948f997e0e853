package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/legwork-run/legwork/analyze"
)

func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	return pf
}

// TestMetadata reads back the key-value metadata of every table: the
// version, schema version and as-of date, and a unit for every column
// that does not carry its unit in its name, for flags per kind.
func TestMetadata(t *testing.T) {
	out := t.TempDir()
	if err := writeOut(context.Background(), out, fullResult(), WithVersion("v1.2.3")); err != nil {
		t.Fatal(err)
	}
	flagUnitKeys := []string{}
	for _, k := range analyze.Kinds() {
		for _, col := range []string{"value", "threshold", "base"} {
			flagUnitKeys = append(flagUnitKeys, col+"."+string(k))
		}
	}
	units := map[string][]string{
		ActivitiesFile: {"load", "avg_hr", "max_hr"},
		WeeksFile:      {"runs", "load", "acwr", "rest_days", "monotony", "days"},
		ShoesFile:      {"runs"},
		FlagsFile:      flagUnitKeys,
	}
	for file, cols := range units {
		t.Run(file, func(t *testing.T) {
			pf := openParquet(t, filepath.Join(out, "data", file))
			for key, want := range map[string]string{MetaVersion: "v1.2.3", MetaSchemaVersion: SchemaVersion, MetaAsOf: "2026-03-29"} {
				if got, ok := pf.Lookup(key); !ok || got != want {
					t.Errorf("%s = %q (%v), want %q", key, got, ok, want)
				}
			}
			for _, col := range cols {
				if got, ok := pf.Lookup(MetaUnitsPrefix + col); !ok || got == "" {
					t.Errorf("no unit for %s", col)
				}
			}
			n := 0
			for _, kv := range pf.Metadata().KeyValueMetadata {
				if strings.HasPrefix(kv.Key, MetaUnitsPrefix) {
					n++
				}
			}
			if n != len(cols) {
				t.Errorf("%d unit keys, want %d", n, len(cols))
			}
		})
	}
}

// TestCompatibleLayout checks the codec, ZSTD as the contract says, and
// what makes the tables readable by every reader with a zstd codec: only
// PLAIN, RLE and RLE_DICTIONARY encodings (no DELTA_*). The page version (1) is checked by the Arrow reader in
// tools/duckcheck, which sees the page headers.
func TestCompatibleLayout(t *testing.T) {
	out := t.TempDir()
	if err := writeOut(context.Background(), out, bigResult(3000, 200)); err != nil {
		t.Fatal(err)
	}
	allowed := []format.Encoding{format.Plain, format.RLE, format.RLEDictionary}
	for _, file := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile} {
		pf := openParquet(t, filepath.Join(out, "data", file))
		for _, rg := range pf.Metadata().RowGroups {
			for _, c := range rg.Columns {
				if c.MetaData.Codec != format.Zstd {
					t.Errorf("%s %v: codec %v, want ZSTD", file, c.MetaData.PathInSchema, c.MetaData.Codec)
				}
				for _, e := range c.MetaData.Encoding {
					if !slices.Contains(allowed, e) {
						t.Errorf("%s %v: encoding %v", file, c.MetaData.PathInSchema, e)
					}
				}
			}
		}
	}
}

// TestRunFileDates checks that run.json gives dates as YYYY-MM-DD and
// legwork's version, and that a run.json of version 1 (RFC 3339 dates, no
// version) still reads.
func TestRunFileDates(t *testing.T) {
	out := t.TempDir()
	if err := writeOut(context.Background(), out, fullResult(), WithVersion("v9.9.9")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "data", RunFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version": 2`, `"legwork_version": "v9.9.9"`, `"as_of": "2026-03-29"`, `"week_start": "2026-03-23"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("run.json lacks %s:\n%s", want, b)
		}
	}

	v1 := `{"version": 1, "as_of": "2026-03-29T00:00:00Z", "hr_max": 180, "hr_max_estimated": false, "hr_rest": 0,
	  "current_week": {"week_start": "2026-03-23T00:00:00Z", "distance_m": 5000}, "next_run_limit_m": 0, "problems": []}`
	if err := os.WriteFile(filepath.Join(out, "data", RunFile), []byte(v1), 0o666); err != nil {
		t.Fatal(err)
	}
	r, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if !r.AsOf.Equal(day(2026, 3, 29)) || r.Current == nil || !r.Current.Start.Equal(day(2026, 3, 23)) || r.HRMax != 180 {
		t.Errorf("version 1 run.json read as as_of %v, current %+v, hr_max %d", r.AsOf, r.Current, r.HRMax)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Errorf("%s: lines do not end in CRLF", filepath.Base(path))
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestCSV writes the tables with WithCSV and reads the CSV files back: a
// header of the Parquet column names, one record per row, ISO dates, RFC
// 3339 UTC instants, and an empty cell for null.
func TestCSV(t *testing.T) {
	out := t.TempDir()
	in := fullResult()
	in.Activities[0].Name = `Tempo, "hills" & ü` // quoting and UTF-8
	if err := writeOut(context.Background(), out, in, WithCSV(true)); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(out, "data")
	tables := []struct {
		csv, parquet string
		rows         int
	}{
		{ActivitiesCSV, ActivitiesFile, len(in.Activities)},
		{WeeksCSV, WeeksFile, len(in.Weeks)},
		{ShoesCSV, ShoesFile, len(in.Shoes)},
		{FlagsCSV, FlagsFile, len(in.Flags)},
	}
	got := map[string][]map[string]string{}
	for _, tb := range tables {
		recs := readCSV(t, filepath.Join(data, tb.csv))
		var want []string
		for _, f := range openParquet(t, filepath.Join(data, tb.parquet)).Schema().Fields() {
			want = append(want, f.Name())
		}
		if !slices.Equal(recs[0], want) {
			t.Errorf("%s header %v, want the Parquet columns %v", tb.csv, recs[0], want)
		}
		if len(recs)-1 != tb.rows {
			t.Errorf("%s: %d rows, want %d", tb.csv, len(recs)-1, tb.rows)
		}
		for _, rec := range recs[1:] {
			m := map[string]string{}
			for i, v := range rec {
				m[recs[0][i]] = v
			}
			got[tb.csv] = append(got[tb.csv], m)
		}
	}
	checks := []struct{ file, row, col, want string }{
		{ActivitiesCSV, "0", "start_time", "2026-03-23T10:30:15.123Z"},
		{ActivitiesCSV, "0", "local_date", "2026-03-23"},
		{ActivitiesCSV, "0", "name", `Tempo, "hills" & ü`},
		{ActivitiesCSV, "0", "avg_hr", "148"},
		{ActivitiesCSV, "0", "distance_m", "8046.72"},
		{ActivitiesCSV, "0", "counted", "true"},
		{ActivitiesCSV, "1", "ascent_m", ""}, // null
		{ActivitiesCSV, "1", "avg_hr", ""},
		{ActivitiesCSV, "1", "elapsed_s", "3723.456789007"},
		{ActivitiesCSV, "2", "duplicate_of", "a1"},
		{WeeksCSV, "0", "acwr", ""},
		{WeeksCSV, "1", "load_change_pct", "-3.75"},
		{ShoesCSV, "0", "replace_by", "2026-09-01"},
		{ShoesCSV, "1", "first_run", ""},
		{ShoesCSV, "0", "distance_m", "209214.72"},
		{FlagsCSV, "0", "week_start", "2026-03-23"},
		{FlagsCSV, "2", "week_start", ""},
		{FlagsCSV, "2", "shoe", "Old racer"},
	}
	for _, c := range checks {
		i := int(c.row[0] - '0')
		if v := got[c.file][i][c.col]; v != c.want {
			t.Errorf("%s row %s %s = %q, want %q", c.file, c.row, c.col, v, c.want)
		}
	}

	// Without WithCSV no CSV file is written.
	if err := writeOut(context.Background(), out, in); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(out, "data", "*.csv")); len(m) > 0 {
		t.Errorf("CSV files without WithCSV: %v", m)
	}
}

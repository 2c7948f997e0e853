package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/outdir"
)

// writeOut writes the tables of r into out/data as legwork run does:
// WriteDir into a staging directory of internal/outdir, committed with the
// manifest that records them as legwork's. On an error the stage is
// discarded and out is as it was.
func writeOut(ctx context.Context, out string, r *analyze.Result, opts ...Option) error {
	if err := os.MkdirAll(out, 0o777); err != nil {
		return err
	}
	st, err := outdir.NewStage(out)
	if err != nil {
		return err
	}
	err = st.Mkdir("data")
	if err == nil {
		err = WriteDir(ctx, st.Path("data"), r, opts...)
	}
	if err != nil {
		st.Discard()
		return err
	}
	return st.Commit()
}

func ptr[T any](v T) *T { return &v }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// fullResult is a Result in which every field of every type is set at
// least once, and every nullable column is null at least once.
func fullResult() *analyze.Result {
	return &analyze.Result{
		AsOf: day(2026, 3, 29),
		Activities: []analyze.ActivityRow{
			{
				ID: "a1", Source: "runs/2026-03-23.fit", Format: "fit", Sport: "running", Device: "Garmin Forerunner 255",
				Name:  "Morning Run",
				Start: time.Date(2026, 3, 23, 10, 30, 15, 123e6, time.UTC), UTCOffset: -4 * 3600, OffsetSource: "file",
				LocalDate: day(2026, 3, 23), WeekStart: day(2026, 3, 23),
				Elapsed: 47*time.Minute + 12*time.Second + 500*time.Millisecond, Moving: 45*time.Minute + 1*time.Second,
				DistanceM: 8046.72, AscentM: ptr(42.5), AvgHR: 148, MaxHR: 171, Load: ptr(63.25),
				Shoe: "Pegasus 40", Counted: true,
			},
			{
				ID: "a2", Source: "exports.zip!/b.gpx", Format: "gpx", Sport: "trail_running", Device: "",
				Start: time.Date(2026, 3, 25, 23, 10, 0, 0, time.UTC), UTCOffset: 3600 + 1800, OffsetSource: "position",
				LocalDate: day(2026, 3, 26), WeekStart: day(2026, 3, 23),
				Elapsed: time.Hour + 2*time.Minute + 3456789*time.Microsecond + 7, Moving: time.Hour,
				DistanceM: 12000, Load: ptr(80.0), LoadImputed: true, Counted: true,
			},
			{
				ID: "a3", Source: "runs/dup.tcx", Format: "tcx", Sport: "running", Device: "Polar",
				Start: time.Date(2026, 3, 23, 10, 30, 16, 0, time.UTC), UTCOffset: 0, OffsetSource: "config",
				LocalDate: day(2026, 3, 23), WeekStart: day(2026, 3, 23),
				Elapsed: 47 * time.Minute, DistanceM: 8040, DuplicateOf: "a1",
			},
		},
		Weeks: []analyze.Week{
			{Start: day(2026, 3, 16), Runs: 0, RestDays: 7, Complete: true, Days: 7},
			{
				Start: day(2026, 3, 23), Runs: 2, DistanceM: 20046.72, Duration: 2*time.Hour + 31*time.Second,
				Load: 143.25, LongestRunM: 12000, DistanceChangePct: ptr(12.5), LoadChangePct: ptr(-3.75),
				ACWR: ptr(1.31), Monotony: ptr(2.2), RestDays: 5, Complete: false, Days: 7,
			},
		},
		Shoes: []analyze.ShoeTotal{
			{
				Name: "Pegasus 40", Runs: 1, DistanceM: 201168 + 8046.72, FirstRun: day(2026, 3, 23), LastRun: day(2026, 3, 23),
				WarnAtM: 482803.2, ReplaceAtM: 804672, Status: "ok", ReplaceBy: day(2026, 9, 1),
			},
			{Name: "Old racer", WarnAtM: 482803.2, ReplaceAtM: 804672, Retired: true, Status: "replace"},
		},
		Flags: []analyze.Flag{
			{Kind: "weekly_distance_spike", Severity: "caution", Week: day(2026, 3, 23), Date: day(2026, 3, 23), Value: 12.5, Threshold: 10, Base: 17819.3},
			{Kind: "session_spike", Severity: "high", ActivityID: "a2", Date: day(2026, 3, 26), Value: 12000, Threshold: 8851.39},
			{Kind: "shoe_replace", Severity: "high", Shoe: "Old racer", Value: 0, Threshold: 804672},
		},
		Units: "km", IncreasePct: 12.5,
		HRMax: 188, HRMaxEstimated: true, HRRest: 52,
		Current: &analyze.CurrentWeek{
			Start: day(2026, 3, 23), DistanceM: 20046.72, LimitM: 19500.5, AllowanceM: -546.22, HasLimit: true,
			Load: 143.25, LoadLimit: 160.5, LoadAllowance: 17.25, HasLoadLimit: true,
		},
		NextRunLimitM: 13200,
		Problems: []analyze.Problem{
			{Source: "runs/bad.fit", Kind: "error", Message: "fit: unexpected EOF"},
			{Source: "runs/settings.fit", Kind: "skipped", Message: "no activity"},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   *analyze.Result
	}{
		{"full", fullResult()},
		{"empty", &analyze.Result{AsOf: day(2026, 3, 29)}},
		{"zero", &analyze.Result{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			if err := writeOut(context.Background(), out, tc.in); err != nil {
				t.Fatal(err)
			}
			got, err := Read(out)
			if err != nil {
				t.Fatal(err)
			}
			compareResults(t, got, tc.in)
		})
	}
}

// TestReadExcept: each table left out comes back nil, and everything else
// as Read gives it.
func TestReadExcept(t *testing.T) {
	out := t.TempDir()
	if err := writeOut(context.Background(), out, fullResult()); err != nil {
		t.Fatal(err)
	}
	all, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, skip := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile} {
		got, err := ReadExcept(out, skip)
		if err != nil {
			t.Fatal(err)
		}
		want := *all
		switch skip {
		case ActivitiesFile:
			want.Activities = nil
		case WeeksFile:
			want.Weeks = nil
		case ShoesFile:
			want.Shoes = nil
		case FlagsFile:
			want.Flags = nil
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("ReadExcept(%s) differs from Read but for that table", skip)
		}
	}
}

// compareResults reports every field where got differs from want.
func compareResults(t *testing.T, got, want *analyze.Result) {
	t.Helper()
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := range gv.NumField() {
		g, w := gv.Field(i), wv.Field(i)
		if g.Kind() == reflect.Slice && g.Len() > 0 && g.Len() == w.Len() {
			for j := range g.Len() {
				if !reflect.DeepEqual(g.Index(j).Interface(), w.Index(j).Interface()) {
					t.Errorf("%s[%d]:\n got %+v\nwant %+v", gv.Type().Field(i).Name, j, g.Index(j).Interface(), w.Index(j).Interface())
				}
			}
		} else if !reflect.DeepEqual(g.Interface(), w.Interface()) {
			t.Errorf("%s:\n got %+v\nwant %+v", gv.Type().Field(i).Name, g.Interface(), w.Interface())
		}
	}
}

// TestRoundTripInstants checks the two documented changes: instants come
// back in UTC and keep milliseconds.
func TestRoundTripInstants(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	start := time.Date(2026, 3, 29, 6, 30, 15, 123456789, ny)
	in := &analyze.Result{Activities: []analyze.ActivityRow{{ID: "x", Start: start, LocalDate: day(2026, 3, 29)}}}
	out := t.TempDir()
	if err := writeOut(context.Background(), out, in); err != nil {
		t.Fatal(err)
	}
	got, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	a := got.Activities[0]
	if want := start.Truncate(time.Millisecond).UTC(); a.Start != want {
		t.Errorf("start %v, want %v", a.Start, want)
	}
	if a.LocalDate != day(2026, 3, 29) {
		t.Errorf("local date %v", a.LocalDate)
	}
}

func TestDays(t *testing.T) {
	ny := time.FixedZone("EDT", -4*3600)
	tests := []struct {
		in   time.Time
		want int32
	}{
		{day(1970, 1, 1), 0},
		{day(1969, 12, 31), -1},
		{day(2000, 1, 1), 10957},
		{day(2026, 3, 29), 20541},
		{time.Date(2026, 3, 29, 23, 59, 59, 0, time.UTC), 20541},
		{time.Date(2026, 3, 29, 22, 0, 0, 0, ny), 20541}, // the date as written, not the UTC one
	}
	for _, tc := range tests {
		if got := dayOf(tc.in); got != tc.want {
			t.Errorf("dayOf(%v) = %d, want %d", tc.in, got, tc.want)
		}
		if got, want := dateOf(tc.want), day(tc.in.Date()); got != want {
			t.Errorf("dateOf(%d) = %v, want %v", tc.want, got, want)
		}
	}
}

func TestDurationSeconds(t *testing.T) {
	ds := []time.Duration{0, 1, 999, time.Millisecond, time.Second, 47*time.Minute + 12*time.Second + 1,
		7 * 24 * time.Hour, 7*24*time.Hour + 123456789, 104 * 24 * time.Hour, -5 * time.Second}
	for d := time.Duration(1); d < 100*24*time.Hour; d = d*3 + 7 {
		ds = append(ds, d)
	}
	for _, d := range ds {
		if got := durationOf(seconds(d)); got != d {
			t.Errorf("durationOf(seconds(%d)) = %d", d, got)
		}
	}
}

// column is what the contract says about one column.
type column struct {
	name     string
	kind     string // string, int32, double, bool, date, timestamp
	optional bool
}

// contract lists the columns of each table as DESIGN.md gives them, in
// order, followed by our extra columns.
var contract = map[string][]column{
	ActivitiesFile: {
		{"activity_id", "string", false}, {"source", "string", false}, {"format", "string", false},
		{"sport", "string", false}, {"device", "string", false}, {"start_time", "timestamp", false},
		{"utc_offset_s", "int32", false}, {"local_date", "date", false}, {"week_start", "date", false},
		{"elapsed_s", "double", false}, {"moving_s", "double", true}, {"distance_m", "double", false},
		{"ascent_m", "double", true}, {"avg_hr", "int32", true}, {"max_hr", "int32", true},
		{"load", "double", true}, {"shoe", "string", true}, {"counted", "bool", false},
		{"duplicate_of", "string", true},
		{"offset_source", "string", false}, {"name", "string", true}, {"load_imputed", "bool", false},
	},
	WeeksFile: {
		{"week_start", "date", false}, {"runs", "int32", false}, {"distance_m", "double", false},
		{"duration_s", "double", false}, {"load", "double", false}, {"longest_run_m", "double", false},
		{"distance_change_pct", "double", true}, {"load_change_pct", "double", true}, {"acwr", "double", true},
		{"rest_days", "int32", false}, {"complete", "bool", false},
		{"monotony", "double", true}, {"days", "int32", false},
	},
	ShoesFile: {
		{"shoe", "string", false}, {"runs", "int32", false}, {"distance_m", "double", false},
		{"first_run", "date", true}, {"last_run", "date", true}, {"warn_at_m", "double", false},
		{"replace_at_m", "double", false}, {"retired", "bool", false}, {"status", "string", false},
		{"replace_by", "date", true},
	},
	FlagsFile: {
		{"kind", "string", false}, {"severity", "string", false}, {"week_start", "date", true},
		{"activity_id", "string", true}, {"shoe", "string", true}, {"value", "double", false},
		{"threshold", "double", false}, {"message", "string", false},
		{"date", "date", true}, {"base", "double", false},
	},
}

// kindOf names a leaf's type the way the contract does.
func kindOf(n parquet.Node) string {
	var lv format.LogicalTypeValue
	if lt := n.Type().LogicalType(); lt != nil {
		lv = lt.Value
	}
	switch v := lv.(type) {
	case *format.DateType:
		return "date"
	case *format.TimestampType:
		if _, ms := v.Unit.Value.(*format.MilliSeconds); v.IsAdjustedToUTC && ms {
			return "timestamp"
		}
	case *format.StringType:
		return "string"
	case *format.IntType:
		if v.BitWidth == 32 && v.IsSigned && n.Type().Kind() == parquet.Int32 {
			return "int32"
		}
	case nil:
		switch n.Type().Kind() {
		case parquet.Double:
			return "double"
		case parquet.Boolean:
			return "bool"
		}
	}
	return n.Type().String()
}

// TestColumns opens each written file with parquet-go and checks its column
// names, types, nullability and compression against the contract.
func TestColumns(t *testing.T) {
	out := t.TempDir()
	if err := writeOut(context.Background(), out, fullResult()); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile} {
		t.Run(file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(out, "data", file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			pf, err := parquet.OpenFile(f, fi.Size())
			if err != nil {
				t.Fatal(err)
			}
			var got []column
			for _, fld := range pf.Schema().Fields() {
				got = append(got, column{fld.Name(), kindOf(fld), fld.Optional()})
			}
			if want := contract[file]; !slices.Equal(got, want) {
				t.Errorf("columns\n got %v\nwant %v", got, want)
			}
			rgs := pf.Metadata().RowGroups
			if len(rgs) == 0 {
				t.Fatal("no row group")
			}
			for _, c := range rgs[0].Columns {
				if c.MetaData.Codec != format.Zstd {
					t.Errorf("column %v compressed with %v, want ZSTD", c.MetaData.PathInSchema, c.MetaData.Codec)
				}
			}
		})
	}
}

// cancelAfter is a context whose Err starts returning context.Canceled at
// its n-th call: a deterministic way to cancel WriteDir midway.
type cancelAfter struct {
	context.Context
	n, calls int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

// snapshot returns the name and content of every file under out.
func snapshot(t *testing.T, out string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(out, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestFailedWriteKeepsPrevious writes a Result, then makes a second
// WriteDir fail at every point where it can be cancelled, and once with a
// value run.json cannot hold: each time the error comes back and the
// previous files (data/ and the manifest) are left byte for byte, with
// nothing else beside them.
func TestFailedWriteKeepsPrevious(t *testing.T) {
	out := t.TempDir()
	prev := &analyze.Result{AsOf: day(2026, 3, 1), Weeks: []analyze.Week{{Start: day(2026, 2, 23), Runs: 1, DistanceM: 5000}}}
	if err := writeOut(context.Background(), out, prev); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, out)
	if len(want) != 6 {
		t.Fatalf("first write left %d files, want 6: %v", len(want), slices.Sorted(maps.Keys(want)))
	}
	check := func(t *testing.T, err error, wantErr error) {
		t.Helper()
		if !errors.Is(err, wantErr) {
			t.Fatalf("err = %v, want %v", err, wantErr)
		}
		if got := snapshot(t, out); !reflect.DeepEqual(got, want) {
			t.Errorf("files changed: now %v", slices.Sorted(maps.Keys(got)))
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if e.Name() != "data" && e.Name() != outdir.ManifestFile {
				t.Errorf("left behind: %s", e.Name())
			}
		}
		if r, err := Read(out); err != nil || !reflect.DeepEqual(r.Weeks, prev.Weeks) {
			t.Errorf("Read after the failed write: %v, weeks %+v", err, r)
		}
	}

	big := fullResult()
	for i := range 2500 { // three batches of activities
		a := big.Activities[0]
		a.ID = strings.Repeat("x", i%7) + string(rune('a'+i%26))
		big.Activities = append(big.Activities, a)
	}
	failures := 0
	for n := 1; ; n++ {
		err := writeOut(&cancelAfter{Context: context.Background(), n: n}, out, big)
		if err == nil {
			if failures < 6 {
				t.Errorf("WriteDir succeeded after %d cancellation points, want at least 6", failures)
			}
			break
		}
		t.Run(fmt.Sprintf("cancel at check %d", n), func(t *testing.T) { check(t, err, context.Canceled) })
		failures++
		if n > 50 {
			t.Fatal("WriteDir never succeeded")
		}
	}

	// Start over from prev for the error-injection case.
	if err := writeOut(context.Background(), out, prev); err != nil {
		t.Fatal(err)
	}
	want = snapshot(t, out)
	bad := fullResult()
	bad.NextRunLimitM = math.NaN() // json cannot encode NaN: fails after all four tables are written
	err := writeOut(context.Background(), out, bad)
	t.Run("run.json error", func(t *testing.T) {
		if err == nil || !strings.HasPrefix(err.Error(), "write run.json: ") {
			t.Errorf("err = %v, want one starting with write run.json", err)
		}
		check(t, err, err)
	})
}

// TestFullResultSetsEveryField fails when analyze gains a field that
// fullResult does not set, which is the sign that store must map it too:
// every field must be non-zero in at least one value of its type.
func TestFullResultSetsEveryField(t *testing.T) {
	set := map[reflect.Type][]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type().PkgPath() != "github.com/legwork-run/legwork/analyze" {
				return
			}
			if set[v.Type()] == nil {
				set[v.Type()] = make([]bool, v.NumField())
			}
			for i := range v.NumField() {
				if !v.Field(i).IsZero() {
					set[v.Type()][i] = true
				}
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(fullResult()))
	for _, typ := range []reflect.Type{
		reflect.TypeFor[analyze.Result](), reflect.TypeFor[analyze.ActivityRow](), reflect.TypeFor[analyze.Week](),
		reflect.TypeFor[analyze.ShoeTotal](), reflect.TypeFor[analyze.Flag](), reflect.TypeFor[analyze.CurrentWeek](),
		reflect.TypeFor[analyze.Problem](),
	} {
		if set[typ] == nil {
			t.Errorf("fullResult has no %s", typ)
			continue
		}
		for i, ok := range set[typ] {
			if !ok {
				t.Errorf("fullResult never sets %s.%s: map it in store and set it here", typ, typ.Field(i).Name)
			}
		}
	}
}

package duckcheck

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// refWeek, refFlag and refShoe are rows of the JSON that
// tools/reference/reference.py writes: what METRICS.md says the weeks,
// flags and shoes tables should hold, computed without legwork's analyze
// package. Pointers are the nullable columns.
type refWeek struct {
	WeekStart         string   `json:"week_start"`
	Runs              int      `json:"runs"`
	DistanceM         float64  `json:"distance_m"`
	DurationS         float64  `json:"duration_s"`
	Load              float64  `json:"load"`
	LongestRunM       float64  `json:"longest_run_m"`
	DistanceChangePct *float64 `json:"distance_change_pct"`
	LoadChangePct     *float64 `json:"load_change_pct"`
	ACWR              *float64 `json:"acwr"`
	RestDays          int      `json:"rest_days"`
	Complete          bool     `json:"complete"`
	Monotony          *float64 `json:"monotony"`
}

type refFlag struct {
	Kind       string  `json:"kind"`
	Severity   string  `json:"severity"`
	WeekStart  *string `json:"week_start"`
	ActivityID *string `json:"activity_id"`
	Shoe       *string `json:"shoe"`
	Value      float64 `json:"value"`
	Threshold  float64 `json:"threshold"`
	Message    string  `json:"-"`
}

type refShoe struct {
	Shoe       string  `json:"shoe"`
	Runs       int     `json:"runs"`
	DistanceM  float64 `json:"distance_m"`
	FirstRun   *string `json:"first_run"`
	LastRun    *string `json:"last_run"`
	WarnAtM    float64 `json:"warn_at_m"`
	ReplaceAtM float64 `json:"replace_at_m"`
	Retired    bool    `json:"retired"`
	Status     string  `json:"status"`
}

// refActivity is what the reference says of one activity: whether it
// counts, its week, and (for counted runs only) its shoe.
type refActivity struct {
	Counted   bool    `json:"counted"`
	WeekStart string  `json:"week_start"`
	Shoe      *string `json:"shoe"`
}

type reference struct {
	AsOf       string                 `json:"as_of"`
	Activities map[string]refActivity `json:"activities"`
	Weeks      []refWeek              `json:"weeks"`
	Flags      []refFlag              `json:"flags"`
	Shoes      []refShoe              `json:"shoes"`
}

// Tolerances: distances and durations to 1e-6 relative (sums of the same
// runs in another order), percents to 1e-9 absolute (or relative when
// larger than 1), loads and ratios to 1e-9 relative.
const (
	tolDistance = 1e-6
	tolPercent  = 1e-9
	tolRatio    = 1e-9
)

// near reports whether a and b agree to tol relative to the larger of
// their magnitudes and 1.
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func nearPtr(a, b *float64, tol float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return near(*a, *b, tol)
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%.12g", *p)
}

func strPtr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func nullFloat(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

func nullString(n sql.NullString) *string {
	if !n.Valid {
		return nil
	}
	return &n.String
}

// TestReference compares the weeks, flags and shoes tables of the output
// directory LEGWORK_OUT, read with DuckDB, with the independent reference
// in the JSON file LEGWORK_REFERENCE (tools/reference/check.sh sets both):
// week by week, flags as sets keyed by kind and week, activity or shoe,
// and shoes row by row.
func TestReference(t *testing.T) {
	out, refPath := os.Getenv("LEGWORK_OUT"), os.Getenv("LEGWORK_REFERENCE")
	if out == "" || refPath == "" {
		t.Skip("LEGWORK_OUT and LEGWORK_REFERENCE are not both set")
	}
	if !filepath.IsAbs(out) || !filepath.IsAbs(refPath) {
		t.Fatalf("LEGWORK_OUT=%s and LEGWORK_REFERENCE=%s must be absolute paths: go test runs in tools/duckcheck", out, refPath)
	}
	raw, err := os.ReadFile(refPath)
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("%s: %v", refPath, err)
	}
	db := openDB(t)
	from := func(table string) string { return " FROM read_parquet(" + quote(parquetPath(out, table)) + ") " }

	t.Run("activities", func(t *testing.T) { compareActivities(t, db, from("activities"), ref.Activities) })
	t.Run("weeks", func(t *testing.T) { compareWeeks(t, db, from("weeks"), ref.Weeks) })
	t.Run("flags", func(t *testing.T) { compareFlags(t, db, from("flags"), ref.Flags) })
	t.Run("shoes", func(t *testing.T) { compareShoes(t, db, from("shoes"), ref.Shoes) })
}

// compareActivities checks counted and week_start of every activity, and
// the shoe of every counted one (the reference assigns shoes to counted
// runs only).
func compareActivities(t *testing.T, db *sql.DB, from string, want map[string]refActivity) {
	rows, err := db.Query("SELECT activity_id, source, counted, CAST(week_start AS VARCHAR), shoe" + from + "ORDER BY start_time, activity_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var id, source, week string
		var counted bool
		var shoe sql.NullString
		if err := rows.Scan(&id, &source, &counted, &week, &shoe); err != nil {
			t.Fatal(err)
		}
		w, ok := want[id]
		if !ok {
			t.Errorf("activity %s %s: not in the reference", id, source)
			continue
		}
		seen++
		if counted != w.Counted {
			t.Errorf("activity %s %s: counted legwork %v, reference %v", id, source, counted, w.Counted)
		}
		if week != w.WeekStart {
			t.Errorf("activity %s %s: week_start legwork %s, reference %s", id, source, week, w.WeekStart)
		}
		if w.Counted && shoe.String != strPtr(w.Shoe) {
			t.Errorf("activity %s %s: shoe legwork %q, reference %q", id, source, shoe.String, strPtr(w.Shoe))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != len(want) {
		t.Errorf("%d of the reference's %d activities in legwork's table", seen, len(want))
	}
}

func compareWeeks(t *testing.T, db *sql.DB, from string, want []refWeek) {
	rows, err := db.Query("SELECT CAST(week_start AS VARCHAR), runs, distance_m, duration_s, load, longest_run_m," +
		" distance_change_pct, load_change_pct, acwr, rest_days, complete, monotony" + from + "ORDER BY week_start")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]refWeek{}
	var order []string
	for rows.Next() {
		var w refWeek
		var dc, lc, acwr, mono sql.NullFloat64
		if err := rows.Scan(&w.WeekStart, &w.Runs, &w.DistanceM, &w.DurationS, &w.Load, &w.LongestRunM,
			&dc, &lc, &acwr, &w.RestDays, &w.Complete, &mono); err != nil {
			t.Fatal(err)
		}
		w.DistanceChangePct, w.LoadChangePct, w.ACWR, w.Monotony = nullFloat(dc), nullFloat(lc), nullFloat(acwr), nullFloat(mono)
		got[w.WeekStart] = w
		order = append(order, w.WeekStart)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var wantOrder []string
	for _, w := range want {
		wantOrder = append(wantOrder, w.WeekStart)
	}
	if strings.Join(order, ",") != strings.Join(wantOrder, ",") {
		t.Errorf("weeks differ:\n legwork   %v\n reference %v", order, wantOrder)
	}
	for _, w := range want {
		g, ok := got[w.WeekStart]
		if !ok {
			continue
		}
		var diffs []string
		add := func(ok bool, col, gs, ws string) {
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s legwork %s, reference %s", col, gs, ws))
			}
		}
		f := func(x float64) string { return fmt.Sprintf("%.12g", x) }
		add(g.Runs == w.Runs, "runs", fmt.Sprint(g.Runs), fmt.Sprint(w.Runs))
		add(near(g.DistanceM, w.DistanceM, tolDistance), "distance_m", f(g.DistanceM), f(w.DistanceM))
		add(near(g.DurationS, w.DurationS, tolDistance), "duration_s", f(g.DurationS), f(w.DurationS))
		add(near(g.Load, w.Load, tolRatio), "load", f(g.Load), f(w.Load))
		add(near(g.LongestRunM, w.LongestRunM, tolDistance), "longest_run_m", f(g.LongestRunM), f(w.LongestRunM))
		add(nearPtr(g.DistanceChangePct, w.DistanceChangePct, tolPercent), "distance_change_pct", fmtPtr(g.DistanceChangePct), fmtPtr(w.DistanceChangePct))
		add(nearPtr(g.LoadChangePct, w.LoadChangePct, tolPercent), "load_change_pct", fmtPtr(g.LoadChangePct), fmtPtr(w.LoadChangePct))
		add(nearPtr(g.ACWR, w.ACWR, tolRatio), "acwr", fmtPtr(g.ACWR), fmtPtr(w.ACWR))
		add(g.RestDays == w.RestDays, "rest_days", fmt.Sprint(g.RestDays), fmt.Sprint(w.RestDays))
		add(g.Complete == w.Complete, "complete", fmt.Sprint(g.Complete), fmt.Sprint(w.Complete))
		add(nearPtr(g.Monotony, w.Monotony, tolRatio), "monotony", fmtPtr(g.Monotony), fmtPtr(w.Monotony))
		for _, d := range diffs {
			t.Errorf("week %s: %s", w.WeekStart, d)
		}
	}
}

// flagKey identifies a flag: its kind and what it is about.
func flagKey(f refFlag) string {
	return f.Kind + " " + strPtr(f.WeekStart) + strPtr(f.ActivityID) + strPtr(f.Shoe)
}

func compareFlags(t *testing.T, db *sql.DB, from string, want []refFlag) {
	rows, err := db.Query("SELECT kind, severity, CAST(week_start AS VARCHAR), activity_id, shoe, value, threshold, message" + from)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]refFlag{}
	for rows.Next() {
		var f refFlag
		var week, act, shoe sql.NullString
		if err := rows.Scan(&f.Kind, &f.Severity, &week, &act, &shoe, &f.Value, &f.Threshold, &f.Message); err != nil {
			t.Fatal(err)
		}
		f.WeekStart, f.ActivityID, f.Shoe = nullString(week), nullString(act), nullString(shoe)
		k := flagKey(f)
		if _, dup := got[k]; dup {
			t.Errorf("flag %s twice in legwork's table", k)
		}
		got[k] = f
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	wantBy := map[string]refFlag{}
	for _, f := range want {
		wantBy[flagKey(f)] = f
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	for k := range wantBy {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		g, inGot := got[k]
		w, inWant := wantBy[k]
		switch {
		case !inWant:
			t.Errorf("flag %s: only in legwork (%s, value %.12g, threshold %.12g: %q)", k, g.Severity, g.Value, g.Threshold, g.Message)
		case !inGot:
			t.Errorf("flag %s: only in the reference (%s, value %.12g, threshold %.12g)", k, w.Severity, w.Value, w.Threshold)
		default:
			if g.Severity != w.Severity {
				t.Errorf("flag %s: severity legwork %s, reference %s (%q)", k, g.Severity, w.Severity, g.Message)
			}
			valueOK := near(g.Value, w.Value, tolRatio)
			if g.Kind == "return_after_break" {
				// Days between starts; inspect --json gives starts to the
				// second (time.RFC3339), the tables to the nanosecond.
				valueOK = math.Abs(g.Value-w.Value) <= 1.0/86400
			}
			if !valueOK {
				t.Errorf("flag %s: value legwork %.12g, reference %.12g (%q)", k, g.Value, w.Value, g.Message)
			}
			if !near(g.Threshold, w.Threshold, tolRatio) {
				t.Errorf("flag %s: threshold legwork %.12g, reference %.12g (%q)", k, g.Threshold, w.Threshold, g.Message)
			}
		}
	}
}

func compareShoes(t *testing.T, db *sql.DB, from string, want []refShoe) {
	// Shoes keep the configuration's order (rowid is the order in the file).
	rows, err := db.Query("SELECT shoe, runs, distance_m, CAST(first_run AS VARCHAR), CAST(last_run AS VARCHAR)," +
		" warn_at_m, replace_at_m, retired, status" + from)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []refShoe
	for rows.Next() {
		var s refShoe
		var first, last sql.NullString
		if err := rows.Scan(&s.Shoe, &s.Runs, &s.DistanceM, &first, &last, &s.WarnAtM, &s.ReplaceAtM, &s.Retired, &s.Status); err != nil {
			t.Fatal(err)
		}
		s.FirstRun, s.LastRun = nullString(first), nullString(last)
		got = append(got, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d shoes in legwork, %d in the reference", len(got), len(want))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		g, w := got[i], want[i]
		f := func(x float64) string { return fmt.Sprintf("%.12g", x) }
		check := func(ok bool, col, gs, ws string) {
			if !ok {
				t.Errorf("shoe %d %q: %s legwork %s, reference %s", i, w.Shoe, col, gs, ws)
			}
		}
		check(g.Shoe == w.Shoe, "shoe", g.Shoe, w.Shoe)
		check(g.Runs == w.Runs, "runs", fmt.Sprint(g.Runs), fmt.Sprint(w.Runs))
		check(near(g.DistanceM, w.DistanceM, tolDistance), "distance_m", f(g.DistanceM), f(w.DistanceM))
		check(strPtr(g.FirstRun) == strPtr(w.FirstRun), "first_run", strPtr(g.FirstRun), strPtr(w.FirstRun))
		check(strPtr(g.LastRun) == strPtr(w.LastRun), "last_run", strPtr(g.LastRun), strPtr(w.LastRun))
		check(near(g.WarnAtM, w.WarnAtM, tolDistance), "warn_at_m", f(g.WarnAtM), f(w.WarnAtM))
		check(near(g.ReplaceAtM, w.ReplaceAtM, tolDistance), "replace_at_m", f(g.ReplaceAtM), f(w.ReplaceAtM))
		check(g.Retired == w.Retired, "retired", fmt.Sprint(g.Retired), fmt.Sprint(w.Retired))
		check(g.Status == w.Status, "status", g.Status, w.Status)
	}
}

// TestDumpLoads writes the load column of LEGWORK_OUT's activities table
// to the JSON file LEGWORK_DUMP_LOADS, as an object from activity_id to
// load (null when there is none). tools/reference/check.sh gives it to
// reference.py: `legwork inspect` computes loads as of the last activity
// (its hr_max estimate then sees later runs), so for an earlier --as-of only
// the run's own per-activity loads are the facts the weekly sums start from.
func TestDumpLoads(t *testing.T) {
	out, dump := os.Getenv("LEGWORK_OUT"), os.Getenv("LEGWORK_DUMP_LOADS")
	if out == "" || dump == "" {
		t.Skip("LEGWORK_OUT and LEGWORK_DUMP_LOADS are not both set")
	}
	db := openDB(t)
	rows, err := db.Query("SELECT activity_id, load FROM read_parquet(" + quote(parquetPath(out, "activities")) + ")")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	loads := map[string]*float64{}
	for rows.Next() {
		var id string
		var load sql.NullFloat64
		if err := rows.Scan(&id, &load); err != nil {
			t.Fatal(err)
		}
		loads[id] = nullFloat(load)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(loads)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dump, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

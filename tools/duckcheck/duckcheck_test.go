package duckcheck

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/outdir"
	"github.com/legwork-run/legwork/store"
)

// writeOut writes the tables of r into out/data as legwork run does:
// store.WriteDir into a staging directory of internal/outdir, committed
// with the manifest that records them as legwork's.
func writeOut(t *testing.T, out string, r *analyze.Result, opts ...store.Option) {
	t.Helper()
	if err := os.MkdirAll(out, 0o777); err != nil {
		t.Fatal(err)
	}
	st, err := outdir.NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Mkdir("data")
	if err == nil {
		err = store.WriteDir(context.Background(), st.Path("data"), r, opts...)
	}
	if err == nil {
		err = st.Commit()
	}
	if err != nil {
		st.Discard()
		t.Fatal(err)
	}
}

// contract is DESIGN.md's output contract as DuckDB types, table by table,
// followed by the extra columns store writes. The list is written out here
// rather than taken from store so that the two can disagree.
var contract = map[string][][2]string{
	"activities": {
		{"activity_id", "VARCHAR"}, {"source", "VARCHAR"}, {"format", "VARCHAR"}, {"sport", "VARCHAR"},
		{"device", "VARCHAR"}, {"start_time", "TIMESTAMP WITH TIME ZONE"}, {"utc_offset_s", "INTEGER"},
		{"local_date", "DATE"}, {"week_start", "DATE"}, {"elapsed_s", "DOUBLE"}, {"moving_s", "DOUBLE"},
		{"distance_m", "DOUBLE"}, {"ascent_m", "DOUBLE"}, {"avg_hr", "INTEGER"}, {"max_hr", "INTEGER"},
		{"load", "DOUBLE"}, {"shoe", "VARCHAR"}, {"counted", "BOOLEAN"}, {"duplicate_of", "VARCHAR"},
		// extra
		{"offset_source", "VARCHAR"}, {"name", "VARCHAR"}, {"load_imputed", "BOOLEAN"},
	},
	"weeks": {
		{"week_start", "DATE"}, {"runs", "INTEGER"}, {"distance_m", "DOUBLE"}, {"duration_s", "DOUBLE"},
		{"load", "DOUBLE"}, {"longest_run_m", "DOUBLE"}, {"distance_change_pct", "DOUBLE"},
		{"load_change_pct", "DOUBLE"}, {"acwr", "DOUBLE"}, {"rest_days", "INTEGER"}, {"complete", "BOOLEAN"},
		// extra
		{"monotony", "DOUBLE"}, {"days", "INTEGER"},
	},
	"shoes": {
		{"shoe", "VARCHAR"}, {"runs", "INTEGER"}, {"distance_m", "DOUBLE"}, {"first_run", "DATE"},
		{"last_run", "DATE"}, {"warn_at_m", "DOUBLE"}, {"replace_at_m", "DOUBLE"}, {"retired", "BOOLEAN"},
		{"status", "VARCHAR"},
		// extra
		{"replace_by", "DATE"},
	},
	"flags": {
		{"kind", "VARCHAR"}, {"severity", "VARCHAR"}, {"week_start", "DATE"}, {"activity_id", "VARCHAR"},
		{"shoe", "VARCHAR"}, {"value", "DOUBLE"}, {"threshold", "DOUBLE"}, {"message", "VARCHAR"},
		// extra
		{"date", "DATE"}, {"base", "DOUBLE"},
	},
}

var tables = []string{"activities", "weeks", "shoes", "flags"}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }

// sample is a small but realistic Result: a week with two runs (one a
// duplicate), a week without running, shoes with and without runs, and
// flags about a week, a run and a shoe.
func sample() *analyze.Result {
	return &analyze.Result{
		AsOf: day(2026, 3, 29),
		Activities: []analyze.ActivityRow{
			{
				ID: "a1", Source: "runs/long.fit", Format: "fit", Sport: "running", Device: "Garmin Forerunner 255",
				Name: "Sunday long run", Start: time.Date(2026, 3, 29, 11, 5, 30, 250e6, time.UTC),
				UTCOffset: 2 * 3600, OffsetSource: "file", LocalDate: day(2026, 3, 29), WeekStart: day(2026, 3, 23),
				Elapsed: 1*time.Hour + 45*time.Minute, Moving: 1*time.Hour + 41*time.Minute + 12*time.Second,
				DistanceM: 21097.5, AscentM: ptr(180.0), AvgHR: 151, MaxHR: 174, Load: ptr(142.7),
				Shoe: "Pegasus 40", Counted: true,
			},
			{
				ID: "a2", Source: "export.zip!/activities/a2.gpx", Format: "gpx", Sport: "running",
				Start: time.Date(2026, 3, 29, 11, 5, 31, 0, time.UTC), UTCOffset: 2 * 3600, OffsetSource: "position",
				LocalDate: day(2026, 3, 29), WeekStart: day(2026, 3, 23), Elapsed: 1*time.Hour + 45*time.Minute,
				DistanceM: 21050, DuplicateOf: "a1",
			},
		},
		Weeks: []analyze.Week{
			{Start: day(2026, 3, 16), RestDays: 7, Complete: true, Days: 7},
			{
				Start: day(2026, 3, 23), Runs: 1, DistanceM: 21097.5, Duration: time.Hour + 41*time.Minute + 12*time.Second,
				Load: 142.7, LongestRunM: 21097.5, ACWR: ptr(1.4), RestDays: 6, Days: 7,
			},
		},
		Shoes: []analyze.ShoeTotal{
			{
				Name: "Pegasus 40", Runs: 1, DistanceM: 21097.5, FirstRun: day(2026, 3, 29), LastRun: day(2026, 3, 29),
				WarnAtM: 482803.2, ReplaceAtM: 804672, Status: "ok", ReplaceBy: day(2027, 1, 4),
			},
			{Name: "Spare", WarnAtM: 482803.2, ReplaceAtM: 804672, Status: "ok"},
		},
		Flags: []analyze.Flag{
			{Kind: "return_after_break", Severity: "info", Week: day(2026, 3, 23), Date: day(2026, 3, 23), Value: 21097.5, Threshold: 0},
			{Kind: "session_spike", Severity: "high", ActivityID: "a1", Date: day(2026, 3, 29), Value: 21097.5, Threshold: 0},
		},
		HRMax: 190, HRRest: 50,
		Current: &analyze.CurrentWeek{Start: day(2026, 3, 23), DistanceM: 21097.5},
	}
}

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func parquetPath(out, table string) string {
	return filepath.Join(filepath.Join(out, "data"), table+".parquet")
}

// quote makes a path a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// checkColumns compares the columns DuckDB sees in every table of out with
// the contract, and checks that the file is zstd-compressed, as the contract says.
func checkColumns(t *testing.T, db *sql.DB, out string) {
	for _, table := range tables {
		t.Run(table, func(t *testing.T) {
			p := quote(parquetPath(out, table))
			rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + p + "))")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			got := map[string]string{}
			var order []string
			for rows.Next() {
				var name, typ string
				if err := rows.Scan(&name, &typ); err != nil {
					t.Fatal(err)
				}
				got[name] = typ
				order = append(order, name)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			for _, c := range contract[table] {
				if typ, ok := got[c[0]]; !ok {
					t.Errorf("no column %s (have %v)", c[0], order)
				} else if typ != c[1] {
					t.Errorf("column %s is %s, want %s", c[0], typ, c[1])
				}
			}
			if len(order) != len(contract[table]) {
				t.Errorf("%d columns %v, want %d", len(order), order, len(contract[table]))
			}

			// An empty table has no column chunks, hence no codec (NULL).
			var codecs sql.NullString
			err = db.QueryRow("SELECT string_agg(DISTINCT compression, ',') FROM parquet_metadata(" + p + ")").Scan(&codecs)
			if err != nil {
				t.Fatal(err)
			}
			if codecs.Valid && codecs.String != "ZSTD" {
				t.Errorf("compression %q, want ZSTD", codecs.String)
			}
		})
	}
}

func TestContract(t *testing.T) {
	out := t.TempDir()
	writeOut(t, out, sample())
	db := openDB(t)
	checkColumns(t, db, out)

	from := func(table string) string { return " FROM read_parquet(" + quote(parquetPath(out, table)) + ") " }
	// Each query returns one row of one value, compared as text so that the
	// check does not depend on how the driver converts types.
	tests := []struct {
		name, query, want string
	}{
		{"activities rows", "SELECT count(*)" + from("activities"), "2"},
		{"local date", "SELECT CAST(local_date AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a1'", "2026-03-29"},
		{"week start", "SELECT CAST(week_start AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a1'", "2026-03-23"},
		{"start time instant", "SELECT CAST(epoch_ms(start_time) AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a1'",
			"1774782330250"}, // 2026-03-29T11:05:30.250Z
		{"local time from offset", "SELECT CAST(CAST(start_time AT TIME ZONE 'UTC' AS TIMESTAMP) + to_seconds(utc_offset_s) AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a1'",
			"2026-03-29 13:05:30.25"},
		{"int32 value", "SELECT CAST(avg_hr AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a1'", "151"},
		{"null ascent", "SELECT CAST(ascent_m IS NULL AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a2'", "true"},
		{"null avg_hr", "SELECT CAST(avg_hr IS NULL AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a2'", "true"},
		{"null shoe", "SELECT CAST(shoe IS NULL AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a2'", "true"},
		{"duplicate_of", "SELECT duplicate_of" + from("activities") + "WHERE activity_id = 'a2'", "a1"},
		{"null duplicate_of", "SELECT CAST(duplicate_of IS NULL AS VARCHAR)" + from("activities") + "WHERE activity_id = 'a1'", "true"},
		{"counted", "SELECT string_agg(CAST(counted AS VARCHAR), ',' ORDER BY activity_id)" + from("activities"), "true,false"},
		{"week dates", "SELECT string_agg(CAST(week_start AS VARCHAR), ',' ORDER BY week_start)" + from("weeks"), "2026-03-16,2026-03-23"},
		{"week with no running", "SELECT CAST(distance_m AS VARCHAR) || '/' || CAST(runs AS VARCHAR)" + from("weeks") + "WHERE week_start = DATE '2026-03-16'", "0.0/0"},
		{"null change pct", "SELECT CAST(count(*) AS VARCHAR)" + from("weeks") + "WHERE distance_change_pct IS NULL", "2"},
		{"acwr", "SELECT CAST(acwr AS VARCHAR)" + from("weeks") + "WHERE week_start = DATE '2026-03-23'", "1.4"},
		{"shoe first run", "SELECT CAST(first_run AS VARCHAR)" + from("shoes") + "WHERE shoe = 'Pegasus 40'", "2026-03-29"},
		{"shoe replace_by", "SELECT CAST(replace_by AS VARCHAR)" + from("shoes") + "WHERE shoe = 'Pegasus 40'", "2027-01-04"},
		{"shoe without runs", "SELECT CAST(first_run IS NULL AND last_run IS NULL AND replace_by IS NULL AS VARCHAR)" + from("shoes") + "WHERE shoe = 'Spare'", "true"},
		{"flag week", "SELECT CAST(week_start AS VARCHAR)" + from("flags") + "WHERE kind = 'return_after_break'", "2026-03-23"},
		{"flag nulls", "SELECT CAST(week_start IS NULL AND shoe IS NULL AS VARCHAR) || ' ' || activity_id" + from("flags") + "WHERE kind = 'session_spike'", "true a1"},
		{"flag date", "SELECT CAST(date AS VARCHAR)" + from("flags") + "WHERE kind = 'session_spike'", "2026-03-29"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got sql.NullString
			if err := db.QueryRow(tc.query).Scan(&got); err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			if !got.Valid || got.String != tc.want {
				t.Errorf("%s\n got %v, want %q", tc.query, got, tc.want)
			}
		})
	}

	// The driver's own conversions agree: a DATE and a TIMESTAMPTZ scan to the right instants.
	var localDate, start time.Time
	err := db.QueryRow("SELECT local_date, start_time"+from("activities")+"WHERE activity_id = 'a1'").Scan(&localDate, &start)
	if err != nil {
		t.Fatal(err)
	}
	if !localDate.Equal(day(2026, 3, 29)) {
		t.Errorf("local_date scanned as %v", localDate)
	}
	if want := time.Date(2026, 3, 29, 11, 5, 30, 250e6, time.UTC); !start.Equal(want) {
		t.Errorf("start_time scanned as %v, want %v", start, want)
	}
}

// TestOutputDir checks the data/ of a real output directory, given as
// LEGWORK_OUT: the contract's columns, plus a few facts any run's tables
// must satisfy (plausible dates, weeks without gaps, one incomplete week).
func TestOutputDir(t *testing.T) {
	out := os.Getenv("LEGWORK_OUT")
	if out == "" {
		t.Skip("LEGWORK_OUT is not set")
	}
	if !filepath.IsAbs(out) {
		t.Fatalf("LEGWORK_OUT=%s must be an absolute path: go test runs in tools/duckcheck", out)
	}
	db := openDB(t)
	checkColumns(t, db, out)
	from := func(table string) string { return " FROM read_parquet(" + quote(parquetPath(out, table)) + ") " }
	tests := []struct {
		name, query string // query counts rows that break the rule
	}{
		{"dates between 1990 and 2100", "SELECT count(*)" + from("activities") +
			"WHERE local_date NOT BETWEEN DATE '1990-01-01' AND DATE '2100-01-01' OR week_start NOT BETWEEN DATE '1990-01-01' AND DATE '2100-01-01'"},
		{"start times between 1990 and 2100", "SELECT count(*)" + from("activities") +
			"WHERE start_time NOT BETWEEN TIMESTAMPTZ '1990-01-01 00:00:00+00' AND TIMESTAMPTZ '2100-01-01 00:00:00+00'"},
		{"week_start at most 6 days before local_date", "SELECT count(*)" + from("activities") +
			"WHERE local_date - week_start NOT BETWEEN 0 AND 6"},
		{"weeks 7 days apart", "SELECT count(*) FROM (SELECT week_start - lag(week_start) OVER (ORDER BY week_start) AS gap" +
			from("weeks") + ") WHERE gap <> 7"},
		{"only the last week incomplete", "SELECT count(*) FROM (SELECT complete, week_start = max(week_start) OVER () AS last" +
			from("weeks") + ") WHERE complete = last"},
		{"flag severities", "SELECT count(*)" + from("flags") + "WHERE severity NOT IN ('info', 'caution', 'high')"},
		{"shoe statuses", "SELECT count(*)" + from("shoes") + "WHERE status NOT IN ('ok', 'worn', 'replace')"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var bad int
			if err := db.QueryRow(tc.query).Scan(&bad); err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			if bad != 0 {
				t.Errorf("%d rows break it: %s", bad, tc.query)
			}
		})
	}
}

// TestEmpty checks that tables without rows (a first run on an empty
// folder) still carry the contract's columns.
func TestEmpty(t *testing.T) {
	out := t.TempDir()
	writeOut(t, out, &analyze.Result{AsOf: day(2026, 3, 29)})
	checkColumns(t, openDB(t), out)
}

package duckcheck

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Hive-partitioned queries over a squad's --out (legwork squad): the
// athlete=ID folders are partitions, so one read_parquet reads every
// athlete with an athlete column. The two queries are the ones in
// docs/squad-queries.md. hive_types keeps the athlete column text: without
// it DuckDB would read an id like "007" as the number 7.
const (
	hiveOpts = ", hive_partitioning = true, hive_types = {'athlete': VARCHAR})"

	// risingQuery: athletes whose distance rose more than 10% in their
	// last complete week.
	risingQuery = `SELECT athlete, week_start, round(distance_change_pct, 1) AS pct
FROM read_parquet(%WEEKS%` + hiveOpts + `
WHERE complete
QUALIFY row_number() OVER (PARTITION BY athlete ORDER BY week_start DESC) = 1
  AND distance_change_pct > 10
ORDER BY athlete`

	// shoesQuery: shoes past 300 mi across the squad, still in use.
	shoesQuery = `SELECT athlete, shoe, round(distance_m / 1609.344, 1) AS miles, status
FROM read_parquet(%SHOES%` + hiveOpts + `
WHERE NOT retired AND distance_m > 300 * 1609.344
ORDER BY athlete, shoe`
)

// squadIDs are the athletes of the generated squad, in name order: a
// numeric-looking id and one with quotes, a space and markup.
var squadIDs = []string{"007", "alex", `o'brien "x" <i>`}

func TestSquadHive(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "legwork")
	if b, err := exec.Command("go", "build", "-C", "../..", "-o", bin, "./cmd/legwork").CombinedOutput(); err != nil {
		t.Fatalf("build legwork: %v\n%s", err, b)
	}
	demo, _ := filepath.Abs("../../testdata/demo")
	squad := filepath.Join(tmp, "squad")
	for i, id := range squadIDs {
		dst := filepath.Join(squad, id)
		srcs := [][]string{{"gpx"}, {"garmin", "trail"}, {"trail"}}[i]
		for _, s := range srcs {
			if err := os.CopyFS(filepath.Join(dst, s), os.DirFS(filepath.Join(demo, s))); err != nil {
				t.Fatal(err)
			}
		}
		toml, err := os.ReadFile(filepath.Join(demo, "legwork.toml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, "legwork.toml"), toml, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(tmp, "out")
	if b, err := exec.Command(bin, "squad", "-q", "--as-of", "2026-11-25", "-o", out, squad).CombinedOutput(); err != nil {
		t.Fatalf("legwork squad: %v\n%s", err, b)
	}

	db := openDB(t)
	glob := func(table string) string {
		return quote(filepath.Join(out, "athlete=*", "data", table+".parquet"))
	}
	var got []string
	rows, err := db.Query("SELECT DISTINCT athlete FROM read_parquet(" + glob("weeks") + hiveOpts + " ORDER BY athlete")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		got = append(got, a)
	}
	if !slices.Equal(got, squadIDs) {
		t.Errorf("athlete column: %q, want %q", got, squadIDs)
	}

	// Each query over the partitions gives what the same query gives over
	// each athlete's file on its own, with the id added.
	for _, q := range []struct{ name, sql, table string }{
		{"rising distance", risingQuery, "weeks"},
		{"shoes past 300 mi", shoesQuery, "shoes"},
	} {
		t.Run(q.name, func(t *testing.T) {
			hive := strings.NewReplacer("%WEEKS%", glob("weeks"), "%SHOES%", glob("shoes")).Replace(q.sql)
			all := queryRows(t, db, hive)
			var want []string
			for _, id := range squadIDs {
				one := filepath.Join(out, "athlete="+id, "data", q.table+".parquet")
				// the same query on one file, the athlete given as a constant
				single := strings.NewReplacer(
					"%WEEKS%", quote(one), "%SHOES%", quote(one),
					hiveOpts, ")",
					"SELECT athlete,", "SELECT "+quote(id)+" AS athlete,",
					"PARTITION BY athlete ", "",
				).Replace(q.sql)
				want = append(want, queryRows(t, db, single)...)
			}
			if !slices.Equal(all, want) {
				t.Errorf("over the partitions:\n%q\nathlete by athlete:\n%q", all, want)
			}
			t.Logf("%s: %d rows: %q", q.name, len(all), all)
		})
	}
	// The demo's Pegasus 40 is past 300 mi: the shoe query finds it for
	// every athlete that ran the demo's road runs.
	if rows := queryRows(t, db, strings.ReplaceAll(shoesQuery, "%SHOES%", glob("shoes"))); len(rows) == 0 {
		t.Error("no shoe past 300 mi found")
	}
}

// queryRows runs q and returns each row as its columns joined by tabs.
func queryRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, v := range vals {
			parts = append(parts, strings.TrimSpace(strings.ReplaceAll(fmtAny(v), "\n", " ")))
		}
		out = append(out, strings.Join(parts, "\t"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func fmtAny(v any) string {
	if v == nil {
		return "NULL"
	}
	return strings.TrimSpace(strings.Trim(fmtValue(v), "{}"))
}

func fmtValue(v any) string { return fmt.Sprint(v) }

package duckcheck

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/store"
)

// TestCSV reads the CSV files of `legwork run --csv` with DuckDB's CSV
// reader (a stand-in for a spreadsheet) and checks that every cell, cast
// to the Parquet column's type, equals the Parquet table's: dates,
// timestamps, numbers, booleans, and nulls as empty cells. An empty string
// and a null are the same empty cell in CSV, so an empty string in a
// Parquet text column counts as null.
func TestCSV(t *testing.T) {
	out := t.TempDir()
	writeOut(t, out, sample(), store.WithCSV(true))
	db := openDB(t)
	for _, table := range tables {
		t.Run(table, func(t *testing.T) {
			pq := quote(parquetPath(out, table))
			csv := quote(filepath.Join(filepath.Join(out, "data"), table+".csv"))
			var pqCols, csvCols []string
			for _, c := range contract[table] {
				name, typ := `"`+c[0]+`"`, c[1]
				if typ == "VARCHAR" {
					pqCols = append(pqCols, "NULLIF("+name+", '') AS "+name)
				} else {
					pqCols = append(pqCols, name)
				}
				csvCols = append(csvCols, "CAST("+name+" AS "+typ+") AS "+name)
			}
			pqQ := "SELECT " + strings.Join(pqCols, ", ") + " FROM read_parquet(" + pq + ")"
			csvQ := "SELECT " + strings.Join(csvCols, ", ") + " FROM read_csv(" + csv + ", header = true, all_varchar = true)"
			var n, diff int
			if err := db.QueryRow("SELECT count(*) FROM (" + csvQ + ")").Scan(&n); err != nil {
				t.Fatalf("%v\n%s", err, csvQ)
			}
			q := "SELECT count(*) FROM ((" + pqQ + " EXCEPT ALL " + csvQ + ") UNION ALL (" + csvQ + " EXCEPT ALL " + pqQ + "))"
			if err := db.QueryRow(q).Scan(&diff); err != nil {
				t.Fatalf("%v\n%s", err, q)
			}
			var rows int
			db.QueryRow("SELECT count(*) FROM read_parquet(" + pq + ")").Scan(&rows)
			if n != rows || diff != 0 {
				t.Errorf("CSV has %d rows, Parquet %d; %d rows differ", n, rows, diff)
				showDiff(t, db, pqQ, csvQ)
			}
		})
	}
}

func showDiff(t *testing.T, db *sql.DB, a, b string) {
	for _, row := range queryRows(t, db, a+" EXCEPT ALL "+b) {
		t.Logf("only in Parquet: %s", row)
	}
}

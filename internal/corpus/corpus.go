package corpus

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// Find returns the corpus directory, or "" when it is not there.
func Find() string {
	dir := os.Getenv("CORPUS_DIR")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return ""
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !isNested(d) {
				dir = filepath.Join(d, "..", "shared", "corpus")
				break
			}
			if filepath.Dir(d) == d {
				return ""
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "EXPECTED.tsv")); err != nil {
		return ""
	}
	return dir
}

// isNested reports whether d holds a module nested in the repository (such
// as tools/duckcheck), whose parent directories hold the repository's own
// go.mod.
func isNested(d string) bool {
	_, err := os.Stat(filepath.Join(d, "..", "..", "go.mod"))
	return err == nil
}

// Dir returns the corpus directory. It skips the test when the corpus is
// missing, and fails it when CI=true.
func Dir(t testing.TB) string {
	t.Helper()
	dir := Find()
	if dir == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but the corpus is missing: check out shared/ beside the repository or set CORPUS_DIR")
		}
		t.Skip("corpus not found: check out shared/ beside the repository or set CORPUS_DIR")
	}
	return dir
}

// Expected returns EXPECTED.tsv's rows as maps from column name to value,
// in file order.
func Expected(t testing.TB, dir string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "EXPECTED.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("EXPECTED.tsv: %d rows, %v", len(recs), err)
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(recs[0]))
		for i, h := range recs[0] {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		rows = append(rows, m)
	}
	return rows
}

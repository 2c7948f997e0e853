package duckcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sqlBlock matches a ```sql fenced block of a Markdown file.
var sqlBlock = regexp.MustCompile("(?s)```sql\n(.*?)```")

// schemaQueries returns the SQL blocks of docs/schema.md.
func schemaQueries(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, m := range sqlBlock.FindAllSubmatch(b, -1) {
		qs = append(qs, string(m[1]))
	}
	if len(qs) < 4 {
		t.Fatalf("docs/schema.md has %d sql blocks, want the examples", len(qs))
	}
	return qs
}

// runSchemaQueries runs every query of docs/schema.md with legwork-out/
// standing for out (and legwork-out/athlete=*/ for squad, a directory of
// athlete=ID outputs), and checks that each returns at least one row when
// nonEmpty.
func runSchemaQueries(t *testing.T, out, squad string, nonEmpty bool) {
	db := openDB(t)
	for i, q := range schemaQueries(t) {
		name := strings.Fields(strings.TrimSpace(q))[0] + "_" + string(rune('a'+i))
		t.Run(name, func(t *testing.T) {
			q := strings.ReplaceAll(q, "'legwork-out/athlete=*/", "'"+filepath.ToSlash(squad)+"/athlete=*/")
			q = strings.ReplaceAll(q, "'legwork-out/", "'"+filepath.ToSlash(out)+"/")
			if strings.Contains(q, "'legwork-out") {
				t.Fatalf("a path the test does not know:\n%s", q)
			}
			n := len(queryRows(t, db, q))
			if nonEmpty && n == 0 {
				t.Errorf("no rows:\n%s", q)
			}
		})
	}
}

// TestSchemaQueries runs the examples of docs/schema.md against sample()'s
// tables, so that the documentation cannot rot.
func TestSchemaQueries(t *testing.T) {
	out := t.TempDir()
	writeOut(t, out, sample())
	squad := t.TempDir()
	for _, id := range []string{"ana", "ben"} {
		writeOut(t, filepath.Join(squad, "athlete="+id), sample())
	}
	runSchemaQueries(t, out, squad, true)
}

// TestSchemaQueriesOutputDir runs them against LEGWORK_OUT (the demo).
func TestSchemaQueriesOutputDir(t *testing.T) {
	out := os.Getenv("LEGWORK_OUT")
	if out == "" {
		t.Skip("LEGWORK_OUT is not set")
	}
	squad := t.TempDir()
	if err := os.Symlink(out, filepath.Join(squad, "athlete=demo")); err != nil {
		t.Fatal(err)
	}
	runSchemaQueries(t, out, squad, true)
}

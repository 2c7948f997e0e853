package store

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// TestSchemaDoc checks that docs/schema.md lists every column of every
// table, in the tables' order, and marks exactly the nullable ones with
// **?**.
func TestSchemaDoc(t *testing.T) {
	b, err := os.ReadFile("../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	row := regexp.MustCompile("(?m)^\\| `([a-z_0-9]+)`( \\*\\*\\?\\*\\*)? \\|")
	schemas := map[string]*parquet.Schema{
		"activities": parquet.SchemaOf(ActivityRow{}),
		"weeks":      parquet.SchemaOf(weekRow{}),
		"shoes":      parquet.SchemaOf(ShoeRow{}),
		"flags":      parquet.SchemaOf(flagRow{}),
	}
	for table, schema := range schemas {
		start := strings.Index(doc, "\n## "+table+"\n")
		if start < 0 {
			t.Errorf("docs/schema.md has no section %q", "## "+table)
			continue
		}
		// The section's first Markdown table, from its "| column |" header.
		section := doc[start+1:]
		section = section[strings.Index(section, "\n| column |")+1:]
		if end := strings.Index(section, "\n\n"); end >= 0 {
			section = section[:end]
		}
		var got, gotNull, want, wantNull []string
		for _, m := range row.FindAllStringSubmatch(section, -1) {
			got = append(got, m[1])
			if m[2] != "" {
				gotNull = append(gotNull, m[1])
			}
		}
		for _, f := range schema.Fields() {
			want = append(want, f.Name())
			if f.Optional() {
				wantNull = append(wantNull, f.Name())
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("docs/schema.md, %s: columns\n %v\nwant\n %v", table, got, want)
		}
		if !slices.Equal(gotNull, wantNull) {
			t.Errorf("docs/schema.md, %s: nullable %v, want %v", table, gotNull, wantNull)
		}
	}
}

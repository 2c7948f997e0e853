package duckcheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/store"
)

// arrowTypes maps the contract's DuckDB types to the Arrow types that
// Apache Arrow's Parquet reader must give.
var arrowTypes = map[string]arrow.DataType{
	"VARCHAR":                  arrow.BinaryTypes.String,
	"TIMESTAMP WITH TIME ZONE": &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"},
	"INTEGER":                  arrow.PrimitiveTypes.Int32,
	"DATE":                     arrow.FixedWidthTypes.Date32,
	"DOUBLE":                   arrow.PrimitiveTypes.Float64,
	"BOOLEAN":                  arrow.FixedWidthTypes.Boolean,
}

// nullable lists the columns that may be null: DESIGN.md's "?" columns and
// the nullable extras. Every other column is required.
var nullable = map[string][]string{
	"activities": {"moving_s", "ascent_m", "avg_hr", "max_hr", "load", "shoe", "duplicate_of", "name"},
	"weeks":      {"distance_change_pct", "load_change_pct", "acwr", "monotony"},
	"shoes":      {"first_run", "last_run", "replace_by"},
	"flags":      {"week_start", "activity_id", "shoe", "date"},
}

// arrowTable is one table as Apache Arrow reads it: its schema, its
// key-value metadata, the types of its data pages and encodings, and its
// rows as Go values (string, int32, float64, bool, time.Time in UTC for
// dates and timestamps, nil for null).
type arrowTable struct {
	schema    *arrow.Schema
	meta      map[string]string
	pageTypes map[string]bool // "DATA_PAGE", "DICTIONARY_PAGE", ...
	encodings map[string]bool // of the data pages
	rows      []map[string]any
}

func readArrow(t *testing.T, path string) arrowTable {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("arrow: open %s: %v", path, err)
	}
	defer rdr.Close()
	at := arrowTable{meta: map[string]string{}, pageTypes: map[string]bool{}, encodings: map[string]bool{}}
	for _, kv := range rdr.MetaData().KeyValueMetadata() {
		if kv.Value != nil {
			at.meta[kv.Key] = *kv.Value
		}
	}
	for i := range rdr.NumRowGroups() {
		rg := rdr.RowGroup(i)
		for j := range rg.NumColumns() {
			pr, err := rg.GetColumnPageReader(j)
			if err != nil {
				t.Fatal(err)
			}
			for pr.Next() {
				p := pr.Page()
				at.pageTypes[p.Type().String()] = true
				if p.Type() != file.PageTypeDictionaryPage {
					at.encodings[p.Encoding().String()] = true
				}
			}
			if err := pr.Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("arrow: read %s: %v", path, err)
	}
	defer tbl.Release()
	at.schema = tbl.Schema()
	at.rows = make([]map[string]any, tbl.NumRows())
	for i := range at.rows {
		at.rows[i] = map[string]any{}
	}
	for c := range int(tbl.NumCols()) {
		col := tbl.Column(c)
		row := 0
		for _, chunk := range col.Data().Chunks() {
			for k := range chunk.Len() {
				at.rows[row][col.Name()] = arrowValue(t, chunk, k)
				row++
			}
		}
	}
	return at
}

func arrowValue(t *testing.T, a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.Date32:
		return a.Value(i).ToTime().UTC()
	case *array.Timestamp:
		return a.Value(i).ToTime(arrow.Millisecond).UTC()
	}
	t.Fatalf("arrow: unexpected array %T", a)
	return nil
}

// Expected rows, built from what store.Read returns.

func orNil[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func floatOrNil(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// secondsOrNil is a duration column that is null when unknown (0).
func secondsOrNil(d time.Duration) any {
	if d == 0 {
		return nil
	}
	return d.Seconds()
}

func hrOrNil(v int) any {
	if v == 0 {
		return nil
	}
	return int32(v)
}

func expectedRows(r *analyze.Result) map[string][]map[string]any {
	m := map[string][]map[string]any{}
	for _, a := range r.Activities {
		m["activities"] = append(m["activities"], map[string]any{
			"activity_id": a.ID, "source": a.Source, "format": string(a.Format), "sport": string(a.Sport), "device": a.Device,
			"start_time": a.Start.UTC(), "utc_offset_s": a.UTCOffset, "local_date": a.LocalDate.UTC(), "week_start": a.WeekStart.UTC(),
			"elapsed_s": a.Elapsed.Seconds(), "moving_s": secondsOrNil(a.Moving), "distance_m": a.DistanceM, "ascent_m": floatOrNil(a.AscentM),
			"avg_hr": hrOrNil(a.AvgHR), "max_hr": hrOrNil(a.MaxHR), "load": floatOrNil(a.Load), "shoe": orNil(a.Shoe),
			"counted": a.Counted, "duplicate_of": orNil(a.DuplicateOf), "offset_source": string(a.OffsetSource), "name": orNil(a.Name),
			"load_imputed": a.LoadImputed,
		})
	}
	for _, w := range r.Weeks {
		m["weeks"] = append(m["weeks"], map[string]any{
			"week_start": w.Start.UTC(), "runs": int32(w.Runs), "distance_m": w.DistanceM, "duration_s": w.Duration.Seconds(),
			"load": w.Load, "longest_run_m": w.LongestRunM, "distance_change_pct": floatOrNil(w.DistanceChangePct),
			"load_change_pct": floatOrNil(w.LoadChangePct), "acwr": floatOrNil(w.ACWR), "rest_days": int32(w.RestDays),
			"complete": w.Complete, "monotony": floatOrNil(w.Monotony), "days": int32(w.Days),
		})
	}
	for _, s := range r.Shoes {
		m["shoes"] = append(m["shoes"], map[string]any{
			"shoe": s.Name, "runs": int32(s.Runs), "distance_m": s.DistanceM, "first_run": dateOrNil(s.FirstRun),
			"last_run": dateOrNil(s.LastRun), "warn_at_m": s.WarnAtM, "replace_at_m": s.ReplaceAtM, "retired": s.Retired,
			"status": string(s.Status), "replace_by": dateOrNil(s.ReplaceBy),
		})
	}
	for _, f := range r.Flags {
		m["flags"] = append(m["flags"], map[string]any{
			"kind": string(f.Kind), "severity": string(f.Severity), "week_start": dateOrNil(f.Week), "activity_id": orNil(f.ActivityID),
			"shoe": orNil(f.Shoe), "value": f.Value, "threshold": f.Threshold, "date": dateOrNil(f.Date), "base": f.Base,
		})
	}
	return m
}

// checkArrow reads every table of out with Apache Arrow and compares its
// types, nullability, page layout, metadata and values with the contract
// and with what store.Read returns.
func checkArrow(t *testing.T, out string) {
	res, err := store.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	want := expectedRows(res)
	for _, table := range tables {
		t.Run(table, func(t *testing.T) {
			at := readArrow(t, parquetPath(out, table))

			// Types and nullability.
			if got, w := at.schema.NumFields(), len(contract[table]); got != w {
				t.Errorf("%d columns, want %d: %v", got, w, at.schema)
			}
			for _, c := range contract[table] {
				fs, ok := at.schema.FieldsByName(c[0])
				if !ok {
					t.Errorf("no column %s", c[0])
					continue
				}
				f := fs[0]
				if w := arrowTypes[c[1]]; !arrow.TypeEqual(f.Type, w) {
					t.Errorf("column %s is %s, want %s", c[0], f.Type, w)
				}
				if w := contains(nullable[table], c[0]); f.Nullable != w {
					t.Errorf("column %s nullable %v, want %v", c[0], f.Nullable, w)
				}
			}

			// Version 1 data pages with PLAIN, RLE or dictionary values only.
			for typ := range at.pageTypes {
				if typ != "DATA_PAGE" && typ != "DICTIONARY_PAGE" {
					t.Errorf("page type %s, want DATA_PAGE (v1) and DICTIONARY_PAGE only", typ)
				}
			}
			for enc := range at.encodings {
				if enc != "PLAIN" && enc != "RLE" && enc != "RLE_DICTIONARY" && enc != "PLAIN_DICTIONARY" {
					t.Errorf("data page encoding %s", enc)
				}
			}

			// Key-value metadata.
			if at.meta[store.MetaSchemaVersion] != store.SchemaVersion || at.meta[store.MetaVersion] == "" {
				t.Errorf("metadata %v: want %s=%s and a %s", at.meta, store.MetaSchemaVersion, store.SchemaVersion, store.MetaVersion)
			}
			if got, w := at.meta[store.MetaAsOf], res.AsOf.Format(time.DateOnly); got != w {
				t.Errorf("%s = %q, want %q", store.MetaAsOf, got, w)
			}

			// Values.
			if len(at.rows) != len(want[table]) {
				t.Fatalf("%d rows, store.Read gives %d", len(at.rows), len(want[table]))
			}
			for i, row := range at.rows {
				if table == "flags" {
					if row["message"] == nil || row["message"] == "" {
						t.Errorf("row %d: empty message", i)
					}
					delete(row, "message") // store.Read words flags again; it does not keep the message
				}
				if !reflect.DeepEqual(row, want[table][i]) {
					for k, v := range row {
						if w := want[table][i][k]; !reflect.DeepEqual(v, w) {
							t.Errorf("row %d %s: arrow %s, store.Read %s", i, k, show(v), show(w))
						}
					}
					if len(row) != len(want[table][i]) {
						t.Errorf("row %d: %d columns, want %d", i, len(row), len(want[table][i]))
					}
				}
			}
		})
	}
}

func show(v any) string { return fmt.Sprintf("%T(%v)", v, v) }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestArrow reads the tables that store.WriteDir makes of sample(), and of an
// empty Result, with Apache Arrow's Parquet reader.
func TestArrow(t *testing.T) {
	for name, r := range map[string]*analyze.Result{"sample": sample(), "empty": {AsOf: day(2026, 3, 29)}} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			writeOut(t, out, r, store.WithVersion("v0.0.0-test"))
			checkArrow(t, out)
			if name == "sample" {
				at := readArrow(t, parquetPath(out, "flags"))
				if got := at.meta[store.MetaVersion]; got != "v0.0.0-test" {
					t.Errorf("%s = %q", store.MetaVersion, got)
				}
				for _, k := range analyze.Kinds() {
					if at.meta[store.MetaUnitsPrefix+"value."+string(k)] == "" {
						t.Errorf("flags.parquet has no unit for the value of %s", k)
					}
				}
				if at := readArrow(t, parquetPath(out, "activities")); at.meta[store.MetaUnitsPrefix+"load"] == "" {
					t.Errorf("activities.parquet has no unit for load")
				}
			}
		})
	}
}

// TestArrowOutputDir reads the tables of LEGWORK_OUT (make run's
// legwork-out) with Apache Arrow and compares them with store.Read.
func TestArrowOutputDir(t *testing.T) {
	out := os.Getenv("LEGWORK_OUT")
	if out == "" {
		t.Skip("LEGWORK_OUT is not set")
	}
	if !filepath.IsAbs(out) {
		t.Fatalf("LEGWORK_OUT=%s must be an absolute path", out)
	}
	checkArrow(t, out)
}

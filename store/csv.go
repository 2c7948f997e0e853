package store

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/atomicfile"
)

// CSV file names inside data/, written with WithCSV: each holds the rows
// and columns of the Parquet table of the same name.
const (
	ActivitiesCSV = "activities.csv"
	WeeksCSV      = "weeks.csv"
	ShoesCSV      = "shoes.csv"
	FlagsCSV      = "flags.csv"
)

// writeCSVs writes the four tables of r as CSV files into dir; flags are
// the rows of flags.parquet.
//
// The files are RFC 4180 (encoding/csv: comma separated, fields quoted
// when needed, CRLF line ends), UTF-8 without a byte-order mark, with a
// header row of the Parquet column names in the Parquet order. Dates are
// YYYY-MM-DD, start_time RFC 3339 in UTC ("2026-03-29T11:05:30.25Z"),
// numbers as Go formats them without an exponent (strconv 'f', -1: the
// shortest text that reads back as the same float64), booleans true and
// false, and a null is an empty cell.
func writeCSVs(ctx context.Context, dir string, r *analyze.Result, flags []flagRow) error {
	if err := writeCSV(ctx, filepath.Join(dir, ActivitiesCSV), r.Activities, ActivityRowOf); err != nil {
		return err
	}
	if err := writeCSV(ctx, filepath.Join(dir, WeeksCSV), r.Weeks, toWeekRow); err != nil {
		return err
	}
	if err := writeCSV(ctx, filepath.Join(dir, ShoesCSV), r.Shoes, ShoeRowOf); err != nil {
		return err
	}
	return writeCSV(ctx, filepath.Join(dir, FlagsCSV), flags, func(f flagRow) flagRow { return f })
}

func writeCSV[T, R any](ctx context.Context, path string, items []T, toRow func(T) R) error {
	name := filepath.Base(path)
	cols := csvColumns(reflect.TypeFor[R]())
	err := atomicfile.WriteFile(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true
		header := make([]string, len(cols))
		for i, c := range cols {
			header[i] = c.name
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		rec := make([]string, len(cols))
		for i, it := range items {
			if i%batchRows == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			v := reflect.ValueOf(toRow(it))
			for j, c := range cols {
				rec[j] = c.format(v.Field(c.field))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// csvColumn is one column of a row struct: its Parquet name and how a
// value is written as text.
type csvColumn struct {
	name   string
	field  int
	format func(reflect.Value) string
}

// csvColumns lists the columns of the row struct t from its parquet tags.
// A pointer field is nullable; an int32 tagged date is days since
// 1970-01-01; an int64 tagged timestamp is milliseconds since the epoch.
func csvColumns(t reflect.Type) []csvColumn {
	var cols []csvColumn
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("parquet"), ",")
		if tag[0] == "" || tag[0] == "-" {
			continue
		}
		var scalar func(reflect.Value) string
		switch {
		case hasOpt(tag, "date"):
			scalar = func(v reflect.Value) string { return dateOf(int32(v.Int())).Format(time.DateOnly) }
		case strings.HasPrefix(strings.Join(tag[1:], ","), "timestamp"):
			scalar = func(v reflect.Value) string { return time.UnixMilli(v.Int()).UTC().Format(time.RFC3339Nano) }
		default:
			scalar = formatScalar
		}
		format := scalar
		if f.Type.Kind() == reflect.Pointer {
			format = func(v reflect.Value) string {
				if v.IsNil() {
					return ""
				}
				return scalar(v.Elem())
			}
		}
		cols = append(cols, csvColumn{name: tag[0], field: i, format: format})
	}
	return cols
}

func hasOpt(tag []string, opt string) bool {
	for _, t := range tag[1:] {
		if t == opt {
			return true
		}
	}
	return false
}

func formatScalar(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int32, reflect.Int64, reflect.Int:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	}
	panic("store: no CSV format for " + v.Type().String()) // a row type's field: caught by the tests
}

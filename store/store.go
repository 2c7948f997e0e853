package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/atomicfile"
	"github.com/legwork-run/legwork/internal/outdir"
)

// File names inside data/ of the output directory.
const (
	ActivitiesFile = "activities.parquet"
	WeeksFile      = "weeks.parquet"
	ShoesFile      = "shoes.parquet"
	FlagsFile      = "flags.parquet"
	RunFile        = "run.json"
)

// batchRows is how many rows are handed to the Parquet writer at a time;
// the context is checked between batches.
const batchRows = 1024

// WriteDir writes the tables and run.json of r into the existing, empty
// directory dir, each file synced, and with WithCSV the CSV files too. It
// checks ctx between tables and every 1024 rows, and returns ctx's error if
// it is done.
func WriteDir(ctx context.Context, dir string, r *analyze.Result, opts ...Option) error {
	c := newWriteConfig(opts)
	flags := toFlagRows(r)
	if err := writeTable(ctx, c, filepath.Join(dir, ActivitiesFile), r.AsOf, activityUnits, r.Activities, ActivityRowOf); err != nil {
		return err
	}
	if err := writeTable(ctx, c, filepath.Join(dir, WeeksFile), r.AsOf, weekUnits, r.Weeks, toWeekRow); err != nil {
		return err
	}
	if err := writeTable(ctx, c, filepath.Join(dir, ShoesFile), r.AsOf, shoeUnits, r.Shoes, ShoeRowOf); err != nil {
		return err
	}
	if err := writeTable(ctx, c, filepath.Join(dir, FlagsFile), r.AsOf, flagUnits(), flags, func(f flagRow) flagRow { return f }); err != nil {
		return err
	}
	if c.csv {
		if err := writeCSVs(ctx, dir, r, flags); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := atomicfile.WriteFile(filepath.Join(dir, RunFile), func(w io.Writer) error { return encodeRunFile(w, r, c.version) })
	if err != nil {
		return fmt.Errorf("write %s: %w", RunFile, err)
	}
	return nil
}

// CountActivities returns the number of rows of the activities table in
// out, read from the Parquet footer alone (so it works whatever run.json
// says, and for tables of other legwork versions): 0 when there is no
// table, an error naming the file when there is one that cannot be read.
func CountActivities(out string) (int64, error) {
	f, pf, err := openTable(nil, filepath.Join(outdir.DataDir(out), ActivitiesFile))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("read %s: %w", ActivitiesFile, err)
	}
	defer f.Close()
	return pf.NumRows(), nil
}

// openTable opens the Parquet file at path (in root, when not nil) after
// checkFooter. The caller closes the file.
func openTable(root *os.Root, path string) (*os.File, *parquet.File, error) {
	var f *os.File
	var err error
	if root != nil {
		f, err = root.Open(path)
	} else {
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkFooter(f, fi.Size())
	}
	var pf *parquet.File
	if err == nil {
		pf, err = openFile(f, fi.Size())
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, pf, nil
}

// openFile is parquet.OpenFile with a panic (a corrupt file) turned into an
// error.
func openFile(r io.ReaderAt, size int64) (pf *parquet.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			pf, err = nil, fmt.Errorf("corrupt file: %v", p)
		}
	}()
	return parquet.OpenFile(r, size)
}

// writeTable writes the rows of items, converted by toRow, to a new Parquet
// file at path, with the options of writerOptions and the key-value
// metadata of c, asOf and units, and syncs it.
func writeTable[T, R any](ctx context.Context, c writeConfig, path string, asOf time.Time, units map[string]string, items []T, toRow func(T) R) (err error) {
	name := filepath.Base(path)
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write %s: %w", name, cerr)
		}
	}()
	w := parquet.NewGenericWriter[R](f, writerOptions(c, asOf, units)...)
	batch := make([]R, 0, min(len(items), batchRows))
	for start := 0; start < len(items); start += batchRows {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch = batch[:0]
		for _, it := range items[start:min(start+batchRows, len(items))] {
			batch = append(batch, toRow(it))
		}
		if _, err := w.Write(batch); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// Read reads back what WriteDir wrote into out/data. The result equals the
// Result given to WriteDir, except that start times are truncated to the
// millisecond, instants come back in UTC and empty slices come back nil;
// older files read too (see the package doc).
// Errors name the file ("read weeks.parquet: …"); when out/data does not
// exist they match fs.ErrNotExist. Read takes no lock: it reads the
// tables of the last committed run, also while a commit is pending
// (internal/outdir.DataDir).
//
// The files are all opened through one handle on the data directory
// (os.Root), and a committed data directory is never changed, only
// replaced: Read sees one run's tables, never a mix, even while another
// legwork process commits.
func Read(out string) (*analyze.Result, error) { return ReadExcept(out) }

// ReadExcept is Read leaving out the tables named in skip (ActivitiesFile,
// WeeksFile, ShoesFile, FlagsFile), whose slices stay nil: for a reader
// that needs only some of them (the squad page needs no activities, the
// comparison with the last report no weeks).
func ReadExcept(out string, skip ...string) (*analyze.Result, error) {
	var root *os.Root
	var err error
	for range 3 {
		// A commit may move the directory between DataDir and the open:
		// then resolve again.
		if root, err = os.OpenRoot(outdir.DataDir(out)); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ActivitiesFile, err)
	}
	defer root.Close()
	r := new(analyze.Result)
	read := func(name string) bool { return err == nil && !slices.Contains(skip, name) }
	if read(ActivitiesFile) {
		r.Activities, err = readTableIn(root, ActivitiesFile, ActivityRow.activity)
	}
	if read(WeeksFile) {
		r.Weeks, err = readTableIn(root, WeeksFile, weekRow.week)
	}
	if read(ShoesFile) {
		r.Shoes, err = readTableIn(root, ShoesFile, ShoeRow.shoe)
	}
	if read(FlagsFile) {
		r.Flags, err = readTableIn(root, FlagsFile, flagRow.flag)
	}
	if err != nil {
		return nil, err
	}
	f, err := root.Open(RunFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", RunFile, err)
	}
	defer f.Close()
	if err := decodeRunFile(f, r); err != nil {
		return nil, fmt.Errorf("read %s: %w", RunFile, err)
	}
	return r, nil
}

// readTable reads the Parquet file at path as rows of R and converts each
// with fromRow. It checks that every column of R is in the file with a
// compatible type (a column that R's laterColumns method names may be
// missing, and reads as zero), and turns a panic inside parquet-go (a corrupt file) into
// an error.
func readTable[R, T any](path string, fromRow func(R) T) (items []T, err error) {
	return readTableIn(nil, path, fromRow)
}

// readTableIn is readTable of the file path inside root, or of path itself
// when root is nil.
func readTableIn[R, T any](root *os.Root, path string, fromRow func(R) T) (items []T, err error) {
	name := filepath.Base(path)
	defer func() {
		if p := recover(); p != nil {
			items, err = nil, fmt.Errorf("read %s: corrupt file: %v", name, p)
		}
	}()
	rows, err := readRows[R](root, path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	items = make([]T, len(rows))
	for i, row := range rows {
		items[i] = fromRow(row)
	}
	return items, nil
}

func readRows[R any](root *os.Root, path string) ([]R, error) {
	f, pf, err := openTable(root, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	want := parquet.SchemaOf(new(R))
	var later []string
	if lc, ok := any(*new(R)).(interface{ laterColumns() []string }); ok {
		later = lc.laterColumns()
	}
	var missing []string
	for _, col := range want.Columns() {
		name := strings.Join(col, ".")
		got, ok := pf.Schema().Lookup(col...)
		if !ok {
			if !slices.Contains(later, name) {
				missing = append(missing, name)
			}
			continue
		}
		w, _ := want.Lookup(col...)
		// A required column reads where an optional one is wanted (moving_s
		// became optional): tables written before still read.
		if g, w := columnType(got.Node), columnType(w.Node); g != w && "optional "+strings.TrimPrefix(g, "required ") != w {
			return nil, fmt.Errorf("column %s is %s, want %s", name, g, w)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing column %s", strings.Join(missing, ", "))
	}
	// NewGenericReader panics where Convert returns this error.
	if _, err := parquet.Convert(want, pf.Schema()); err != nil {
		return nil, err
	}
	rd := parquet.NewGenericReader[R](pf)
	defer rd.Close()
	// Read in batches rather than trusting the footer's row count for one
	// allocation: a damaged footer must not be able to ask for gigabytes.
	rows := make([]R, 0, min(pf.NumRows(), batchRows))
	batch := make([]R, batchRows)
	for {
		n, err := rd.Read(batch)
		rows = append(rows, batch[:n]...)
		if errors.Is(err, io.EOF) || (n == 0 && err == nil) {
			break
		} else if err != nil {
			return nil, err
		}
	}
	if int64(len(rows)) != pf.NumRows() {
		return nil, fmt.Errorf("read %d rows, the footer says %d", len(rows), pf.NumRows())
	}
	return rows, nil
}

// checkFooter checks the length of the footer that the last 8 bytes of a
// Parquet file announce against the size of the file: parquet-go v0.32.0
// allocates whatever length it reads there (up to 4 GiB) before looking.
func checkFooter(r io.ReaderAt, size int64) error {
	const magic = "PAR1"
	if size < 12 {
		return fmt.Errorf("not a parquet file: %d bytes", size)
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != magic {
		return fmt.Errorf("not a parquet file: ends in %q, want %q", tail[4:], magic)
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("damaged file: footer of %d bytes in a file of %d", n, size)
	}
	return nil
}

// columnType describes a leaf column's type for comparison and messages:
// "optional int32 DATE".
func columnType(n parquet.Node) string {
	rep := "required"
	if n.Optional() {
		rep = "optional"
	}
	t := n.Type()
	desc := rep + " " + strings.ToLower(t.Kind().String())
	if lt := t.LogicalType(); lt != nil {
		desc += " " + lt.String()
	}
	return desc
}

package store

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// writeParquet writes rows to path with parquet-go, for files that WriteDir
// would never produce.
func writeParquet[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	var buf bytes.Buffer
	if err := parquet.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, data string) // breaks a good data dir
		wantErr string                          // prefix of the error
	}{
		{"no weeks file", func(t *testing.T, data string) { os.Remove(filepath.Join(data, WeeksFile)) },
			"read weeks.parquet: open"},
		{"garbage weeks file", func(t *testing.T, data string) {
			os.WriteFile(filepath.Join(data, WeeksFile), []byte("PAR1 this is not parquet PAR1"), 0o666)
		}, "read weeks.parquet: "},
		{"truncated activities file", func(t *testing.T, data string) {
			p := filepath.Join(data, ActivitiesFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o666)
		}, "read activities.parquet: "},
		{"shoes file without most columns", func(t *testing.T, data string) {
			type onlyName struct {
				Shoe string `parquet:"shoe"`
			}
			writeParquet(t, filepath.Join(data, ShoesFile), []onlyName{{"Pegasus"}})
		}, "read shoes.parquet: missing column runs, distance_m, "},
		{"flags file with a string week_start", func(t *testing.T, data string) {
			type badFlag struct {
				Kind       string  `parquet:"kind"`
				Severity   string  `parquet:"severity"`
				WeekStart  string  `parquet:"week_start"`
				ActivityID string  `parquet:"activity_id"`
				Shoe       string  `parquet:"shoe"`
				Value      float64 `parquet:"value"`
				Threshold  float64 `parquet:"threshold"`
				Message    string  `parquet:"message"`
			}
			writeParquet(t, filepath.Join(data, FlagsFile), []badFlag{{WeekStart: "2026-03-23"}})
		}, "read flags.parquet: column week_start is required byte_array STRING, want optional int32 DATE"},
		{"run.json from a newer legwork", func(t *testing.T, data string) {
			os.WriteFile(filepath.Join(data, RunFile), []byte(`{"version": 3}`), 0o666)
		}, "read run.json: version 3, want 1 or 2"},
		{"run.json not json", func(t *testing.T, data string) {
			os.WriteFile(filepath.Join(data, RunFile), []byte(`{"version": 1,`), 0o666)
		}, "read run.json: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			if err := writeOut(context.Background(), out, fullResult()); err != nil {
				t.Fatal(err)
			}
			tc.damage(t, filepath.Join(out, "data"))
			r, err := Read(out)
			if err == nil {
				t.Fatalf("Read succeeded: %+v", r)
			}
			if !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("err = %q, want prefix %q", err, tc.wantErr)
			}
		})
	}
}

func TestReadNoData(t *testing.T) {
	_, err := Read(t.TempDir())
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
	if err == nil || !strings.HasPrefix(err.Error(), "read activities.parquet: ") {
		t.Errorf("err = %v, want it to name activities.parquet", err)
	}
}

// TestReadAfterKill lays out what an older legwork, which swapped data/
// alone with two renames, left when killed between them: Read still finds
// the previous tables. (The next legwork command restores data/:
// outdir.Recover, TestRecoverDataOld.)
func TestReadAfterKill(t *testing.T) {
	out := t.TempDir()
	want := fullResult()
	if err := writeOut(context.Background(), out, want); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(out, "data"), filepath.Join(out, ".data.old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(out, ".data.new-killed"), 0o777); err != nil {
		t.Fatal(err)
	}
	got, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	compareResults(t, got, want)
}

// FuzzReadTable feeds damaged table files to the reader: it must return an
// error or rows, never panic or hang.
func FuzzReadTable(f *testing.F) {
	out := f.TempDir()
	if err := writeOut(context.Background(), out, fullResult()); err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{ActivitiesFile, WeeksFile, ShoesFile, FlagsFile} {
		b, err := os.ReadFile(filepath.Join(out, "data", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "t.parquet")
		if err := os.WriteFile(p, b, 0o666); err != nil {
			t.Fatal(err)
		}
		readTable(p, ActivityRow.activity)
		readTable(p, weekRow.week)
		readTable(p, ShoeRow.shoe)
		readTable(p, flagRow.flag)
	})
}

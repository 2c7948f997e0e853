package ingest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/legwork-run/legwork/internal/demogen"
)

// TestSparesSameAsAlone reads .gpx.gz files of many sizes, good and bad,
// in one Read (whose gzip readers and GPX buffers are reused from file to
// file) and each in a Read of its own, and wants the same activities and
// errors.
func TestSparesSameAsAlone(t *testing.T) {
	dir := t.TempDir()
	if _, err := demogen.WriteGPXHistory(dir, 10); err != nil {
		t.Fatal(err)
	}
	small, _ := filepath.Glob(filepath.Join("testdata", "gpx", "*.gpx"))
	for _, p := range small {
		if filepath.Base(p) == "bom.gpx" {
			continue // the run of latin1.gpx: a duplicate across files
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "z-"+filepath.Base(p)+".gz"), gzipOf(t, b), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.gz"))
	for _, workers := range []int{1, 2} {
		all, err := Read(context.Background(), []string{dir}, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var alone Batch
		for _, name := range names {
			one := filepath.Join(t.TempDir(), "in")
			if err := os.MkdirAll(one, 0o777); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(one, filepath.Base(name)), b, 0o666); err != nil {
				t.Fatal(err)
			}
			got, err := Read(context.Background(), []string{one}, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			alone.Activities = append(alone.Activities, got.Activities...)
			alone.Errors = append(alone.Errors, got.Errors...)
			alone.Skipped = append(alone.Skipped, got.Skipped...)
			alone.Files += got.Files
		}
		if len(all.Activities) < 10 || len(all.Errors) == 0 {
			t.Fatalf("%d activities, %d errors: the test reads too little", len(all.Activities), len(all.Errors))
		}
		if !reflect.DeepEqual(all, &alone) {
			t.Errorf("workers %d: one Read differs from a Read per file", workers)
		}
	}
}

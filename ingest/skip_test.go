package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A directory in Options.Skip (legwork's --out inside an input folder) is
// not read, also when it is reached through a symbolic link.
func TestReadSkipsSkipDirectories(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "w")
	out := filepath.Join(in, "out")
	if err := os.MkdirAll(filepath.Join(out, "data"), 0o777); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(in, "a.gpx"), runGPX(readT0, 45, 7, 400))
	writeFile(t, filepath.Join(out, "b.gpx"), runGPX(readT0.Add(48*time.Hour), 45, 7, 400))
	writeFile(t, filepath.Join(out, "data", "c.gpx"), runGPX(readT0.Add(96*time.Hour), 45, 7, 400))
	if err := os.Symlink(out, filepath.Join(in, "link")); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	opt := testOptions(&fakeFinder{})
	opt.Skip = []string{real}
	b, err := Read(context.Background(), []string{in}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Activities) != 1 || b.Activities[0].Source != "a.gpx" {
		var got []string
		for _, a := range b.Activities {
			got = append(got, a.Source)
		}
		t.Fatalf("read %v, want only a.gpx", got)
	}
}

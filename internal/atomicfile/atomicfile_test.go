package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := WriteFile(path, writeString("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, writeString("two")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "two" {
		t.Errorf("content %q, want %q", got, "two")
	}
	if got := names(t, dir); !slices.Equal(got, []string{"report.md"}) {
		t.Errorf("directory holds %q, want only report.md", got)
	}
}

func TestWriteFileErrorKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := WriteFile(path, writeString("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if got := readFile(t, path); got != "old" {
		t.Errorf("content %q, want the old one", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"report.md"}) {
		t.Errorf("directory holds %q, want only report.md (temp file left behind?)", got)
	}
}

func TestWriteFileMissingDir(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "no", "such", "f"), writeString("x"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want ErrNotExist", err)
	}
}

// fillWith returns a fill func that writes the named files, each holding its name plus tag.
func fillWith(tag string, files ...string) func(string) error {
	return func(tmp string) error {
		for _, f := range files {
			if err := WriteFile(filepath.Join(tmp, f), writeString(f+tag)); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestReplaceDir(t *testing.T) {
	out := t.TempDir()
	data := filepath.Join(out, "data")
	if err := ReplaceDir(data, fillWith("1", "a", "b")); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceDir(data, fillWith("2", "a")); err != nil {
		t.Fatal(err)
	}
	// The whole directory is replaced: b from the first run is gone.
	if got := names(t, data); !slices.Equal(got, []string{"a"}) {
		t.Errorf("data holds %q, want [a]", got)
	}
	if got := readFile(t, filepath.Join(data, "a")); got != "a2" {
		t.Errorf("a = %q, want a2", got)
	}
	if got := names(t, out); !slices.Equal(got, []string{"data"}) {
		t.Errorf("out holds %q, want only data", got)
	}
}

func TestReplaceDirCreatesParent(t *testing.T) {
	data := filepath.Join(t.TempDir(), "new", "out", "data")
	if err := ReplaceDir(data, fillWith("", "a")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(data, "a")); got != "a" {
		t.Errorf("a = %q", got)
	}
}

func TestReplaceDirFillErrorKeepsOld(t *testing.T) {
	out := t.TempDir()
	data := filepath.Join(out, "data")
	if err := ReplaceDir(data, fillWith("1", "a", "b")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := ReplaceDir(data, func(tmp string) error {
		if err := fillWith("2", "a")(tmp); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if got := names(t, data); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("data holds %q, want [a b]", got)
	}
	if got := readFile(t, filepath.Join(data, "a")); got != "a1" {
		t.Errorf("a = %q, want the old a1", got)
	}
	if got := names(t, out); !slices.Equal(got, []string{"data"}) {
		t.Errorf("out holds %q, want only data (temp dir left behind?)", got)
	}
}

// TestKilledRun lays out what a run killed at each point of ReplaceDir
// leaves, and checks that Resolve finds the previous content whole and that
// the next ReplaceDir tidies up.
func TestKilledRun(t *testing.T) {
	tests := []struct {
		name        string
		dirs        map[string]string // directory name in out -> tag of its files
		wantResolve string            // directory Resolve returns, relative to out
		wantTag     string            // tag of the content found there
	}{
		{"killed while filling", map[string]string{"data": "1", ".data.new-abc": "2"}, "data", "1"},
		{"killed between the renames", map[string]string{".data.old": "1", ".data.new-abc": "2"}, ".data.old", "1"},
		{"killed before removing old", map[string]string{"data": "2", ".data.old": "1"}, "data", "2"},
		{"first run killed while filling", map[string]string{".data.new-abc": "2"}, "data", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			for d, tag := range tc.dirs {
				p := filepath.Join(out, d)
				if err := os.Mkdir(p, 0o777); err != nil {
					t.Fatal(err)
				}
				if err := fillWith(tag, "a")(p); err != nil {
					t.Fatal(err)
				}
			}
			data := filepath.Join(out, "data")
			got := Resolve(data)
			if want := filepath.Join(out, tc.wantResolve); got != want {
				t.Fatalf("Resolve = %s, want %s", got, want)
			}
			if tc.wantTag != "" {
				if a := readFile(t, filepath.Join(got, "a")); a != "a"+tc.wantTag {
					t.Errorf("content %q, want a%s", a, tc.wantTag)
				}
			} else if _, err := os.Stat(got); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Resolve gave %s, which exists", got)
			}

			// The next run sees the previous content while it fills, then leaves only data.
			err := ReplaceDir(data, func(tmp string) error {
				if tc.wantTag != "" {
					if a := readFile(t, filepath.Join(data, "a")); a != "a"+tc.wantTag {
						t.Errorf("during the next run data/a = %q, want a%s", a, tc.wantTag)
					}
				}
				return fillWith("3", "a")(tmp)
			})
			if err != nil {
				t.Fatal(err)
			}
			if a := readFile(t, filepath.Join(data, "a")); a != "a3" {
				t.Errorf("after the next run data/a = %q, want a3", a)
			}
			if got := names(t, out); !slices.Equal(got, []string{"data"}) {
				t.Errorf("out holds %q, want only data", got)
			}
		})
	}
}

package outdir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckInputs(t *testing.T) {
	tmp := t.TempDir()
	build(t, tmp, map[string]string{"w/runs/a.fit": "x", "w/b.fit": "x", "other/": "", "link": "->w"})
	t.Chdir(tmp)
	real, err := filepath.EvalSymlinks(tmp)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		out      string
		inputs   []string
		wantErr  bool
		wantSkip string // relative to tmp
	}{
		{"w", []string{"w"}, true, ""},
		{"w/", []string{"./w"}, true, ""},
		{"link", []string{"w"}, true, ""},
		{"w", []string{"w/runs"}, true, ""},
		{"w", []string{"other", "w/b.fit"}, true, ""},
		{".", []string{"w"}, true, ""},
		{"w/out", []string{"w"}, false, "w/out"},
		{"link/out", []string{"w"}, false, "w/out"},
		{"w/runs/out/deeper", []string{"other", "link"}, false, "w/runs/out/deeper"},
		{"other/out", []string{"w"}, false, ""},
		{"w2", []string{"w"}, false, ""},
	}
	for _, tc := range tests {
		skip, err := CheckInputs(tc.out, tc.inputs)
		if (err != nil) != tc.wantErr {
			t.Errorf("CheckInputs(%s, %v): %v, want error %v", tc.out, tc.inputs, err, tc.wantErr)
			continue
		}
		var want []string
		if tc.wantSkip != "" {
			want = []string{filepath.Join(real, tc.wantSkip)}
		}
		if len(skip) != len(want) || len(want) > 0 && skip[0] != want[0] {
			t.Errorf("CheckInputs(%s, %v): skip %v, want %v", tc.out, tc.inputs, skip, want)
		}
	}
	if _, err := os.Stat("w/out"); err == nil {
		t.Error("CheckInputs created --out")
	}
}

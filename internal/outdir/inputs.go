package outdir

import (
	"fmt"
	"path/filepath"
	"strings"
)

// CheckInputs refuses an output directory out that is one of the inputs or
// holds one, comparing real paths (RealPath). When out lies inside an input
// folder, skip holds out's real path: the walk of that input must skip it.
func CheckInputs(out string, inputs []string) (skip []string, err error) {
	realOut, err := RealPath(out)
	if err != nil {
		return nil, err
	}
	for _, in := range inputs {
		realIn, err := RealPath(in)
		if err != nil {
			return nil, err
		}
		switch {
		case realIn == realOut:
			return nil, fmt.Errorf("--out %s is the input %s: legwork would read its own outputs and replace your files; write them elsewhere (for example -o %s)",
				out, in, filepath.Join(in, "legwork-out"))
		case within(realIn, realOut):
			return nil, fmt.Errorf("--out %s holds the input %s: legwork would read its own outputs and could replace your files; choose an --out outside it", out, in)
		case within(realOut, realIn) && len(skip) == 0:
			skip = []string{realOut}
		}
	}
	return skip, nil
}

// RealPath is p made absolute with symbolic links resolved, as far as it
// exists (the rest, not yet created, is appended as given).
func RealPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p lies strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

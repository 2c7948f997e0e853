package ingest

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// findInputs lists the files under inputs, and the directories under them
// that could not be listed. A missing input is an error. Directories whose
// real path is in skip are not walked. An input that is neither a directory
// nor a regular file (a named pipe, a device, a socket) is an entry in the
// errors, never opened: reading it could block forever or never end.
func findInputs(ctx context.Context, inputs, skip []string, log *slog.Logger) ([]workItem, []*DecodeError, error) {
	var (
		items []workItem
		errs  []*DecodeError
	)
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		fi, err := os.Stat(in)
		if err != nil {
			return nil, nil, fmt.Errorf("read input: %w", err)
		}
		if !fi.IsDir() {
			src, note := diskName(filepath.ToSlash(filepath.Clean(in)))
			if kind(src) == "" {
				log.Debug("ignored", "source", src)
				continue
			}
			u := workItem{input: i, source: src, name: path.Base(src), path: in, note: note, info: fi}
			if !fi.Mode().IsRegular() {
				errs = append(errs, &DecodeError{Path: src, Format: formatOf(u), Err: notRegular(fi.Mode())})
				continue
			}
			if note != "" {
				log.Warn("name escaped", "source", src, "note", note)
			}
			items = append(items, u)
			continue
		}
		w := walker{ctx: ctx, input: i, log: log, seen: map[string]bool{}}
		for _, p := range skip {
			w.seen[p] = true // as if read already
		}
		if err := w.run(in); err != nil {
			return nil, nil, err
		}
		items = append(items, w.items...)
		errs = append(errs, w.errs...)
	}
	return items, errs, nil
}

// notRegular is the error for a file named as an input that is not a
// regular file.
func notRegular(m fs.FileMode) error {
	what := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), not a regular file"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		what = "a device, not a regular file"
	case m&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	}
	return fmt.Errorf("%s: not read", what)
}

// walker walks one input directory. Real directories are walked first;
// symbolic links to directories wait in pending and are followed afterwards,
// unless their target was already walked. seen holds the real path of every
// directory walked, so each is read once, under its real name when it has
// one, and a link loop ends.
type walker struct {
	ctx     context.Context
	input   int
	log     *slog.Logger
	seen    map[string]bool
	pending []pendingDir // symlinked directories
	items   []workItem
	errs    []*DecodeError // directories that could not be listed
}

// pendingDir is a symlinked directory waiting to be walked.
type pendingDir struct {
	path, rel string // on disk; source prefix
	note      string // why rel differs from the names on disk
}

func (w *walker) run(root string) error {
	if err := w.enter(root, "", ""); err != nil {
		return err
	}
	for len(w.pending) > 0 {
		p := w.pending[0]
		w.pending = w.pending[1:]
		if err := w.enter(p.path, p.rel, p.note); err != nil {
			return err
		}
	}
	return nil
}

// enter walks dir unless its real path was walked already.
func (w *walker) enter(dir, rel, note string) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		w.log.Debug("ignored", "source", rel, "reason", err.Error())
		return nil
	}
	if real, err = filepath.Abs(real); err != nil || w.seen[real] {
		w.log.Debug("ignored", "source", rel, "reason", "directory already read or skipped")
		return nil
	}
	w.seen[real] = true
	return w.walk(dir, rel, note)
}

// walk lists dir, whose source prefix is rel. A name on disk that is not
// valid UTF-8 is escaped in the source (and note says so); the real name is
// kept to open the file.
func (w *walker) walk(dir, rel, note string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if rel == "" {
			return fmt.Errorf("read input: %w", err)
		}
		w.errs = append(w.errs, &DecodeError{Path: rel, Err: err})
		return nil
	}
	for i, e := range entries {
		if i%1024 == 1023 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		full := filepath.Join(dir, name)
		shown, escaped := diskName(name)
		src := path.Join(rel, shown)
		mode := e.Type()
		var info fs.FileInfo // of a link's target, stat'ed here: passed on
		if mode&fs.ModeSymlink != 0 {
			fi, err := os.Stat(full)
			if err != nil {
				w.log.Debug("ignored", "source", src, "reason", err.Error())
				continue
			}
			mode, info = fi.Mode().Type(), fi
		}
		if escaped != "" && (mode.IsDir() || mode.IsRegular() && kind(name) != "") {
			w.log.Warn("name escaped", "source", src, "note", escaped)
		}
		n := cmp.Or(escaped, note)
		switch {
		case mode.IsDir() && e.Type()&fs.ModeSymlink != 0:
			w.pending = append(w.pending, pendingDir{full, src, n})
		case mode.IsDir():
			if err := w.enter(full, src, n); err != nil {
				return err
			}
		case mode.IsRegular():
			if kind(name) == "" {
				continue
			}
			w.items = append(w.items, workItem{input: w.input, source: src, name: shown, path: full, note: n, info: info})
		}
	}
	return nil
}

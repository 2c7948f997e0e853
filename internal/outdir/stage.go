package outdir

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/legwork-run/legwork/internal/atomicfile"
)

// ErrPending is wrapped by a Commit error after which the commit could be
// neither finished nor undone: its journal stays, readers already see the
// new outputs through DataDir, and the next Recover finishes it.
var ErrPending = errors.New("commit left pending")

// Stage is one run's outputs, written into a hidden staging directory inside
// the output directory and put in place all together by Commit. Paths
// inside it are laid out as at the top of the output directory
// ("data/run.json", "charts/shoes.svg", "report.html").
type Stage struct {
	out, dir string
	// AfterMove, when set, is called by Commit after each entry ("data",
	// "charts", "report.md", "report.html", ".legwork") is moved into
	// place; an error from it is handled like a failed rename. Tests use it
	// to inject failures and crashes.
	AfterMove func(entry string) error
}

// NewStage creates an empty staging directory in out.
func NewStage(out string) (*Stage, error) {
	for range 100 {
		dir := filepath.Join(out, stagePrefix+strings.ToLower(rand.Text()[:10]))
		err := os.Mkdir(dir, 0o777)
		if errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		return &Stage{out: out, dir: dir}, nil
	}
	return nil, fmt.Errorf("create a staging directory in %s: too many collisions", out)
}

// Path returns where the output at the slash path rel goes in the stage.
func (s *Stage) Path(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

// Mkdir creates the directory rel (a slash path) in the stage.
func (s *Stage) Mkdir(rel string) error { return os.MkdirAll(s.Path(rel), 0o777) }

// WriteFile writes b to rel (a slash path) in the stage, creating its
// directory, and syncs it.
func (s *Stage) WriteFile(rel string, b []byte) error {
	p := s.Path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	err := atomicfile.WriteFile(p, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return nil
}

// Discard removes the stage; the outputs are untouched.
func (s *Stage) Discard() error { return os.RemoveAll(s.dir) }

// Commit puts every top-level entry of the stage in place of the one of the
// same name in the output directory, all together (see the package doc),
// with a new manifest that lists the staged outputs and those of Outputs
// that stay as they were (data/ when only the report is re-rendered). The
// caller holds the lock and has checked the outputs with Check.
//
// On an error that does not wrap ErrPending, the previous outputs are in
// place, untouched, and the stage is removed.
func (s *Stage) Commit() error {
	if err := s.writeManifest(); err != nil {
		s.Discard()
		return err
	}
	entries, err := s.entries()
	if err == nil {
		err = syncTree(s.dir)
	}
	if err == nil {
		err = os.Mkdir(filepath.Join(s.dir, prevDir), 0o777)
	}
	if err == nil {
		err = s.writeJournal(entries)
	}
	if err != nil {
		s.Discard()
		return err
	}
	for _, e := range entries {
		err = moveIn(s.out, s.dir, e)
		if err == nil && s.AfterMove != nil {
			err = s.AfterMove(e)
		}
		if err != nil {
			if rerr := s.rollBack(entries); rerr != nil {
				return fmt.Errorf("%w: %v (and undo it: %v)", ErrPending, err, rerr)
			}
			return err
		}
	}
	// Everything is in place. Should the bookkeeping fail (removing the
	// journal and the stage), the next Recover finishes it: the journal
	// then names nothing left to move.
	finish(s.out, s.dir)
	return nil
}

// entries lists the stage's top-level names, the manifest last.
func (s *Stage) entries() ([]string, error) {
	des, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range des {
		if n := d.Name(); n != ManifestFile && n != prevDir && !tempName.MatchString(n) {
			names = append(names, n)
		}
	}
	return append(names, ManifestFile), nil
}

func (s *Stage) writeJournal(entries []string) error {
	b, err := json.MarshalIndent(journal{Stage: filepath.Base(s.dir), Entries: entries}, "", "  ")
	if err != nil {
		return err
	}
	err = atomicfile.WriteFile(filepath.Join(s.out, JournalFile), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", JournalFile, err)
	}
	return nil
}

// writeManifest writes the manifest into the stage: the staged outputs, and
// those of Outputs in the output directory that the stage does not replace.
func (s *Stage) writeManifest() error {
	var files []string
	for _, name := range Outputs {
		root := s.out
		if _, err := os.Lstat(s.Path(name)); err == nil {
			root = s.dir
		}
		fs, err := listOutput(root, name)
		if err != nil {
			return err
		}
		files = append(files, fs...)
	}
	old := readManifest(s.out)
	for _, name := range SquadOutputs {
		root := s.out
		if _, err := os.Lstat(s.Path(name)); err == nil {
			root = s.dir
		} else if !old[name] {
			continue
		}
		fs, err := listOutput(root, name)
		if err != nil {
			return err
		}
		files = append(files, fs...)
	}
	slices.Sort(files)
	b, err := json.MarshalIndent(manifest{Version: manifestVersion, Files: files}, "", "  ")
	if err != nil {
		return err
	}
	return s.WriteFile(ManifestFile, append(b, '\n'))
}

// listOutput lists the output name under root as manifest paths, nothing
// when it does not exist.
func listOutput(root, name string) ([]string, error) {
	p := filepath.Join(root, name)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{name}, nil
	}
	files := []string{name + "/"}
	des, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	for _, d := range des {
		if d.Type().IsRegular() && !tempName.MatchString(d.Name()) {
			files = append(files, name+"/"+d.Name())
		}
	}
	return files, nil
}

// rollBack undoes the moves of a failed Commit: each entry moved in goes
// back to the stage, each previous entry back in place; then the journal
// and the stage are removed.
func (s *Stage) rollBack(entries []string) error {
	var errs []error
	for _, e := range slices.Backward(entries) {
		cur, staged, prev := filepath.Join(s.out, e), filepath.Join(s.dir, e), filepath.Join(s.dir, prevDir, e)
		if _, err := os.Lstat(staged); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(cur, staged); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
		}
		if _, err := os.Lstat(prev); err == nil {
			if err := os.Rename(prev, cur); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := removeJournal(s.out); err != nil {
		return err
	}
	return os.RemoveAll(s.dir)
}

// syncTree syncs the directories of the stage, so that their entries are
// durable before the journal makes the commit decided. (The files are
// synced as they are written.)
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return atomicfile.SyncDir(p)
	})
}

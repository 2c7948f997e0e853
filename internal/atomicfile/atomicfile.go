package atomicfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// WriteFile replaces the file at path with what write writes. The bytes go to
// a temporary file in the same directory (named ".<base>.tmp-<random>"),
// which is synced, closed and renamed over path only when write returned nil;
// on any error the temporary file is removed and path is left as it was. The
// new file gets mode 0666 less the umask, like os.Create. The directory must
// exist.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := createTemp(dir, "."+base+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// ReplaceDir replaces the directory path with a new one whose content fill
// writes into the directory tmp it is given. The scheme, for path
// "out/data":
//
//  1. Tidy up after an earlier run that was killed (see Resolve): if
//     out/.data.old exists and out/data does not, rename it back to out/data;
//     if both exist, remove out/.data.old; remove leftover out/.data.new-*.
//  2. Create out/.data.new-<random> and call fill with it. If fill fails,
//     remove it and return the error: out/data is untouched.
//  3. Sync the new directory, rename out/data to out/.data.old, rename the new
//     directory to out/data, sync out/, and remove out/.data.old.
//
// A kill at any moment leaves the previous or the new content whole: before
// the first rename out/data is the previous content, after the second it is
// the new one, and between the two the previous content sits complete in
// out/.data.old, where Resolve finds it and the next ReplaceDir restores it.
// The parent directory is created if needed. fill should sync the files it
// writes (as WriteFile does). ReplaceDir must not run concurrently on the
// same path: callers hold a lock.
func ReplaceDir(path string, fill func(tmp string) error) (err error) {
	path = filepath.Clean(path)
	parent, base := filepath.Split(path)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return err
	}
	if err := tidy(path); err != nil {
		return err
	}
	tmp, err := mkdirTemp(parent, newPrefix(base))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := SyncDir(tmp); err != nil {
		return err
	}
	old := oldName(path)
	hadOld := true
	if err := os.Rename(path, old); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		if hadOld {
			if rerr := os.Rename(old, path); rerr != nil {
				return fmt.Errorf("%w (and restore %s: %v)", err, path, rerr)
			}
		}
		return err
	}
	if err := SyncDir(parent); err != nil {
		return err
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}

// Resolve returns the directory that holds the current content of a
// directory managed by ReplaceDir: path itself, or, when a run was killed
// between ReplaceDir's two renames, the complete previous content in the
// hidden sibling ".<base>.old". It returns path when neither exists, so that
// opening a file there reports fs.ErrNotExist. Resolve changes nothing and is
// safe without a lock.
func Resolve(path string) string {
	path = filepath.Clean(path)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if fi, err := os.Stat(oldName(path)); err == nil && fi.IsDir() {
			return oldName(path)
		}
	}
	return path
}

// tidy repairs what a killed ReplaceDir on path left behind (step 1 of the
// scheme in ReplaceDir).
func tidy(path string) error {
	old := oldName(path)
	_, errOld := os.Stat(old)
	_, errCur := os.Stat(path)
	switch {
	case errOld == nil && errors.Is(errCur, fs.ErrNotExist):
		if err := os.Rename(old, path); err != nil {
			return err
		}
	case errOld == nil:
		if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	parent, base := filepath.Split(path)
	if parent == "" {
		parent = "."
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), newPrefix(base)) {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func oldName(path string) string {
	parent, base := filepath.Split(path)
	return filepath.Join(parent, "."+base+".old")
}

func newPrefix(base string) string { return "." + base + ".new-" }

// createTemp is os.CreateTemp with mode 0666 (less the umask) instead of 0600,
// so that outputs are as readable as any file the user creates.
func createTemp(dir, prefix string) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(filepath.Join(dir, prefix+randomSuffix()), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("create temporary file in %s: too many collisions", dir)
}

// mkdirTemp is os.MkdirTemp with mode 0777 (less the umask) instead of 0700.
func mkdirTemp(dir, prefix string) (string, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+randomSuffix())
		err := os.Mkdir(name, 0o777)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, err
	}
	return "", fmt.Errorf("create temporary directory in %s: too many collisions", dir)
}

func randomSuffix() string { return strings.ToLower(rand.Text()[:10]) }

// SyncDir makes a rename or a new entry in dir durable. Windows cannot sync
// a directory, and does not need to.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// maxZipDepth is how deep zips may nest (Garmin's bulk export nests two).
const maxZipDepth = 4

// unit is one file or archive member waiting to be read.
type unit struct {
	input  int    // index of the input it came from
	source string // Activity.Source of what it holds
	name   string // base name, deciding the kind
	path   string // file on disk; empty for members
	zf     *zip.File
	src    io.ReaderAt // what zf's archive is read from (a file, a section of one, or memory)
	arch   *archive    // the outermost archive it is in; nil for plain files
	depth  int         // zip nesting depth of the member
}

// archive is an open input zip (or .gz) and its decompression budget,
// shared by everything nested in it.
type archive struct {
	left   atomic.Int64 // bytes that may still be decompressed
	refs   atomic.Int32 // members not yet read; the file closes at 0
	closer io.Closer    // nil for archives held in memory
}

func (a *archive) release() {
	if a != nil && a.refs.Add(-1) == 0 && a.closer != nil {
		a.closer.Close()
	}
}

// errArchiveCap is returned once an archive has decompressed its cap.
var errArchiveCap = errors.New("archive decompresses to more than the cap (a zip bomb?)")

// Zip-bomb detection: a member that inflates more than bombRatio times its
// compressed size, once past bombMinBytes, is refused. Real exports stay far
// below: FIT deflates 2–5×, GPX and TCX 10–30×; a bomb inflates ~1000×.
const (
	bombRatio    = 200
	bombMinBytes = 16 << 20
)

// maxNestedZipBytes caps a compressed zip inside a zip, which is inflated into
// memory (a stored one is read in place and needs no cap): Garmin's bulk
// export nests UploadedFiles_*_Part*.zip files of up to a few hundred MB.
const maxNestedZipBytes = 2 << 30

// readCapped reads r fully, failing once it passes memberCap bytes, inflates
// more than bombRatio times compressed (when compressed > 0), or drains the
// archive budget.
func readCapped(r io.Reader, arch *archive, memberCap int64, sizeHint uint64, compressed int64) ([]byte, error) {
	if sizeHint > uint64(memberCap) {
		return nil, fmt.Errorf("member declares %d bytes, more than the cap of %d", sizeHint, memberCap)
	}
	var buf bytes.Buffer
	if sizeHint > 0 {
		buf.Grow(int(sizeHint))
	}
	chunk := make([]byte, 64<<10)
	for {
		n, err := r.Read(chunk)
		if n > 0 {
			total := int64(buf.Len() + n)
			if total > memberCap {
				return nil, fmt.Errorf("member decompresses to more than the cap of %d bytes (a zip bomb?)", memberCap)
			}
			if compressed > 0 && total > bombMinBytes && total > bombRatio*compressed {
				return nil, fmt.Errorf("member inflates more than %d times its %d compressed bytes (a zip bomb?)", bombRatio, compressed)
			}
			if arch != nil && arch.left.Add(-int64(n)) < 0 {
				return nil, errArchiveCap
			}
			buf.Write(chunk[:n])
		}
		if err == io.EOF {
			return buf.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// kind says what Read does with a file name: "fit", "gpx", "tcx", "gz",
// "zip", "activities.csv", "shoes.csv" or "" to ignore it.
func kind(name string) string {
	base := strings.ToLower(path.Base(filepath.ToSlash(name)))
	if base == "" || strings.HasPrefix(base, ".") {
		return ""
	}
	switch base {
	case "activities.csv", "shoes.csv":
		return base
	}
	switch path.Ext(base) {
	case ".fit", ".gpx", ".tcx":
		return path.Ext(base)[1:]
	case ".zip":
		return "zip"
	case ".gz":
		if k := kind(strings.TrimSuffix(base, ".gz")); k == "fit" || k == "gpx" || k == "tcx" || k == "zip" {
			return "gz"
		}
	}
	return ""
}

// activityFormat is "fit", "gpx" or "tcx" for an activity file name, else "".
func activityFormat(name string) string {
	switch k := kind(name); k {
	case "fit", "gpx", "tcx":
		return k
	}
	return ""
}

// hiddenPath reports whether any element of a slash path is hidden or
// macOS metadata (__MACOSX).
func hiddenPath(p string) bool {
	for _, el := range strings.Split(p, "/") {
		if strings.HasPrefix(el, ".") && el != "." && el != ".." || el == "__MACOSX" {
			return true
		}
	}
	return false
}

// findInputs lists the files under inputs, and the directories under them
// that could not be listed. A missing input is an error. Directories whose
// real path is in skip are not walked.
func findInputs(ctx context.Context, inputs, skip []string, log *slog.Logger) ([]unit, []*DecodeError, error) {
	var (
		units []unit
		errs  []*DecodeError
	)
	for i, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil {
			return nil, nil, fmt.Errorf("read input: %w", err)
		}
		if !fi.IsDir() {
			src := filepath.ToSlash(filepath.Clean(in))
			if kind(src) == "" {
				log.Debug("ignored", "source", src)
				continue
			}
			units = append(units, unit{input: i, source: src, name: path.Base(src), path: in})
			continue
		}
		w := walker{ctx: ctx, input: i, log: log, seen: map[string]bool{}}
		for _, p := range skip {
			w.seen[p] = true // as if read already
		}
		if err := w.run(in); err != nil {
			return nil, nil, err
		}
		units = append(units, w.units...)
		errs = append(errs, w.errs...)
	}
	return units, errs, nil
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
	pending [][2]string // symlinked directories: path on disk, source prefix
	units   []unit
	errs    []*DecodeError // directories that could not be listed
}

func (w *walker) run(root string) error {
	if err := w.enter(root, ""); err != nil {
		return err
	}
	for len(w.pending) > 0 {
		p := w.pending[0]
		w.pending = w.pending[1:]
		if err := w.enter(p[0], p[1]); err != nil {
			return err
		}
	}
	return nil
}

// enter walks dir unless its real path was walked already.
func (w *walker) enter(dir, rel string) error {
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
	return w.walk(dir, rel)
}

func (w *walker) walk(dir, rel string) error {
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
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		full := filepath.Join(dir, name)
		src := path.Join(rel, name)
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := os.Stat(full)
			if err != nil {
				w.log.Debug("ignored", "source", src, "reason", err.Error())
				continue
			}
			if fi.IsDir() {
				w.pending = append(w.pending, [2]string{full, src})
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if err := w.enter(full, src); err != nil {
				return err
			}
		case mode.IsRegular():
			if kind(name) == "" {
				continue
			}
			w.units = append(w.units, unit{input: w.input, source: src, name: name, path: full})
		}
	}
	return nil
}

// workQueue hands units to workers; archives push their members back in.
type workQueue struct {
	mu      sync.Mutex
	cond    sync.Cond
	items   []unit
	pending int // units queued or being read
	total   int // units ever queued
}

func newWorkQueue() *workQueue {
	q := &workQueue{}
	q.cond.L = &q.mu
	return q
}

func (q *workQueue) push(us ...unit) {
	q.mu.Lock()
	q.items = append(q.items, us...)
	q.pending += len(us)
	q.total += len(us)
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pop waits for a unit; ok is false when all are done.
func (q *workQueue) pop() (u unit, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && q.pending > 0 {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return unit{}, false
	}
	u = q.items[0]
	q.items[0] = unit{}
	q.items = q.items[1:]
	return u, true
}

func (q *workQueue) done() {
	q.mu.Lock()
	q.pending--
	last := q.pending == 0
	q.mu.Unlock()
	if last {
		q.cond.Broadcast()
	}
}

func (q *workQueue) found() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.total
}

// processUnit reads one unit: decodes an activity file, opens an archive
// and queues its members, or reads a Strava CSV.
func processUnit(u unit, opt *Options, q *workQueue) (res unitResult) {
	res.input, res.source = u.input, u.source
	defer u.arch.release()
	k := kind(u.name)

	if k == "zip" && u.zf == nil && u.path != "" {
		// An input zip is read through its file, not loaded whole.
		f, zr, err := openZipFile(u.path)
		if err != nil {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("open zip: %w", err), u.source, "zip"))
			return res
		}
		arch := &archive{closer: f}
		arch.left.Store(opt.MaxArchiveBytes)
		queueMembers(zr, f, u, arch, q, &res)
		return res
	}
	if k == "zip" && u.zf != nil && u.zf.Method == zip.Store {
		// A zip stored (not compressed) in a zip is read in place.
		if u.depth >= maxZipDepth {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("zips nested more than %d deep", maxZipDepth), u.source, "zip"))
			return res
		}
		off, err := u.zf.DataOffset()
		var zr *zip.Reader
		if err == nil {
			sr := io.NewSectionReader(u.src, off, int64(u.zf.CompressedSize64))
			if zr, err = zip.NewReader(sr, sr.Size()); err == nil {
				queueMembers(zr, sr, u, u.arch, q, &res)
				return res
			}
		}
		res.errs = append(res.errs, asDecodeError(fmt.Errorf("open zip: %w", err), u.source, "zip"))
		return res
	}

	data, err := readUnit(u, opt)
	if err != nil {
		res.errs = append(res.errs, asDecodeError(err, u.source, formatOf(u)))
		if activityFormat(u.name) != "" {
			res.activity = true
		}
		return res
	}
	name := u.name
	arch := u.arch
	if k == "gz" {
		if arch == nil {
			arch = &archive{}
			arch.left.Store(opt.MaxArchiveBytes)
		}
		name = strings.TrimSuffix(name, path.Ext(name))
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err == nil {
			data, err = readCapped(zr, arch, opt.MaxMemberBytes, 0, int64(len(data)))
		}
		if err != nil {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("gunzip: %w", err), u.source, "gz"))
			res.activity = activityFormat(name) != ""
			return res
		}
		k = kind(name)
	}
	switch k {
	case "zip":
		if u.depth >= maxZipDepth {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("zips nested more than %d deep", maxZipDepth), u.source, "zip"))
			return res
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("open zip: %w", err), u.source, "zip"))
			return res
		}
		if arch == nil {
			arch = &archive{}
			arch.left.Store(opt.MaxArchiveBytes)
		}
		queueMembers(zr, bytes.NewReader(data), u, arch, q, &res)
	case "activities.csv":
		exp, err := readStravaActivities(data, stravaRoot(u.source))
		if err != nil {
			res.errs = append(res.errs, asDecodeError(err, u.source, "csv"))
			return res
		}
		exp.input = u.input
		res.strava = exp
	case "shoes.csv":
		gear, err := readStravaShoes(data)
		if err != nil {
			res.errs = append(res.errs, asDecodeError(err, u.source, "csv"))
			return res
		}
		res.gear = gear
	default:
		decodeBytes(data, name, u.source, &res)
	}
	return res
}

// formatOf is the DecodeError format for a unit that could not be read:
// "zip" for an archive member (inflating it failed), else its own kind.
func formatOf(u unit) string {
	if u.zf != nil {
		return "zip"
	}
	switch k := kind(u.name); k {
	case "fit", "gpx", "tcx", "zip", "gz":
		return k
	}
	return ""
}

// readUnit reads a file or a member, within the archive's budget.
func readUnit(u unit, opt *Options) ([]byte, error) {
	if u.zf == nil {
		// A plain file is read whole; one far larger than any activity (a
		// video renamed .fit, a disk image) is refused before it is read.
		if fi, err := os.Stat(u.path); err == nil && fi.Size() > opt.MaxMemberBytes {
			return nil, fmt.Errorf("file of %d bytes is larger than the cap of %d for one activity file", fi.Size(), opt.MaxMemberBytes)
		}
		return os.ReadFile(u.path)
	}
	rc, err := u.zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	limit := opt.MaxMemberBytes
	if kind(u.name) == "zip" {
		limit = max(limit, maxNestedZipBytes)
	}
	return readCapped(rc, u.arch, limit, u.zf.UncompressedSize64, int64(u.zf.CompressedSize64))
}

// openZipFile opens an input zip through its file, which the caller closes.
func openZipFile(name string) (*os.File, *zip.Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		var zr *zip.Reader
		if zr, err = zip.NewReader(f, fi.Size()); err == nil {
			return f, zr, nil
		}
	}
	f.Close()
	return nil, nil, err
}

// queueMembers queues the members of zr, read from src, worth reading.
func queueMembers(zr *zip.Reader, src io.ReaderAt, parent unit, arch *archive, q *workQueue, res *unitResult) {
	var members []unit
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := path.Clean(strings.TrimLeft(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if hiddenPath(name) || kind(name) == "" {
			continue
		}
		members = append(members, unit{
			input:  parent.input,
			source: parent.source + "!/" + name,
			name:   path.Base(name),
			zf:     f,
			src:    src,
			arch:   arch,
			depth:  parent.depth + 1,
		})
	}
	if len(members) == 0 {
		arch.refs.Add(1)
		arch.release() // nothing to read: close now
		return
	}
	slices.SortFunc(members, func(a, b unit) int { return strings.Compare(a.source, b.source) })
	arch.refs.Add(int32(len(members)))
	q.push(members...)
}

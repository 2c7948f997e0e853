package ingest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
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

// workItem is one file or archive member waiting to be read.
type workItem struct {
	input  int    // index of the input it came from
	source string // Activity.Source of what it holds (valid UTF-8)
	name   string // base name, deciding the kind
	path   string // file on disk; empty for members
	zf     *zip.File
	src    io.ReaderAt // what zf's archive is read from (a file, a section of one, or memory)
	arch   *archive    // the outermost archive it is in; nil for plain files
	depth  int         // zip nesting depth of the member
	note   string      // why source differs from the name on disk or in the zip; "" if it does not
}

// session is what the workers of one Read share: the options, the work
// queue and the budgets that all archives of the Read draw from.
type session struct {
	opt *Options
	log *slog.Logger
	q   *workQueue
	// left is the bytes all archives together may still decompress
	// (Options.MaxTotalBytes).
	left atomic.Int64
	// members is the archive members (nested ones included) that may still
	// be queued (Options.maxMembers).
	members atomic.Int64
}

func newSession(opt *Options, log *slog.Logger) *session {
	s := &session{opt: opt, log: log, q: newWorkQueue()}
	s.left.Store(opt.MaxTotalBytes)
	s.members.Store(int64(opt.maxMembers))
	return s
}

// archive is an open input zip (or .gz) and its decompression budget,
// shared by everything nested in it.
type archive struct {
	s       *session
	limit   int64        // the budget it started with
	byRatio bool         // limit is bombRatio times its size (or the floor), under MaxArchiveBytes
	left    atomic.Int64 // bytes that may still be decompressed
	refs    atomic.Int32 // members not yet read; the file closes at 0
	closer  io.Closer    // nil for archives held in memory
}

// newArchive starts the budget of an input archive of size bytes on disk:
// Options.MaxArchiveBytes, and no more than bombRatio times its size (at
// least archiveFloorBytes). Real exports inflate 2–30× as a whole.
func (s *session) newArchive(size int64, closer io.Closer) *archive {
	a := &archive{s: s, closer: closer}
	a.limit = s.opt.MaxArchiveBytes
	if r := max(archiveFloorBytes, bombRatio*size); size < a.limit/bombRatio && r < a.limit {
		a.limit, a.byRatio = r, true
	}
	a.left.Store(a.limit)
	return a
}

// take draws n decompressed bytes from the archive's and the Read's budgets.
func (a *archive) take(n int64) error {
	if a.left.Add(-n) < 0 {
		return &capError{limit: a.limit, byRatio: a.byRatio}
	}
	if a.s.left.Add(-n) < 0 {
		return &capError{limit: a.s.opt.MaxTotalBytes, run: true}
	}
	return nil
}

func (a *archive) release() {
	if a != nil && a.refs.Add(-1) == 0 && a.closer != nil {
		a.closer.Close()
	}
}

// capError is returned once an archive (with everything nested in it), or
// all archives of one Read together, decompressed their cap.
type capError struct {
	limit   int64
	run     bool // the cap of the whole Read, not of one archive
	byRatio bool // the archive's cap came from its size
}

func (e *capError) Error() string {
	if e.run {
		return fmt.Sprintf("the archives of this run decompress to more than %s, the cap for one run (a zip bomb?)", sizeText(e.limit))
	}
	if e.byRatio {
		return fmt.Sprintf("archive decompresses to more than %s, its cap of %d times its size (at least %s; a zip bomb?)",
			sizeText(e.limit), bombRatio, sizeText(archiveFloorBytes))
	}
	return fmt.Sprintf("archive decompresses to more than %s, its cap (a zip bomb?)", sizeText(e.limit))
}

// sizeText is n bytes in GiB, MiB or bytes, whichever is whole.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Zip-bomb detection: a member that inflates more than bombRatio times its
// compressed size, once past bombMinBytes, is refused; so is an archive
// whose members together inflate more than bombRatio times its size on
// disk, once past archiveFloorBytes. Real exports stay far below: FIT
// deflates 2–5×, GPX and TCX 10–30×; a bomb inflates ~1000×, or reuses one
// member's data for many (which queueMembers refuses outright).
const (
	bombRatio         = 200
	bombMinBytes      = 16 << 20
	archiveFloorBytes = bombMinBytes
)

// maxNestedZipBytes caps a compressed zip inside a zip, which is inflated into
// memory (a stored one is read in place and needs no cap): Garmin's bulk
// export nests UploadedFiles_*_Part*.zip files of up to a few hundred MB.
const maxNestedZipBytes = 2 << 30

// readCapped reads r fully, failing once it passes memberCap bytes, inflates
// more than bombRatio times compressed (when compressed > 0), drains the
// archive's or the Read's budget (when arch is not nil), or ctx is done. It
// checks ctx between chunks of 64 KiB, so a cancelled Read stops promptly
// inside a large member.
func readCapped(ctx context.Context, r io.Reader, arch *archive, memberCap int64, sizeHint uint64, compressed int64) ([]byte, error) {
	if sizeHint > uint64(memberCap) {
		return nil, fmt.Errorf("member declares %d bytes, more than the cap of %d", sizeHint, memberCap)
	}
	var buf bytes.Buffer
	if sizeHint > 0 {
		buf.Grow(int(sizeHint))
	}
	chunk := make([]byte, 64<<10)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := r.Read(chunk)
		if n > 0 {
			total := int64(buf.Len() + n)
			if total > memberCap {
				return nil, fmt.Errorf("member decompresses to more than the cap of %d bytes (a zip bomb?)", memberCap)
			}
			if compressed > 0 && total > bombMinBytes && total > bombRatio*compressed {
				return nil, fmt.Errorf("member inflates more than %d times its %d compressed bytes (a zip bomb?)", bombRatio, compressed)
			}
			if arch != nil {
				if err := arch.take(int64(n)); err != nil {
					return nil, err
				}
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
			u := workItem{input: i, source: src, name: path.Base(src), path: in, note: note}
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
		if mode&fs.ModeSymlink != 0 {
			fi, err := os.Stat(full)
			if err != nil {
				w.log.Debug("ignored", "source", src, "reason", err.Error())
				continue
			}
			mode = fi.Mode().Type()
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
			w.items = append(w.items, workItem{input: w.input, source: src, name: shown, path: full, note: n})
		}
	}
	return nil
}

// workQueue hands work items to workers; archives push their members back in.
type workQueue struct {
	mu      sync.Mutex
	cond    sync.Cond
	items   []workItem
	pending int // items queued or being read
	total   int // items ever queued
}

func newWorkQueue() *workQueue {
	q := &workQueue{}
	q.cond.L = &q.mu
	return q
}

func (q *workQueue) push(us ...workItem) {
	q.mu.Lock()
	q.items = append(q.items, us...)
	q.pending += len(us)
	q.total += len(us)
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pop waits for a work item; ok is false when all are done.
func (q *workQueue) pop() (u workItem, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && q.pending > 0 {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return workItem{}, false
	}
	u = q.items[0]
	q.items[0] = workItem{}
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

// processItem reads one work item: decodes an activity file, opens an archive
// and queues its members, or reads a Strava CSV.
func processItem(ctx context.Context, u workItem, s *session) (res itemResult) {
	res.input, res.source = u.input, u.source
	defer u.arch.release()
	k := kind(u.name)
	opt := s.opt

	if u.zf != nil && u.zf.Flags&zipFlagEncrypted != 0 {
		res.errs = append(res.errs, asDecodeError(errors.New("member is encrypted (password-protected zip): extract it first"), u.source, "zip"))
		res.activity = activityFormat(u.name) != ""
		return res
	}
	if k == "zip" && u.zf == nil && u.path != "" {
		// An input zip is read through its file, not loaded whole.
		f, size, zr, err := openZipFile(u.path)
		if err != nil {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("open zip: %w", err), u.source, "zip"))
			return res
		}
		queueMembers(zr, f, u, s.newArchive(size, f), s, &res)
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
				queueMembers(zr, sr, u, u.arch, s, &res)
				return res
			}
		}
		res.errs = append(res.errs, asDecodeError(fmt.Errorf("open zip: %w", err), u.source, "zip"))
		return res
	}

	data, err := readItem(ctx, u, opt)
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
			arch = s.newArchive(int64(len(data)), nil)
		}
		name = strings.TrimSuffix(name, path.Ext(name))
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err == nil {
			data, err = readCapped(ctx, zr, arch, opt.MaxMemberBytes, 0, int64(len(data)))
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
			arch = s.newArchive(int64(len(data)), nil)
		}
		queueMembers(zr, bytes.NewReader(data), u, arch, s, &res)
	case "activities.csv", "shoes.csv":
		data = s.text(data, u.source)
		if k == "shoes.csv" {
			gear, err := readStravaShoes(data)
			if err != nil {
				res.errs = append(res.errs, asDecodeError(err, u.source, "csv"))
				return res
			}
			res.gear = gear
			break
		}
		exp, err := readStravaActivities(data, stravaRoot(u.source))
		if err != nil {
			res.errs = append(res.errs, asDecodeError(err, u.source, "csv"))
			return res
		}
		exp.input = u.input
		res.strava = exp
	default:
		decodeBytes(data, name, u.source, &res)
		if u.note != "" {
			for i := range res.acts {
				res.acts[i].Warnings = append(res.acts[i].Warnings, u.note)
			}
		}
	}
	return res
}

// text is a CSV's data as UTF-8, with a warning when it was not.
func (s *session) text(data []byte, source string) []byte {
	data, note := legacyText(data)
	if note != "" {
		s.log.Warn("text re-decoded", "source", source, "note", note)
	}
	return data
}

// formatOf is the DecodeError format for a work item that could not be read:
// "zip" for an archive member (inflating it failed), else its own kind.
func formatOf(u workItem) string {
	if u.zf != nil {
		return "zip"
	}
	switch k := kind(u.name); k {
	case "fit", "gpx", "tcx", "zip", "gz":
		return k
	}
	return ""
}

// readItem reads a file or a member, within the caps and budgets.
func readItem(ctx context.Context, u workItem, opt *Options) ([]byte, error) {
	if u.zf == nil {
		return readFile(ctx, u.path, opt.MaxMemberBytes)
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
	return readCapped(ctx, rc, u.arch, limit, u.zf.UncompressedSize64, int64(u.zf.CompressedSize64))
}

// readFile reads a plain file whole. One far larger than any activity (a
// video renamed .fit, a disk image) is refused before it is read, and one
// that is not a regular file after all (replaced since it was listed) is
// refused after opening.
func readFile(ctx context.Context, name string, limit int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(fi.Mode())
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("file of %d bytes is larger than the cap of %d for one activity file", fi.Size(), limit)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, notRegular(fi.Mode())
	}
	// The file may grow after Stat: read no more than one byte past the cap.
	data, err := readCapped(ctx, io.LimitReader(f, limit+1), nil, limit+1, uint64(fi.Size()), 0)
	if err == nil && int64(len(data)) > limit {
		return nil, fmt.Errorf("file grew past the cap of %d bytes for one activity file", limit)
	}
	return data, err
}

// openZipFile opens an input zip through its file, which the caller closes.
func openZipFile(name string) (*os.File, int64, *zip.Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = notRegular(fi.Mode())
	}
	if err == nil {
		var zr *zip.Reader
		if zr, err = zip.NewReader(f, fi.Size()); err == nil {
			return f, fi.Size(), zr, nil
		}
	}
	f.Close()
	return nil, 0, nil, err
}

// queueMembers queues the members of zr, read from src, worth reading. Two
// members whose data overlap make a zip that no archiver writes: a crafted
// one that decompresses the same bytes over and over (a zip bomb), so
// overlapping members are refused, with one error naming the first. So are
// members past the Read's member cap.
func queueMembers(zr *zip.Reader, src io.ReaderAt, parent workItem, arch *archive, s *session, res *itemResult) {
	var members []workItem
	for _, f := range zr.File {
		// A directory entry: a trailing slash, a directory mode, or the
		// trailing backslash of some Windows archivers.
		if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, `\`) {
			continue
		}
		raw, note := memberName(f)
		name := path.Clean(strings.TrimLeft(strings.ReplaceAll(raw, `\`, "/"), "/"))
		if hiddenPath(name) || kind(name) == "" {
			continue
		}
		source := parent.source + "!/" + name
		if note != "" {
			s.log.Warn("name re-decoded", "source", source, "note", note)
		}
		members = append(members, workItem{
			input:  parent.input,
			source: source,
			name:   path.Base(name),
			zf:     f,
			src:    src,
			arch:   arch,
			depth:  parent.depth + 1,
			note:   cmp.Or(note, parent.note),
		})
	}
	slices.SortFunc(members, func(a, b workItem) int { return strings.Compare(a.source, b.source) })
	if bad := overlapping(members); len(bad) > 0 {
		var names []string // the first three distinct names
		for _, i := range bad {
			n := members[i].source[len(parent.source)+2:]
			if len(names) > 0 && names[len(names)-1] == n {
				continue // sorted: repeats are adjacent
			}
			if len(names) == 3 {
				names = append(names, "…")
				break
			}
			names = append(names, n)
		}
		res.errs = append(res.errs, asDecodeError(fmt.Errorf("%d members share their data with another (a crafted zip, not read): %s",
			len(bad), strings.Join(names, ", ")), parent.source, "zip"))
		members = slices.DeleteFunc(members, func(m workItem) bool { return m.zf == nil })
	}
	if len(members) > 0 && s.members.Add(-int64(len(members))) < 0 {
		res.errs = append(res.errs, asDecodeError(fmt.Errorf("more than %d archive members in this run (nested zips included): the %d in this zip are not read",
			s.opt.maxMembers, len(members)), parent.source, "zip"))
		members = nil
	}
	if len(members) == 0 {
		arch.refs.Add(1)
		arch.release() // nothing to read: close now
		return
	}
	arch.refs.Add(int32(len(members)))
	s.q.push(members...)
}

// overlapping returns the indexes, in order, of the members whose
// compressed data overlap another member's, and clears their zf. A member
// whose data offset cannot be read is left to fail when it is opened.
func overlapping(members []workItem) []int {
	type span struct {
		start, end int64
		i          int
	}
	spans := make([]span, 0, len(members))
	for i, m := range members {
		off, err := m.zf.DataOffset()
		if err != nil || m.zf.CompressedSize64 == 0 {
			continue
		}
		spans = append(spans, span{off, off + int64(min(m.zf.CompressedSize64, 1<<62)), i})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	bad := map[int]bool{}
	var reach span // the span reaching furthest so far
	for j, sp := range spans {
		if j > 0 && sp.start < reach.end {
			bad[sp.i], bad[reach.i] = true, true
		}
		if j == 0 || sp.end > reach.end {
			reach = sp
		}
	}
	idx := slices.Sorted(maps.Keys(bad))
	for _, i := range idx {
		members[i].zf = nil
	}
	return idx
}

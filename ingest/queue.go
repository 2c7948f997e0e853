package ingest

import (
	"archive/zip"
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/klauspost/compress/gzip"
)

// gzipSizeHint is the size a .gz file says it inflates to (its last four
// bytes, modulo 4 GiB), within what readCapped would accept, to size the
// buffer once: 0 when the file is too short or the size implausible.
func gzipSizeHint(data []byte, limit int64) uint64 {
	if len(data) < 18 {
		return 0
	}
	n := uint64(binary.LittleEndian.Uint32(data[len(data)-4:]))
	if n > uint64(limit) || n > uint64(bombRatio)*uint64(len(data)) {
		return 0
	}
	return n
}

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
	// info is os.Stat of path (links followed), taken once: when the file
	// was found (an input named on the command line, a symbolic link in a
	// folder) or else when it is queued (weigh). nil for members and when
	// the file could not be stat'ed.
	info fs.FileInfo
	// work estimates the cost of reading the item, for the queue's order:
	// bytes to decode (see weigh).
	work int64
	seq  int // order of queueing, breaking ties
}

// weigh sets u.work, the bytes to decode: a .gz file counted 8 times its
// size (GPX inflates 10-25 times, FIT 2-3 times), and archives before
// everything (opening one is cheap and queues its members, which then take
// their place by size). The size of a file on disk is u.stat's, which the
// cache's key then uses too.
func (u *workItem) weigh() {
	switch {
	case kind(u.name) == "zip":
		u.work = math.MaxInt64
	case u.zf != nil:
		u.work = int64(min(u.zf.UncompressedSize64, math.MaxInt64/16))
	case u.path != "":
		if fi, err := u.stat(); err == nil {
			u.work = fi.Size()
		}
	}
	if kind(u.name) == "gz" {
		u.work = min(u.work, math.MaxInt64/16) * 8
	}
}

// stat returns u.info, stat'ing path (and keeping what it gave) when it is
// nil.
func (u *workItem) stat() (fs.FileInfo, error) {
	if u.info != nil {
		return u.info, nil
	}
	fi, err := os.Stat(u.path)
	if err == nil {
		u.info = fi
	}
	return fi, err
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
	// spare holds what gunzipping a GPX file leaves for the next one.
	spare spares
}

// spares are gzip readers and the buffers of gunzipped GPX files, kept
// once a file is decoded for the next to be read into: a year of phone GPX
// would otherwise allocate its 80 MB of XML anew, and the collections that
// garbage sets off were a tenth of a run's CPU. Only GPX buffers come back:
// the GPX decoders copy what they keep (strings, numbers), while a zip
// opened from memory keeps reading from its buffer.
type spares struct {
	mu    sync.Mutex
	bufs  [][]byte
	gzips []*gzip.Reader
}

// A few buffers per core, none larger than most GPX files: the spares of
// one Read hold at most 8 × 16 MiB.
const (
	maxSpareBufs     = 8
	maxSpareBufBytes = 16 << 20
)

// buf is the smallest spare buffer longer than n (one byte more lets
// readCapped see io.EOF without growing it), or nil.
func (sp *spares) buf(n uint64) []byte {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	best := -1
	for i, b := range sp.bufs {
		if uint64(cap(b)) > n && (best < 0 || cap(b) < cap(sp.bufs[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	b := sp.bufs[best]
	sp.bufs[best] = sp.bufs[len(sp.bufs)-1]
	sp.bufs = sp.bufs[:len(sp.bufs)-1]
	return b[:0]
}

// putBuf keeps b, which nothing refers to any more, in place of the
// smallest spare when there are enough.
func (sp *spares) putBuf(b []byte) {
	if cap(b) == 0 || cap(b) > maxSpareBufBytes {
		return
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if len(sp.bufs) < maxSpareBufs {
		sp.bufs = append(sp.bufs, b)
		return
	}
	small := 0
	for i := range sp.bufs {
		if cap(sp.bufs[i]) < cap(sp.bufs[small]) {
			small = i
		}
	}
	if cap(b) > cap(sp.bufs[small]) {
		sp.bufs[small] = b
	}
}

// gunzip is gzip.NewReader(r), with a spare reader when there is one.
func (sp *spares) gunzip(r io.Reader) (*gzip.Reader, error) {
	sp.mu.Lock()
	var zr *gzip.Reader
	if n := len(sp.gzips); n > 0 {
		zr, sp.gzips = sp.gzips[n-1], sp.gzips[:n-1]
	}
	sp.mu.Unlock()
	if zr == nil {
		return gzip.NewReader(r)
	}
	if err := zr.Reset(r); err != nil {
		return nil, err
	}
	return zr, nil
}

// putGunzip keeps zr, done with, for the next .gz file.
func (sp *spares) putGunzip(zr *gzip.Reader) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if len(sp.gzips) < maxSpareBufs {
		sp.gzips = append(sp.gzips, zr)
	}
}

func newSession(opt *Options, log *slog.Logger) *session {
	s := &session{opt: opt, log: log, q: newWorkQueue()}
	s.left.Store(opt.MaxTotalBytes)
	s.members.Store(int64(opt.maxMembers))
	return s
}

// workQueue hands work items to workers, the most work first, so that a
// large file does not start last while the other cores idle; archives push
// their members back in. Results are put in order after all are read.
type workQueue struct {
	mu      sync.Mutex
	cond    sync.Cond
	items   itemHeap
	pending int // items queued or being read
	total   int // items ever queued
}

// itemHeap is a max-heap on work, then first queued.
type itemHeap []workItem

func (h itemHeap) Len() int { return len(h) }
func (h itemHeap) Less(i, j int) bool {
	if h[i].work != h[j].work {
		return h[i].work > h[j].work
	}
	return h[i].seq < h[j].seq
}
func (h itemHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *itemHeap) Push(x any)   { *h = append(*h, x.(workItem)) }
func (h *itemHeap) Pop() any {
	old := *h
	u := old[len(old)-1]
	old[len(old)-1] = workItem{}
	*h = old[:len(old)-1]
	return u
}

func newWorkQueue() *workQueue {
	q := &workQueue{}
	q.cond.L = &q.mu
	return q
}

func (q *workQueue) push(us ...workItem) {
	for i := range us {
		us[i].weigh()
	}
	q.mu.Lock()
	for _, u := range us {
		u.seq = q.total
		q.total++
		heap.Push(&q.items, u)
	}
	q.pending += len(us)
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
	return heap.Pop(&q.items).(workItem), true
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
			res.noCache = true
			return res
		}
		queueMembers(zr, f, u, s.newArchive(size, f), s, &res)
		return res
	}
	if k == "zip" && u.zf != nil && u.zf.Method == zip.Store {
		// A zip stored (not compressed) in a zip is read in place.
		if tooDeep(u, &res) {
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
		res.noCache = true
		if activityFormat(u.name) != "" {
			res.activity = true
		}
		return res
	}
	opt.Cache.read(u, data)
	name := u.name
	arch := u.arch
	if k == "gz" {
		if arch == nil {
			arch = s.newArchive(int64(len(data)), nil)
		}
		name = strings.TrimSuffix(name, path.Ext(name))
		zr, err := s.spare.gunzip(bytes.NewReader(data))
		if err == nil {
			hint := gzipSizeHint(data, opt.MaxMemberBytes)
			var into []byte
			if kind(name) == "gpx" {
				into = s.spare.buf(hint)
			}
			data, err = readCapped(ctx, zr, arch, opt.MaxMemberBytes, hint, int64(len(data)), into)
			s.spare.putGunzip(zr)
		}
		if err != nil {
			res.errs = append(res.errs, asDecodeError(fmt.Errorf("gunzip: %w", err), u.source, "gz"))
			res.noCache = true
			res.activity = activityFormat(name) != ""
			return res
		}
		k = kind(name)
	}
	switch k {
	case "zip":
		if tooDeep(u, &res) {
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
	case "activities.csv":
		data = s.text(data, u.source)
		exp, err := readStravaActivities(data, stravaRoot(u.source))
		if err != nil {
			res.errs = append(res.errs, asDecodeError(err, u.source, "csv"))
			return res
		}
		exp.input = u.input
		res.strava = exp
	default:
		decodeBytes(data, name, u.source, &res)
		if k == "gpx" && kind(u.name) == "gz" {
			s.spare.putBuf(data) // the GPX decoders copy what they keep
		}
		if u.note != "" {
			for i := range res.acts {
				res.acts[i].Warnings = append(res.acts[i].Warnings, u.note)
			}
		}
	}
	return res
}

// tooDeep reports whether the zip u is nested past maxZipDepth, and then
// records the error in res.
func tooDeep(u workItem, res *itemResult) bool {
	if u.depth < maxZipDepth {
		return false
	}
	res.errs = append(res.errs, asDecodeError(fmt.Errorf("zips nested more than %d deep", maxZipDepth), u.source, "zip"))
	return true
}

// text is a CSV's data as UTF-8, with a warning when it was not.
func (s *session) text(data []byte, source string) []byte {
	data, note := legacyText(data)
	if note != "" {
		s.log.Warn("text re-decoded", "source", source, "note", note)
	}
	return data
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
	return readCapped(ctx, rc, u.arch, limit, u.zf.UncompressedSize64, int64(u.zf.CompressedSize64), nil)
}

// readFile reads a plain file whole. One far larger than any activity (a
// video renamed .fit, a disk image) is refused before it is read, and one
// that is not a regular file after all (replaced since it was listed) is
// refused without being read (openRegular).
func readFile(ctx context.Context, name string, limit int64) ([]byte, error) {
	f, fi, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, fmt.Errorf("file of %d bytes is larger than the cap of %d for one activity file", fi.Size(), limit)
	}
	// The file may grow after Stat: read no more than one byte past the cap.
	data, err := readCapped(ctx, io.LimitReader(f, limit+1), nil, limit+1, uint64(fi.Size()), 0, nil)
	if err == nil && int64(len(data)) > limit {
		return nil, fmt.Errorf("file grew past the cap of %d bytes for one activity file", limit)
	}
	return data, err
}

// openRegular opens name for reading, and returns it with its FileInfo
// when it is a regular file. The open does not wait (O_NONBLOCK: a named
// pipe put in place of a file since it was listed would block a plain open
// until a writer comes), and what was opened is checked on its descriptor,
// so a file replaced between a stat and the open is still refused. The
// flag changes nothing for a regular file.
func openRegular(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = notRegular(fi.Mode())
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// itemResult is what one file or archive member gave.
type itemResult struct {
	input    int // index of the input it came from, to order repeats
	source   string
	acts     []Activity
	errs     []*DecodeError
	activity bool // a FIT, GPX or TCX file (counts in Batch.Files)
	strava   *stravaExport
	noCache  bool // a read failed (I/O, a cap): not for Options.Cache
}

func logItem(log *slog.Logger, u workItem, res *itemResult) {
	if !log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	args := []any{"source", u.source, "activities", len(res.acts)}
	for _, e := range res.errs {
		if e.Skipped() {
			args = append(args, "skipped", e.Err.Error())
		} else {
			args = append(args, "error", e.Error())
		}
	}
	log.Debug("read", args...)
}

package ingest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// maxZipDepth is how deep zips may nest (Garmin's bulk export nests two).
const maxZipDepth = 4

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

// readChunks holds readCapped's 64 KiB read buffers: a fresh one for every
// file was the largest allocation of a cold run.
var readChunks = sync.Pool{New: func() any { return new([64 << 10]byte) }}

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
	c := readChunks.Get().(*[64 << 10]byte)
	defer readChunks.Put(c)
	chunk := c[:]
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

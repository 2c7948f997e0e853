package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// overlapZip is a zip whose central directory lists n members, named
// m00.ext, m01.ext…, that all point at the data of one member: a crafted
// zip, as in David Fifield's overlapping-file bombs.
func overlapZip(t testing.TB, ext string, data []byte, method uint16, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "m00." + ext, Method: method})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	eocd := len(b) - 22
	if binary.LittleEndian.Uint32(b[eocd:]) != 0x06054b50 {
		t.Fatal("overlapZip: no end of central directory")
	}
	cdOff := int(binary.LittleEndian.Uint32(b[eocd+16:]))
	entry := b[cdOff:eocd]
	out := append([]byte(nil), b[:cdOff]...)
	for i := range n {
		e := append([]byte(nil), entry...)
		copy(e[46:], fmt.Sprintf("m%02d", i%100)) // same length as "m00"
		out = append(out, e...)
	}
	end := append([]byte(nil), b[eocd:]...)
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(entry)))
	binary.LittleEndian.PutUint32(end[16:], uint32(cdOff))
	return append(out, end...)
}

// nestedOverlapZip nests overlapZip levels deep around a small GPX run:
// fan^levels activities from a few kilobytes.
func nestedOverlapZip(t testing.TB, fan, levels int) []byte {
	t.Helper()
	data := overlapZip(t, "gpx", runGPX(readT0, 45, 7, 3), zip.Store, fan)
	for range levels - 1 {
		data = overlapZip(t, "zip", data, zip.Store, fan)
	}
	return data
}

// readFast reads inputs and fails the test if that takes more than limit.
func readFast(t *testing.T, limit time.Duration, inputs []string, opt Options) *Batch {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*limit)
	defer cancel()
	t0 := time.Now()
	b, err := Read(ctx, inputs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d > limit {
		t.Errorf("read took %v, want under %v", d, limit)
	}
	return b
}

// Zips whose central directories point many members at one member's data:
// stored zips nested four deep (50,625 activities from 4 KB, or 160,000
// with 20 per level), and deflated members just under the 16 MiB ratio
// floor (200 times 16 MiB from 27 KB). The overlap is refused at the outer
// zip, naming it, and nothing is decompressed; a good zip beside them is read.
func TestReadOverlappingMembers(t *testing.T) {
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "nested.zip"), nestedOverlapZip(t, 15, 4))
	writeFile(t, filepath.Join(tmp, "nested20.zip"), nestedOverlapZip(t, 20, 4))
	writeFile(t, filepath.Join(tmp, "deflated.zip"), overlapZip(t, "gpx", make([]byte, 16<<20-1), zip.Deflate, 200))
	writeFile(t, filepath.Join(tmp, "good.zip"), zipOf(t, "a.gpx", runGPX(readT0, 45, 7, 10)))
	// The nested zip inside a good zip: refused one level down.
	writeFile(t, filepath.Join(tmp, "wrapped.zip"), storedZipOf(t, "in/nested.zip", nestedOverlapZip(t, 15, 3)))

	b := readFast(t, 5*time.Second, []string{tmp}, testOptions(&fakeFinder{}))
	if got := sources(b); !slices.Equal(got, []string{"good.zip!/a.gpx#0"}) {
		t.Errorf("sources %q", got)
	}
	want := map[string]int{"nested.zip": 15, "nested20.zip": 20, "deflated.zip": 200, "wrapped.zip!/in/nested.zip": 15}
	for _, e := range b.Errors {
		n, ok := want[e.Source()]
		if !ok || e.Format != "zip" || !strings.Contains(e.Error(), fmt.Sprintf("%d members share their data", n)) ||
			!strings.Contains(e.Error(), "m00.") {
			t.Errorf("unexpected error %v", e)
		}
		delete(want, e.Source())
	}
	if len(want) > 0 {
		t.Errorf("no overlap error for %v; errors %v", want, b.Errors)
	}
	if b.Files != 1 {
		t.Errorf("files %d, want 1", b.Files)
	}
}

func TestOverlapping(t *testing.T) {
	// Members whose data touch but do not overlap are fine; a member whose
	// data lie inside another's is not.
	data := zipOf(t, "a.fit", []byte("aaaa"), "b.fit", []byte("bbbb"), "c.fit", []byte("cccc"))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var us []workItem
	for _, f := range zr.File {
		us = append(us, workItem{zf: f})
	}
	if bad := overlapping(us); len(bad) != 0 {
		t.Errorf("distinct members: overlapping %v", bad)
	}
	big := *zr.File[0]
	big.CompressedSize64 = uint64(len(data)) // reaches over b and c
	us = []workItem{{zf: &big}, {zf: zr.File[1]}, {zf: zr.File[2]}}
	if bad := overlapping(us); !slices.Equal(bad, []int{0, 1, 2}) {
		t.Errorf("one member spanning the others: overlapping %v", bad)
	}
}

// Members that do not overlap still share the archive's budget (200 times
// its size, at least 16 MiB) and the Read's (MaxTotalBytes), and one Read
// queues at most maxMembers archive members.
func TestReadBudgets(t *testing.T) {
	tmp := t.TempDir()
	// Five distinct members of 15 MiB of zeros, each under the ratio floor:
	// 75 MiB from ~80 KB passes the archive's 16 MiB.
	var kv []any
	for i := range 5 {
		z := make([]byte, 15<<20)
		z[0] = byte(i)
		kv = append(kv, fmt.Sprintf("z%d.fit", i), z)
	}
	writeFile(t, filepath.Join(tmp, "ratio", "zeros.zip"), zipOf(t, kv...))
	b := readFast(t, 5*time.Second, []string{filepath.Join(tmp, "ratio")}, testOptions(&fakeFinder{}))
	capped := 0
	for _, e := range b.Errors {
		var ce *capError
		if errors.As(e, &ce) && !ce.run && ce.limit == archiveFloorBytes {
			capped++
			if !strings.Contains(e.Error(), "its cap") {
				t.Errorf("message %q", e.Error())
			}
		}
	}
	if capped == 0 {
		t.Errorf("no member refused by the archive's ratio budget: %v", b.Errors)
	}

	// Three archives of 400 KiB each under their own cap of 1 MiB, but
	// together over the run's cap of 1 MiB.
	part := make([]byte, 400<<10)
	for i := range 3 {
		writeFile(t, filepath.Join(tmp, "run", fmt.Sprintf("a%d.zip", i)), zipOf(t, "p1.fit", part))
		writeFile(t, filepath.Join(tmp, "run", fmt.Sprintf("b%d.fit.gz", i)), gzipOf(t, part))
	}
	opt := testOptions(&fakeFinder{})
	opt.MaxArchiveBytes, opt.MaxTotalBytes = 1<<20, 1<<20
	b = readFast(t, 5*time.Second, []string{filepath.Join(tmp, "run")}, opt)
	runCapped := 0
	for _, e := range b.Errors {
		if ce := (*capError)(nil); errors.As(e, &ce) && ce.run {
			runCapped++
			if !strings.Contains(e.Error(), "more than 1 MiB, the cap for one run") {
				t.Errorf("message %q", e.Error())
			}
		}
	}
	if runCapped == 0 {
		t.Errorf("no member refused by the run's budget: %v", b.Errors)
	}

	// The member cap counts across archives and nesting.
	writeFile(t, filepath.Join(tmp, "members", "a.zip"), zipOf(t, "1.gpx", runGPX(readT0, 45, 7, 10), "2.gpx", runGPX(readT0.Add(24*time.Hour), 45, 7, 10)))
	writeFile(t, filepath.Join(tmp, "members", "b.zip"), zipOf(t, "3.gpx", runGPX(readT0.Add(48*time.Hour), 45, 7, 10), "4.gpx", runGPX(readT0.Add(72*time.Hour), 45, 7, 10)))
	opt = testOptions(&fakeFinder{})
	opt.maxMembers = 3
	b = readFast(t, 5*time.Second, []string{filepath.Join(tmp, "members")}, opt)
	if len(b.Activities) != 2 || len(b.Errors) != 1 || !strings.Contains(b.Errors[0].Error(), "more than 3 archive members") {
		t.Errorf("member cap: sources %q, errors %v", sources(b), b.Errors)
	}
}

// endless is a reader that never ends, as an inflater of a crafted member.
type endless struct{}

func (endless) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// A read inside a member stops within a second of cancellation.
func TestReadCappedCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	s := newSession(&Options{MaxArchiveBytes: 1 << 62, MaxTotalBytes: 1 << 62}, slog.New(slog.DiscardHandler))
	t0 := time.Now()
	_, err := readCapped(ctx, io.LimitReader(endless{}, 1<<40), s.newArchive(1<<40, nil), 1<<41, 0, 0, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(t0) > time.Second {
		t.Errorf("got %v after %v", err, time.Since(t0))
	}
}

// A cancelled Read returns within a second even while a decoder is busy
// with a large file: the worker is held in beforeItem until the test ends,
// as a decoder would be on a file that takes seconds.
func TestReadCancelDuringDecode(t *testing.T) {
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "a.gpx"), runGPX(readT0, 45, 7, 100))
	release := make(chan struct{})
	defer close(release)
	opt := testOptions(&fakeFinder{})
	busy := make(chan struct{})
	opt.beforeItem = func() { close(busy); <-release }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-busy; time.Sleep(50 * time.Millisecond); cancel() }()
	t0 := time.Now()
	_, err := Read(ctx, []string{tmp}, opt)
	if d := time.Since(t0); !errors.Is(err, context.Canceled) || d > time.Second {
		t.Errorf("got %v after %v", err, d)
	}
}

// A named pipe and a link to /dev/zero named as inputs are errors naming
// them; neither is opened, and the other input is read.
func TestReadNonRegularArguments(t *testing.T) {
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, "run.fit")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	zero := filepath.Join(tmp, "zero.fit")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifoZip := filepath.Join(tmp, "pipe.zip")
	if err := syscall.Mkfifo(fifoZip, 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(tmp, "good.gpx")
	writeFile(t, good, runGPX(readT0, 45, 7, 10))
	var b *Batch
	done := make(chan error)
	go func() {
		var err error
		b, err = Read(context.Background(), []string{fifo, zero, fifoZip, good}, testOptions(&fakeFinder{}))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		// Unblock the reader before failing.
		for _, p := range []string{fifo, fifoZip} {
			if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
		}
		t.Fatal("Read blocked on a named pipe")
	}
	if got := sources(b); len(got) != 1 || !strings.HasSuffix(got[0], "good.gpx#0") {
		t.Errorf("sources %q", got)
	}
	want := map[string]string{
		filepath.ToSlash(fifo):    "fit: a named pipe (FIFO), not a regular file: not read",
		filepath.ToSlash(zero):    "fit: a device, not a regular file: not read",
		filepath.ToSlash(fifoZip): "zip: a named pipe (FIFO), not a regular file: not read",
	}
	for _, e := range b.Errors {
		if want[e.Source()] != e.Reason() {
			t.Errorf("%s: %q, want %q", e.Source(), e.Reason(), want[e.Source()])
		}
		delete(want, e.Source())
	}
	if len(want) > 0 {
		t.Errorf("no error for %v", want)
	}
	if b.Files != 1 {
		t.Errorf("files %d, want 1", b.Files)
	}
}

// A file or zip replaced by a named pipe after it was listed and stat'ed
// is refused by name when it is read, without blocking on the pipe.
func TestReadFileReplacedByPipe(t *testing.T) {
	tmp := t.TempDir()
	run, zipPath := filepath.Join(tmp, "run.fit"), filepath.Join(tmp, "all.zip")
	writeFile(t, run, []byte("not yet a pipe"))
	writeFile(t, zipPath, []byte("not yet a pipe"))
	opt := testOptions(&fakeFinder{})
	opt.Workers = 1
	var once sync.Once
	opt.beforeItem = func() {
		once.Do(func() {
			for _, p := range []string{run, zipPath} {
				if err := os.Remove(p); err != nil {
					t.Error(err)
				}
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Error("mkfifo:", err)
				}
			}
		})
	}
	done := make(chan struct{})
	var b *Batch
	var err error
	go func() { b, err = Read(context.Background(), []string{tmp}, opt); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		for _, p := range []string{run, zipPath} {
			if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
		t.Fatal("Read blocked on a named pipe")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"run.fit": "fit: a named pipe (FIFO), not a regular file: not read",
		"all.zip": "zip: open zip: a named pipe (FIFO), not a regular file: not read",
	}
	for _, e := range b.Errors {
		if want[e.Source()] != e.Reason() {
			t.Errorf("%s: %q, want %q", e.Source(), e.Reason(), want[e.Source()])
		}
		delete(want, e.Source())
	}
	if len(want) > 0 {
		t.Errorf("no error for %v", want)
	}
}

// Each file on disk is stat'ed once: a file named as an input and a
// link's target keep the FileInfo the walk took; a plain file in a folder
// gets it when it is queued, and the cache's key uses the same.
func TestFileInfoPassedOn(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "in")
	writeFile(t, filepath.Join(dir, "a.gpx"), runGPX(readT0, 45, 7, 10))
	if err := os.Symlink("a.gpx", filepath.Join(dir, "link.gpx")); err != nil {
		t.Skip("symlink:", err)
	}
	named := filepath.Join(tmp, "b.gpx")
	writeFile(t, named, runGPX(readT0, 45, 7, 10))
	items, errs, err := findInputs(context.Background(), []string{dir, named}, nil, slog.New(slog.DiscardHandler))
	if err != nil || len(errs) > 0 || len(items) != 3 {
		t.Fatalf("%d items, %v, %v", len(items), errs, err)
	}
	for _, u := range items {
		if want := u.name != "a.gpx"; (u.info != nil) != want {
			t.Errorf("%s: FileInfo from the walk %v, want %v", u.source, u.info != nil, want)
		}
		u.weigh()
		if u.info == nil || u.work != u.info.Size() || !u.info.Mode().IsRegular() {
			t.Errorf("%s: after weigh, info %v, work %d", u.source, u.info, u.work)
		}
	}
}

// A file that grows past the cap after it was listed is still capped.
func TestReadFileCap(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.fit")
	writeFile(t, p, make([]byte, 100))
	if _, err := readFile(context.Background(), p, 99); err == nil || !strings.Contains(err.Error(), "larger than the cap") {
		t.Errorf("got %v", err)
	}
	if data, err := readFile(context.Background(), p, 100); err != nil || len(data) != 100 {
		t.Errorf("got %d bytes, %v", len(data), err)
	}
}

// warnings records the messages logged at level Warn and above.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := r.Message
	r.Attrs(func(a slog.Attr) bool { s += " " + a.Key + "=" + a.Value.String(); return true })
	w.msgs = append(w.msgs, s)
	return nil
}
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *warnings) WithGroup(string) slog.Handler      { return w }

// checkUTF8 fails the test for any string of b that is not valid UTF-8.
func checkUTF8(t testing.TB, b *Batch) {
	t.Helper()
	for _, a := range b.Activities {
		for _, s := range append([]string{a.ID, a.Source, string(a.Format), string(a.Sport), a.Device, string(a.OffsetSource), a.Gear, a.Name, a.DuplicateOf}, a.Warnings...) {
			if !utf8.ValidString(s) {
				t.Errorf("%q: invalid UTF-8 %q", a.Source, s)
			}
		}
	}
	for _, e := range append(b.Errors, b.Skipped...) {
		if !utf8.ValidString(e.Error()) {
			t.Errorf("invalid UTF-8 in error %q", e.Error())
		}
	}
}

// Names and text in legacy encodings come out as UTF-8, with a warning: a
// CP437 member name from an older Windows zip, a Latin-1 activities.csv,
// and a file name on disk that is not UTF-8 (escaped).
func TestReadNonUTF8(t *testing.T) {
	tmp := t.TempDir()
	// "Läufe/März 10k.gpx" in CP437, without the UTF-8 flag.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "L\x84ufe/M\x84rz 10k.gpx", NonUTF8: true, Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(runGPX(readT0, 45, 7, 10))
	zw.Close()
	writeFile(t, filepath.Join(tmp, "in", "windows.zip"), buf.Bytes())

	// A Latin-1 Strava export: "Weißensee" and "Läufer".
	csv := "Activity ID,Activity Name,Filename,Activity Gear\n1,Wei\xdfensee,activities/1.gpx,L\xe4ufer 2\n"
	writeFile(t, filepath.Join(tmp, "in", "strava", "activities.csv"), []byte(csv))
	writeFile(t, filepath.Join(tmp, "in", "strava", "activities", "1.gpx"), runGPX(readT0.Add(24*time.Hour), 45, 7, 10))

	// A Latin-1 file name on disk, in a Latin-1 directory name.
	odd := filepath.Join(tmp, "in", "d\xe9j\xe0", "M\xe4rz.gpx")
	if err := os.MkdirAll(filepath.Dir(odd), 0o755); err != nil {
		t.Skip("file system refuses non-UTF-8 names:", err)
	}
	writeFile(t, odd, runGPX(readT0.Add(48*time.Hour), 45, 7, 10))

	var warn warnings
	opt := testOptions(&fakeFinder{})
	opt.Log = slog.New(&warn)
	b := readFast(t, 5*time.Second, []string{filepath.Join(tmp, "in")}, opt)
	checkUTF8(t, b)
	if len(b.Errors) > 0 {
		t.Errorf("errors %v", b.Errors)
	}
	got := map[string]string{}
	for _, a := range b.Activities {
		got[a.Source] = a.Name + "|" + a.Gear + "|" + strings.Join(a.Warnings, ";")
	}
	want := map[string]string{
		"windows.zip!/Läufe/März 10k.gpx": "||member name is not UTF-8: read as code page 437 (older Windows zips)",
		"strava/activities/1.gpx":         "Weißensee|Läufer 2|",
		`d\xe9j\xe0/M\xe4rz.gpx`:          `||file name is not valid UTF-8: invalid bytes shown as hex escapes`,
	}
	for src, w := range want {
		if g, ok := got[src]; !ok || !strings.HasPrefix(g, strings.Split(w, "|")[0]+"|"+strings.Split(w, "|")[1]+"|") || !strings.Contains(g, strings.Split(w, "|")[2]) {
			t.Errorf("%s: got %q, want %q (all: %q)", src, g, w, got)
		}
	}
	if len(got) != 3 {
		t.Errorf("activities %q", got)
	}
	joined := strings.Join(warn.msgs, "\n")
	for _, s := range []string{"source=windows.zip!/Läufe/März 10k.gpx", "source=strava/activities.csv", `source=d\xe9j\xe0 `, `source=d\xe9j\xe0/M\xe4rz.gpx`} {
		if !strings.Contains(joined+" ", s) {
			t.Errorf("no warning with %q in\n%s", s, joined)
		}
	}

	// Invalid UTF-8 from inside a file (a FIT string field, an XML token in
	// an error) is escaped on the way out.
	a := Activity{Name: "a\xffb", Device: "\xc3"}
	a.validUTF8()
	if a.Name != `a\xffb` || a.Device != `\xc3` {
		t.Errorf("escaped %q %q", a.Name, a.Device)
	}
	e := &DecodeError{Path: "x.gpx", Format: "gpx", Err: fmt.Errorf("bad token %q: %w", "\xfe", ErrNoActivity)}
	e.Err = fmt.Errorf("bad token \xfe: %w", ErrNoActivity)
	e.validUTF8()
	if !utf8.ValidString(e.Error()) || !errors.Is(e, ErrNoActivity) {
		t.Errorf("error %q, is ErrNoActivity %t", e.Error(), errors.Is(e, ErrNoActivity))
	}
}

func TestMemberNameAndLegacyText(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags uint16
		want  string
		note  bool
	}{
		{"plain.fit", 0, "plain.fit", false},
		{"Läufe/März.fit", 0, "Läufe/März.fit", false}, // UTF-8 without the flag
		{"L\x84ufe/M\x84rz.fit", 0, "Läufe/März.fit", true},
		{"\x81ber.fit", zipFlagUTF8, `\x81ber.fit`, true}, // flagged UTF-8 but is not
	} {
		got, note := memberName(&zip.File{FileHeader: zip.FileHeader{Name: tc.name, Flags: tc.flags}})
		if got != tc.want || (note != "") != tc.note {
			t.Errorf("memberName(%q, %#x) = %q, %q", tc.name, tc.flags, got, note)
		}
	}
	if got, note := legacyText([]byte("caf\xe9 \x80 \x93x\x94")); string(got) != "café € “x”" || note == "" {
		t.Errorf("legacyText: %q, %q", got, note)
	}
	if got, note := legacyText([]byte("café")); string(got) != "café" || note != "" {
		t.Errorf("legacyText UTF-8: %q, %q", got, note)
	}
}

// setZipFlags sets general-purpose flags on every member, in the local
// headers and the central directory.
func setZipFlags(t testing.TB, data []byte, flags uint16) []byte {
	t.Helper()
	out := bytes.Clone(data)
	for i := 0; i+4 <= len(out); i++ {
		switch binary.LittleEndian.Uint32(out[i:]) {
		case 0x04034b50: // local file header: flags at 6
			binary.LittleEndian.PutUint16(out[i+6:], binary.LittleEndian.Uint16(out[i+6:])|flags)
		case 0x02014b50: // central directory header: flags at 8
			binary.LittleEndian.PutUint16(out[i+8:], binary.LittleEndian.Uint16(out[i+8:])|flags)
		}
	}
	return out
}

// An encrypted member says so (not "flate: corrupt input"), and directory
// entries, including Windows ones ending in a backslash, and directories
// named like activity files are not counted as files.
func TestReadEncryptedAndDirectories(t *testing.T) {
	tmp := t.TempDir()
	enc := setZipFlags(t, zipOf(t, "secret.fit", []byte("0123456789abcdef0123456789abcdef")), zipFlagEncrypted)
	writeFile(t, filepath.Join(tmp, "in", "locked.zip"), enc)
	writeFile(t, filepath.Join(tmp, "in", "dirs.zip"), zipOf(t,
		"runs.fit/", []byte{},
		`win\sub.fit\`, []byte{},
		"runs.fit/a.gpx", runGPX(readT0, 45, 7, 10),
	))
	if err := os.MkdirAll(filepath.Join(tmp, "in", "folder.fit"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := Read(context.Background(), []string{filepath.Join(tmp, "in"), filepath.Join(tmp, "in", "folder.fit")}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(b); !slices.Equal(got, []string{"dirs.zip!/runs.fit/a.gpx#0"}) {
		t.Errorf("sources %q", got)
	}
	if len(b.Errors) != 1 || b.Errors[0].Source() != "locked.zip!/secret.fit" ||
		b.Errors[0].Reason() != "zip: member is encrypted (password-protected zip): extract it first" {
		t.Errorf("errors %v", b.Errors)
	}
	// The GPX member and the encrypted FIT member.
	if b.Files != 2 {
		t.Errorf("files %d, want 2", b.Files)
	}
}

// FuzzReadZip reads arbitrary bytes as an input zip: Read never panics or
// fails (a bad zip is an entry in Errors), stays within small caps, and
// every string it returns is valid UTF-8.
func FuzzReadZip(f *testing.F) {
	f.Add(zipOf(f, "a.gpx", runGPX(readT0, 45, 7, 5), "b/c.tcx", runTCX(readT0, 5, 10)))
	f.Add(storedZipOf(f, "in.zip", storedZipOf(f, "x.gpx", runGPX(readT0, 45, 7, 5))))
	f.Add(nestedOverlapZip(f, 3, 3))
	f.Add(overlapZip(f, "gpx", runGPX(readT0, 45, 7, 5), zip.Deflate, 3))
	f.Add(setZipFlags(f, zipOf(f, "s.fit", []byte("0123456789")), zipFlagEncrypted))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "M\x84rz.gpx", NonUTF8: true})
	w.Write(runGPX(readT0, 45, 7, 5))
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.zip")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		opt := testOptions(&fakeFinder{})
		opt.MaxMemberBytes, opt.MaxArchiveBytes, opt.MaxTotalBytes, opt.maxMembers = 1<<20, 4<<20, 4<<20, 1000
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b, err := Read(ctx, []string{p}, opt)
		if err != nil {
			buf := make([]byte, 1<<20)
			t.Fatalf("%v\n%s", err, buf[:runtime.Stack(buf, true)])
		}
		checkUTF8(t, b)
	})
}

package ingest

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// CacheFile is the one file of a cache directory.
const CacheFile = "ingest.bin"

// cacheSchema is the layout of CacheFile; bump it whenever the encoding,
// Activity, HRSummary, DecodeError or what a decoder yields changes.
const cacheSchema = 3

// cacheMagic opens CacheFile.
const cacheMagic = "legwork ingest cache\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Cache remembers what each input file produced, so that Read neither reads
// nor decodes a file again while it is unchanged. It holds what the decoders
// gave (activities with their heart-rate summaries, not their samples, and
// warnings, the file's errors and skips, a Strava export's gear) before anything that depends on the other
// files or on the configuration: IDs, Strava gear, the configured time zone
// and duplicates are worked out again on every Read. It also keeps the time
// zone found for each first fix, so that no zone table is loaded while no
// new position needs one.
//
// A file on disk is the unit: a .zip or .gz input with everything in it is
// one entry. An entry is keyed by the file's input-relative source and its
// absolute path; it is used while the size and modification time are those
// recorded, or, when they differ, while the SHA-256 of the content still is
// (the new size and time are then recorded). Each Read of a Cache records
// the entries that the inputs used, so Write drops the files that are gone.
//
// A Cache is for one Read at a time.
type Cache struct {
	version string
	from    string // the cache file OpenCache read whole; "" if none

	old      map[string]*cacheEntry      // by cacheKey, from OpenCache
	oldZones map[[2]uint64]string        // first fix (lon, lat bits) -> zone name
	mu       sync.Mutex                  // guards what follows
	fresh    map[groupKey]*cacheEntry    // this Read's entries, by input and source
	newZones map[[2]uint64]string        // the lookups this Read used
	hits     int                         // entries used without reading the file
	misses   int                         // entries read and decoded
	reasons  map[groupKey]cacheMissCause // why each miss missed, for tests
}

type cacheMissCause int

const (
	missNew     cacheMissCause = iota + 1 // no entry
	missChanged                           // the content differs
)

// groupKey names a file of one input in one Read.
type groupKey struct {
	input  int
	source string
}

// cacheEntry is what one file on disk produced.
type cacheEntry struct {
	source, path string // input-relative source; absolute path
	size, mtime  int64  // bytes; Unix nanoseconds
	sum          [sha256.Size]byte
	results      [][]byte // encoded itemResults: the file's, then its members'
	noCache      bool     // some result came from a read error: not kept
	unhashed     bool     // sum not known yet: store sets it from the read
}

func cacheKey(source, path string) string { return source + "\x00" + path }

// OpenCache reads the cache in dir for a Read by legwork version. The error
// says why a cache that is there cannot be used (another version, damaged);
// the Cache returned is then empty, as it is when dir holds none, and Write
// replaces it.
func OpenCache(dir, version string) (*Cache, error) {
	c := &Cache{
		version:  version,
		old:      map[string]*cacheEntry{},
		oldZones: map[[2]uint64]string{},
		fresh:    map[groupKey]*cacheEntry{},
		newZones: map[[2]uint64]string{},
		reasons:  map[groupKey]cacheMissCause{},
	}
	name := filepath.Join(dir, CacheFile)
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	} else if err != nil {
		return c, fmt.Errorf("read the cache %s: %w", name, err)
	}
	if err := c.parse(b); err != nil {
		c.old, c.oldZones = map[string]*cacheEntry{}, map[[2]uint64]string{}
		return c, fmt.Errorf("cache %s: %w", name, err)
	}
	c.from = name
	return c, nil
}

// parse fills c.old and c.oldZones from a cache file; the entries' results
// stay encoded (sub-slices of b) until a file asks for them.
func (c *Cache) parse(b []byte) error {
	if len(b) < len(cacheMagic)+4 || string(b[:len(cacheMagic)]) != cacheMagic {
		return errors.New("not a legwork cache")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return errors.New("damaged (checksum mismatch)")
	}
	d := &cacheDecoder{b: body[len(cacheMagic):]}
	schema, version := d.uvarint(), d.str()
	if d.err == nil && (schema != cacheSchema || version != c.version) {
		return fmt.Errorf("written by legwork %s (cache schema %d), this is %s (schema %d)", version, schema, c.version, cacheSchema)
	}
	for n := d.count(17); n > 0; n-- {
		k := [2]uint64{d.u64(), d.u64()}
		c.oldZones[k] = d.str()
	}
	for n := d.count(37); n > 0; n-- {
		e := &cacheEntry{source: d.str(), path: d.str(), size: d.varint(), mtime: d.varint()}
		copy(e.sum[:], d.bytes(sha256.Size))
		for m := d.count(1); m > 0; m-- {
			e.results = append(e.results, d.blob())
		}
		c.old[cacheKey(e.source, e.path)] = e
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return fmt.Errorf("damaged (%v)", d.err)
	}
	return nil
}

// Write replaces the cache in dir (created if need be) with the entries of
// the last Read: the files it found, and the zones it looked up.
func (c *Cache) Write(dir string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	byKey := map[string]*cacheEntry{}
	for _, e := range c.fresh {
		if !e.noCache && !e.unhashed {
			byKey[cacheKey(e.source, e.path)] = e
		}
	}
	keys := slices.Sorted(maps.Keys(byKey))
	zones := slices.SortedFunc(maps.Keys(c.newZones), func(x, y [2]uint64) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	if c.unchanged(byKey) {
		// A rerun with nothing new: the file OpenCache read is the one
		// to write, and a hard link to it costs nothing.
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return err
		}
		if err := os.Link(c.from, filepath.Join(dir, CacheFile)); err == nil {
			return nil
		}
	}

	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, CacheFile))
	if err != nil {
		return err
	}
	// Streamed, so the file is never in memory twice beside the results.
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 256<<10)
	e := &cacheEncoder{b: []byte(cacheMagic)}
	flush := func() {
		w.Write(e.b) // its error is Flush's
		e.b = e.b[:0]
	}
	e.uvarint(cacheSchema)
	e.str(c.version)
	e.uvarint(uint64(len(zones)))
	for _, z := range zones {
		e.u64(z[0])
		e.u64(z[1])
		e.str(c.newZones[z])
	}
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		en := byKey[k]
		// An archive's members finish in any order: the file should not
		// depend on it. Each result begins with its member's source.
		slices.SortFunc(en.results, bytes.Compare)
		e.str(en.source)
		e.str(en.path)
		e.varint(en.size)
		e.varint(en.mtime)
		e.b = append(e.b, en.sum[:]...)
		e.uvarint(uint64(len(en.results)))
		for _, r := range en.results {
			e.uvarint(uint64(len(r)))
			flush()
			w.Write(r)
		}
	}
	flush()
	err = w.Flush()
	if err == nil {
		_, err = f.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// unchanged reports whether the cache to write, the entries byKey and
// newZones, is the one OpenCache read: the same files with the same size,
// time and results, and the same zones.
func (c *Cache) unchanged(byKey map[string]*cacheEntry) bool {
	if c.from == "" || len(byKey) != len(c.old) || len(c.newZones) != len(c.oldZones) {
		return false
	}
	for k, e := range byKey {
		o := c.old[k]
		if o == nil || o.size != e.size || o.mtime != e.mtime || len(o.results) != len(e.results) ||
			len(e.results) > 0 && &o.results[0] != &e.results[0] {
			return false
		}
	}
	for k, z := range c.newZones {
		if oz, ok := c.oldZones[k]; !ok || oz != z {
			return false
		}
	}
	return true
}

// Stats reports the files of the last Read taken from the cache and those
// read and decoded (and recorded).
func (c *Cache) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// lookup returns what a file on disk produced when the cache holds it
// unchanged. Otherwise it returns nil and starts this Read's entry for the
// file, which store fills. Archive members and files that cannot be
// stat'ed or hashed are not looked up.
func (c *Cache) lookup(u workItem) []itemResult {
	if c == nil || u.zf != nil || u.path == "" || u.arch != nil {
		return nil
	}
	abs, err := filepath.Abs(u.path)
	if err != nil {
		return nil
	}
	fi, err := u.stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	gk := groupKey{u.input, u.source}
	cur := &cacheEntry{source: u.source, path: abs, size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	old := c.old[cacheKey(u.source, abs)]
	hashed := false
	if old != nil && (old.size != cur.size || old.mtime != cur.mtime) {
		if cur.sum, err = hashFile(abs); err != nil {
			return nil
		}
		hashed = true
		if cur.sum != old.sum {
			old = nil
			c.note(gk, missChanged)
		}
	}
	if old != nil {
		if res, err := decodeResults(old.results, u.input); err == nil {
			if !hashed {
				cur.sum = old.sum
			}
			cur.results = old.results
			c.mu.Lock()
			c.fresh[gk] = cur
			c.hits++
			c.mu.Unlock()
			return res
		}
	} else if !hashed {
		c.note(gk, missNew)
	}
	// The file is about to be read: store hashes what is read, not the
	// file a second time.
	cur.unhashed = !hashed
	c.mu.Lock()
	c.fresh[gk] = cur
	c.misses++
	c.mu.Unlock()
	return nil
}

func (c *Cache) note(gk groupKey, why cacheMissCause) {
	c.mu.Lock()
	c.reasons[gk] = why
	c.mu.Unlock()
}

// read records the SHA-256 of data, a file on disk read whole, in the entry
// lookup started for it.
func (c *Cache) read(u workItem, data []byte) {
	if c == nil || u.zf != nil || u.arch != nil {
		return
	}
	c.mu.Lock()
	e := c.fresh[groupKey{u.input, u.source}]
	c.mu.Unlock()
	if e == nil || !e.unhashed {
		return
	}
	sum := sha256.Sum256(data)
	c.mu.Lock()
	e.sum, e.unhashed = sum, false
	c.mu.Unlock()
}

// store records what processItem gave for u in the entry of the file on
// disk it comes from, if lookup started one.
func (c *Cache) store(u workItem, res *itemResult) {
	if c == nil {
		return
	}
	var blob []byte
	if !res.noCache {
		var stepsAt []int
		blob, stepsAt = encodeResultSteps(res)
		// The activities' steps live on in the blob: one copy, not two.
		for i := range res.acts {
			if n := len(res.acts[i].HR.Steps); n > 0 {
				res.acts[i].HR.Steps = HRSteps(blob[stepsAt[i] : stepsAt[i]+n : stepsAt[i]+n])
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.fresh[groupKey{u.input, u.source}]
	if e != nil && e.unhashed && u.zf == nil && u.arch == nil && !res.noCache {
		// The file itself, not read whole (an input zip): hash it.
		c.mu.Unlock()
		sum, err := hashFile(e.path)
		c.mu.Lock()
		if err != nil {
			res.noCache = true
		} else {
			e.sum, e.unhashed = sum, false
		}
	}
	if u.zf != nil || u.arch != nil {
		e = nil
		// A member's source is its file's, "!/" and the path inside.
		for i := 0; i < len(u.source) && e == nil; i++ {
			j := strings.Index(u.source[i:], "!/")
			if j < 0 {
				break
			}
			i += j
			e = c.fresh[groupKey{u.input, u.source[:i]}]
		}
	}
	if e == nil {
		return
	}
	if res.noCache {
		e.noCache = true
		return
	}
	e.results = append(e.results, blob)
}

// finder wraps next, the zone finder localize would load, for the
// activities of one Read: positions looked up before are answered from the
// cache, and next is loaded only when some activity needs a position not
// looked up before.
func (c *Cache) finder(acts []Activity, next func() (zoneFinder, error)) func() (zoneFinder, error) {
	return func() (zoneFinder, error) {
		f := &cachedFinder{c: c, next: next}
		for i := range acts {
			a := &acts[i]
			if a.OffsetSource != "" || !a.HasPosition {
				continue
			}
			if _, ok := c.oldZones[posKey(a.FirstLon, a.FirstLat)]; !ok {
				real, err := next()
				if err != nil {
					return nil, err
				}
				f.real = real
				break
			}
		}
		return f, nil
	}
}

func posKey(lon, lat float64) [2]uint64 {
	return [2]uint64{math.Float64bits(lon), math.Float64bits(lat)}
}

type cachedFinder struct {
	c    *Cache
	next func() (zoneFinder, error)
	real zoneFinder // nil until a position not in the cache comes
}

func (f *cachedFinder) GetTimezoneName(lng, lat float64) string {
	k := posKey(lng, lat)
	name, ok := f.c.oldZones[k]
	if !ok {
		if f.real == nil {
			real, err := f.next()
			if err != nil {
				return "" // not reached: finder loads it up front
			}
			f.real = real
		}
		name = f.real.GetTimezoneName(lng, lat)
	}
	f.c.mu.Lock()
	f.c.newZones[k] = name
	f.c.mu.Unlock()
	return name
}

// hashFile is the SHA-256 of a file's content.
func hashFile(name string) (sum [sha256.Size]byte, err error) {
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// cachedError stands for a decoder's error read back from the cache: the
// same message, and the same sentinels for errors.Is.
type cachedError struct {
	msg string
	is  []error
}

func (e *cachedError) Error() string   { return e.msg }
func (e *cachedError) Unwrap() []error { return e.is }

// cacheSentinels are the causes errors.Is must still find in a cached error.
var cacheSentinels = []error{ErrNoActivity, ErrPartialRead}

// encodeResult encodes everything of an itemResult but its input.
func encodeResult(r *itemResult) []byte {
	b, _ := encodeResultSteps(r)
	return b
}

// encodeResultSteps is encodeResult, also giving the offset in the encoding
// of each activity's packed heart-rate steps.
func encodeResultSteps(r *itemResult) (blob []byte, stepsAt []int) {
	e := &cacheEncoder{}
	e.str(r.source)
	e.bool(r.activity)
	e.uvarint(uint64(len(r.acts)))
	for i := range r.acts {
		e.activity(&r.acts[i])
	}
	e.uvarint(uint64(len(r.errs)))
	for _, de := range r.errs {
		e.str(de.Path)
		e.str(de.Member)
		e.str(de.Format)
		e.varint(int64(de.Line))
		e.varint(de.Offset)
		e.varint(int64(de.MessageNum))
		e.bool(de.Err != nil)
		if de.Err != nil {
			e.str(de.Err.Error())
			var bits uint64
			for i, s := range cacheSentinels {
				if errors.Is(de.Err, s) {
					bits |= 1 << i
				}
			}
			e.uvarint(bits)
		}
	}
	e.bool(r.strava != nil)
	if x := r.strava; x != nil {
		e.str(x.root)
		keys := slices.Sorted(maps.Keys(x.byFile))
		e.uvarint(uint64(len(keys)))
		for _, k := range keys {
			e.str(k)
			e.str(x.byFile[k].gear)
			e.str(x.byFile[k].name)
		}
	}
	return e.b, e.stepsAt
}

func decodeResults(blobs [][]byte, input int) ([]itemResult, error) {
	res := make([]itemResult, len(blobs))
	for i, b := range blobs {
		if err := decodeResult(b, input, &res[i]); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func decodeResult(b []byte, input int, r *itemResult) error {
	d := &cacheDecoder{b: b}
	r.input = input
	r.source = d.str()
	r.activity = d.bool()
	if n := d.count(10); n > 0 {
		r.acts = make([]Activity, n)
		for i := range r.acts {
			d.activity(&r.acts[i])
		}
	}
	for n := d.count(7); n > 0; n-- {
		de := &DecodeError{Path: d.str(), Member: d.str(), Format: d.str(), Line: int(d.varint()), Offset: d.varint(), MessageNum: int(d.varint())}
		if d.bool() {
			ce := &cachedError{msg: d.str()}
			bits := d.uvarint()
			for i, s := range cacheSentinels {
				if bits&(1<<i) != 0 {
					ce.is = append(ce.is, s)
				}
			}
			de.Err = ce
		}
		r.errs = append(r.errs, de)
	}
	if d.bool() {
		x := &stravaExport{root: d.str(), input: input, byFile: map[string]stravaRow{}}
		for n := d.count(3); n > 0; n-- {
			k := d.str()
			x.byFile[k] = stravaRow{gear: d.str(), name: d.str()}
		}
		r.strava = x
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("trailing bytes")
	}
	return d.err
}

func (e *cacheEncoder) activity(a *Activity) {
	e.str(a.ID)
	e.str(a.Source)
	e.varint(int64(a.Session))
	e.str(string(a.Format))
	e.str(string(a.Sport))
	e.str(a.Device)
	e.time(a.Start)
	e.varint(int64(a.UTCOffset))
	e.str(string(a.OffsetSource))
	e.varint(int64(a.Elapsed))
	e.varint(int64(a.Moving))
	e.f64(a.DistanceM)
	e.bool(a.HasDistance)
	e.bool(a.AscentM != nil)
	if a.AscentM != nil {
		e.f64(*a.AscentM)
	}
	e.varint(int64(a.AvgHR))
	e.varint(int64(a.MaxHR))
	e.f64(a.FirstLat)
	e.f64(a.FirstLon)
	e.bool(a.HasPosition)
	e.str(a.Gear)
	e.str(a.Name)
	e.str(a.DuplicateOf)
	e.bool(a.Partial)
	e.varint(int64(a.NSamples))
	e.hrSummary(a.HR)
	e.bool(a.Warnings != nil)
	e.uvarint(uint64(len(a.Warnings)))
	for _, w := range a.Warnings {
		e.str(w)
	}
}

func (d *cacheDecoder) activity(a *Activity) {
	a.ID = d.str()
	a.Source = d.str()
	a.Session = int(d.varint())
	a.Format = Format(d.str())
	a.Sport = Sport(d.str())
	a.Device = d.str()
	a.Start = d.time()
	a.UTCOffset = int32(d.varint())
	a.OffsetSource = OffsetSource(d.str())
	a.Elapsed = time.Duration(d.varint())
	a.Moving = time.Duration(d.varint())
	a.DistanceM = d.f64()
	a.HasDistance = d.bool()
	if d.bool() {
		v := d.f64()
		a.AscentM = &v
	}
	a.AvgHR = int(d.varint())
	a.MaxHR = int(d.varint())
	a.FirstLat = d.f64()
	a.FirstLon = d.f64()
	a.HasPosition = d.bool()
	a.Gear = d.str()
	a.Name = d.str()
	a.DuplicateOf = d.str()
	a.Partial = d.bool()
	a.NSamples = int(d.varint())
	a.HR = d.hrSummary()
	if d.bool() {
		a.Warnings = make([]string, 0, d.count(1))
		for n := cap(a.Warnings); n > 0; n-- {
			a.Warnings = append(a.Warnings, d.str())
		}
	} else {
		d.count(1)
	}
}

// hrSummary is written as the peak and the packed steps (HRSteps, as they
// are in memory). Samples are not kept: Read drops them once summarized.
func (e *cacheEncoder) hrSummary(h HRSummary) {
	e.f64(h.Peak10sMedian)
	e.uvarint(uint64(len(h.Steps)))
	e.stepsAt = append(e.stepsAt, len(e.b))
	e.b = append(e.b, h.Steps...)
}

func (d *cacheDecoder) hrSummary() HRSummary {
	h := HRSummary{Peak10sMedian: d.f64()}
	// The steps stay in the cache file's buffer, as the results do.
	if b := d.blob(); len(b) > 0 {
		h.Steps = HRSteps(b)
	}
	return h
}

// encoder appends the cache's binary encoding to b.
type cacheEncoder struct {
	b       []byte
	stepsAt []int // where each activity's HRSteps begin in b
}

func (e *cacheEncoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *cacheEncoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *cacheEncoder) u64(v uint64)     { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *cacheEncoder) f64(v float64)    { e.u64(math.Float64bits(v)) }
func (e *cacheEncoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *cacheEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// time keeps the instant and whether it is UTC (the decoders' instants are).
func (e *cacheEncoder) time(t time.Time) {
	e.varint(t.Unix())
	e.varint(int64(t.Nanosecond()))
}

// decoder reads what encoder wrote. The first error sticks; reads after it
// return zero values, and no count can ask for more than the bytes left.
type cacheDecoder struct {
	b   []byte
	err error
}

func (d *cacheDecoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
	d.b = nil
}

func (d *cacheDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *cacheDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length of items that take at least min bytes each.
func (d *cacheDecoder) count(min int) int {
	v := d.uvarint()
	if v > uint64(len(d.b)/min) {
		d.fail("count past the end")
		return 0
	}
	return int(v)
}

func (d *cacheDecoder) bytes(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.fail("unexpected end")
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *cacheDecoder) blob() []byte { return d.bytes(d.count(1)) }

func (d *cacheDecoder) u64() uint64 {
	b := d.bytes(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func (d *cacheDecoder) f64() float64 { return math.Float64frombits(d.u64()) }
func (d *cacheDecoder) str() string  { return string(d.bytes(d.count(1))) }

func (d *cacheDecoder) bool() bool {
	b := d.bytes(1)
	if b == nil {
		return false
	}
	if b[0] > 1 {
		d.fail("bad bool")
	}
	return b[0] == 1
}

func (d *cacheDecoder) time() time.Time {
	sec, nsec := d.varint(), d.varint()
	if nsec < 0 || nsec >= 1e9 {
		d.fail("bad time")
		return time.Time{}
	}
	return time.Unix(sec, nsec).UTC()
}

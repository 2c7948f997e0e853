package ingest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default caps (Options.MaxArchiveBytes, MaxTotalBytes, MaxMemberBytes and
// the archive members of one Read).
const (
	defaultMaxArchiveBytes = 32 << 30
	defaultMaxTotalBytes   = 64 << 30
	defaultMaxMemberBytes  = 256 << 20
	defaultMaxMembers      = 200_000
)

// Options control Read.
type Options struct {
	// Zone is the configured zone (athlete.timezone or --tz) for files that
	// carry neither an offset nor a usable position. Nil means UTC.
	Zone *time.Location
	// Workers is the number of files decoded at once; 0 means all cores.
	Workers int
	// Log receives one debug line per file; nil discards.
	Log *slog.Logger
	// Progress, when set, is called after each file with the files done and
	// the files found so far (archive members count as they are found). It
	// is called from the decoding goroutines, one call at a time.
	Progress func(done, total int)
	// MaxArchiveBytes caps the bytes decompressed from one input archive (a
	// .zip with everything nested in it, or a .gz), in bytes; 0 means 32 GiB
	// (a Garmin Connect export of many years is a few GiB, and its nested
	// part zips and FIT files inflate it a few times). An archive may also
	// decompress no more than 200 times its size on disk (at least 16 MiB):
	// real exports inflate 2–30× as a whole. Members past the cap are
	// errors; the rest of the batch goes on. Independently, a member that
	// inflates more than 200 times its compressed size is refused as a zip
	// bomb, and so are members whose data overlap another's (a crafted zip
	// that inflates the same bytes many times); zips nest at most 4 deep and
	// one Read queues at most 200,000 archive members, nested ones included.
	MaxArchiveBytes int64
	// MaxTotalBytes caps the bytes decompressed from all input archives of
	// one Read together (stored members count too), so that many archives
	// cannot each use their own cap; 0 means 64 GiB, several complete
	// Garmin and Strava exports.
	MaxTotalBytes int64
	// MaxMemberBytes caps one plain file, decompressed archive member or
	// .gz file, in bytes; 0 means 256 MiB. (A zip inside a zip may be larger:
	// a stored one is read in place, a compressed one up to 2 GiB.)
	MaxMemberBytes int64
	// Skip lists directories not to read when an input folder is walked
	// (legwork's own --out inside an input folder), as absolute paths with
	// symbolic links resolved (filepath.Abs, then filepath.EvalSymlinks).
	Skip []string
	// Cache, when set, gives what files unchanged since an earlier Read
	// produced, without reading them, and records what this Read found
	// (Cache.Write keeps it). Results are the same with or without it.
	Cache *Cache

	// maxMembers caps the archive members one Read queues; 0 means 200,000.
	maxMembers int
	// beforeItem, when set, is called by a worker before it reads an item:
	// tests make it block to stand for a decoder busy with a large file.
	beforeItem func()
	// newZoneFinder replaces the tzf finder in tests.
	newZoneFinder func() (zoneFinder, error)
}

// Batch is what Read found in its inputs.
type Batch struct {
	// Activities are sorted by Source, then Session: the same inputs give the
	// same order whatever the number of workers.
	Activities []Activity
	// Errors are the files (or archive members) that could not be read, in
	// Source order.
	Errors []*DecodeError
	// Skipped are the files that hold no activity (settings, monitoring,
	// courses, waypoint-only GPX…), in Source order. Each wraps ErrNoActivity.
	Skipped []*DecodeError
	// Files is the number of FIT, GPX and TCX files (including archive
	// members and .gz files) looked at.
	Files int
}

// Read walks inputs (directories recursively, files, .zip and .gz archives
// held in memory), decodes every FIT, GPX and TCX file on all cores, reads a
// Strava export's activities.csv for gear, localizes each activity and marks
// duplicates. Sources are relative to the input directory they were found
// in, or the path as given for a file input. A file that cannot be read is
// an entry in Batch.Errors, not an error; the error is only for a missing
// input or a cancelled ctx.
//
// Directories are walked recursively; hidden files and directories (a name
// starting with ".") are ignored, and so is every file that is not .fit,
// .gpx, .tcx (any case, optionally .gz), .zip or activities.csv.
// Symbolic links to files are read; links to directories are followed once
// each, so a link loop cannot hang the walk. Archives are never extracted
// to disk; members are named "a.zip!/b.fit" and "outer.zip!/inner.zip!/c.fit".
//
// Activity.ID is the first 16 hex digits of SHA-256 over Source, a zero
// byte and the decimal Session: stable across runs for the same input layout.
// When two inputs give the same Source and Session, the later ones (in input
// order) hash a further zero byte and their repeat number, so IDs stay
// unique.
//
// Activities whose decoder left OffsetSource empty are localized here: the
// zone at the first fix (OffsetSource "position"; the zone table is loaded
// once per Read, only when some activity has a position), else opt.Zone
// ("config"). Duplicates follow METRICS.md: see markDuplicates.
func Read(ctx context.Context, inputs []string, opt Options) (*Batch, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if opt.MaxArchiveBytes <= 0 {
		opt.MaxArchiveBytes = defaultMaxArchiveBytes
	}
	if opt.MaxTotalBytes <= 0 {
		opt.MaxTotalBytes = defaultMaxTotalBytes
	}
	if opt.MaxMemberBytes <= 0 {
		opt.MaxMemberBytes = defaultMaxMemberBytes
	}
	if opt.maxMembers <= 0 {
		opt.maxMembers = defaultMaxMembers
	}

	items, walkErrs, err := findInputs(ctx, inputs, opt.Skip, log)
	if err != nil {
		return nil, err
	}

	var (
		s       = newSession(&opt, log)
		q       = s.q
		mu      sync.Mutex
		results = []itemResult{{errs: walkErrs}}
		done    int
		stopped bool // Read returned: no more Progress calls
	)
	q.push(items...)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				u, ok := q.pop()
				if !ok {
					return
				}
				var res itemResult
				var hits []itemResult
				if ctx.Err() != nil {
					u.arch.release()
				} else if hits = opt.Cache.lookup(u); hits != nil {
					log.Debug("cached", "source", u.source)
				} else {
					if opt.beforeItem != nil {
						opt.beforeItem()
					}
					res = processItem(ctx, u, s)
					opt.Cache.store(u, &res)
					logItem(log, u, &res)
				}
				mu.Lock()
				if hits != nil {
					results = append(results, hits...)
				} else {
					results = append(results, res)
				}
				done++
				if opt.Progress != nil && !stopped {
					opt.Progress(done, q.found())
				}
				mu.Unlock()
				q.done()
			}
		})
	}
	// Once ctx is done, Read returns at once: reads of files and archive
	// members stop at their next 64 KiB, but a decoder busy with a large
	// file finishes in the background and its result is dropped.
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		mu.Lock()
		stopped = true
		mu.Unlock()
		return nil, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	b := collect(results)
	if opt.Cache != nil {
		next := opt.newZoneFinder
		if next == nil {
			next = tzfFinder // loaded once per process, not per Read
		}
		opt.newZoneFinder = opt.Cache.finder(b.Activities, next)
	}
	localize(b.Activities, &opt)
	if err := markDuplicates(ctx, b.Activities); err != nil {
		return nil, err
	}
	return b, nil
}

// collect merges item results into a Batch in a deterministic order and
// applies Strava metadata.
func collect(results []itemResult) *Batch {
	b := &Batch{}
	type keyed struct {
		a     *Activity
		input int
	}
	var (
		exports []*stravaExport
		all     []keyed
	)
	for i := range results {
		r := &results[i]
		for _, e := range r.errs {
			e.validUTF8()
		}
		if r.activity {
			b.Files++
		}
		for j := range r.acts {
			all = append(all, keyed{&r.acts[j], r.input})
		}
		for _, e := range r.errs {
			if e.Skipped() {
				b.Skipped = append(b.Skipped, e)
			} else {
				b.Errors = append(b.Errors, e)
			}
		}
		if r.strava != nil {
			exports = append(exports, r.strava)
		}
	}
	slices.SortStableFunc(all, func(x, y keyed) int {
		return cmp.Or(strings.Compare(x.a.Source, y.a.Source), cmp.Compare(x.a.Session, y.a.Session), cmp.Compare(x.input, y.input))
	})
	b.Activities = make([]Activity, len(all))
	repeat := 0
	for i, k := range all {
		if i > 0 && all[i-1].a.Source == k.a.Source && all[i-1].a.Session == k.a.Session {
			repeat++
		} else {
			repeat = 0
		}
		b.Activities[i] = *k.a
		b.Activities[i].ID = activityID(k.a.Source, k.a.Session, repeat)
	}
	byErr := func(x, y *DecodeError) int {
		return cmp.Or(strings.Compare(x.Source(), y.Source()), cmp.Compare(x.Line, y.Line), strings.Compare(x.Error(), y.Error()))
	}
	slices.SortStableFunc(b.Errors, byErr)
	slices.SortStableFunc(b.Skipped, byErr)
	applyStrava(b.Activities, exports)
	for i := range b.Activities {
		b.Activities[i].validUTF8()
	}
	return b
}

// activityID is the first 16 hex digits of SHA-256(source, 0, index[, 0,
// repeat]).
func activityID(source string, index, repeat int) string {
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(index)))
	if repeat > 0 {
		h.Write([]byte{0})
		h.Write([]byte(strconv.Itoa(repeat)))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

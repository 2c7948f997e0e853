package ingest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// dupStartWindow is how close two starts must be for a large overlap of
// the shorter session alone to make one run (METRICS.md, Duplicates).
const dupStartWindow = 10 * time.Minute

// dupNoteDistanceDiff is the relative distance difference from which the
// data-quality section says which copy of a run was kept and why.
const dupNoteDistanceDiff = 0.05

// dupCheckEvery is how many steps markDuplicates takes between checks of
// its context.
const dupCheckEvery = 4096

// sameRun reports whether a and b are one run recorded twice (METRICS.md,
// Duplicates): their time ranges overlap by more than half of the shorter
// one, and either their starts are within 10 minutes of each other or the
// overlap is also more than half of the longer one. Distances play no part.
// A zero-length session overlaps a range that holds its start.
func sameRun(a, b *Activity) bool {
	as, ae := a.Start, a.Start.Add(a.Elapsed)
	bs, be := b.Start, b.Start.Add(b.Elapsed)
	overlap := minTime(ae, be).Sub(maxTime(as, bs))
	shorter, longer := min(a.Elapsed, b.Elapsed), max(a.Elapsed, b.Elapsed)
	if shorter <= 0 {
		if overlap < 0 {
			return false
		}
	} else if overlap <= shorter/2 {
		return false
	}
	d := as.Sub(bs)
	if d < 0 {
		d = -d
	}
	return d <= dupStartWindow || overlap > longer/2
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// richer orders the copies of one run, best first: a complete read over a
// partial one, FIT over TCX over GPX, then more samples, then Source, Session
// and ID for a deterministic choice.
func richer(a, b *Activity) int {
	return cmp.Or(
		cmp.Compare(b2i(a.Partial), b2i(b.Partial)),
		cmp.Compare(formatRank(b.Format), formatRank(a.Format)),
		cmp.Compare(b.NSamples, a.NSamples),
		strings.Compare(a.Source, b.Source),
		cmp.Compare(a.Session, b.Session),
		strings.Compare(a.ID, b.ID),
	)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// keptBecause says why kept was kept over dup, for the data-quality note.
func keptBecause(kept, dup *Activity) string {
	switch {
	case kept.Partial != dup.Partial:
		return "a complete read is kept over a partial one"
	case formatRank(kept.Format) != formatRank(dup.Format):
		return fmt.Sprintf("%s is kept over %s", strings.ToUpper(string(kept.Format)), strings.ToUpper(string(dup.Format)))
	case kept.NSamples != dup.NSamples:
		return fmt.Sprintf("it has more samples (%d against %d)", kept.NSamples, dup.NSamples)
	}
	return "the two are equally complete; the first by source name is kept"
}

// markDuplicates sets DuplicateOf on every activity that is the same run as
// a better copy (METRICS.md, Duplicates). Activities are taken best first
// (richer); each one not yet a duplicate is kept, and every activity not yet
// placed that is the same run as it becomes its duplicate. So duplicates
// never chain: a duplicate is never kept against, and no two kept
// activities are the same run. When the two distances differ by 5% or more,
// the duplicate gets a warning saying which copy was kept and why.
//
// Candidates are found by range queries, not by comparing all pairs: two
// sessions are one run only if their starts are within 10 minutes, or if
// each one's midpoint lies inside the other's range (an overlap of more
// than half of both holds both midpoints). Activities already placed are
// skipped in amortized constant time, so 100,000 copies of one range take
// O(n log n). ctx is checked every few thousand steps; its error is
// returned when it is cancelled, and DuplicateOf is then incomplete.
func markDuplicates(ctx context.Context, acts []Activity) error {
	n := len(acts)
	if n < 2 {
		return nil
	}
	mid := func(i int) time.Time { return acts[i].Start.Add(acts[i].Elapsed / 2) }
	byStart := make([]int, n)
	for i := range byStart {
		byStart[i] = i
	}
	byMid := slices.Clone(byStart)
	rank := slices.Clone(byStart)
	slices.SortStableFunc(byStart, func(i, j int) int { return acts[i].Start.Compare(acts[j].Start) })
	slices.SortStableFunc(byMid, func(i, j int) int { return mid(i).Compare(mid(j)) })
	slices.SortStableFunc(rank, func(i, j int) int { return richer(&acts[i], &acts[j]) })

	placed := make([]bool, n)
	startSkip, midSkip := newSkipList(n), newSkipList(n)
	posStart, posMid := make([]int, n), make([]int, n)
	for p, i := range byStart {
		posStart[i] = p
	}
	for p, i := range byMid {
		posMid[i] = p
	}
	place := func(i int) {
		placed[i] = true
		startSkip.remove(posStart[i])
		midSkip.remove(posMid[i])
	}

	steps := 0
	tick := func() error {
		if steps++; steps%dupCheckEvery == 0 {
			return ctx.Err()
		}
		return nil
	}
	for _, k := range rank {
		if placed[k] {
			continue
		}
		if err := tick(); err != nil {
			return err
		}
		place(k)
		kept := &acts[k]
		claim := func(j int) {
			if !sameRun(kept, &acts[j]) {
				return
			}
			place(j)
			d := &acts[j]
			d.DuplicateOf = kept.ID
			if hi := math.Max(kept.DistanceM, d.DistanceM); hi > 0 && math.Abs(kept.DistanceM-d.DistanceM) >= dupNoteDistanceDiff*hi {
				d.Warnings = append(d.Warnings, fmt.Sprintf(
					"same run as %s, which is counted instead: %s; their distances differ by %.0f%% (%.0f m here, %.0f m there)",
					kept.Source, keptBecause(kept, d), 100*math.Abs(kept.DistanceM-d.DistanceM)/hi, d.DistanceM, kept.DistanceM))
			}
		}
		// Starts within 10 minutes of the kept one's start.
		lo := sort.Search(n, func(p int) bool { return !acts[byStart[p]].Start.Before(kept.Start.Add(-dupStartWindow)) })
		hiT := kept.Start.Add(dupStartWindow)
		for p := startSkip.next(lo); p < n && !acts[byStart[p]].Start.After(hiT); p = startSkip.next(p + 1) {
			if err := tick(); err != nil {
				return err
			}
			claim(byStart[p])
		}
		// Midpoints inside the kept one's range.
		end := kept.Start.Add(kept.Elapsed)
		lo = sort.Search(n, func(p int) bool { return !mid(byMid[p]).Before(kept.Start) })
		for p := midSkip.next(lo); p < n && !mid(byMid[p]).After(end); p = midSkip.next(p + 1) {
			if err := tick(); err != nil {
				return err
			}
			claim(byMid[p])
		}
	}
	return nil
}

// skipList finds the next position not yet removed, with path compression:
// next(p) is the first p' >= p still present, n when none.
type skipList []int32

func newSkipList(n int) skipList {
	s := make(skipList, n+1)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

func (s skipList) next(p int) int {
	root := p
	for int(s[root]) != root {
		root = int(s[root])
	}
	for int(s[p]) != root {
		s[p], p = int32(root), int(s[p])
	}
	return root
}

func (s skipList) remove(p int) { s[p] = int32(p + 1) }

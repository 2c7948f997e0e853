package ingest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// dupMaxDistanceDiff is the largest relative distance difference between
// two recordings of one run (METRICS.md, Duplicates: less than 5%).
const dupMaxDistanceDiff = 0.05

// sameRun reports whether a and b are one run recorded twice: their time
// ranges overlap by more than half of the shorter one and their distances
// differ by less than 5% of the larger. Two sessions without any distance
// agree on distance. A zero-length session overlaps a range that holds its
// start.
func sameRun(a, b *Activity) bool {
	as, ae := a.Start, a.Start.Add(a.Elapsed)
	bs, be := b.Start, b.Start.Add(b.Elapsed)
	overlap := minTime(ae, be).Sub(maxTime(as, bs))
	shorter := min(a.Elapsed, b.Elapsed)
	if shorter <= 0 {
		if overlap < 0 {
			return false
		}
	} else if overlap <= shorter/2 {
		return false
	}
	longer := math.Max(a.DistanceM, b.DistanceM)
	if longer == 0 {
		return true
	}
	return math.Abs(a.DistanceM-b.DistanceM) < dupMaxDistanceDiff*longer
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

// richer orders the copies of one run, best first: FIT over TCX over GPX,
// then more samples, then Source and Index for a deterministic choice.
func richer(a, b *Activity) int {
	return cmp.Or(
		cmp.Compare(formatRank(b.Format), formatRank(a.Format)),
		cmp.Compare(len(b.Samples), len(a.Samples)),
		strings.Compare(a.Source, b.Source),
		cmp.Compare(a.Index, b.Index),
		strings.Compare(a.ID, b.ID),
	)
}

// markDuplicates sets DuplicateOf on every copy of a run but the richest
// (METRICS.md, Duplicates). Copies are grouped transitively — if A matches
// B and B matches C, all three are one run — so every copy points at the
// kept activity, never at another copy. It sorts by start and sweeps, so
// only activities whose ranges can overlap are compared.
func markDuplicates(acts []Activity) {
	order := make([]int, len(acts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return acts[i].Start.Compare(acts[j].Start) })

	parent := make([]int, len(acts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for x, i := range order {
		end := acts[i].Start.Add(acts[i].Elapsed)
		for _, j := range order[x+1:] {
			if acts[j].Start.After(end) {
				break
			}
			if sameRun(&acts[i], &acts[j]) {
				if ri, rj := find(i), find(j); ri != rj {
					parent[max(ri, rj)] = min(ri, rj)
				}
			}
		}
	}

	groups := map[int][]int{}
	for i := range acts {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		best := g[0]
		for _, i := range g[1:] {
			if richer(&acts[i], &acts[best]) < 0 {
				best = i
			}
		}
		for _, i := range g {
			if i != best {
				acts[i].DuplicateOf = acts[best].ID
			}
		}
	}
}

package analyze

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
)

const (
	// shoePaceDays is the look-back, AsOf included, of the pace behind
	// ShoeTotal.ReplaceBy.
	shoePaceDays = 28
)

// MatchGlob reports whether name, an input-relative path with "/"
// separators (an archive member reads "a.zip!/b.fit"), matches pattern.
// Both are split at "/" and matched segment by segment with path.Match; a
// segment that is exactly "**" matches any number of segments, none
// included, so "trail/**" matches "trail/a.fit" and "trail/2026/b.fit", and
// "**/*.gpx" matches every GPX file. Matching is case-sensitive and the
// whole path must match. The error is path.ErrBadPattern for a malformed
// pattern.
func MatchGlob(pattern, name string) (bool, error) {
	ps := strings.Split(pattern, "/")
	for _, p := range ps {
		if p == "**" {
			continue
		}
		if _, err := path.Match(p, ""); err != nil {
			return false, err
		}
	}
	return matchSegments(ps, strings.Split(name, "/")), nil
}

// matchSegments matches validated pattern segments against name segments.
func matchSegments(ps, ns []string) bool {
	for len(ps) > 0 {
		if ps[0] == "**" {
			for len(ps) > 1 && ps[1] == "**" {
				ps = ps[1:]
			}
			for k := 0; k <= len(ns); k++ {
				if matchSegments(ps[1:], ns[k:]) {
					return true
				}
			}
			return false
		}
		if len(ns) == 0 {
			return false
		}
		if ok, _ := path.Match(ps[0], ns[0]); !ok {
			return false
		}
		ps, ns = ps[1:], ns[1:]
	}
	return len(ns) == 0
}

// shoeSpec is one configured shoe with its dates as days and defaults
// filled in.
type shoeSpec struct {
	Shoe
	from, to       day
	hasFrom, hasTo bool
	warn, replace  float64
	globs          []string // valid patterns only
}

// prepareShoes fills defaults and drops malformed globs, returning a
// Problem for each one dropped.
func prepareShoes(shoes []Shoe) ([]shoeSpec, []Problem) {
	specs := make([]shoeSpec, len(shoes))
	var probs []Problem
	for i, s := range shoes {
		sp := shoeSpec{Shoe: s, warn: s.WarnAtM, replace: s.ReplaceAtM}
		if !(sp.warn > 0) {
			sp.warn = DefaultWarnAtM
		}
		if !(sp.replace > 0) {
			sp.replace = DefaultReplaceAtM
		}
		if !s.From.IsZero() {
			sp.from, sp.hasFrom = dayOf(s.From), true
		}
		if !s.To.IsZero() {
			sp.to, sp.hasTo = dayOf(s.To), true
		}
		for _, g := range s.Match {
			if _, err := MatchGlob(g, ""); err != nil {
				probs = append(probs, Problem{Kind: "warning",
					Message: fmt.Sprintf("shoe %q: match pattern %q is malformed and was ignored", s.Name, g)})
				continue
			}
			sp.globs = append(sp.globs, g)
		}
		specs[i] = sp
	}
	return specs, probs
}

// assignShoe returns the index of the shoe a counted run was worn in, or
// -1. First rule that gives a shoe wins, each in configuration order:
//
//  1. a match glob on the run's Source (dates and sports are not checked:
//     an explicit mapping beats them);
//  2. the run's Gear equal to a shoe's Name, ignoring case and surrounding
//     spaces (dates and sports are not checked either);
//  3. the shoes whose From ≤ local date (no From: any date), whose To, when
//     set, is on or after the local date (a retired shoe takes no later
//     runs), and whose Sports list the run's sport (empty: any counted
//     sport); the latest From wins, then the first configured.
func assignShoe(specs []shoeSpec, r *act) int {
	for i, s := range specs {
		for _, g := range s.globs {
			if ok, _ := MatchGlob(g, r.a.Source); ok {
				return i
			}
		}
	}
	if g := strings.TrimSpace(r.a.Gear); g != "" {
		for i, s := range specs {
			if strings.EqualFold(strings.TrimSpace(s.Name), g) {
				return i
			}
		}
	}
	best := -1
	for i, s := range specs {
		if s.hasFrom && r.date < s.from || s.hasTo && r.date > s.to {
			continue
		}
		if len(s.Sports) > 0 && !slices.Contains(s.Sports, r.a.Sport) {
			continue
		}
		if best < 0 || laterFrom(s, specs[best]) {
			best = i
		}
	}
	return best
}

// laterFrom reports whether a's From is strictly later than b's; no From is
// earliest.
func laterFrom(a, b shoeSpec) bool {
	switch {
	case !a.hasFrom:
		return false
	case !b.hasFrom:
		return true
	}
	return a.from > b.from
}

// shoeStatus returns replace at or past replaceAt, worn at or past warnAt,
// else ok.
func shoeStatus(distM, warnAt, replaceAt float64) ShoeStatus {
	switch {
	case distM >= replaceAt:
		return ShoeReplace
	case distM >= warnAt:
		return ShoeWorn
	}
	return ShoeOK
}

// shoeResult is a shoe's total plus the days it crossed its marks, for the
// flags.
type shoeResult struct {
	total             ShoeTotal
	wornOn, replaceOn day // valid when status says so
}

// shoeTotals assigns each counted run (sorted by start) to a shoe, records
// it in the run, and sums the shoes.
func shoeTotals(specs []shoeSpec, runs []*act, asOf day) []shoeResult {
	out := make([]shoeResult, len(specs))
	recent := make([]float64, len(specs))
	for i, s := range specs {
		out[i].total = ShoeTotal{
			Name: s.Name, DistanceM: s.StartDistanceM,
			WarnAtM: s.warn, ReplaceAtM: s.replace,
			Retired: s.hasTo && s.to < asOf,
		}
		start := asOf
		if s.hasFrom {
			start = s.from
		}
		if s.StartDistanceM >= s.warn {
			out[i].wornOn = start
		}
		if s.StartDistanceM >= s.replace {
			out[i].replaceOn = start
		}
	}
	for _, r := range runs {
		i := assignShoe(specs, r)
		r.shoe = i
		if i < 0 {
			continue
		}
		sr := &out[i]
		t := &sr.total
		before := t.DistanceM
		if r.hasDist {
			t.DistanceM += r.distM
			if r.date > asOf-shoePaceDays {
				recent[i] += r.distM
			}
		}
		if before < t.WarnAtM && t.DistanceM >= t.WarnAtM {
			sr.wornOn = r.date
		}
		if before < t.ReplaceAtM && t.DistanceM >= t.ReplaceAtM {
			sr.replaceOn = r.date
		}
		if t.Runs == 0 || r.date < dayOf(t.FirstRun) {
			t.FirstRun = r.date.time()
		}
		if t.Runs == 0 || r.date > dayOf(t.LastRun) {
			t.LastRun = r.date.time()
		}
		t.Runs++
	}
	for i := range out {
		t := &out[i].total
		t.Status = shoeStatus(t.DistanceM, t.WarnAtM, t.ReplaceAtM)
		pace := recent[i] / shoePaceDays
		if t.Retired || t.Status == ShoeReplace || !(pace > 0) {
			continue
		}
		days := math.Ceil((t.ReplaceAtM - t.DistanceM) / pace)
		t.ReplaceBy = (asOf + day(days)).time()
	}
	return out
}

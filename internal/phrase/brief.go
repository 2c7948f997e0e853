package phrase

import (
	"fmt"
	"math"
	"strings"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/units"
)

// Brief words flag i of r in one short line of its numbers, in u, without
// its date or severity: "weekly distance +24% (+3.1 mi over 12.9 mi): the
// 10% rule allows 14.2 mi". Names from files (a run's name, a shoe) appear
// as they are: escape the line for where it is shown. A flag whose row is
// not in r gets its kind and numbers.
func Brief(r *analyze.Result, u units.System, i int) string {
	f := &r.Flags[i]
	switch f.Kind {
	case analyze.KindWeeklyDistanceSpike:
		cur, prev, ok := weekChange(r, f, func(w analyze.Week) float64 { return w.DistanceM })
		if !ok {
			break
		}
		return fmt.Sprintf("weekly distance +%s%% (%s over %s): the %s%% rule allows %s",
			units.PctAbove(f.Value, f.Threshold, 0), u.SignedDist(cur-prev), u.Dist(prev), units.Pct(f.Threshold), u.Dist((1+f.Threshold/100)*prev))
	case analyze.KindWeeklyLoadSpike:
		cur, prev, ok := weekChange(r, f, func(w analyze.Week) float64 { return w.Load })
		if !ok {
			break
		}
		return fmt.Sprintf("weekly load +%s%% (%+.0f over %.0f TRIMP): the %s%% rule allows %.0f",
			units.PctAbove(f.Value, f.Threshold, 0), cur-prev, prev, units.Pct(f.Threshold), (1+f.Threshold/100)*prev)
	case analyze.KindRestart:
		return "first week back after a week off: " + u.Dist(f.Value)
	case analyze.KindSessionSpike:
		a, ok := flaggedRun(r, f)
		if !ok || !(f.Base > 0) {
			break
		}
		return fmt.Sprintf("run of %s%s, +%s%% (%s) on the longest of the 30 days before (%s): stay within %s",
			u.Dist(a.DistanceM), runName(a), units.PctAbove(f.Value, f.Threshold, 0),
			u.SignedDist(a.DistanceM-f.Base), u.Dist(f.Base), u.Dist(analyze.NextRunFactor*f.Base))
	case analyze.KindReturnAfterBreak:
		s := fmt.Sprintf("first run after %.0f days without one", math.Floor(f.Value))
		if a, ok := flaggedRun(r, f); ok {
			s += ": " + u.Dist(a.DistanceM) + runName(a)
		}
		return s
	case analyze.KindACWRHigh:
		return fmt.Sprintf("acute:chronic distance ratio %.2f, at or above %s", f.Value, units.Pct(f.Threshold))
	case analyze.KindNoRestDay:
		return "no rest day in the week"
	case analyze.KindMonotonyHigh:
		return fmt.Sprintf("monotony %.2f, above %s", f.Value, units.Pct(f.Threshold))
	case analyze.KindShoeWorn:
		return fmt.Sprintf("shoe %s at %s, past %s", f.Shoe, u.Dist(f.Value), u.Dist(f.Threshold))
	case analyze.KindShoeReplace:
		return fmt.Sprintf("shoe %s at %s, past the %s replacement mark", f.Shoe, u.Dist(f.Value), u.Dist(f.Threshold))
	}
	fb := fallback(f)
	return strings.TrimSuffix(strings.ToLower(fb[:1])+fb[1:], ".")
}

// weekChange returns the week's value (of the week row f is about, else
// derived from f.Value) and the week before's (f.Base) for a weekly spike
// flag; ok is false when f has no positive Base.
func weekChange(r *analyze.Result, f *analyze.Flag, of func(analyze.Week) float64) (cur, prev float64, ok bool) {
	prev = f.Base
	if !(prev > 0) {
		return 0, 0, false
	}
	cur = prev * (1 + f.Value/100)
	if w, ok := weekOf(r, f); ok {
		cur = of(w)
	}
	return cur, prev, true
}

// weekOf returns the week row a weekly flag is about.
func weekOf(r *analyze.Result, f *analyze.Flag) (analyze.Week, bool) {
	if f.Week.IsZero() {
		return analyze.Week{}, false
	}
	wk := civil(f.Week)
	for _, w := range r.Weeks {
		if civil(w.Start).Equal(wk) {
			return w, true
		}
	}
	return analyze.Week{}, false
}

// Changes sums up c in one line: "2 activities added, 1 new flag
// (caution), 1 cleared, 1 shoe changed status", or "no changes". A nil c
// (nothing to compare with) gives "".
func Changes(c *analyze.Changes) string {
	if c == nil {
		return ""
	}
	var parts []string
	if n := len(c.Added); n > 0 {
		parts = append(parts, units.Plural(n, "activity", "activities")+" added")
	}
	if n := len(c.Removed); n > 0 {
		if len(c.Added) > 0 {
			parts = append(parts, fmt.Sprintf("%d removed", n))
		} else {
			parts = append(parts, units.Plural(n, "activity", "activities")+" removed")
		}
	}
	if n := len(c.New); n > 0 {
		count := map[analyze.Severity]int{}
		for _, f := range c.New {
			count[f.Severity]++
		}
		var sev []string
		for _, s := range analyze.Severities() {
			if count[s] > 0 {
				if count[s] == n {
					sev = append(sev, string(s))
				} else {
					sev = append(sev, fmt.Sprintf("%d %s", count[s], s))
				}
			}
		}
		s := units.Plural(n, "new flag", "new flags")
		if len(sev) > 0 {
			s += " (" + strings.Join(sev, ", ") + ")"
		}
		parts = append(parts, s)
	}
	if n := len(c.Cleared); n > 0 {
		if len(c.New) > 0 {
			parts = append(parts, fmt.Sprintf("%d cleared", n))
		} else {
			parts = append(parts, units.Plural(n, "flag", "flags")+" cleared")
		}
	}
	if n := len(c.Shoes); n > 0 {
		parts = append(parts, units.Plural(n, "shoe", "shoes")+" changed status")
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, ", ")
}

// runName is " (NAME)" for a run with a name, else "".
func runName(a *analyze.ActivityRow) string {
	if n := strings.TrimSpace(a.Name); n != "" {
		return " (" + n + ")"
	}
	return ""
}

// Package phrase words the flags of an analysis as sentences for people,
// in miles or kilometres.
//
// analyze decides and returns numbers (Flag.Value, Threshold, Base and the
// rows a flag names); this package is the one place that turns them into
// prose. It sits after analyze and beside store and report, which both call
// it: store for the message column of data/flags.parquet (in
// Result.Units), report for the flags of report.html and report.md (in the
// report's units), so `legwork report --units km` re-words a run written in
// miles from its tables alone. Numbers are worded through internal/units.
package phrase

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/units"
)

// Flags returns the message of every flag of r in u, in the order of
// r.Flags. A message needs nothing but r: each flag's Kind, Value,
// Threshold, Base, Week, Date, ActivityID and Shoe, with the week row and
// the one before it, the counted activity row or the shoe total that the
// flag names. A flag of an unknown kind, or whose row is not in r, gets a
// plain sentence of its numbers (see fallback).
func Flags(r *analyze.Result, u units.System) []string {
	if r == nil || len(r.Flags) == 0 {
		return nil
	}
	weekAt := make(map[time.Time]int, len(r.Weeks))
	for i, w := range r.Weeks {
		weekAt[civil(w.Start)] = i
	}
	out := make([]string, len(r.Flags))
	for i := range r.Flags {
		f := &r.Flags[i]
		msg, ok := message(r, u, f, weekAt)
		if !ok {
			msg = fallback(f)
		}
		out[i] = msg
	}
	return out
}

// civil is t's calendar date (in t's own location) at UTC midnight.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func dateStr(t time.Time) string { return civil(t).Format(time.DateOnly) }

// fallback words a flag whose rows are missing: its kind and numbers.
func fallback(f *analyze.Flag) string {
	s := strings.ReplaceAll(string(f.Kind), "_", " ")
	if s == "" {
		s = "flag"
	}
	return fmt.Sprintf("%s%s: value %s, threshold %s.", strings.ToUpper(s[:1]), s[1:],
		units.Pct(f.Value), units.Pct(f.Threshold))
}

// message returns the message of f in u, and false when r lacks a row that
// it needs. weekAt gives the index in r.Weeks of each week's first day.
func message(r *analyze.Result, u units.System, f *analyze.Flag, weekAt map[time.Time]int) (string, bool) {
	wk := civil(f.Week)
	switch f.Kind {
	case analyze.KindWeeklyDistanceSpike, analyze.KindWeeklyLoadSpike, analyze.KindRestart:
		i, ok := weekAt[wk]
		if f.Week.IsZero() || !ok {
			return "", false
		}
		w := r.Weeks[i]
		if f.Kind == analyze.KindRestart {
			return restartMsg(u, wk, w.DistanceM), true
		}
		if i == 0 || !civil(r.Weeks[i-1].Start).AddDate(0, 0, 7).Equal(wk) {
			return "", false
		}
		prev, pct := r.Weeks[i-1], f.Threshold
		if f.Kind == analyze.KindWeeklyDistanceSpike {
			return distanceSpikeMsg(u, wk, !w.Complete, w.DistanceM, prev.DistanceM, pct), true
		}
		return loadSpikeMsg(wk, !w.Complete, w.Load, prev.Load, pct), true
	case analyze.KindACWRHigh:
		return acwrMsg(wk, f.Value), true
	case analyze.KindNoRestDay:
		return noRestMsg(wk), true
	case analyze.KindMonotonyHigh:
		return monotonyMsg(wk, f.Value), true
	case analyze.KindSessionSpike, analyze.KindReturnAfterBreak:
		a, ok := flaggedRun(r, f)
		if !ok {
			return "", false
		}
		if f.Kind == analyze.KindReturnAfterBreak {
			return returnAfterBreakMsg(u, a, f.Value), true
		}
		m := f.Base
		if !(m > 0) {
			// Tables written before Base existed: M from d and Value,
			// exact but for rounding.
			m = a.DistanceM / (1 + f.Value/100)
		}
		return sessionSpikeMsg(u, a, f.Value, m), true
	case analyze.KindShoeWorn, analyze.KindShoeReplace:
		s, ok := flaggedShoe(r, f)
		if !ok {
			return "", false
		}
		return shoeMsg(u, s, f.Kind == analyze.KindShoeReplace), true
	}
	return "", false
}

// flaggedRun returns the counted activity row a run flag is about: its
// ActivityID on its Date.
func flaggedRun(r *analyze.Result, f *analyze.Flag) (*analyze.ActivityRow, bool) {
	for i := range r.Activities {
		a := &r.Activities[i]
		if a.Counted && a.ID == f.ActivityID && a.LocalDate.Equal(f.Date) {
			return a, true
		}
	}
	return nil, false
}

// flaggedShoe returns the shoe total a shoe flag is about: the first of
// that name whose distance is the flag's Value, else the first of that
// name.
func flaggedShoe(r *analyze.Result, f *analyze.Flag) (analyze.ShoeTotal, bool) {
	found := -1
	for i, s := range r.Shoes {
		if s.Name != f.Shoe {
			continue
		}
		if s.DistanceM == f.Value {
			return s, true
		}
		if found < 0 {
			found = i
		}
	}
	if found < 0 {
		return analyze.ShoeTotal{}, false
	}
	return r.Shoes[found], true
}

// distanceSpikeMsg describes a weekly distance of cur meters against prev
// the week before, under the pct rule; current is for the as-of week.
func distanceSpikeMsg(u units.System, wk time.Time, current bool, cur, prev, pct float64) string {
	limit := (1 + pct/100) * prev
	if current {
		return fmt.Sprintf("This week (from %s) you have run %s so far, already %s%% (%s) more than last week's %s; the %s%% rule allows %s.",
			dateStr(wk), u.Dist(cur), units.PctAbove((cur-prev)*100/prev, pct, 0), u.SignedDist(cur-prev), u.Dist(prev), units.Pct(pct), u.Dist(limit))
	}
	return fmt.Sprintf("Week of %s: %s, up %s%% (%s) on the week before; the %s%% rule allows %s.",
		dateStr(wk), u.Dist(cur), units.PctAbove((cur-prev)*100/prev, pct, 0), u.SignedDist(cur-prev), units.Pct(pct), u.Dist(limit))
}

// loadSpikeMsg is distanceSpikeMsg for the weekly TRIMP.
func loadSpikeMsg(wk time.Time, current bool, cur, prev, pct float64) string {
	limit := (1 + pct/100) * prev
	if current {
		return fmt.Sprintf("This week (from %s) your training load is %.0f (TRIMP) so far, already %s%% (%+.0f) more than last week's %.0f; the %s%% rule allows %.0f.",
			dateStr(wk), cur, units.PctAbove((cur-prev)*100/prev, pct, 0), cur-prev, prev, units.Pct(pct), limit)
	}
	return fmt.Sprintf("Week of %s: training load %.0f (TRIMP), up %s%% (%+.0f) on the week before; the %s%% rule allows %.0f.",
		dateStr(wk), cur, units.PctAbove((cur-prev)*100/prev, pct, 0), cur-prev, units.Pct(pct), limit)
}

func restartMsg(u units.System, wk time.Time, cur float64) string {
	return fmt.Sprintf("Week of %s: %s after a week with no running; build back up gradually.", dateStr(wk), u.Dist(cur))
}

func runLabel(a *analyze.ActivityRow) string {
	d := dateStr(a.LocalDate)
	if n := strings.TrimSpace(a.Name); n != "" {
		return fmt.Sprintf("Run on %s (%s)", d, n)
	}
	return "Run on " + d
}

// sessionSpikeMsg describes run a, pct percent longer than m meters, the
// longest run of the 30 days before it.
func sessionSpikeMsg(u units.System, a *analyze.ActivityRow, pct, m float64) string {
	return fmt.Sprintf("%s: %s, %s%% (%s) longer than your longest run of the previous 30 days (%s); it should have stayed within %s.",
		runLabel(a), u.Dist(a.DistanceM), units.PctAbove(pct, analyze.SpikePct, 0), u.SignedDist(a.DistanceM-m), u.Dist(m), u.Dist(analyze.NextRunFactor*m))
}

// returnAfterBreakMsg describes run a, gapDays days after the run before.
func returnAfterBreakMsg(u units.System, a *analyze.ActivityRow, gapDays float64) string {
	return fmt.Sprintf("%s: %s, your first run after %.0f days without one; start back gently.",
		runLabel(a), u.Dist(a.DistanceM), math.Floor(gapDays))
}

func acwrMsg(wk time.Time, v float64) string {
	return fmt.Sprintf("Week of %s: your acute:chronic distance ratio is %.2f (last 7 days against the last 28, weighted), at or above %s; this is descriptive only, as the ratio comes from team sports and did not predict injury in runners.",
		dateStr(wk), v, units.Pct(analyze.ACWRHigh))
}

func noRestMsg(wk time.Time) string {
	return fmt.Sprintf("Week of %s: you ran on all 7 days, with no rest day.", dateStr(wk))
}

func monotonyMsg(wk time.Time, m float64) string {
	return fmt.Sprintf("Week of %s: monotony %.2f (mean daily distance divided by its spread) is above %.1f, so the days were very alike; mix easy, long and rest days.",
		dateStr(wk), m, analyze.MonotonyHigh)
}

func shoeMsg(u units.System, t analyze.ShoeTotal, replace bool) string {
	name := t.Name
	if t.Retired {
		name += " (retired)"
	}
	if replace {
		return fmt.Sprintf("%s has %s, past the %s replacement mark.", name, u.Dist(t.DistanceM), u.Dist(t.ReplaceAtM))
	}
	if t.Retired {
		return fmt.Sprintf("%s has %s, past the %s mark where shoes are worth inspecting.", name, u.Dist(t.DistanceM), u.Dist(t.WarnAtM))
	}
	return fmt.Sprintf("%s has %s, past the %s mark where shoes are worth inspecting; plan to replace them by %s.",
		name, u.Dist(t.DistanceM), u.Dist(t.WarnAtM), u.Dist(t.ReplaceAtM))
}

package analyze

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Flag kinds. Value, Threshold and Base (0 where not named) are in these
// natural units:
//
//   - KindWeeklyDistanceSpike: Value is the week's distance change in
//     percent (23.5 means +23.5%), so far for the current week; Threshold is
//     Config.IncreasePct (10); Base is the previous week's distance in
//     meters. Severity caution above the threshold, high above 30%.
//   - KindWeeklyLoadSpike: the same on the weekly TRIMP (Base the previous
//     week's load).
//   - KindRestart (info): Value is the week's distance in meters, Threshold 0
//     (the previous week's distance).
//   - KindSessionSpike: Value is r × 100, the percent by which the run is
//     longer than M, the longest run of the 30 days before it; Threshold 10;
//     Base M in meters. Severity caution up to 100%, high above.
//   - KindReturnAfterBreak (info): Value is the days since the previous
//     counted run with distance (or since the first counted run); Threshold 30.
//   - KindACWRHigh (caution): Value is the week's ACWR; Threshold 1.5.
//   - KindNoRestDay (caution): Value is the week's rest days (0); Threshold 1.
//   - KindMonotonyHigh (caution): Value is the monotony; Threshold 2.0.
//   - KindShoeWorn (info) and KindShoeReplace (caution): Value is the shoe's
//     distance in meters; Threshold its WarnAtM or ReplaceAtM. A shoe gets
//     at most one of the two, the stronger.
const (
	KindWeeklyDistanceSpike = "weekly_distance_spike"
	KindWeeklyLoadSpike     = "weekly_load_spike"
	KindRestart             = "restart"
	KindSessionSpike        = "session_spike"
	KindReturnAfterBreak    = "return_after_break"
	KindACWRHigh            = "acwr_high"
	KindNoRestDay           = "no_rest_day"
	KindMonotonyHigh        = "monotony_high"
	KindShoeWorn            = "shoe_worn"
	KindShoeReplace         = "shoe_replace"
)

// Severities.
const (
	sevInfo    = "info"
	sevCaution = "caution"
	sevHigh    = "high"
)

// HighIncreasePct is the weekly change above which a weekly spike is high
// (Nielsen 2014's > 30% band).
const HighIncreasePct = 30.0

// weeklySeverity is caution for an increase over the limit up to 30%, high
// above 30%.
func weeklySeverity(cur, prev float64) string {
	if overPct(cur, prev, HighIncreasePct) {
		return sevHigh
	}
	return sevCaution
}

// sortFlags orders flags by date, then kind, then activity and shoe.
func sortFlags(fs []Flag) {
	slices.SortFunc(fs, func(a, b Flag) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.ActivityID, b.ActivityID), cmp.Compare(a.Shoe, b.Shoe))
	})
}

// units formats message distances in miles or kilometres.
type units string

func unitsOf(s string) units {
	if strings.EqualFold(strings.TrimSpace(s), "km") {
		return "km"
	}
	return "mi"
}

// dist formats meters as "42.0 km" or "26.1 mi".
func (u units) dist(m float64) string {
	if u == "km" {
		return fmt.Sprintf("%.1f km", m/1000)
	}
	return fmt.Sprintf("%.1f mi", m/1609.344)
}

// signedDist formats a change of distance with its sign: "+7.9 km".
func (u units) signedDist(m float64) string {
	s := u.dist(math.Abs(m))
	if m < 0 {
		return "-" + s
	}
	return "+" + s
}

// pctOver formats a percentage that is above threshold with as few decimals
// as keep it visibly above it: 23.4 → "23", 10.0001 → "10.0001".
func pctOver(v, threshold float64) string {
	for dec := 0; dec < 4; dec++ {
		s := strconv.FormatFloat(v, 'f', dec, 64)
		if r, _ := strconv.ParseFloat(s, 64); r > threshold {
			return s
		}
	}
	return fmt.Sprintf("%g", v)
}

// pctNum formats a percent threshold such as 10 or 12.5.
func pctNum(v float64) string {
	return fmt.Sprintf("%g", v)
}

func dateStr(d day) string { return d.time().Format(time.DateOnly) }

// Rephrase writes the Message of every flag of r in units, "mi" or "km"
// (any other value reads as "mi"), and sets r.Units to the units used. It
// needs nothing but r: each flag's Kind, Value, Threshold, Base, Week,
// Date, ActivityID and Shoe, with the week row and the one before it, the
// counted activity row or the shoe total that the flag names. Analyze
// writes its messages with Rephrase(Config.Units), so calling that again on
// its Result changes nothing, and Rephrase("km") on a Result read back from
// the tables gives the messages Analyze gives with Units "km". A flag of an
// unknown kind, or whose row is not in r, keeps its message.
func (r *Result) Rephrase(units string) {
	u := unitsOf(units)
	r.Units = string(u)
	if len(r.Flags) == 0 {
		return
	}
	weekAt := make(map[day]int, len(r.Weeks))
	for i, w := range r.Weeks {
		weekAt[dayOf(w.Start)] = i
	}
	for i := range r.Flags {
		f := &r.Flags[i]
		if msg, ok := r.message(u, f, weekAt); ok {
			f.Message = msg
		}
	}
}

// message returns the message of f in u, and false when r lacks a row that
// it needs. weekAt gives the index in r.Weeks of each week's first day.
func (r *Result) message(u units, f *Flag, weekAt map[day]int) (string, bool) {
	wk := dayOf(f.Week)
	switch f.Kind {
	case KindWeeklyDistanceSpike, KindWeeklyLoadSpike, KindRestart:
		i, ok := weekAt[wk]
		if f.Week.IsZero() || !ok {
			return "", false
		}
		w := r.Weeks[i]
		if f.Kind == KindRestart {
			return restartMsg(u, wk, w.DistanceM), true
		}
		if i == 0 || dayOf(r.Weeks[i-1].Start) != wk-7 {
			return "", false
		}
		prev, pct := r.Weeks[i-1], f.Threshold
		if f.Kind == KindWeeklyDistanceSpike {
			return distanceSpikeMsg(u, wk, !w.Complete, w.DistanceM, prev.DistanceM, pct), true
		}
		return loadSpikeMsg(wk, !w.Complete, w.Load, prev.Load, pct), true
	case KindACWRHigh:
		return acwrMsg(wk, f.Value), true
	case KindNoRestDay:
		return noRestMsg(wk), true
	case KindMonotonyHigh:
		return monotonyMsg(wk, f.Value), true
	case KindSessionSpike, KindReturnAfterBreak:
		a, ok := r.flaggedRun(f)
		if !ok {
			return "", false
		}
		if f.Kind == KindReturnAfterBreak {
			return returnAfterBreakMsg(u, a, f.Value), true
		}
		m := f.Base
		if !(m > 0) {
			// Tables written before Base existed: M from d and Value,
			// exact but for rounding.
			m = a.DistanceM / (1 + f.Value/100)
		}
		return sessionSpikeMsg(u, a, f.Value, m), true
	case KindShoeWorn, KindShoeReplace:
		s, ok := r.flaggedShoe(f)
		if !ok {
			return "", false
		}
		return shoeMsg(u, s, f.Kind == KindShoeReplace), true
	}
	return "", false
}

// flaggedRun returns the counted activity row a run flag is about: its
// ActivityID on its Date.
func (r *Result) flaggedRun(f *Flag) (*ActivityRow, bool) {
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
func (r *Result) flaggedShoe(f *Flag) (ShoeTotal, bool) {
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
		return ShoeTotal{}, false
	}
	return r.Shoes[found], true
}

// distanceSpikeMsg describes a weekly distance of cur meters against prev
// the week before, under the pct rule; current is for the as-of week.
func distanceSpikeMsg(u units, wk day, current bool, cur, prev, pct float64) string {
	limit := (1 + pct/100) * prev
	if current {
		return fmt.Sprintf("This week (from %s) you have run %s so far, already %s%% (%s) more than last week's %s; the %s%% rule allows %s.",
			dateStr(wk), u.dist(cur), pctOver((cur-prev)*100/prev, pct), u.signedDist(cur-prev), u.dist(prev), pctNum(pct), u.dist(limit))
	}
	return fmt.Sprintf("Week of %s: %s, up %s%% (%s) on the week before; the %s%% rule allows %s.",
		dateStr(wk), u.dist(cur), pctOver((cur-prev)*100/prev, pct), u.signedDist(cur-prev), pctNum(pct), u.dist(limit))
}

// loadSpikeMsg is distanceSpikeMsg for the weekly TRIMP.
func loadSpikeMsg(wk day, current bool, cur, prev, pct float64) string {
	limit := (1 + pct/100) * prev
	if current {
		return fmt.Sprintf("This week (from %s) your training load is %.0f (TRIMP) so far, already %s%% (%+.0f) more than last week's %.0f; the %s%% rule allows %.0f.",
			dateStr(wk), cur, pctOver((cur-prev)*100/prev, pct), cur-prev, prev, pctNum(pct), limit)
	}
	return fmt.Sprintf("Week of %s: training load %.0f (TRIMP), up %s%% (%+.0f) on the week before; the %s%% rule allows %.0f.",
		dateStr(wk), cur, pctOver((cur-prev)*100/prev, pct), cur-prev, pctNum(pct), limit)
}

func restartMsg(u units, wk day, cur float64) string {
	return fmt.Sprintf("Week of %s: %s after a week with no running; build back up gradually.", dateStr(wk), u.dist(cur))
}

func runLabel(a *ActivityRow) string {
	d := dateStr(dayOf(a.LocalDate))
	if n := strings.TrimSpace(a.Name); n != "" {
		return fmt.Sprintf("Run on %s (%s)", d, n)
	}
	return "Run on " + d
}

// sessionSpikeMsg describes run a, pct percent longer than m meters, the
// longest run of the 30 days before it.
func sessionSpikeMsg(u units, a *ActivityRow, pct, m float64) string {
	return fmt.Sprintf("%s: %s, %s%% (%s) longer than your longest run of the previous 30 days (%s); the next run should stay within %s.",
		runLabel(a), u.dist(a.DistanceM), pctOver(pct, SpikePct), u.signedDist(a.DistanceM-m), u.dist(m), u.dist(NextRunFactor*m))
}

// returnAfterBreakMsg describes run a, gapDays days after the run before.
func returnAfterBreakMsg(u units, a *ActivityRow, gapDays float64) string {
	return fmt.Sprintf("%s: %s, your first run after %.0f days without one; start back gently.",
		runLabel(a), u.dist(a.DistanceM), math.Floor(gapDays))
}

func acwrMsg(wk day, v float64) string {
	return fmt.Sprintf("Week of %s: your acute:chronic distance ratio is %.2f (last 7 days against the last 28, weighted), at or above 1.5; this is descriptive only, as the ratio comes from team sports and did not predict injury in runners.",
		dateStr(wk), v)
}

func noRestMsg(wk day) string {
	return fmt.Sprintf("Week of %s: you ran on all 7 days, with no rest day.", dateStr(wk))
}

func monotonyMsg(wk day, m float64) string {
	return fmt.Sprintf("Week of %s: monotony %.2f (mean daily distance divided by its spread) is above 2.0, so the days were very alike; mix easy, long and rest days.",
		dateStr(wk), m)
}

func shoeMsg(u units, t ShoeTotal, replace bool) string {
	name := t.Name
	if t.Retired {
		name += " (retired)"
	}
	if replace {
		return fmt.Sprintf("%s has %s, past the %s replacement mark.", name, u.dist(t.DistanceM), u.dist(t.ReplaceAtM))
	}
	if t.Retired {
		return fmt.Sprintf("%s has %s, past the %s mark where shoes are worth inspecting.", name, u.dist(t.DistanceM), u.dist(t.WarnAtM))
	}
	return fmt.Sprintf("%s has %s, past the %s mark where shoes are worth inspecting; plan to replace them by %s.",
		name, u.dist(t.DistanceM), u.dist(t.WarnAtM), u.dist(t.ReplaceAtM))
}

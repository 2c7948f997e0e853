package analyze

import (
	"cmp"
	"slices"
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
	KindWeeklyDistanceSpike Kind = "weekly_distance_spike"
	KindWeeklyLoadSpike     Kind = "weekly_load_spike"
	KindRestart             Kind = "restart"
	KindSessionSpike        Kind = "session_spike"
	KindReturnAfterBreak    Kind = "return_after_break"
	KindACWRHigh            Kind = "acwr_high"
	KindNoRestDay           Kind = "no_rest_day"
	KindMonotonyHigh        Kind = "monotony_high"
	KindShoeWorn            Kind = "shoe_worn"
	KindShoeReplace         Kind = "shoe_replace"
)

// HighIncreasePct is the weekly change above which a weekly spike is high
// (Nielsen 2014's > 30% band).
const HighIncreasePct = 30.0

// weeklySeverity is caution for an increase over the limit up to 30%, high
// above 30%.
func weeklySeverity(cur, prev float64) Severity {
	if overPct(cur, prev, HighIncreasePct) {
		return High
	}
	return Caution
}

// sortFlags orders flags by date, then kind, then activity and shoe.
func sortFlags(fs []Flag) {
	slices.SortFunc(fs, func(a, b Flag) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.ActivityID, b.ActivityID), cmp.Compare(a.Shoe, b.Shoe))
	})
}

func dateStr(d day) string { return d.time().Format(time.DateOnly) }

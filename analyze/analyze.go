package analyze

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/units"
)

// act is one input activity with what the analysis derived for it.
type act struct {
	a       *ingest.Activity
	date    day  // local date of the start
	counted bool // counted sport, not a duplicate, on or before AsOf
	// hasDist is false when the session has no usable distance; distM is
	// then 0 and the run is left out of every distance metric.
	hasDist  bool
	distM    float64
	duration time.Duration // moving time when known, else elapsed
	// load is the measured (hasHR) or imputed TRIMP; hasLoad is false when
	// there is none.
	load                    float64
	hasLoad, hasHR, imputed bool
	shoe                    int // index in Config.Shoes, -1 for none
}

// Analyze computes weeks, loads, shoe totals and flags from activities as
// METRICS.md defines them, as of the calendar date asOf (its year, month and
// day in its own location; the clock time is ignored). It is a pure
// function: the same activities in any order, the same cfg and the same asOf
// give the same Result, and acts is not modified.
//
// Choices where METRICS.md leaves room, all deliberate:
//
//   - An activity whose local date is after asOf is listed in
//     Result.Activities with Counted false, and one warning Problem says how
//     many there were; nothing about it enters a week, a flag or a shoe,
//     though its own Load is still computed.
//   - Counted means: Sport in cfg.CountedSports (DefaultCountedSports when
//     empty), DuplicateOf empty, local date on or before asOf. A counted
//     session without distance (HasDistance false, or a distance of 0 m, as
//     some watches write for a stub session) still counts as a run in
//     Week.Runs, Duration and Load, and starts the history, but adds nothing
//     to distance, rest days, monotony, ACWR, session spikes or shoe
//     distance; a warning Problem names it.
//   - Durations are moving time when known, else elapsed time.
//   - Week.RestDays is 7 − the days with counted distance for every week:
//     in the first week the days before the first run are rest days, and in
//     the current week so are the days after asOf (see Week.Days). Flags on
//     rest days and monotony are for complete weeks only.
//   - hr_max, when estimated, is the highest median of the heart-rate
//     samples in a trailing 10 s window (t − 10 s, t], windows not crossing
//     a pause, over every activity of any sport dated asOf−364 … asOf,
//     rounded to whole bpm; that whole number is used for every load.
//   - Imputation is for counted runs only; "runs with heart rate" are
//     counted runs whose samples gave a TRIMP, and TRIMP per minute divides
//     by the run's duration (moving, else elapsed). Exactly 70% imputes.
//   - Session spikes use counted runs with distance for M and for "a run in
//     the window"; the history starts at the first counted run of any kind.
//     Exactly +10% is not a spike and exactly +100% is caution.
//   - Shoes: only counted runs get one; see assignShoe for the order. A
//     status is worn at or past WarnAtM and replace at or past ReplaceAtM;
//     a shoe gets one flag, the stronger, retired or not. ReplaceBy is
//     asOf + ceil(distance left / pace), pace = the shoe's distance over
//     the 28 days ending on asOf divided by 28.
//   - Weekly change percentages are (cur − prev) × 100 / prev and the 10%
//     and 30% limits are decided as (cur − prev)·100 > pct·prev, so a change
//     of exactly 10% is not flagged and exactly 30% is caution, not high.
//   - restart is raised on distance only; the load Δ is nil after a week
//     without load and raises nothing.
//   - acwr_high is decided per week on the Week.ACWR value.
//   - Windows of "N days before t" are N × 24 h before the start instant
//     (session spike, imputation); windows "ending on asOf" are local dates
//     (hr_max: the 365 days asOf−364 … asOf; NextRunLimitM: the 30 days
//     asOf−29 … asOf; shoe pace: the 28 days asOf−27 … asOf).
func Analyze(acts []ingest.Activity, cfg Config, asOf time.Time) *Result {
	asOfDay := dayOf(asOf)
	pct := cfg.IncreasePct
	if !(pct > 0) {
		pct = DefaultIncreasePct
	}
	sports := cfg.CountedSports
	if len(sports) == 0 {
		sports = DefaultCountedSports()
	}
	res := &Result{AsOf: asOfDay.time(), IncreasePct: pct}

	all := prepare(acts, sports, asOfDay)
	var runs []*act
	for _, a := range all {
		if a.counted {
			runs = append(runs, a)
		}
	}

	// Load.
	res.HRRest = cfg.HRRest
	if res.HRRest <= 0 {
		res.HRRest = DefaultHRRest
	}
	res.HRMax = cfg.HRMax
	if res.HRMax <= 0 {
		res.HRMax = estimateHRMax(all, asOfDay)
		res.HRMaxEstimated = res.HRMax > 0
	}
	var notes []Problem
	if res.HRMax > res.HRRest {
		measureLoads(all, res.HRMax, res.HRRest, cfg.Sex)
		imputeLoads(all)
	} else if len(runs) > 0 {
		msg := "no heart rate in the last 365 days and no athlete.hr_max set: training load was not computed"
		if res.HRMax > 0 {
			msg = fmt.Sprintf("hr_max %d bpm is not above hr_rest %d bpm: training load was not computed", res.HRMax, res.HRRest)
		}
		notes = append(notes, Problem{Kind: "warning", Message: msg})
	}
	if strings.TrimSpace(cfg.Sex) == "" && slices.ContainsFunc(runs, func(a *act) bool { return a.hasLoad }) {
		notes = append(notes, Problem{Kind: "warning", Message: "athlete.sex not set: training load uses the male TRIMP coefficients"})
	}

	// Shoes.
	specs, shoeProbs := prepareShoes(cfg.Shoes)
	notes = append(notes, shoeProbs...)
	shoes := shoeTotals(specs, runs, asOfDay)
	for _, s := range shoes {
		res.Shoes = append(res.Shoes, s.total)
		switch s.total.Status {
		case ShoeReplace:
			res.Flags = append(res.Flags, Flag{Kind: KindShoeReplace, Severity: Caution, Date: s.replaceOn.time(),
				Shoe: s.total.Name, Value: s.total.DistanceM, Threshold: s.total.ReplaceAtM})
		case ShoeWorn:
			res.Flags = append(res.Flags, Flag{Kind: KindShoeWorn, Severity: Info, Date: s.wornOn.time(),
				Shoe: s.total.Name, Value: s.total.DistanceM, Threshold: s.total.WarnAtM})
		}
	}

	// Weeks, ACWR, rest days, monotony and the weekly flags.
	if len(runs) > 0 {
		res.Weeks, res.Current = weeks(res, runs, cfg.WeekStart, asOfDay, pct)
	}

	// Session spikes.
	for i, s := range sessionSpikes(runs) {
		r := runs[i]
		switch s.kind {
		case spikeFlag:
			res.Flags = append(res.Flags, Flag{Kind: KindSessionSpike, Severity: spikeSeverity(r.distM, s.longestM),
				Date: r.date.time(), ActivityID: r.a.ID, Value: s.pct, Threshold: SpikePct, Base: s.longestM})
		case spikeReturnBreak:
			res.Flags = append(res.Flags, Flag{Kind: KindReturnAfterBreak, Severity: Info,
				Date: r.date.time(), ActivityID: r.a.ID, Value: s.gapDays, Threshold: spikeWindow.Hours() / 24})
		}
	}
	res.NextRunLimitM = nextRunLimit(runs, asOfDay)
	sortFlags(res.Flags)

	// Rows and data-quality notes.
	later := 0
	for _, a := range all {
		res.Activities = append(res.Activities, row(a, cfg, specs))
		for _, w := range a.a.Warnings {
			res.Problems = append(res.Problems, Problem{Source: a.a.Source, Kind: "warning", Message: w})
		}
		if !a.hasDist {
			res.Problems = append(res.Problems, Problem{Source: a.a.Source, Kind: "warning",
				Message: fmt.Sprintf("%s session of %s has no distance: left out of distance, spikes and shoe mileage", a.a.Sport, dateStr(a.date))})
		}
		if a.date > asOfDay {
			later++
		}
	}
	if later > 0 {
		notes = append(notes, Problem{Kind: "warning",
			Message: fmt.Sprintf("%d activities after the as-of date %s are listed but not counted", later, dateStr(asOfDay))})
	}
	res.Problems = append(res.Problems, notes...)
	res.Units = units.Of(cfg.Units).Name()
	return res
}

// prepare sorts the activities by start, then ID (then source, index and
// format, so that equal keys cannot depend on input order) and derives what
// every later step needs.
func prepare(acts []ingest.Activity, sports []ingest.Sport, asOf day) []*act {
	all := make([]*act, len(acts))
	for i := range acts {
		a := &acts[i]
		x := &act{a: a, date: dayOf(a.LocalDate()), shoe: -1}
		x.counted = slices.Contains(sports, a.Sport) && a.DuplicateOf == "" && x.date <= asOf
		if a.HasDistance && a.DistanceM > 0 && !math.IsInf(a.DistanceM, 0) {
			x.hasDist, x.distM = true, a.DistanceM
		}
		x.duration = a.Elapsed
		if a.Moving > 0 {
			x.duration = a.Moving
		}
		all[i] = x
	}
	slices.SortFunc(all, func(x, y *act) int {
		a, b := x.a, y.a
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.Session, b.Session), cmp.Compare(a.Format, b.Format))
	})
	return all
}

// weeks builds the week rows, the current week and the weekly flags
// (appended to res.Flags, without messages). runs are the counted
// activities sorted by start.
func weeks(res *Result, runs []*act, ws time.Weekday, asOf day, pct float64) ([]Week, *CurrentWeek) {
	first := runs[0].date
	for _, r := range runs {
		first = min(first, r.date)
	}
	aggs := aggregateWeeks(runs, first, asOf, ws)
	daily := make([]float64, asOf-first+1)
	for _, r := range runs {
		if r.hasDist {
			daily[r.date-first] += r.distM
		}
	}
	acwr := acwrSeries(daily)

	out := make([]Week, len(aggs))
	for k, w := range aggs {
		wk := Week{
			Start: w.start.time(), Runs: w.runs, DistanceM: w.distM, Duration: w.dur, Load: w.load,
			LongestRunM: w.longestM, RestDays: restDays(w.daily), Complete: w.complete, Days: w.days,
		}
		flag := func(kind Kind, sev Severity, value, threshold, base float64) {
			res.Flags = append(res.Flags, Flag{Kind: kind, Severity: sev, Week: wk.Start, Date: wk.Start,
				Value: value, Threshold: threshold, Base: base})
		}
		if k > 0 {
			prev := aggs[k-1]
			wk.DistanceChangePct = changePct(w.distM, prev.distM)
			wk.LoadChangePct = changePct(w.load, prev.load)
			switch {
			case prev.distM > 0 && overPct(w.distM, prev.distM, pct):
				flag(KindWeeklyDistanceSpike, weeklySeverity(w.distM, prev.distM), *wk.DistanceChangePct, pct, prev.distM)
			case !(prev.distM > 0) && w.distM > 0:
				flag(KindRestart, Info, w.distM, 0, 0)
			}
			if prev.load > 0 && overPct(w.load, prev.load, pct) {
				flag(KindWeeklyLoadSpike, weeklySeverity(w.load, prev.load), *wk.LoadChangePct, pct, prev.load)
			}
		}
		if i := min(w.start+6, asOf) - first; i >= 0 && !math.IsNaN(acwr[i]) {
			v := acwr[i]
			wk.ACWR = &v
			if v >= ACWRHigh {
				flag(KindACWRHigh, Caution, v, ACWRHigh, 0)
			}
		}
		if w.complete {
			if m, ok := Monotony(w.daily); ok {
				wk.Monotony = &m
				if m > MonotonyHigh {
					flag(KindMonotonyHigh, Caution, m, MonotonyHigh, 0)
				}
			}
			if wk.RestDays == 0 {
				flag(KindNoRestDay, Caution, 0, 1, 0)
			}
		}
		out[k] = wk
	}

	last := aggs[len(aggs)-1]
	cw := &CurrentWeek{Start: last.start.time(), DistanceM: last.distM, Load: last.load}
	if len(aggs) > 1 {
		prev := aggs[len(aggs)-2]
		if prev.distM > 0 {
			cw.HasLimit = true
			cw.LimitM = (1 + pct/100) * prev.distM
			cw.AllowanceM = cw.LimitM - cw.DistanceM
		}
		if prev.load > 0 {
			cw.HasLoadLimit = true
			cw.LoadLimit = (1 + pct/100) * prev.load
			cw.LoadAllowance = cw.LoadLimit - cw.Load
		}
	}
	return out, cw
}

// row builds an activity's output row.
func row(x *act, cfg Config, specs []shoeSpec) ActivityRow {
	a := x.a
	r := ActivityRow{
		ID: a.ID, Source: a.Source, Format: a.Format, Sport: a.Sport, Device: a.Device, Name: a.Name,
		Start: a.Start, UTCOffset: a.UTCOffset, OffsetSource: a.OffsetSource,
		LocalDate: x.date.time(), WeekStart: weekStart(x.date, cfg.WeekStart).time(),
		Elapsed: a.Elapsed, Moving: a.Moving, DistanceM: a.DistanceM,
		AvgHR: a.AvgHR, MaxHR: a.MaxHR, LoadImputed: x.imputed,
		Counted: x.counted, DuplicateOf: a.DuplicateOf,
	}
	if a.AscentM != nil {
		v := *a.AscentM
		r.AscentM = &v
	}
	if x.hasLoad {
		v := x.load
		r.Load = &v
	}
	if x.shoe >= 0 {
		r.Shoe = specs[x.shoe].Name
	}
	return r
}

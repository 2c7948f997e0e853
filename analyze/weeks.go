package analyze

import "time"

// day is a calendar date counted in days since 1970-01-01. Dates carry no
// zone: a run's day is the year, month and day of its local start.
type day int64

// dayOf returns the calendar date of t's year, month and day in t's own
// location.
func dayOf(t time.Time) day {
	u := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
	return day(floorDiv(u, 86400))
}

// time returns d as a UTC-midnight time.Time.
func (d day) time() time.Time {
	return time.Unix(int64(d)*86400, 0).UTC()
}

// weekday returns d's day of the week.
func (d day) weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(floorMod(int64(d)+int64(time.Thursday), 7))
}

// weekStart returns the first day of the 7-day week that holds d, with weeks
// starting on ws.
func weekStart(d day, ws time.Weekday) day {
	return d - day(floorMod(int64(d.weekday())-int64(ws), 7))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 {
	return a - floorDiv(a, b)*b
}

// weekAgg is one week's sums before the change percentages and flags.
type weekAgg struct {
	start    day
	runs     int
	distM    float64
	dur      time.Duration
	load     float64
	longestM float64
	// daily is the counted distance of each of the 7 days, in meters.
	daily    [7]float64
	days     int // days on or before the as-of date
	complete bool
}

// aggregateWeeks sums counted activities into weeks from the week of first
// to the week of asOf, without gaps. Every element of acts must be counted
// and dated on or before asOf.
func aggregateWeeks(acts []*act, first, asOf day, ws time.Weekday) []weekAgg {
	w0, wl := weekStart(first, ws), weekStart(asOf, ws)
	if wl < w0 {
		return nil
	}
	weeks := make([]weekAgg, (wl-w0)/7+1)
	for i := range weeks {
		s := w0 + day(7*i)
		weeks[i].start = s
		last := s + 6
		weeks[i].complete = asOf > last
		weeks[i].days = int(min(asOf, last) - s + 1)
	}
	for _, a := range acts {
		w := &weeks[(weekStart(a.date, ws)-w0)/7]
		w.runs++
		w.dur += a.duration
		w.load += a.load // zero when the run has no load
		if a.hasDist {
			w.distM += a.distM
			w.daily[a.date-w.start] += a.distM
			w.longestM = max(w.longestM, a.distM)
		}
	}
	return weeks
}

// changePct returns (cur − prev) / prev × 100, or nil when prev is not
// positive. It multiplies before it divides so that an exact 10% or 30%
// change (11000 m after 10000 m) gives exactly 10 or 30.
func changePct(cur, prev float64) *float64 {
	if !(prev > 0) {
		return nil
	}
	v := (cur - prev) * 100 / prev
	return &v
}

// overPct reports whether cur is more than pct percent above prev, that is
// cur > (1 + pct/100)·prev, decided without rounding error for values that
// are exact in float64: (cur − prev)·100 > pct·prev.
func overPct(cur, prev, pct float64) bool {
	return (cur-prev)*100 > pct*prev
}

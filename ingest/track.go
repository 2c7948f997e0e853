package ingest

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Shared by the GPX and TCX decoders: turning a list of timed points into
// an Activity's start, samples, distance and sport.

// movingSpeedMin is the speed under which a step counts as standing still
// when estimating the moving speed of an untyped track, in m/s (1 km/h, as
// gpxpy's moving data uses).
const movingSpeedMin = 1000.0 / 3600

// Moving time of a GPX track, or of a TCX Activity whose laps give no
// time (README, Moving time): the time of the steps between consecutive
// valid fixes of a segment that are at most movingStepMax apart and faster
// than movingSpeedTrack. 0.5 m/s (1.8 km/h) is under the slowest walking or
// steep hiking and over the drift of a phone's GPS at rest at one fix a
// second (0.1-0.4 m/s); the 30 s cap is the step of the untyped-track rule,
// past which a gap is a pause or lost signal, not movement.
const (
	movingSpeedTrack = 0.5 // m/s
	movingStepMax    = 30 * time.Second
)

// Untyped tracks (METRICS.md, Sessions): a track without a sport is taken
// for a ride when more than untypedFastShare of its moving time, counted
// over steps of at most untypedStepMax between valid fixes, is faster than
// untypedFastSpeed (2:34 per km, faster than any sustained running). Real
// slow rides spend 35-70% of their time above it, real runs under 3%.
const (
	untypedFastShare = 0.10
	untypedFastSpeed = 6.5 // m/s
	untypedStepMax   = 30 * time.Second
)

// minValidTime is the earliest instant accepted as a real timestamp: the GPS
// epoch. Earlier times are placeholders such as GPSBabel's 1901-12-13 (the
// smallest 32-bit Unix time) or a zero date.
var minValidTime = time.Date(1980, 1, 6, 0, 0, 0, 0, time.UTC)

// maxValidTime is the latest instant accepted; later ones are garbage.
var maxValidTime = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// trackPoint is one GPX track point or TCX trackpoint.
type trackPoint struct {
	t        time.Time // UTC; zero when the point has no usable time
	lat, lon float64   // degrees, valid only when hasPos
	hasPos   bool
	hr       uint8 // bpm; 0 = not recorded
}

// validTime reports whether t can place a point in time.
func validTime(t time.Time) bool {
	return !t.Before(minValidTime) && t.Before(maxValidTime)
}

// pathStats is what great-circle steps over a track give.
type pathStats struct {
	distanceM  float64 // sum of kept steps, segments not bridged
	steps      int     // steps between fixes, kept or dropped
	jumps      int     // steps dropped as GPS jumps
	movingM    float64 // distance of timed steps faster than movingSpeedMin
	movingTime time.Duration
	// shortMoving and fastTime are the moving time over steps of at most
	// untypedStepMax, and the part of it faster than untypedFastSpeed.
	shortMoving time.Duration
	fastTime    time.Duration
	// moving is the moving time of the track (movingSpeedTrack,
	// movingStepMax).
	moving time.Duration
}

// walkPath sums great-circle steps within each segment with gpsPath,
// dropping steps whose implied speed is above limit (m/s), and measures the
// moving speed the untyped-track rule needs.
func walkPath(segs [][]trackPoint, limit float64) pathStats {
	var st pathStats
	path := gpsPath{limit: limit}
	for _, seg := range segs {
		path.restart()
		for i := range seg {
			p := &seg[i]
			if !p.hasPos {
				continue
			}
			d, dt, kept := path.add(p.lat, p.lon, p.t)
			if !kept {
				continue
			}
			if dt > 0 && dt <= movingStepMax && d/dt.Seconds() > movingSpeedTrack {
				st.moving += dt
			}
			sec := max(dt.Seconds(), 1)
			if dt > 0 && d/sec >= movingSpeedMin {
				st.movingM += d
				st.movingTime += dt
			}
			if dt > 0 && dt <= untypedStepMax && d/sec >= movingSpeedMin {
				st.shortMoving += dt
				if d/sec > untypedFastSpeed {
					st.fastTime += dt
				}
			}
		}
	}
	st.distanceM, st.steps, st.jumps = path.distanceM, path.steps, path.jumps
	return st
}

// trackSummary fills a's time, samples, heart rate, position, distance and
// sport from segs. label is the file's sport label ("" when none). It
// returns a reason and false when the points cannot make an activity (no
// usable time). posDistance tells whether the distance comes from the
// positions; when false (TCX with lap distances) the caller sets it, but
// jumps are still counted for the sport guess.
func trackSummary(a *Activity, segs [][]trackPoint, label string, posDistance bool) (string, bool) {
	var (
		points, timed, placeholder int
		first, last                time.Time
	)
	for _, seg := range segs {
		for i := range seg {
			if p := &seg[i]; !p.t.IsZero() && !validTime(p.t) {
				placeholder++
				p.t = time.Time{}
			}
		}
	}
	segs, glitches := dropClockGlitches(segs)
	if len(glitches) > 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("dropped %s whose time is more than a day away from the points around it (a clock glitch, such as a GPS week rollover): %s",
			plural(len(glitches), "point"), glitchList(glitches)))
	}
	for _, seg := range segs {
		for i := range seg {
			p := &seg[i]
			points++
			if p.t.IsZero() {
				continue
			}
			timed++
			if first.IsZero() || p.t.Before(first) {
				first = p.t
			}
			if p.t.After(last) {
				last = p.t
			}
			if !a.HasPosition && p.hasPos {
				a.FirstLat, a.FirstLon, a.HasPosition = p.lat, p.lon, true
			}
		}
	}
	if !a.HasPosition {
		for _, seg := range segs {
			for _, p := range seg {
				if p.hasPos {
					a.FirstLat, a.FirstLon, a.HasPosition = p.lat, p.lon, true
					break
				}
			}
			if a.HasPosition {
				break
			}
		}
	}
	switch {
	case points == 0:
		return "no points", false
	case timed == 0 && placeholder > 0:
		return "only placeholder timestamps (before 1980), cannot be placed in a week", false
	case timed == 0:
		return "no timestamps, cannot be placed in a week", false
	}
	if untimed := points - timed; untimed > 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("%d of %d points have no usable time", untimed, points))
	}
	if !a.Start.IsZero() && absDuration(a.Start.Sub(first)) > glitchGap {
		// A TCX lap start as far from the points as a clock glitch.
		a.Warnings = append(a.Warnings, fmt.Sprintf("start time %s is more than a day away from the first point's: the points' time is used",
			a.Start.UTC().Format(time.RFC3339)))
		a.Start = time.Time{}
	}
	if a.Start.IsZero() {
		a.Start = first
	}
	a.Elapsed = last.Sub(a.Start)
	if a.Elapsed < 0 {
		a.Elapsed = 0
	}

	// Samples in document order; a point earlier than the one before it is
	// held at the previous time so that T never decreases.
	a.Samples = make([]Sample, 0, timed)
	var (
		prevT          time.Duration
		backwards      int
		hrSum, hrCount int
		hrMax          uint8
	)
	for si, seg := range segs {
		newSeg := si > 0
		for _, p := range seg {
			if p.t.IsZero() {
				continue
			}
			t := p.t.Sub(a.Start)
			if t < 0 {
				t = 0
			}
			if len(a.Samples) > 0 && t < prevT {
				backwards++
				t = prevT
			}
			s := Sample{T: t, HR: p.hr, Resumed: newSeg && len(a.Samples) > 0}
			newSeg = false
			a.Samples = append(a.Samples, s)
			prevT = t
			if p.hr > 0 {
				hrSum += int(p.hr)
				hrCount++
				hrMax = max(hrMax, p.hr)
			}
		}
	}
	if backwards > 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("time runs backwards at %s; held at the previous time", plural(backwards, "point")))
	}
	if hrCount > 0 && a.AvgHR == 0 {
		a.AvgHR = int(math.Round(float64(hrSum) / float64(hrCount)))
	}
	if hrCount > 0 && a.MaxHR == 0 {
		a.MaxHR = int(hrMax)
	}

	sport, known := sportFromLabel(label)
	if known && sport == SportOther && !strings.EqualFold(strings.TrimSpace(label), string(SportOther)) {
		a.Warnings = append(a.Warnings, fmt.Sprintf("sport %q is not one legwork tracks; counted as other", strings.TrimSpace(label)))
	}
	if !known {
		if s, ok := sportFromName(a.Name); ok {
			sport, known = s, true
			a.Warnings = append(a.Warnings, fmt.Sprintf("no sport in the file; taken for %s from the name %q", s, a.Name))
		}
	}
	if !known {
		if s, ok := sportFromCreator(a.Device); ok {
			sport, known = s, true
			a.Warnings = append(a.Warnings, fmt.Sprintf("no sport in the file; taken for %s from the app that wrote it, %q", s, a.Device))
		}
	}
	// st is walkPath(segs, limitWalked) once a walk was needed: an untyped
	// track is walked at jumpSpeedOther to judge its sport, and a ride
	// keeps that walk.
	var st pathStats
	limitWalked := 0.0
	if !known {
		st, limitWalked = walkPath(segs, jumpSpeedOther), jumpSpeedOther
		speed := 0.0
		if st.movingTime > 0 {
			speed = st.movingM / st.movingTime.Seconds()
		} else if a.Moving > 0 && a.DistanceM > 0 {
			speed = a.DistanceM / a.Moving.Seconds()
		}
		fast := 0.0
		if st.shortMoving > 0 {
			fast = st.fastTime.Seconds() / st.shortMoving.Seconds()
		}
		switch {
		case speed > untypedCyclingSpeed:
			sport = SportCycling
			a.Warnings = append(a.Warnings, fmt.Sprintf("no sport in the file; taken for cycling (average moving speed %.1f m/s)", speed))
		case fast > untypedFastShare:
			sport = SportCycling
			a.Warnings = append(a.Warnings, fmt.Sprintf("no sport in the file; taken for cycling (%.0f%% of the moving time faster than %g m/s)", 100*fast, untypedFastSpeed))
		default:
			sport = SportRunning
			a.Warnings = append(a.Warnings, "no sport in the file; taken for running")
		}
	}
	a.Sport = sport

	limit := jumpSpeed(sport)
	if limit != limitWalked {
		st = walkPath(segs, limit)
	}
	if posDistance {
		a.DistanceM = st.distanceM
		a.HasDistance = st.steps > 0
	}
	if a.Moving == 0 {
		a.Moving = st.moving
	}
	if st.jumps > 0 && posDistance {
		a.Warnings = append(a.Warnings, fmt.Sprintf("dropped %d GPS jumps (steps faster than %g m/s)", st.jumps, limit))
	}
	return "", true
}

// glitchGap is how far a point's time must be from each neighbour's to be a
// clock glitch (METRICS.md, Time range of a session).
const glitchGap = 24 * time.Hour

// dropClockGlitches removes the points whose time is more than 24 hours
// away from that of each neighbouring timed point (in document order,
// across segments; the first and last timed points have one neighbour):
// a GPS week rollover that dates the first fix 19.6 years early, a reset
// device clock. Points with two neighbours are judged first; the first and
// last are then judged against their neighbour among the points kept.
// Untimed points stay. When only two timed points remain a day apart, or
// every timed point would go, nothing is dropped: there is nothing to tell
// which is right. It returns the segments kept and the times dropped.
func dropClockGlitches(segs [][]trackPoint) ([][]trackPoint, []time.Time) {
	if !anyClockGap(segs) {
		return segs, nil
	}
	type ref struct{ s, i int }
	var timed []ref
	for si, seg := range segs {
		for pi := range seg {
			if !seg[pi].t.IsZero() {
				timed = append(timed, ref{si, pi})
			}
		}
	}
	if len(timed) < 2 {
		return segs, nil
	}
	at := func(k int) time.Time { return segs[timed[k].s][timed[k].i].t }
	far := func(k, j int) bool { return absDuration(at(k).Sub(at(j))) > glitchGap }
	drop := make(map[ref]bool)
	// Points between two neighbours first, then the first and last points
	// against their neighbour among those kept: a glitch just before the
	// last point must not take the last point with it.
	var inner []int
	for k := range timed {
		if k > 0 && k < len(timed)-1 && far(k, k-1) && far(k, k+1) {
			drop[timed[k]] = true
			continue
		}
		inner = append(inner, k)
	}
	if n := len(inner); n > 2 {
		if far(inner[0], inner[1]) {
			drop[timed[inner[0]]] = true
		}
		if far(inner[n-1], inner[n-2]) {
			drop[timed[inner[n-1]]] = true
		}
	}
	if len(drop) == 0 || len(drop) == len(timed) {
		return segs, nil
	}
	var dropped []time.Time
	out := make([][]trackPoint, 0, len(segs))
	for si, seg := range segs {
		kept := make([]trackPoint, 0, len(seg))
		for pi, p := range seg {
			if drop[ref{si, pi}] {
				dropped = append(dropped, p.t)
				continue
			}
			kept = append(kept, p)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out, dropped
}

// anyClockGap reports whether two consecutive timed points of segs (in
// document order, across segments) are more than glitchGap apart. Without
// such a pair dropClockGlitches has nothing to drop, and needs no index of
// the timed points.
func anyClockGap(segs [][]trackPoint) bool {
	var prev time.Time
	for _, seg := range segs {
		for i := range seg {
			t := seg[i].t
			if t.IsZero() {
				continue
			}
			if !prev.IsZero() && absDuration(t.Sub(prev)) > glitchGap {
				return true
			}
			prev = t
		}
	}
	return false
}

// glitchList names up to three dropped times.
func glitchList(ts []time.Time) string {
	var b strings.Builder
	for i, t := range ts {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(ts)-3)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.UTC().Format(time.RFC3339))
	}
	return b.String()
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

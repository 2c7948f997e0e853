package ingest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

const (
	// fitEpoch is the FIT date_time epoch, 1989-12-31T00:00:00Z, in Unix seconds.
	fitEpoch = 631065600
	// fitSystemTimeMax: date_time values below it are device system time
	// (seconds since power-on), not seconds since fitEpoch.
	fitSystemTimeMax = 0x10000000
	// maxOffsetS bounds a plausible UTC offset, in seconds (±14 h).
	maxOffsetS = 14 * 3600
	// spanSlackS is how far outside a session's time range, in seconds, a
	// record may lie and still belong to it.
	spanSlackS = 2
	// clockJumpS is the smallest forward step between records, in seconds,
	// that counts as a clock jump when it also leaves every session.
	clockJumpS = 600
	// clockJumpNoSessionS is the same for a file without sessions, where
	// only the step's size can tell.
	clockJumpNoSessionS = 24 * 3600
	// noTime marks a point without a usable time.
	noTime = math.MinInt64
)

// fitClock turns FIT date_time values into Unix seconds.
type fitClock struct {
	sysDelta int64 // seconds added to a device system time
	sysOK    bool  // system times can be converted
	sysLocal bool  // converted system times are local wall-clock time, not UTC
}

func (c fitClock) unix(t uint32) (int64, bool) {
	switch {
	case t == invalidU32:
		return 0, false
	case t >= fitSystemTimeMax:
		return fitEpoch + int64(t), true
	case c.sysOK:
		return fitEpoch + int64(t) + c.sysDelta, true
	}
	return 0, false
}

// fitSpan is one session being turned into an Activity.
type fitSpan struct {
	x          *fitSession
	start, end int64 // Unix seconds; end is inclusive
	elapsedS   float64
	timerS     float64 // -1 when unknown
	sport      Sport
	transition bool
	warnings   []string

	samples         []Sample
	sampleUT        []int64 // Unix seconds of each sample, to rebase them
	hasFix          bool
	lat, lon        float64 // first fix, degrees
	fixes           gpsPath
	firstCm, lastCm uint32
	hrSum, hrN      int
	hrMax           uint8
}

// add takes the next record of the span, in time order.
func (sp *fitSpan) add(p *fitPoint, resumed bool) {
	t := max(p.ut-sp.start, 0)
	hr := p.hr
	if hr == invalidU8 {
		hr = 0
	}
	sp.samples = append(sp.samples, Sample{T: time.Duration(t) * time.Second, HR: hr, Resumed: resumed})
	sp.sampleUT = append(sp.sampleUT, p.ut)
	if hr > 0 {
		sp.hrSum += int(hr)
		sp.hrN++
		sp.hrMax = max(sp.hrMax, hr)
	}
	if p.distCm != invalidU32 {
		if sp.firstCm == invalidU32 {
			sp.firstCm = p.distCm
		}
		sp.lastCm = p.distCm
	}
	// The fixes' great-circle sum is the distance only when neither the
	// session nor a record gives one: skip the haversine otherwise, and
	// the conversion to degrees once the first fix is known.
	sumFixes := sp.lastCm == invalidU32 && sp.x.distCm == invalidU32
	if (sumFixes || !sp.hasFix) && fixValid(p.lat, p.lon) {
		lat, lon, _ := fixDegrees(p.lat, p.lon)
		if !sp.hasFix {
			sp.hasFix, sp.lat, sp.lon = true, lat, lon
		}
		if sumFixes {
			sp.fixes.add(lat, lon, time.Unix(p.ut, 0))
		}
	}
}

// fixDegrees converts a position in semicircles to degrees; ok is false for
// the invalid value, 0,0 and out-of-range values (fixValid).
func fixDegrees(lat, lon int32) (float64, float64, bool) {
	if !fixValid(lat, lon) {
		return 0, 0, false
	}
	const deg = 180.0 / (1 << 31)
	return float64(lat) * deg, float64(lon) * deg, true
}

// fixValid reports whether a position in semicircles is a fix: neither
// coordinate the invalid value, not 0,0, and within ±90° of latitude and
// ±180° of longitude. A semicircle is 180/2³¹ = 45/2²⁹ degrees, so the
// conversion is exact and |lat| ≤ 90° is |lat| ≤ 2³⁰ semicircles; every
// int32 longitude is within ±180°.
func fixValid(lat, lon int32) bool {
	return lat != invalidS32 && lon != invalidS32 && (lat != 0 || lon != 0) && lat >= -1<<30 && lat <= 1<<30
}

// offset works out the clock for system times and the file's own UTC
// offset (METRICS.md, Local offset): activity.local_timestamp −
// activity.timestamp, rounded to 15 minutes. ok is false when the file
// gives none or an absurd one.
func (s *fitState) offset() (c fitClock, off int32, ok bool, warning string) {
	round := func(d int64) (int32, bool) {
		r := int64(math.Round(float64(d)/900)) * 900
		if r > maxOffsetS || r < -maxOffsetS {
			return 0, false
		}
		return int32(r), true
	}
	if s.corrTS != invalidU32 {
		c = fitClock{sysDelta: int64(s.corrTS) - int64(s.corrSys), sysOK: true}
		if s.corrLocal != invalidU32 && s.corrLocal >= fitSystemTimeMax {
			off, ok = round(int64(s.corrLocal) - int64(s.corrTS))
			return c, off, ok, ""
		}
	}
	if s.actTS == invalidU32 || s.actLocal < fitSystemTimeMax {
		return c, 0, false, ""
	}
	if s.actTS < fitSystemTimeMax && !c.sysOK {
		// Only local time can be recovered: the device wrote system time
		// and its local wall-clock time at the end of the activity.
		c = fitClock{sysDelta: int64(s.actLocal) - int64(s.actTS), sysOK: true, sysLocal: true}
		return c, 0, true, "the file records device system time: start is local wall-clock time " +
			"(from activity.local_timestamp) written as UTC, true UTC offset unknown"
	}
	ts, _ := c.unix(s.actTS)
	off, ok = round(fitEpoch + int64(s.actLocal) - ts)
	return c, off, ok, ""
}

// build turns what the listener collected into activities. When there are
// none, reason says why.
func (s *fitState) build(source string) ([]Activity, string) {
	clock, off, offOK, clockWarning := s.offset()
	var fileWarnings []string
	if clockWarning != "" {
		fileWarnings = append(fileWarnings, clockWarning)
	}
	if len(s.typeless) > 0 {
		what := "gives no file type"
		if t := s.typeless[0]; t != typedef.FileInvalid {
			what = fmt.Sprintf("gives file type %d, which the FIT profile does not define", int(t))
		}
		fileWarnings = append(fileWarnings, "the file's file_id "+what+": read as an activity file, as it holds a session or timed records")
	}

	spans, reason := s.spans(clock)
	if len(s.sessions) > 0 && len(spans) == 0 {
		return nil, reason
	}
	// Sessions in time order, for assigning records.
	order := make([]*fitSpan, len(spans))
	copy(order, spans)
	sort.SliceStable(order, func(i, j int) bool { return order[i].start < order[j].start })
	find := func(t int64) *fitSpan {
		if len(order) == 1 { // the usual file
			return spanAtOne(order[0], t)
		}
		return spanAt(order, t)
	}

	jumps, dropped := s.correctClock(clock, len(order) > 0, find)
	if dropped > 0 {
		fileWarnings = append(fileWarnings, fmt.Sprintf("%d %s with a time out of line with the records around %s dropped", dropped, fitPlural(dropped, "record", "records"), fitPlural(dropped, "it", "them")))
	}
	for _, j := range jumps {
		if sp := find(j.at); sp != nil {
			sp.warnings = append(sp.warnings, j.String())
		} else {
			fileWarnings = append(fileWarnings, j.String())
		}
	}

	if len(order) == 0 {
		a, reason := s.derived()
		if a == nil {
			return nil, reason
		}
		spans = []*fitSpan{a}
		find = func(int64) *fitSpan { return a }
	}

	// Timer stops, in time order: a sample is Resumed when one lies between
	// the previous record and it.
	var stops []int64
	for i := range s.points {
		if p := &s.points[i]; p.kind == pointTimerStop && p.ut != noTime {
			stops = append(stops, p.ut)
		}
	}
	slices.Sort(stops)
	assign := func(find func(int64) *fitSpan) {
		next, prev := 0, int64(noTime)
		for i := range s.points {
			p := &s.points[i]
			if p.ut == noTime || p.kind != pointRecord {
				continue
			}
			stopped := false
			for ; next < len(stops) && stops[next] < p.ut; next++ {
				stopped = stopped || stops[next] >= prev
			}
			prev = p.ut
			if sp := find(p.ut); sp != nil && !sp.transition {
				sp.add(p, stopped && len(sp.samples) > 0)
			}
		}
	}
	if len(spans) == 1 { // the usual file: one session takes (nearly) every record
		spans[0].samples = make([]Sample, 0, len(s.points))
		spans[0].sampleUT = slices.Grow(s.utScratch[:0], len(s.points))
	}
	assign(find)
	if len(spans) == 1 && !spans[0].transition && len(spans[0].samples) == 0 {
		// The only session's range holds none of the file's records (a
		// start_time from a broken clock): they are still its records, and
		// their span is checked against its range below.
		only := spans[0]
		assign(func(int64) *fitSpan { return only })
	}
	if len(spans) == 1 {
		s.utScratch = spans[0].sampleUT[:0] // for the next file (decodeFITRaw)
	}

	acts := make([]Activity, 0, len(spans))
	for _, sp := range spans {
		if sp.transition {
			continue
		}
		a := sp.activity(source, len(s.sessions) > 1)
		if offOK {
			a.UTCOffset, a.OffsetSource = off, OffsetFromFile
		}
		a.Warnings = append(a.Warnings, fileWarnings...)
		acts = append(acts, a)
	}
	if len(acts) == 0 {
		return nil, "only transition sessions"
	}
	return acts, ""
}

// spanAt returns the span of order (sorted by start) that takes a record
// at Unix time t, or nil: the last one starting at or before t if t is
// within spanSlackS of its end, else the next one if t is within spanSlackS
// of its start.
func spanAt(order []*fitSpan, t int64) *fitSpan {
	i := sort.Search(len(order), func(i int) bool { return order[i].start > t }) - 1
	if i >= 0 && t <= order[i].end+spanSlackS {
		return order[i]
	}
	if i+1 < len(order) && t >= order[i+1].start-spanSlackS {
		return order[i+1]
	}
	return nil
}

// spanAtOne is spanAt of the one span sp, without the search.
func spanAtOne(sp *fitSpan, t int64) *fitSpan {
	if t >= sp.start && t <= sp.end+spanSlackS || t < sp.start && t >= sp.start-spanSlackS {
		return sp
	}
	return nil
}

// spans turns session messages into time ranges. reason says why there are
// none when the file has sessions but none is usable.
func (s *fitState) spans(clock fitClock) ([]*fitSpan, string) {
	var spans []*fitSpan
	reason := "sessions without a start time"
	for i := range s.sessions {
		x := &s.sessions[i]
		sp := &fitSpan{x: x, firstCm: invalidU32, lastCm: invalidU32, timerS: -1, elapsedS: -1}

		sp.sport, sp.transition = fitSport(x.sport, x.subSport)
		if x.sport == typedef.SportInvalid {
			sp.sport, sp.transition = s.fileSport()
		}
		sp.fixes.limit = jumpSpeed(sp.sport)

		if x.elapsedMs != invalidU32 {
			sp.elapsedS = float64(x.elapsedMs) / 1000
		}
		if x.timerMs != invalidU32 {
			sp.timerS = float64(x.timerMs) / 1000
		}
		switch {
		case sp.elapsedS < 0 || sp.timerS <= sp.elapsedS:
		case sp.timerS > sp.elapsedS+max(2, sp.elapsedS/100):
			sp.warnings = append(sp.warnings, fmt.Sprintf(
				"timer time %s exceeds elapsed time %s: the two were swapped",
				fmtSeconds(sp.timerS), fmtSeconds(sp.elapsedS)))
			sp.elapsedS, sp.timerS = sp.timerS, sp.elapsedS
		default:
			sp.timerS = sp.elapsedS // rounding: a second or two over
		}

		start, ok := clock.unix(x.start)
		end, endOK := clock.unix(x.timestamp)
		switch {
		case ok:
		case endOK && sp.elapsedS >= 0:
			start, ok = end-int64(math.Ceil(sp.elapsedS)), true
		case x.start != invalidU32 && x.start < fitSystemTimeMax:
			reason = "times are device system time with no reference to the calendar"
		}
		if !ok {
			continue
		}
		sp.start = start
		if sp.elapsedS < 0 && endOK && end >= start {
			sp.elapsedS = float64(end - start)
		}
		switch {
		case sp.elapsedS >= 0:
			sp.end = start + int64(math.Ceil(sp.elapsedS))
		case sp.timerS >= 0:
			sp.end = start + int64(math.Ceil(sp.timerS))
		default:
			sp.end = math.MaxInt64 - spanSlackS
		}
		spans = append(spans, sp)
	}
	return spans, reason
}

// fileSport is the sport of a file that gives none in its session: the
// sport message, else the first lap's, else "other".
func (s *fitState) fileSport() (Sport, bool) {
	switch {
	case s.sport != typedef.SportInvalid:
		return fitSport(s.sport, s.subSport)
	case s.lapSport != typedef.SportInvalid:
		return fitSport(s.lapSport, s.lapSubSport)
	}
	return SportOther, false
}

// clockJump is a step of the device clock that was taken out of the samples.
type clockJump struct {
	at   int64 // corrected Unix time of the first record after the jump
	step int64 // seconds the clock moved (negative: backwards)
}

func (j clockJump) String() string {
	dir := "forward"
	step := j.step
	if step < 0 {
		dir, step = "backward", -step
	}
	size := (time.Duration(step) * time.Second).String()
	if step >= 2*86400 {
		size = fmt.Sprintf("%.1f days", float64(step)/86400)
	}
	return fmt.Sprintf("device clock jumped %s by %s inside the session: later samples were shifted back into place",
		dir, size)
}

// correctClock fills each point's corrected Unix time. Only records take
// part: timer events are often written out of order (grouped at the start or
// the end of a file), so they just take the shift in force where they
// appear. Between consecutive records, a step backwards of more than 2 s, or
// a step forward of more than clockJumpS that leaves every session (more
// than a day when there are none), is a jump of the device clock: when the
// records after it stay in line with it, the step is replaced by a 1-second
// step and later points are shifted by the same amount; when the next record
// is back in line with the one before (or there is none), the lone record is
// dropped. Smaller backward steps are flattened, so samples stay in time
// order. It returns the jumps and the number of records dropped.
func (s *fitState) correctClock(clock fitClock, haveSessions bool, find func(int64) *fitSpan) ([]clockJump, int) {
	var (
		jumps   []clockJump
		dropped int
		shift   int64
		prev    int64
		have    bool
	)
	isJump := func(prev, u int64) bool {
		d := u - prev
		switch {
		case d < -2:
			return true
		case d <= clockJumpS:
			return false
		case haveSessions:
			return find(prev) != nil && find(u) == nil
		}
		return d > clockJumpNoSessionS
	}
	for i := range s.points {
		p := &s.points[i]
		u, ok := clock.unix(p.t)
		if !ok {
			p.ut = noTime
			continue
		}
		u -= shift
		if p.kind != pointRecord {
			p.ut = u
			continue
		}
		if have && isJump(prev, u) {
			next, ok := s.nextRecordUnix(i+1, clock)
			if !ok || !isJump(prev, next-shift) {
				p.ut = noTime
				dropped++
				continue
			}
			step := u - prev - 1
			if u < prev {
				step = u - prev
			}
			shift += step
			u -= step
			jumps = append(jumps, clockJump{at: u, step: step})
		}
		if have && u < prev {
			u = prev
		}
		p.ut, prev, have = u, u, true
	}
	return jumps, dropped
}

// nextRecordUnix returns the uncorrected Unix time of the first timed record
// at or after index i.
func (s *fitState) nextRecordUnix(i int, clock fitClock) (int64, bool) {
	for ; i < len(s.points); i++ {
		if s.points[i].kind != pointRecord {
			continue
		}
		if u, ok := clock.unix(s.points[i].t); ok {
			return u, true
		}
	}
	return 0, false
}

// derived makes the one span of an activity file without session messages
// from its records (METRICS.md: start = first record, elapsed = last −
// first).
func (s *fitState) derived() (*fitSpan, string) {
	first, last := int64(noTime), int64(noTime)
	n := 0
	for i := range s.points {
		p := &s.points[i]
		if p.kind != pointRecord || p.ut == noTime {
			continue
		}
		if first == noTime {
			first = p.ut
		}
		last = p.ut
		n++
	}
	if n == 0 {
		for i := range s.points {
			if s.points[i].kind == pointRecord && s.points[i].t != invalidU32 && s.points[i].t < fitSystemTimeMax {
				return nil, "times are device system time with no reference to the calendar"
			}
		}
		return nil, "activity file without sessions or timed records"
	}
	if n < 2 || last <= first {
		return nil, "activity file without sessions and with fewer than two timed records"
	}
	x := &fitSession{
		device: s.recDevice, start: invalidU32, timestamp: invalidU32, elapsedMs: invalidU32,
		timerMs: s.actTimerMs, distCm: invalidU32, ascentM: invalidU16, startLat: invalidS32,
		startLon: invalidS32, sport: typedef.SportInvalid, avgHR: invalidU8, maxHR: invalidU8,
	}
	sp := &fitSpan{x: x, start: first, end: last, elapsedS: float64(last - first), timerS: -1,
		firstCm: invalidU32, lastCm: invalidU32}
	if x.timerMs != invalidU32 {
		sp.timerS = min(float64(x.timerMs)/1000, sp.elapsedS)
	}
	sp.warnings = append(sp.warnings, "no session message: totals derived from the records")
	sp.sport, _ = s.fileSport()
	switch {
	case s.sport != typedef.SportInvalid || s.lapSport != typedef.SportInvalid:
	case s.gearChanges:
		sp.sport = SportCycling
		sp.warnings = append(sp.warnings, "the file names no sport: taken for cycling from its gear changes")
	default:
		sp.sport = "" // decided from the speed once the distance is known
	}
	sp.fixes.limit = jumpSpeedOnFoot // decided below from the speed
	if sp.sport != "" {
		sp.fixes.limit = jumpSpeed(sp.sport)
	}
	return sp, ""
}

// activity makes the Activity of a span once its records are in.
// multi says the file has several sessions, so record distances may run on
// from one session to the next.
func (sp *fitSpan) activity(source string, multi bool) Activity {
	x := sp.x
	a := Activity{
		Source: source, Session: x.index, Format: FormatFIT, Sport: sp.sport, Device: x.device,
		Start: time.Unix(sp.start, 0).UTC(), Samples: sp.samples,
	}
	if sp.timerS >= 0 {
		a.Moving = seconds(sp.timerS)
	}
	switch {
	case sp.elapsedS >= 0:
		a.Elapsed = seconds(sp.elapsedS)
	case len(sp.samples) > 0:
		a.Elapsed = max(sp.samples[len(sp.samples)-1].T, a.Moving)
	default:
		a.Elapsed = a.Moving
	}
	sp.checkRange(&a)

	switch {
	case x.distCm != invalidU32:
		a.DistanceM, a.HasDistance = float64(x.distCm)/100, true
	case sp.lastCm != invalidU32:
		d := sp.lastCm
		if multi && sp.firstCm <= sp.lastCm {
			d -= sp.firstCm
		}
		a.DistanceM, a.HasDistance = float64(d)/100, true
	case sp.fixes.have && sp.fixes.distanceM > 0:
		a.DistanceM, a.HasDistance = sp.fixes.distanceM, true
		sp.warnings = append(sp.warnings, "distance computed from GPS positions: the file gives none")
		if sp.fixes.jumps > 0 {
			sp.warnings = append(sp.warnings, fmt.Sprintf("%d GPS jumps dropped from the distance", sp.fixes.jumps))
		}
	}
	if a.Sport == "" {
		a.Sport = SportRunning
		if a.HasDistance && a.Moving > 0 && a.DistanceM/a.Moving.Seconds() > untypedCyclingSpeed ||
			a.HasDistance && a.Moving == 0 && a.Elapsed > 0 && a.DistanceM/a.Elapsed.Seconds() > untypedCyclingSpeed {
			a.Sport = SportCycling
		}
		sp.warnings = append(sp.warnings, "the file names no sport: taken for "+string(a.Sport)+" from its speed")
	}

	if x.ascentM != invalidU16 {
		v := float64(x.ascentM)
		a.AscentM = &v
	}
	if x.avgHR != invalidU8 && x.avgHR > 0 {
		a.AvgHR = int(x.avgHR)
	} else if sp.hrN > 0 {
		a.AvgHR = int(math.Round(float64(sp.hrSum) / float64(sp.hrN)))
	}
	if x.maxHR != invalidU8 && x.maxHR > 0 {
		a.MaxHR = int(x.maxHR)
	} else if sp.hrN > 0 {
		a.MaxHR = int(sp.hrMax)
	}

	if sp.hasFix {
		a.FirstLat, a.FirstLon, a.HasPosition = sp.lat, sp.lon, true
	} else if lat, lon, ok := fixDegrees(x.startLat, x.startLon); ok {
		a.FirstLat, a.FirstLon, a.HasPosition = lat, lon, true
	}
	a.Warnings = sp.warnings
	return a
}

// rangeDisagreeS is how far, in seconds, a session's start or end may lie
// from its records' before the records' span is taken as its time range
// (METRICS.md, Time range of a session).
const rangeDisagreeS = 3600

// checkRange replaces a's time range (start_time + total_elapsed_time) by
// the span of its records when the two disagree by more than an hour at
// either end, with a warning: a total_elapsed_time of 49.7 days on a
// one-hour run must not make it overlap, and swallow, seven weeks of runs.
// The samples are rebased on the new start, and a timer time longer than
// the new range is cut to it.
func (sp *fitSpan) checkRange(a *Activity) {
	if len(sp.sampleUT) < 2 {
		return
	}
	first, last := sp.sampleUT[0], sp.sampleUT[0]
	for _, u := range sp.sampleUT[1:] {
		first, last = min(first, u), max(last, u)
	}
	if last <= first {
		return
	}
	start := a.Start.Unix()
	end := a.Start.Add(a.Elapsed).Unix()
	if absInt64(start-first) <= rangeDisagreeS && absInt64(end-last) <= rangeDisagreeS {
		return
	}
	sp.warnings = append(sp.warnings, fmt.Sprintf(
		"session time range (start %s, elapsed %s) disagrees with its records (%s to %s) by more than an hour: the records' span is used",
		a.Start.Format(time.RFC3339), a.Elapsed, time.Unix(first, 0).UTC().Format(time.RFC3339), time.Unix(last, 0).UTC().Format(time.RFC3339)))
	a.Start = time.Unix(first, 0).UTC()
	a.Elapsed = time.Duration(last-first) * time.Second
	for i := range a.Samples {
		a.Samples[i].T = time.Duration(max(sp.sampleUT[i]-first, 0)) * time.Second
	}
	if a.Moving > a.Elapsed {
		a.Moving = a.Elapsed
	}
}

func absInt64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// seconds converts float seconds to a Duration, to the millisecond.
func seconds(s float64) time.Duration {
	return time.Duration(math.Round(s*1000)) * time.Millisecond
}

func fmtSeconds(s float64) string { return seconds(s).String() }

func fitPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

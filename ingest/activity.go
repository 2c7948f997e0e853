package ingest

import "time"

// Activity is one session normalized from a FIT session, a GPX track or a
// TCX Activity: meters, seconds, UTC instants. Zero values mean "not
// recorded" unless a field says otherwise.
type Activity struct {
	// ID is stable for the same source and session index across runs.
	ID string
	// Source is the input-relative path; "a.zip!/b.fit" inside archives.
	Source string
	// Session is the 0-based index of the FIT session, GPX track or TCX
	// Activity within Source (not DecodeError.MessageNum).
	Session int
	Format  Format // FormatFIT, FormatGPX or FormatTCX
	// Sport is normalized: one of Sports().
	Sport  Sport
	Device string // manufacturer and product as the file names them; empty if unknown

	Start time.Time // UTC
	// UTCOffset is local time minus UTC at Start, in seconds.
	UTCOffset int32
	// OffsetSource says where UTCOffset came from; "" before localization.
	OffsetSource OffsetSource

	Elapsed time.Duration // wall-clock span of the session
	// Moving is the timer time (pauses excluded) of a FIT session or TCX
	// laps; for a GPX track (or TCX without lap times) the time of the steps
	// between fixes that move (README, Moving time). 0 means unknown: no
	// timed positions, or none that moved.
	Moving time.Duration

	// DistanceM is the session distance in meters; HasDistance is false when
	// the file gives no distance at all (not even positions).
	DistanceM   float64
	HasDistance bool
	AscentM     *float64 // nil when not recorded
	AvgHR       int      // bpm; 0 = not recorded
	MaxHR       int      // bpm; 0 = not recorded

	// FirstLat, FirstLon are the first valid fix in degrees; HasPosition is
	// false for indoor sessions.
	FirstLat, FirstLon float64
	HasPosition        bool

	// Gear is the gear name a Strava bulk export's activities.csv gives for
	// this file; empty when unknown.
	Gear string
	// Name is the activity name (Strava activities.csv, GPX <name>); may be empty.
	Name string

	// DuplicateOf is the ID of the kept activity when this one is the same
	// run recorded elsewhere (METRICS.md, Duplicates); empty otherwise.
	DuplicateOf string
	// Partial is true when the file was read only in part (a FIT file
	// truncated, with a bad CRC or never finalized): the decoder returned it
	// with an ErrPartialRead error. A complete copy of the same run is kept
	// over it.
	Partial bool

	// Samples are the per-record values, in time order, as the decoders
	// (DecodeFIT, DecodeTCX) give them. Read keeps only their count and
	// what the analysis needs of them, NSamples and HR, and sets Samples to
	// nil, so that a history's samples are not all in memory at once.
	Samples []Sample
	// NSamples is the number of samples the session had (duplicates keep
	// the copy with more).
	NSamples int
	// HR is what the load rules need from the samples' heart rate
	// (SummarizeHR).
	HR HRSummary

	// Warnings are notes about how the session was read (an untyped track
	// assumed to be running, GPS jumps dropped, a clock jump…), for the
	// report's data-quality section.
	Warnings []string
}

// Sample is one record of a session.
type Sample struct {
	// T is the time since Activity.Start.
	T time.Duration
	// HR is the heart rate in bpm; 0 means not recorded.
	HR uint8
	// Resumed is true when the timer was stopped between the previous
	// sample and this one (the gap is paused time).
	Resumed bool
}

// LocalDate returns the local calendar date of the start as a UTC-midnight
// time.Time (year, month and day are what matter).
func (a *Activity) LocalDate() time.Time {
	l := a.Start.Add(time.Duration(a.UTCOffset) * time.Second)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// OffsetSource says where an activity's UTC offset came from.
type OffsetSource string

const (
	OffsetFromFile     OffsetSource = "file"     // FIT activity.local_timestamp
	OffsetFromPosition OffsetSource = "position" // the zone at the first fix
	OffsetFromConfig   OffsetSource = "config"   // athlete.timezone or --tz
)

// Format is the file format an activity was read from.
type Format string

// The activity file formats legwork reads.
const (
	FormatFIT Format = "fit"
	FormatGPX Format = "gpx"
	FormatTCX Format = "tcx"
)

// formatRank orders duplicates: FIT over TCX over GPX, then more samples.
func formatRank(format Format) int {
	switch format {
	case FormatFIT:
		return 3
	case FormatTCX:
		return 2
	case FormatGPX:
		return 1
	}
	return 0
}

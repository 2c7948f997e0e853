package analyze

import (
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// Config is the part of legwork.toml the analysis needs, already validated
// and in SI units.
type Config struct {
	WeekStart time.Weekday // time.Monday or time.Sunday
	// HRMax in bpm; 0 means estimate it from the data (METRICS.md).
	HRMax int
	// HRRest in bpm; 0 means the default, 60.
	HRRest int
	Sex    string // "female", "male" or "" (male coefficients)
	// IncreasePct is the weekly increase allowed (the 10% rule); 10 by default.
	IncreasePct   float64
	CountedSports []ingest.Sport
	Shoes         []Shoe
	// Units is "mi" or "km", the units the run's outputs show distances in
	// (the analysis itself only passes it on as Result.Units); every number
	// in Result stays in meters. Empty means "mi".
	Units string
}

// Shoe is one [[shoes]] entry.
type Shoe struct {
	Name string
	// From is the first day it may be worn and To, when not zero, the last
	// one; both are dates at UTC midnight, compared with local run dates.
	From, To       time.Time
	Sports         []ingest.Sport // empty: any counted sport
	StartDistanceM float64
	WarnAtM        float64 // 0 means DefaultWarnAtM, 300 mi
	ReplaceAtM     float64 // 0 means DefaultReplaceAtM, 500 mi
	Match          []string
}

// Result is everything the analysis found.
type Result struct {
	AsOf time.Time // the as-of date, UTC midnight
	// Activities has one row per input activity, sorted by start time then ID.
	Activities []ActivityRow
	// Weeks run from the week of the first counted run to the week of AsOf,
	// without gaps, oldest first.
	Weeks []Week
	// Shoes are in configuration order.
	Shoes []ShoeTotal
	// Flags are sorted by date (week, run or shoe), then kind.
	Flags []Flag
	// Units is "mi" or "km": Config.Units for a Result of Analyze ("mi"
	// when empty), the units in which data/flags.parquet's message column is
	// written (internal/phrase words flags). Every number in Result stays
	// in meters.
	Units string
	// IncreasePct is the weekly increase the 10% rule allowed in this
	// analysis (Config.IncreasePct, 10 when unset).
	IncreasePct float64

	HRMax          int  // bpm used for load; 0 when unknown
	HRMaxEstimated bool // HRMax came from the data, not the configuration
	HRRest         int

	// Current describes the as-of week (nil when there are no weeks).
	Current *CurrentWeek
	// NextRunLimitM is the "stay within" distance for the next run:
	// NextRunFactor (1.10) × the
	// longest counted run of the 30 days before AsOf; 0 when there is none.
	NextRunLimitM float64

	// Problems are data-quality notes: files that could not be read (added
	// by the caller), sessions without distance, assumptions made.
	Problems []Problem
}

// CurrentWeek is the incomplete week that contains the as-of date.
type CurrentWeek struct {
	Start     time.Time
	DistanceM float64 // so far
	// LimitM is (1 + pct/100) × the previous week's distance; AllowanceM =
	// LimitM − DistanceM (negative once over). HasLimit is false when the
	// previous week had no running.
	LimitM, AllowanceM float64
	HasLimit           bool
	// Load is the week's TRIMP so far; LoadLimit is (1 + pct/100) × the
	// previous week's load and LoadAllowance = LoadLimit − Load. HasLoadLimit
	// is false when the previous week had no load (or there is none).
	Load, LoadLimit, LoadAllowance float64
	HasLoadLimit                   bool
}

// ActivityRow is one activity as stored and reported.
type ActivityRow struct {
	ID, Source           string
	Format               ingest.Format
	Sport                ingest.Sport
	Device, Name         string
	Start                time.Time // UTC
	UTCOffset            int32     // seconds
	OffsetSource         ingest.OffsetSource
	LocalDate, WeekStart time.Time // dates at UTC midnight
	Elapsed, Moving      time.Duration
	DistanceM            float64
	AscentM              *float64
	AvgHR, MaxHR         int // 0 = not recorded
	// Load is the session TRIMP; nil when it cannot be computed.
	Load        *float64
	LoadImputed bool
	Shoe        string
	Counted     bool
	DuplicateOf string
}

// Week is one week of counted running.
type Week struct {
	Start       time.Time // first day, UTC midnight
	Runs        int
	DistanceM   float64
	Duration    time.Duration
	Load        float64
	LongestRunM float64
	// DistanceChangePct and LoadChangePct are nil for the first week and
	// after a week with zero distance (or zero load).
	DistanceChangePct, LoadChangePct *float64
	ACWR                             *float64
	Monotony                         *float64 // complete weeks only
	RestDays                         int
	Complete                         bool
	// Days is the number of the week's days on or before AsOf: 7 for a
	// complete week, 1–7 for the current one. RestDays always counts all 7
	// days, so the current week's rest days so far are RestDays − (7 − Days).
	Days int
}

// ShoeTotal is one shoe's mileage.
type ShoeTotal struct {
	Name                string
	Runs                int
	DistanceM           float64   // includes StartDistanceM
	FirstRun, LastRun   time.Time // zero when it has no runs
	WarnAtM, ReplaceAtM float64
	Retired             bool
	Status              ShoeStatus
	// ReplaceBy is the projected date it reaches ReplaceAtM at its last four
	// weeks' pace; zero when retired, already past, or not worn lately.
	ReplaceBy time.Time
}

// Flag is one warning in the report: numbers only. internal/phrase words
// it as a sentence, in miles or kilometres, from the Result it belongs to.
type Flag struct {
	Kind     Kind // one of Kinds()
	Severity Severity
	// Week is the week's first day (zero when the flag is not about a week).
	Week time.Time
	// Date is the day the flag is about, at UTC midnight: the week's first
	// day, the run's local date, or the local date of the run that took a
	// shoe past its mark (its From date, or AsOf, when StartDistanceM alone
	// did). Flags are sorted by it.
	Date       time.Time
	ActivityID string
	Shoe       string
	Value      float64
	Threshold  float64
	// Base is what Value was measured against: for session_spike M, the
	// longest counted run of the 30 days before the run, in meters; for
	// weekly_distance_spike the previous week's distance in meters; for
	// weekly_load_spike the previous week's load (TRIMP). It is 0 for the
	// other kinds.
	Base float64
}

// Problem is one data-quality note.
type Problem struct {
	Source  string
	Kind    string // error | skipped | warning
	Message string
}

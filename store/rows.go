package store

import (
	"math"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
)

// activityRow is one row of activities.parquet. The columns up to
// duplicate_of are the contract's, in its order; offset_source, name and
// load_imputed are extra.
type activityRow struct {
	ActivityID  string   `parquet:"activity_id"`
	Source      string   `parquet:"source"` // input-relative path; "a.zip!/b.fit" inside archives
	Format      string   `parquet:"format,dict"`
	Sport       string   `parquet:"sport,dict"`
	Device      string   `parquet:"device,dict"`
	StartTime   int64    `parquet:"start_time,timestamp(millisecond:utc)"` // ms since the Unix epoch
	UTCOffsetS  int32    `parquet:"utc_offset_s"`
	LocalDate   int32    `parquet:"local_date,date"` // days since 1970-01-01
	WeekStart   int32    `parquet:"week_start,date"`
	ElapsedS    float64  `parquet:"elapsed_s"`
	MovingS     float64  `parquet:"moving_s"`
	DistanceM   float64  `parquet:"distance_m"`
	AscentM     *float64 `parquet:"ascent_m,optional"`
	AvgHR       *int32   `parquet:"avg_hr,optional"` // bpm; null when not recorded
	MaxHR       *int32   `parquet:"max_hr,optional"`
	Load        *float64 `parquet:"load,optional"` // session TRIMP
	Shoe        *string  `parquet:"shoe,optional,dict"`
	Counted     bool     `parquet:"counted"`
	DuplicateOf *string  `parquet:"duplicate_of,optional"`

	OffsetSource string  `parquet:"offset_source,dict"` // file | position | config
	Name         *string `parquet:"name,optional"`      // the activity's title; null when it has none
	LoadImputed  bool    `parquet:"load_imputed"`
}

// weekRow is one row of weeks.parquet; monotony and days are extra.
type weekRow struct {
	WeekStart         int32    `parquet:"week_start,date"`
	Runs              int32    `parquet:"runs"`
	DistanceM         float64  `parquet:"distance_m"`
	DurationS         float64  `parquet:"duration_s"`
	Load              float64  `parquet:"load"`
	LongestRunM       float64  `parquet:"longest_run_m"`
	DistanceChangePct *float64 `parquet:"distance_change_pct,optional"`
	LoadChangePct     *float64 `parquet:"load_change_pct,optional"`
	ACWR              *float64 `parquet:"acwr,optional"`
	RestDays          int32    `parquet:"rest_days"`
	Complete          bool     `parquet:"complete"`

	Monotony *float64 `parquet:"monotony,optional"` // complete weeks only
	Days     int32    `parquet:"days"`              // days of the week on or before the as-of date: 7 but in the current week
}

// shoeRow is one row of shoes.parquet; replace_by is extra.
type shoeRow struct {
	Shoe       string  `parquet:"shoe"`
	Runs       int32   `parquet:"runs"`
	DistanceM  float64 `parquet:"distance_m"`
	FirstRun   *int32  `parquet:"first_run,date,optional"`
	LastRun    *int32  `parquet:"last_run,date,optional"`
	WarnAtM    float64 `parquet:"warn_at_m"`
	ReplaceAtM float64 `parquet:"replace_at_m"`
	Retired    bool    `parquet:"retired"`
	Status     string  `parquet:"status,dict"` // ok | worn | replace

	ReplaceBy *int32 `parquet:"replace_by,date,optional"` // projected date it reaches replace_at_m
}

// flagRow is one row of flags.parquet; date and base are extra. base may
// be missing from a file written before it existed (see laterColumns).
type flagRow struct {
	Kind       string  `parquet:"kind,dict"`
	Severity   string  `parquet:"severity,dict"` // info | caution | high
	WeekStart  *int32  `parquet:"week_start,date,optional"`
	ActivityID *string `parquet:"activity_id,optional"`
	Shoe       *string `parquet:"shoe,optional"`
	Value      float64 `parquet:"value"`
	Threshold  float64 `parquet:"threshold"`
	Message    string  `parquet:"message"`

	Date *int32  `parquet:"date,date,optional"` // the day the flag is about
	Base float64 `parquet:"base"`               // what value was measured against: meters, or TRIMP for a load spike; 0 when none
}

// laterColumns returns the columns that flags.parquet gained after files
// were first written: an older file without them reads as zeros.
func (flagRow) laterColumns() []string { return []string{"base"} }

const secondsPerDay = 24 * 60 * 60

// dayOf returns the calendar date of t, read in t's own location, as days
// since 1970-01-01. Dates in analyze are UTC midnights, for which this is
// exact.
func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// dateOf is the inverse of dayOf: the UTC midnight that starts day.
func dateOf(day int32) time.Time {
	return time.Unix(int64(day)*secondsPerDay, 0).UTC()
}

// optDay is dayOf for a nullable date column: the zero time is null.
func optDay(t time.Time) *int32 {
	if t.IsZero() {
		return nil
	}
	d := dayOf(t)
	return &d
}

func optDate(day *int32) time.Time {
	if day == nil {
		return time.Time{}
	}
	return dateOf(*day)
}

// optString maps "" to null.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func stringOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// optInt maps 0 ("not recorded") to null.
func optInt(v int) *int32 {
	if v == 0 {
		return nil
	}
	i := int32(v)
	return &i
}

func intOf(v *int32) int {
	if v == nil {
		return 0
	}
	return int(*v)
}

// seconds and durationOf convert between time.Duration and float seconds;
// the round trip is exact for any duration below 2^53 ns (104 days).
func seconds(d time.Duration) float64 { return d.Seconds() }

func durationOf(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func toActivityRow(a analyze.ActivityRow) activityRow {
	return activityRow{
		ActivityID:   a.ID,
		Source:       a.Source,
		Format:       string(a.Format),
		Sport:        string(a.Sport),
		Device:       a.Device,
		StartTime:    a.Start.UnixMilli(),
		UTCOffsetS:   a.UTCOffset,
		LocalDate:    dayOf(a.LocalDate),
		WeekStart:    dayOf(a.WeekStart),
		ElapsedS:     seconds(a.Elapsed),
		MovingS:      seconds(a.Moving),
		DistanceM:    a.DistanceM,
		AscentM:      copyFloat(a.AscentM),
		AvgHR:        optInt(a.AvgHR),
		MaxHR:        optInt(a.MaxHR),
		Load:         copyFloat(a.Load),
		Shoe:         optString(a.Shoe),
		Counted:      a.Counted,
		DuplicateOf:  optString(a.DuplicateOf),
		OffsetSource: string(a.OffsetSource),
		Name:         optString(a.Name),
		LoadImputed:  a.LoadImputed,
	}
}

func (r activityRow) activity() analyze.ActivityRow {
	return analyze.ActivityRow{
		ID:           r.ActivityID,
		Source:       r.Source,
		Format:       ingest.Format(r.Format),
		Sport:        ingest.Sport(r.Sport),
		Device:       r.Device,
		Name:         stringOf(r.Name),
		Start:        time.UnixMilli(r.StartTime).UTC(),
		UTCOffset:    r.UTCOffsetS,
		OffsetSource: ingest.OffsetSource(r.OffsetSource),
		LocalDate:    dateOf(r.LocalDate),
		WeekStart:    dateOf(r.WeekStart),
		Elapsed:      durationOf(r.ElapsedS),
		Moving:       durationOf(r.MovingS),
		DistanceM:    r.DistanceM,
		AscentM:      r.AscentM,
		AvgHR:        intOf(r.AvgHR),
		MaxHR:        intOf(r.MaxHR),
		Load:         r.Load,
		LoadImputed:  r.LoadImputed,
		Shoe:         stringOf(r.Shoe),
		Counted:      r.Counted,
		DuplicateOf:  stringOf(r.DuplicateOf),
	}
}

func toWeekRow(w analyze.Week) weekRow {
	return weekRow{
		WeekStart:         dayOf(w.Start),
		Runs:              int32(w.Runs),
		DistanceM:         w.DistanceM,
		DurationS:         seconds(w.Duration),
		Load:              w.Load,
		LongestRunM:       w.LongestRunM,
		DistanceChangePct: copyFloat(w.DistanceChangePct),
		LoadChangePct:     copyFloat(w.LoadChangePct),
		ACWR:              copyFloat(w.ACWR),
		RestDays:          int32(w.RestDays),
		Complete:          w.Complete,
		Monotony:          copyFloat(w.Monotony),
		Days:              int32(w.Days),
	}
}

func (r weekRow) week() analyze.Week {
	return analyze.Week{
		Start:             dateOf(r.WeekStart),
		Runs:              int(r.Runs),
		DistanceM:         r.DistanceM,
		Duration:          durationOf(r.DurationS),
		Load:              r.Load,
		LongestRunM:       r.LongestRunM,
		DistanceChangePct: r.DistanceChangePct,
		LoadChangePct:     r.LoadChangePct,
		ACWR:              r.ACWR,
		Monotony:          r.Monotony,
		RestDays:          int(r.RestDays),
		Complete:          r.Complete,
		Days:              int(r.Days),
	}
}

func toShoeRow(s analyze.ShoeTotal) shoeRow {
	return shoeRow{
		Shoe:       s.Name,
		Runs:       int32(s.Runs),
		DistanceM:  s.DistanceM,
		FirstRun:   optDay(s.FirstRun),
		LastRun:    optDay(s.LastRun),
		WarnAtM:    s.WarnAtM,
		ReplaceAtM: s.ReplaceAtM,
		Retired:    s.Retired,
		Status:     s.Status,
		ReplaceBy:  optDay(s.ReplaceBy),
	}
}

func (r shoeRow) shoe() analyze.ShoeTotal {
	return analyze.ShoeTotal{
		Name:       r.Shoe,
		Runs:       int(r.Runs),
		DistanceM:  r.DistanceM,
		FirstRun:   optDate(r.FirstRun),
		LastRun:    optDate(r.LastRun),
		WarnAtM:    r.WarnAtM,
		ReplaceAtM: r.ReplaceAtM,
		Retired:    r.Retired,
		Status:     r.Status,
		ReplaceBy:  optDate(r.ReplaceBy),
	}
}

func toFlagRow(f analyze.Flag) flagRow {
	return flagRow{
		Kind:       f.Kind,
		Severity:   f.Severity,
		WeekStart:  optDay(f.Week),
		ActivityID: optString(f.ActivityID),
		Shoe:       optString(f.Shoe),
		Value:      f.Value,
		Threshold:  f.Threshold,
		Message:    f.Message,
		Date:       optDay(f.Date),
		Base:       f.Base,
	}
}

func (r flagRow) flag() analyze.Flag {
	return analyze.Flag{
		Kind:       r.Kind,
		Severity:   r.Severity,
		Week:       optDate(r.WeekStart),
		Date:       optDate(r.Date),
		ActivityID: stringOf(r.ActivityID),
		Shoe:       stringOf(r.Shoe),
		Value:      r.Value,
		Threshold:  r.Threshold,
		Base:       r.Base,
		Message:    r.Message,
	}
}

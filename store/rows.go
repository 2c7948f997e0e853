package store

import (
	"math"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

// ActivityRow is one row of activities.parquet, and with its json tags one
// line of `legwork inspect --json`: the JSON keys are the Parquet columns by
// construction (rows_test.go checks it). The columns up to duplicate_of are
// the contract's, in its order; offset_source, name and load_imputed are
// extra. In JSON, times are RFC 3339 in UTC, dates YYYY-MM-DD and absent
// values null.
type ActivityRow struct {
	ActivityID  string   `parquet:"activity_id" json:"activity_id"`
	Source      string   `parquet:"source" json:"source"` // input-relative path; "a.zip!/b.fit" inside archives
	Format      string   `parquet:"format,dict" json:"format"`
	Sport       string   `parquet:"sport,dict" json:"sport"`
	Device      string   `parquet:"device,dict" json:"device"`
	StartTime   Millis   `parquet:"start_time,timestamp(millisecond:utc)" json:"start_time"`
	UTCOffsetS  int32    `parquet:"utc_offset_s" json:"utc_offset_s"`
	LocalDate   Date     `parquet:"local_date,date" json:"local_date"`
	WeekStart   Date     `parquet:"week_start,date" json:"week_start"`
	ElapsedS    float64  `parquet:"elapsed_s" json:"elapsed_s"`
	MovingS     *float64 `parquet:"moving_s,optional" json:"moving_s"` // null when unknown
	DistanceM   float64  `parquet:"distance_m" json:"distance_m"`
	AscentM     *float64 `parquet:"ascent_m,optional" json:"ascent_m"`
	AvgHR       *int32   `parquet:"avg_hr,optional" json:"avg_hr"` // bpm; null when not recorded
	MaxHR       *int32   `parquet:"max_hr,optional" json:"max_hr"`
	Load        *float64 `parquet:"load,optional" json:"load"` // session TRIMP
	Shoe        *string  `parquet:"shoe,optional,dict" json:"shoe"`
	Counted     bool     `parquet:"counted" json:"counted"`
	DuplicateOf *string  `parquet:"duplicate_of,optional" json:"duplicate_of"`

	OffsetSource string  `parquet:"offset_source,dict" json:"offset_source"` // file | position | config
	Name         *string `parquet:"name,optional" json:"name"`               // the activity's title; null when it has none
	LoadImputed  bool    `parquet:"load_imputed" json:"load_imputed"`
}

// Date is a date column: days since 1970-01-01. In JSON it is "YYYY-MM-DD".
type Date int32

// Time is the UTC midnight that starts d.
func (d Date) Time() time.Time { return dateOf(int32(d)) }

// MarshalJSON gives "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Time().Format(time.DateOnly) + `"`), nil
}

// Millis is a timestamp column: milliseconds since the Unix epoch. In JSON
// it is RFC 3339 in UTC, with milliseconds when not zero.
type Millis int64

// Time is the instant m in UTC.
func (m Millis) Time() time.Time { return time.UnixMilli(int64(m)).UTC() }

// MarshalJSON gives "2026-11-17T06:49:51Z" or "…51.25Z".
func (m Millis) MarshalJSON() ([]byte, error) {
	return []byte(`"` + m.Time().Format("2006-01-02T15:04:05.999Z07:00") + `"`), nil
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

// ShoeRow is one row of shoes.parquet, and with its json tags one line of
// `legwork shoes --json`: the JSON keys are the Parquet columns by
// construction. replace_by is extra.
type ShoeRow struct {
	Shoe       string  `parquet:"shoe" json:"shoe"`
	Runs       int32   `parquet:"runs" json:"runs"`
	DistanceM  float64 `parquet:"distance_m" json:"distance_m"`
	FirstRun   *Date   `parquet:"first_run,date,optional" json:"first_run"`
	LastRun    *Date   `parquet:"last_run,date,optional" json:"last_run"`
	WarnAtM    float64 `parquet:"warn_at_m" json:"warn_at_m"`
	ReplaceAtM float64 `parquet:"replace_at_m" json:"replace_at_m"`
	Retired    bool    `parquet:"retired" json:"retired"`
	Status     string  `parquet:"status,dict" json:"status"` // ok | worn | replace

	ReplaceBy *Date `parquet:"replace_by,date,optional" json:"replace_by"` // projected date it reaches replace_at_m
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

// optDateCol is optDay for a Date column.
func optDateCol(t time.Time) *Date {
	if t.IsZero() {
		return nil
	}
	d := Date(dayOf(t))
	return &d
}

func optDateColTime(d *Date) time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.Time()
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

// optSeconds is d in seconds, nil for 0 (a moving time that is unknown).
func optSeconds(d time.Duration) *float64 {
	if d == 0 {
		return nil
	}
	v := d.Seconds()
	return &v
}

// floatOf is *p, 0 for nil.
func floatOf(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func durationOf(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// ActivityRowOf is the activities.parquet row of a.
func ActivityRowOf(a analyze.ActivityRow) ActivityRow {
	return ActivityRow{
		ActivityID:   a.ID,
		Source:       a.Source,
		Format:       string(a.Format),
		Sport:        string(a.Sport),
		Device:       a.Device,
		StartTime:    Millis(a.Start.UnixMilli()),
		UTCOffsetS:   a.UTCOffset,
		LocalDate:    Date(dayOf(a.LocalDate)),
		WeekStart:    Date(dayOf(a.WeekStart)),
		ElapsedS:     seconds(a.Elapsed),
		MovingS:      optSeconds(a.Moving),
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

func (r ActivityRow) activity() analyze.ActivityRow {
	return analyze.ActivityRow{
		ID:           r.ActivityID,
		Source:       r.Source,
		Format:       ingest.Format(r.Format),
		Sport:        ingest.Sport(r.Sport),
		Device:       r.Device,
		Name:         stringOf(r.Name),
		Start:        r.StartTime.Time(),
		UTCOffset:    r.UTCOffsetS,
		OffsetSource: ingest.OffsetSource(r.OffsetSource),
		LocalDate:    r.LocalDate.Time(),
		WeekStart:    r.WeekStart.Time(),
		Elapsed:      durationOf(r.ElapsedS),
		Moving:       durationOf(floatOf(r.MovingS)),
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

// ShoeRowOf is the shoes.parquet row of s.
func ShoeRowOf(s analyze.ShoeTotal) ShoeRow {
	return ShoeRow{
		Shoe:       s.Name,
		Runs:       int32(s.Runs),
		DistanceM:  s.DistanceM,
		FirstRun:   optDateCol(s.FirstRun),
		LastRun:    optDateCol(s.LastRun),
		WarnAtM:    s.WarnAtM,
		ReplaceAtM: s.ReplaceAtM,
		Retired:    s.Retired,
		Status:     string(s.Status),
		ReplaceBy:  optDateCol(s.ReplaceBy),
	}
}

func (r ShoeRow) shoe() analyze.ShoeTotal {
	return analyze.ShoeTotal{
		Name:       r.Shoe,
		Runs:       int(r.Runs),
		DistanceM:  r.DistanceM,
		FirstRun:   optDateColTime(r.FirstRun),
		LastRun:    optDateColTime(r.LastRun),
		WarnAtM:    r.WarnAtM,
		ReplaceAtM: r.ReplaceAtM,
		Retired:    r.Retired,
		Status:     analyze.ShoeStatus(r.Status),
		ReplaceBy:  optDateColTime(r.ReplaceBy),
	}
}

// toFlagRows converts the flags of r, with their messages worded by
// internal/phrase in r.Units.
func toFlagRows(r *analyze.Result) []flagRow {
	msgs := phrase.Flags(r, units.Of(r.Units))
	rows := make([]flagRow, len(r.Flags))
	for i, f := range r.Flags {
		rows[i] = toFlagRow(f, msgs[i])
	}
	return rows
}

func toFlagRow(f analyze.Flag, msg string) flagRow {
	return flagRow{
		Kind:       string(f.Kind),
		Severity:   string(f.Severity),
		WeekStart:  optDay(f.Week),
		ActivityID: optString(f.ActivityID),
		Shoe:       optString(f.Shoe),
		Value:      f.Value,
		Threshold:  f.Threshold,
		Message:    msg,
		Date:       optDay(f.Date),
		Base:       f.Base,
	}
}

// flag converts a row back; its message is not kept (internal/phrase words
// a flag from the Result, in the units wanted).
func (r flagRow) flag() analyze.Flag {
	return analyze.Flag{
		Kind:       analyze.Kind(r.Kind),
		Severity:   analyze.Severity(r.Severity),
		Week:       optDate(r.WeekStart),
		Date:       optDate(r.Date),
		ActivityID: stringOf(r.ActivityID),
		Shoe:       stringOf(r.Shoe),
		Value:      r.Value,
		Threshold:  r.Threshold,
		Base:       r.Base,
	}
}

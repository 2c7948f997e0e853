package demogen

import (
	"fmt"
	"github.com/legwork-run/legwork/internal/units"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// The athlete and the period the demo covers.
const (
	// ZoneName is the athlete's IANA zone; every session starts in it.
	ZoneName = "America/New_York"
	// HRMax and HRRest are the heart rates (bpm) the simulation uses.
	// legwork.toml gives HRRest but leaves hr_max out, so legwork
	// estimates it from the data (the 5K race reaches about 186 bpm).
	HRMax  = 188
	HRRest = 52
	// Seed seeds every random generator in the package.
	Seed = 20261122
)

// FirstWeek returns the Monday of the first planned week, a date at UTC
// midnight.
func FirstWeek() time.Time { return date(2026, 5, 25) }

// AsOf returns the as-of date `make run` uses (a Wednesday, so the last
// week is incomplete), a date at UTC midnight.
func AsOf() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }

// Kind is the type of a planned session; it drives the pace profile.
type Kind string

// The kinds of session in the plan.
const (
	Easy      Kind = "easy"
	Long      Kind = "long"
	Tempo     Kind = "tempo"
	Intervals Kind = "intervals"
	Race      Kind = "race"
	Treadmill Kind = "treadmill"
	Trail     Kind = "trail"
	Ride      Kind = "ride"
)

// Sport returns the normalized sport (METRICS.md) a file of this kind
// declares: running, treadmill_running, trail_running or cycling.
func (k Kind) Sport() string {
	switch k {
	case Treadmill:
		return "treadmill_running"
	case Trail:
		return "trail_running"
	case Ride:
		return "cycling"
	}
	return "running"
}

// Session is one planned activity.
type Session struct {
	// Index is the 0-based position in Plan's result (start order).
	Index int
	// Date is the local calendar date of the start, at UTC midnight.
	Date time.Time
	// Start is the UTC instant of the first record.
	Start time.Time
	// UTCOffset is local time minus UTC at Start, in seconds (-14400 in
	// summer, -18000 after 2026-11-01).
	UTCOffset int32
	Kind      Kind
	// Sport is the normalized sport legwork should read from the files.
	Sport string
	// DistanceM is the session distance in meters, a whole number of
	// centimeters: the FIT total_distance and the GPX track length.
	DistanceM float64
	// Pause is how long the timer was stopped mid-session (a red light);
	// 0 when it ran through.
	Pause time.Duration
	// Shoe is the shoe legwork.toml assigns (match glob, then the zip's
	// gear, then dates and sports); empty for the ride.
	Shoe string
	// Gear is the gear activities.csv names; empty outside the zip.
	Gear string
	// Files are the files holding this session, as slash paths relative to
	// the demo directory; "strava-export.zip!/activities/…" inside the zip.
	// Two files mean the same run exported twice (a duplicate).
	Files []string
	// Note says why the session matters to the demo; empty for most.
	Note string
	// Seed seeds this session's simulation.
	Seed uint64
}

// Counted reports whether legwork should count the session toward mileage
// with the default counted sports (a duplicate counts once: Files lists
// both copies of one Session).
func (s *Session) Counted() bool { return s.Sport != "cycling" }

// Shoe is one [[shoes]] entry of the demo's legwork.toml.
type Shoe struct {
	Name string
	// From is the first day it may be worn (UTC midnight).
	From time.Time
	// Sports it is for; empty means any counted sport.
	Sports []string
	// StartMiles is the distance it had before the demo, in miles.
	StartMiles float64
	// Match are globs on the input-relative path.
	Match []string
}

// Shoes returns the shoes of the demo's legwork.toml, in file order.
func Shoes() []Shoe {
	return []Shoe{
		{Name: "Pegasus 40", From: date(2026, 3, 2), Sports: []string{"running", "treadmill_running"}, StartMiles: 180},
		{Name: "Novablast 5", From: date(2026, 9, 1), Sports: []string{"running", "treadmill_running"}},
		{Name: "Speedgoat 6", From: date(2026, 7, 1), Sports: []string{"trail_running"}, Match: []string{"trail/**"}},
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Zip is the name of the demo's Strava-style export archive.
const Zip = "strava-export.zip"

// entry is one planned session in the weekly table: weekday, kind, miles
// and options: "gpx" (written as plain GPX), "gpxgz" (gzipped GPX), "fitgz"
// (gzipped FIT), "dup" (FIT and plain GPX), "zipfit"/"zipgpx" (in the
// Strava export with gear Pegasus 40); "note=…" must come last.
type entry struct {
	day   time.Weekday
	kind  Kind
	miles float64
	opts  string
}

// schedule is the weekly plan, one row per week from FirstWeek. It is kept
// under the 10% rule and the 10% session rule everywhere except where a
// note says otherwise (TestPlanStory checks that). The long-run spike falls
// on the Sunday of the last complete week before AsOf, so that the report's
// recent flags show it; the other runs of that week are shortened to keep
// the week itself under the 10% rule (the 10% rule week is in August).
func schedule() [][]entry {
	const (
		mo, tu, we, th, fr, sa, su = time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday
	)
	return [][]entry{
		/* 05-25 */ {{tu, Easy, 2.5, ""}, {th, Easy, 3, ""}, {sa, Easy, 2.5, ""}, {su, Long, 4, ""}},
		/* 06-01 */ {{tu, Easy, 2.5, ""}, {we, Easy, 2.5, ""}, {th, Tempo, 3, ""}, {su, Long, 4.5, ""}},
		/* 06-08 */ {{tu, Easy, 3, ""}, {th, Tempo, 3, ""}, {fr, Easy, 2.5, ""}, {su, Long, 4.5, ""}},
		/* 06-15 */ {{tu, Easy, 3, ""}, {th, Intervals, 3.5, ""}, {sa, Easy, 2.5, ""}, {su, Long, 4.5, ""}},
		/* 06-22 */ {{tu, Easy, 2.5, ""}, {we, Easy, 2.5, ""}, {th, Tempo, 3, ""}, {su, Long, 4.5, ""}},
		/* 06-29 */ {{tu, Easy, 3, ""}, {th, Tempo, 3, "gpxgz"}, {sa, Easy, 2.5, "gpxgz"}, {su, Long, 4.8, "gpxgz"}},
		/* 07-06 */ {{tu, Easy, 2.5, "gpxgz"}, {we, Easy, 2.5, "gpxgz"}, {th, Intervals, 3.5, "gpxgz"}, {sa, Ride, 10, "note=the bike ride: cycling, not counted"}, {su, Long, 5, "gpxgz"}},
		/* 07-13 */ {{tu, Easy, 3, "gpxgz"}, {th, Tempo, 3.5, "gpxgz"}, {sa, Trail, 3, ""}, {su, Long, 5, "gpxgz"}},
		/* 07-20 */ {{tu, Easy, 3, "gpxgz"}, {we, Easy, 2.5, "gpxgz"}, {th, Tempo, 3.5, "gpxgz"}, {su, Long, 5.3, "gpxgz"}},
		/* 07-27 */ {{tu, Easy, 3, "gpxgz"}, {th, Intervals, 3.5, "gpxgz"}, {sa, Trail, 3, ""}, {su, Long, 5, ""}},
		/* 08-03 */ {{mo, Easy, 3.5, "note=the 10% rule week: five runs on vacation"}, {tu, Easy, 3, ""}, {th, Tempo, 3.5, ""}, {sa, Easy, 2.5, ""}, {su, Long, 5.5, ""}},
		/* 08-10 */ {{tu, Easy, 3, ""}, {th, Tempo, 3.5, ""}, {sa, Trail, 3, ""}, {su, Long, 5.5, ""}},
		/* 08-17 */ {{tu, Easy, 3, ""}, {we, Easy, 2.5, ""}, {th, Intervals, 3.5, ""}, {su, Long, 5.5, ""}},
		/* 08-24 */ {{tu, Easy, 3, ""}, {th, Easy, 3.5, ""}, {sa, Easy, 3, ""}, {su, Long, 5.8, ""}},
		/* 08-31 */ {{tu, Easy, 3, ""}, {th, Tempo, 3.5, ""}, {sa, Trail, 3.5, ""}, {su, Long, 5.5, ""}},
		/* 09-07 */ {{tu, Easy, 3, ""}, {th, Intervals, 4, ""}, {fr, Easy, 2.5, ""}, {su, Long, 6, ""}},
		/* 09-14 */ {{tu, Easy, 3, ""}, {we, Treadmill, 3, "note=the treadmill run: no GPS, distance from the footpod"}, {th, Tempo, 3.5, ""}, {su, Long, 6, ""}},
		/* 09-21 */ {{tu, Easy, 3, ""}, {th, Tempo, 3.5, ""}, {sa, Trail, 3.5, ""}, {su, Long, 6, ""}},
		/* 09-28 */ {},
		/* 10-05 */ {{tu, Easy, 2.5, ""}, {th, Easy, 2.5, ""}, {sa, Easy, 2, ""}, {su, Long, 4, "note=restart after the week off"}},
		/* 10-12 */ {{tu, Easy, 2.5, ""}, {th, Easy, 3, "dup,note=the duplicate: the same run as FIT and as GPX"}, {sa, Easy, 2, ""}, {su, Long, 4.2, ""}},
		/* 10-19 */ {{tu, Easy, 2.5, "zipgpx"}, {th, Tempo, 3, ""}, {sa, Trail, 3, ""}, {su, Long, 4, ""}},
		/* 10-26 */ {{tu, Easy, 2.5, ""}, {th, Tempo, 3, ""}, {sa, Easy, 2.5, ""}, {su, Long, 4.5, "note=first run after the switch to standard time"}},
		/* 11-02 */ {{tu, Easy, 2.5, ""}, {we, Easy, 2.5, "zipfit"}, {th, Intervals, 3.5, ""}, {su, Long, 4.5, ""}},
		/* 11-09 */ {{tu, Easy, 2.5, ""}, {th, Easy, 2.5, "zipgpx"}, {sa, Race, 3.11, "fitgz,note=a 5K race: the highest heart rates"}, {su, Long, 4.5, ""}},
		/* 11-16 */ {{tu, Easy, 2.5, ""}, {we, Easy, 2, ""}, {th, Tempo, 2, ""}, {su, Long, 6.8, "note=the long-run spike: far beyond the month's longest"}},
		/* 11-23 */ {{tu, Easy, 3, ""}, {we, Easy, 2.5, ""}},
	}
}

// Plan returns every planned session in start order. The result is the
// same on every call.
func Plan() []Session {
	rng := rand.New(rand.NewPCG(Seed, 1))
	var out []Session
	for w, week := range schedule() {
		monday := FirstWeek().AddDate(0, 0, 7*w)
		for _, e := range week {
			offset := (int(e.day) + 6) % 7 // days after Monday
			d := monday.AddDate(0, 0, offset)
			// Weekdays start between 6:00 and 7:00, weekends between 7:00 and 8:30.
			minutes := 360 + rng.IntN(60)
			if e.day == time.Saturday || e.day == time.Sunday {
				minutes = 420 + rng.IntN(90)
			}
			second := rng.IntN(60)
			start := newYork(time.Date(d.Year(), d.Month(), d.Day(), minutes/60, minutes%60, second, 0, time.UTC))
			_, off := start.Zone()
			// Real distances are never round: up to ±0.5% around the plan.
			miles := e.miles * (1 + (rng.Float64()*2-1)*0.005)
			if e.kind == Race {
				miles = e.miles // a measured course
			}
			s := Session{
				Date:      d,
				Start:     start.UTC(),
				UTCOffset: int32(off),
				Kind:      e.kind,
				Sport:     e.kind.Sport(),
				DistanceM: math.Round(miles*units.MetersPerMile*100) / 100,
				Seed:      rng.Uint64(),
			}
			pause := rng.Float64()
			if (e.kind == Easy || e.kind == Long) && pause < 0.25 {
				s.Pause = time.Duration(20+rng.IntN(70)) * time.Second
			}
			opts, note, _ := strings.Cut(e.opts, "note=")
			s.Note = note
			s.Files = files(&s, start, strings.Split(strings.TrimSuffix(opts, ","), ","))
			out = append(out, s)
		}
	}
	for i := range out {
		out[i].Index = i
		out[i].Shoe, out[i].Gear = shoeFor(&out[i])
	}
	return out
}

// files names the files of s from the entry's options.
func files(s *Session, local time.Time, opts []string) []string {
	stamp := local.Format("2006-01-02-15-04-05")
	name := strings.ToLower(local.Format("2006-01-02")) + "-" + gpxName(s.Kind, local)
	id := 16000000000 + local.Unix()/60 // Strava-like activity id, stable
	var out []string
	for _, o := range opts {
		switch o {
		case "gpx":
			out = append(out, "gpx/"+name+".gpx")
		case "gpxgz":
			out = append(out, "gpx/"+name+".gpx.gz")
		case "fitgz":
			out = append(out, "garmin/"+stamp+".fit.gz")
		case "dup":
			out = append(out, "garmin/"+stamp+".fit", "gpx/"+name+".gpx")
		case "zipfit":
			out = append(out, fmt.Sprintf("%s!/activities/%d.fit.gz", Zip, id))
		case "zipgpx":
			out = append(out, fmt.Sprintf("%s!/activities/%d.gpx", Zip, id))
		}
	}
	if len(out) == 0 {
		dir := "garmin/"
		if s.Kind == Trail {
			dir = "trail/"
		}
		out = append(out, dir+stamp+".fit")
	}
	return out
}

// gpxName is the activity name Strava would give, in file-name form.
func gpxName(k Kind, local time.Time) string {
	part := "morning"
	if local.Hour() >= 12 {
		part = "afternoon"
	}
	if k == Ride {
		return part + "-ride"
	}
	return part + "-run"
}

// shoeFor applies legwork.toml's shoe rules to s (DESIGN.md: a match glob,
// then the gear activities.csv names, then dates and sports, the latest
// from winning) and returns the shoe and the zip's gear.
func shoeFor(s *Session) (shoe, gear string) {
	if !s.Counted() {
		return "", ""
	}
	if strings.HasPrefix(s.Files[0], Zip+"!/") {
		return "Pegasus 40", "Pegasus 40"
	}
	if strings.HasPrefix(s.Files[0], "trail/") {
		return "Speedgoat 6", ""
	}
	var best *Shoe
	shoes := Shoes()
	for i := range shoes {
		sh := &shoes[i]
		if s.Date.Before(sh.From) || len(sh.Match) > 0 {
			continue
		}
		if len(sh.Sports) > 0 && !contains(sh.Sports, s.Sport) {
			continue
		}
		if best == nil || sh.From.After(best.From) {
			best = sh
		}
	}
	if best == nil {
		return "", ""
	}
	return best.Name, ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// newYork turns a wall-clock time in New York (given in a UTC time.Time)
// into the instant, in a fixed zone named EDT or EST. The rule is written
// out for 2026 (daylight time from 2026-03-08 02:00 to 2026-11-01 02:00
// local) so that the demo does not depend on the machine's zoneinfo;
// TestNewYork checks it against the IANA database. Morning wall times are
// never ambiguous.
func newYork(wall time.Time) time.Time {
	edtFrom := time.Date(2026, 3, 8, 2, 0, 0, 0, time.UTC)
	edtTo := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	zone := time.FixedZone("EST", -5*3600)
	if !wall.Before(edtFrom) && wall.Before(edtTo) {
		zone = time.FixedZone("EDT", -4*3600)
	}
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, zone)
}

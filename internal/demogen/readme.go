package demogen

import (
	"bytes"
	"fmt"
	"github.com/legwork-run/legwork/internal/units"
	"strings"
	"time"
)

// configFile is the demo's legwork.toml, made from Shoes.
func configFile() []byte {
	var b bytes.Buffer
	b.WriteString(`# legwork.toml for the demo exports (written by internal/demogen: edit the
# generator, not this file, and run make demo).

[athlete]
timezone = "` + ZoneName + `"
units = "mi"
week_start = "monday"
# hr_max is left out on purpose: legwork estimates it from the data (the
# 5K race and the interval sessions reach 186–188 bpm).
hr_rest = ` + fmt.Sprint(HRRest) + `
sex = "female"

[rules]
weekly_increase_pct = 10
counted_sports = ["running", "trail_running", "treadmill_running", "track_running"]
`)
	for i, s := range Shoes() {
		b.WriteString("\n[[shoes]]\n")
		fmt.Fprintf(&b, "name = %q\n", s.Name)
		fmt.Fprintf(&b, "from = %s\n", s.From.Format(time.DateOnly))
		if len(s.Sports) > 0 {
			fmt.Fprintf(&b, "sports = [%s]\n", quoteList(s.Sports))
		}
		if s.StartMiles > 0 {
			fmt.Fprintf(&b, "start_distance = \"%g mi\"\n", s.StartMiles)
		}
		if i == 0 {
			b.WriteString("warn_at = \"300 mi\"\nreplace_at = \"500 mi\"\n")
		}
		if len(s.Match) > 0 {
			fmt.Fprintf(&b, "match = [%s]\n", quoteList(s.Match))
		}
	}
	return b.Bytes()
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// weekTotal is the counted distance of one plan week.
type weekTotal struct {
	start  time.Time
	runs   int
	meters float64
}

// planWeeks sums counted sessions per local Monday week, from FirstWeek to
// the week of AsOf, without gaps.
func planWeeks(plan []Session) []weekTotal {
	n := int(AsOf().Sub(FirstWeek()).Hours()/24)/7 + 1
	weeks := make([]weekTotal, n)
	for i := range weeks {
		weeks[i].start = FirstWeek().AddDate(0, 0, 7*i)
	}
	for _, s := range plan {
		if !s.Counted() {
			continue
		}
		w := int(s.Date.Sub(FirstWeek()).Hours()/24) / 7
		weeks[w].runs++
		weeks[w].meters += s.DistanceM
	}
	return weeks
}

// longestBefore is the longest counted session that started in the 30 days
// before s; 0 when there is none.
func longestBefore(plan []Session, s *Session) float64 {
	longest := 0.0
	for _, o := range plan {
		if o.Counted() && o.Start.Before(s.Start) && !o.Start.Before(s.Start.AddDate(0, 0, -30)) {
			longest = max(longest, o.DistanceM)
		}
	}
	return longest
}

func miles(m float64) string { return units.Miles.Dist(m) }

func day(t time.Time) string { return t.Format("Mon 2006-01-02") }

// readme describes the demo: every number in it comes from the plan.
func readme(plan []Session) []byte {
	var b bytes.Buffer
	weeks := planWeeks(plan)
	counted := 0
	for _, s := range plan {
		if s.Counted() {
			counted++
		}
	}
	fmt.Fprintf(&b, `Demo exports for legwork
========================

Written by internal/demogen (make demo, or
go run ./internal/demogen/cmd/demogen -o testdata/demo); do not edit by hand:
the test in internal/demogen fails when these files differ from what the
generator writes.

A runner in New York (%s) from %s to %s:
%d sessions, %d of them counted runs, with 1-second records (position,
distance, altitude, speed, heart rate, cadence). Road runs loop Central
Park, trail runs Van Cortlandt Park; some runs stop at a light with the
timer paused. Heart rate follows a model with rest %d bpm and max %d bpm:
it rises with pace and on hills, lags, and drifts up about 6 bpm an hour.

make run analyzes it as of %s, a Wednesday, so the last week is
incomplete; the long-run spike of the last complete week is among the
report's flags of the last 6 weeks:

    legwork run -c testdata/demo/legwork.toml --as-of %s testdata/demo

Files
-----

garmin/            FIT files as a Forerunner 255 writes them (one is gzipped:
                   the 5K race); local_timestamp gives the UTC offset
trail/             trail runs (FIT, sub-sport trail), for the match glob
gpx/               Strava GPX downloads (times in UTC, heart rate and cadence
                   in gpxtpx extensions); July's runs are gzipped
%s  a small Strava bulk export: activities.csv naming the
                   gear, activities/*.gpx and one activities/*.fit.gz
legwork.toml       the athlete, the rules and three pairs of shoes

What legwork should find
------------------------

`, ZoneName, day(plan[0].Date), day(AsOf()), len(plan), counted, HRRest, HRMax, AsOf().Format(time.DateOnly), AsOf().Format(time.DateOnly), Zip)

	for _, s := range plan {
		if s.Note == "" {
			continue
		}
		fmt.Fprintf(&b, "- %s, %s (%s %s, %s): %s.\n", day(s.Date), s.Start.Add(time.Duration(s.UTCOffset)*time.Second).Format("15:04"),
			miles(s.DistanceM), s.Kind, strings.Join(s.Files, " and "), s.Note)
		w := int(s.Date.Sub(FirstWeek()).Hours()/24) / 7
		switch {
		case strings.HasPrefix(s.Note, "the 10% rule"):
			cur, prev := weeks[w].meters, weeks[w-1].meters
			fmt.Fprintf(&b, "  The week of %s: %s after %s, %+.1f%% (%d runs).\n",
				weeks[w].start.Format(time.DateOnly), miles(cur), miles(prev), (cur-prev)/prev*100, weeks[w].runs)
		case strings.HasPrefix(s.Note, "the long-run spike"):
			m := longestBefore(plan, &s)
			cur, prev := weeks[w].meters, weeks[w-1].meters
			fmt.Fprintf(&b, "  The longest run of the 30 days before was %s: %+.0f%%. The week of %s\n", miles(m), (s.DistanceM/m-1)*100,
				weeks[w].start.Format(time.DateOnly))
			fmt.Fprintf(&b, "  stays under the 10%% rule (%s after %s, %+.1f%%): the other runs are short.\n",
				miles(cur), miles(prev), (cur-prev)/prev*100)
		case strings.HasPrefix(s.Note, "restart"):
			fmt.Fprintf(&b, "  The week of %s has no run at all (a cold); the week of %s restarts.\n",
				weeks[w-1].start.Format(time.DateOnly), weeks[w].start.Format(time.DateOnly))
		case strings.HasPrefix(s.Note, "first run after"):
			fmt.Fprintf(&b, "  Offsets: UTC%+d before 2026-11-01, UTC%+d from then on.\n", -4, -5)
		}
	}

	b.WriteString("\nShoes (legwork.toml)\n--------------------\n\n")
	for _, sh := range Shoes() {
		total := sh.StartMiles * units.MetersPerMile
		runs := 0
		var passed time.Time
		for _, s := range plan {
			if s.Shoe != sh.Name {
				continue
			}
			runs++
			total += s.DistanceM
			if passed.IsZero() && total > 300*units.MetersPerMile {
				passed = s.Date
			}
		}
		fmt.Fprintf(&b, "- %s: from %s", sh.Name, sh.From.Format(time.DateOnly))
		if sh.StartMiles > 0 {
			fmt.Fprintf(&b, " with %g mi already", sh.StartMiles)
		}
		if len(sh.Match) > 0 {
			fmt.Fprintf(&b, ", match %s", strings.Join(sh.Match, " "))
		}
		fmt.Fprintf(&b, "; %d runs, %s in all", runs, miles(total))
		if !passed.IsZero() {
			fmt.Fprintf(&b, ", past 300 mi (worn) on %s", passed.Format(time.DateOnly))
		}
		b.WriteString(".\n")
	}
	b.WriteString("  The zip's runs name \"Pegasus 40\" as gear, which beats the dates (Novablast 5).\n")

	b.WriteString("\nWeeks (counted running; Monday starts)\n--------------------------------------\n\n")
	b.WriteString("week        runs   miles  change\n")
	for i, w := range weeks {
		change := ""
		switch {
		case i == 0:
		case weeks[i-1].meters == 0 && w.meters > 0:
			change = "restart"
		case weeks[i-1].meters > 0:
			change = fmt.Sprintf("%+.1f%%", (w.meters-weeks[i-1].meters)/weeks[i-1].meters*100)
		}
		if w.start.AddDate(0, 0, 7).After(AsOf()) {
			change += " (incomplete)"
		}
		line := fmt.Sprintf("%s  %4d  %6.1f  %s", w.start.Format(time.DateOnly), w.runs, w.meters/units.MetersPerMile, strings.TrimSpace(change))
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}

	b.WriteString("\nSessions (local start, offset, kind, sport, distance, pause, shoe, files)\n")
	b.WriteString("-------------------------------------------------------------------------\n\n")
	for _, s := range plan {
		local := s.Start.Add(time.Duration(s.UTCOffset) * time.Second)
		pause := "-"
		if s.Pause > 0 {
			pause = s.Pause.String()
		}
		fmt.Fprintf(&b, "%s %s UTC%+03d  %-9s %-17s %8.2f m  %-4s %-11s %s\n", local.Format("2006-01-02"), local.Format("15:04:05"),
			s.UTCOffset/3600, s.Kind, s.Sport, s.DistanceM, pause, dash(s.Shoe), strings.Join(s.Files, " "))
	}
	return b.Bytes()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

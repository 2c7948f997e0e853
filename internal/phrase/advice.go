package phrase

import (
	"fmt"
	"math"
	"strings"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/units"
)

// advice is why a kind of flag matters and what to do about it, in our own
// words: the one place they are written, for report.html, report.md and
// the --alert lines. Why is honest about the evidence behind the flag
// (research/science.md): the 10% rule is a coaches' rule of thumb, the
// single-run finding comes from one large cohort of runners, ACWR is
// descriptive. Todo starts with the short action that --alert prints.
var advice = map[analyze.Kind]struct{ why, todo string }{
	analyze.KindWeeklyDistanceSpike: {
		"The 10% rule is a coaches' rule of thumb, not a tested limit; where studies do find more injuries, it is after big weekly jumps (20–30% or more).",
		"Make next week lighter, or at most as long as this one; keep most runs easy and take at least one rest day.",
	},
	analyze.KindWeeklyLoadSpike: {
		"Load counts how hard you ran as well as how far; holding it to the 10% rule is the same rule of thumb, with no study of its own behind it.",
		"Keep the next few runs easy: a pace at which you can talk in full sentences; skip one hard session and take at least one rest day.",
	},
	analyze.KindRestart: {
		"After a week off, legs have lost a little of what they were used to; jumping straight back to a full week is a common way to get sore.",
		"Build back up over two or three weeks: start below your usual week, keep the runs easy and add a little each week.",
	},
	analyze.KindSessionSpike: {
		"In a study of about 5,200 runners (Frandsen et al. 2025), runs more than 10% longer than the longest of the previous 30 days came with more overuse injuries.",
		"Keep the next runs shorter and easy; rest or jog gently the day after a long run.",
	},
	analyze.KindReturnAfterBreak: {
		"After days without running, the first runs strain legs that have lost some of their conditioning.",
		"Start back gently: short, easy runs with a rest day between the first few, and stop if something hurts.",
	},
	analyze.KindACWRHigh: {
		"The acute:chronic ratio comes from team sports; in a large study of runners it did not predict injury, so it only describes how this week compares with the last four.",
		"Nothing to change because of the ratio alone; notice how your legs feel and ease off if they are sore or heavy.",
	},
	analyze.KindNoRestDay: {
		"Rest days give muscles, tendons and bones time to recover; no study sets the number, but coaches ask for at least one a week.",
		"Take at least one full rest day next week, and keep the day after a long or hard run easy.",
	},
	analyze.KindMonotonyHigh: {
		"Days that are all alike leave no easy day to recover on; the 2.0 cut-off is coaching practice from one small study.",
		"Mix easy, long and rest days: one longer run, some short easy ones and at least one rest day.",
	},
	analyze.KindShoeWorn: {
		"Cushioning wears with distance; 300–500 miles (about 480–800 km) is a rule of thumb, and no study ties a shoe's mileage to injury.",
		"Check the soles and the midsole for wear and plan a new pair; rotating it with a second pair lets the old one retire gradually.",
	},
	analyze.KindShoeReplace: {
		"The shoes are past the distance at which most runners replace them; in one study of 264 runners, those who rotated more than one pair were injured less often.",
		"Replace the shoes, or rotate in a second pair and retire this one soon.",
	},
}

// Advice returns why a flag of kind k matters and what to do about it, each
// one or two full sentences; "", "" for an unknown kind.
func Advice(k analyze.Kind) (why, todo string) {
	a := advice[k]
	return a.why, a.todo
}

// Action returns what to do about a flag of kind k as a lowercase phrase
// without a final period: the first part of Advice's todo, up to its first
// ";" or ":" (for --alert lines); "" for an unknown kind.
func Action(k analyze.Kind) string {
	_, todo := Advice(k)
	if todo == "" {
		return ""
	}
	if i := strings.IndexAny(todo, ";:"); i > 0 {
		todo = todo[:i]
	}
	return strings.TrimSuffix(strings.ToLower(todo[:1])+todo[1:], ".")
}

// Target is the number that goes with flag i's advice, in u, as a short
// sentence: the distance that keeps next week within the rule, the
// distance the next run should stay within. "" when the kind has no such
// number or r lacks the row it needs.
func Target(r *analyze.Result, u units.System, i int) string {
	f := &r.Flags[i]
	switch f.Kind {
	case analyze.KindWeeklyDistanceSpike, analyze.KindWeeklyLoadSpike:
		w, ok := weekOf(r, f)
		distance := f.Kind == analyze.KindWeeklyDistanceSpike
		if !ok || distance && !(w.DistanceM > 0) || !distance && !(w.Load > 0) {
			return ""
		}
		switch {
		case !w.Complete:
			return "For the rest of this week: rest or short, easy runs only."
		case distance:
			return fmt.Sprintf("Next week: at most %s, this week's distance.", u.Dist(w.DistanceM))
		default:
			return fmt.Sprintf("Next week: a load of at most %.0f (TRIMP), this week's.", w.Load)
		}
	case analyze.KindSessionSpike:
		m := f.Base
		if a, ok := flaggedRun(r, f); !(m > 0) && ok {
			m = a.DistanceM / (1 + f.Value/100) // tables written before Base existed, as in message
		}
		if !(m > 0) {
			return ""
		}
		if r.NextRunLimitM > 0 {
			m = r.NextRunLimitM / analyze.NextRunFactor // the longest run of the 30 days before as-of, this one included
		}
		return fmt.Sprintf("Next run: shorter than this one, and never more than %s (the longest run of the last 30 days plus %s%%).",
			u.Dist(analyze.NextRunFactor*m), NextRunPct())
	}
	return ""
}

// SoreLegs is what to do when the legs are already sore, one short
// sentence a line, the last one when to stop and see someone. The report
// shows it when a caution or high flag is current.
func SoreLegs() []string {
	return []string{
		"Rest: take a day or two off running, or walk or cycle gently instead.",
		"Stretch gently, use a foam roller on tight calves, thighs and hips, and book a massage if it helps you.",
		"Cool fresh soreness (the first day or two) with ice wrapped in a cloth for 10–15 minutes; after that, warmth such as a bath or a heat pack eases stiff muscles.",
		"Drink enough through the day, and after a long run eat a proper meal with carbohydrate and protein.",
		"Check your shoes: worn ones, or ones that do not fit, add to the strain.",
		"Sharp pain, swelling, pain that lasts more than a few days or that changes how you run: stop running and see a doctor or physical therapist.",
	}
}

// NextRunPct is the margin of the next run's "stay within" distance over
// the longest run of the last 30 days, as a percent number: "10" for
// analyze.NextRunFactor 1.10.
func NextRunPct() string {
	return units.Pct(math.Round((analyze.NextRunFactor-1)*1e6) / 1e4)
}

package phrase_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

// TestAdviceEveryKind checks that every kind has its why and todo, full
// sentences, and that Action (the --alert words) is the start of todo.
func TestAdviceEveryKind(t *testing.T) {
	for _, k := range analyze.Kinds() {
		why, todo := phrase.Advice(k)
		if !strings.HasSuffix(why, ".") || !strings.HasSuffix(todo, ".") {
			t.Errorf("%s: advice is not full sentences: %q, %q", k, why, todo)
		}
		a := phrase.Action(k)
		if a == "" || !strings.HasPrefix(strings.ToLower(todo), a) {
			t.Errorf("%s: action %q is not the start of %q", k, a, todo)
		}
	}
	if why, todo := phrase.Advice("no_such_kind"); why != "" || todo != "" {
		t.Errorf("unknown kind: %q, %q", why, todo)
	}
	// The evidence is named where it exists, and its limits where it does not.
	for k, want := range map[analyze.Kind]string{
		analyze.KindWeeklyDistanceSpike: "rule of thumb",
		analyze.KindSessionSpike:        "5,200 runners",
		analyze.KindACWRHigh:            "did not predict injury",
	} {
		if why, _ := phrase.Advice(k); !strings.Contains(why, want) {
			t.Errorf("%s: why %q lacks %q", k, why, want)
		}
	}
}

func TestSoreLegsEndsWithWhenToSeeSomeone(t *testing.T) {
	lines := phrase.SoreLegs()
	all := strings.Join(lines, " ")
	for _, want := range []string{"Rest", "Stretch", "foam roller", "massage", "ice", "warmth", "Drink", "meal", "shoes", "doctor or physical therapist"} {
		if !strings.Contains(all, want) {
			t.Errorf("sore-legs advice lacks %q", want)
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "stop running") {
		t.Errorf("last line %q does not say when to stop", last)
	}
}

// TestTarget checks the number that goes with a weekly distance jump: next
// week at most this week's distance.
func TestTarget(t *testing.T) {
	r := analyze.Analyze(slices.Concat(daily(0, 7, 5000), daily(7, 14, 7000)), analyze.Config{WeekStart: mon.Weekday()}, date(20))
	for i, f := range r.Flags {
		if f.Kind == analyze.KindWeeklyDistanceSpike {
			if got, want := phrase.Target(r, units.Kilometres, i), "Next week: at most 49.0 km, this week's distance."; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			return
		}
	}
	t.Fatalf("no weekly distance flag in %+v", r.Flags)
}

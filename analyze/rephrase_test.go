package analyze

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/ingest"
)

// distanceKinds are the flag kinds whose messages carry a distance.
var distanceKinds = []string{KindWeeklyDistanceSpike, KindRestart, KindSessionSpike, KindReturnAfterBreak, KindShoeWorn, KindShoeReplace}

// cloneFlags returns a copy of r whose flags can be rephrased without
// touching r's.
func cloneFlags(r *Result) *Result {
	c := *r
	c.Flags = slices.Clone(r.Flags)
	return &c
}

// checkMessages checks that every flag of r has a one-sentence message and
// that those with a distance read in r.Units only.
func checkMessages(t *testing.T, r *Result) {
	t.Helper()
	other := map[string]string{"mi": " km", "km": " mi"}[r.Units]
	if other == "" {
		t.Fatalf("Units = %q, want mi or km", r.Units)
	}
	for _, f := range r.Flags {
		m := f.Message
		if m == "" || !strings.HasSuffix(m, ".") || strings.Contains(m, ". ") {
			t.Errorf("%s: message %q is not one sentence", f.Kind, m)
		}
		if slices.Contains(distanceKinds, f.Kind) && (!strings.Contains(m, " "+r.Units) || strings.Contains(m, other)) {
			t.Errorf("%s: message %q is not in %s", f.Kind, m, r.Units)
		}
	}
}

// TestPropertyRephrase: Rephrase(b) on a season analyzed in units a gives
// exactly the Result that Analyze gives in units b, for every pair.
func TestPropertyRephrase(t *testing.T) {
	units := []string{"", "mi", "km", "KM"}
	want := map[string]string{"": "mi", "mi": "mi", "km": "km", "KM": "km"}
	kinds := map[string]bool{}
	for seed := range uint64(10) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			acts, cfg, asOf := season(seed)
			if seed%2 == 1 {
				cfg.IncreasePct = 12.5
			}
			in := map[string]*Result{}
			for _, u := range units {
				cfg.Units = u
				in[u] = Analyze(acts, cfg, asOf)
				if in[u].Units != want[u] {
					t.Errorf("Analyze with Units %q: Result.Units = %q, want %q", u, in[u].Units, want[u])
				}
				checkMessages(t, in[u])
			}
			pct := cfg.IncreasePct
			if pct == 0 {
				pct = DefaultIncreasePct
			}
			km := in["km"]
			for _, f := range km.Flags {
				kinds[f.Kind] = true
				if f.Kind != KindWeeklyDistanceSpike {
					continue
				}
				// The limit, worked out here from the week before.
				i := slices.IndexFunc(km.Weeks, func(w Week) bool { return w.Start.Equal(f.Week.AddDate(0, 0, -7)) })
				if i < 0 {
					t.Fatalf("no week before the flag %+v", f)
				}
				limit := fmt.Sprintf("the %g%% rule allows %.1f km.", pct, (1+pct/100)*km.Weeks[i].DistanceM/1000)
				if !strings.HasSuffix(f.Message, limit) {
					t.Errorf("message %q does not end in %q", f.Message, limit)
				}
			}
			for _, a := range units {
				for _, b := range units {
					got := cloneFlags(in[a])
					got.Rephrase(b)
					if !reflect.DeepEqual(got, in[b]) {
						t.Errorf("Rephrase(%q) of the Result in %q differs from Analyze in %q:\n got %q\nwant %q",
							b, a, b, messages(got.Flags), messages(in[b].Flags))
					}
				}
			}
		})
	}
	for _, k := range []string{KindWeeklyDistanceSpike, KindWeeklyLoadSpike, KindRestart, KindSessionSpike,
		KindReturnAfterBreak, KindACWRHigh, KindShoeWorn} {
		if !kinds[k] {
			t.Errorf("no season raised a %s flag", k)
		}
	}
}

func messages(fs []Flag) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Message)
	}
	return out
}

// TestRephraseFromBlank: the messages come from the Result's rows and the
// flags' numbers, not from the messages there were.
func TestRephraseFromBlank(t *testing.T) {
	acts, cfg, asOf := season(4)
	want := Analyze(acts, cfg, asOf)
	got := cloneFlags(want)
	for i := range got.Flags {
		got.Flags[i].Message = ""
	}
	got.Units = ""
	got.Rephrase(cfg.Units)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rephrased from blank:\n got %q\nwant %q", messages(got.Flags), messages(want.Flags))
	}
}

// TestRephraseKeeps: a flag whose row is not in the Result, or of a kind
// Rephrase does not know, keeps its message; the others are rewritten.
func TestRephraseKeeps(t *testing.T) {
	acts := []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}
	cfg := monCfg()
	cfg.Shoes = []Shoe{{Name: "Old", From: date(0), WarnAtM: 20000}}
	r := Analyze(acts, cfg, date(41))
	spikes, shoes := flagsOf(r, KindSessionSpike), flagsOf(r, KindShoeWorn)
	if len(spikes) != 1 || len(shoes) != 1 {
		t.Fatalf("flags %+v, want a session spike and a worn shoe", r.Flags)
	}
	r.Flags = append(r.Flags,
		Flag{Kind: "future_kind", Message: "keep 1"},
		Flag{Kind: KindRestart, Week: date(70), Date: date(70), Value: 5000, Message: "keep 2"},
		Flag{Kind: KindWeeklyDistanceSpike, Week: r.Weeks[0].Start, Date: r.Weeks[0].Start, Value: 50, Threshold: 10, Message: "keep 3"},
		Flag{Kind: KindSessionSpike, ActivityID: "nope", Date: date(40), Value: 20, Threshold: 10, Base: 10000, Message: "keep 4"},
		Flag{Kind: KindReturnAfterBreak, ActivityID: "c", Date: date(39), Value: 40, Threshold: 30, Message: "keep 5"},
		Flag{Kind: KindShoeReplace, Shoe: "Other", Value: 1e6, Threshold: 8e5, Message: "keep 6"},
	)
	r.Rephrase("km")
	var kept []string
	for _, f := range r.Flags {
		if strings.HasPrefix(f.Message, "keep") {
			kept = append(kept, f.Message)
		}
	}
	if want := []string{"keep 1", "keep 2", "keep 3", "keep 4", "keep 5", "keep 6"}; !slices.Equal(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
	if m := flagsOf(r, KindSessionSpike)[0].Message; !containsAll(m, "12.0 km", "(+2.0 km)", "(10.0 km)", "within 11.0 km") {
		t.Errorf("session spike not rephrased: %q", m)
	}
	if m := flagsOf(r, KindShoeWorn)[0].Message; !containsAll(m, "Old has 25.0 km", "20.0 km mark") {
		t.Errorf("shoe flag not rephrased: %q", m)
	}
}

// TestRephraseWithoutBase: a session spike read from tables written before
// Base existed (Base 0) gets M from its distance and Value.
func TestRephraseWithoutBase(t *testing.T) {
	acts := []ingest.Activity{run("a", at(0), 3000), run("b", at(35), 10000), run("c", at(40), 12000)}
	want := Analyze(acts, monCfg(), date(41))
	got := cloneFlags(want)
	for i := range got.Flags {
		if got.Flags[i].Kind == KindSessionSpike {
			if got.Flags[i].Base != 10000 {
				t.Fatalf("Base = %g, want M = 10000", got.Flags[i].Base)
			}
			got.Flags[i].Base = 0
			got.Flags[i].Message = ""
		}
	}
	got.Rephrase("mi")
	if g, w := messages(got.Flags), messages(want.Flags); !slices.Equal(g, w) {
		t.Errorf("got %q\nwant %q", g, w)
	}
}

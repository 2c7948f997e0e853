package analyze

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestCompare(t *testing.T) {
	act := func(id string, d int) ActivityRow { return ActivityRow{ID: id, Start: at(d), LocalDate: date(d)} }
	weekFlag := func(k Kind, sev Severity, d int, v float64) Flag {
		return Flag{Kind: k, Severity: sev, Week: date(d), Date: date(d), Value: v}
	}
	runFlag := func(k Kind, sev Severity, id string, d int) Flag {
		return Flag{Kind: k, Severity: sev, ActivityID: id, Date: date(d)}
	}
	shoeFlag := func(k Kind, name string, d int, v float64) Flag {
		return Flag{Kind: k, Severity: Caution, Shoe: name, Date: date(d), Value: v}
	}
	shoe := func(name string, st ShoeStatus) ShoeTotal { return ShoeTotal{Name: name, Status: st} }

	// describe lists what c says, in a form easy to compare.
	describe := func(c *Changes) []string {
		if c == nil {
			return nil
		}
		out := []string{}
		for _, a := range c.Added {
			out = append(out, "+act "+a.ID)
		}
		for _, a := range c.Removed {
			out = append(out, "-act "+a.ID)
		}
		for _, f := range c.New {
			out = append(out, fmt.Sprintf("+flag %s %s %v", f.Kind, f.Severity, f.Value))
		}
		for _, f := range c.Cleared {
			out = append(out, fmt.Sprintf("-flag %s %s %v", f.Kind, f.Severity, f.Value))
		}
		for _, s := range c.Shoes {
			out = append(out, fmt.Sprintf("shoe %s %s->%s", s.Name, s.From, s.To))
		}
		return out
	}

	base := &Result{
		AsOf:       date(13),
		Activities: []ActivityRow{act("a", 0), act("b", 2), act("c", 8)},
		Flags: []Flag{
			weekFlag(KindWeeklyDistanceSpike, Caution, 7, 20),
			runFlag(KindSessionSpike, Caution, "c", 8),
			shoeFlag(KindShoeWorn, "Pegasus", 8, 500000),
		},
		Shoes: []ShoeTotal{shoe("Pegasus", ShoeWorn), shoe("Clifton", ShoeOK)},
	}
	with := func(edit func(r *Result)) *Result {
		r := *base
		r.Activities = slices.Clone(base.Activities)
		r.Flags = slices.Clone(base.Flags)
		r.Shoes = slices.Clone(base.Shoes)
		edit(&r)
		return &r
	}

	tests := []struct {
		name      string
		prev, cur *Result
		want      []string // nil: Compare returns nil
	}{
		{"first run: nothing to say", nil, base, nil},
		{"no current result", base, nil, nil},
		{"identical runs", base, with(func(*Result) {}), []string{}},
		{"one activity added and one removed", base, with(func(r *Result) {
			r.Activities = []ActivityRow{act("a", 0), act("c", 8), act("d", 10)}
		}), []string{"+act d", "-act b"}},
		{"a new flag", base, with(func(r *Result) {
			r.Flags = append(r.Flags, runFlag(KindSessionSpike, High, "d", 10))
		}), []string{"+flag session_spike high 0"}},
		{"a cleared flag keeps its old values", base, with(func(r *Result) {
			r.Flags = r.Flags[1:]
		}), []string{"-flag weekly_distance_spike caution 20"}},
		{"value and severity changes keep the flag's identity", base, with(func(r *Result) {
			r.Flags[0] = weekFlag(KindWeeklyDistanceSpike, High, 7, 35)
			r.Flags[2].Value = 510000
		}), []string{}},
		{"same kind, other week is another flag", base, with(func(r *Result) {
			r.Flags[0] = weekFlag(KindWeeklyDistanceSpike, Caution, 14, 20)
		}), []string{"+flag weekly_distance_spike caution 20", "-flag weekly_distance_spike caution 20"}},
		{"same week, other kind is another flag", base, with(func(r *Result) {
			r.Flags[0] = weekFlag(KindWeeklyLoadSpike, Caution, 7, 20)
		}), []string{"+flag weekly_load_spike caution 20", "-flag weekly_distance_spike caution 20"}},
		{"same kind, other activity is another flag", base, with(func(r *Result) {
			r.Flags[1] = runFlag(KindSessionSpike, Caution, "b", 8)
		}), []string{"+flag session_spike caution 0", "-flag session_spike caution 0"}},
		{"shoe worn to replace: status change and a new flag", base, with(func(r *Result) {
			r.Shoes[0].Status = ShoeReplace
			r.Flags[2] = shoeFlag(KindShoeReplace, "Pegasus", 12, 810000)
		}), []string{"+flag shoe_replace caution 810000", "-flag shoe_worn caution 500000", "shoe Pegasus worn->replace"}},
		{"a shoe new to the configuration is no status change", base, with(func(r *Result) {
			r.Shoes = append(r.Shoes, shoe("Novablast", ShoeWorn))
		}), []string{}},
		{"a flag listed twice is new once", base, with(func(r *Result) {
			f := runFlag(KindSessionSpike, High, "d", 10)
			r.Flags = append(r.Flags, f, f)
		}), []string{"+flag session_spike high 0"}},
		{"first run with an empty previous result", &Result{}, base,
			[]string{"+act a", "+act b", "+act c", "+flag weekly_distance_spike caution 20",
				"+flag session_spike caution 0", "+flag shoe_worn caution 500000"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(tc.prev, tc.cur)
			got := describe(c)
			if (got == nil) != (tc.want == nil) || !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if c != nil && c.Empty() != (len(tc.want) == 0) {
				t.Errorf("Empty() = %v with %q", c.Empty(), got)
			}
		})
	}
}

func TestCompareSorted(t *testing.T) {
	prev := &Result{}
	cur := &Result{
		Activities: []ActivityRow{{ID: "z", Start: at(1)}, {ID: "b", Start: at(0)}, {ID: "a", Start: at(1)}},
		Flags: []Flag{
			{Kind: KindNoRestDay, Week: date(7), Date: date(7)},
			{Kind: KindMonotonyHigh, Week: date(0), Date: date(0)},
			{Kind: KindACWRHigh, Week: date(7), Date: date(7)},
		},
	}
	c := Compare(prev, cur)
	var ids []string
	for _, a := range c.Added {
		ids = append(ids, a.ID)
	}
	if want := []string{"b", "a", "z"}; !slices.Equal(ids, want) {
		t.Errorf("added %q, want %q", ids, want)
	}
	var kinds []Kind
	for _, f := range c.New {
		kinds = append(kinds, f.Kind)
	}
	if want := []Kind{KindMonotonyHigh, KindACWRHigh, KindNoRestDay}; !slices.Equal(kinds, want) {
		t.Errorf("new %q, want %q", kinds, want)
	}
}

func TestFlagKeyIgnoresWeekClock(t *testing.T) {
	a := Flag{Kind: KindNoRestDay, Week: date(7)}
	b := Flag{Kind: KindNoRestDay, Week: date(7).In(time.FixedZone("x", 0))}
	if a.Key() != b.Key() {
		t.Errorf("%v != %v", a.Key(), b.Key())
	}
}

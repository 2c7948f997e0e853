package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
)

func TestFlagOrder(t *testing.T) {
	r := &analyze.Result{
		AsOf: day(2026, 3, 11),
		Weeks: []analyze.Week{
			{Start: day(2026, 1, 5)}, {Start: day(2026, 3, 9)},
		},
		Activities: []analyze.ActivityRow{{ID: "run1", LocalDate: day(2026, 3, 7), DistanceM: 21000}},
		Flags: []analyze.Flag{
			{Kind: "restart", Severity: "info", Week: day(2026, 3, 2), Date: day(2026, 3, 2), Value: 1},
			{Kind: "weekly_distance_spike", Severity: "caution", Week: day(2026, 2, 16), Date: day(2026, 2, 16), Value: 2},
			{Kind: "session_spike", Severity: "high", ActivityID: "run1", Value: 3},
			{Kind: "weekly_distance_spike", Severity: "caution", Week: day(2026, 3, 2), Date: day(2026, 3, 2), Value: 4},
			{Kind: "weekly_distance_spike", Severity: "high", Week: day(2026, 1, 12), Date: day(2026, 1, 12), Value: 5},
			{Kind: "shoe_worn", Severity: "info", Shoe: "Pegasus", Value: 6},
			{Kind: "shoe_replace", Severity: "caution", Shoe: "Clifton", Date: day(2025, 1, 6), Value: 7},
			{Kind: "no_rest_day", Severity: "high", Week: day(2024, 6, 3), Date: day(2024, 6, 3), Value: 8},
		},
	}
	p, err := newPage(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// These flags' rows are not in r, so each message is the plain
	// sentence of its numbers; its value names it here.
	name := func(msg string) string {
		for i, n := range []string{"info new", "caution old", "high run", "caution new", "high long ago", "shoe, no date", "shoe past its mark long ago", "before the weeks table"} {
			if strings.Contains(msg, fmt.Sprintf(": value %d,", i+1)) {
				return n
			}
		}
		return msg
	}
	var now, older []string
	for _, f := range p.Flags {
		now = append(now, name(f.Message))
	}
	for _, f := range p.OlderFlags {
		older = append(older, name(f.Message))
	}
	// Recent window: the as-of week and the five before it, from 2026-02-02.
	wantNow := []string{"high run", "caution new", "caution old", "shoe past its mark long ago", "shoe, no date", "info new"}
	if strings.Join(now, "|") != strings.Join(wantNow, "|") {
		t.Errorf("recent flags %q, want %q", now, wantNow)
	}
	if strings.Join(older, "|") != "high long ago" {
		t.Errorf("older flags %q, want [high long ago]", older)
	}
	// Flags before the weeks table's first week are only counted.
	if p.OlderOmitted != 1 || p.OlderSince != "Mon 2025-03-17" {
		t.Errorf("omitted %d flags before %s, want 1 before Mon 2025-03-17", p.OlderOmitted, p.OlderSince)
	}
	if got := p.Flags[0].When; got != "run on Sat 2026-03-07, 13.0 mi" {
		t.Errorf("session flag When = %q", got)
	}
	if p.FlagCounts != "3 high, 3 caution, 2 info" {
		t.Errorf("FlagCounts = %q", p.FlagCounts)
	}
}

func TestSummaryCards(t *testing.T) {
	base := func() *analyze.Result {
		return &analyze.Result{
			AsOf:  day(2026, 3, 11),
			Weeks: []analyze.Week{{Start: day(2026, 3, 2), DistanceM: 20000, Complete: true}, {Start: day(2026, 3, 9), DistanceM: 8000, Runs: 2}},
			Current: &analyze.CurrentWeek{Start: day(2026, 3, 9), DistanceM: 8000,
				LimitM: 22000, AllowanceM: 14000, HasLimit: true},
			NextRunLimitM: 11000,
		}
	}
	tests := []struct {
		name   string
		change func(*analyze.Result)
		want   []string // label: value
	}{
		{"within the rule", func(*analyze.Result) {}, []string{
			"This week so far: 8.0 km", "Left under the 10% rule: 14.0 km", "Next run: stay within: 11.0 km", "Flags, last 6 weeks: none"}},
		{"over the rule", func(r *analyze.Result) {
			r.Current.DistanceM, r.Current.AllowanceM = 25000, -3000
		}, []string{"This week so far: 25.0 km", "Over the 10% rule by: 3.0 km"}},
		{"no base last week", func(r *analyze.Result) {
			r.Current.HasLimit, r.Current.LimitM, r.Current.AllowanceM = false, 0, 0
		}, []string{"Left under the 10% rule: " + dash}},
		{"no recent run for the next one", func(r *analyze.Result) { r.NextRunLimitM = 0 }, []string{"Next run: stay within: " + dash}},
		{"load limit", func(r *analyze.Result) {
			r.Current.Load, r.Current.LoadLimit, r.Current.LoadAllowance, r.Current.HasLoadLimit = 300, 275, -25, true
		}, []string{"Load over the 10% rule by: 25"}},
		{"a 15% rule", func(r *analyze.Result) {
			r.IncreasePct, r.Current.LimitM, r.Current.AllowanceM = 15, 23000, 15000
		}, []string{"Left under the 15% rule: 15.0 km"}},
		{"flags", func(r *analyze.Result) {
			r.Flags = []analyze.Flag{
				{Kind: "no_rest_day", Severity: "caution", Week: day(2026, 3, 2), Date: day(2026, 3, 2)},
				{Kind: "restart", Severity: "info", Week: day(2026, 3, 2), Date: day(2026, 3, 2)},
			}
		}, []string{"Flags, last 6 weeks: 1 caution"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := base()
			tc.change(r)
			p, err := newPage(r, Options{Units: "km"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range p.Cards {
				got = append(got, c.Label+": "+c.Value)
			}
			for _, w := range tc.want {
				if !strings.Contains(strings.Join(got, "\n"), w) {
					t.Errorf("cards %q lack %q", got, w)
				}
			}
		})
	}
}

func TestIncreasePct(t *testing.T) {
	if got := increasePct(&analyze.Result{IncreasePct: 12.5}); got != 12.5 {
		t.Errorf("from the Result: got %v, want 12.5", got)
	}
	if got := increasePct(&analyze.Result{}); got != 10 {
		t.Errorf("hand-built Result: got %v, want 10", got)
	}
}

func TestWeekRows(t *testing.T) {
	r := richResult()
	p, err := newPage(r, Options{Units: "km"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Weeks) != len(r.Weeks) || p.WeeksOmitted != 0 {
		t.Fatalf("%d rows, %d omitted; want all %d weeks", len(p.Weeks), p.WeeksOmitted, len(r.Weeks))
	}
	first, last := p.Weeks[0], p.Weeks[len(p.Weeks)-1]
	if first.Start != "2026-03-09" || first.Status != "so far" || first.Complete {
		t.Errorf("first row %+v, want the as-of week, so far", first)
	}
	if first.RestDays != "0" {
		t.Errorf("as-of week after 3 days with 3 runs shows %s rest days, want 0", first.RestDays)
	}
	if last.Start != "2026-01-05" || last.DistChange.Text != dash {
		t.Errorf("last row %+v, want the first week without a change", last)
	}
	byStart := map[string]weekRow{}
	for _, w := range p.Weeks {
		byStart[w.Start] = w
	}
	for start, want := range map[string]change{
		"2026-01-19": {"Δ distance", "+36.4% (+8.0)", "high"},
		"2026-02-16": {"Δ distance", "+12.8% (+2.5)", "caution"},
		"2026-02-02": {"Δ distance", "back after a week off", ""},
		"2026-01-26": {"Δ distance", "-100.0% (-30.0)", ""},
	} {
		if got := byStart[start].DistChange; got != want {
			t.Errorf("week %s distance change %+v, want %+v", start, got, want)
		}
	}

	// A long history keeps the newest tableWeeks weeks.
	long := &analyze.Result{AsOf: day(2026, 3, 11)}
	for i := range tableWeeks + 8 {
		long.Weeks = append(long.Weeks, analyze.Week{Start: day(2024, 12, 30).AddDate(0, 0, 7*i), DistanceM: 1000, Complete: true})
	}
	p, err = newPage(long, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Weeks) != tableWeeks || p.WeeksOmitted != 8 || p.Weeks[0].Start != date(long.Weeks[len(long.Weeks)-1].Start) {
		t.Errorf("long history: %d rows from %s, %d omitted", len(p.Weeks), p.Weeks[0].Start, p.WeeksOmitted)
	}
}

func TestActivityRows(t *testing.T) {
	r := richResult()
	p, err := newPage(r, Options{Units: "km"})
	if err != nil {
		t.Fatal(err)
	}
	// a01 and a02 are before the window; a11 is after the as-of date.
	if len(p.Activities) != 8 || p.ActivitiesOmitted != 2 {
		t.Fatalf("%d activities, %d omitted; want 8 and 2", len(p.Activities), p.ActivitiesOmitted)
	}
	if a := p.Activities[0]; a.Date != "Wed 2026-03-11" || a.Time != "06:00" || a.Load != dash || a.AvgHR != dash {
		t.Errorf("newest activity %+v", a)
	}
	for _, a := range p.Activities {
		switch a.Source {
		case evilSource:
			if a.CountedLabel != "duplicate" || a.Counted {
				t.Errorf("duplicate shows counted %q", a.CountedLabel)
			}
		case "garmin/a08.fit":
			if a.CountedLabel != "no (cycling)" || a.Pace != dash {
				t.Errorf("cycling row %+v: want not counted and no pace", a)
			}
		case "garmin/a04.fit":
			if a.Load != "~41" {
				t.Errorf("imputed load shows %q, want ~41", a.Load)
			}
		case "garmin/a09.fit":
			if a.Duration != "45:00" || a.Pace != "5:38/km" {
				t.Errorf("elapsed-only run shows %s at %s, want 45:00 at 5:38/km", a.Duration, a.Pace)
			}
		}
	}
}

func TestShoeRows(t *testing.T) {
	p, err := newPage(richResult(), Options{Units: "mi"})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ status, left, replaceBy string }{
		{"worn", "176.9", "~2026-06-14"},
		{"replace", "past by 15.7", "now"},
		{"ok", "210.0", dash},
		{"worn", "65.0", "retired"},
	}
	if len(p.Shoes) != len(want) {
		t.Fatalf("%d shoes, want %d", len(p.Shoes), len(want))
	}
	for i, w := range want {
		s := p.Shoes[i]
		if s.Status != w.status || s.Left != w.left || s.ReplaceBy != w.replaceBy {
			t.Errorf("shoe %d (%s): status %s, left %s, replace by %s; want %+v", i, s.Name, s.Status, s.Left, s.ReplaceBy, w)
		}
	}
}

func TestProblemsAreCappedAndCounted(t *testing.T) {
	r := &analyze.Result{AsOf: day(2026, 3, 11)}
	for i := range skippedListMax + 5 {
		r.Problems = append(r.Problems, analyze.Problem{Source: "m/" + time.Duration(i).String() + ".fit", Kind: "skipped", Message: "monitoring file"})
	}
	r.Problems = append(r.Problems, analyze.Problem{Source: "z.fit", Kind: "error", Message: "bad"})
	p, err := newPage(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Skipped) != skippedListMax || p.SkippedOmitted != 5 {
		t.Errorf("skipped: %d listed, %d more; want %d and 5", len(p.Skipped), p.SkippedOmitted, skippedListMax)
	}
	if len(p.Errors) != 1 {
		t.Errorf("errors: %d listed, want every one (1)", len(p.Errors))
	}
}

// TestEveryKindHasALabel: the report labels every flag kind the analysis
// can raise and gives every severity a badge and a tone, so a new or
// renamed kind cannot silently lose its label.
func TestEveryKindHasALabel(t *testing.T) {
	for _, k := range analyze.Kinds() {
		l, ok := flagKinds[k]
		if !ok || l.label == "" {
			t.Errorf("kind %s has no label", k)
		}
	}
	if len(flagKinds) != len(analyze.Kinds()) {
		t.Errorf("%d labels for %d kinds", len(flagKinds), len(analyze.Kinds()))
	}
	for _, s := range analyze.Severities() {
		l, ok := severities[s]
		if !ok || l.label == "" {
			t.Errorf("severity %s has no badge label", s)
		}
		if s != analyze.Info && l.tone == "" {
			t.Errorf("severity %s has no tone", s)
		}
	}
	if len(severities) != len(analyze.Severities()) {
		t.Errorf("%d severity labels for %d severities", len(severities), len(analyze.Severities()))
	}
}

// TestRuleInReport: with a 25% rule the report's cards and the weekly
// distance flag both name 25%, never 10%.
func TestRuleInReport(t *testing.T) {
	r := &analyze.Result{
		AsOf:        day(2026, 3, 18),
		IncreasePct: 25,
		Weeks: []analyze.Week{
			{Start: day(2026, 3, 2), DistanceM: 20000, Complete: true, Days: 7},
			{Start: day(2026, 3, 9), DistanceM: 30000, Complete: true, Days: 7},
			{Start: day(2026, 3, 16), DistanceM: 8000, Days: 3},
		},
		Flags: []analyze.Flag{{Kind: analyze.KindWeeklyDistanceSpike, Severity: analyze.High,
			Week: day(2026, 3, 9), Date: day(2026, 3, 9), Value: 50, Threshold: 25, Base: 20000}},
		Current: &analyze.CurrentWeek{Start: day(2026, 3, 16), DistanceM: 8000, LimitM: 37500, AllowanceM: 29500, HasLimit: true},
	}
	p, err := newPage(r, Options{Units: "km"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Flags) != 1 || !strings.Contains(p.Flags[0].Message, "the 25% rule allows 25.0 km.") {
		t.Errorf("flags %+v", p.Flags)
	}
	if got := p.Cards[1].Label + ": " + p.Cards[1].Value; got != "Left under the 25% rule: 29.5 km" {
		t.Errorf("rule card %q", got)
	}
	for _, c := range p.Cards {
		if strings.Contains(c.Label+c.Note, "10%") && c.Label != "Next run: stay within" {
			t.Errorf("card %+v names the 10%% rule", c)
		}
	}
}

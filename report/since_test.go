package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/analyze"
)

// richChanges is what changed between a previous run and richResult: two
// activities added, one removed, two new flags, three cleared (one of a run
// that is gone, one of a shoe whose name needs escaping) and a shoe that went
// from worn to replace.
func richChanges(r *analyze.Result) *analyze.Changes {
	return &analyze.Changes{
		PrevAsOf: day(2026, 3, 4),
		Added:    []analyze.ActivityRow{r.Activities[5], r.Activities[8]},
		Removed:  []analyze.ActivityRow{{ID: "a00", Source: evilSource, LocalDate: day(2026, 3, 3), DistanceM: 4000}},
		New:      []analyze.Flag{r.Flags[10], r.Flags[12]},
		Cleared: []analyze.Flag{
			{Kind: analyze.KindSessionSpike, Severity: analyze.Caution, ActivityID: "a00", Date: day(2026, 3, 3), Value: 20, Threshold: 10},
			{Kind: analyze.KindWeeklyDistanceSpike, Severity: analyze.High, Week: day(2026, 3, 2), Date: day(2026, 3, 2), Value: 40, Threshold: 10},
			{Kind: analyze.KindShoeWorn, Severity: analyze.Info, Shoe: evilShoe, Date: day(2026, 2, 1), Value: 500000, Threshold: 482803.2},
		},
		Shoes: []analyze.ShoeChange{{Name: evilShoe, From: analyze.ShoeWorn, To: analyze.ShoeReplace}},
	}
}

func TestGoldenSince(t *testing.T) {
	r := richResult()
	o := opts("mi")
	o.Changes = richChanges(r)
	html, md, _ := render(t, r, o)
	golden(t, "since.html.golden", html)
	golden(t, "since.md.golden", md)

	// The section sits after the summary cards and before the flags.
	for name, b := range map[string][]byte{"html": html, "md": md} {
		s := string(b)
		week, since, flags := strings.Index(s, "## This week"), strings.Index(s, "## Since the last report"), strings.Index(s, "## Flags")
		if name == "html" {
			week, since, flags = strings.Index(s, `<section id="this-week">`), strings.Index(s, `<section id="since">`), strings.Index(s, `<section id="flags">`)
		}
		if !(week >= 0 && week < since && since < flags) {
			t.Errorf("%s: this week at %d, since at %d, flags at %d", name, week, since, flags)
		}
	}
	if strings.Contains(string(html), "<script>alert") || strings.Contains(string(md), "<script>alert") {
		t.Error("a shoe name reached the report unescaped")
	}
}

func TestSinceFirstRunAndNoChanges(t *testing.T) {
	r := richResult()
	html, md, _ := render(t, r, opts("mi"))
	if bytes.Contains(html, []byte("Since the last report")) || bytes.Contains(md, []byte("Since the last report")) {
		t.Error("first run: the section is there")
	}
	o := opts("mi")
	o.Changes = &analyze.Changes{PrevAsOf: day(2026, 3, 10)}
	html, md, _ = render(t, r, o)
	for name, b := range map[string][]byte{"html": html, "md": md} {
		if !bytes.Contains(b, []byte("No changes since the report as of Tue 2026-03-10.")) {
			t.Errorf("%s: no 'No changes' sentence", name)
		}
	}
}

func TestSinceNewFlagNotInResult(t *testing.T) {
	// A new flag that the Result does not have (changes.json of another
	// run) is left out, not invented.
	r := richResult()
	o := opts("mi")
	o.Changes = &analyze.Changes{PrevAsOf: day(2026, 3, 4), New: []analyze.Flag{{Kind: analyze.KindNoRestDay, Severity: analyze.Caution, Week: day(2020, 1, 6)}}}
	p, err := newPage(r, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Since.New) != 0 {
		t.Errorf("got %+v", p.Since.New)
	}
}

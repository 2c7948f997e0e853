package report

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/phrase"
)

// TestAdviceGolden keeps the advice of every flag kind, as the flags
// section of report.html and report.md shows it, in testdata/advice.*.golden:
// what happened, why it matters and what to do, one flag of each kind.
func TestAdviceGolden(t *testing.T) {
	r := richResult()
	var kinds []analyze.Kind
	for _, f := range r.Flags {
		if !slices.Contains(kinds, f.Kind) {
			kinds = append(kinds, f.Kind)
		}
	}
	for _, k := range analyze.Kinds() {
		if !slices.Contains(kinds, k) {
			t.Fatalf("richResult has no %s flag: the advice goldens would miss it", k)
		}
	}
	h, md, _ := render(t, r, opts("mi"))

	items := regexp.MustCompile(`(?s)<li class="flag">.*?</li>`).FindAll(h, -1)
	var hb strings.Builder
	for _, it := range items {
		hb.Write(it)
		hb.WriteString("\n")
	}
	golden(t, "advice.html.golden", []byte(hb.String()))

	sec := string(md)
	sec = sec[strings.Index(sec, "\n## Flags\n"):]
	sec = sec[:strings.Index(sec, "\n### ")]
	golden(t, "advice.md.golden", []byte(strings.TrimSpace(sec)+"\n"))

	// Every kind's words, from the one table in phrase, are on both pages.
	for _, k := range analyze.Kinds() {
		why, todo := phrase.Advice(k)
		if why == "" || todo == "" {
			t.Errorf("%s: no advice", k)
			continue
		}
		for _, s := range []string{why, todo} {
			if !strings.Contains(html.UnescapeString(hb.String()), s) {
				t.Errorf("report.html lacks the advice for %s: %q", k, s)
			}
			if !strings.Contains(sec, mdcell(s)) {
				t.Errorf("report.md lacks the advice for %s: %q", k, s)
			}
		}
	}
}

// TestSoreLegsBox checks that the box shows with a current caution or high
// flag, in both files, and not without one.
func TestSoreLegsBox(t *testing.T) {
	h, md, _ := render(t, richResult(), opts("mi"))
	for _, s := range phrase.SoreLegs() {
		if !strings.Contains(html.UnescapeString(string(h)), s) || !strings.Contains(string(md), mdcell(s)) {
			t.Errorf("sore-legs line missing: %q", s)
		}
	}
	quiet := richResult()
	quiet.Flags = nil
	h, md, _ = render(t, quiet, opts("mi"))
	if strings.Contains(string(h), "If your legs are sore") || strings.Contains(string(md), "If your legs are sore") {
		t.Error("sore-legs box shown without a flag")
	}
}

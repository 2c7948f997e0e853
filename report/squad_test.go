package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/analyze"
)

// evilAthlete is an [athlete] name full of markup.
const evilAthlete = `<script>alert("x")</script> & *Alex* | [Runner](https://e.com) <!-- _x_`

// The athlete's name heads the report, escaped in HTML and Markdown.
func TestAthleteNameEscaped(t *testing.T) {
	o := opts("mi")
	o.Title = evilAthlete
	html, md, _ := render(t, richResult(), o)
	for _, raw := range []string{"<script>", "<!--"} {
		if bytes.Contains(html, []byte(raw)) || bytes.Contains(md, []byte(raw)) {
			t.Errorf("%q unescaped", raw)
		}
	}
	if !bytes.Contains(html, []byte(`<h1><bdi>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; *Alex* | [Runner](https://e.com) &lt;!-- _x_</bdi></h1>`)) {
		t.Errorf("report.html heading:\n%s", firstLines(html, "<h1>"))
	}
	// The Markdown heading is the escaped name, then the week.
	if !bytes.HasPrefix(md, []byte("# &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \\*Alex\\* \\| \\[Runner\\](https&#58;//e.com) &lt;\\!-- \\_x\\_ — week of 9 Mar 2026\n")) {
		t.Errorf("report.md heading:\n%s", firstLines(md, "#"))
	}
}

func firstLines(b []byte, from string) string {
	s := string(b)
	if i := strings.Index(s, from); i >= 0 {
		s = s[i:]
	}
	return s[:min(len(s), 300)]
}

// The squad page escapes names, ids, problems and shoes from files, links
// each report by its escaped path, and sorts the worst first.
func TestSquadPage(t *testing.T) {
	r := richResult()
	r.Shoes[0].Name = evilShoe
	athletes := []SquadAthlete{
		{ID: "zed", Dir: "athlete=zed", Name: "Zed", New: -1},
		{ID: `a <b>"id"`, Dir: `athlete=a <b>"id"`, Name: evilAthlete, Result: r, New: 2},
		{ID: "bad", Dir: "athlete=bad", Name: "bad", Problem: `legwork.toml:2: <b>unknown</b> key`, New: -1},
	}
	o := SquadOptions{Units: "km", GeneratedAt: time.Date(2026, 3, 12, 7, 0, 0, 0, time.UTC), Version: "test"}
	var html, md bytes.Buffer
	if err := WriteSquadHTML(&html, athletes, o); err != nil {
		t.Fatal(err)
	}
	if err := WriteSquadMarkdown(&md, athletes, o); err != nil {
		t.Fatal(err)
	}
	h, m := html.String(), md.String()
	for _, raw := range []string{"<script>", "<!--", "<b>", "</script><script>"} {
		if strings.Contains(h, raw) || strings.Contains(m, raw) {
			t.Errorf("%q unescaped", raw)
		}
	}
	if !strings.Contains(h, `href="./athlete=a%20%3Cb%3E%22id%22/report.html"`) || !strings.Contains(m, `(<./athlete=a%20%3Cb%3E%22id%22/report.html>)`) {
		t.Errorf("link not escaped:\n%s\n%s", h, m)
	}
	if !strings.Contains(h, "@media (max-width:480px)") || strings.Contains(h, "http://") || strings.Contains(h, "<script") {
		t.Error("index.html is not the self-contained phone-ready page")
	}
	// worst first: the failed athlete, then the one with flags, then OK/no data
	ib, ia, iz := strings.Index(m, "[bad]"), strings.Index(m, "Alex"), strings.Index(m, "[Zed]")
	if !(ib >= 0 && ib < ia && ia < iz) {
		t.Errorf("rows not worst first:\n%s", m)
	}
	if !strings.Contains(m, "| 2 new |") || !strings.Contains(m, "4 athletes") && !strings.Contains(m, "3 athletes") {
		t.Errorf("new count or total missing:\n%s", m)
	}
	if !strings.Contains(m, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; (") {
		t.Errorf("shoe due not escaped or missing:\n%s", m)
	}
	// every row of the table has the header's columns
	for _, line := range strings.Split(m, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 12 {
			t.Errorf("row with a wrong number of cells: %s", line)
		}
	}
}

// An athlete whose current flags have a severity this legwork does not
// know (tables of another version) is "unknown", not "failed" and not
// "ok": right after the failed runs and before the known severities, with
// a note on the page saying why.
func TestSquadUnknownSeverity(t *testing.T) {
	known := richResult()
	unknown := richResult()
	for i := range unknown.Flags {
		unknown.Flags[i].Severity = "severe"
	}
	athletes := []SquadAthlete{
		{ID: "ann", Dir: "athlete=ann", Name: "ann", Result: known, New: -1},
		{ID: "ben", Dir: "athlete=ben", Name: "ben", Result: unknown, New: -1},
		{ID: "cat", Dir: "athlete=cat", Name: "cat", Problem: "bad configuration", New: -1},
	}
	p, err := newSquadPage(athletes, SquadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var order, status []string
	for _, r := range p.Rows {
		order, status = append(order, r.ID), append(status, r.Status)
	}
	if !slices.Equal(order, []string{"cat", "ben", "ann"}) || status[0] != "failed" || status[1] != "unknown" || !slices.Contains(analyze.Severities(), analyze.Severity(status[2])) {
		t.Errorf("rows %v with status %v, want cat (failed), ben (unknown), ann (a known severity)", order, status)
	}
	if !strings.HasPrefix(p.Counts, "1 failed, 1 unknown, ") {
		t.Errorf("counts %q", p.Counts)
	}
	if f := p.Rows[1].Flags; !strings.HasSuffix(f, " of unknown severity") {
		t.Errorf("ben's current flags %q", f)
	}
	var html, md bytes.Buffer
	if err := WriteSquadHTML(&html, athletes, SquadOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteSquadMarkdown(&md, athletes, SquadOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{"index.html": html.String(), "index.md": md.String()} {
		if !strings.Contains(page, "severity this version of legwork does not know") {
			t.Errorf("%s does not explain the unknown status", name)
		}
	}
	if !strings.Contains(html.String(), `<span class="badge sev-unknown">unknown</span></td>`) {
		t.Error("index.html: no unknown badge in ben's row")
	}
	// Without an unknown status, no note.
	md.Reset()
	if err := WriteSquadMarkdown(&md, athletes[:1], SquadOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "unknown") {
		t.Errorf("note without an unknown status:\n%s", md.String())
	}
}

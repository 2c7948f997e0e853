package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
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

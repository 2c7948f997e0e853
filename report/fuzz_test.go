package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

// withText puts s everywhere the report shows text from files or the
// configuration: a shoe name, an activity's name, shoe and source, a flag's
// shoe and message, a problem, and the title.
func withText(s string) (*Options, func() []byte, func() []byte, func() []Chart) {
	r := richResult()
	r.Shoes[0].Name = s
	r.Activities[9].Name, r.Activities[9].Shoe, r.Activities[9].Source = s, s, s
	r.Flags[len(r.Flags)-1].Shoe = s // worded with r.Shoes[0], now named s
	r.Problems[0].Source, r.Problems[0].Message = s, s
	o := opts("mi")
	o.Title = s
	var h, m bytes.Buffer
	errH, errM := WriteHTML(&h, r, o), WriteMarkdown(&m, r, o)
	cs, errC := Charts(r, o)
	if err := errors.Join(errH, errM, errC); err != nil {
		panic(err) // only bad options can fail, and these are good
	}
	return &o, func() []byte { return h.Bytes() }, func() []byte { return m.Bytes() }, func() []Chart { return cs }
}

var tagName = regexp.MustCompile(`<(/?[a-zA-Z][a-zA-Z0-9]*)`)

// tags lists the element names of an HTML or SVG document in order.
func tags(b []byte) string {
	var out []string
	for _, m := range tagName.FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	return strings.Join(out, " ")
}

// xmlElements lists the elements of a well-formed XML document, or fails.
func xmlElements(t testing.TB, name string, b []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var out []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return strings.Join(out, " ")
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			out = append(out, se.Name.Local)
		}
	}
}

// FuzzUserText checks that no text from files or configuration changes the
// structure of any output: the same HTML elements, the same SVG elements in
// well-formed XML, and no raw '<' or extra table cell in the Markdown.
func FuzzUserText(f *testing.F) {
	for _, s := range []string{evilShoe, evilSource, pipeShoe, evilName, "", "x", "]]>", "<!--", "&amp;", "\x00\x01\xff", "a\r\nb", "{{.Title}}", "`code`|", "\\|", "evil\u202Eshoe", "\u2069\u202E", "~~x~~ https://x"} {
		f.Add(s)
	}
	_, refH, refM, refC := withText("benign")
	wantTags := tags(refH())
	wantCells := mdCells(refM())
	var wantSVG []string
	for _, c := range refC() {
		wantSVG = append(wantSVG, xmlElements(f, c.Name, c.SVG))
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, html, md, charts := withText(s)
		if got := tags(html()); got != wantTags {
			t.Fatalf("text %q changed the HTML elements", s)
		}
		if bytes.ContainsRune(md(), '<') {
			t.Fatalf("text %q left a raw '<' in report.md", s)
		}
		if got := mdCells(md()); got != wantCells {
			t.Fatalf("text %q changed the Markdown table cells: %s, want %s", s, got, wantCells)
		}
		bidiContained(t, "report.html", string(html()), false)
		bidiContained(t, "report.md", string(md()), true)
		for i, c := range charts() {
			if got := xmlElements(t, c.Name, c.SVG); got != wantSVG[i] {
				t.Fatalf("text %q changed the elements of %s", s, c.Name)
			}
		}
	})
}

// mdCells gives the number of unescaped cell separators on each table line.
func mdCells(md []byte) string {
	var out []string
	for _, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		n := 0
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '|':
				n++
			}
		}
		out = append(out, strings.Repeat("|", n))
	}
	return strings.Join(out, " ")
}

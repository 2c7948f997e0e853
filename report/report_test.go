package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/legwork-run/legwork/analyze"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// generatedAt is the fixed GeneratedAt of every golden file.
var generatedAt = time.Date(2026, 3, 11, 6, 30, 0, 0, time.UTC)

func opts(units string) Options {
	return Options{Units: units, GeneratedAt: generatedAt, Title: "Alex <Runner> & coach", Version: "v0.1.0-test"}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs first at line %d:\n got: %q\nwant: %q\n(go test ./report -update rewrites it)", path, i+1, g, w)
			}
		}
	}
}

func render(t *testing.T, r *analyze.Result, o Options) (html, md []byte, charts []Chart) {
	t.Helper()
	var h, m bytes.Buffer
	if err := WriteHTML(&h, r, o); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	if err := WriteMarkdown(&m, r, o); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	cs, err := Charts(r, o)
	if err != nil {
		t.Fatalf("Charts: %v", err)
	}
	return h.Bytes(), m.Bytes(), cs
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		result *analyze.Result
		units  string
	}{
		{"report", richResult(), "mi"},
		{"report-km", richResult(), "km"},
		{"empty", &analyze.Result{AsOf: day(2026, 3, 11)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			html, md, charts := render(t, tc.result, opts(tc.units))
			golden(t, tc.name+".html.golden", html)
			golden(t, tc.name+".md.golden", md)
			for _, c := range charts {
				golden(t, filepath.Join("charts-"+tc.name, c.Name+".golden"), c.SVG)
			}
			// Same input, same bytes: no map order or clock leaks in, and
			// Render (one page model for all three) gives what the three
			// functions give.
			rep, err := Render(tc.result, opts(tc.units))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(html, rep.HTML) || !bytes.Equal(md, rep.Markdown) || !reflect.DeepEqual(charts, rep.Charts) {
				t.Fatal("two renders of the same Result differ")
			}
		})
	}
}

func TestChartsAreTheOnesMarkdownNames(t *testing.T) {
	for _, tc := range []struct {
		name   string
		result *analyze.Result
		want   []string
	}{
		{"rich", richResult(), []string{"shoes.svg", "weekly-acwr.svg", "weekly-distance.svg", "weekly-load.svg"}},
		{"empty", &analyze.Result{AsOf: day(2026, 3, 11)}, nil},
		{"no heart rate", noLoad(richResult()), []string{"shoes.svg", "weekly-acwr.svg", "weekly-distance.svg"}},
		{"no shoes", noShoes(richResult()), []string{"weekly-acwr.svg", "weekly-distance.svg", "weekly-load.svg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, md, charts := render(t, tc.result, opts("mi"))
			var got []string
			for _, c := range charts {
				got = append(got, c.Name)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("charts %v, want %v", got, tc.want)
			}
			refs := regexp.MustCompile(`\]\(charts/([^)]+)\)`).FindAllStringSubmatch(string(md), -1)
			var named []string
			for _, m := range refs {
				named = append(named, m[1])
			}
			if len(named) != len(got) {
				t.Fatalf("report.md names %v, Charts gives %v", named, got)
			}
			for _, n := range named {
				if !strings.Contains(strings.Join(got, ","), n) {
					t.Errorf("report.md names charts/%s, which Charts does not give", n)
				}
			}
		})
	}
}

func noLoad(r *analyze.Result) *analyze.Result {
	for i := range r.Weeks {
		r.Weeks[i].Load, r.Weeks[i].LoadChangePct = 0, nil
	}
	r.Current.HasLoadLimit = false
	r.HRMax = 0
	return r
}

func noShoes(r *analyze.Result) *analyze.Result {
	r.Shoes = nil
	return r
}

// hostile is every string from files or configuration that must never
// appear unescaped.
var hostile = []string{evilShoe, evilSource, "<b>race</b>", "<b>bold</b>", "<Runner>"}

func TestEscaping(t *testing.T) {
	html, md, charts := render(t, richResult(), opts("mi"))
	for _, h := range hostile {
		if bytes.Contains(html, []byte(h)) {
			t.Errorf("report.html contains %q unescaped", h)
		}
		if bytes.Contains(md, []byte(h)) {
			t.Errorf("report.md contains %q unescaped", h)
		}
		for _, c := range charts {
			if bytes.Contains(c.SVG, []byte(h)) {
				t.Errorf("%s contains %q unescaped", c.Name, h)
			}
		}
	}
	// No tag from the data made it through anywhere.
	tags := regexp.MustCompile(`(?i)<\s*/?\s*(script|img|b)\b`)
	for name, b := range map[string][]byte{"report.html": html, "report.md": md} {
		if m := tags.Find(b); m != nil {
			t.Errorf("%s has a tag from the data: %q", name, m)
		}
	}
	// The shoe is still readable as text once the browser decodes it.
	if !bytes.Contains(html, []byte("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("report.html does not show the shoe name as text")
	}
	if !bytes.Contains(md, []byte(`&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;`)) {
		t.Error("report.md does not show the shoe name as text")
	}
}

// TestMarkdownTablesKeepTheirColumns checks that a | or a newline in a name
// does not add or split a cell: every row of a table has as many unescaped
// pipes as its header.
func TestMarkdownTablesKeepTheirColumns(t *testing.T) {
	_, md, _ := render(t, richResult(), opts("mi"))
	unescapedPipes := func(line string) int {
		n := 0
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '|':
				n++
			}
		}
		return n
	}
	want, tables := -1, 0
	for i, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		if want < 0 {
			want = unescapedPipes(line)
			tables++
			continue
		}
		if got := unescapedPipes(line); got != want {
			t.Errorf("report.md line %d has %d cell separators, its header %d: %s", i+1, got, want, line)
		}
	}
	if tables < 4 {
		t.Fatalf("found %d tables in report.md, want at least 4 (earlier flags, weeks, shoes, activities)", tables)
	}
}

func TestMdcell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a|b", `a\|b`},
		{"one\ntwo\r\nthree", "one two three"},
		{"<script>&", "&lt;script&gt;&amp;"},
		{"*bold* _it_ `code` [link](x)", `\*bold\* \_it\_ \` + "`" + `code\` + "`" + ` \[link\](x)`},
		{`back\slash`, `back\\slash`},
		// GitHub's extensions: strikethrough, autolinks, math; headings and lists.
		{"~~gone~~", `\~\~gone\~\~`},
		{"see https://evil.example/x", "see https&#58;//evil.example/x"},
		{"www.evil.example", "www&#46;evil.example"},
		{"mail me@evil.example", "mail me&#64;evil.example"},
		{"# not a heading", `\# not a heading`},
		{"$x^2$ ![img]", `\$x^2\$ \!\[img\]`},
		{"- not a list", `\- not a list`},
		{"+ not a list", `\+ not a list`},
		{"12. not a list", `12\. not a list`},
		{"12.5 km", "12.5 km"},
		{"-3%", "-3%"},
		// Bidi: isolated so that it cannot reorder the rest of the row.
		{"evil\u202Eshoe", "\u2068evil\u202Eshoe\u2069"},
		{"שלום", "\u2068שלום\u2069"},
	}
	for _, tc := range tests {
		if got := mdcell(tc.in); got != tc.want {
			t.Errorf("mdcell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSVGIsWellFormedXML(t *testing.T) {
	_, _, charts := render(t, richResult(), opts("km"))
	if len(charts) == 0 {
		t.Fatal("no charts")
	}
	for _, c := range charts {
		d := xml.NewDecoder(bytes.NewReader(c.SVG))
		d.Strict = true
		var texts []string
		root := ""
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", c.Name, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				if root == "" {
					root = el.Name.Space + " " + el.Name.Local
				}
				if n := strings.ToLower(el.Name.Local); n == "script" || n == "img" || n == "foreignobject" {
					t.Errorf("%s has a <%s> element", c.Name, el.Name.Local)
				}
			case xml.CharData:
				texts = append(texts, string(el))
			}
		}
		if root != "http://www.w3.org/2000/svg svg" {
			t.Errorf("%s root is %q, want an svg element in the SVG namespace", c.Name, root)
		}
		if c.Name == "shoes.svg" && !strings.Contains(strings.Join(texts, "\n"), evilShoe) {
			t.Errorf("shoes.svg does not carry the shoe name %q as text", evilShoe)
		}
	}
}

// TestNoExternalReferences checks that report.html loads nothing: every
// src/href points inside the page, there is no script, stylesheet link,
// frame or import, and url() refers only to fragments.
func TestNoExternalReferences(t *testing.T) {
	for _, r := range []*analyze.Result{richResult(), {AsOf: day(2026, 3, 11)}} {
		html, _, _ := render(t, r, opts("mi"))
		s := string(html)
		attr := regexp.MustCompile(`(?i)\b(src|href|xlink:href|action|srcset|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
		for _, tag := range regexp.MustCompile(`<[a-zA-Z][^>]*>`).FindAllString(s, -1) {
			for _, m := range attr.FindAllStringSubmatch(tag, -1) {
				v := strings.Trim(m[2], `"'`)
				if !strings.HasPrefix(v, "#") {
					t.Errorf("external reference %s=%q in %s", m[1], v, tag)
				}
			}
		}
		for _, bad := range []string{"<script", "<link", "<iframe", "<object", "<embed", "<img", "@import", "http://", "https://", "//cdn"} {
			if strings.Contains(strings.ToLower(s), bad) {
				t.Errorf("report.html contains %q", bad)
			}
		}
		for _, m := range regexp.MustCompile(`url\(([^)]*)\)`).FindAllStringSubmatch(s, -1) {
			if !strings.HasPrefix(strings.Trim(m[1], `'" `), "#") {
				t.Errorf("report.html has url(%s)", m[1])
			}
		}
		for _, want := range []string{`<meta name="viewport"`, "@media print", "overflow-x:auto"} {
			if !strings.Contains(s, want) {
				t.Errorf("report.html lacks %q", want)
			}
		}
	}
}

func TestEmptyResult(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *analyze.Result
		want []string // in both HTML and Markdown
	}{
		{"nil", nil, []string{"No runs yet"}},
		{"no runs", &analyze.Result{AsOf: day(2026, 3, 11)}, []string{"No runs yet", "Wed 2026-03-11", "Every file was read"}},
		{"only unreadable files", &analyze.Result{AsOf: day(2026, 3, 11), Problems: []analyze.Problem{
			{Source: "a.fit", Kind: "error", Message: "fit: not a FIT file"}}}, []string{"No runs yet", "could not be read (1)", "a.fit", "not a FIT file"}},
		{"shoes but no runs", &analyze.Result{AsOf: day(2026, 3, 11), Shoes: []analyze.ShoeTotal{
			{Name: "New shoe", WarnAtM: 482803.2, ReplaceAtM: 804672, Status: "ok"}}}, []string{"No runs yet", "New shoe", "0.0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html, md, _ := render(t, tc.r, opts(""))
			for _, w := range tc.want {
				if !bytes.Contains(html, []byte(w)) {
					t.Errorf("report.html lacks %q", w)
				}
				if !bytes.Contains(md, []byte(w)) {
					t.Errorf("report.md lacks %q", w)
				}
			}
		})
	}
}

func TestBadUnits(t *testing.T) {
	o := opts("furlongs")
	if err := WriteHTML(io.Discard, richResult(), o); err == nil {
		t.Error("WriteHTML accepted units furlongs")
	}
	if err := WriteMarkdown(io.Discard, richResult(), o); err == nil {
		t.Error("WriteMarkdown accepted units furlongs")
	}
	if _, err := Charts(richResult(), o); err == nil {
		t.Error("Charts accepted units furlongs")
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorIsReturned(t *testing.T) {
	if err := WriteHTML(failWriter{}, richResult(), opts("mi")); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteHTML error = %v, want the writer's", err)
	}
	if err := WriteMarkdown(failWriter{}, richResult(), opts("mi")); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteMarkdown error = %v, want the writer's", err)
	}
}

// bidiContained fails when a right-to-left override in doc is not inside a
// <bdi> element or an FSI … PDI isolate, or when an isolate is still open
// at the end of a line (Markdown) or of the document.
func bidiContained(t *testing.T, name, doc string, perLine bool) {
	t.Helper()
	bdi, iso := 0, 0
	for i, line := range strings.Split(doc, "\n") {
		for j := 0; j < len(line); {
			switch rest := line[j:]; {
			case strings.HasPrefix(rest, "<bdi"):
				bdi++
			case strings.HasPrefix(rest, "</bdi>"):
				bdi--
			}
			r, n := utf8.DecodeRuneInString(line[j:])
			switch r {
			case '\u2066', '\u2067', '\u2068':
				iso++
			case '\u2069':
				iso--
			case '\u202E':
				if bdi <= 0 && iso <= 0 {
					t.Errorf("%s line %d: U+202E outside <bdi> and FSI…PDI: %q", name, i+1, line)
				}
			}
			j += n
		}
		if perLine && iso != 0 {
			t.Errorf("%s line %d: isolates not balanced: %q", name, i+1, line)
			iso = 0
		}
	}
	if bdi != 0 || iso != 0 {
		t.Errorf("%s: %d <bdi> and %d isolates left open", name, bdi, iso)
	}
}

// A right-to-left override in any name from a file or the configuration is
// isolated, so it cannot reorder the text around it; a PDI in the name
// cannot close the isolate early.
func TestBidiIsolated(t *testing.T) {
	for _, s := range []string{"evil\u202Eshoe.fit", "\u2069\u202Eafter", "שלום \u202E x"} {
		_, html, md, charts := withText(s)
		bidiContained(t, "report.html", string(html()), false)
		bidiContained(t, "report.md", string(md()), true)
		for _, c := range charts() {
			bidiContained(t, c.Name, string(c.SVG), false)
		}
	}
}

// A 10,000-character shoe name is shortened everywhere it is shown, with
// the whole name kept in the HTML title attribute; the shoe chart keeps
// its width and the shoes table one line per shoe.
func TestLongNamesShortened(t *testing.T) {
	long := strings.Repeat("Pegasus ", 1250)
	_, html, md, charts := withText(long)
	h, m := string(html()), string(md())
	if !strings.Contains(h, ` title="`+strings.TrimSpace(long)+`"`) && !strings.Contains(h, ` title="`+long+`"`) {
		t.Error("report.html does not keep the full name in a title attribute")
	}
	if strings.Contains(m, long[:400]) {
		t.Error("report.md shows the long name in full")
	}
	for i, line := range strings.Split(m, "\n") {
		if n := utf8.RuneCountInString(line); n > 1500 {
			t.Errorf("report.md line %d has %d characters", i+1, n)
		}
	}
	// In the HTML, outside title attributes and the charts' tooltips, the
	// long name appears nowhere.
	body := regexp.MustCompile(`title="[^"]*"|<title>[^<]*</title>`).ReplaceAllString(h, "")
	if strings.Contains(body, long[:400]) {
		t.Error("report.html shows the long name outside a title")
	}
	for _, c := range charts() {
		if c.Name != "shoes.svg" {
			continue
		}
		texts := regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(string(c.SVG), -1)
		for _, tx := range texts {
			if n := utf8.RuneCountInString(tx[1]); n > chartNameMax+2 && strings.Contains(tx[1], "Pegasus") {
				t.Errorf("shoes.svg text of %d characters: %.60q", n, tx[1])
			}
		}
	}
	if got, _ := shortSource(strings.Repeat("dir/", 100) + "run.fit"); utf8.RuneCountInString(got) > sourceMax || !strings.HasSuffix(got, "/run.fit") || !strings.Contains(got, "…") {
		t.Errorf("shortSource = %q", got)
	}
}

// GitHub-flavoured Markdown extensions in names do not render as markup.
func TestMarkdownGFMEscaped(t *testing.T) {
	_, _, md, _ := withText("~~struck~~ https://evil.example www.evil.example a@evil.example $x$")
	m := string(md())
	for _, bad := range []string{"~~struck~~", "https://", "www.evil", "a@evil", "$x$"} {
		if strings.Contains(m, bad) {
			t.Errorf("report.md holds %q unescaped", bad)
		}
	}
}

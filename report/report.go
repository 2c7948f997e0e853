package report

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/safetext"
)

// Options says how to present a Result. Nothing here changes a number.
type Options struct {
	// Units is "mi" or "km" (display only); "" means "mi".
	Units string
	// GeneratedAt is shown as the time the report was made, in its own
	// location. The zero time leaves it out (useful for byte-stable output).
	GeneratedAt time.Time
	// Title heads the report, e.g. the athlete's name; "" means
	// "legwork report".
	Title string
	// Version is the legwork version shown in the footer; "" means "dev".
	Version string
	// Changes is what changed since the previous run (analyze.Compare),
	// shown as "Since the last report" after the summary cards; nil (a
	// first run) leaves the section out.
	Changes *analyze.Changes
}

// Chart is one chart as a standalone SVG document.
type Chart struct {
	// Name is the file name to write under charts/, e.g.
	// "weekly-distance.svg"; report.md refers to it as charts/Name.
	Name string
	SVG  []byte
}

// Limits of what the report lists; the Parquet tables keep everything.
const (
	chartWeeks     = 26 // weeks in the weekly charts
	tableWeeks     = 52 // weeks in the weeks table
	recentWeeks    = 6  // weeks of activities (and of "recent" flags), the as-of week included
	skippedListMax = 20 // skipped files named one by one
	warningListMax = 50 // warnings listed one by one
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// htmlTmpl holds report.html and the SVG charts; the charts are executed on
// their own for charts/*.svg and called from the page for the inline copies.
// isolate (safetext.Isolate) is for text where an element cannot go: <title>.
var htmlTmpl = htmltemplate.Must(htmltemplate.New("").Funcs(htmltemplate.FuncMap{"isolate": safetext.Isolate}).ParseFS(templateFS, "templates/report.html.tmpl", "templates/charts.svg.tmpl"))

// mdTmpl renders report.md. Text from files goes through mdcell.
var mdTmpl = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"mdcell": mdcell}).ParseFS(templateFS, "templates/report.md.tmpl"))

// WriteHTML writes report.html: one self-contained page with inline CSS and
// inline SVG charts, no scripts and no network requests. A Result with no
// runs gives a short page that says so; an error comes only from the
// options or from w.
func WriteHTML(w io.Writer, r *analyze.Result, opt Options) error {
	p, err := newPage(r, opt)
	if err != nil {
		return err
	}
	return execute(w, p.html)
}

// WriteMarkdown writes report.md: the content of report.html as Markdown
// tables, with the charts as images at charts/NAME.svg (see Charts).
func WriteMarkdown(w io.Writer, r *analyze.Result, opt Options) error {
	p, err := newPage(r, opt)
	if err != nil {
		return err
	}
	return execute(w, p.markdown)
}

// Charts renders the charts that report.md refers to, sorted by name, as
// standalone SVG documents (fixed 720-pixel width, scalable through their
// viewBox). A Result with no weeks and no shoes has no charts.
func Charts(r *analyze.Result, opt Options) ([]Chart, error) {
	p, err := newPage(r, opt)
	if err != nil {
		return nil, err
	}
	return p.charts()
}

// Rendered is a whole report: what WriteHTML, WriteMarkdown and Charts give.
type Rendered struct {
	HTML, Markdown []byte
	Charts         []Chart
}

// Render renders report.html, report.md and the charts at once, from one
// reading of r.
func Render(r *analyze.Result, opt Options) (*Rendered, error) {
	p, err := newPage(r, opt)
	if err != nil {
		return nil, err
	}
	var out Rendered
	var html, md bytes.Buffer
	if err := execute(&html, p.html); err != nil {
		return nil, fmt.Errorf("report.html: %w", err)
	}
	if err := execute(&md, p.markdown); err != nil {
		return nil, fmt.Errorf("report.md: %w", err)
	}
	if out.Charts, err = p.charts(); err != nil {
		return nil, err
	}
	out.HTML, out.Markdown = html.Bytes(), md.Bytes()
	return &out, nil
}

func (p *page) html(b *bytes.Buffer) error     { return htmlTmpl.ExecuteTemplate(b, "report.html", p) }
func (p *page) markdown(b *bytes.Buffer) error { return mdTmpl.ExecuteTemplate(b, "report.md", p) }

func (p *page) charts() ([]Chart, error) {
	var out []Chart
	for _, c := range p.allCharts() {
		sa := c.standalone()
		var b bytes.Buffer
		if err := htmlTmpl.ExecuteTemplate(&b, sa.Template, sa); err != nil {
			return nil, fmt.Errorf("report: chart %s: %w", c.Name, err)
		}
		out = append(out, Chart{Name: c.Name, SVG: b.Bytes()})
	}
	sortCharts(out)
	return out, nil
}

// execute renders into a buffer first so that a template error never leaves
// half a report in w.
func execute(w io.Writer, render func(*bytes.Buffer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdReplacer escapes text for a Markdown table cell or list item: HTML
// significant characters become entities (Markdown renders inline HTML), the
// characters that start emphasis, strikethrough, code, links, headings, math
// or cells are backslash-escaped, and line breaks become spaces. GitHub's
// autolinks (https://…, www.…, user@host) are broken with an entity for
// their ":", "." or "@", which renders as the same character but is not
// recognized as a link.
var mdReplacer = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "|", `\|`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"~", `\~`, "#", `\#`, "$", `\$`, "!", `\!`,
	"://", "&#58;//", "www.", "www&#46;", "WWW.", "WWW&#46;", "@", "&#64;",
	"\r\n", " ", "\n", " ", "\r", " ",
)

// mdcell escapes s for use anywhere in report.md's text (see mdReplacer).
// Text that holds bidirectional controls or right-to-left letters is
// isolated (FSI … PDI, safetext.Isolate) so that it cannot reorder the rest
// of its row or line. A leading list marker ("- ", "+ ", "1. ", "1) ") is
// escaped so that the text cannot start a list inside a list item.
func mdcell(s string) string {
	s = mdReplacer.Replace(safetext.Isolate(s))
	// A list marker is followed by a space or ends the text.
	marker := func(i int) bool { return i < len(s) && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') }
	switch {
	case (strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+")) && marker(0):
		return `\` + s
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') && marker(i) {
		return s[:i] + `\` + s[i:]
	}
	return s
}

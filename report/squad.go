package report

import (
	"bytes"
	htmltemplate "html/template"
	"io"
	texttemplate "text/template"

	"cmp"
	"github.com/legwork-run/legwork/internal/safetext"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/units"
)

// SquadAthlete is one athlete of a squad as the squad page shows it.
type SquadAthlete struct {
	// ID is the athlete's folder name; the outputs are in Dir.
	ID string
	// Dir is the athlete's output folder relative to the squad page,
	// "athlete=ID"; the page links to Dir/report.html.
	Dir string
	// Name heads the row: [athlete] name, else the ID.
	Name string
	// Problem says why the athlete's last run failed (bad configuration,
	// unreadable folder, a crash); "" when it did not. The stored tables of
	// an earlier run, if any, are still shown.
	Problem string
	// Result is the athlete's stored tables (store.Read); nil when there are
	// none.
	Result *analyze.Result
	// New counts the flags that are new since the athlete's previous run
	// (its "Since the last report"); -1 when unknown.
	New int
}

// SquadOptions says how to present the squad page.
type SquadOptions struct {
	Units       string    // "mi" or "km"; "" means "mi"
	GeneratedAt time.Time // the zero time leaves it out
	Version     string    // "" means "dev"
	Title       string    // "" means "Squad"
}

// squadPage is what the squad templates show.
type squadPage struct {
	Title, Version, GeneratedAt, Units, AsOf string
	Counts                                   string // "1 failed, 2 high, 0 caution, 3 ok"
	Rows                                     []squadRow
	// Unknown is set when some athlete's status is "unknown", which the
	// page then explains.
	Unknown bool
}

// squadRow is one athlete's row, formatted.
type squadRow struct {
	Name, ID, Link string
	Status         string // failed | unknown | high | caution | info | ok | nodata (CSS class)
	StatusLabel    string
	Problem        string
	ThisWeek       string // "12.3 mi so far, 4.1 mi left of +10%"
	ThisWeekTone   string // "", "high"
	LastWeek       string // "31.2 mi"
	DistChange     string
	LoadChange     string
	ACWR           string
	Shoes          string // "Pegasus 40 (replace)" or "—"
	Flags          string // "1 high, 2 caution" or "none"
	New            string // "2 new" or "—"
	Unreadable     string // "0"
	rank           int
}

// statuses are the statuses of a squad row, worst first: a failed run; a
// current flag whose severity this legwork does not know (from tables of
// another version: it may be serious, so it comes right after the failed
// runs); the worst current flag's severity; no flag; no data.
var statuses = []string{"failed", "unknown", "high", "caution", "info", "ok", "nodata"}

// flagStatus is the status a current flag of severity sev gives a row:
// the severity, or "unknown" when it is none of analyze.Severities.
func flagStatus(sev analyze.Severity) string {
	if slices.Contains(analyze.Severities(), sev) {
		return string(sev)
	}
	return "unknown"
}

func newSquadPage(athletes []SquadAthlete, opt SquadOptions) (*squadPage, error) {
	u, err := parseUnits(opt.Units)
	if err != nil {
		return nil, err
	}
	p := &squadPage{
		Title:   cmp.Or(shortTo(clean(opt.Title), titleMax), "Squad"),
		Version: cmp.Or(clean(opt.Version), "dev"),
		Units:   u.Long(),
	}
	if !opt.GeneratedAt.IsZero() {
		p.GeneratedAt = opt.GeneratedAt.Format("2006-01-02 15:04 MST")
	}
	var asOf time.Time
	count := map[string]int{}
	for _, a := range athletes {
		r := squadRowOf(a, u)
		count[r.Status]++
		p.Unknown = p.Unknown || r.Status == "unknown"
		p.Rows = append(p.Rows, r)
		if a.Result != nil && a.Result.AsOf.After(asOf) {
			asOf = a.Result.AsOf
		}
	}
	slices.SortStableFunc(p.Rows, func(x, y squadRow) int {
		return cmp.Or(cmp.Compare(x.rank, y.rank), strings.Compare(x.ID, y.ID))
	})
	p.AsOf = dayDate(asOf)
	var parts []string
	for _, s := range statuses {
		if count[s] > 0 {
			parts = append(parts, strconv.Itoa(count[s])+" "+statusLabel(s))
		}
	}
	p.Counts = strings.Join(parts, ", ")
	return p, nil
}

func statusLabel(s string) string {
	switch s {
	case "nodata":
		return "no data"
	case "ok":
		return "OK"
	}
	return s
}

func squadRowOf(a SquadAthlete, u units.System) squadRow {
	r := squadRow{
		Name: shortName(clean(cmp.Or(a.Name, a.ID))), ID: shortName(clean(a.ID)),
		Link:     "./" + (&url.URL{Path: a.Dir + "/report.html"}).EscapedPath(),
		Problem:  clean(a.Problem),
		ThisWeek: dash, LastWeek: dash, DistChange: dash, LoadChange: dash, ACWR: dash,
		Shoes: dash, Flags: "none", New: dash, Unreadable: "0",
	}
	res := a.Result
	switch {
	case res == nil && a.Problem != "":
		r.Status = "failed"
	case res == nil || len(res.Weeks) == 0:
		r.Status = "nodata"
	default:
		r.Status = "ok"
	}
	if res != nil {
		fillSquadRow(&r, res, u)
	}
	if a.Problem != "" {
		r.Status = "failed"
	}
	if a.New >= 0 {
		r.New = strconv.Itoa(a.New) + " new"
	}
	r.rank = slices.Index(statuses, r.Status)
	r.StatusLabel = statusLabel(r.Status)
	return r
}

// fillSquadRow fills r from the athlete's stored result. Current flags are
// those of the last complete week and the current one, and the shoe flags.
func fillSquadRow(r *squadRow, res *analyze.Result, u units.System) {
	inc := increasePct(res)
	if c := res.Current; c != nil {
		r.ThisWeek = u.Dist(c.DistanceM) + " so far"
		switch {
		case c.HasLimit && c.AllowanceM >= 0:
			r.ThisWeek += ", " + u.Dist(c.AllowanceM) + " left of +" + units.Pct(inc) + "%"
		case c.HasLimit:
			r.ThisWeek += ", " + u.Dist(-c.AllowanceM) + " over +" + units.Pct(inc) + "%"
			r.ThisWeekTone = "high"
		}
	}
	var since time.Time
	for _, w := range slices.Backward(res.Weeks) {
		if w.Complete {
			r.LastWeek = u.Dist(w.DistanceM)
			r.DistChange = pctPtr(w.DistanceChangePct)
			r.LoadChange = pctPtr(w.LoadChangePct)
			r.ACWR = ratioPtr(w.ACWR)
			since = w.Start
			break
		}
	}
	if since.IsZero() && res.Current != nil {
		since = res.Current.Start
	}
	var due []string
	for _, s := range res.Shoes {
		if !s.Retired && s.Status != analyze.ShoeOK {
			due = append(due, shortName(clean(s.Name))+" ("+string(s.Status)+")")
		}
	}
	if len(due) > 0 {
		r.Shoes = strings.Join(due, ", ")
	}
	var current []analyze.Flag
	worst := ""
	for _, f := range res.Flags {
		if f.Shoe == "" && f.Date.Before(since) {
			continue
		}
		current = append(current, f)
		if st := flagStatus(f.Severity); worst == "" || slices.Index(statuses, st) < slices.Index(statuses, worst) {
			worst = st
		}
	}
	r.Flags = flagCounts(current)
	if worst != "" && r.Status == "ok" {
		r.Status = worst
	}
	bad := 0
	for _, p := range res.Problems {
		if p.Kind == "error" {
			bad++
		}
	}
	r.Unreadable = strconv.Itoa(bad)
}

// WriteSquadHTML writes the squad page, index.html: one self-contained page
// (inline CSS, no scripts, no network) with one row per athlete, worst
// first (a failed run, then a flag of unknown severity, then the worst
// current flag), that turns into one
// card per athlete on a narrow screen.
func WriteSquadHTML(w io.Writer, athletes []SquadAthlete, opt SquadOptions) error {
	p, err := newSquadPage(athletes, opt)
	if err != nil {
		return err
	}
	return execute(w, func(b *bytes.Buffer) error { return squadHTMLTmpl.ExecuteTemplate(b, "squad.html", p) })
}

// WriteSquadMarkdown writes index.md, the squad page as one Markdown table.
func WriteSquadMarkdown(w io.Writer, athletes []SquadAthlete, opt SquadOptions) error {
	p, err := newSquadPage(athletes, opt)
	if err != nil {
		return err
	}
	return execute(w, func(b *bytes.Buffer) error { return squadMDTmpl.ExecuteTemplate(b, "squad.md", p) })
}

var (
	squadHTMLTmpl = htmltemplate.Must(htmltemplate.New("").Funcs(htmltemplate.FuncMap{"isolate": safetext.Isolate}).ParseFS(templateFS, "templates/squad.html.tmpl"))
	squadMDTmpl   = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"mdcell": mdcell}).ParseFS(templateFS, "templates/squad.md.tmpl"))
)

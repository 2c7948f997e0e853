package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/safetext"
	"github.com/legwork-run/legwork/internal/units"
)

// page is everything the HTML and Markdown templates show, already sorted
// and formatted, so both files say the same thing and templates do no
// arithmetic.
type page struct {
	// Title heads the page (Options.Title, "legwork report" by default);
	// the athlete's name, when configured, goes with it.
	Title, Version string
	WeekOf         string // "9 Mar 2026": the first day of the as-of week, or the as-of date without weeks
	AsOf           string // "Wed 2026-03-11"
	GeneratedAt    string // "" when Options.GeneratedAt is zero
	Units          string // "mi" or "km"
	UnitsLong      string // "miles" or "kilometres"
	IncreasePct    string // "10%"
	HRMax          string // "188 bpm (estimated from your data)", or a sentence when unknown
	HRRest         string // "50 bpm"

	// Empty is true when there are no weeks: no counted run up to AsOf.
	Empty bool

	Cards []card // the "this week" summary

	// SoreLegs is what to do when the legs are sore (phrase.SoreLegs),
	// shown near the top when a caution or high flag about training is
	// current (dated in the as-of week or the week before); else nil.
	SoreLegs []string

	Since *sinceView // "Since the last report"; nil on a first run

	Flags      []flagRow // high first, then caution, info; newest first within
	OlderFlags []flagRow // flags dated before RecentSince, same order, back to OlderSince
	// OlderOmitted counts the flags dated before OlderSince (the first week
	// of the weeks table), which are only in flags.parquet.
	OlderOmitted     int
	OlderOmittedText string // "3 flags"
	OlderSince       string
	FlagCounts       string // "1 high, 2 caution, 3 info" or "none"

	RecentSince string // first day of the recent window, "Mon 2026-02-02"

	WeekCharts []chartView // weekly distance, then load (when there is load)
	NoLoad     string      // why there is no load chart; "" when there is one

	Weeks        []weekRow // newest first
	WeeksOmitted int       // older weeks left out of the table

	Shoes     []shoeRow
	ShoeChart *chartView

	Activities        []activityRow // newest first
	ActivitiesOmitted int           // activities before RecentSince, left out

	Errors          []problemRow
	Skipped         []problemRow
	SkippedOmitted  int
	Warnings        []problemRow
	WarningsOmitted int
	Notes           []string // other data-quality observations (assumed zones, imputed loads)
}

// card is one box of the "this week" summary: a label, a value and a full
// sentence explaining it. Tone is "", "good", "caution" or "high".
type card struct {
	Label, Value, Note, Tone string
}

// flagRow is one flag as shown.
type flagRow struct {
	Severity    string // info | caution | high (CSS class and sort key)
	SevLabel    string // "High", "Caution", "Info"
	Kind        string // the flag kind, as in flags.parquet
	KindLabel   string // "Weekly distance jump"
	When        string // "week of 2026-03-02", "run on Sat 2026-03-07", "now"
	Message     string // what happened, with its numbers
	Why         string // why it matters (phrase.Advice)
	Todo        string // what to do now, with its number when there is one (phrase.Advice, phrase.Target)
	Measure     string // "value +24.0%, threshold +10.0%"; "" when not meaningful
	Descriptive bool   // ACWR: reported, not predictive

	day time.Time // the flag's date (see flagRows); zero for a shoe's flag
}

// weekRow is one row of the weeks table.
type weekRow struct {
	Start      string
	Runs       string
	Distance   string
	DistChange change
	Load       string
	LoadChange change
	Longest    string
	RestDays   string
	ACWR       string
	Monotony   string
	Complete   bool
	Status     string // "complete" or "so far"
}

// change is a week-over-week change and the severity of the week's spike
// flag for it ("high", "caution" or "" when there is none).
type change struct {
	Label    string // "Δ distance" or "Δ load": the cell's label on a phone
	Text     string // "+24.0% (+4.1)"
	Severity string
}

// shoeRow is one row of the shoes table.
type shoeRow struct {
	Name      string // shortened to nameMax (see short)
	FullName  string // the whole name when Name is shortened, else ""
	Status    string // ok | worn | replace (CSS class)
	Retired   bool
	Distance  string
	Left      string // distance left until replace_at, or "past by 12.3"
	Runs      string
	WarnAt    string
	ReplaceAt string
	FirstRun  string
	LastRun   string
	ReplaceBy string // "~2026-05-10", "now", "retired" or dash
}

// activityRow is one row of the recent activities table.
type activityRow struct {
	Date, Time   string
	Sport, Name  string // Name shortened to nameMax
	NameFull     string // the whole name when Name is shortened, else ""
	Distance     string
	Duration     string
	Pace         string
	AvgHR        string
	Load         string // "~87" when imputed
	Shoe         string // shortened to nameMax
	ShoeFull     string
	Counted      bool
	CountedLabel string // "yes", "duplicate", "no (cycling)"
	Source       string // shortened to sourceMax, keeping its end
	SourceFull   string
}

// problemRow is one data-quality entry.
type problemRow struct {
	Source, Message string // Source shortened to sourceMax, keeping its end
	SourceFull      string
}

// newPage builds the page model from r. It fails only on bad options.
func newPage(r *analyze.Result, opt Options) (*page, error) {
	u, err := parseUnits(opt.Units)
	if err != nil {
		return nil, err
	}
	if r == nil {
		r = &analyze.Result{}
	}
	inc := increasePct(r)
	p := &page{
		Title:       cmp.Or(shortTo(clean(opt.Title), titleMax), "legwork report"),
		Version:     cmp.Or(clean(opt.Version), "dev"),
		AsOf:        dayDate(r.AsOf),
		WeekOf:      longDate(r.AsOf),
		Units:       u.Name(),
		UnitsLong:   u.Long(),
		IncreasePct: strconv.FormatFloat(inc, 'f', -1, 64) + "%",
		HRRest:      "60 bpm (default)",
		Empty:       len(r.Weeks) == 0,
	}
	if !opt.GeneratedAt.IsZero() {
		p.GeneratedAt = opt.GeneratedAt.Format("2006-01-02 15:04 MST")
	}
	switch {
	case r.HRMax <= 0:
		p.HRMax = "unknown (no heart-rate data), so there is no load"
	case r.HRMaxEstimated && r.HRMax <= r.HRRest:
		p.HRMax = strconv.Itoa(r.HRMax) + " bpm (estimated from your data), not above HR rest, so there is no load"
	case r.HRMaxEstimated:
		p.HRMax = strconv.Itoa(r.HRMax) + " bpm (estimated from your data)"
	default:
		p.HRMax = strconv.Itoa(r.HRMax) + " bpm (configured)"
	}
	if r.HRRest > 0 {
		p.HRRest = strconv.Itoa(r.HRRest) + " bpm"
	}

	recent := recentStart(r)
	p.RecentSince = dayDate(recent)
	acts := activityIndex(r.Activities)

	olderSince := recent.AddDate(0, 0, -7*(tableWeeks-recentWeeks))
	p.OlderSince = dayDate(olderSince)
	p.Flags, p.OlderFlags, p.OlderOmitted = flagRows(r, u, acts, recent, olderSince)
	p.OlderOmittedText = units.Plural(p.OlderOmitted, "flag", "flags")
	p.FlagCounts = flagCounts(r.Flags)
	if len(r.Weeks) > 0 {
		last := r.Weeks[len(r.Weeks)-1].Start
		p.WeekOf = longDate(last)
		for _, f := range p.Flags {
			sev := analyze.Severity(f.Severity)
			if (sev == analyze.Caution || sev == analyze.High) && !f.day.IsZero() && !f.day.Before(last.AddDate(0, 0, -7)) {
				p.SoreLegs = phrase.SoreLegs()
				break
			}
		}
	}
	if cards := summaryCards(r, u, inc); cards != nil {
		p.Cards = append(cards, flagCard(p.Flags, p.RecentSince, len(p.OlderFlags), p.OlderOmitted))
	}

	p.Since = sinceSection(opt.Changes, r, u, acts)
	p.WeekCharts, p.NoLoad = weekCharts(r, u, inc)
	if c, ok := acwrChart(r); ok {
		p.WeekCharts = append(p.WeekCharts, c)
	}
	p.Weeks, p.WeeksOmitted = weekRows(r, u, inc)
	p.Shoes = shoeRows(r, u)
	if len(r.Shoes) > 0 {
		c := shoeChart(r.Shoes, u)
		p.ShoeChart = &c
	}
	p.Activities, p.ActivitiesOmitted = activityRows(r, u, recent)
	problems(p, r)
	return p, nil
}

// allCharts lists every chart on the page, for Charts.
func (p *page) allCharts() []chartView {
	out := slices.Clone(p.WeekCharts)
	if p.ShoeChart != nil {
		out = append(out, *p.ShoeChart)
	}
	return out
}

// increasePct is the rule's percentage the analysis used; 10 for a Result
// that does not say (built by hand).
func increasePct(r *analyze.Result) float64 {
	if r.IncreasePct > 0 {
		return r.IncreasePct
	}
	return analyze.DefaultIncreasePct
}

// recentStart is the first day of the recent window: the as-of week and the
// recentWeeks−1 weeks before it. Without weeks it is AsOf itself.
func recentStart(r *analyze.Result) time.Time {
	if len(r.Weeks) == 0 {
		return r.AsOf
	}
	return r.Weeks[len(r.Weeks)-1].Start.AddDate(0, 0, -7*(recentWeeks-1))
}

// activityIndex maps activity IDs to their rows.
func activityIndex(rows []analyze.ActivityRow) map[string]*analyze.ActivityRow {
	m := make(map[string]*analyze.ActivityRow, len(rows))
	for i := range rows {
		m[rows[i].ID] = &rows[i]
	}
	return m
}

// summaryCards says where the as-of week stands: distance so far, what the
// 10% rule leaves, and how long the next run may be.
func summaryCards(r *analyze.Result, u units.System, inc float64) []card {
	if r.Current == nil || len(r.Weeks) == 0 {
		return nil
	}
	cur := r.Current
	runs := 0
	if w := r.Weeks[len(r.Weeks)-1]; w.Start.Equal(cur.Start) {
		runs = w.Runs
	}
	incS := strconv.FormatFloat(inc, 'f', -1, 64) + "%"
	cards := []card{{
		Label: "This week so far",
		Value: u.Dist(cur.DistanceM),
		Note:  fmt.Sprintf("%s in the week that started %s.", units.Plural(runs, "run", "runs"), dayDate(cur.Start)),
	}}

	rule := card{Label: "Left under the " + incS + " rule"}
	switch {
	case !cur.HasLimit:
		rule.Value = dash
		rule.Note = "Last week had no running, so the rule has no base this week."
	case cur.AllowanceM >= 0:
		rule.Value = u.Dist(cur.AllowanceM)
		rule.Tone = "good"
		rule.Note = fmt.Sprintf("This week's limit is %s: last week plus %s.", u.Dist(cur.LimitM), incS)
	default:
		rule.Label = "Over the " + incS + " rule by"
		rule.Value = u.Dist(-cur.AllowanceM)
		rule.Tone = severities[analyze.High].tone
		rule.Note = fmt.Sprintf("This week's limit was %s: last week plus %s.", u.Dist(cur.LimitM), incS)
	}
	cards = append(cards, rule)
	if cur.HasLoadLimit {
		lc := card{Label: "Load left under the " + incS + " rule", Value: load(cur.LoadAllowance), Tone: "good",
			Note: fmt.Sprintf("Training load (TRIMP) so far %s; this week's limit is %s.", load(cur.Load), load(cur.LoadLimit))}
		if cur.LoadAllowance < 0 {
			lc.Label, lc.Value, lc.Tone = "Load over the "+incS+" rule by", load(-cur.LoadAllowance), severities[analyze.High].tone
			lc.Note = fmt.Sprintf("Training load (TRIMP) so far %s; this week's limit was %s.", load(cur.Load), load(cur.LoadLimit))
		}
		cards = append(cards, lc)
	}

	next := card{Label: "Next run: stay within"}
	if r.NextRunLimitM > 0 {
		next.Value = u.Dist(r.NextRunLimitM)
		next.Note = fmt.Sprintf("The longest run of the last 30 days (%s) plus %s%%.", u.Dist(r.NextRunLimitM/analyze.NextRunFactor),
			phrase.NextRunPct())
	} else {
		next.Value = dash
		next.Note = "No run in the last 30 days to compare the next one with."
	}
	return append(cards, next)
}

// flagCard counts the recent flags (those listed first) by severity: the
// value is the most serious level, the note names the others.
func flagCard(recent []flagRow, since string, older, omitted int) card {
	n := map[analyze.Severity]int{}
	for _, f := range recent {
		n[analyze.Severity(f.Severity)]++
	}
	c := card{Label: "Flags, last " + strconv.Itoa(recentWeeks) + " weeks"}
	var rest []string
	for _, sev := range analyze.Severities() {
		if n[sev] == 0 {
			continue
		}
		if c.Value == "" {
			c.Value = strconv.Itoa(n[sev]) + " " + string(sev)
			c.Tone = severities[sev].tone
			continue
		}
		rest = append(rest, strconv.Itoa(n[sev])+" "+string(sev))
	}
	switch {
	case c.Value == "":
		c.Value, c.Tone = "none", "good"
		c.Note = "No flag since " + since + "."
	case len(rest) == 0:
		c.Note = "Since " + since + "; listed under Flags below."
	default:
		c.Note = "Also " + strings.Join(rest, " and ") + " since " + since + "; listed under Flags below."
	}
	switch {
	case older > 0 && omitted > 0:
		c.Note += fmt.Sprintf(" %s below, %d more in data/flags.parquet.", units.Plural(older, "earlier one", "earlier ones"), omitted)
	case older > 0:
		c.Note += " " + units.Plural(older, "earlier one follows", "earlier ones follow") + "."
	case omitted > 0:
		c.Note += " " + units.Plural(omitted, "older one is", "older ones are") + " in data/flags.parquet."
	}
	return c
}

// flagCounts gives "1 high, 2 caution, 3 info" (severities with no flag left
// out, flags of a severity that is none of analyze.Severities counted last
// as "1 of unknown severity") or "none".
func flagCounts(flags []analyze.Flag) string {
	n := map[analyze.Severity]int{}
	for _, f := range flags {
		n[f.Severity]++
	}
	var s string
	for _, sev := range analyze.Severities() {
		if n[sev] == 0 {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += strconv.Itoa(n[sev]) + " " + string(sev)
	}
	unknown := len(flags)
	for _, sev := range analyze.Severities() {
		unknown -= n[sev]
	}
	if unknown > 0 {
		if s != "" {
			s += ", "
		}
		s += strconv.Itoa(unknown) + " of unknown severity"
	}
	if s == "" {
		return "none"
	}
	return s
}

// severities gives each severity its badge label and its card tone ("" is
// the plain tone). A test checks that every analyze.Severities value is here.
var severities = map[analyze.Severity]struct{ label, tone string }{
	analyze.High:    {"High", "high"},
	analyze.Caution: {"Caution", "caution"},
	analyze.Info:    {"Info", ""},
}

// flagKindInfo is a flag kind's label and how its value and threshold read.
type flagKindInfo struct {
	label   string
	measure string // how Value and Threshold read (see measure); "" shows neither
}

// flagKinds labels each flag kind and says how its value and threshold
// read. A test checks that every analyze.Kinds value is here.
var flagKinds = map[analyze.Kind]flagKindInfo{
	analyze.KindWeeklyDistanceSpike: {"Weekly distance jump", "pct"},
	analyze.KindWeeklyLoadSpike:     {"Weekly load jump", "pct"},
	analyze.KindRestart:             {"First week back after a week off", ""},
	analyze.KindSessionSpike:        {"Run longer than the last 30 days", "pct"},
	analyze.KindReturnAfterBreak:    {"First run after a break", "days"},
	analyze.KindACWRHigh:            {"High acute:chronic ratio (descriptive)", "ratio"},
	analyze.KindNoRestDay:           {"No rest day", "restdays"},
	analyze.KindMonotonyHigh:        {"Monotonous week", "ratio"},
	analyze.KindShoeWorn:            {"Shoe is getting worn", "distance"},
	analyze.KindShoeReplace:         {"Shoe due for replacement", "distance"},
}

// flagRows formats and sorts the flags, splitting off those dated before
// recent, and counting (not listing) those dated before olderSince. A
// flag's date is its Date, else its run's date, else its week, else AsOf.
// Shoe flags describe the shoe as it is now, so they are always recent.
func flagRows(r *analyze.Result, u units.System, acts map[string]*analyze.ActivityRow, recent, olderSince time.Time) (now, older []flagRow, omitted int) {
	type dated struct {
		row     flagRow
		day     time.Time
		current bool // a shoe's state: listed with the recent flags whatever its date
	}
	var all []dated
	msgs := phrase.Flags(r, u)
	for i, f := range r.Flags {
		row, k := flagHead(f)
		row.Message = clean(msgs[i])
		if name := clean(f.Shoe); name != "" {
			// The message names the shoe in full: shorten it there too, and
			// isolate it so that its direction cannot reorder the sentence.
			row.Message = strings.ReplaceAll(row.Message, name, safetext.Isolate(shortName(name)))
		}
		row.Message = safetext.Isolate(row.Message)
		row.Descriptive = f.Kind == analyze.KindACWRHigh
		why, todo := phrase.Advice(f.Kind)
		row.Why = why
		row.Todo = strings.TrimSpace(todo + " " + phrase.Target(r, u, i))
		row.Measure = measure(k.measure, f.Value, f.Threshold, u)

		day, shoe := f.Date, false
		switch a := acts[f.ActivityID]; {
		case f.ActivityID != "" && a != nil:
			day = cmp.Or(day, a.LocalDate)
			row.When = "run on " + dayDate(a.LocalDate) + ", " + u.Dist(a.DistanceM)
		case !f.Week.IsZero():
			day = cmp.Or(day, f.Week)
			row.When = "week of " + date(f.Week)
		case f.Shoe != "":
			row.When = "shoe: " + safetext.Isolate(shortName(clean(f.Shoe)))
			shoe = true
		default:
			row.When = "as of " + date(r.AsOf)
		}
		if day.IsZero() {
			day = r.AsOf
		}
		if !shoe {
			row.day = day
		}
		all = append(all, dated{row, day, shoe})
	}
	slices.SortStableFunc(all, func(a, b dated) int {
		return cmp.Or(
			cmp.Compare(analyze.Severity(a.row.Severity).Rank(), analyze.Severity(b.row.Severity).Rank()),
			b.day.Compare(a.day),
			cmp.Compare(a.row.Kind, b.row.Kind),
			cmp.Compare(a.row.Message, b.row.Message),
		)
	})
	for _, d := range all {
		switch {
		case d.current:
			now = append(now, d.row)
		case d.day.Before(olderSince):
			omitted++
		case d.day.Before(recent):
			older = append(older, d.row)
		default:
			now = append(now, d.row)
		}
	}
	return now, older, omitted
}

// flagHead is the row of f with its severity, kind and kind label filled
// in, and how f's kind reads (flagKinds; zero for an unknown kind).
func flagHead(f analyze.Flag) (flagRow, flagKindInfo) {
	row := flagRow{
		Severity: clean(string(f.Severity)),
		SevLabel: sevLabel(analyze.Severity(clean(string(f.Severity)))),
		Kind:     clean(string(f.Kind)),
	}
	k, known := flagKinds[f.Kind]
	row.KindLabel = k.label
	if !known {
		row.KindLabel = sportName(clean(string(f.Kind)))
	}
	return row, k
}

// sevLabel capitalizes a severity for its badge.
func sevLabel(s analyze.Severity) string {
	if l, ok := severities[s]; ok {
		return l.label
	}
	if s == "" {
		return "Note"
	}
	return string(s)
}

// measure words a flag's value against its threshold. The units per kind
// are those documented with analyze's flag kinds: percent, ratio, meters or
// days.
func measure(kind string, v, th float64, u units.System) string {
	switch kind {
	case "days":
		// Whole days, as the flag's message counts them.
		return units.Plural(int(math.Floor(v)), "day", "days") + " since the run before; threshold " + units.Plural(int(math.Round(th)), "day", "days")
	case "restdays":
		return units.Plural(int(math.Round(v)), "rest day", "rest days") + "; at least " + strconv.Itoa(int(math.Round(th))) + " wanted"
	case "pct":
		return "value " + units.SignedPctAbove(v, th) + ", threshold " + pct(th)
	case "ratio":
		return "value " + ratio(v) + ", threshold " + ratio(th)
	case "distance":
		return "value " + u.Dist(v) + ", threshold " + u.Dist(th)
	}
	return ""
}

// weekRows formats the weeks newest first, at most tableWeeks of them.
func weekRows(r *analyze.Result, u units.System, inc float64) ([]weekRow, int) {
	spikes := weekFlagSeverity(r.Flags)
	var rows []weekRow
	for i := len(r.Weeks) - 1; i >= 0 && len(rows) < tableWeeks; i-- {
		w := r.Weeks[i]
		row := weekRow{
			Start:      date(w.Start),
			Runs:       strconv.Itoa(w.Runs),
			Distance:   u.Num(w.DistanceM),
			DistChange: change{"Δ distance", dash, string(spikes[weekKey{analyze.KindWeeklyDistanceSpike, w.Start}])},
			Load:       load(w.Load),
			LoadChange: change{"Δ load", pctPtr(w.LoadChangePct), string(spikes[weekKey{analyze.KindWeeklyLoadSpike, w.Start}])},
			Longest:    u.Num(w.LongestRunM),
			RestDays:   strconv.Itoa(w.RestDays),
			ACWR:       ratioPtr(w.ACWR),
			Monotony:   ratioPtr(w.Monotony),
			Complete:   w.Complete,
			Status:     "complete",
		}
		if !w.Complete {
			row.Status = "so far"
			if w.Days > 0 && w.Days < 7 {
				// RestDays counts all seven days; show the rest days so far.
				row.RestDays = strconv.Itoa(max(0, w.RestDays-(7-w.Days)))
			}
		}
		if w.LoadChangePct != nil {
			row.LoadChange.Text = units.SignedPctAbove(*w.LoadChangePct, inc)
		}
		if w.DistanceChangePct != nil && i > 0 {
			row.DistChange.Text = units.SignedPctAbove(*w.DistanceChangePct, inc) + " (" + u.SignedNum(w.DistanceM-r.Weeks[i-1].DistanceM) + ")"
		} else if i > 0 && r.Weeks[i-1].DistanceM == 0 && w.DistanceM > 0 {
			row.DistChange.Text = "back after a week off"
		}
		if w.Load == 0 && w.LoadChangePct == nil {
			row.Load = dash
		}
		rows = append(rows, row)
	}
	return rows, len(r.Weeks) - len(rows)
}

// weekKey identifies a week flag of one kind.
type weekKey struct {
	kind  analyze.Kind
	start time.Time
}

// weekFlagSeverity maps (kind, week) to the severity of that week's flag.
func weekFlagSeverity(flags []analyze.Flag) map[weekKey]analyze.Severity {
	m := map[weekKey]analyze.Severity{}
	for _, f := range flags {
		if f.Week.IsZero() {
			continue
		}
		k := weekKey{f.Kind, f.Week}
		if old, ok := m[k]; !ok || f.Severity.Rank() < old.Rank() {
			m[k] = f.Severity
		}
	}
	return m
}

// shoeRows formats the shoes in configuration order.
func shoeRows(r *analyze.Result, u units.System) []shoeRow {
	var rows []shoeRow
	for _, s := range r.Shoes {
		row := shoeRow{
			Status:    cmp.Or(clean(string(s.Status)), string(analyze.ShoeOK)),
			Retired:   s.Retired,
			Distance:  u.Num(s.DistanceM),
			Runs:      strconv.Itoa(s.Runs),
			WarnAt:    u.Num(s.WarnAtM),
			ReplaceAt: u.Num(s.ReplaceAtM),
			FirstRun:  date(s.FirstRun),
			LastRun:   date(s.LastRun),
			ReplaceBy: dash,
		}
		row.Name, row.FullName = short(clean(s.Name), nameMax)
		if left := s.ReplaceAtM - s.DistanceM; left >= 0 {
			row.Left = u.Num(left)
		} else {
			row.Left = "past by " + u.Num(-left)
		}
		switch {
		case s.Retired:
			row.ReplaceBy = "retired"
		case s.Status == analyze.ShoeReplace:
			row.ReplaceBy = "now"
		case !s.ReplaceBy.IsZero():
			row.ReplaceBy = "~" + date(s.ReplaceBy)
		}
		rows = append(rows, row)
	}
	return rows
}

// activityRows lists the activities of the recent window, newest first.
func activityRows(r *analyze.Result, u units.System, since time.Time) ([]activityRow, int) {
	var sel []analyze.ActivityRow
	for _, a := range r.Activities {
		if !a.LocalDate.Before(since) && !a.LocalDate.After(r.AsOf) {
			sel = append(sel, a)
		}
	}
	slices.SortStableFunc(sel, func(a, b analyze.ActivityRow) int {
		return cmp.Or(b.Start.Compare(a.Start), cmp.Compare(a.ID, b.ID))
	})
	rows := make([]activityRow, 0, len(sel))
	for _, a := range sel {
		dur := a.Moving
		if dur <= 0 {
			dur = a.Elapsed
		}
		row := activityRow{
			Date:     dayDate(a.LocalDate),
			Time:     a.Start.Add(time.Duration(a.UTCOffset) * time.Second).UTC().Format("15:04"),
			Sport:    sportLabel(a.Sport),
			Distance: u.Num(a.DistanceM),
			Duration: hms(dur),
			Pace:     dash,
			AvgHR:    bpm(a.AvgHR),
			Load:     dash,
			Counted:  a.Counted,
		}
		row.Name, row.NameFull = short(clean(a.Name), nameMax)
		row.Shoe, row.ShoeFull = short(clean(a.Shoe), nameMax)
		if row.Shoe == "" {
			row.Shoe = dash
		}
		row.Source, row.SourceFull = shortSource(clean(a.Source))
		if a.Sport.OnFoot() {
			row.Pace = pace(u, dur, a.DistanceM)
		}
		if a.Load != nil {
			row.Load = load(*a.Load)
			if a.LoadImputed {
				row.Load = "~" + row.Load
			}
		}
		switch {
		case a.Counted:
			row.CountedLabel = "yes"
		case a.DuplicateOf != "":
			row.CountedLabel = "duplicate"
		default:
			row.CountedLabel = "no (" + sportLabel(a.Sport) + ")"
		}
		rows = append(rows, row)
	}
	return rows, countBefore(r.Activities, since)
}

// countBefore counts activities dated before since.
func countBefore(acts []analyze.ActivityRow, since time.Time) int {
	n := 0
	for _, a := range acts {
		if a.LocalDate.Before(since) {
			n++
		}
	}
	return n
}

// sportLabel is the sport's display name (ingest.Sport.Label), a dash when
// unknown.
func sportLabel(s ingest.Sport) string {
	if s == "" {
		return dash
	}
	return clean(s.Label())
}

// problems fills the data-quality part of p: unreadable files, skipped
// files, warnings, and notes on assumptions visible in the activities.
func problems(p *page, r *analyze.Result) {
	ps := slices.Clone(r.Problems)
	slices.SortStableFunc(ps, func(a, b analyze.Problem) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Message, b.Message))
	})
	for _, pr := range ps {
		row := problemRow{Message: safetext.Isolate(shortTo(clean(pr.Message), messageMax))}
		row.Source, row.SourceFull = shortSource(clean(pr.Source))
		switch pr.Kind {
		case "error":
			p.Errors = append(p.Errors, row)
		case "skipped":
			if len(p.Skipped) < skippedListMax {
				p.Skipped = append(p.Skipped, row)
			} else {
				p.SkippedOmitted++
			}
		default:
			if len(p.Warnings) < warningListMax {
				p.Warnings = append(p.Warnings, row)
			} else {
				p.WarningsOmitted++
			}
		}
	}
	var zoneGuessed, imputed, noHR, dups int
	for _, a := range r.Activities {
		if a.OffsetSource == ingest.OffsetFromConfig {
			zoneGuessed++
		}
		if a.LoadImputed {
			imputed++
		}
		if a.Counted && a.AvgHR == 0 {
			noHR++
		}
		if a.DuplicateOf != "" {
			dups++
		}
	}
	if zoneGuessed > 0 {
		p.Notes = append(p.Notes, units.Plural(zoneGuessed, "activity has", "activities have")+
			" no time zone in the file and no position: the configured zone set its local date.")
	}
	if dups > 0 {
		p.Notes = append(p.Notes, units.Plural(dups, "activity is", "activities are")+
			" the same run as another file (recorded over the same minutes) and counted once.")
	}
	if noHR > 0 {
		p.Notes = append(p.Notes, units.Plural(noHR, "counted run has", "counted runs have")+" no heart rate.")
	}
	if imputed > 0 {
		p.Notes = append(p.Notes, units.Plural(imputed, "load was", "loads were")+
			" estimated (marked ~): minutes × the median load per minute of the runs of the 28 days before.")
	}
}

// Names from files and configuration longer than these (in characters) are
// shortened with "…" where they are shown; the HTML keeps the whole name in
// a title attribute, and the Parquet tables hold it.
const (
	nameMax      = 60 // shoe and activity names in tables, lists and flags
	chartNameMax = 40 // a shoe's name above its bar in the shoe chart
	sourceMax    = 80 // input paths, shortened in the middle

	titleMax   = 120 // the report's title (Options.Title, the athlete's name)
	messageMax = 300 // a data-quality message (legwork inspect FILE shows it whole)
)

// short returns s shortened to max characters and, when it was, s itself
// as full; otherwise s and "".
func short(s string, max int) (shown, full string) {
	if t, cut := safetext.Shorten(s, max); cut {
		return t, s
	}
	return s, ""
}

// shortName is s shortened to nameMax.
func shortName(s string) string { return shortTo(s, nameMax) }

// shortTo is s shortened to max characters.
func shortTo(s string, max int) string {
	t, _ := safetext.Shorten(s, max)
	return t
}

// shortSource shortens an input path to sourceMax characters by cutting
// its middle, so that the file name at its end stays visible:
// "exports/2026/…/activities/123.fit". full is "" when nothing was cut.
func shortSource(s string) (shown, full string) {
	r := []rune(s)
	if len(r) <= sourceMax {
		return s, ""
	}
	const headMax = sourceMax / 4                               // with its "…"
	head, _ := safetext.Shorten(string(r[:headMax+1]), headMax) // cut, so it ends in "…"
	tail := r[len(r)-(sourceMax-headMax):]
	return head + string(tail), s
}

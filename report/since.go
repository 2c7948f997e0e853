package report

import (
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/safetext"
	"github.com/legwork-run/legwork/internal/units"
)

// sinceView is the "Since the last report" section: what changed from the
// previous run (Options.Changes).
type sinceView struct {
	PrevAsOf string // "Sun 2026-03-08"
	Summary  string // "2 activities added, 1 new flag (caution)" or "no changes"
	Nothing  bool
	New      []flagRow // as the flags section words them, with what to do
	Cleared  []flagRow // severity, kind and when; no message (its numbers are gone)
	Shoes    []sinceShoe
}

// sinceShoe is a shoe whose status changed.
type sinceShoe struct {
	Name, FullName string // Name shortened to nameMax; FullName the whole name when shortened
	From, To       string
}

// sinceSection builds the section from c and r, the current Result; nil
// when there is nothing to compare with (c is nil: a first run).
func sinceSection(c *analyze.Changes, r *analyze.Result, u units.System, acts map[string]*analyze.ActivityRow) *sinceView {
	if c == nil {
		return nil
	}
	v := &sinceView{PrevAsOf: dayDate(c.PrevAsOf), Summary: phrase.Changes(c), Nothing: c.Empty()}

	// New flags are worded from the current Result, like the flags
	// section: select them by key.
	want := make(map[analyze.FlagKey]bool, len(c.New))
	for _, f := range c.New {
		want[f.Key()] = true
	}
	sub := *r
	sub.Flags = nil
	for _, f := range r.Flags {
		if want[f.Key()] {
			sub.Flags = append(sub.Flags, f)
			delete(want, f.Key()) // each once
		}
	}
	v.New, _, _ = flagRows(&sub, u, acts, time.Time{}, time.Time{})
	// Here a new flag says what happened and what to do; its numbers, why
	// it matters and the "descriptive only" tag are in the flags section,
	// whose template ("flag", "mdflag") both sections share.
	for i := range v.New {
		v.New[i].Measure, v.New[i].Why, v.New[i].Descriptive = "", "", false
	}

	for _, f := range c.Cleared {
		row, _ := flagHead(f)
		switch {
		case f.ActivityID != "":
			row.When = "run on " + dayDate(f.Date)
		case !f.Week.IsZero():
			row.When = "week of " + date(f.Week)
		case f.Shoe != "":
			row.When = "shoe: " + safetext.Isolate(shortName(clean(f.Shoe)))
		default:
			row.When = "as of " + date(c.PrevAsOf)
		}
		v.Cleared = append(v.Cleared, row)
	}

	for _, s := range c.Shoes {
		name, full := short(clean(s.Name), nameMax)
		v.Shoes = append(v.Shoes, sinceShoe{Name: name, FullName: full, From: clean(string(s.From)), To: clean(string(s.To))})
	}
	return v
}

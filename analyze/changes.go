package analyze

import (
	"cmp"
	"slices"
	"time"
)

// Changes is what differs between the Result of the previous run and the
// current one: the "Since the last report" of the report, the run's summary
// and --alert. Activities are matched by ID, flags by FlagKey, shoes by
// name.
type Changes struct {
	// PrevAsOf is the as-of date of the previous Result.
	PrevAsOf time.Time
	// Added are the activities of the current Result whose ID the previous
	// one did not have; Removed the reverse. Both sorted by start, then ID.
	Added, Removed []ActivityRow
	// New are the flags of the current Result whose key the previous one did
	// not have, as the current Result has them; Cleared are the previous
	// Result's flags whose key is gone, as the previous Result had them.
	// Both sorted like Result.Flags: by date, then kind, then key.
	New, Cleared []Flag
	// Shoes are the shoes (by name) in both Results whose status changed,
	// in the current Result's order.
	Shoes []ShoeChange
}

// ShoeChange is a shoe whose status changed between two runs.
type ShoeChange struct {
	Name     string
	From, To ShoeStatus
}

// Empty reports whether c has nothing to say.
func (c *Changes) Empty() bool {
	return c == nil || len(c.Added)+len(c.Removed)+len(c.New)+len(c.Cleared)+len(c.Shoes) == 0
}

// FlagKey is a flag's identity across runs: its kind plus the week,
// activity or shoe it is about (the fields that do not apply are zero).
// Value, Threshold, Severity and the wording do not take part, so a weekly
// spike that grows from +12% to +18% during its week stays the same flag.
type FlagKey struct {
	Kind       Kind
	Week       string // the week's first day as YYYY-MM-DD; "" when none
	ActivityID string
	Shoe       string
}

// Key returns f's identity across runs.
func (f Flag) Key() FlagKey {
	k := FlagKey{Kind: f.Kind, ActivityID: f.ActivityID, Shoe: f.Shoe}
	if !f.Week.IsZero() {
		k.Week = f.Week.Format(time.DateOnly)
	}
	return k
}

// Compare returns what changed from prev to cur. A nil prev (a first run,
// with nothing in --out to compare with) or a nil cur gives nil: there is
// nothing to say. Compare does not modify its arguments; the rows in the
// returned Changes are copies.
func Compare(prev, cur *Result) *Changes {
	if prev == nil || cur == nil {
		return nil
	}
	c := &Changes{PrevAsOf: prev.AsOf}
	c.Added = activitiesNotIn(cur.Activities, prev.Activities)
	c.Removed = activitiesNotIn(prev.Activities, cur.Activities)
	c.New = flagsNotIn(cur.Flags, prev.Flags)
	c.Cleared = flagsNotIn(prev.Flags, cur.Flags)

	before := make(map[string]ShoeStatus, len(prev.Shoes))
	for _, s := range prev.Shoes {
		if _, dup := before[s.Name]; !dup {
			before[s.Name] = s.Status
		}
	}
	seen := map[string]bool{}
	for _, s := range cur.Shoes {
		old, ok := before[s.Name]
		if !ok || seen[s.Name] || old == s.Status {
			continue
		}
		seen[s.Name] = true
		c.Shoes = append(c.Shoes, ShoeChange{Name: s.Name, From: old, To: s.Status})
	}
	return c
}

// activitiesNotIn returns the rows of a whose ID is not in b, sorted by
// start, then ID.
func activitiesNotIn(a, b []ActivityRow) []ActivityRow {
	ids := make(map[string]bool, len(b))
	for _, r := range b {
		ids[r.ID] = true
	}
	var out []ActivityRow
	for _, r := range a {
		if !ids[r.ID] {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(x, y ActivityRow) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// flagsNotIn returns the flags of a whose key is not in b, each key once,
// sorted by date, then kind, then the rest of the key.
func flagsNotIn(a, b []Flag) []Flag {
	keys := make(map[FlagKey]bool, len(b))
	for _, f := range b {
		keys[f.Key()] = true
	}
	var out []Flag
	for _, f := range a {
		k := f.Key()
		if keys[k] {
			continue
		}
		keys[k] = true // a key listed twice in a is new once
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(x, y Flag) int {
		kx, ky := x.Key(), y.Key()
		return cmp.Or(x.Date.Compare(y.Date), cmp.Compare(kx.Kind, ky.Kind), cmp.Compare(kx.Week, ky.Week),
			cmp.Compare(kx.ActivityID, ky.ActivityID), cmp.Compare(kx.Shoe, ky.Shoe))
	})
	return out
}

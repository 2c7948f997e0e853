package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/outdir"
)

// ChangesFile is the name in data/ of what changed since the run before
// (analyze.Changes), written by a run that had a previous run to compare
// with, so that `legwork report` can show "Since the last report" again.
const ChangesFile = "changes.json"

const changesFileVersion = 1

type changesFile struct {
	Version  int           `json:"version"`
	PrevAsOf time.Time     `json:"prev_as_of"`
	Added    []changedRun  `json:"added"`
	Removed  []changedRun  `json:"removed"`
	New      []changedFlag `json:"new_flags"`
	Cleared  []changedFlag `json:"cleared_flags"`
	Shoes    []changedShoe `json:"shoes"`
}

type changedRun struct {
	ID        string    `json:"activity_id"`
	Source    string    `json:"source"`
	Start     time.Time `json:"start"`
	LocalDate time.Time `json:"local_date"`
	DistanceM float64   `json:"distance_m"`
}

type changedFlag struct {
	Kind       analyze.Kind     `json:"kind"`
	Severity   analyze.Severity `json:"severity"`
	Week       *time.Time       `json:"week_start"`
	Date       time.Time        `json:"date"`
	ActivityID string           `json:"activity_id"`
	Shoe       string           `json:"shoe"`
	Value      float64          `json:"value"`
	Threshold  float64          `json:"threshold"`
	Base       float64          `json:"base"`
}

type changedShoe struct {
	Name string             `json:"name"`
	From analyze.ShoeStatus `json:"from"`
	To   analyze.ShoeStatus `json:"to"`
}

// EncodeChanges writes c as data/changes.json. A nil c is written as JSON
// null (nothing to compare with).
func EncodeChanges(w io.Writer, c *analyze.Changes) error {
	var v *changesFile
	if c != nil {
		v = &changesFile{Version: changesFileVersion, PrevAsOf: c.PrevAsOf,
			Added: runsJSON(c.Added), Removed: runsJSON(c.Removed),
			New: flagsJSON(c.New), Cleared: flagsJSON(c.Cleared), Shoes: []changedShoe{}}
		for _, s := range c.Shoes {
			v.Shoes = append(v.Shoes, changedShoe{s.Name, s.From, s.To})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runsJSON(rows []analyze.ActivityRow) []changedRun {
	out := make([]changedRun, 0, len(rows))
	for _, a := range rows {
		out = append(out, changedRun{a.ID, a.Source, a.Start, a.LocalDate, a.DistanceM})
	}
	return out
}

func flagsJSON(flags []analyze.Flag) []changedFlag {
	out := make([]changedFlag, 0, len(flags))
	for _, f := range flags {
		cf := changedFlag{Kind: f.Kind, Severity: f.Severity, Date: f.Date, ActivityID: f.ActivityID,
			Shoe: f.Shoe, Value: f.Value, Threshold: f.Threshold, Base: f.Base}
		if !f.Week.IsZero() {
			w := f.Week
			cf.Week = &w
		}
		out = append(out, cf)
	}
	return out
}

// ReadChanges reads data/changes.json of the last committed run in out. It
// returns nil and no error when the run wrote none (a first run, or a
// legwork that did not write it) or wrote null.
func ReadChanges(out string) (*analyze.Changes, error) {
	b, err := os.ReadFile(filepath.Join(outdir.DataDir(out), ChangesFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", ChangesFile, err)
	}
	var v *changesFile
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("read %s: %w", ChangesFile, err)
	}
	if v == nil {
		return nil, nil
	}
	if v.Version != changesFileVersion {
		return nil, fmt.Errorf("read %s: version %d, want %d", ChangesFile, v.Version, changesFileVersion)
	}
	c := &analyze.Changes{PrevAsOf: v.PrevAsOf, Added: runsOf(v.Added), Removed: runsOf(v.Removed),
		New: flagsOf(v.New), Cleared: flagsOf(v.Cleared)}
	for _, s := range v.Shoes {
		c.Shoes = append(c.Shoes, analyze.ShoeChange{Name: s.Name, From: s.From, To: s.To})
	}
	return c, nil
}

func runsOf(rows []changedRun) []analyze.ActivityRow {
	var out []analyze.ActivityRow
	for _, r := range rows {
		out = append(out, analyze.ActivityRow{ID: r.ID, Source: r.Source, Start: r.Start, LocalDate: r.LocalDate, DistanceM: r.DistanceM})
	}
	return out
}

func flagsOf(rows []changedFlag) []analyze.Flag {
	var out []analyze.Flag
	for _, r := range rows {
		f := analyze.Flag{Kind: r.Kind, Severity: r.Severity, Date: r.Date, ActivityID: r.ActivityID,
			Shoe: r.Shoe, Value: r.Value, Threshold: r.Threshold, Base: r.Base}
		if r.Week != nil {
			f.Week = *r.Week
		}
		out = append(out, f)
	}
	return out
}

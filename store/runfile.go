package store

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/legwork-run/legwork/analyze"
)

// runFileVersion is the version of run.json that this code writes. It
// also reads version 1, which wrote dates as RFC 3339 UTC midnights and no
// legwork_version.
const runFileVersion = 2

// runFile is data/run.json: the fields of analyze.Result that are not
// tables. Dates are YYYY-MM-DD, distances in meters, heart rates in bpm.
type runFile struct {
	Version        int           `json:"version"`
	Legwork        string        `json:"legwork_version,omitempty"` // the version of legwork that wrote it
	AsOf           jsonDate      `json:"as_of"`
	HRMax          int           `json:"hr_max"` // 0 when unknown
	HRMaxEstimated bool          `json:"hr_max_estimated"`
	HRRest         int           `json:"hr_rest"`
	Units          *string       `json:"units"`        // of the flag messages: mi | km; absent (older files) means mi
	IncreasePct    *float64      `json:"increase_pct"` // the 10% rule's percentage; absent (older files) means 10
	Current        *currentWeek  `json:"current_week"` // null when there are no weeks
	NextRunLimitM  float64       `json:"next_run_limit_m"`
	Problems       []problemJSON `json:"problems"`
}

type currentWeek struct {
	Start         jsonDate `json:"week_start"`
	DistanceM     float64  `json:"distance_m"`
	LimitM        float64  `json:"limit_m"`
	AllowanceM    float64  `json:"allowance_m"`
	HasLimit      bool     `json:"has_limit"`
	Load          float64  `json:"load"`
	LoadLimit     float64  `json:"load_limit"`
	LoadAllowance float64  `json:"load_allowance"`
	HasLoadLimit  bool     `json:"has_load_limit"`
}

type problemJSON struct {
	Source  string `json:"source"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// jsonDate is a date in JSON: "YYYY-MM-DD" (the day of a UTC midnight),
// "" for the zero time. It also reads the RFC 3339 instants of run.json
// version 1.
type jsonDate time.Time

func (d jsonDate) MarshalJSON() ([]byte, error) {
	t := time.Time(d)
	if t.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(`"` + t.UTC().Format(time.DateOnly) + `"`), nil
}

func (d *jsonDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = jsonDate{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return fmt.Errorf("date %q: want YYYY-MM-DD", s)
		}
		t = t.UTC()
	}
	*d = jsonDate(t)
	return nil
}

func encodeRunFile(w io.Writer, r *analyze.Result, version string) error {
	f := runFile{
		Version:        runFileVersion,
		Legwork:        version,
		AsOf:           jsonDate(r.AsOf),
		HRMax:          r.HRMax,
		HRMaxEstimated: r.HRMaxEstimated,
		HRRest:         r.HRRest,
		Units:          &r.Units,
		IncreasePct:    &r.IncreasePct,
		NextRunLimitM:  r.NextRunLimitM,
		Problems:       make([]problemJSON, 0, len(r.Problems)),
	}
	if c := r.Current; c != nil {
		f.Current = &currentWeek{
			Start: jsonDate(c.Start), DistanceM: c.DistanceM, LimitM: c.LimitM, AllowanceM: c.AllowanceM, HasLimit: c.HasLimit,
			Load: c.Load, LoadLimit: c.LoadLimit, LoadAllowance: c.LoadAllowance, HasLoadLimit: c.HasLoadLimit,
		}
	}
	for _, p := range r.Problems {
		f.Problems = append(f.Problems, problemJSON(p))
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// decodeRunFile fills the non-table fields of r from run.json.
func decodeRunFile(rd io.Reader, r *analyze.Result) error {
	var f runFile
	if err := json.NewDecoder(rd).Decode(&f); err != nil {
		return err
	}
	if f.Version != 1 && f.Version != runFileVersion {
		return fmt.Errorf("version %d, want 1 or %d (written by another legwork version; run legwork run again)", f.Version, runFileVersion)
	}
	r.AsOf = time.Time(f.AsOf)
	r.HRMax = f.HRMax
	r.HRMaxEstimated = f.HRMaxEstimated
	r.HRRest = f.HRRest
	r.Units = "mi"
	if f.Units != nil {
		r.Units = *f.Units
	}
	r.IncreasePct = analyze.DefaultIncreasePct
	if f.IncreasePct != nil {
		r.IncreasePct = *f.IncreasePct
	}
	r.NextRunLimitM = f.NextRunLimitM
	if c := f.Current; c != nil {
		r.Current = &analyze.CurrentWeek{
			Start: time.Time(c.Start), DistanceM: c.DistanceM, LimitM: c.LimitM, AllowanceM: c.AllowanceM, HasLimit: c.HasLimit,
			Load: c.Load, LoadLimit: c.LoadLimit, LoadAllowance: c.LoadAllowance, HasLoadLimit: c.HasLoadLimit,
		}
	}
	for _, p := range f.Problems {
		r.Problems = append(r.Problems, analyze.Problem(p))
	}
	return nil
}

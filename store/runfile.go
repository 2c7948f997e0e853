package store

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/legwork-run/legwork/analyze"
)

// runFileVersion is the version of run.json that this code writes and reads.
const runFileVersion = 1

// runFile is data/run.json: the fields of analyze.Result that are not
// tables. Instants are RFC 3339 (UTC midnights for the dates), distances in
// meters, heart rates in bpm.
type runFile struct {
	Version        int           `json:"version"`
	AsOf           time.Time     `json:"as_of"`
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
	Start         time.Time `json:"week_start"`
	DistanceM     float64   `json:"distance_m"`
	LimitM        float64   `json:"limit_m"`
	AllowanceM    float64   `json:"allowance_m"`
	HasLimit      bool      `json:"has_limit"`
	Load          float64   `json:"load"`
	LoadLimit     float64   `json:"load_limit"`
	LoadAllowance float64   `json:"load_allowance"`
	HasLoadLimit  bool      `json:"has_load_limit"`
}

type problemJSON struct {
	Source  string `json:"source"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func encodeRunFile(w io.Writer, r *analyze.Result) error {
	f := runFile{
		Version:        runFileVersion,
		AsOf:           r.AsOf,
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
			Start: c.Start, DistanceM: c.DistanceM, LimitM: c.LimitM, AllowanceM: c.AllowanceM, HasLimit: c.HasLimit,
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
	if f.Version != runFileVersion {
		return fmt.Errorf("version %d, want %d (written by another legwork version; run legwork run again)", f.Version, runFileVersion)
	}
	r.AsOf = f.AsOf
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
			Start: c.Start, DistanceM: c.DistanceM, LimitM: c.LimitM, AllowanceM: c.AllowanceM, HasLimit: c.HasLimit,
			Load: c.Load, LoadLimit: c.LoadLimit, LoadAllowance: c.LoadAllowance, HasLoadLimit: c.HasLoadLimit,
		}
	}
	for _, p := range f.Problems {
		r.Problems = append(r.Problems, analyze.Problem(p))
	}
	return nil
}

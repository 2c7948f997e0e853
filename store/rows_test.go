package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/legwork-run/legwork/analyze"
)

// The JSON of a row (inspect --json, shoes --json) has exactly the Parquet
// columns as keys, in the same order, for a row with every value set and
// for one with every nullable value null.
func TestRowJSONKeysAreColumns(t *testing.T) {
	f, n := 2.5, 150
	day := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	full := analyze.ActivityRow{ID: "x", Source: "a.fit", Format: "fit", Sport: "running", Device: "d", Name: "Morning Run",
		Start: day.Add(6*time.Hour + 250*time.Millisecond), LocalDate: day, WeekStart: day.AddDate(0, 0, -1),
		AscentM: &f, AvgHR: n, MaxHR: n, Load: &f, LoadImputed: true, Shoe: "s", Counted: true, DuplicateOf: "y"}
	shoe := analyze.ShoeTotal{Name: "s", FirstRun: day, LastRun: day, ReplaceBy: day, Status: "ok"}
	for _, tc := range []struct {
		name string
		row  any
	}{
		{"activity", ActivityRowOf(full)},
		{"empty activity", ActivityRowOf(analyze.ActivityRow{})},
		{"shoe", ShoeRowOf(shoe)},
		{"empty shoe", ShoeRowOf(analyze.ShoeTotal{})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cols []string
			for _, c := range parquet.SchemaOf(tc.row).Fields() {
				cols = append(cols, c.Name())
			}
			b, err := json.Marshal(tc.row)
			if err != nil {
				t.Fatal(err)
			}
			keys := jsonKeys(t, b)
			if !slices.Equal(keys, cols) {
				t.Errorf("JSON keys %v\nParquet columns %v", keys, cols)
			}
		})
	}
	b, _ := json.Marshal(ActivityRowOf(full))
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	if obj["start_time"] != "2026-11-17T06:00:00.25Z" || obj["local_date"] != "2026-11-17" || obj["week_start"] != "2026-11-16" {
		t.Errorf("times: %s", b)
	}
}

// jsonKeys returns the keys of a JSON object in their order.
func jsonKeys(t *testing.T, b []byte) []string {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.Token() // {
	for dec.More() {
		tok, _ := dec.Token()
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	if len(keys) != len(raw) {
		t.Fatalf("repeated keys in %s", b)
	}
	return keys
}

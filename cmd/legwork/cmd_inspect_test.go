package main

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/legwork-run/legwork/store"
)

// contractColumns are the activities columns of DESIGN.md's contract, which
// `inspect --json` uses as its keys.
var contractColumns = []string{"activity_id", "source", "format", "sport", "device", "start_time", "utc_offset_s",
	"local_date", "week_start", "elapsed_s", "moving_s", "distance_m", "ascent_m", "avg_hr", "max_hr", "load", "shoe",
	"counted", "duplicate_of"}

// rowColumns are the activities.parquet columns: the json tags of
// store.ActivityRow, which store's tests hold equal to its parquet tags.
var rowColumns = func() []string {
	var cols []string
	rt := reflect.TypeFor[store.ActivityRow]()
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		cols = append(cols, name)
	}
	return cols
}()

// jsonKeys returns the keys of a JSON object in their order.
func jsonKeys(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// inspect --json has exactly the activities columns as keys, in order.
func TestInspectJSONKeys(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"inspect", "--json", "--as-of", "2026-11-25",
		"../../testdata/demo/garmin/2026-11-17-06-49-51.fit", "../../testdata/demo/strava-export.zip"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 4 { // one FIT run, three runs in the zip
		t.Fatalf("got %d lines, want 4:\n%s", len(lines), stdout.String())
	}
	for _, line := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		for _, col := range contractColumns {
			if _, ok := obj[col]; !ok {
				t.Errorf("key %q missing in %s", col, line)
			}
		}
		if keys := jsonKeys(t, line); !slices.Equal(keys, rowColumns) {
			t.Errorf("keys %v, want the activities columns %v", keys, rowColumns)
		}
		// A file named on the command line keeps the path as given; its members follow "!/".
		if src := obj["source"].(string); strings.Contains(src, "strava-export.zip") && !strings.HasPrefix(src, "../../testdata/demo/strava-export.zip!/activities/") {
			t.Errorf("archive member source %q, want …/strava-export.zip!/activities/…", src)
		}
	}
}

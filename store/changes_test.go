package store

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/legwork-run/legwork/analyze"
)

func TestChangesRoundTrip(t *testing.T) {
	want := &analyze.Changes{
		PrevAsOf: day(2026, 3, 8),
		Added:    []analyze.ActivityRow{{ID: "a1", Source: "runs/a.fit", Start: day(2026, 3, 9).Add(7 * 3600e9), LocalDate: day(2026, 3, 9), DistanceM: 5000}},
		Removed:  []analyze.ActivityRow{{ID: "b1", Source: "runs/b.gpx", Start: day(2026, 3, 1), LocalDate: day(2026, 3, 1), DistanceM: 8000}},
		New: []analyze.Flag{{Kind: analyze.KindWeeklyDistanceSpike, Severity: analyze.Caution, Week: day(2026, 3, 9),
			Date: day(2026, 3, 9), Value: 23.5, Threshold: 10, Base: 34100}},
		Cleared: []analyze.Flag{{Kind: analyze.KindShoeWorn, Severity: analyze.Info, Shoe: "Pegasus", Date: day(2026, 3, 1), Value: 490000, Threshold: 482803.2}},
		Shoes:   []analyze.ShoeChange{{Name: "Pegasus", From: analyze.ShoeWorn, To: analyze.ShoeReplace}},
	}
	out := t.TempDir()
	var b bytes.Buffer
	if err := EncodeChanges(&b, want); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(out, "data"), 0o777)
	if err := os.WriteFile(filepath.Join(out, "data", ChangesFile), b.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
	got, err := ReadChanges(out)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestReadChangesNone(t *testing.T) {
	out := t.TempDir()
	if c, err := ReadChanges(out); c != nil || err != nil {
		t.Errorf("no file: %v, %v", c, err)
	}
	os.MkdirAll(filepath.Join(out, "data"), 0o777)
	var b bytes.Buffer
	EncodeChanges(&b, nil)
	os.WriteFile(filepath.Join(out, "data", ChangesFile), b.Bytes(), 0o666)
	if c, err := ReadChanges(out); c != nil || err != nil {
		t.Errorf("null: %v, %v", c, err)
	}
	os.WriteFile(filepath.Join(out, "data", ChangesFile), []byte("{"), 0o666)
	if _, err := ReadChanges(out); err == nil {
		t.Error("damaged file: no error")
	}
}

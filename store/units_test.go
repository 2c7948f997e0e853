package store

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/phrase"
	"github.com/legwork-run/legwork/internal/units"
)

// randomSeason makes a reproducible season of runs that raises every kind
// of flag now and then: uneven weeks, long runs, a long break, heart rate
// for load, named runs, shoes with low marks, a duplicate and a ride.
func randomSeason(seed uint64) ([]ingest.Activity, analyze.Config, time.Time) {
	rng := rand.New(rand.NewPCG(seed, 3))
	first := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	var acts []ingest.Activity
	for d := range 130 {
		if d >= 50 && d < 85 || rng.IntN(3) == 0 {
			continue // the break, and rest days
		}
		id := fmt.Sprintf("r%03d", d)
		start := first.AddDate(0, 0, d).Add(time.Duration(5+rng.IntN(14)) * time.Hour)
		dur := time.Duration(25+rng.IntN(90)) * time.Minute
		a := ingest.Activity{
			ID: id, Source: "runs/" + id + ".fit", Format: "fit", Sport: "running",
			Start: start, UTCOffset: int32(rng.IntN(5)-2) * 3600, Elapsed: dur,
			DistanceM: float64(1500 + rng.IntN(40)*250), HasDistance: true,
		}
		if rng.IntN(4) == 0 {
			a.Name = "Long run " + id
		}
		if rng.IntN(10) < 8 {
			hr := uint8(125 + rng.IntN(50))
			for t := time.Duration(0); t <= dur; t += 5 * time.Second {
				a.Samples = append(a.Samples, ingest.Sample{T: t, HR: hr})
			}
			a.Summarize()
		}
		switch rng.IntN(20) {
		case 0:
			a.Sport = "cycling"
		case 1:
			a.DuplicateOf = "r000"
		}
		acts = append(acts, a)
	}
	cfg := analyze.Config{WeekStart: time.Monday, HRRest: 50, Sex: "female", IncreasePct: 10 + float64(seed%3)*2.5,
		Shoes: []analyze.Shoe{
			{Name: "Old racer", From: first, To: first.AddDate(0, 0, 30), WarnAtM: 20000, ReplaceAtM: 60000 + float64(seed%2)*1e6},
			{Name: "Pegasus 40", From: first, StartDistanceM: 300000, WarnAtM: 400000, ReplaceAtM: 700000},
		}}
	return acts, cfg, first.AddDate(0, 0, 100+int(seed%25))
}

// messages returns the flags' messages of r in u, in order.
func messages(r *analyze.Result, u string) []string { return phrase.Flags(r, units.Of(u)) }

// storedMessages returns the message column of out's flags.parquet.
func storedMessages(t *testing.T, out string) []string {
	t.Helper()
	rows, err := parquet.ReadFile[flagRow](filepath.Join(out, "data", FlagsFile))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, r := range rows {
		msgs = append(msgs, r.Message)
	}
	return msgs
}

// TestRephraseAfterRoundTrip: a Result analyzed in miles is written with
// its messages in miles, and read back it words its flags in kilometres
// exactly as the Result analyzed in kilometres does; back in miles, as the
// table says.
func TestRephraseAfterRoundTrip(t *testing.T) {
	kinds := map[analyze.Kind]bool{}
	for seed := range uint64(8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			acts, cfg, asOf := randomSeason(seed)
			inMi := analyze.Analyze(acts, cfg, asOf)
			cfg.Units = "km"
			inKm := analyze.Analyze(acts, cfg, asOf)
			out := t.TempDir()
			if err := writeOut(context.Background(), out, inMi); err != nil {
				t.Fatal(err)
			}
			got, err := Read(out)
			if err != nil {
				t.Fatal(err)
			}
			if got.Units != "mi" {
				t.Errorf("Units = %q, want mi", got.Units)
			}
			if g, w := messages(got, "km"), messages(inKm, "km"); !slices.Equal(g, w) {
				t.Errorf("rephrased in km:\n got %q\nwant %q", g, w)
			}
			if g, w := messages(got, "mi"), storedMessages(t, out); !slices.Equal(g, w) {
				t.Errorf("rephrased back in mi:\n got %q\nstored %q", g, w)
			}
			if g, w := storedMessages(t, out), messages(inMi, "mi"); !slices.Equal(g, w) {
				t.Errorf("stored:\n got %q\nwant %q", g, w)
			}
			for _, f := range inKm.Flags {
				kinds[f.Kind] = true
			}
		})
	}
	// The seasons must exercise the messages that carry distances.
	for _, k := range []analyze.Kind{analyze.KindWeeklyDistanceSpike, analyze.KindWeeklyLoadSpike, analyze.KindRestart,
		analyze.KindSessionSpike, analyze.KindReturnAfterBreak, analyze.KindShoeWorn, analyze.KindShoeReplace} {
		if !kinds[k] {
			t.Errorf("no season raised a %s flag", k)
		}
	}
}

// TestReadOlderFiles reads what a legwork from before flags' base column
// and run.json's units wrote: base reads as 0 and the units as mi, and
// internal/phrase still finds M of a session spike from its distance and value.
func TestReadOlderFiles(t *testing.T) {
	acts := []ingest.Activity{
		{ID: "a", Source: "a.fit", Sport: "running", Start: time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC), Elapsed: time.Hour, DistanceM: 3000, HasDistance: true},
		{ID: "b", Source: "b.fit", Sport: "running", Start: time.Date(2026, 4, 6, 7, 0, 0, 0, time.UTC), Elapsed: time.Hour, DistanceM: 10000, HasDistance: true},
		{ID: "c", Source: "c.fit", Sport: "running", Start: time.Date(2026, 4, 11, 7, 0, 0, 0, time.UTC), Elapsed: time.Hour, DistanceM: 12000, HasDistance: true},
	}
	cfg := analyze.Config{WeekStart: time.Monday}
	res := analyze.Analyze(acts, cfg, time.Date(2026, 4, 12, 0, 0, 0, 0, time.UTC))
	inKm := messages(res, "km")

	out := t.TempDir()
	if err := writeOut(context.Background(), out, res); err != nil {
		t.Fatal(err)
	}
	// The flags table as it was written before base: every column but it.
	type oldFlag struct {
		Kind       string  `parquet:"kind,dict"`
		Severity   string  `parquet:"severity,dict"`
		WeekStart  *int32  `parquet:"week_start,date,optional"`
		ActivityID *string `parquet:"activity_id,optional"`
		Shoe       *string `parquet:"shoe,optional"`
		Value      float64 `parquet:"value"`
		Threshold  float64 `parquet:"threshold"`
		Message    string  `parquet:"message"`
		Date       *int32  `parquet:"date,date,optional"`
	}
	var old []oldFlag
	for _, r := range toFlagRows(res) {
		old = append(old, oldFlag{r.Kind, r.Severity, r.WeekStart, r.ActivityID, r.Shoe, r.Value, r.Threshold, r.Message, r.Date})
	}
	writeParquet(t, filepath.Join(out, "data", FlagsFile), old)
	runJSON := filepath.Join(out, "data", RunFile)
	b, err := os.ReadFile(runJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"units": "mi",`) {
		t.Fatalf("run.json lacks the units:\n%s", b)
	}
	older := regexp.MustCompile(`\s*"units": "mi",|\s*"increase_pct": [0-9.]+,`).ReplaceAll(b, nil)
	if bytes.Contains(older, []byte("increase_pct")) || bytes.Contains(older, []byte(`"units"`)) {
		t.Fatalf("run.json still has units or increase_pct:\n%s", older)
	}
	if err := os.WriteFile(runJSON, older, 0o666); err != nil {
		t.Fatal(err)
	}

	got, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Units != "mi" || got.IncreasePct != 10 {
		t.Errorf("Units = %q, IncreasePct = %v; want mi and 10 from a run.json without them", got.Units, got.IncreasePct)
	}
	spikes := 0
	for i, f := range got.Flags {
		if f.Base != 0 {
			t.Errorf("flag %d: Base = %g, want 0 from a file without the column", i, f.Base)
		}
		if f.Kind == analyze.KindSessionSpike {
			spikes++
		}
	}
	if spikes == 0 {
		t.Fatal("no session spike to rephrase")
	}
	if g, w := messages(got, "km"), inKm; !slices.Equal(g, w) {
		t.Errorf("rephrased in km:\n got %q\nwant %q", g, w)
	}
}

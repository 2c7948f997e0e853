package analyze

import (
	"github.com/legwork-run/legwork/internal/corpus"

	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
)

// TestCorpus decodes every readable file of the shared corpus and checks
// that Analyze holds its invariants on real devices' data: finite,
// non-negative loads, a plausible hr_max estimate, weeks that add up, and
// an order-independent result.
func TestCorpus(t *testing.T) {
	corpusDir := corpus.Dir(t)
	var acts []ingest.Activity
	for _, sub := range []string{"fit", "gpx", "tcx", "bad"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, sub, "*"))
		for _, f := range files {
			acts = append(acts, decodeFile(t, f)...)
		}
	}
	if len(acts) < 50 {
		t.Fatalf("only %d activities decoded from the corpus", len(acts))
	}
	var last time.Time
	for _, a := range acts {
		if a.Start.After(last) {
			last = a.Start
		}
	}
	asOf := last.AddDate(0, 0, 1)
	r := Analyze(acts, Config{WeekStart: time.Monday}, asOf)

	withLoad := 0
	for _, row := range r.Activities {
		if row.Load != nil {
			withLoad++
			if v := *row.Load; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Errorf("%s: load %g", row.Source, v)
			}
		}
	}
	if withLoad == 0 {
		t.Error("no activity in the corpus got a load")
	}
	if !r.HRMaxEstimated || r.HRMax <= 100 || r.HRMax >= 230 {
		t.Errorf("hr_max %d (estimated %v)", r.HRMax, r.HRMaxEstimated)
	}
	var counted, weeks float64
	byID := map[string]bool{}
	for _, a := range acts {
		byID[a.ID] = a.HasDistance
	}
	for _, row := range r.Activities {
		if row.Counted && byID[row.ID] {
			counted += row.DistanceM
		}
	}
	for _, w := range r.Weeks {
		weeks += w.DistanceM
	}
	if !near(counted, weeks, 1e-6*max(1, counted)) {
		t.Errorf("weeks sum to %f m, counted runs to %f m", weeks, counted)
	}
	rev := slices.Clone(acts)
	slices.Reverse(rev)
	if !reflect.DeepEqual(Analyze(rev, Config{WeekStart: time.Monday}, asOf), r) {
		t.Error("reversed input changed the result")
	}
	t.Logf("%d activities, %d with load, %d weeks, %d flags, hr_max %d", len(r.Activities), withLoad, len(r.Weeks), len(r.Flags), r.HRMax)
}

// decodeFile decodes one corpus file by its extension, ignoring files that
// do not decode (the bad folder, settings files): only what decodes matters.
func decodeFile(t *testing.T, name string) []ingest.Activity {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil
		}
		defer gz.Close()
		r = gz
		lower = strings.TrimSuffix(lower, ".gz")
	}
	src := filepath.Base(name)
	var acts []ingest.Activity
	switch filepath.Ext(lower) {
	case ".fit":
		acts, err = ingest.DecodeFIT(r, src)
	case ".gpx":
		acts, err = ingest.DecodeGPX(r, src)
	case ".tcx":
		acts, err = ingest.DecodeTCX(r, src)
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	for i := range acts {
		if acts[i].ID == "" { // ingest.Read assigns IDs; the decoders alone do not
			acts[i].ID = fmt.Sprintf("%s#%d", src, acts[i].Session)
		}
		acts[i].Summarize() // as ingest.Read does
	}
	return acts
}

package ingest

import (
	"github.com/legwork-run/legwork/internal/corpus"

	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fitCorpusFiles lists the corpus FIT files under sub ("fit" or "bad"),
// relative to the corpus, sorted.
func fitCorpusFiles(t testing.TB, dir, sub string) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"*.fit", "*.FIT", "*.fit.gz"} {
		m, err := filepath.Glob(filepath.Join(dir, sub, pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			files = append(files, sub+"/"+filepath.Base(p))
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// fitCorpusBytes reads a corpus file, gunzipping .gz files.
func fitCorpusBytes(t testing.TB, dir, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(file, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// fitExpectedRows reads the FIT rows of EXPECTED.tsv, by file, in order.
func fitExpectedRows(t testing.TB, dir string) map[string][]map[string]string {
	t.Helper()
	rows := map[string][]map[string]string{}
	for _, m := range corpus.Expected(t, dir) {
		if m["format"] == "fit" || m["format"] == "fit.gz" {
			rows[m["file"]] = append(rows[m["file"]], m)
		}
	}
	return rows
}

func fitActivityByIndex(acts []Activity, index int) *Activity {
	for i := range acts {
		if acts[i].Session == index {
			return &acts[i]
		}
	}
	return nil
}

// fitCheckSession compares an activity with a reference session row:
// start within 2 s, distance within 0.5% of the session's total_distance
// (exactly 0 stays 0; no reference distance means the file gives none).
func fitCheckSession(t *testing.T, a *Activity, row map[string]string) bool {
	t.Helper()
	ok := true
	want, err := time.Parse(time.RFC3339, row["start_time_utc"])
	if err != nil {
		t.Fatalf("bad start_time_utc %q", row["start_time_utc"])
	}
	if d := a.Start.Sub(want); d < -2*time.Second || d > 2*time.Second {
		t.Errorf("session %s: start %v, want %v", row["index"], a.Start, want)
		ok = false
	}
	if row["distance_m"] == "" {
		if a.HasDistance {
			t.Errorf("session %s: distance %v, but the file has no session distance", row["index"], a.DistanceM)
			ok = false
		}
		return ok
	}
	wantD, err := strconv.ParseFloat(row["distance_m"], 64)
	if err != nil {
		t.Fatalf("bad distance_m %q", row["distance_m"])
	}
	if !a.HasDistance || math.Abs(a.DistanceM-wantD) > max(0.005*wantD, 0.01) {
		t.Errorf("session %s: distance %v (has %v), want %v ±0.5%%", row["index"], a.DistanceM, a.HasDistance, wantD)
		ok = false
	}
	return ok
}

// fitCorpusFileRows says what DecodeFIT returns for the corpus files in
// which the reference found no session (rows with row=file): "skip:<reason
// fragment>" or "derived" (one activity made from the records).
var fitCorpusFileRows = map[string]string{
	"fit/cptr_garmin-connect-course.fit":                "skip:course file, not an activity",
	"fit/fitparse_garmin-edge510-settings.fit":          "skip:settings file, not an activity",
	"fit/fitparse_garmin-vivofit-monitoring.fit":        "skip:monitoring_b file, not an activity",
	"fit/muktihari_bryton-fileid-only.fit":              "skip:fewer than two timed records",      // one record: nothing to derive
	"fit/fitparse_fitsdk-developerdata-nosession.fit":   "skip:without sessions or timed records", // its 3 records have no timestamp
	"fit/garminsdk_garmin-edge1040-ride-no-session.fit": "derived",
}

// fitSystemTimeStarts are files whose times are device system time. The
// reference SDK shows their session start in 1990; DecodeFIT gives the local
// wall-clock start instead, from activity.local_timestamp.
var fitSystemTimeStarts = map[string]time.Time{
	// activity: timestamp 17221751 (system), local_timestamp 698070063;
	// session start_time 17217864 (system): the start is local
	// 698070063 − (17221751 − 17217864) = 698066176 s after the FIT epoch.
	"fit/fitparse_garmin-fr70-run-compressed-timestamps.fit": time.Unix(631065600+698066176, 0).UTC(),
}

func TestDecodeFITCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	expected := fitExpectedRows(t, dir)
	files := fitCorpusFiles(t, dir, "fit")
	var matched, reference, transitions int
	for _, file := range files {
		rows := expected[file]
		if len(rows) == 0 {
			t.Errorf("%s: no row in EXPECTED.tsv", file)
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			acts, err := DecodeFIT(bytes.NewReader(fitCorpusBytes(t, dir, file)), file)
			if rows[0]["row"] == "file" {
				fitCheckFileRow(t, file, rows[0], acts, err)
				return
			}
			if err != nil {
				t.Fatalf("DecodeFIT: %v", err)
			}
			want := 0
			for _, row := range rows {
				idx, _ := strconv.Atoi(row["index"])
				a := fitActivityByIndex(acts, idx)
				if row["sport"] == "transition" {
					// Multisport transitions are sessions, not activities.
					transitions++
					if a != nil {
						t.Errorf("transition session %d came back as an activity", idx)
					}
					continue
				}
				want++
				reference++
				if a == nil {
					t.Errorf("session %d missing", idx)
					continue
				}
				if start, ok := fitSystemTimeStarts[file]; ok {
					// The reference shows system time (1990): check the
					// local start and the rest as usual.
					row = maps.Clone(row)
					row["start_time_utc"] = start.Format(time.RFC3339)
					if !fitHasWarning(*a, "system time") {
						t.Errorf("no system-time warning: %q", a.Warnings)
					}
				}
				if row["parse_ok"] == "false" && len(a.Samples) == 0 {
					// Where the SDK failed it read no records; we must.
					t.Errorf("session %d: no samples", idx)
				}
				if fitCheckSession(t, a, row) {
					matched++
				}
			}
			if len(acts) != want {
				t.Errorf("%d activities, want %d", len(acts), want)
			}
		})
	}
	t.Logf("%d of %d reference sessions matched (start ±2 s, distance ±0.5%%); %d transition sessions not activities",
		matched, reference, transitions)
	if matched != reference {
		t.Errorf("matched %d of %d reference sessions", matched, reference)
	}
}

// fitCheckFileRow checks a corpus file the reference found no session in.
func fitCheckFileRow(t *testing.T, file string, row map[string]string, acts []Activity, err error) {
	t.Helper()
	outcome, ok := fitCorpusFileRows[file]
	if !ok {
		t.Fatalf("no outcome stated for %s (got %d activities, err %v)", file, len(acts), err)
	}
	if reason, skip := strings.CutPrefix(outcome, "skip:"); skip {
		var de *DecodeError
		if acts != nil || !errors.As(err, &de) || !de.Skipped() || !strings.Contains(err.Error(), reason) {
			t.Errorf("got %d activities, err %v; want a skip saying %q", len(acts), err, reason)
		}
		return
	}
	if err != nil || len(acts) != 1 {
		t.Fatalf("got %d activities, err %v; want one derived from the records", len(acts), err)
	}
	a := acts[0]
	first, _ := time.Parse(time.RFC3339, row["first_point_utc"])
	last, _ := time.Parse(time.RFC3339, row["last_point_utc"])
	if !a.Start.Equal(first) || !a.Start.Add(a.Elapsed).Equal(last) || a.Session != 0 || !a.HasDistance ||
		!fitHasWarning(a, "no session") {
		t.Errorf("derived activity: start %v elapsed %v distance %v warnings %q; records span %v–%v",
			a.Start, a.Elapsed, a.DistanceM, a.Warnings, first, last)
	}
	if n, _ := strconv.Atoi(row["file_records"]); len(a.Samples) != n {
		t.Errorf("%d samples, want the file's %d records", len(a.Samples), n)
	}
}

// fitBadOutcomes states what DecodeFIT returns for every file in bad/.
var fitBadOutcomes = []struct {
	file       string
	activities int    // returned alongside the error (a partial read) or alone
	wantErr    error  // errors.Is target; nil when any *DecodeError is right
	msg        string // part of the error text; "" for no error
	why        string
}{
	{"bad/choochoo_header-datasize-zero.fit", 1, ErrPartialRead, "never finalized",
		"header data_size 0 (an Edge 1030 ride never finalized): messages read as far as the file goes, 43.7 km kept"},
	{"bad/cptr_course-truncated.fit", 0, ErrNoActivity, "course file, not an activity",
		"a truncated course is still not an activity: skipped by its file_id"},
	{"bad/fitparse_bad-file-crc.fit", 0, errBadCRC, "file CRC mismatch",
		"one sequence with a bad CRC: nothing kept"},
	{"bad/fitparse_chained-second-file-bad-crc.fit", 1, ErrPartialRead, "sequence 2: file CRC mismatch",
		"the first sequence is sound and kept; the second contributes nothing"},
	{"bad/fitparse_strava-android-run-truncated.fit", 1, ErrPartialRead, "message definition missing",
		"the session came before the damage and is kept"},
	{"bad/fitparse_truncated-unexpected-eof.fit", 1, ErrPartialRead, "truncated",
		"cut inside its last message: the session before it is kept"},
	{"bad/muktihari_fitsdk-activity-truncated.fit", 1, nil, "",
		"valid CRC, no session: one activity derived from its 14 records"},
	{"bad/sportslib_empty-0-bytes.fit", 0, nil, "empty file", "zero bytes"},
}

func TestDecodeFITCorpusBad(t *testing.T) {
	dir := corpus.Dir(t)
	expected := fitExpectedRows(t, dir)
	var stated []string
	for _, tc := range fitBadOutcomes {
		stated = append(stated, tc.file)
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			acts, err := DecodeFIT(bytes.NewReader(fitCorpusBytes(t, dir, tc.file)), tc.file)
			if len(acts) != tc.activities {
				t.Errorf("%d activities, want %d (%s)", len(acts), tc.activities, tc.why)
			}
			if tc.msg == "" {
				if err != nil {
					t.Errorf("err = %v, want none (%s)", err, tc.why)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Path != tc.file || de.Format != "fit" {
				t.Fatalf("err = %#v, want a *DecodeError for %s", err, tc.file)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want %v saying %q (%s)", err, tc.wantErr, tc.msg, tc.why)
			}
			// What a partial read keeps matches what the SDK read of it.
			for _, a := range acts {
				for _, row := range expected[tc.file] {
					if row["row"] == "session" && row["index"] == strconv.Itoa(a.Session) {
						fitCheckSession(t, &a, row)
					}
				}
			}
		})
	}
	slices.Sort(stated)
	if files := fitCorpusFiles(t, dir, "bad"); !slices.Equal(files, stated) {
		t.Errorf("bad/ holds %v, the table states %v", files, stated)
	}
}

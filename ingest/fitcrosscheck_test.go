package ingest

import (
	"github.com/legwork-run/legwork/internal/corpus"

	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	tfit "github.com/tormoder/fit"
)

// tormoderSessions decodes b with github.com/tormoder/fit and returns the
// sessions of its activity files, in file order (transitions included).
// ok is false when tormoder refuses the first FIT sequence. A later
// sequence it cannot read (Garmin's appended HRM data has no file_id, which
// its DecodeChained requires) ends the list without failing the file: its
// Decode reads the first sequence only, so this is the most it reads.
func tormoderSessions(b []byte) (sessions []*tfit.SessionMsg, ok bool, err error) {
	files, err := tfit.DecodeChained(bytes.NewReader(b))
	complete := len(files)
	if err != nil {
		complete-- // the last file is the one that failed, partly read
	}
	if complete <= 0 {
		return nil, false, err
	}
	for _, f := range files[:complete] {
		if f.FileId.Type != tfit.FileTypeActivity {
			continue
		}
		act, aerr := f.Activity()
		if aerr != nil {
			continue
		}
		sessions = append(sessions, act.Sessions...)
	}
	return sessions, true, nil
}

// fitCrossCheckExceptions are the corpus files where DecodeFIT and
// tormoder/fit do not both read the same sessions, and why that is
// expected.
var fitCrossCheckExceptions = map[string]string{
	// research/perf-anchors.md, "Files tormoder rejects": its strict
	// field-size validation refuses fields wider than the profile says.
	"fit/gc_garmin-fr55-walk-coretemp-devfields.fit":         "tormoder refuses the record definition: enhanced_altitude (78) declared 8 bytes for a uint32",
	"fit/muktihari_garmin-fr255-triathlon-summary-first.fit": "tormoder refuses the session definition: field 124 declared 8 bytes for a uint32",
	// System time: tormoder gives the 1990 dates as written.
	"fit/fitparse_garmin-fr70-run-compressed-timestamps.fit": "device system time: tormoder shows 1990, DecodeFIT the local start from activity.local_timestamp",
	// Activity files without session: tormoder has no session to compare.
	"fit/garminsdk_garmin-edge1040-ride-no-session.fit": "no session message: DecodeFIT derives one activity from the records",
	"bad/muktihari_fitsdk-activity-truncated.fit":       "no session message: DecodeFIT derives one activity from the records",
	// Damaged files: DecodeFIT keeps what came before the damage, tormoder
	// refuses the whole file.
	"bad/cptr_course-truncated.fit":                 "DecodeFIT skips a course by its file_id, before the truncation tormoder fails on",
	"bad/choochoo_header-datasize-zero.fit":         "an unfinalized recording (header data_size 0): DecodeFIT reads its messages as far as the file goes; tormoder trusts the header and reads nothing",
	"bad/fitparse_strava-android-run-truncated.fit": "DecodeFIT keeps the session read before the missing definition (partial read)",
	"bad/fitparse_truncated-unexpected-eof.fit":     "DecodeFIT keeps the session read before the cut (partial read)",
}

func TestDecodeFITCrossCheck(t *testing.T) {
	dir := corpus.Dir(t)
	files := append(fitCorpusFiles(t, dir, "fit"), fitCorpusFiles(t, dir, "bad")...)
	var both, compared int
	for _, file := range files {
		t.Run(strings.ReplaceAll(file, "/", "_"), func(t *testing.T) {
			b := fitCorpusBytes(t, dir, file)
			acts, err := DecodeFIT(bytes.NewReader(b), file)
			// A skip is a read with no activity; a partial read is a read
			// of what it returns.
			oursOK := err == nil || isSkip(err) || errors.Is(err, ErrPartialRead)
			theirs, theirsOK, terr := tormoderSessions(b)

			var want []*tfit.SessionMsg // sessions that are activities
			var wantIndex []int
			for i, s := range theirs {
				if s.Sport == tfit.SportTransition {
					continue
				}
				want = append(want, s)
				wantIndex = append(wantIndex, i)
			}
			agree := oursOK && theirsOK && len(acts) == len(want)
			for i := 0; agree && i < len(want); i++ {
				a, s := acts[i], want[i]
				if a.Session != wantIndex[i] || a.Start.Sub(s.StartTime.UTC()).Abs() > time.Second {
					agree = false
					break
				}
				if d := s.GetTotalDistanceScaled(); !math.IsNaN(d) && math.Abs(a.DistanceM-d) > max(0.005*d, 0.01) {
					agree = false
				}
			}

			reason, excepted := fitCrossCheckExceptions[file]
			switch {
			case excepted && agree:
				t.Errorf("listed as an exception (%s) but both decoders agree", reason)
			case excepted:
				t.Logf("differs as expected: %s", reason)
			case !oursOK && !theirsOK:
				// Both refuse the file (bad/): nothing to compare.
			case !agree:
				t.Errorf("decoders disagree: ours %d activities (err %v), tormoder ok=%v %d sessions (err %v)",
					len(acts), err, theirsOK, len(theirs), terr)
				for i, a := range acts {
					t.Logf("  ours %d: index %d start %v distance %.2f", i, a.Session, a.Start, a.DistanceM)
				}
				for i, s := range theirs {
					t.Logf("  tormoder %d: sport %v start %v distance %.2f", i, s.Sport, s.StartTime.UTC(), s.GetTotalDistanceScaled())
				}
			default:
				both++
				compared += len(acts)
			}
		})
	}
	t.Logf("%d files read alike by both decoders (%d activities compared); %d known differences",
		both, compared, len(fitCrossCheckExceptions))
	for file := range fitCrossCheckExceptions {
		if !slices.Contains(files, file) {
			t.Errorf("exception for %s, which is not in the corpus", file)
		}
	}
}

// isSkip reports whether err only says the file holds no activity.
func isSkip(err error) bool {
	var de *DecodeError
	return errors.As(err, &de) && de.Skipped()
}

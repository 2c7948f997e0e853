package ingest

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/fitfile"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/profile/typedef"
)

var fitT0 = time.Date(2026, 3, 2, 6, 30, 0, 0, time.UTC)

// fitAt is fitT0 plus sec seconds as a FIT date_time.
func fitAt(sec int) uint32 { return fitfile.Time(fitT0) + uint32(sec) }

// fitRunRecords writes n+1 records, one a second from second from, at 3 m/s
// from distance d0, heading north from 52.5 N 13.4 E.
func fitRunRecords(s *fitfile.Sequence, from, n int, d0 float64) {
	for i := 0; i <= n; i++ {
		d := d0 + 3*float64(i)
		s.Record(fitfile.Record{Time: fitAt(from + i), Lat: 52.5 + d/111195, Lon: 13.4, HasPos: true,
			DistM: d, HasDist: true, HR: uint8(130 + i%20)})
	}
}

// fitSimpleRun is a 10-minute run: file_id, records, session, activity at +1 h.
func fitSimpleRun(s *fitfile.Sequence) {
	s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
	s.Event(fitAt(0), fitfile.EventTimer, fitfile.EventTypeStart)
	fitRunRecords(s, 0, 600, 0)
	s.Event(fitAt(600), fitfile.EventTimer, fitfile.EventTypeStopAll)
	s.Session(fitfile.Session{Start: fitAt(0), Timestamp: fitAt(600), ElapsedS: 600, TimerS: 600, DistM: 1800,
		AscentM: 7, Sport: fitfile.SportRunning, SubSport: fitfile.SubGeneric, AvgHR: 141, MaxHR: 149})
	s.Activity(fitAt(600), fitAt(600)+3600)
}

func fitDecodeBytes(t *testing.T, b []byte) ([]Activity, error) {
	t.Helper()
	acts, err := DecodeFIT(bytes.NewReader(b), "runs/test.fit")
	if err != nil {
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error is %T, want *DecodeError: %v", err, err)
		}
		if de.Path != "runs/test.fit" || de.Format != "fit" {
			t.Errorf("DecodeError path %q format %q", de.Path, de.Format)
		}
	}
	return acts, err
}

func fitMustDecode(t *testing.T, b []byte, n int) []Activity {
	t.Helper()
	acts, err := fitDecodeBytes(t, b)
	if err != nil {
		t.Fatalf("DecodeFIT: %v", err)
	}
	if len(acts) != n {
		t.Fatalf("got %d activities, want %d: %+v", len(acts), n, acts)
	}
	return acts
}

func fitHasWarning(a Activity, sub string) bool {
	for _, w := range a.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestDecodeFITSimpleRun(t *testing.T) {
	var s fitfile.Sequence
	fitSimpleRun(&s)
	a := fitMustDecode(t, s.Bytes(), 1)[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"Source", a.Source, "runs/test.fit"},
		{"Index", a.Session, 0},
		{"Format", a.Format, FormatFIT},
		{"Sport", a.Sport, SportRunning},
		{"Device", a.Device, "garmin fr945"},
		{"Start", a.Start, fitT0},
		{"UTCOffset", a.UTCOffset, int32(3600)},
		{"OffsetSource", a.OffsetSource, OffsetFromFile},
		{"Elapsed", a.Elapsed, 10 * time.Minute},
		{"Moving", a.Moving, 10 * time.Minute},
		{"DistanceM", a.DistanceM, 1800.0},
		{"HasDistance", a.HasDistance, true},
		{"AscentM", *a.AscentM, 7.0},
		{"AvgHR", a.AvgHR, 141},
		{"MaxHR", a.MaxHR, 149},
		{"HasPosition", a.HasPosition, true},
		{"samples", len(a.Samples), 601},
		{"last T", a.Samples[600].T, 10 * time.Minute},
		{"last HR", a.Samples[600].HR, uint8(130)},
		{"ID", a.ID, ""},
		{"warnings", len(a.Warnings), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if math.Abs(a.FirstLat-52.5) > 1e-6 || math.Abs(a.FirstLon-13.4) > 1e-6 {
		t.Errorf("first fix %v,%v, want 52.5,13.4", a.FirstLat, a.FirstLon)
	}
}

func TestDecodeFITHeaders(t *testing.T) {
	tests := []struct {
		name string
		seq  fitfile.Sequence
	}{
		{"14-byte header", fitfile.Sequence{}},
		{"12-byte header", fitfile.Sequence{HeaderSize: 12}},
		{"14-byte header with header CRC 0", fitfile.Sequence{ZeroHeaderCRC: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fitSimpleRun(&tc.seq)
			a := fitMustDecode(t, tc.seq.Bytes(), 1)[0]
			if !a.Start.Equal(fitT0) || a.DistanceM != 1800 || len(a.Samples) != 601 {
				t.Errorf("start %v distance %v samples %d", a.Start, a.DistanceM, len(a.Samples))
			}
		})
	}
}

func TestDecodeFITChained(t *testing.T) {
	run2 := func() []byte {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3113, fitAt(3600))
		fitRunRecords(&s, 3600, 300, 0)
		s.Session(fitfile.Session{Start: fitAt(3600), ElapsedS: 300, TimerS: 300, DistM: 900,
			AscentM: -1, Sport: fitfile.SportRunning, SubSport: fitfile.SubTrail})
		return s.Bytes()
	}
	settings := func() []byte {
		var s fitfile.Sequence
		s.FileID(fitfile.FileSettings, 1, 3113, fitAt(0))
		return s.Bytes()
	}
	hrm := func() []byte { // appended HRM data: no file_id, no session
		var s fitfile.Sequence
		s.Event(fitAt(10), fitfile.EventTimer, fitfile.EventTypeStop)
		return s.Bytes()
	}
	var first fitfile.Sequence
	fitSimpleRun(&first)

	tests := []struct {
		name       string
		file       []byte
		wantIndex  []int
		wantSports []Sport
	}{
		{"two activities", fitfile.Chain(first.Bytes(), run2()), []int{0, 1}, []Sport{"running", "trail_running"}},
		{"activity then settings", fitfile.Chain(first.Bytes(), settings()), []int{0}, []Sport{"running"}},
		{"settings then activity", fitfile.Chain(settings(), first.Bytes()), []int{0}, []Sport{"running"}},
		{"activity then HRM data", fitfile.Chain(first.Bytes(), hrm(), run2()), []int{0, 1}, []Sport{"running", "trail_running"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts := fitMustDecode(t, tc.file, len(tc.wantIndex))
			for i, a := range acts {
				if a.Session != tc.wantIndex[i] || a.Sport != tc.wantSports[i] {
					t.Errorf("activity %d: index %d sport %s, want %d %s", i, a.Session, a.Sport, tc.wantIndex[i], tc.wantSports[i])
				}
			}
			if len(acts) == 2 && (len(acts[1].Samples) != 301 || acts[1].AscentM != nil) {
				t.Errorf("second activity: %d samples, ascent %v", len(acts[1].Samples), acts[1].AscentM)
			}
		})
	}
}

func TestDecodeFITCompressedTimestamps(t *testing.T) {
	var s fitfile.Sequence
	s.FileID(fitfile.FileActivity, 1, 1436, fitAt(0))
	s.Record(fitfile.Record{Time: fitAt(0), DistM: 0, HasDist: true, HR: 120})
	// 5 s apart: each compressed header carries only the low 5 bits of the
	// time, so the decoder must roll over at 32 s.
	for i := 1; i <= 40; i++ {
		s.CompressedRecord(fitfile.Record{Time: fitAt(5 * i), DistM: 15 * float64(i), HasDist: true, HR: uint8(120 + i)})
	}
	s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 200, TimerS: 200, DistM: 600, AscentM: -1, Sport: fitfile.SportRunning})
	a := fitMustDecode(t, s.Bytes(), 1)[0]
	if len(a.Samples) != 41 {
		t.Fatalf("%d samples, want 41", len(a.Samples))
	}
	for i, x := range a.Samples {
		if x.T != time.Duration(5*i)*time.Second || x.HR != uint8(120+i) {
			t.Fatalf("sample %d: T %v HR %d, want %v %d", i, x.T, x.HR, time.Duration(5*i)*time.Second, 120+i)
		}
	}
}

func TestDecodeFITSystemTime(t *testing.T) {
	const sys0 = 17217864 // seconds since power-on, < 0x10000000
	build := func(local uint32) []byte {
		var s fitfile.Sequence
		s.HeaderSize = 12
		s.FileID(fitfile.FileActivity, 1, 1436, sys0)
		for i := 0; i <= 60; i++ {
			s.Record(fitfile.Record{Time: sys0 + uint32(i), DistM: 3 * float64(i), HasDist: true})
		}
		s.Session(fitfile.Session{Start: sys0, Timestamp: sys0 + 60, ElapsedS: 60, TimerS: 60, DistM: 180,
			AscentM: -1, Sport: fitfile.SportRunning})
		s.Activity(sys0+60, local)
		return s.Bytes()
	}
	t.Run("local timestamp gives local time", func(t *testing.T) {
		localEnd := fitAt(60) + 2*3600 // the run ended at 08:31 local time
		a := fitMustDecode(t, build(localEnd), 1)[0]
		if want := fitT0.Add(2 * time.Hour); !a.Start.Equal(want) {
			t.Errorf("start %v, want the local wall-clock time %v", a.Start, want)
		}
		if a.UTCOffset != 0 || a.OffsetSource != "file" || !fitHasWarning(a, "system time") {
			t.Errorf("offset %d %q, warnings %q", a.UTCOffset, a.OffsetSource, a.Warnings)
		}
		if len(a.Samples) != 61 || a.DistanceM != 180 {
			t.Errorf("%d samples, distance %v", len(a.Samples), a.DistanceM)
		}
	})
	t.Run("timestamp_correlation gives UTC", func(t *testing.T) {
		var s fitfile.Sequence
		s.HeaderSize = 12
		s.FileID(fitfile.FileActivity, 1, 1436, sys0)
		// timestamp (UTC), system_timestamp, local_timestamp (UTC+1).
		s.Define(12, 162, []fitfile.Field{{Num: 253, Size: 4, Type: fitfile.Uint32},
			{Num: 1, Size: 4, Type: fitfile.Uint32}, {Num: 3, Size: 4, Type: fitfile.Uint32}})
		s.Data(12, fitAt(0), uint32(sys0), fitAt(0)+3600)
		for i := 0; i <= 60; i++ {
			s.Record(fitfile.Record{Time: sys0 + uint32(i), DistM: 3 * float64(i), HasDist: true})
		}
		s.Session(fitfile.Session{Start: sys0, ElapsedS: 60, TimerS: 60, DistM: 180, AscentM: -1, Sport: fitfile.SportRunning})
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if !a.Start.Equal(fitT0) || a.UTCOffset != 3600 || a.OffsetSource != "file" || len(a.Warnings) != 0 {
			t.Errorf("start %v offset %d %q warnings %q", a.Start, a.UTCOffset, a.OffsetSource, a.Warnings)
		}
		if len(a.Samples) != 61 {
			t.Errorf("%d samples", len(a.Samples))
		}
	})
	t.Run("no reference", func(t *testing.T) {
		_, err := fitDecodeBytes(t, build(0))
		if !errors.Is(err, ErrNoActivity) || !strings.Contains(err.Error(), "system time") {
			t.Errorf("err = %v, want ErrNoActivity about system time", err)
		}
	})
}

func TestDecodeFITDeveloperAndWideFields(t *testing.T) {
	var s fitfile.Sequence
	s.FileID(fitfile.FileActivity, 1, 3869, fitAt(0)) // fr55
	s.DeveloperField(0, 1, "core_temperature")
	for i := 0; i <= 10; i++ {
		s.DevRecord(fitfile.Record{Time: fitAt(i), DistM: 2 * float64(i), HasDist: true, HR: 100}, 0, 1, 3700)
	}
	// A record whose distance and timestamp are declared 8 bytes wide
	// although the profile says uint32, as the Forerunner 55 writes its
	// enhanced fields.
	s.Define(10, fitfile.MesgRecord, []fitfile.Field{{Num: 253, Size: 8, Type: fitfile.Uint32},
		{Num: 5, Size: 8, Type: fitfile.Uint32}, {Num: 3, Size: 1, Type: fitfile.Uint8}})
	s.Data(10, fitAt(11), uint32(2200), uint8(101))
	// A session with an 8-byte total_distance.
	s.Define(11, fitfile.MesgSession, []fitfile.Field{{Num: 2, Size: 4, Type: fitfile.Uint32},
		{Num: 7, Size: 4, Type: fitfile.Uint32}, {Num: 9, Size: 8, Type: fitfile.Uint32}, {Num: 5, Size: 1, Type: fitfile.Enum}})
	s.Data(11, fitAt(0), uint32(11000), uint32(2200), fitfile.SportWalking)
	a := fitMustDecode(t, s.Bytes(), 1)[0]
	if a.Sport != "walking" || a.DistanceM != 22 || a.Elapsed != 11*time.Second {
		t.Errorf("sport %s distance %v elapsed %v", a.Sport, a.DistanceM, a.Elapsed)
	}
	if len(a.Samples) != 12 || a.Samples[11].HR != 101 || a.Samples[11].T != 11*time.Second {
		t.Errorf("samples %+v", a.Samples)
	}
	if a.AvgHR != 100 || a.MaxHR != 101 { // no session heart rate: from the samples
		t.Errorf("heart rate %d/%d, want 100/101 from samples", a.AvgHR, a.MaxHR)
	}
}

func TestDecodeFITRecordsWithoutSession(t *testing.T) {
	t.Run("record distance", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3843, fitAt(0))
		s.Sport(fitfile.SportCycling, 7)
		fitRunRecords(&s, 30, 120, 50)
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if !a.Start.Equal(fitT0.Add(30*time.Second)) || a.Elapsed != 2*time.Minute || a.DistanceM != 50+360 ||
			a.Sport != "cycling" || a.Session != 0 || !fitHasWarning(a, "no session") {
			t.Errorf("start %v elapsed %v distance %v sport %s index %d warnings %q",
				a.Start, a.Elapsed, a.DistanceM, a.Sport, a.Session, a.Warnings)
		}
	})
	t.Run("positions only, with a GPS jump", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3843, fitAt(0))
		for i := 0; i <= 100; i++ {
			lat := 52.5 + 3*float64(i)/111195 // 3 m a second, north
			if i == 50 {
				lat += 0.01 // 1.1 km off for one second
			}
			s.Record(fitfile.Record{Time: fitAt(i), Lat: lat, Lon: 13.4, HasPos: true, HR: 150})
		}
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		// Two steps touch the jump and are dropped, as in walkPath: 98 of
		// 100 steps of 3 m are kept.
		if math.Abs(a.DistanceM-294) > 1 || a.Sport != "running" || !fitHasWarning(a, "GPS jumps dropped") {
			t.Errorf("distance %.1f sport %s warnings %q", a.DistanceM, a.Sport, a.Warnings)
		}
	})
	tests := []struct {
		name   string
		build  func(s *fitfile.Sequence)
		reason string
	}{
		{"one record", func(s *fitfile.Sequence) { fitRunRecords(s, 0, 0, 0) }, "fewer than two timed records"},
		{"records without time", func(s *fitfile.Sequence) {
			s.Define(10, fitfile.MesgRecord, []fitfile.Field{{Num: 3, Size: 1, Type: fitfile.Uint8}})
			s.Data(10, uint8(120))
			s.Data(10, uint8(121))
		}, "without sessions or timed records"},
		{"nothing", func(*fitfile.Sequence) {}, "without sessions or timed records"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s fitfile.Sequence
			s.FileID(fitfile.FileActivity, 1, 3843, fitAt(0))
			tc.build(&s)
			_, err := fitDecodeBytes(t, s.Bytes())
			var de *DecodeError
			if !errors.As(err, &de) || !de.Skipped() || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("err = %v, want a skip saying %q", err, tc.reason)
			}
		})
	}
}

func TestDecodeFITMultisport(t *testing.T) {
	var s fitfile.Sequence
	s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
	fitRunRecords(&s, 0, 100, 0)      // run 0–100 s
	fitRunRecords(&s, 101, 19, 1000)  // transition 101–120 s
	fitRunRecords(&s, 121, 200, 2000) // ride 121–321 s, distances run on
	s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 100.5, TimerS: 100.5, DistM: 300, AscentM: -1,
		Sport: fitfile.SportRunning})
	s.Session(fitfile.Session{Start: fitAt(101), ElapsedS: 19.5, TimerS: 19.5, DistM: 57, AscentM: -1,
		Sport: fitfile.SportTransition})
	s.Session(fitfile.Session{Start: fitAt(121), ElapsedS: 200, TimerS: 200, DistM: -1, AscentM: -1,
		Sport: fitfile.SportCycling, SubSport: 58}) // virtual ride, no total_distance
	acts := fitMustDecode(t, s.Bytes(), 2)
	run, ride := acts[0], acts[1]
	if run.Session != 0 || run.Sport != "running" || len(run.Samples) != 101 || run.DistanceM != 300 {
		t.Errorf("run: index %d sport %s samples %d distance %v", run.Session, run.Sport, len(run.Samples), run.DistanceM)
	}
	// The ride's distance comes from its records: last minus first, because
	// record distances run on across the sessions of the file.
	if ride.Session != 2 || ride.Sport != "cycling" || len(ride.Samples) != 201 || ride.DistanceM != 600 {
		t.Errorf("ride: index %d sport %s samples %d distance %v", ride.Session, ride.Sport, len(ride.Samples), ride.DistanceM)
	}
	if !ride.Start.Equal(fitT0.Add(121*time.Second)) || ride.Samples[0].T != 0 {
		t.Errorf("ride start %v, first T %v", ride.Start, ride.Samples[0].T)
	}
}

func TestDecodeFITSessionOddities(t *testing.T) {
	t.Run("summary first, no records, no timestamps", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
		s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 1200, TimerS: 1100, DistM: 4000, AscentM: -1,
			Sport: fitfile.SportRunning, SubSport: fitfile.SubTreadmill, AvgHR: 150, MaxHR: 170,
			StartLat: 45.5, StartLon: 7.25})
		s.Activity(0xFFFFFFFF, fitAt(1200)+3600) // activity without timestamp
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if a.Sport != "treadmill_running" || a.Moving != 1100*time.Second || a.Elapsed != 20*time.Minute ||
			a.DistanceM != 4000 || a.AvgHR != 150 || len(a.Samples) != 0 || a.OffsetSource != "" ||
			!a.HasPosition || math.Abs(a.FirstLat-45.5) > 1e-6 || math.Abs(a.FirstLon-7.25) > 1e-6 {
			t.Errorf("%+v", a)
		}
	})
	t.Run("timer above elapsed", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
		fitRunRecords(&s, 0, 60, 0)
		fitRunRecords(&s, 3000, 60, 180) // after a long gap the timer counted
		s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 122, TimerS: 3060, DistM: 360, AscentM: -1,
			Sport: fitfile.SportRunning})
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if a.Elapsed != 3060*time.Second || a.Moving != 122*time.Second || len(a.Samples) != 122 ||
			!fitHasWarning(a, "swapped") {
			t.Errorf("elapsed %v moving %v samples %d warnings %q", a.Elapsed, a.Moving, len(a.Samples), a.Warnings)
		}
	})
	t.Run("clock jump", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 2153, fitAt(0))
		fitRunRecords(&s, 0, 100, 0)
		jump := 20 * 86400
		fitRunRecords(&s, jump+108, 200, 330) // 20 days later, by the clock
		s.Event(fitAt(jump+308), fitfile.EventTimer, fitfile.EventTypeStopAll)
		s.Session(fitfile.Session{Start: fitAt(0), Timestamp: fitAt(jump + 308), ElapsedS: 308, TimerS: 308, DistM: 930,
			AscentM: -1, Sport: fitfile.SportRunning})
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		last := a.Samples[len(a.Samples)-1].T
		if len(a.Samples) != 302 || last > a.Elapsed || last < 300*time.Second || !fitHasWarning(a, "20.0 days") {
			t.Errorf("%d samples, last T %v, elapsed %v, warnings %q", len(a.Samples), last, a.Elapsed, a.Warnings)
		}
		for i := 1; i < len(a.Samples); i++ {
			if a.Samples[i].T < a.Samples[i-1].T {
				t.Fatalf("samples out of order at %d", i)
			}
		}
	})
	t.Run("one record out of line", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 2153, fitAt(0))
		fitRunRecords(&s, 0, 50, 0)
		s.Record(fitfile.Record{Time: fitAt(0) + 1e8, HR: 99}) // garbage time
		fitRunRecords(&s, 51, 49, 153)
		s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 100, TimerS: 100, DistM: 300, AscentM: -1, Sport: fitfile.SportRunning})
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if len(a.Samples) != 101 || a.Samples[100].T != 100*time.Second || !fitHasWarning(a, "1 record") {
			t.Errorf("%d samples, warnings %q", len(a.Samples), a.Warnings)
		}
	})
	t.Run("pauses", func(t *testing.T) {
		b, _ := fitfile.Run(fitT0, 30*time.Minute, fitfile.RunOptions{PauseEvery: 600, PauseS: 45})
		a := fitMustDecode(t, b, 1)[0]
		var resumed []time.Duration
		for _, x := range a.Samples {
			if x.Resumed {
				resumed = append(resumed, x.T)
			}
		}
		want := []time.Duration{645 * time.Second, 1290 * time.Second}
		if len(resumed) != 2 || resumed[0] != want[0] || resumed[1] != want[1] {
			t.Errorf("resumed at %v, want %v", resumed, want)
		}
		if a.Moving != 30*time.Minute || a.Elapsed != 30*time.Minute+90*time.Second {
			t.Errorf("moving %v elapsed %v", a.Moving, a.Elapsed)
		}
	})
	t.Run("absurd offset", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
		s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 60, TimerS: 60, DistM: 100, AscentM: -1, Sport: fitfile.SportRunning})
		s.Activity(fitAt(60), fitAt(60)+15*3600)
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if a.OffsetSource != "" || a.UTCOffset != 0 {
			t.Errorf("offset %d %q, want none", a.UTCOffset, a.OffsetSource)
		}
	})
	t.Run("offset rounded to 15 minutes", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
		s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 60, TimerS: 60, DistM: 100, AscentM: -1, Sport: fitfile.SportRunning})
		s.Activity(fitAt(60), fitAt(60)+5*3600+45*60+3) // Nepal, and a 3-second skew
		a := fitMustDecode(t, s.Bytes(), 1)[0]
		if a.OffsetSource != "file" || a.UTCOffset != 5*3600+45*60 {
			t.Errorf("offset %d %q, want 20700 file", a.UTCOffset, a.OffsetSource)
		}
	})
	t.Run("only transitions", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(fitfile.FileActivity, 1, 3113, fitAt(0))
		s.Session(fitfile.Session{Start: fitAt(0), ElapsedS: 60, TimerS: 60, DistM: 100, AscentM: -1, Sport: fitfile.SportTransition})
		_, err := fitDecodeBytes(t, s.Bytes())
		if !errors.Is(err, ErrNoActivity) || !strings.Contains(err.Error(), "transition") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestDecodeFITNotActivity(t *testing.T) {
	for _, tc := range []struct {
		fileType byte
		reason   string
	}{
		{fitfile.FileSettings, "settings file, not an activity"},
		{fitfile.FileMonitoring, "monitoring_b file, not an activity"},
		{fitfile.FileCourse, "course file, not an activity"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			var s fitfile.Sequence
			s.FileID(tc.fileType, 1, 1, fitAt(0))
			fitRunRecords(&s, 0, 10, 0) // a course has records: still not an activity
			acts, err := fitDecodeBytes(t, s.Bytes())
			var de *DecodeError
			if acts != nil || !errors.As(err, &de) || !de.Skipped() || de.Err.Error() != tc.reason {
				t.Errorf("got %d activities, err %v; want skip %q", len(acts), err, tc.reason)
			}
		})
	}
}

// TestDecodeFITTypeless: a file_id without a type, or with a type the
// profile does not define, is read like an activity file when it holds a
// session or timed records (METRICS.md, Sessions), with a warning.
func TestDecodeFITTypeless(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fileType byte
		session  bool
		warning  string
	}{
		{"no type, with a session", 0xFF, true, "file_id gives no file type"},
		{"no type, records only", 0xFF, false, "file_id gives no file type"},
		{"unknown type 200, with a session", 200, true, "file type 200, which the FIT profile does not define"},
		{"unknown type 200, records only", 200, false, "file type 200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s fitfile.Sequence
			s.FileID(tc.fileType, 1, 3113, fitAt(0))
			fitRunRecords(&s, 0, 600, 0)
			if tc.session {
				s.Session(fitfile.Session{Start: fitAt(0), Timestamp: fitAt(600), ElapsedS: 600, TimerS: 600, DistM: 1800,
					AscentM: -1, Sport: fitfile.SportRunning, SubSport: fitfile.SubGeneric})
			}
			a := fitMustDecode(t, s.Bytes(), 1)[0]
			if !a.Start.Equal(fitT0) || a.Elapsed != 10*time.Minute || a.DistanceM != 1800 || len(a.Samples) != 601 {
				t.Errorf("start %v elapsed %v distance %v samples %d", a.Start, a.Elapsed, a.DistanceM, len(a.Samples))
			}
			if a.Sport != SportRunning {
				t.Errorf("sport %q", a.Sport)
			}
			if !fitHasWarning(a, tc.warning) {
				t.Errorf("warnings %q, want one with %q", a.Warnings, tc.warning)
			}
		})
	}
	t.Run("no type and nothing timed", func(t *testing.T) {
		var s fitfile.Sequence
		s.FileID(0xFF, 1, 3113, fitAt(0))
		s.Sport(fitfile.SportRunning, fitfile.SubGeneric)
		acts, err := fitDecodeBytes(t, s.Bytes())
		var de *DecodeError
		if acts != nil || !errors.As(err, &de) || !de.Skipped() || !strings.Contains(de.Err.Error(), "file type not given or unknown") {
			t.Errorf("got %d activities, err %v; want a skip", len(acts), err)
		}
	})
}

func TestDecodeFITDamaged(t *testing.T) {
	var one fitfile.Sequence
	fitSimpleRun(&one)
	good := one.Bytes()
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-1] ^= 0xFF
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x01 // a data byte: the CRC no longer matches

	tests := []struct {
		name       string
		file       []byte
		activities int
		wantErr    error  // errors.Is target; nil for no error
		inMsg      string // part of the error text
		offset     int64  // expected DecodeError.Offset; -1 for any
	}{
		{"empty", nil, 0, errors.New(""), "empty file", 0},
		{"not FIT", []byte("<?xml version=\"1.0\"?><gpx></gpx>"), 0, errors.New(""), "not a FIT file", 0},
		{"header data size 0: read as far as the file goes", append(good[:4:4], append([]byte{0, 0, 0, 0}, good[8:]...)...), 1, ErrPartialRead, "never finalized", 0},
		{"header data size 0 and cut mid-message", append(good[:4:4], append([]byte{0, 0, 0, 0}, good[8:len(good)-60]...)...), 1, ErrPartialRead, "never finalized", 0},
		{"header data size 0 and nothing after the header", append(good[:4:4], append([]byte{0, 0, 0, 0}, good[8:14]...)...), 0, errors.New(""), "never finalized", 0},
		{"bad stored CRC", badCRC, 0, errBadCRC, "file CRC mismatch", int64(len(good) - 2)},
		{"flipped data byte", flipped, 0, errBadCRC, "file CRC mismatch", int64(len(good) - 2)},
		{"chained, second CRC bad", fitfile.Chain(good, badCRC), 1, ErrPartialRead, "sequence 2: file CRC mismatch", int64(2*len(good) - 2)},
		{"truncated after the records", good[:len(good)-60], 1, ErrPartialRead, "truncated", -1},
		{"truncated in the header", good[:10], 0, errors.New(""), "truncated file header", 0},
		{"truncated after the file_id", good[:40], 0, io.ErrUnexpectedEOF, "truncated", -1},
		{"trailing garbage", append(bytes.Clone(good), 0, 0, 0), 1, nil, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acts, err := fitDecodeBytes(t, tc.file)
			if len(acts) != tc.activities {
				t.Errorf("got %d activities, want %d", len(acts), tc.activities)
			}
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if !fitHasWarning(acts[0], "3 bytes after the last FIT sequence") {
					t.Errorf("warnings %q", acts[0].Warnings)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			var de *DecodeError
			errors.As(err, &de)
			if tc.wantErr.Error() != "" && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want errors.Is %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.inMsg) || de.Skipped() {
				t.Errorf("err = %q, want it to say %q", err, tc.inMsg)
			}
			if tc.offset >= 0 && de.Offset != tc.offset {
				t.Errorf("offset %d, want %d", de.Offset, tc.offset)
			}
			if tc.offset < 0 && (de.Offset <= 0 || de.MessageNum <= 0) {
				t.Errorf("offset %d index %d, want both known", de.Offset, de.MessageNum)
			}
		})
	}
}

func TestFITSport(t *testing.T) {
	tests := []struct {
		sport      typedef.Sport
		sub        typedef.SubSport
		want       Sport
		transition bool
	}{
		{typedef.SportRunning, typedef.SubSportGeneric, "running", false},
		{typedef.SportRunning, typedef.SubSportStreet, "running", false},
		{typedef.SportRunning, typedef.SubSportInvalid, "running", false},
		{typedef.SportRunning, typedef.SubSportTrail, "trail_running", false},
		{typedef.SportRunning, typedef.SubSportTreadmill, "treadmill_running", false},
		{typedef.SportRunning, typedef.SubSportIndoorRunning, "treadmill_running", false},
		{typedef.SportRunning, typedef.SubSportVirtualActivity, "treadmill_running", false},
		{typedef.SportRunning, typedef.SubSportTrack, "track_running", false},
		{typedef.SportFitnessEquipment, typedef.SubSportTreadmill, "treadmill_running", false},
		{typedef.SportFitnessEquipment, typedef.SubSportIndoorRowing, "other", false},
		{typedef.SportWalking, typedef.SubSportIndoorWalking, "walking", false},
		{typedef.SportHiking, typedef.SubSportGeneric, "hiking", false},
		{typedef.SportCycling, typedef.SubSportVirtualActivity, "cycling", false},
		{typedef.SportCycling, typedef.SubSportIndoorCycling, "cycling", false},
		{typedef.SportEBiking, typedef.SubSportEBikeMountain, "cycling", false},
		{typedef.SportSwimming, typedef.SubSportLapSwimming, "swimming", false},
		{typedef.SportSwimming, typedef.SubSportOpenWater, "swimming", false},
		{typedef.SportGeneric, typedef.SubSportGeneric, "other", false},
		{typedef.SportTraining, typedef.SubSportYoga, "other", false},
		{typedef.SportTransition, typedef.SubSportGeneric, "", true},
		{typedef.SportRunning, typedef.SubSportBikeToRunTransition, "", true},
	}
	for _, tc := range tests {
		got, tr := fitSport(tc.sport, tc.sub)
		if got != tc.want || tr != tc.transition {
			t.Errorf("fitSport(%v, %v) = %q, %v; want %q, %v", tc.sport, tc.sub, got, tr, tc.want, tc.transition)
		}
	}
}

func TestFITDevice(t *testing.T) {
	tests := []struct {
		manuf   typedef.Manufacturer
		product uint16
		name    string
		want    string
	}{
		{typedef.ManufacturerGarmin, 3113, "", "garmin fr945"},
		{typedef.ManufacturerGarmin, 65000, "", "garmin 65000"},
		{typedef.ManufacturerDynastream, 1, "", "dynastream hrm1"},
		{typedef.ManufacturerDevelopment, 0, "Watch3,4", "development Watch3,4"},
		{typedef.ManufacturerWahooFitness, 28, "", "wahoo_fitness 28"},
		{typedef.Manufacturer(9999), 5, "", "9999 5"},
		{typedef.ManufacturerInvalid, 0xFFFF, "", ""},
		{typedef.ManufacturerInvalid, 0xFFFF, "Some Watch", "Some Watch"},
	}
	for _, tc := range tests {
		if got := fitDevice(tc.manuf, tc.product, tc.name); got != tc.want {
			t.Errorf("fitDevice(%d, %d, %q) = %q, want %q", tc.manuf, tc.product, tc.name, got, tc.want)
		}
	}
}

func TestDecodeFITReadError(t *testing.T) {
	acts, err := DecodeFIT(failingReader{}, "p.fit")
	var de *DecodeError
	if acts != nil || !errors.As(err, &de) || de.Path != "p.fit" || !strings.Contains(err.Error(), "read failed") {
		t.Fatalf("got %v, %v", acts, err)
	}
}

// failingReader fails as a broken archive member would.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("read failed") }

func TestFITCRC(t *testing.T) {
	// Against muktihari/fit's CRC, the FIT SDK's nibble algorithm, over
	// every length up to 64 and a few long inputs.
	b := make([]byte, 5000)
	for i := range b {
		b[i] = byte(i*131 + i>>3)
	}
	for n := 0; n <= len(b); n++ {
		if n > 64 && n%997 != 0 && n != len(b) {
			continue
		}
		h := crc16.New()
		_, _ = h.Write(b[:n])
		if got, want := fitCRC16(b[:n]), h.Sum16(); got != want {
			t.Fatalf("fitCRC16 of %d bytes = %#04x, want %#04x", n, got, want)
		}
	}
}

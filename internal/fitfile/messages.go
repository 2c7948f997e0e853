package fitfile

import "time"

// Local message numbers the helpers use. Compressed-timestamp headers can
// only name local messages 0–3, hence localCompressed.
const (
	localFileID     = 0
	localRecord     = 1
	localCompressed = 2
	localEvent      = 3
	localSession    = 4
	localActivity   = 5
	localSport      = 6
	localDevRecord  = 7
	localDevID      = 8
	localFieldDesc  = 9
)

// helper writes the definition of a helper's local message once.
func (s *Sequence) helper(local byte, mesg uint16, fields []Field, dev ...DevField) {
	if s.helpers[local] {
		return
	}
	s.Define(local, mesg, fields, dev...)
	s.helpers[local] = true
}

// FileID writes a file_id message.
func (s *Sequence) FileID(fileType byte, manufacturer, product uint16, created uint32) {
	s.helper(localFileID, MesgFileID, []Field{{0, 1, Enum}, {1, 2, Uint16}, {2, 2, Uint16}, {4, 4, Uint32}})
	s.Data(localFileID, fileType, manufacturer, product, created)
}

// Record is one record message. Zero HR, HasPos false and HasDist false
// write the FIT invalid value.
type Record struct {
	Time     uint32
	Lat, Lon float64 // degrees
	HasPos   bool
	DistM    float64
	HasDist  bool
	HR       uint8
}

var recordFields = []Field{{253, 4, Uint32}, {0, 4, Sint32}, {1, 4, Sint32}, {5, 4, Uint32}, {3, 1, Uint8}}

func (r Record) values() []any {
	lat, lon := int32(0x7FFFFFFF), int32(0x7FFFFFFF)
	if r.HasPos {
		lat, lon = Semicircles(r.Lat), Semicircles(r.Lon)
	}
	dist := uint32(0xFFFFFFFF)
	if r.HasDist {
		dist = uint32(r.DistM*100 + 0.5)
	}
	hr := r.HR
	if hr == 0 {
		hr = 0xFF
	}
	return []any{r.Time, lat, lon, dist, hr}
}

// Record writes a record message with a normal header and a timestamp field.
func (s *Sequence) Record(r Record) {
	s.helper(localRecord, MesgRecord, recordFields)
	s.Data(localRecord, r.values()...)
}

// CompressedRecord writes a record message whose time is in a
// compressed-timestamp header: it must be less than 32 s after the last
// timestamp the file gave.
func (s *Sequence) CompressedRecord(r Record) {
	s.helper(localCompressed, MesgRecord, recordFields[1:])
	s.Compressed(localCompressed, byte(r.Time&0x1F), r.values()[1:]...)
}

// DevRecord writes a record whose heart rate is followed by one developer
// field of 2 bytes, described by DeveloperField.
func (s *Sequence) DevRecord(r Record, devIndex, devField byte, devValue uint16) {
	s.helper(localDevRecord, MesgRecord, recordFields, DevField{devField, 2, devIndex})
	s.Data(localDevRecord, append(r.values(), devValue)...)
}

// DeveloperField writes a developer_data_id and a field_description for a
// uint16 developer field.
func (s *Sequence) DeveloperField(devIndex, fieldNum byte, name string) {
	s.helper(localDevID, MesgDeveloperDataID, []Field{{1, 16, Byte}, {3, 1, Uint8}})
	s.Data(localDevID, []byte("legwork-test-app"), devIndex)
	s.helper(localFieldDesc, MesgFieldDescription, []Field{{0, 1, Uint8}, {1, 1, Uint8}, {2, 1, Uint8}, {3, 16, String}})
	s.Data(localFieldDesc, devIndex, fieldNum, Uint16, name)
}

// Event writes an event message.
func (s *Sequence) Event(t uint32, event, eventType byte) {
	s.helper(localEvent, MesgEvent, []Field{{253, 4, Uint32}, {0, 1, Enum}, {1, 1, Enum}})
	s.Data(localEvent, t, event, eventType)
}

// Session is one session message. Negative durations, distance and ascent,
// zero heart rates and a zero Timestamp write the FIT invalid value.
type Session struct {
	Start, Timestamp   uint32
	ElapsedS, TimerS   float64
	DistM              float64
	AscentM            int
	Sport, SubSport    byte
	AvgHR, MaxHR       uint8
	StartLat, StartLon float64 // degrees; 0,0 writes invalid
}

// Session writes a session message.
func (s *Sequence) Session(x Session) {
	s.helper(localSession, MesgSession, []Field{
		{253, 4, Uint32}, {2, 4, Uint32}, {7, 4, Uint32}, {8, 4, Uint32}, {9, 4, Uint32},
		{22, 2, Uint16}, {5, 1, Enum}, {6, 1, Enum}, {16, 1, Uint8}, {17, 1, Uint8},
		{3, 4, Sint32}, {4, 4, Sint32},
	})
	u32 := func(v float64, scale float64) uint32 {
		if v < 0 {
			return 0xFFFFFFFF
		}
		return uint32(v*scale + 0.5)
	}
	ts := x.Timestamp
	if ts == 0 {
		ts = 0xFFFFFFFF
	}
	asc := uint16(0xFFFF)
	if x.AscentM >= 0 {
		asc = uint16(x.AscentM)
	}
	hr := func(v uint8) uint8 {
		if v == 0 {
			return 0xFF
		}
		return v
	}
	lat, lon := int32(0x7FFFFFFF), int32(0x7FFFFFFF)
	if x.StartLat != 0 || x.StartLon != 0 {
		lat, lon = Semicircles(x.StartLat), Semicircles(x.StartLon)
	}
	s.Data(localSession, ts, x.Start, u32(x.ElapsedS, 1000), u32(x.TimerS, 1000), u32(x.DistM, 100),
		asc, x.Sport, x.SubSport, hr(x.AvgHR), hr(x.MaxHR), lat, lon)
}

// Activity writes an activity message; local is its local_timestamp
// (0 writes invalid).
func (s *Sequence) Activity(t, local uint32) {
	s.helper(localActivity, MesgActivity, []Field{{253, 4, Uint32}, {5, 4, Uint32}, {1, 2, Uint16}})
	if local == 0 {
		local = 0xFFFFFFFF
	}
	s.Data(localActivity, t, local, uint16(1))
}

// Sport writes a sport message.
func (s *Sequence) Sport(sport, sub byte) {
	s.helper(localSport, MesgSport, []Field{{0, 1, Enum}, {1, 1, Enum}})
	s.Data(localSport, sport, sub)
}

// RunOptions shape the file Run writes.
type RunOptions struct {
	// PauseEvery, when positive, stops the timer for PauseS seconds after
	// every PauseEvery seconds of running.
	PauseEvery, PauseS int
	// Offset is local time minus UTC for activity.local_timestamp.
	Offset time.Duration
}

// Run writes a complete running activity: file_id, timer events, one record
// per second at 3 m/s heading north-east from 52.5 N 13.4 E with a heart rate
// rising from 120 bpm, a session and an activity message. It returns the
// file and the session it wrote.
func Run(start time.Time, dur time.Duration, opt RunOptions) ([]byte, Session) {
	var s Sequence
	t0 := Time(start)
	s.FileID(FileActivity, 1, 3113, t0) // garmin fr945
	s.Event(t0, EventTimer, EventTypeStart)
	n := int(dur / time.Second)
	var distM float64
	var moving int
	t := t0
	for i := 0; i <= n; i++ {
		if opt.PauseEvery > 0 && i > 0 && i < n && i%opt.PauseEvery == 0 {
			s.Event(t, EventTimer, EventTypeStop)
			t += uint32(opt.PauseS)
			s.Event(t, EventTimer, EventTypeStart)
		}
		s.Record(Record{Time: t, Lat: 52.5 + distM/111320*0.7071, Lon: 13.4 + distM/67800*0.7071, HasPos: true,
			DistM: distM, HasDist: true, HR: uint8(120 + min(60, i/60))})
		if i < n {
			t++
			distM += 3
			moving++
		}
	}
	s.Event(t, EventTimer, EventTypeStopAll)
	x := Session{Start: t0, Timestamp: t, ElapsedS: float64(t - t0), TimerS: float64(moving), DistM: distM,
		AscentM: 12, Sport: SportRunning, SubSport: SubGeneric, AvgHR: 140, MaxHR: 180}
	s.Session(x)
	s.Activity(t, uint32(int64(t)+int64(opt.Offset/time.Second)))
	return s.Bytes(), x
}

package ingest

import (
	"math"

	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// FIT invalid values, as the profile defines them for each base type.
const (
	invalidU8  = math.MaxUint8
	invalidU16 = math.MaxUint16
	invalidU32 = math.MaxUint32
	invalidS32 = math.MaxInt32
)

// Kinds of fitPoint.
const (
	pointRecord = iota
	pointTimerStop
	pointTimerStart
)

// fitPoint is one record or timer event, kept in file order: only what the
// analysis needs. Absent values hold the FIT invalid value of their type.
type fitPoint struct {
	ut       int64  // corrected Unix time, filled when the activities are built
	t        uint32 // FIT date_time as written (may be device system time)
	lat, lon int32  // semicircles
	distCm   uint32 // record distance, centimeters
	hr       uint8  // bpm
	kind     uint8
}

// fitSession is what a session message says, in raw FIT units.
type fitSession struct {
	index     int // 0-based over the file's session messages, in file order
	device    string
	start     uint32 // FIT date_time
	timestamp uint32 // FIT date_time (end of the session, usually)
	elapsedMs uint32
	timerMs   uint32
	distCm    uint32
	ascentM   uint16
	startLat  int32
	startLon  int32
	sport     typedef.Sport
	subSport  typedef.SubSport
	avgHR     uint8
	maxHR     uint8
}

// fitMark is the length of everything fitState collects, so that a sequence
// that turns out not to be wanted (another file type, a bad CRC) can be
// taken back.
type fitMark struct{ points, sessions int }

// fitState is the decoder's message listener. It keeps, in file order, the
// sessions, the records and timer events of activity sequences, and the few
// single values (offset, sport, device) an activity needs. It never keeps a
// message: proto.Message values are only valid during OnMesg.
type fitState struct {
	msgs int // messages seen, for DecodeError.MessageNum

	// Current sequence.
	seqType   typedef.File // file_id.type; FileInvalid until seen
	seqFileID bool         // the sequence had a file_id
	device    string       // from the current (or last) file_id
	recDevice string       // device of the first activity sequence with records
	csdAccum  uint32       // compressed_speed_distance distance, 1/16 m
	csdLast   uint16       // last 12-bit distance value
	csdSeen   bool

	points     []fitPoint
	pointsHint int // capacity for points, allocated at the first record
	sessions   []fitSession
	// utScratch is a buffer build may use for the sample times of a file's
	// only session (fitSpan.sampleUT), and leaves there when done.
	utScratch []int64

	// First activity message with a usable timestamp pair.
	actTS, actLocal uint32
	actTimerMs      uint32
	// First timestamp_correlation message.
	corrTS, corrSys, corrLocal uint32

	// Sport of a file without a session: the sport message, else a lap's.
	sport, lapSport       typedef.Sport
	subSport, lapSubSport typedef.SubSport
	gearChanges           bool // the file has gear-change events: a bike ride

	// typeless lists the file_id types of sequences read as activities
	// although their type is missing or unknown.
	typeless []typedef.File
}

func newFITState() *fitState {
	return &fitState{
		seqType: typedef.FileInvalid,
		actTS:   invalidU32, actLocal: invalidU32, actTimerMs: invalidU32,
		corrTS: invalidU32, corrSys: invalidU32, corrLocal: invalidU32,
		sport: typedef.SportInvalid, lapSport: typedef.SportInvalid,
		subSport: typedef.SubSportInvalid, lapSubSport: typedef.SubSportInvalid,
	}
}

// beginSequence resets what is per FIT sequence. The file type and device
// carry over: a sequence without file_id (HRM data a watch appends to an
// activity) continues the one before it.
func (s *fitState) beginSequence() fitMark {
	s.seqFileID = false
	s.csdAccum, s.csdLast, s.csdSeen = 0, 0, false
	return fitMark{points: len(s.points), sessions: len(s.sessions)}
}

// holdsActivity reports whether the sequence begun at m gave a session or
// a timed record.
func (s *fitState) holdsActivity(m fitMark) bool {
	if len(s.sessions) > m.sessions {
		return true
	}
	for _, p := range s.points[m.points:] {
		if p.kind == pointRecord && p.t != invalidU32 {
			return true
		}
	}
	return false
}

// csdDistance accumulates the 12-bit distance (1/16 m) of a 3-byte
// compressed_speed_distance value and returns the record's distance in cm.
func (s *fitState) csdDistance(c []byte) uint32 {
	d := uint16(c[1])>>4 | uint16(c[2])<<4
	if s.csdSeen {
		s.csdAccum += uint32((d - s.csdLast) & 0x0FFF)
	} else {
		s.csdAccum = uint32(d)
	}
	s.csdLast, s.csdSeen = d, true
	return s.csdAccum * 100 / 16
}

// rollback forgets what was collected since m.
func (s *fitState) rollback(m fitMark) {
	s.points = s.points[:m.points]
	s.sessions = s.sessions[:m.sessions]
}

// OnMesg implements decoder.MesgListener.
func (s *fitState) OnMesg(m proto.Message) {
	s.msgs++
	switch m.Num {
	case mesgnum.Record:
		s.onRecord(&m)
	case mesgnum.Event:
		s.onEvent(&m)
	case mesgnum.Session:
		s.onSession(&m)
	case mesgnum.FileId:
		s.onFileID(&m)
	case mesgnum.Activity:
		s.onActivity(&m)
	case mesgnum.TimestampCorrelation:
		s.onCorrelation(&m)
	case mesgnum.Sport:
		if s.sport == typedef.SportInvalid {
			s.sport = typedef.Sport(u8(m.FieldByNum(fieldnum.SportSport)))
			s.subSport = typedef.SubSport(u8(m.FieldByNum(fieldnum.SportSubSport)))
		}
	case mesgnum.Lap:
		if s.lapSport == typedef.SportInvalid {
			s.lapSport = typedef.Sport(u8(m.FieldByNum(fieldnum.LapSport)))
			s.lapSubSport = typedef.SubSport(u8(m.FieldByNum(fieldnum.LapSubSport)))
		}
	}
}

func (s *fitState) onFileID(m *proto.Message) {
	if s.seqFileID {
		return // only the first file_id of a sequence counts
	}
	s.seqFileID = true
	s.seqType = typedef.File(u8(m.FieldByNum(fieldnum.FileIdType)))
	var name string
	if f := m.FieldByNum(fieldnum.FileIdProductName); f != nil && f.Value.Type() == proto.TypeString {
		name = trimName(f.Value.String())
	}
	s.device = fitDevice(typedef.Manufacturer(u16(m.FieldByNum(fieldnum.FileIdManufacturer))),
		u16(m.FieldByNum(fieldnum.FileIdProduct)), name)
}

func (s *fitState) onRecord(m *proto.Message) {
	p := fitPoint{t: invalidU32, lat: invalidS32, lon: invalidS32, distCm: invalidU32, hr: invalidU8, kind: pointRecord}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.RecordTimestamp:
			p.t = u32(f)
		case fieldnum.RecordPositionLat:
			p.lat = s32(f)
		case fieldnum.RecordPositionLong:
			p.lon = s32(f)
		case fieldnum.RecordDistance:
			p.distCm = u32(f)
		case fieldnum.RecordHeartRate:
			p.hr = u8(f)
		case fieldnum.RecordCompressedSpeedDistance:
			// Components are not expanded (the decoder runs with
			// WithNoComponentExpansion), so accumulate the 12-bit
			// distance, in 1/16 m, here.
			if b := f.Value.SliceUint8(); len(b) == 3 && p.distCm == invalidU32 {
				p.distCm = s.csdDistance(b)
			}
		}
	}
	if s.points == nil {
		s.points = make([]fitPoint, 0, max(s.pointsHint, 64))
	}
	if s.recDevice == "" && (s.seqType == typedef.FileActivity || untypedFile(s.seqType)) {
		s.recDevice = s.device
	}
	s.points = append(s.points, p)
}

func (s *fitState) onEvent(m *proto.Message) {
	s.addEvent(typedef.Event(u8(m.FieldByNum(fieldnum.EventEvent))),
		typedef.EventType(u8(m.FieldByNum(fieldnum.EventEventType))), u32(m.FieldByNum(fieldnum.EventTimestamp)))
}

// addEvent notes an event message, for the listener and the fast path: a
// gear change marks the file as a ride's, and a timer start or stop at t
// becomes a point.
func (s *fitState) addEvent(ev typedef.Event, typ typedef.EventType, t uint32) {
	switch ev {
	case typedef.EventTimer:
	case typedef.EventFrontGearChange, typedef.EventRearGearChange:
		s.gearChanges = true
		return
	default:
		return
	}
	kind, ok := timerEvent(typ)
	if !ok {
		return
	}
	s.points = append(s.points, fitPoint{t: t, lat: invalidS32, lon: invalidS32, distCm: invalidU32, hr: invalidU8, kind: kind})
}

// timerEvent is the point kind of a FIT event type that starts or stops
// the timer; ok is false for every other event type.
func timerEvent(t typedef.EventType) (kind uint8, ok bool) {
	switch t {
	case typedef.EventTypeStart:
		return pointTimerStart, true
	case typedef.EventTypeStop, typedef.EventTypeStopAll, typedef.EventTypeStopDisable,
		typedef.EventTypeStopDisableAll:
		return pointTimerStop, true
	}
	return 0, false
}

func (s *fitState) onSession(m *proto.Message) {
	x := fitSession{
		index: len(s.sessions), device: s.device,
		start: invalidU32, timestamp: invalidU32, elapsedMs: invalidU32, timerMs: invalidU32,
		distCm: invalidU32, ascentM: invalidU16, startLat: invalidS32, startLon: invalidS32,
		sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid, avgHR: invalidU8, maxHR: invalidU8,
	}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.SessionTimestamp:
			x.timestamp = u32(f)
		case fieldnum.SessionStartTime:
			x.start = u32(f)
		case fieldnum.SessionTotalElapsedTime:
			x.elapsedMs = u32(f)
		case fieldnum.SessionTotalTimerTime:
			x.timerMs = u32(f)
		case fieldnum.SessionTotalDistance:
			x.distCm = u32(f)
		case fieldnum.SessionTotalAscent:
			x.ascentM = u16(f)
		case fieldnum.SessionStartPositionLat:
			x.startLat = s32(f)
		case fieldnum.SessionStartPositionLong:
			x.startLon = s32(f)
		case fieldnum.SessionSport:
			x.sport = typedef.Sport(u8(f))
		case fieldnum.SessionSubSport:
			x.subSport = typedef.SubSport(u8(f))
		case fieldnum.SessionAvgHeartRate:
			x.avgHR = u8(f)
		case fieldnum.SessionMaxHeartRate:
			x.maxHR = u8(f)
		}
	}
	s.sessions = append(s.sessions, x)
}

func (s *fitState) onActivity(m *proto.Message) {
	if s.actTimerMs == invalidU32 {
		s.actTimerMs = u32(m.FieldByNum(fieldnum.ActivityTotalTimerTime))
	}
	if s.actTS != invalidU32 && s.actLocal != invalidU32 {
		return
	}
	ts := u32(m.FieldByNum(fieldnum.ActivityTimestamp))
	local := u32(m.FieldByNum(fieldnum.ActivityLocalTimestamp))
	if ts != invalidU32 && local != invalidU32 {
		s.actTS, s.actLocal = ts, local
	}
}

func (s *fitState) onCorrelation(m *proto.Message) {
	if s.corrTS != invalidU32 {
		return
	}
	ts := u32(m.FieldByNum(fieldnum.TimestampCorrelationTimestamp))
	sys := u32(m.FieldByNum(fieldnum.TimestampCorrelationSystemTimestamp))
	if ts == invalidU32 || sys == invalidU32 || ts < fitSystemTimeMax {
		return
	}
	s.corrTS, s.corrSys = ts, sys
	s.corrLocal = u32(m.FieldByNum(fieldnum.TimestampCorrelationLocalTimestamp))
}

// trimName cuts a FIT string at its first NUL and drops padding.
func trimName(v string) string {
	for i := 0; i < len(v); i++ {
		if v[i] == 0 {
			return v[:i]
		}
	}
	return v
}

// Field readers. They accept whatever integer type the decoder produced
// (a device may declare a wider field than the profile) and return the FIT
// invalid value of their own width for an absent, invalid or out-of-range
// value.

func u8(f *proto.Field) uint8 {
	if v, ok := fieldUint(f); ok && v < invalidU8 {
		return uint8(v)
	}
	return invalidU8
}

func u16(f *proto.Field) uint16 {
	if v, ok := fieldUint(f); ok && v < invalidU16 {
		return uint16(v)
	}
	return invalidU16
}

func u32(f *proto.Field) uint32 {
	if v, ok := fieldUint(f); ok && v < invalidU32 {
		return uint32(v)
	}
	return invalidU32
}

func s32(f *proto.Field) int32 {
	if f == nil || !f.Value.Valid(f.BaseType) {
		return invalidS32
	}
	var v int64
	switch x := f.Value; x.Type() {
	case proto.TypeInt32:
		v = int64(x.Int32())
	case proto.TypeInt64:
		v = x.Int64()
	case proto.TypeInt16:
		v = int64(x.Int16())
	case proto.TypeUint32:
		v = int64(int32(x.Uint32()))
	default:
		return invalidS32
	}
	if v >= invalidS32 || v <= math.MinInt32 {
		return invalidS32
	}
	return int32(v)
}

func fieldUint(f *proto.Field) (uint64, bool) {
	if f == nil || !f.Value.Valid(f.BaseType) {
		return 0, false
	}
	switch x := f.Value; x.Type() {
	case proto.TypeUint8:
		return uint64(x.Uint8()), true
	case proto.TypeUint16:
		return uint64(x.Uint16()), true
	case proto.TypeUint32:
		return uint64(x.Uint32()), true
	case proto.TypeUint64:
		return x.Uint64(), true
	case proto.TypeInt8:
		return nonNegative(int64(x.Int8()))
	case proto.TypeInt16:
		return nonNegative(int64(x.Int16()))
	case proto.TypeInt32:
		return nonNegative(int64(x.Int32()))
	case proto.TypeInt64:
		return nonNegative(x.Int64())
	}
	return 0, false
}

func nonNegative(v int64) (uint64, bool) {
	if v < 0 {
		return 0, false
	}
	return uint64(v), true
}

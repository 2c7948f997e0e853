package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// The FIT fast path.
//
// decodeFITRaw reads a FIT file with muktihari/fit's RawDecoder, which only
// frames the bytes (header, definitions, data messages, CRC), and takes the
// few fields the analysis needs straight from the data messages through a
// per-local-message table of byte offsets built at each definition. It
// fills the same fitState the listener of fit.go fills, value for value, so
// fitState.build turns it into activities unchanged.
//
// It reproduces the listener decoder as decodeFIT configures it (no
// component expansion, the CRC checked by us over header and data, the
// header CRC not checked): the profile's base type and size for each known
// field (a shorter field is zero-padded, a longer one gives its first
// value), the FIT invalid values, compressed-timestamp headers and the
// running timestamp, big-endian definitions, developer fields skipped by
// size, the 12-bit distance of compressed_speed_distance accumulated as
// fitState.onRecord does, chained files, non-activity sequences skipped
// after their file_id, bytes after the last sequence.
//
// It only ever answers for a clean file: one that decodes to at least one
// activity with no error. For anything else — a truncated or damaged file,
// a bad CRC, an unfinalized recording, a file with no activity, a
// definition it does not reproduce (an invalid base type, duplicated
// distance fields beside compressed_speed_distance, developer fields
// described with an invalid base type), or a panic — it returns ok false
// and decodeFIT decodes the file with the listener as before, so every
// error, position and partial read stays what the listener gives. The
// fallback costs a second decode of a file that is bad or skipped anyway.
// TestFITRawEqualsListener checks the two paths on the corpus and a
// generated history; FuzzFITRawEqualsListener on random input.

// errRawFallback stops the raw decode: the listener must decode the file.
var errRawFallback = errors.New("fit fast path: fall back to the listener")

// errRawStop ends the raw decode at bytes after the last sequence.
var errRawStop = errors.New("fit fast path: bytes after the last sequence")

// Kinds of message the fast path reads.
const (
	rawOther = iota
	rawRecord
	rawFileID
	rawEvent
	rawSession
	rawActivity
	rawCorrelation
	rawSport
	rawLap
	rawFieldDesc
)

// Slots of rawDef.f, per kind of message.
const (
	slotRecTS, slotRecLat, slotRecLon, slotRecDist, slotRecHR, slotRecCSD = 0, 1, 2, 3, 4, 5

	slotFileType, slotFileManuf, slotFileProduct, slotFileName = 0, 1, 2, 3

	slotEvEvent, slotEvType, slotEvTS = 0, 1, 2

	slotSesTS, slotSesStart, slotSesElapsed, slotSesTimer, slotSesDist, slotSesAscent,
	slotSesLat, slotSesLon, slotSesSport, slotSesSub, slotSesAvgHR, slotSesMaxHR = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11

	slotActTimer, slotActTS, slotActLocal = 0, 1, 2

	slotCorrTS, slotCorrSys, slotCorrLocal = 0, 1, 2

	slotSport, slotSubSport = 0, 1

	slotDescIndex, slotDescNum, slotDescType = 0, 1, 2

	rawSlots = 12
)

// rawField is where a field sits in a data message: off bytes after the
// message header (0: absent), size bytes long.
type rawField struct {
	off  uint16
	size uint8
}

// rawDef is what the fast path keeps of a message definition.
type rawDef struct {
	kind    uint8
	big     bool // big-endian fields
	dev     bool // the messages carry developer fields
	tsTrack rawField
	f       [rawSlots]rawField
	// csdFirst: compressed_speed_distance comes before distance in a
	// record (fitState.onRecord reads them in this order).
	csdFirst bool
	// le32: a record whose timestamp, position and distance fields are
	// little-endian and, when present, at least 4 bytes wide (the usual
	// record), which onRecord reads without rawUint.
	le32 bool
}

// fitRaw is the state of one fast decode. It is pooled: the RawDecoder
// alone holds a 130 KB buffer. decodeFITRaw also hands it back the
// fitState's points and sampleUT buffers once the activities are built, so
// that a batch of files reuses them instead of allocating (and the garbage
// collector clearing) two large slices per file.
type fitRaw struct {
	dec  *decoder.RawDecoder
	rd   bytes.Reader
	fn   func(decoder.RawFlag, []byte) error
	data []byte
	st   *fitState

	points []fitPoint // spare, for the next file's fitState.points
	uts    []int64    // spare, for the next file's fitState.utScratch

	pos      int // bytes framed so far
	seqs     int // sequences completed
	seqStart int
	seqEnd   int // where the sequence's file CRC is
	mark     fitMark
	inSeq    bool // between a sequence's header and its CRC
	fallback bool // the listener must decode the file
	peeking  bool // no file_id yet in this sequence
	skipping bool // a non-activity sequence, not decoded
	typeless bool
	trailing int

	ts      uint32 // running timestamp, for compressed-timestamp headers
	lastOff byte
	badDesc bool // a field_description with an invalid base type
	defs    [16]rawDef
}

var fitRawPool = sync.Pool{New: func() any {
	r := &fitRaw{dec: decoder.NewRaw()}
	r.fn = r.onRaw
	return r
}}

// decodeFITRaw is the fast path of decodeFIT. ok is false when the file
// must go through the listener.
func decodeFITRaw(data []byte, source string) (acts []Activity, ok bool) {
	r := fitRawPool.Get().(*fitRaw)
	defer fitRawPool.Put(r)
	st, trailing, ok := r.scan(data)
	if !ok {
		return nil, false
	}
	defer func() {
		if p := recover(); p != nil {
			acts, ok = nil, false
		}
		// Nothing built holds the points or the sample times.
		r.points, r.uts = st.points[:0], st.utScratch[:0]
	}()
	acts, _ = st.build(source)
	if len(acts) == 0 {
		return nil, false
	}
	warnTrailing(acts, trailing)
	return acts, true
}

// scanFITRaw frames data and fills a fitState; trailing counts the bytes
// after the last sequence that start no FIT header. ok is false when the
// listener must decode the file.
func scanFITRaw(data []byte) (st *fitState, trailing int, ok bool) {
	r := fitRawPool.Get().(*fitRaw)
	defer fitRawPool.Put(r)
	return r.scan(data)
}

// scan is scanFITRaw with r. The fitState takes r's spare buffers.
func (r *fitRaw) scan(data []byte) (st *fitState, trailing int, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			st, ok = nil, false
		}
		r.data, r.st = nil, nil
		r.rd.Reset(nil)
	}()
	r.data, r.pos, r.seqs, r.trailing = data, 0, 0, 0
	r.inSeq, r.fallback = false, false
	r.st = newFITState()
	r.st.pointsHint = len(data) / 20 // as decodeFIT
	r.st.points, r.st.utScratch = r.points, r.uts
	r.points, r.uts = nil, nil
	r.rd.Reset(data)
	if _, err := r.dec.Decode(&r.rd, r.fn); err != nil && err != errRawStop {
		// The raw decoder stops at a next header it cannot frame; like
		// the listener, ignore bytes after a sequence that start no FIT
		// header. Any other failure is the listener's to report.
		if r.inSeq || r.seqs == 0 || r.pos >= len(data) {
			return nil, 0, false
		}
		if _, herr := parseFITHeader(data[r.pos:]); herr == nil {
			return nil, 0, false
		}
		r.trailing = len(data) - r.pos
	}
	return r.st, r.trailing, true
}

// onRaw is the RawDecoder callback.
func (r *fitRaw) onRaw(flag decoder.RawFlag, b []byte) error {
	switch flag {
	case decoder.RawFlagMesgData:
		r.pos += len(b)
		if !r.skipping {
			r.onData(b)
			if r.fallback {
				return errRawFallback
			}
		}
		return nil
	case decoder.RawFlagMesgDef:
		r.pos += len(b)
		return r.onDef(b)
	case decoder.RawFlagFileHeader:
		h, err := parseFITHeader(r.data[r.pos:])
		if err != nil {
			if r.seqs > 0 {
				r.trailing = len(r.data) - r.pos
				return errRawStop
			}
			return errRawFallback
		}
		r.seqStart, r.seqEnd = r.pos, r.pos+h.size+h.dataSize
		r.pos += len(b)
		r.inSeq = true
		r.mark = r.st.beginSequence()
		r.peeking, r.skipping, r.typeless = true, false, false
		r.ts, r.lastOff, r.badDesc = 0, 0, false
		return nil
	case decoder.RawFlagCRC:
		if r.pos != r.seqEnd || len(b) != 2 {
			return errRawFallback // the last message overran the declared size
		}
		if r.peeking {
			if r.seqs == 0 {
				return errRawFallback // no file_id message
			}
			r.decide() // continues the sequence before
		}
		if !r.skipping {
			if fitCRC16(r.data[r.seqStart:r.pos]) != binary.LittleEndian.Uint16(b) {
				return errRawFallback
			}
			if r.typeless {
				if !r.st.holdsActivity(r.mark) {
					r.st.rollback(r.mark)
				} else {
					r.st.typeless = append(r.st.typeless, r.st.seqType)
				}
			}
		}
		r.pos += 2
		r.seqs++
		r.inSeq = false
		return nil
	}
	return errRawFallback
}

// decide does what decodeFIT does once a sequence's file_id is known (or
// known to be missing): a sequence of another file type is taken back and
// skipped.
func (r *fitRaw) decide() {
	r.peeking = false
	r.typeless = untypedFile(r.st.seqType)
	if r.st.seqType != typedef.FileActivity && !r.typeless {
		r.st.rollback(r.mark)
		r.skipping = true
	}
}

// onDef builds the offset table of a message definition.
func (r *fitRaw) onDef(b []byte) error {
	header := b[0]
	d := &r.defs[header&proto.LocalMesgNumMask]
	*d = rawDef{big: b[2] != proto.LittleEndian, dev: header&proto.DevDataMask != 0}
	var num typedef.MesgNum
	if d.big {
		num = typedef.MesgNum(binary.BigEndian.Uint16(b[3:5]))
	} else {
		num = typedef.MesgNum(binary.LittleEndian.Uint16(b[3:5]))
	}
	switch num {
	case mesgnum.Record:
		d.kind = rawRecord
	case mesgnum.FileId:
		d.kind = rawFileID
	case mesgnum.Event:
		d.kind = rawEvent
	case mesgnum.Session:
		d.kind = rawSession
	case mesgnum.Activity:
		d.kind = rawActivity
	case mesgnum.TimestampCorrelation:
		d.kind = rawCorrelation
	case mesgnum.Sport:
		d.kind = rawSport
	case mesgnum.Lap:
		d.kind = rawLap
	case mesgnum.FieldDescription:
		d.kind = rawFieldDesc
	}
	// lastWins: the listener reads record and session fields in a loop
	// (the last of two equal field numbers wins), as mesgdef does for
	// field_description; the others with FieldByNum (the first wins).
	lastWins := d.kind == rawRecord || d.kind == rawSession || d.kind == rawFieldDesc
	nDist, nCSD := 0, 0
	off := 1
	fields := b[6 : 6+3*int(b[5])]
	for ; len(fields) >= 3; fields = fields[3:] {
		fnum, size, bt := fields[0], fields[1], basetype.BaseType(fields[2])
		if !bt.Valid() {
			return errRawFallback // the listener fails here
		}
		if size == 0 {
			continue
		}
		at := rawField{off: uint16(off), size: size}
		off += int(size)
		if fnum == proto.FieldNumTimestamp && timestampIsUint32(num, size, bt) {
			d.tsTrack = at
		}
		slot := rawSlot(d.kind, fnum)
		if slot < 0 {
			continue
		}
		switch {
		case d.kind == rawRecord && slot == slotRecDist:
			nDist++
			d.csdFirst = d.csdFirst || nCSD > 0 && nDist == 1
		case d.kind == rawRecord && slot == slotRecCSD:
			nCSD++
		}
		if lastWins || d.f[slot].off == 0 {
			d.f[slot] = at
		}
	}
	if nCSD > 1 || nCSD == 1 && nDist > 1 {
		return errRawFallback
	}
	if d.kind == rawRecord && !d.big {
		d.le32 = true
		for _, slot := range []int{slotRecTS, slotRecLat, slotRecLon, slotRecDist} {
			if f := d.f[slot]; f.off != 0 && f.size < 4 {
				d.le32 = false
			}
		}
	}
	return nil
}

// timestampIsUint32 reports whether the listener decodes field 253 of
// message num, declared size bytes of base type bt, as a single uint32: the
// values that move its running timestamp.
func timestampIsUint32(num typedef.MesgNum, size byte, bt basetype.BaseType) bool {
	f := factory.CreateField(num, proto.FieldNumTimestamp)
	if f.Name != factory.NameUnknown {
		return !f.Array && (f.BaseType == basetype.Uint32 || f.BaseType == basetype.Uint32z)
	}
	array := size > bt.Size() && size%bt.Size() == 0
	return !array && (bt == basetype.Uint32 || bt == basetype.Uint32z)
}

// rawSlot says which slot of a message of kind k keeps field fnum, or -1.
func rawSlot(k uint8, fnum byte) int {
	switch k {
	case rawRecord:
		switch fnum {
		case fieldnum.RecordTimestamp:
			return slotRecTS
		case fieldnum.RecordPositionLat:
			return slotRecLat
		case fieldnum.RecordPositionLong:
			return slotRecLon
		case fieldnum.RecordDistance:
			return slotRecDist
		case fieldnum.RecordHeartRate:
			return slotRecHR
		case fieldnum.RecordCompressedSpeedDistance:
			return slotRecCSD
		}
	case rawFileID:
		switch fnum {
		case fieldnum.FileIdType:
			return slotFileType
		case fieldnum.FileIdManufacturer:
			return slotFileManuf
		case fieldnum.FileIdProduct:
			return slotFileProduct
		case fieldnum.FileIdProductName:
			return slotFileName
		}
	case rawEvent:
		switch fnum {
		case fieldnum.EventEvent:
			return slotEvEvent
		case fieldnum.EventEventType:
			return slotEvType
		case fieldnum.EventTimestamp:
			return slotEvTS
		}
	case rawSession:
		switch fnum {
		case fieldnum.SessionTimestamp:
			return slotSesTS
		case fieldnum.SessionStartTime:
			return slotSesStart
		case fieldnum.SessionTotalElapsedTime:
			return slotSesElapsed
		case fieldnum.SessionTotalTimerTime:
			return slotSesTimer
		case fieldnum.SessionTotalDistance:
			return slotSesDist
		case fieldnum.SessionTotalAscent:
			return slotSesAscent
		case fieldnum.SessionStartPositionLat:
			return slotSesLat
		case fieldnum.SessionStartPositionLong:
			return slotSesLon
		case fieldnum.SessionSport:
			return slotSesSport
		case fieldnum.SessionSubSport:
			return slotSesSub
		case fieldnum.SessionAvgHeartRate:
			return slotSesAvgHR
		case fieldnum.SessionMaxHeartRate:
			return slotSesMaxHR
		}
	case rawActivity:
		switch fnum {
		case fieldnum.ActivityTotalTimerTime:
			return slotActTimer
		case fieldnum.ActivityTimestamp:
			return slotActTS
		case fieldnum.ActivityLocalTimestamp:
			return slotActLocal
		}
	case rawCorrelation:
		switch fnum {
		case fieldnum.TimestampCorrelationTimestamp:
			return slotCorrTS
		case fieldnum.TimestampCorrelationSystemTimestamp:
			return slotCorrSys
		case fieldnum.TimestampCorrelationLocalTimestamp:
			return slotCorrLocal
		}
	case rawSport:
		switch fnum {
		case fieldnum.SportSport:
			return slotSport
		case fieldnum.SportSubSport:
			return slotSubSport
		}
	case rawLap:
		switch fnum {
		case fieldnum.LapSport:
			return slotSport
		case fieldnum.LapSubSport:
			return slotSubSport
		}
	case rawFieldDesc:
		switch fnum {
		case fieldnum.FieldDescriptionDeveloperDataIndex:
			return slotDescIndex
		case fieldnum.FieldDescriptionFieldDefinitionNumber:
			return slotDescNum
		case fieldnum.FieldDescriptionFitBaseTypeId:
			return slotDescType
		}
	}
	return -1
}

// onData reads a data message b (header byte first).
func (r *fitRaw) onData(b []byte) {
	header := b[0]
	local := header & proto.LocalMesgNumMask
	compressed := header&proto.MesgCompressedHeaderMask != 0
	cts := uint32(invalidU32) // the timestamp a compressed header gives
	if compressed {
		local = (header & proto.CompressedLocalMesgNumMask) >> proto.CompressedBitShift
		off := header & proto.CompressedTimeMask
		r.ts += uint32((off - r.lastOff) & proto.CompressedTimeMask)
		r.lastOff = off
		cts = r.ts
	}
	d := &r.defs[local]
	if d.tsTrack.off != 0 {
		t := rawU32(b, d.tsTrack, d.big)
		r.ts, r.lastOff = t, byte(t&proto.CompressedTimeMask)
	}
	if d.dev && r.badDesc {
		r.fallback = true // the listener may fail on this developer field
		return
	}
	st := r.st
	st.msgs++
	switch d.kind {
	case rawRecord:
		r.onRecord(b, d, compressed, cts)
	case rawEvent:
		r.onEvent(b, d, compressed, cts)
	case rawSession:
		r.onSession(b, d, compressed, cts)
	case rawFileID:
		if !st.seqFileID {
			st.seqFileID = true
			st.seqType = typedef.File(rawU8(b, d.f[slotFileType], d.big))
			var name string
			if f := d.f[slotFileName]; f.off != 0 {
				name = trimName(rawString(b[f.off : int(f.off)+int(f.size)]))
			}
			st.device = fitDevice(typedef.Manufacturer(rawU16(b, d.f[slotFileManuf], d.big)),
				rawU16(b, d.f[slotFileProduct], d.big), name)
		}
		if r.peeking {
			r.decide()
		}
	case rawActivity:
		if st.actTimerMs == invalidU32 {
			st.actTimerMs = rawU32(b, d.f[slotActTimer], d.big)
		}
		if st.actTS != invalidU32 && st.actLocal != invalidU32 {
			return
		}
		ts := firstTS(b, d, slotActTS, compressed, cts)
		local := rawU32(b, d.f[slotActLocal], d.big)
		if ts != invalidU32 && local != invalidU32 {
			st.actTS, st.actLocal = ts, local
		}
	case rawCorrelation:
		if st.corrTS != invalidU32 {
			return
		}
		ts := firstTS(b, d, slotCorrTS, compressed, cts)
		sys := rawU32(b, d.f[slotCorrSys], d.big)
		if ts == invalidU32 || sys == invalidU32 || ts < fitSystemTimeMax {
			return
		}
		st.corrTS, st.corrSys = ts, sys
		st.corrLocal = rawU32(b, d.f[slotCorrLocal], d.big)
	case rawSport:
		if st.sport == typedef.SportInvalid {
			st.sport = typedef.Sport(rawU8(b, d.f[slotSport], d.big))
			st.subSport = typedef.SubSport(rawU8(b, d.f[slotSubSport], d.big))
		}
	case rawLap:
		if st.lapSport == typedef.SportInvalid {
			st.lapSport = typedef.Sport(rawU8(b, d.f[slotSport], d.big))
			st.lapSubSport = typedef.SubSport(rawU8(b, d.f[slotSubSport], d.big))
		}
	case rawFieldDesc:
		// The listener fails on a developer field whose description has
		// an invalid base type; such a file goes to the listener.
		if !basetype.BaseType(rawU8(b, d.f[slotDescType], d.big)).Valid() {
			r.badDesc = true
		}
	}
}

// firstTS is the timestamp FieldByNum finds: the one a compressed header
// adds comes before the message's own fields.
func firstTS(b []byte, d *rawDef, slot int, compressed bool, cts uint32) uint32 {
	if compressed {
		return cts
	}
	return rawU32(b, d.f[slot], d.big)
}

func (r *fitRaw) onRecord(b []byte, d *rawDef, compressed bool, cts uint32) {
	s := r.st
	t, lat, lon, distCm := uint32(invalidU32), int32(invalidS32), int32(invalidS32), uint32(invalidU32)
	if compressed {
		t = cts
	}
	dist, csd := d.f[slotRecDist], d.f[slotRecCSD]
	if d.le32 {
		// What the branch below reads, without rawUint's cases.
		if f := d.f[slotRecTS]; f.off != 0 {
			t = binary.LittleEndian.Uint32(b[f.off:])
		}
		if f := d.f[slotRecLat]; f.off != 0 {
			lat = validS32(binary.LittleEndian.Uint32(b[f.off:]))
		}
		if f := d.f[slotRecLon]; f.off != 0 {
			lon = validS32(binary.LittleEndian.Uint32(b[f.off:]))
		}
		if dist.off != 0 && !d.csdFirst {
			distCm = binary.LittleEndian.Uint32(b[dist.off:])
		}
	} else {
		if f := d.f[slotRecTS]; f.off != 0 {
			t = rawU32(b, f, d.big)
		}
		lat = rawS32(b, d.f[slotRecLat], d.big)
		lon = rawS32(b, d.f[slotRecLon], d.big)
		if dist.off != 0 && !d.csdFirst {
			distCm = rawU32(b, dist, d.big)
		}
	}
	hr := rawU8(b, d.f[slotRecHR], d.big)
	if csd.off != 0 && csd.size == 3 && distCm == invalidU32 {
		distCm = s.csdDistance(b[csd.off : int(csd.off)+3])
	}
	if dist.off != 0 && d.csdFirst {
		distCm = rawU32(b, dist, d.big)
	}
	if cap(s.points) < s.pointsHint {
		// Once, at the first record (a timer event may have come first,
		// which leaves the listener growing the slice record by record).
		s.points = slices.Grow(s.points, max(s.pointsHint, 64)-len(s.points))
	}
	if s.recDevice == "" && (s.seqType == typedef.FileActivity || untypedFile(s.seqType)) {
		s.recDevice = s.device
	}
	// Append field by field: a fitPoint built on the stack and copied in
	// makes the copy's 16-byte loads wait for the narrower stores. Every
	// field is set, as the slot may hold an earlier file's point.
	n := len(s.points)
	if n == cap(s.points) {
		s.points = slices.Grow(s.points, 1)
	}
	s.points = s.points[:n+1]
	p := &s.points[n]
	p.ut, p.t, p.lat, p.lon, p.distCm, p.hr, p.kind = 0, t, lat, lon, distCm, hr, pointRecord
}

func (r *fitRaw) onEvent(b []byte, d *rawDef, compressed bool, cts uint32) {
	r.st.addEvent(typedef.Event(rawU8(b, d.f[slotEvEvent], d.big)),
		typedef.EventType(rawU8(b, d.f[slotEvType], d.big)), firstTS(b, d, slotEvTS, compressed, cts))
}

func (r *fitRaw) onSession(b []byte, d *rawDef, compressed bool, cts uint32) {
	s := r.st
	x := fitSession{
		index: len(s.sessions), device: s.device,
		start:     rawU32(b, d.f[slotSesStart], d.big),
		timestamp: invalidU32,
		elapsedMs: rawU32(b, d.f[slotSesElapsed], d.big),
		timerMs:   rawU32(b, d.f[slotSesTimer], d.big),
		distCm:    rawU32(b, d.f[slotSesDist], d.big),
		ascentM:   rawU16(b, d.f[slotSesAscent], d.big),
		startLat:  rawS32(b, d.f[slotSesLat], d.big),
		startLon:  rawS32(b, d.f[slotSesLon], d.big),
		sport:     typedef.Sport(rawU8(b, d.f[slotSesSport], d.big)),
		subSport:  typedef.SubSport(rawU8(b, d.f[slotSesSub], d.big)),
		avgHR:     rawU8(b, d.f[slotSesAvgHR], d.big),
		maxHR:     rawU8(b, d.f[slotSesMaxHR], d.big),
	}
	if compressed {
		x.timestamp = cts
	}
	if f := d.f[slotSesTS]; f.off != 0 {
		x.timestamp = rawU32(b, f, d.big)
	}
	s.sessions = append(s.sessions, x)
}

// rawUint reads field f of message b as the listener reads a field whose
// profile base type is n bytes wide: the first n bytes of a longer field,
// a shorter one zero-padded (no sign extension), in the definition's byte
// order. An absent field gives n bytes of 0xFF, the invalid value of an
// n-byte unsigned type.
func rawUint(b []byte, f rawField, n int, big bool) uint64 {
	if f.off == 0 {
		return 1<<(8*n) - 1
	}
	k := min(int(f.size), n)
	p := b[f.off : int(f.off)+k]
	if !big {
		switch k {
		case 4:
			return uint64(binary.LittleEndian.Uint32(p))
		case 2:
			return uint64(binary.LittleEndian.Uint16(p))
		case 1:
			return uint64(p[0])
		}
	}
	var v uint64
	if big {
		for _, c := range p {
			v = v<<8 | uint64(c)
		}
	} else {
		for i := k - 1; i >= 0; i-- {
			v = v<<8 | uint64(p[i])
		}
	}
	return v
}

// The readers below give what u8, u16, u32 and s32 of fitmesg.go give for
// the listener's value of a field of that profile type; an absent field
// (size 0) gives the invalid value. The usual field, little-endian and at
// least as wide as the type, is read inline; rawUint reads the others.

func rawU8(b []byte, f rawField, big bool) uint8 {
	if f.off == 0 {
		return invalidU8
	}
	return b[f.off] // the first byte in either byte order; every value below 0xFF is valid, 0xFF is the invalid one
}

func rawU16(b []byte, f rawField, big bool) uint16 {
	if f.size >= 2 && !big {
		return binary.LittleEndian.Uint16(b[f.off:])
	}
	return uint16(rawUint(b, f, 2, big))
}

func rawU32(b []byte, f rawField, big bool) uint32 {
	if f.size >= 4 && !big {
		return binary.LittleEndian.Uint32(b[f.off:])
	}
	return uint32(rawUint(b, f, 4, big))
}

func rawS32(b []byte, f rawField, big bool) int32 {
	if f.off == 0 {
		return invalidS32
	}
	return validS32(rawU32(b, f, big))
}

// validS32 is the sint32 value of v, its bits: the invalid value for both
// 0x7FFFFFFF (the invalid value) and 0x80000000.
func validS32(v uint32) int32 {
	if int32(v) == math.MinInt32 {
		return invalidS32
	}
	return int32(v)
}

// rawString is the listener's string value: runes up to the first NUL,
// invalid UTF-8 dropped.
func rawString(b []byte) string {
	buf := make([]byte, 0, len(b))
	for len(b) > 0 {
		c, size := utf8.DecodeRune(b)
		if c == 0 {
			break
		}
		if c != utf8.RuneError {
			buf = utf8.AppendRune(buf, c)
		}
		b = b[size:]
	}
	return string(buf)
}

package demogen

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/legwork-run/legwork/internal/units"
	"github.com/tormoder/fit"
	"github.com/tormoder/fit/dyncrc16"
)

// The watch the demo files say they come from: a Garmin Forerunner 255.
const (
	serialNumber    = 3412345678
	softwareVersion = 2060 // 20.60
)

// EncodeFIT writes the track as a FIT activity file the way a Forerunner
// 255 does: file_id (garmin, fr255, time_created), device_info, timer
// events, 1-second records, a lap per mile, one session whose totals agree
// with the records (total_distance is the last record's distance), and an
// activity message whose local_timestamp carries the UTC offset.
//
// The messages are built as tormoder/fit values and encoded with fit.Encode;
// the result is then re-framed by canonicalFIT into a stable byte layout
// (see there).
func EncodeFIT(tr *Track) ([]byte, error) {
	s := tr.Session
	f, err := fit.NewFile(fit.FileTypeActivity, fit.NewHeader(fit.V20, true))
	if err != nil {
		return nil, err
	}
	f.FileId = *fit.NewFileIdMsg()
	f.FileId.Type = fit.FileTypeActivity
	f.FileId.Manufacturer = fit.ManufacturerGarmin
	f.FileId.Product = uint16(fit.GarminProductFr255)
	f.FileId.SerialNumber = serialNumber
	f.FileId.TimeCreated = s.Start

	act, err := f.Activity()
	if err != nil {
		return nil, err
	}
	at := func(p Point) time.Time { return s.Start.Add(p.T) }
	first, last := tr.Points[0], tr.Points[len(tr.Points)-1]

	dev := fit.NewDeviceInfoMsg()
	dev.Timestamp = s.Start
	dev.DeviceIndex = fit.DeviceIndexCreator
	dev.Manufacturer = fit.ManufacturerGarmin
	dev.Product = uint16(fit.GarminProductFr255)
	dev.SerialNumber = serialNumber
	dev.SoftwareVersion = softwareVersion
	act.DeviceInfos = []*fit.DeviceInfoMsg{dev}

	timer := func(t time.Time, typ fit.EventType) *fit.EventMsg {
		e := fit.NewEventMsg()
		e.Timestamp = t
		e.Event = fit.EventTimer
		e.EventType = typ
		e.Data = uint32(fit.TimerTriggerManual)
		e.EventGroup = 0
		return e
	}
	act.Events = append(act.Events, timer(s.Start, fit.EventTypeStart))

	sport, sub := fit.SportRunning, fit.SubSportGeneric
	switch s.Kind {
	case Treadmill:
		sub = fit.SubSportTreadmill
	case Trail:
		sub = fit.SubSportTrail
	case Ride:
		sport, sub = fit.SportCycling, fit.SubSportRoad
	}

	for i, p := range tr.Points {
		if p.Resumed {
			act.Events = append(act.Events,
				timer(at(tr.Points[i-1]), fit.EventTypeStopAll),
				timer(at(p), fit.EventTypeStart))
		}
		r := fit.NewRecordMsg()
		r.Timestamp = at(p)
		if !tr.Indoor {
			r.PositionLat = fit.NewLatitude(semicircles(p.Lat))
			r.PositionLong = fit.NewLongitude(semicircles(p.Lon))
			r.Altitude = fitAltitude(p.AltM)
		}
		r.Distance = centimeters(p.DistM)
		r.Speed = uint16(math.Round(p.SpeedMS * 1000))
		r.HeartRate = p.HR
		r.Cadence = p.Cad
		act.Records = append(act.Records, r)
	}
	act.Events = append(act.Events, timer(at(last), fit.EventTypeStopAll))

	// Auto laps every mile; the last lap ends with the session.
	lapEvery := units.MetersPerMile
	if s.Kind == Ride {
		lapEvery = 5 * units.MetersPerMile
	}
	begin := 0
	for i := 1; i < len(tr.Points); i++ {
		end := i == len(tr.Points)-1
		if !end && tr.Points[i].DistM < float64(len(act.Laps)+1)*lapEvery {
			continue
		}
		l := fit.NewLapMsg()
		st := summarize(tr, begin, i)
		l.MessageIndex = fit.MessageIndex(len(act.Laps))
		l.Timestamp = at(tr.Points[i])
		l.Event, l.EventType = fit.EventLap, fit.EventTypeStop
		l.StartTime = at(tr.Points[begin])
		l.TotalElapsedTime, l.TotalTimerTime = st.elapsed, st.timer
		l.TotalDistance = st.distance
		l.AvgSpeed, l.MaxSpeed = st.avgSpeed, st.maxSpeed
		l.AvgHeartRate, l.MaxHeartRate = st.avgHR, st.maxHR
		l.AvgCadence, l.MaxCadence = st.avgCad, st.maxCad
		l.TotalCalories = st.calories(s.Kind)
		l.Sport, l.SubSport = sport, sub
		l.LapTrigger = fit.LapTriggerDistance
		if end {
			l.LapTrigger = fit.LapTriggerSessionEnd
		}
		if !tr.Indoor {
			l.StartPositionLat = fit.NewLatitude(semicircles(tr.Points[begin].Lat))
			l.StartPositionLong = fit.NewLongitude(semicircles(tr.Points[begin].Lon))
			l.EndPositionLat = fit.NewLatitude(semicircles(tr.Points[i].Lat))
			l.EndPositionLong = fit.NewLongitude(semicircles(tr.Points[i].Lon))
			l.TotalAscent, l.TotalDescent = st.ascent, st.descent
		}
		act.Laps = append(act.Laps, l)
		begin = i
	}

	st := summarize(tr, 0, len(tr.Points)-1)
	ses := fit.NewSessionMsg()
	ses.MessageIndex = 0
	ses.Timestamp = at(last)
	ses.Event, ses.EventType = fit.EventSession, fit.EventTypeStop
	ses.StartTime = s.Start
	ses.Sport, ses.SubSport = sport, sub
	ses.TotalElapsedTime, ses.TotalTimerTime = st.elapsed, st.timer
	ses.TotalDistance = centimeters(last.DistM)
	ses.AvgSpeed, ses.MaxSpeed = st.avgSpeed, st.maxSpeed
	ses.AvgHeartRate, ses.MaxHeartRate = st.avgHR, st.maxHR
	ses.AvgCadence, ses.MaxCadence = st.avgCad, st.maxCad
	ses.TotalCalories = st.calories(s.Kind)
	ses.FirstLapIndex = 0
	ses.NumLaps = uint16(len(act.Laps))
	ses.Trigger = fit.SessionTriggerActivityEnd
	if !tr.Indoor {
		ses.StartPositionLat = fit.NewLatitude(semicircles(first.Lat))
		ses.StartPositionLong = fit.NewLongitude(semicircles(first.Lon))
		ses.TotalAscent, ses.TotalDescent = st.ascent, st.descent
	}
	act.Sessions = []*fit.SessionMsg{ses}

	a := fit.NewActivityMsg()
	a.Timestamp = at(last)
	a.TotalTimerTime = st.timer
	a.NumSessions = 1
	a.Type = fit.ActivityModeManual
	a.Event, a.EventType = fit.EventActivity, fit.EventTypeStop
	// The encoder writes a local time as the instant plus its zone offset.
	a.LocalTimestamp = at(last).In(time.FixedZone("", int(s.UTCOffset)))
	a.EventGroup = 0
	act.Activity = a

	var buf bytes.Buffer
	if err := fit.Encode(&buf, f, binary.LittleEndian); err != nil {
		return nil, err
	}
	return canonicalFIT(buf.Bytes())
}

// stats are the FIT summary fields of records [from, to], in FIT units.
type stats struct {
	elapsed, timer, distance uint32 // ms, ms, cm
	avgSpeed, maxSpeed       uint16 // mm/s
	avgHR, maxHR             uint8
	avgCad, maxCad           uint8
	ascent, descent          uint16 // m, from the stored altitudes
	meters                   float64
}

func summarize(tr *Track, from, to int) stats {
	pts := tr.Points[from : to+1]
	var st stats
	elapsed := pts[len(pts)-1].T - pts[0].T
	timer := elapsed
	for _, p := range pts[1:] {
		if p.Resumed {
			timer -= tr.Session.Pause
		}
	}
	st.elapsed = uint32(elapsed.Milliseconds())
	st.timer = uint32(timer.Milliseconds())
	st.distance = centimeters(pts[len(pts)-1].DistM) - centimeters(pts[0].DistM)
	st.meters = float64(st.distance) / 100
	st.avgSpeed = uint16(math.Round(st.meters / timer.Seconds() * 1000))
	// Lap and session averages cover the records after the boundary one.
	var hr, cad, up, down float64
	for i, p := range pts {
		st.maxSpeed = max(st.maxSpeed, uint16(math.Round(p.SpeedMS*1000)))
		st.maxHR = max(st.maxHR, p.HR)
		st.maxCad = max(st.maxCad, p.Cad)
		if i == 0 {
			continue
		}
		hr += float64(p.HR)
		cad += float64(p.Cad)
		d := float64(fitAltitude(p.AltM)) - float64(fitAltitude(pts[i-1].AltM))
		if d > 0 {
			up += d
		} else {
			down -= d
		}
	}
	n := float64(len(pts) - 1)
	st.avgHR = uint8(math.Round(hr / n))
	st.avgCad = uint8(math.Round(cad / n))
	st.ascent = uint16(math.Round(up / 5))
	st.descent = uint16(math.Round(down / 5))
	return st
}

// calories is a rough energy estimate for a 60 kg athlete, in kcal.
func (st stats) calories(k Kind) uint16 {
	perKm := 62.0
	if k == Ride {
		perKm = 24
	}
	return uint16(math.Round(st.meters / 1000 * perKm))
}

// semicircles converts degrees to FIT semicircles (2^31 per 180°).
func semicircles(deg float64) int32 { return int32(math.Round(deg * (1 << 31) / 180)) }

// fitAltitude is the record altitude field: (m + 500) × 5.
func fitAltitude(m float64) uint16 { return uint16(math.Round((m + 500) * 5)) }

// centimeters is a FIT distance field: meters × 100.
func centimeters(m float64) uint32 { return uint32(math.Round(m * 100)) }

// message is one FIT data message with its fields in field-number order.
type message struct {
	global uint16
	fields []fitField
}

type fitField struct {
	num, size, base byte
	data            []byte
}

// FIT global message numbers used to order messages.
const (
	mesgFileID     = 0
	mesgSession    = 18
	mesgLap        = 19
	mesgRecord     = 20
	mesgEvent      = 21
	mesgDeviceInfo = 23
	mesgActivity   = 34
	fieldTimestamp = 253
)

func (m *message) field(num byte) []byte {
	for _, f := range m.fields {
		if f.num == num {
			return f.data
		}
	}
	return nil
}

// rank orders messages that share a timestamp the way a watch writes them:
// a timer start before the record, then the record, a timer stop, the lap,
// the session and the activity.
func (m *message) rank() int {
	switch m.global {
	case mesgFileID:
		return -2
	case mesgDeviceInfo:
		return -1
	case mesgEvent:
		if t := m.field(1); len(t) == 1 && t[0] == byte(fit.EventTypeStart) {
			return 0
		}
		return 2
	case mesgRecord:
		return 1
	case mesgLap:
		return 3
	case mesgSession:
		return 4
	case mesgActivity:
		return 5
	}
	return 6
}

// canonicalFIT re-frames a FIT file written by tormoder/fit v0.15.0. That
// encoder builds the definition of every repeated message from a Go map, so
// its field order (and so the bytes) changes from run to run, and it writes
// messages grouped by type (activity first, events after all records). The
// re-framed file holds the same data messages with the same field values,
// each definition's fields in field-number order, file_id and device_info
// first and the rest in time order (as a watch writes them), one local
// message type per definition, and fresh header and file CRCs. It accepts
// only what that encoder writes: little-endian messages without compressed
// timestamps or developer fields.
func canonicalFIT(b []byte) ([]byte, error) {
	msgs, proto, profile, err := parseFIT(b)
	if err != nil {
		return nil, fmt.Errorf("re-frame fit: %w", err)
	}
	key := func(m *message) (int64, int) {
		if r := m.rank(); r < 0 {
			return math.MinInt64, r
		}
		ts := m.field(fieldTimestamp)
		if len(ts) != 4 {
			return math.MaxInt64, m.rank()
		}
		return int64(binary.LittleEndian.Uint32(ts)), m.rank()
	}
	slices.SortStableFunc(msgs, func(a, b message) int {
		ta, ra := key(&a)
		tb, rb := key(&b)
		if ta != tb {
			if ta < tb {
				return -1
			}
			return 1
		}
		return ra - rb
	})

	var data bytes.Buffer
	var active [16]string
	next := 0
	for _, m := range msgs {
		sig := signature(&m)
		local := slices.Index(active[:], sig)
		if local < 0 {
			local = next % 16
			next++
			active[local] = sig
			data.WriteByte(0x40 | byte(local))
			data.Write([]byte{0, 0}) // reserved, little-endian
			data.Write(binary.LittleEndian.AppendUint16(nil, m.global))
			data.WriteByte(byte(len(m.fields)))
			for _, f := range m.fields {
				data.Write([]byte{f.num, f.size, f.base})
			}
		}
		data.WriteByte(byte(local))
		for _, f := range m.fields {
			data.Write(f.data)
		}
	}

	out := make([]byte, 14, 14+data.Len()+2)
	out[0] = 14
	out[1] = proto
	binary.LittleEndian.PutUint16(out[2:], profile)
	binary.LittleEndian.PutUint32(out[4:], uint32(data.Len()))
	copy(out[8:], ".FIT")
	binary.LittleEndian.PutUint16(out[12:], crc16(out[:12]))
	out = append(out, data.Bytes()...)
	return binary.LittleEndian.AppendUint16(out, crc16(out)), nil
}

// signature identifies a definition: the global number and the field layout.
func signature(m *message) string {
	b := binary.LittleEndian.AppendUint16(nil, m.global)
	for _, f := range m.fields {
		b = append(b, f.num, f.size, f.base)
	}
	return string(b)
}

func crc16(b []byte) uint16 {
	h := dyncrc16.New()
	h.Write(b)
	return h.Sum16()
}

var errFraming = errors.New("unexpected framing")

// parseFIT splits a FIT file into its data messages, fields sorted by number.
func parseFIT(b []byte) (msgs []message, proto byte, profile uint16, err error) {
	if len(b) < 14 || (b[0] != 12 && b[0] != 14) || string(b[8:12]) != ".FIT" {
		return nil, 0, 0, fmt.Errorf("header: %w", errFraming)
	}
	hsize := int(b[0])
	size := int(binary.LittleEndian.Uint32(b[4:8]))
	if hsize+size+2 != len(b) {
		return nil, 0, 0, fmt.Errorf("data size %d in a %d-byte file: %w", size, len(b), errFraming)
	}
	type def struct {
		global uint16
		fields []fitField
		order  []int // index into fields in the file's order
	}
	var defs [16]*def
	data := b[hsize : hsize+size]
	for i := 0; i < len(data); {
		h := data[i]
		i++
		if h&0x80 != 0 || h&0x20 != 0 {
			return nil, 0, 0, fmt.Errorf("byte %d: compressed timestamp or developer data: %w", hsize+i-1, errFraming)
		}
		local := h & 0x0F
		if h&0x40 != 0 {
			if i+5 > len(data) || data[i+1] != 0 {
				return nil, 0, 0, fmt.Errorf("byte %d: definition: %w", hsize+i-1, errFraming)
			}
			d := &def{global: binary.LittleEndian.Uint16(data[i+2:])}
			n := int(data[i+4])
			i += 5
			if i+3*n > len(data) {
				return nil, 0, 0, fmt.Errorf("byte %d: definition fields: %w", hsize+i, errFraming)
			}
			for k := range n {
				d.fields = append(d.fields, fitField{num: data[i+3*k], size: data[i+3*k+1], base: data[i+3*k+2]})
			}
			i += 3 * n
			d.order = make([]int, n)
			for k := range d.order {
				d.order[k] = k
			}
			slices.SortStableFunc(d.order, func(x, y int) int { return int(d.fields[x].num) - int(d.fields[y].num) })
			defs[local] = d
			continue
		}
		d := defs[local]
		if d == nil {
			return nil, 0, 0, fmt.Errorf("byte %d: no definition for local message %d: %w", hsize+i-1, local, errFraming)
		}
		raw := make([][]byte, len(d.fields))
		for k, f := range d.fields {
			if i+int(f.size) > len(data) {
				return nil, 0, 0, fmt.Errorf("byte %d: truncated message: %w", hsize+i, errFraming)
			}
			raw[k] = data[i : i+int(f.size)]
			i += int(f.size)
		}
		m := message{global: d.global, fields: make([]fitField, len(d.fields))}
		for k, idx := range d.order {
			m.fields[k] = d.fields[idx]
			m.fields[k].data = raw[idx]
		}
		msgs = append(msgs, m)
	}
	return msgs, b[1], binary.LittleEndian.Uint16(b[2:4]), nil
}

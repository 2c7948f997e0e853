package fitfile

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// Base types, as a field definition spells them.
const (
	Enum    byte = 0x00
	Sint8   byte = 0x01
	Uint8   byte = 0x02
	Sint16  byte = 0x83
	Uint16  byte = 0x84
	Sint32  byte = 0x85
	Uint32  byte = 0x86
	String  byte = 0x07
	Float32 byte = 0x88
	Uint8z  byte = 0x0A
	Byte    byte = 0x0D
)

// Global message numbers used by the helpers.
const (
	MesgFileID           uint16 = 0
	MesgSport            uint16 = 12
	MesgSession          uint16 = 18
	MesgLap              uint16 = 19
	MesgRecord           uint16 = 20
	MesgEvent            uint16 = 21
	MesgActivity         uint16 = 34
	MesgFieldDescription uint16 = 206
	MesgDeveloperDataID  uint16 = 207
)

// File types (file_id.type).
const (
	FileSettings   byte = 2
	FileActivity   byte = 4
	FileCourse     byte = 6
	FileMonitoring byte = 32 // monitoring_b
)

// Sports and sub-sports used in tests.
const (
	SportGeneric    byte = 0
	SportRunning    byte = 1
	SportCycling    byte = 2
	SportTransition byte = 3
	SportSwimming   byte = 5
	SportWalking    byte = 11
	SubGeneric      byte = 0
	SubTreadmill    byte = 1
	SubTrail        byte = 3
	SubOpenWater    byte = 18
)

// Event values for timer events.
const (
	EventTimer       byte = 0
	EventTypeStart   byte = 0
	EventTypeStop    byte = 1
	EventTypeStopAll byte = 4
)

// Epoch is the FIT date_time epoch.
var Epoch = time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC)

// Time converts t to a FIT date_time.
func Time(t time.Time) uint32 { return uint32(t.Sub(Epoch) / time.Second) }

// Semicircles converts degrees to FIT semicircles.
func Semicircles(deg float64) int32 { return int32(math.Round(deg * (1 << 31) / 180)) }

// Field is a field definition: field number, size in bytes, base type.
type Field struct{ Num, Size, Type byte }

// DevField is a developer field definition: field number, size in bytes,
// developer data index.
type DevField struct{ Num, Size, DevIndex byte }

type definition struct {
	fields []Field
	dev    []DevField
}

// Sequence is one FIT sequence under construction. The zero value writes a
// 14-byte header with a correct header CRC.
type Sequence struct {
	// HeaderSize is 12 or 14; 0 means 14.
	HeaderSize int
	// ZeroHeaderCRC leaves a 14-byte header's CRC field at 0, as old Garmin
	// devices do; the file CRC then covers the header.
	ZeroHeaderCRC bool

	data    []byte
	defs    [16]*definition
	helpers [16]bool // which helper definitions are written
}

// Define writes a definition message for local message number local.
func (s *Sequence) Define(local byte, mesg uint16, fields []Field, dev ...DevField) {
	h := 0x40 | local&0x0F
	if len(dev) > 0 {
		h |= 0x20
	}
	s.data = append(s.data, h, 0, 0) // header, reserved, little-endian
	s.data = binary.LittleEndian.AppendUint16(s.data, mesg)
	s.data = append(s.data, byte(len(fields)))
	for _, f := range fields {
		s.data = append(s.data, f.Num, f.Size, f.Type)
	}
	if len(dev) > 0 {
		s.data = append(s.data, byte(len(dev)))
		for _, f := range dev {
			s.data = append(s.data, f.Num, f.Size, f.DevIndex)
		}
	}
	s.defs[local&0x0F] = &definition{fields: fields, dev: dev}
	s.helpers[local&0x0F] = false
}

// Data writes a data message with a normal header. values are given in the
// order of the definition's fields, then its developer fields: integers are
// written little-endian in the field's size (padded with zeros past 8
// bytes), strings and []byte are cut or zero-padded to it.
func (s *Sequence) Data(local byte, values ...any) {
	s.data = append(s.data, local&0x0F)
	s.values(local, values)
}

// Compressed writes a data message with a compressed-timestamp header:
// local must be 0–3 and offset is the low 5 bits of the message's time.
func (s *Sequence) Compressed(local byte, offset byte, values ...any) {
	s.data = append(s.data, 0x80|(local&0x03)<<5|offset&0x1F)
	s.values(local&0x03, values)
}

func (s *Sequence) values(local byte, values []any) {
	d := s.defs[local&0x0F]
	if d == nil {
		panic(fmt.Sprintf("fitfile: local message %d is not defined", local))
	}
	sizes := make([]byte, 0, len(d.fields)+len(d.dev))
	for _, f := range d.fields {
		sizes = append(sizes, f.Size)
	}
	for _, f := range d.dev {
		sizes = append(sizes, f.Size)
	}
	if len(values) != len(sizes) {
		panic(fmt.Sprintf("fitfile: local message %d has %d fields, got %d values", local, len(sizes), len(values)))
	}
	for i, v := range values {
		s.data = appendValue(s.data, v, int(sizes[i]))
	}
}

func appendValue(b []byte, v any, size int) []byte {
	var raw []byte
	switch x := v.(type) {
	case string:
		raw = []byte(x)
	case []byte:
		raw = x
	case float32:
		raw = binary.LittleEndian.AppendUint32(nil, math.Float32bits(x))
	default:
		raw = binary.LittleEndian.AppendUint64(nil, toUint64(v))
	}
	out := make([]byte, size)
	copy(out, raw)
	return append(b, out...)
}

func toUint64(v any) uint64 {
	switch x := v.(type) {
	case int:
		return uint64(x)
	case int8:
		return uint64(x)
	case int16:
		return uint64(x)
	case int32:
		return uint64(x)
	case int64:
		return uint64(x)
	case uint:
		return uint64(x)
	case uint8:
		return uint64(x)
	case uint16:
		return uint64(x)
	case uint32:
		return uint64(x)
	case uint64:
		return x
	}
	panic(fmt.Sprintf("fitfile: unsupported value %T", v))
}

// Raw appends bytes to the messages as they are.
func (s *Sequence) Raw(b ...byte) { s.data = append(s.data, b...) }

// Len is the number of message bytes written so far.
func (s *Sequence) Len() int { return len(s.data) }

// Bytes returns the sequence: header, messages and file CRC.
func (s *Sequence) Bytes() []byte {
	size := s.HeaderSize
	if size == 0 {
		size = 14
	}
	out := make([]byte, 0, size+len(s.data)+2)
	out = append(out, byte(size), 0x20) // protocol 2.0
	out = binary.LittleEndian.AppendUint16(out, 2132)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(s.data)))
	out = append(out, ".FIT"...)
	if size == 14 {
		var crc uint16
		if !s.ZeroHeaderCRC {
			crc = CRC(out)
		}
		out = binary.LittleEndian.AppendUint16(out, crc)
	}
	out = append(out, s.data...)
	// The file CRC covers header and messages, as the FIT SDK checks it;
	// with a correct 14-byte header CRC that equals the CRC of the
	// messages alone.
	return binary.LittleEndian.AppendUint16(out, CRC(out))
}

// Chain joins sequences into one chained FIT file.
func Chain(seqs ...[]byte) []byte {
	var out []byte
	for _, s := range seqs {
		out = append(out, s...)
	}
	return out
}

// crcTable is the FIT SDK's nibble table.
var crcTable = [16]uint16{
	0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
	0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
}

// CRC is the FIT CRC-16 of b, written here from the protocol document so
// that generated files do not depend on the decoder under test.
func CRC(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		tmp := crcTable[crc&0xF]
		crc = (crc>>4)&0x0FFF ^ tmp ^ crcTable[c&0xF]
		tmp = crcTable[crc&0xF]
		crc = (crc>>4)&0x0FFF ^ tmp ^ crcTable[c>>4]
	}
	return crc
}

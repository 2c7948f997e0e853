package fitfile

import (
	"encoding/binary"
	"testing"
	"time"
)

func TestCRC(t *testing.T) {
	// A FIT file header and its CRC, from the FIT SDK's documentation
	// example as muktihari/fit's crc16 test quotes it.
	b := []byte{14, 32, 84, 8, 214, 204, 9, 0, 46, 70, 73, 84}
	if got := CRC(b); got != 12856 {
		t.Fatalf("CRC = %d, want 12856", got)
	}
	// A block followed by its own CRC, little-endian, has CRC 0.
	b = binary.LittleEndian.AppendUint16(b, 12856)
	if got := CRC(b); got != 0 {
		t.Fatalf("CRC over data and its CRC = %#x, want 0", got)
	}
}

func TestBytesFraming(t *testing.T) {
	tests := []struct {
		name     string
		seq      Sequence
		size     int
		wantHCRC bool
	}{
		{"14-byte header", Sequence{}, 14, true},
		{"12-byte header", Sequence{HeaderSize: 12}, 12, false},
		{"14-byte header, CRC 0", Sequence{ZeroHeaderCRC: true}, 14, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.seq.FileID(FileActivity, 1, 3113, Time(time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)))
			b := tc.seq.Bytes()
			if int(b[0]) != tc.size || string(b[8:12]) != ".FIT" {
				t.Fatalf("header % x", b[:12])
			}
			if got := int(binary.LittleEndian.Uint32(b[4:8])); got != tc.seq.Len() || len(b) != tc.size+got+2 {
				t.Fatalf("data size %d, messages %d, file %d bytes", got, tc.seq.Len(), len(b))
			}
			if tc.size == 14 {
				hcrc := binary.LittleEndian.Uint16(b[12:14])
				if tc.wantHCRC != (hcrc != 0) || tc.wantHCRC && hcrc != CRC(b[:12]) {
					t.Fatalf("header CRC %#x, header bytes CRC %#x", hcrc, CRC(b[:12]))
				}
			}
			if stored := binary.LittleEndian.Uint16(b[len(b)-2:]); stored != CRC(b[:len(b)-2]) {
				t.Fatalf("file CRC %#x does not cover header and messages", stored)
			}
		})
	}
}

func TestRun(t *testing.T) {
	start := time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)
	b, x := Run(start, time.Hour, RunOptions{PauseEvery: 600, PauseS: 30})
	if x.TimerS != 3600 || x.ElapsedS != 3600+5*30 || x.DistM != 10800 {
		t.Fatalf("session %+v", x)
	}
	if len(b) < 3600*18 {
		t.Fatalf("file of %d bytes is too short for 3,601 records", len(b))
	}
}

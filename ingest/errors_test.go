package ingest

import (
	"errors"
	"testing"
)

func TestDecodeErrorText(t *testing.T) {
	tests := []struct {
		e             DecodeError
		error, reason string
	}{
		{DecodeError{Path: "runs/a.gpx", Format: "gpx", Line: 14, Err: errors.New("bad")}, "runs/a.gpx:14: gpx: bad", "line 14: gpx: bad"},
		{DecodeError{Path: "b.fit", Format: "fit", MessageNum: 212, Offset: 9120, Err: errors.New("bad")}, "b.fit: fit: message 212 (byte 9120): bad", "fit: message 212 (byte 9120): bad"},
		{DecodeError{Path: "x.zip", Member: "c.fit", Format: "fit", Offset: 7, Err: errors.New("bad")}, "x.zip!/c.fit: fit: byte 7: bad", "fit: byte 7: bad"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.error {
			t.Errorf("Error() = %q, want %q", got, tc.error)
		}
		if got := tc.e.Reason(); got != tc.reason {
			t.Errorf("Reason() = %q, want %q", got, tc.reason)
		}
	}
}

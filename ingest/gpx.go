package ingest

import (
	"errors"
	"io"
)

// DecodeGPX returns one Activity per track in r.
func DecodeGPX(r io.Reader, source string) ([]Activity, error) {
	return nil, &DecodeError{Path: source, Format: "gpx", Err: errors.New("not implemented")}
}

package ingest

import (
	"errors"
	"io"
)

// DecodeTCX returns one Activity per <Activity> in r.
func DecodeTCX(r io.Reader, source string) ([]Activity, error) {
	return nil, &DecodeError{Path: source, Format: "tcx", Err: errors.New("not implemented")}
}

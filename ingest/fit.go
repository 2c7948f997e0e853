package ingest

import (
	"errors"
	"io"
)

// DecodeFIT decodes every FIT sequence in r and returns one Activity per
// session. source names the file in errors and in Activity.Source.
func DecodeFIT(r io.Reader, source string) ([]Activity, error) {
	return nil, &DecodeError{Path: source, Format: "fit", Err: errors.New("not implemented")}
}

package ingest

import (
	"bytes"
	"fmt"
)

// decodeSafely runs a decoder, turning a panic into a *DecodeError.
func decodeSafely(decode func() ([]Activity, error), source, format string) (acts []Activity, err error) {
	defer func() {
		if r := recover(); r != nil {
			acts, err = nil, &DecodeError{Format: format, Err: fmt.Errorf("decoder panic: %v", r)}
		}
	}()
	return decode()
}

// decodeBytes decodes data as the format its name says and fills res.
func decodeBytes(data []byte, name, source string, res *itemResult) {
	format := activityFormat(name)
	var decode func() ([]Activity, error)
	switch format {
	case "fit":
		decode = func() ([]Activity, error) { return DecodeFIT(bytes.NewReader(data), source) }
	case "gpx":
		decode = func() ([]Activity, error) { return DecodeGPX(bytes.NewReader(data), source) }
	case "tcx":
		decode = func() ([]Activity, error) { return DecodeTCX(bytes.NewReader(data), source) }
	default:
		return
	}
	res.activity = true
	acts, err := decodeSafely(decode, source, format)
	for i := range acts {
		acts[i].Source = source
		if acts[i].Format == "" {
			acts[i].Format = format
		}
	}
	res.acts = append(res.acts, acts...)
	if err != nil {
		res.errs = append(res.errs, asDecodeError(err, source, format))
	}
}

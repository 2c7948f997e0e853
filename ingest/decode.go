package ingest

import (
	"bytes"
	"fmt"
)

// guard runs decode, the decoding of one file, and turns a panic inside it
// (in legwork's code or in a third-party decoder) into a *DecodeError. It is
// the one recover of ingest: DecodeFIT, DecodeGPX and DecodeTCX go through
// it, so neither their callers nor Read ever see a panic.
func guard(format Format, source string, decode func() ([]Activity, error)) (acts []Activity, err error) {
	defer func() {
		if p := recover(); p != nil {
			acts, err = nil, &DecodeError{Path: source, Format: string(format), Err: fmt.Errorf("decoder panic: %v", p)}
		}
	}()
	return decode()
}

// decodeBytes decodes data as the format its name says and fills res.
func decodeBytes(data []byte, name, source string, res *itemResult) {
	format := activityFormat(name)
	var (
		acts []Activity
		err  error
	)
	switch format {
	case FormatFIT:
		acts, err = decodeFITBytes(data, source) // DecodeFIT without copying data
	case FormatGPX:
		acts, err = guard(FormatGPX, source, func() ([]Activity, error) { return decodeGPXBytes(data, source) })
	case FormatTCX:
		acts, err = DecodeTCX(bytes.NewReader(data), source)
	default:
		return
	}
	res.activity = true
	for i := range acts {
		acts[i].Source = source
		if acts[i].Format == "" {
			acts[i].Format = format
		}
		acts[i].Summarize()
	}
	res.acts = append(res.acts, acts...)
	if err != nil {
		res.errs = append(res.errs, asDecodeError(err, source, string(format)))
	}
}

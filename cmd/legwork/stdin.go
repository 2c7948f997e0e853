package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/legwork-run/legwork/ingest"
)

// maxStdinBytes caps what `inspect -` reads from standard input: ingest's
// own cap on one file (Options.MaxMemberBytes' default).
const maxStdinBytes = 256 << 20

// readStdin reads standard input for `inspect -`. ingest tells formats by
// file name, so the bytes go into a file in a new temporary directory
// named by what their content shows (sniffFormat), which ingest.Read then
// reads as usual (localized, de-duplicated, given IDs); the sources read
// "-" ("-!/b.fit" inside a zip). Content that is no activity file gives a
// batch with one DecodeError, as for a FILE.
func readStdin(ctx context.Context, o *opts) (*ingest.Batch, error) {
	in := o.hooks.stdin
	if in == nil {
		in = os.Stdin
	}
	data, err := io.ReadAll(io.LimitReader(in, maxStdinBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if len(data) > maxStdinBytes {
		return nil, fmt.Errorf("read standard input: more than %d MiB", maxStdinBytes>>20)
	}
	ext := sniffFormat(data)
	if ext == "" {
		return &ingest.Batch{Errors: []*ingest.DecodeError{{Path: "-", Err: errNotActivityFile}}}, nil
	}
	dir, err := os.MkdirTemp("", "legwork-stdin-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	name := "stdin." + ext
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		return nil, err
	}
	b, err := ingest.Read(ctx, []string{dir}, ingest.Options{Zone: o.zone, Log: o.log})
	if err != nil {
		return nil, err
	}
	rename := func(s string) string {
		if s == name || strings.HasPrefix(s, name+"!/") {
			return "-" + strings.TrimPrefix(s, name)
		}
		return s
	}
	for i := range b.Activities {
		b.Activities[i].Source = rename(b.Activities[i].Source)
	}
	for _, es := range [][]*ingest.DecodeError{b.Errors, b.Skipped} {
		for _, e := range es {
			e.Path = rename(e.Path)
		}
	}
	return b, nil
}

// sniffFormat returns the file extension that the content of data shows:
// "fit" (".FIT" at byte 8 of the header), "gpx" or "tcx" (the root element
// of an XML document), "zip", "fit.gz", "gpx.gz" or "tcx.gz" (by the
// decompressed start), or "" for anything else.
func sniffFormat(data []byte) string {
	switch {
	case len(data) >= 12 && string(data[8:12]) == ".FIT":
		return "fit"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "zip"
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return ""
		}
		head, _ := io.ReadAll(io.LimitReader(zr, 64<<10))
		if inner := sniffFormat(head); inner == "fit" || inner == "gpx" || inner == "tcx" {
			return inner + ".gz"
		}
		return ""
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := xml.NewDecoder(bytes.NewReader(data[:min(len(data), 64<<10)]))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if el, ok := tok.(xml.StartElement); ok {
			switch strings.ToLower(el.Name.Local) {
			case "gpx":
				return "gpx"
			case "trainingcenterdatabase":
				return "tcx"
			}
			return ""
		}
	}
}

package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoActivity is wrapped by a DecodeError for a file that holds no
// activity (a settings or monitoring FIT file, a GPX file with only
// waypoints or routes, a TCX course): the file is skipped, not failed.
var ErrNoActivity = errors.New("no activity")

// ErrPartialRead is wrapped by a DecodeError returned together with
// activities: the file is damaged (a FIT file truncated or with a bad
// chained part, a recording never finalized, a GPX file with an undeclared
// namespace prefix), and the activities are what could be read. The caller
// keeps them and still reports the file.
var ErrPartialRead = errors.New("partial read")

// DecodeError reports a file (or archive member) that could not be turned
// into activities. Every position field uses zero for "unknown".
type DecodeError struct {
	Path       string // input-relative path of the file or archive
	Member     string // member inside the archive ("b.fit" or "inner.zip!/b.fit"); empty if none
	Format     string // a Format, or "zip", "gz" or "csv"; "" when unknown
	Line       int    // 1-based line in an XML file
	Offset     int64  // byte position in a FIT file where decoding stopped
	MessageNum int    // 1-based number of the FIT message where decoding stopped (not Activity.Session)
	Err        error
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Source is the path as used in Activity.Source: "a.zip!/b.fit" for members.
func (e *DecodeError) Source() string {
	if e.Member == "" {
		return e.Path
	}
	return e.Path + "!/" + e.Member
}

// Error gives "runs/a.gpx:14: gpx: …" or "runs/b.fit: fit: message 212 (byte 9120): …".
func (e *DecodeError) Error() string {
	s := e.Source()
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	return s + ": " + e.detail()
}

// Reason is the error without the source it names, for lists grouped by
// file: "line 17: gpx: unbound namespace prefix …", "fit: empty file".
func (e *DecodeError) Reason() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.detail())
	}
	return e.detail()
}

// detail is the format, the position inside the file and the cause.
func (e *DecodeError) detail() string {
	var b strings.Builder
	if e.Format != "" {
		b.WriteString(e.Format)
		b.WriteString(": ")
	}
	switch {
	case e.MessageNum > 0 && e.Offset > 0:
		fmt.Fprintf(&b, "message %d (byte %d): ", e.MessageNum, e.Offset)
	case e.MessageNum > 0:
		fmt.Fprintf(&b, "message %d: ", e.MessageNum)
	case e.Offset > 0:
		fmt.Fprintf(&b, "byte %d: ", e.Offset)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Skipped reports whether the error only says the file holds no activity.
func (e *DecodeError) Skipped() bool { return errors.Is(e.Err, ErrNoActivity) }

// splitSource splits "a.zip!/b.fit" into the file and the member.
func splitSource(source string) (path, member string) {
	if i := strings.Index(source, "!/"); i >= 0 {
		return source[:i], source[i+2:]
	}
	return source, ""
}

// asDecodeError turns err from reading source into a *DecodeError whose
// Path and Member come from source.
func asDecodeError(err error, source, format string) *DecodeError {
	var de *DecodeError
	if !errors.As(err, &de) {
		de = &DecodeError{Err: err}
	}
	de.Path, de.Member = splitSource(source)
	if de.Format == "" {
		de.Format = format
	}
	return de
}

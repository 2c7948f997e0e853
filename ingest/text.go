package ingest

import (
	"archive/zip"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Every string that leaves ingest is valid UTF-8: Parquet readers (DuckDB)
// refuse a table holding anything else. Names from older tools come in
// legacy encodings; what cannot be decoded is escaped, and a warning says so.

// zipFlagUTF8 is the general-purpose flag bit saying a zip name is UTF-8.
const zipFlagUTF8 = 0x800

// zipFlagEncrypted is the general-purpose flag bit of an encrypted member.
const zipFlagEncrypted = 0x1

// memberName is a zip member's name as valid UTF-8, and a note when it had
// to be re-decoded: a name without the UTF-8 flag that is not UTF-8 comes
// from an older Windows zip and is code page 437, as the zip specification
// says; invalid bytes in a name flagged UTF-8 are escaped.
func memberName(f *zip.File) (name, note string) {
	if utf8.ValidString(f.Name) {
		return f.Name, ""
	}
	if f.Flags&zipFlagUTF8 == 0 {
		if s, err := charmap.CodePage437.NewDecoder().String(f.Name); err == nil && utf8.ValidString(s) {
			return s, "member name is not UTF-8: read as code page 437 (older Windows zips)"
		}
	}
	return escapeInvalid(f.Name), `member name is not valid UTF-8: invalid bytes shown as hex escapes`
}

// diskName is a file name on disk as valid UTF-8 for Source, and a note
// when invalid bytes had to be escaped. The real name is still used to open
// the file.
func diskName(name string) (string, string) {
	if utf8.ValidString(name) {
		return name, ""
	}
	return escapeInvalid(name), `file name is not valid UTF-8: invalid bytes shown as hex escapes`
}

// legacyText returns CSV text as UTF-8: text that is not valid UTF-8 is
// read as Windows-1252 (Latin-1 with typographic quotes and the euro sign),
// what spreadsheet programs on Windows save, with a note.
func legacyText(data []byte) ([]byte, string) {
	if utf8.Valid(data) {
		return data, ""
	}
	if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil && utf8.Valid(out) {
		return out, "text is not UTF-8: read as Windows-1252 (Latin-1)"
	}
	return []byte(strings.ToValidUTF8(string(data), "\uFFFD")), "text is not valid UTF-8: invalid bytes replaced by U+FFFD"
}

// escapeInvalid replaces each byte of s that is not part of a valid UTF-8
// sequence with \xNN.
func escapeInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// validUTF8 makes every string of a, including those decoders took from
// the file (device, name, warnings), valid UTF-8.
func (a *Activity) validUTF8() {
	for _, p := range []*string{&a.ID, &a.Source, &a.Device, &a.Gear, &a.Name, &a.DuplicateOf} {
		*p = escapeInvalid(*p)
	}
	a.Format = Format(escapeInvalid(string(a.Format)))
	a.Sport = Sport(escapeInvalid(string(a.Sport)))
	a.OffsetSource = OffsetSource(escapeInvalid(string(a.OffsetSource)))
	for i := range a.Warnings {
		a.Warnings[i] = escapeInvalid(a.Warnings[i])
	}
}

// validUTF8 makes the message of e valid UTF-8 (a decoder may quote bytes
// from the file); errors.Is and errors.As still see the cause.
func (e *DecodeError) validUTF8() {
	e.Path, e.Member, e.Format = escapeInvalid(e.Path), escapeInvalid(e.Member), escapeInvalid(e.Format)
	if e.Err != nil && !utf8.ValidString(e.Err.Error()) {
		e.Err = escapedError{e.Err}
	}
}

// escapedError is an error whose message has invalid UTF-8 escaped.
type escapedError struct{ err error }

func (e escapedError) Error() string { return escapeInvalid(e.err.Error()) }
func (e escapedError) Unwrap() error { return e.err }

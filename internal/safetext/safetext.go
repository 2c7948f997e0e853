package safetext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bidirectional formatting characters (Unicode UAX #9).
const (
	LRE = '\u202A' // left-to-right embedding
	RLE = '\u202B' // right-to-left embedding
	PDF = '\u202C' // pop directional formatting
	LRO = '\u202D' // left-to-right override
	RLO = '\u202E' // right-to-left override
	LRI = '\u2066' // left-to-right isolate
	RLI = '\u2067' // right-to-left isolate
	FSI = '\u2068' // first strong isolate
	PDI = '\u2069' // pop directional isolate
)

// IsBidiControl reports whether r is a bidirectional formatting character:
// an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) or an
// implicit mark (U+200E LRM, U+200F RLM, U+061C ALM).
func IsBidiControl(r rune) bool {
	switch {
	case r >= LRE && r <= RLO, r >= LRI && r <= PDI:
		return true
	case r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	}
	return false
}

// needsTerminalEscape reports whether r must not reach a terminal as is:
// C0 controls (tab and newline included), DEL, C1 controls, the line and
// paragraph separators and the bidirectional controls.
func needsTerminalEscape(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == '\u2028', r == '\u2029':
		return true
	}
	return IsBidiControl(r)
}

// Terminal returns s with everything that could act on a terminal shown
// as a Go escape instead: C0 controls (ESC, BEL, CR, tab, newline …), DEL
// and C1 controls become \x1b, \a, \r, \t, \n, \x7f, \u009b; bidirectional
// controls and U+2028/U+2029 become \u202e and the like; a byte that is not
// UTF-8 becomes \xff. Everything else, backslashes included, is left as is,
// so an ordinary name prints unchanged. Use it for every string from a file,
// an archive or the configuration that is printed, including whole error
// messages that quote such names.
func Terminal(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r == utf8.RuneError || needsTerminalEscape(r) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for s = s[i:]; s != ""; {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[0])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[0])&15, 16))
		case needsTerminalEscape(r):
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\n', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// isRTL reports whether r is a letter of a right-to-left script (Hebrew,
// Arabic, Syriac, Thaana, N'Ko and the others of those blocks).
func isRTL(r rune) bool {
	switch {
	case r >= 0x0590 && r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF,
		r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF:
		return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)
	}
	return false
}

// NeedsIsolation reports whether s holds a bidirectional control or a
// right-to-left letter, and so could reorder the text around it.
func NeedsIsolation(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return IsBidiControl(r) || isRTL(r) }) >= 0
}

// Isolate returns s wrapped in FSI … PDI when it needs isolation, so that
// whatever direction its text or its controls set ends with it (UAX #9: a
// PDI closes every embedding and override opened since its isolate). A PDI
// in s that would close the wrapper early is dropped. Otherwise s is
// returned unchanged.
func Isolate(s string) string {
	if !NeedsIsolation(s) || isolated(s) {
		return s
	}
	return string(FSI) + Balance(s) + string(PDI)
}

// Balance returns s without the PDIs that close no isolate opened in s
// itself: placed inside an isolate or a <bdi> element, such a PDI would
// close it early and let the rest of s reorder the text around it.
func Balance(s string) string {
	if !strings.ContainsRune(s, PDI) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	open := 0 // isolates opened in s and not yet closed
	for _, r := range s {
		switch r {
		case LRI, RLI, FSI:
			open++
		case PDI:
			if open == 0 {
				continue
			}
			open--
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isolated reports whether s is already one isolate: an FSI whose matching
// PDI is its last rune.
func isolated(s string) bool {
	if !strings.HasPrefix(s, string(FSI)) || !strings.HasSuffix(s, string(PDI)) {
		return false
	}
	open := 0
	for i, r := range s {
		switch r {
		case LRI, RLI, FSI:
			open++
		case PDI:
			open--
			if open == 0 {
				return i == len(s)-len(string(PDI))
			}
		}
	}
	return false
}

// Shorten returns s cut to at most limit runes, the last of them "…", and
// true; or s and false when it is not longer than limit. The cut does not
// separate a combining mark, a joiner, a variation selector, a skin-tone
// modifier or a flag's second half from what it belongs to: it backs off to
// the start of that cluster (an approximation of grapheme segmentation that
// is enough for a name in a table). A limit below 2 is taken as 2.
func Shorten(s string, limit int) (string, bool) {
	limit = max(limit, 2)
	if utf8.RuneCountInString(s) <= limit {
		return s, false
	}
	cut, n := 0, 0
	for i := range s {
		if n == limit-1 {
			cut = i
			break
		}
		n++
	}
	// Back off while the rune at the cut continues the one before it.
	for cut > 0 {
		r, _ := utf8.DecodeRuneInString(s[cut:])
		if !continues(r) {
			break
		}
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
	}
	if cut == 0 {
		_, size := utf8.DecodeRuneInString(s)
		cut = size
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + "…", true
}

// continues reports whether r attaches to the rune before it.
func continues(r rune) bool {
	switch {
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Mc, r):
		return true
	case r == '\u200D', r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // skin tone modifiers
		return true
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators come in pairs
		return true
	}
	return false
}

package ingest

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The pieces of XML the fast passes (gpxscan.go, tcxscan.go) share: the
// check that a file is plain UTF-8 XML text, names, the XML declaration,
// entity decoding as encoding/xml does it, and plain numbers and times.

// plainXMLText reports whether data is valid UTF-8 without the characters
// XML forbids (controls other than tab, newline and carriage return;
// U+FFFE and U+FFFF). It looks at eight bytes at a time: a word with no
// byte under 0x20 needs no more, and the others only a test for the three
// controls allowed.
func plainXMLText(data []byte) bool {
	var seen uint64 // the bytes of all words ORed: a high bit means non-ASCII
	i := 0
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		seen |= x
		if ctl := controlBytes(x); ctl != 0 {
			allowed := zeroBytes(x^(ones*'\t')) | zeroBytes(x^(ones*'\n')) | zeroBytes(x^(ones*'\r'))
			if ctl&^allowed != 0 {
				return false
			}
		}
	}
	ascii := seen&highBits == 0
	for _, c := range data[i:] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if ascii {
		return true
	}
	return utf8.Valid(data) && !bytes.Contains(data, []byte("\uFFFE")) && !bytes.Contains(data, []byte("\uFFFF"))
}

// Eight bytes in a word: ones*c repeats byte c, highBits is the top bit of
// each byte and low7 the rest.
const (
	ones     = 0x0101010101010101
	highBits = 0x8080808080808080
	low7     = 0x7f7f7f7f7f7f7f7f
)

// controlBytes sets the top bit of each byte of x under 0x20, and only
// those (the seven low bits plus 0x60 reach 0x80 exactly when they are at
// least 0x20, and never carry into the next byte).
func controlBytes(x uint64) uint64 {
	return ^((x&low7 + ones*0x60) | x) & highBits
}

// zeroBytes sets the top bit of each zero byte of x, and only those.
func zeroBytes(x uint64) uint64 {
	return ^((x&low7 + low7) | x) & highBits
}

// xmlDeclOK reports whether an XML declaration at the start of the file
// is one the fast pass reads: version 1.0 (or none), encoding UTF-8 (or none).
func xmlDeclOK(b []byte) bool {
	end := bytes.Index(b, []byte("?>"))
	if end < 0 || !bytes.HasPrefix(b, []byte("<?xml")) || end < 5 {
		return false
	}
	if c := b[5]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && end != 5 {
		return false
	}
	content := string(b[5:end])
	if strings.ContainsAny(content, "<>&") {
		return false
	}
	if v, ok := procInstParam("version", content); ok && v != "1.0" {
		return false
	}
	if e, ok := procInstParam("encoding", content); ok && !strings.EqualFold(e, "utf-8") {
		return false
	}
	return true
}

// procInstParam finds param="value" or param='value' in an XML declaration.
func procInstParam(param, s string) (string, bool) {
	i := strings.Index(s, param)
	if i < 0 {
		return "", false
	}
	s = strings.TrimLeft(s[i+len(param):], " \t\r\n")
	if !strings.HasPrefix(s, "=") {
		return "", true // present but odd: let the full path judge
	}
	s = strings.TrimLeft(s[1:], " \t\r\n")
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		return "\x00", true
	}
	q := s[0]
	j := strings.IndexByte(s[1:], q)
	if j < 0 {
		return "\x00", true
	}
	return s[1 : 1+j], true
}

// xmlName reads an XML name at b's start: ASCII letters, digits, '_',
// '-', '.' and at most one ':' not at either end. n is 0 when there is none
// the fast pass reads.
func xmlName(b []byte) (n int, colon int) {
	colon = -1
	for n < len(b) {
		c := b[n]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9', c == '-', c == '.':
			if n == 0 {
				return 0, -1
			}
		case c == ':':
			if n == 0 || colon >= 0 {
				return 0, -1
			}
			colon = n
		case c >= utf8.RuneSelf:
			return 0, -1
		default:
			if colon == n-1 {
				return 0, -1
			}
			return n, colon
		}
		n++
	}
	return 0, -1 // a name running to the end of the file
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// plainDecimal parses the decimals GPX files are made of, an optional '-',
// digits and an optional fraction ("-73.9574975", "32.5", "87"), with at
// most 15 digits in all; ok is false for anything else, which is left to
// strconv.ParseFloat. Its result is ParseFloat's to the bit: ParseFloat
// also reads such a number as an integer below 2^52 (exact in a float64)
// and divides it by an exact power of ten, one correctly rounded
// operation.
func plainDecimal[T string | []byte](b T) (float64, bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		i, neg = 1, true
	}
	var mant uint64
	start := i
	for ; i < len(b) && b[i]-'0' <= 9; i++ {
		mant = mant*10 + uint64(b[i]-'0')
	}
	digits, frac := i-start, 0
	if digits > 0 && i < len(b) && b[i] == '.' {
		i++
		start = i
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			mant = mant*10 + uint64(b[i]-'0')
		}
		if frac = i - start; frac == 0 {
			return 0, false // "5.": left to ParseFloat
		}
		digits += frac
	}
	if i != len(b) || digits == 0 || digits > 15 {
		return 0, false
	}
	f := float64(mant)
	if neg {
		f = -f
	}
	if frac > 0 {
		f /= decimalPow10[frac]
	}
	return f, true
}

// decimalPow10 are the powers of ten plainDecimal divides by, all exact.
var decimalPow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseXMLTimeBytes is parseXMLTime for the common spellings
// "2006-01-02T15:04:05Z", with a fraction of a second
// ("…:05.000Z") or a zone offset ("…:05.000+01:00"), without allocating;
// else parseXMLTime.
func parseXMLTimeBytes(b []byte) (time.Time, bool) {
	if len(b) >= 20 && b[10] == 'T' {
		if t, ok := fastXMLTime(b); ok {
			return t, true
		}
	}
	return parseXMLTime(string(b))
}

// fastXMLTime parses exactly YYYY-MM-DDThh:mm:ss, then an optional '.'
// and 1 to 9 digits, then 'Z' or ±hh:mm, with in-range fields; its result
// is time.Parse's with time.RFC3339Nano, in UTC.
func fastXMLTime(b []byte) (time.Time, bool) {
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	h, ok4 := num(11, 2)
	mi, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 28 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false // days 29-31 go through time.Parse, which checks the month
	}
	i, nsec := 19, 0
	if b[i] == '.' {
		i++
		digits := 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if digits++; digits > 9 {
				return time.Time{}, false
			}
			nsec = nsec*10 + int(b[i]-'0')
		}
		if digits == 0 {
			return time.Time{}, false
		}
		for range 9 - digits {
			nsec *= 10
		}
	}
	offset := 0
	switch rest := b[i:]; {
	case len(rest) == 1 && rest[0] == 'Z':
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := num(i+1, 2)
		om, ok2 := num(i+4, 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		if offset = (oh*60 + om) * 60; rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC)
	if offset != 0 {
		t = t.Add(-time.Duration(offset) * time.Second)
	}
	return t, true
}

// appendText appends XML text to dst as encoding/xml decodes it: the five
// predefined entities and numeric character references decoded, "\r\n"
// and a lone "\r" turned into "\n". ok is false for a reference encoding/xml
// refuses (or one the fast pass leaves to it).
func appendText(dst, raw []byte) ([]byte, bool) {
	for len(raw) > 0 {
		i := indexAmpCR(raw)
		if i < 0 {
			return append(dst, raw...), true
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 2 || semi > 12 {
			return dst, false
		}
		ref := raw[1:semi]
		raw = raw[semi+1:]
		if c := predefinedEntity(ref); c != 0 {
			dst = append(dst, c)
			continue
		}
		if ref[0] != '#' || len(ref) < 2 {
			return dst, false
		}
		base, digits := 10, ref[1:]
		if digits[0] == 'x' {
			base, digits = 16, digits[1:]
		}
		if len(digits) == 0 {
			return dst, false
		}
		n, err := strconv.ParseUint(string(digits), base, 32)
		if err != nil || n > math.MaxInt32 || !xmlChar(rune(n)) {
			return dst, false
		}
		dst = utf8.AppendRune(dst, rune(n))
	}
	return dst, true
}

// indexAmpCR is bytes.IndexAny(b, "&\r") for the short texts of GPX files.
func indexAmpCR(b []byte) int {
	for i, c := range b {
		if c == '&' || c == '\r' {
			return i
		}
	}
	return -1
}

// predefinedEntity is the character of one of XML's five predefined
// entities named ref ("lt", "amp"…), else 0.
func predefinedEntity(ref []byte) byte {
	switch string(ref) {
	case "lt":
		return '<'
	case "gt":
		return '>'
	case "amp":
		return '&'
	case "apos":
		return '\''
	case "quot":
		return '"'
	}
	return 0
}

// xmlChar reports whether r may appear in XML (the Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendNewlines appends CDATA text, with "\r\n" and "\r" as "\n".
func appendNewlines(dst, raw []byte) []byte {
	for {
		i := bytes.IndexByte(raw, '\r')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		dst = append(dst, '\n')
		raw = raw[i+1:]
		if len(raw) > 0 && raw[0] == '\n' {
			raw = raw[1:]
		}
	}
}

// openElement is an element of a fast pass's stack: its name as written
// (prefix:local) is data[start:end], the local part data[local:end]. (Offsets
// rather than slices: pushing one is three plain stores.)
type openElement struct {
	start, local, end int
}

// xmlAttr is one attribute of a start tag as written: its name, the
// offset of the ':' in it (-1 when none), and its value between the
// quotes, undecoded; special when the value holds '&' or '\r' (and so
// needs appendText).
type xmlAttr struct {
	name    []byte
	colon   int
	raw     []byte
	special bool
}

// Ends of a start tag, from nextAttr.
const (
	attrMore     = iota // an attribute was read
	tagEnd              // '>'
	tagSelfClose        // "/>"
)

// nextAttr reads, from data[pos:] inside a start tag, the next attribute
// or the end of the tag; next is the offset past what it read. ok is false
// for anything the fast passes leave to encoding/xml: a syntax error,
// attributes not separated by space, a '<' in a value, a name xmlName does
// not read.
func nextAttr(data []byte, pos int) (a xmlAttr, end, next int, ok bool) {
	start := pos
	for pos < len(data) && isSpace(data[pos]) {
		pos++
	}
	if pos >= len(data) {
		return a, 0, pos, false
	}
	switch data[pos] {
	case '>':
		return a, tagEnd, pos + 1, true
	case '/':
		if pos+1 >= len(data) || data[pos+1] != '>' {
			return a, 0, pos, false
		}
		return a, tagSelfClose, pos + 2, true
	}
	if pos == start {
		return a, 0, pos, false // attributes run together
	}
	n, colon := xmlName(data[pos:])
	if n == 0 {
		return a, 0, pos, false
	}
	a.name, a.colon = data[pos:pos+n], colon
	pos += n
	for pos < len(data) && isSpace(data[pos]) {
		pos++
	}
	if pos >= len(data) || data[pos] != '=' {
		return a, 0, pos, false
	}
	pos++
	for pos < len(data) && isSpace(data[pos]) {
		pos++
	}
	if pos >= len(data) || (data[pos] != '"' && data[pos] != '\'') {
		return a, 0, pos, false
	}
	q := data[pos]
	for j, c := range data[pos+1:] {
		if c == q {
			a.raw = data[pos+1 : pos+1+j]
			return a, attrMore, pos + 1 + j + 1, true
		}
		switch c {
		case '<':
			return a, 0, pos, false
		case '&', '\r':
			a.special = true
		}
	}
	return a, 0, pos, false
}

// readEndTag reads the rest of an end tag from data[pos:], just past "</": the
// name of e, optional space and '>'. next is the offset past it; ok is
// false for any other name or a syntax error.
func readEndTag(data []byte, pos int, e openElement) (next int, ok bool) {
	top := data[e.start:e.end]
	if rest := data[pos:]; len(rest) > len(top) && rest[len(top)] == '>' && bytes.Equal(rest[:len(top)], top) {
		// </name>, the name checked when it was opened.
		return pos + len(top) + 1, true
	}
	n, _ := xmlName(data[pos:])
	if n == 0 || !bytes.Equal(data[pos:pos+n], top) {
		return pos, false
	}
	pos += n
	for pos < len(data) && isSpace(data[pos]) {
		pos++
	}
	if pos >= len(data) || data[pos] != '>' {
		return pos, false
	}
	return pos + 1, true
}

// markup reads the comment, CDATA section or XML declaration at rest's
// start (which begins "<!" or "<?"); first tells whether rest is the start
// of the file. n is its length and, for a CDATA section, cdata is true and
// text its content as written. ok is false for what the fast passes leave
// to encoding/xml: directives (DOCTYPE…), processing instructions other
// than a declaration xmlDeclOK takes at the very start, "--" inside a
// comment, anything unterminated.
func markup(rest []byte, first bool) (n int, cdata bool, text []byte, ok bool) {
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		end := bytes.Index(rest[4:], []byte("-->"))
		if end < 0 || bytes.Contains(rest[4:4+end], []byte("--")) {
			return 0, false, nil, false
		}
		return 4 + end + 3, false, nil, true
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		end := bytes.Index(rest[9:], []byte("]]>"))
		if end < 0 {
			return 0, false, nil, false
		}
		return 9 + end + 3, true, rest[9 : 9+end], true
	case bytes.HasPrefix(rest, []byte("<?")):
		if !first || !xmlDeclOK(rest) {
			return 0, false, nil, false
		}
		return bytes.Index(rest, []byte("?>")) + 2, false, nil, true
	}
	return 0, false, nil, false // "<!": DOCTYPE and other directives
}

// xmlCursor is where a fast pass (gpxscan.go, tcxscan.go) stands in a file
// held in memory.
type xmlCursor struct {
	data []byte
	pos  int
}

// xmlTokens is what a fast pass does with what xmlCursor.scan meets. Each
// method returns false when the file must go to the full path instead.
type xmlTokens interface {
	// capturing reports whether text is being read, so that even the
	// spaces between tags are handed to chardata.
	capturing() bool
	chardata(raw []byte) bool
	// startTag and endTag read the tag at the cursor ("<" or "</") and
	// move it past.
	startTag() bool
	endTag() bool
	// cdata takes the text of a CDATA section.
	cdata(text []byte) bool
	// declAllowed reports whether an XML declaration may stand at the
	// cursor.
	declAllowed() bool
}

// scan walks the file from the cursor to its end, handing text, tags and
// CDATA to h; comments, the declaration and other markup are checked and
// skipped (markup). It reports whether h took everything.
func (c *xmlCursor) scan(h xmlTokens) bool {
	d := c.data
	for c.pos < len(d) {
		// Most text between tags is a line break and indentation: skip it
		// without a search, and hand it over only when text is read.
		i := c.pos
		for i < len(d) && isSpace(d[i]) {
			i++
		}
		if i < len(d) && d[i] == '<' {
			if i > c.pos && h.capturing() && !h.chardata(d[c.pos:i]) {
				return false
			}
			c.pos = i
		} else {
			lt := bytes.IndexByte(d[c.pos:], '<')
			if lt < 0 {
				lt = len(d) - c.pos
			}
			if !h.chardata(d[c.pos : c.pos+lt]) {
				return false
			}
			if c.pos += lt; c.pos == len(d) {
				break
			}
		}
		rest := d[c.pos:]
		if len(rest) < 2 {
			return false
		}
		switch rest[1] {
		case '/':
			if !h.endTag() {
				return false
			}
			continue
		case '!', '?': // read below
		default:
			if !h.startTag() {
				return false
			}
			continue
		}
		n, cdata, text, ok := markup(rest, h.declAllowed())
		if !ok || cdata && !h.cdata(text) {
			return false
		}
		c.pos += n
	}
	return true
}

package ingest

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The GPX fast pass: one scan over the bytes of a file held in memory that
// reads what DecodeGPX needs (creator, tracks with their name and type,
// points with position, time and heart rate, counts of routes and
// waypoints), entities decoded as encoding/xml decodes them. It reads only
// well-formed UTF-8 XML of the shape real exports have; whenever it meets
// anything else (a syntax error, another encoding, a DOCTYPE, an undeclared
// namespace prefix, a number gpxgo would refuse…) it gives up, and the file
// is read by gpxgo and the encoding/xml re-read of times instead, which give
// the same activities and the errors (with their lines) of before. Tests
// hold the two paths to the same results (gpxfast_test.go).

// gpxDoc is what a GPX file holds for DecodeGPX, from either path.
type gpxDoc struct {
	creator           string
	tracks            []gpxTrack
	routes, waypoints int
}

// gpxTrack is one <trk>.
type gpxTrack struct {
	name, typ string // direct text of <name> and <type>, entities decoded
	segs      [][]trackPoint
}

// gpxScanner is the state of one fast pass.
type gpxScanner struct {
	xmlCursor
	v10   bool // GPX 1.0 as gpxgo guesses it: extensions are not read
	stack []openElement
	// bound are the namespace prefixes declared, with the depth of the
	// element that declared them.
	bound []prefixBinding
	doc   gpxDoc
	root  bool // the root element was seen (and closed when stack is empty)

	// Capturing text: capDepth is the depth of the element whose text is
	// read (0 when none), capKind what it is for.
	capDepth int
	capKind  int
	text     []byte

	segStart int // offset just past the <trkseg> being read

	// The point being read: nil outside <trkpt>.
	pt       *trackPoint
	ptTime   []byte // its <time> text
	ptHasT   bool
	ptScanHR []byte // text of its first hr-named element (any depth below it), trimmed
	hasScan  bool   // ptScanHR is set
	scratch  []byte // decoded text checked and dropped
	ptExtHR  uint8  // heart rate of its first hr-named element under <extensions>
	extDepth int    // depth of the <extensions> of the point being read; 0 when none
}

type prefixBinding struct {
	prefix string
	depth  int
}

const (
	capNone = iota
	capName
	capType
	capTime
	capScanHR
	capExtHR
	capInt   // text gpxgo reads into an int: must parse
	capFloat // text gpxgo reads into a float64: must parse
)

// scanGPX reads data (a BOM already removed) in one pass; ok is false when
// the file must be read by the full path instead.
func scanGPX(data []byte) (doc *gpxDoc, ok bool) {
	if !plainXMLText(data) {
		return nil, false
	}
	s := &gpxScanner{xmlCursor: xmlCursor{data: data}}
	s.v10 = gpxgoVersion(data) == "1.0"
	if !s.run() {
		return nil, false
	}
	return &s.doc, true
}

func (s *gpxScanner) run() bool {
	return s.scan(s) && s.root && len(s.stack) == 0
}

func (s *gpxScanner) capturing() bool { return s.capDepth > 0 }

// declAllowed: only at the very start (anything else goes to the full path).
func (s *gpxScanner) declAllowed() bool { return s.pos == 0 }

func (s *gpxScanner) cdata(text []byte) bool {
	switch {
	case len(s.stack) == 0:
		return false
	case s.capDepth == len(s.stack):
		s.text = appendNewlines(s.text, text)
	case s.capDepth > 0:
		return false // text of a child of a captured element
	}
	return true
}

// chardata handles text between tags.
func (s *gpxScanner) chardata(raw []byte) bool {
	if bytes.Contains(raw, []byte("]]>")) {
		return false // encoding/xml refuses it outside CDATA
	}
	if len(s.stack) > 0 && s.capDepth == len(s.stack) {
		var ok bool
		s.text, ok = appendText(s.text, raw)
		return ok
	}
	if bytes.IndexByte(raw, '&') >= 0 {
		// Not read, but encoding/xml would refuse a bad reference here.
		_, ok := appendText(nil, raw)
		if !ok {
			return false
		}
	}
	if s.capDepth > 0 && len(bytes.TrimSpace(raw)) > 0 {
		return false // text of a child of a captured element
	}
	return true
}

func (s *gpxScanner) endTag() bool {
	s.pos += 2
	if len(s.stack) == 0 {
		return false
	}
	next, ok := readEndTag(s.data, s.pos, s.stack[len(s.stack)-1])
	if !ok {
		return false
	}
	s.pos = next
	return s.closeElement()
}

// startTag reads <name attr="v" …> or <name …/>.
func (s *gpxScanner) startTag() bool {
	s.pos++
	n, colon := xmlName(s.data[s.pos:])
	if n == 0 {
		return false
	}
	full := s.data[s.pos : s.pos+n]
	local := full[colon+1:]
	s.pos += n
	depth := len(s.stack) + 1
	if depth == 1 && s.root {
		return false // a second root: gpxgo stops at the first, the re-read does not
	}
	if s.capDepth > 0 {
		return false // an element inside text the pass reads
	}
	s.stack = append(s.stack, openElement{s.pos - n, s.pos - n + colon + 1, s.pos})

	// Attributes.
	var (
		la, lo            float64 // lat and lon as gpxgo fills them: missing or empty is 0
		creator           []byte
		hasCreator        bool
		prefixes          [8]string
		nprefix           int
		checkAfterBinding bool
	)
	point := s.isPoint(depth, local) // lat and lon are read (and so checked) below
	selfClose := false
	for {
		a, end, next, ok := nextAttr(s.data, s.pos)
		if !ok {
			return false
		}
		s.pos = next
		if end == tagEnd {
			break
		}
		if end == tagSelfClose {
			selfClose = true
			break
		}
		aname, acolon, raw, special := a.name, a.colon, a.raw, a.special
		alocal := aname[acolon+1:]
		if acolon >= 0 {
			aprefix := string(aname[:acolon])
			if aprefix == "xmlns" {
				s.bound = append(s.bound, prefixBinding{string(alocal), depth})
			} else if aprefix != "xml" {
				if nprefix == len(prefixes) {
					return false
				}
				prefixes[nprefix] = aprefix
				nprefix++
				checkAfterBinding = true
			}
		}
		if !point && s.gpxgoFloatAttr(depth, local, alocal) {
			var ok bool
			s.scratch, ok = appendText(s.scratch[:0], raw)
			if !ok {
				return false
			}
			if _, ok := gpxgoFloat(s.scratch); !ok {
				return false
			}
		}
		needValue := depth == 1 && string(alocal) == "creator" ||
			point && (string(alocal) == "lat" || string(alocal) == "lon")
		if special {
			v, ok := appendText(nil, raw)
			if !ok {
				return false
			}
			raw = v
		}
		if needValue {
			switch {
			case depth == 1:
				creator, hasCreator = raw, true
			default:
				// encoding/xml fills the field for each occurrence of the
				// attribute: every one must parse, the last one counts.
				v, ok := gpxgoFloat(raw)
				if !ok {
					return false
				}
				if string(alocal) == "lat" {
					la = v
				} else {
					lo = v
				}
			}
		}
	}
	if colon >= 0 && !s.isBound(string(full[:colon])) {
		return false
	}
	if checkAfterBinding {
		for _, p := range prefixes[:nprefix] {
			if !s.isBound(p) {
				return false
			}
		}
	}

	if !s.open(depth, local, creator, hasCreator) {
		return false
	}
	if point && s.pt != nil {
		if validFix(la, lo) {
			s.pt.lat, s.pt.lon, s.pt.hasPos = la, lo, true
		}
	}
	if string(local) == "ele" || string(local) == "number" {
		// gpxgo reads these with its Nullable types, which take the first
		// token and then skip to the end of an element: unless that token
		// is text, the element they skip to is the parent, and gpxgo's
		// points no longer line up with the re-read's.
		// And when that text is not a number, they leave the element
		// unread, which encoding/xml reports as an error.
		if selfClose || s.pos >= len(s.data) || s.data[s.pos] == '<' {
			return false
		}
		lt := bytes.IndexByte(s.data[s.pos:], '<')
		if lt < 0 {
			return false
		}
		var ok bool
		s.scratch, ok = appendText(s.scratch[:0], s.data[s.pos:s.pos+lt])
		if !ok {
			return false
		}
		if _, ok := plainDecimal(s.scratch); !ok {
			if _, err := strconv.ParseFloat(strings.Trim(string(s.scratch), " "), 64); err != nil {
				return false
			}
		}
		s.capture(depth, capNone)
	}
	if selfClose {
		return s.closeElement()
	}
	return true
}

// gpxgoFloatAttr reports whether gpxgo parses attribute attr of the element
// local at depth as a float (and fails the file when it does not parse).
func (s *gpxScanner) gpxgoFloatAttr(depth int, local, attr []byte) bool {
	switch string(attr) {
	case "lat", "lon":
		switch {
		case depth == 2 && string(local) == "wpt":
			return true
		case depth == 3 && string(local) == "rtept" && s.localIs(2, "rte"):
			return true
		case depth == 4 && string(local) == "trkpt" && s.localIs(3, "trkseg") && s.localIs(2, "trk"):
			return true
		}
	case "minlat", "maxlat", "minlon", "maxlon":
		return depth == 2 && string(local) == "bounds" && !s.v10
	}
	return false
}

// gpxgoFloat parses an attribute as encoding/xml fills a float64.
func gpxgoFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	if v, ok := plainDecimal(b); ok {
		return v, true
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	return v, err == nil
}

func (s *gpxScanner) isBound(p string) bool {
	if p == "" || p == "xml" || p == "xmlns" {
		return true
	}
	for i := len(s.bound) - 1; i >= 0; i-- {
		if s.bound[i].prefix == p {
			return true
		}
	}
	return false
}

// localIs reports whether the element at depth d (1-based) has the local
// name name.
func (s *gpxScanner) localIs(d int, name string) bool {
	e := s.stack[d-1]
	return string(s.data[e.local:e.end]) == name
}

func (s *gpxScanner) isPoint(depth int, local []byte) bool {
	return depth == 4 && string(local) == "trkpt" && s.localIs(3, "trkseg") && s.localIs(2, "trk")
}

// open handles the start of an element at depth (already on the stack);
// false leaves the file to the full path.
func (s *gpxScanner) open(depth int, local, creator []byte, hasCreator bool) bool {
	// Elements gpxgo reads into numbers, wherever they are (a stray one
	// only sends the file to the full path): encoding/xml refuses text
	// that does not parse.
	switch string(local) {
	case "sat", "dgpsid":
		s.capture(depth, capInt)
		return true
	case "hdop", "vdop", "pdop", "ageofdgpsdata", "MinLatitude", "MaxLatitude", "MinLongitude", "MaxLongitude":
		s.capture(depth, capFloat)
		return true
	}
	switch depth {
	case 1:
		if string(local) != "gpx" {
			return false // gpxgo refuses it with its own message
		}
		s.root = true
		if hasCreator {
			s.doc.creator = string(creator)
		}
		return true
	case 2:
		switch string(local) {
		case "trk":
			s.doc.tracks = append(s.doc.tracks, gpxTrack{})
		case "rte":
			s.doc.routes++
		case "wpt":
			s.doc.waypoints++
		}
		return true
	}
	if !s.localIs(2, "trk") {
		// The re-read of the full path takes any trkseg>trkpt at depth 4
		// for a track point; gpxgo does not. Leave such files to it.
		return !(depth == 4 && string(local) == "trkpt" && s.localIs(3, "trkseg"))
	}
	tr := &s.doc.tracks[len(s.doc.tracks)-1]
	switch {
	case depth == 3 && string(local) == "name":
		s.capture(depth, capName)
	case depth == 3 && string(local) == "type":
		s.capture(depth, capType)
	case depth == 3 && string(local) == "trkseg":
		tr.segs = append(tr.segs, []trackPoint{})
		s.segStart = s.pos
	case depth == 4 && string(local) == "trkpt" && s.localIs(3, "trkseg"):
		seg := &tr.segs[len(tr.segs)-1]
		if len(*seg) == cap(*seg) {
			*seg = s.growSegment(*seg)
		}
		*seg = append(*seg, trackPoint{})
		s.pt = &(*seg)[len(*seg)-1]
		s.ptTime, s.ptHasT, s.ptScanHR, s.hasScan, s.ptExtHR, s.extDepth = s.ptTime[:0], false, s.ptScanHR[:0], false, 0, 0
	case s.pt == nil:
	case depth == 5 && string(local) == "time":
		s.capture(depth, capTime)
	case depth == 5 && string(local) == "extensions" && !s.v10:
		if s.extDepth == 0 {
			s.extDepth = depth
		}
	case depth > 5 && isHRNameBytes(local):
		// The re-read takes the first hr-named element below the point
		// with some text; gpxgo the first under <extensions> whose text
		// is a heart rate. With no element inside it, both read its text.
		wantScan := !s.hasScan
		wantExt := s.extDepth > 0 && depth > s.extDepth && s.ptExtHR == 0
		if wantScan || wantExt {
			s.capture(depth, capScanHR)
		}
	}
	return true
}

// growSegment gives seg room for more points: past the first few, as many
// as the rest of the file holds at the bytes per point seen so far, so that
// a long segment is not copied at each doubling. (A guess too high costs
// memory for the length of one file; too low, another growth.)
func (s *gpxScanner) growSegment(seg []trackPoint) []trackPoint {
	n, more := len(seg), 1
	if per := (s.pos - s.segStart) / max(n, 1); n >= 16 && per > 0 {
		more = max((len(s.data)-s.pos)/per+1, n/16)
	}
	return slices.Grow(seg, more)
}

// isHRNameBytes is isHRName without allocating.
func isHRNameBytes(b []byte) bool {
	for _, n := range hrElementNames {
		if len(b) == len(n) && bytes.EqualFold(b, []byte(n)) {
			return true
		}
	}
	return false
}

func (s *gpxScanner) capture(depth, kind int) {
	s.capDepth, s.capKind, s.text = depth, kind, s.text[:0]
}

// closeElement handles the end of the element on top of the stack.
func (s *gpxScanner) closeElement() bool {
	depth := len(s.stack)
	if depth == 1 && !s.root {
		return false
	}
	if s.capDepth == depth {
		if !s.captured(depth) {
			return false
		}
		s.capDepth = 0
	}
	if s.pt != nil {
		switch {
		case depth == 4:
			s.finishPoint()
			s.pt = nil
		case depth == s.extDepth:
			// A later <extensions> of the same point is read too (gpxgo
			// appends its nodes).
			s.extDepth = 0
		}
	}
	for len(s.bound) > 0 && s.bound[len(s.bound)-1].depth == depth {
		s.bound = s.bound[:len(s.bound)-1]
	}
	s.stack = s.stack[:depth-1]
	return true
}

func (s *gpxScanner) captured(depth int) bool {
	switch s.capKind {
	case capName:
		s.doc.tracks[len(s.doc.tracks)-1].name = string(s.text)
	case capType:
		s.doc.tracks[len(s.doc.tracks)-1].typ = string(s.text)
	case capTime:
		s.ptTime = append(s.ptTime[:0], s.text...)
		s.ptHasT = true
	case capInt, capFloat:
		v := strings.TrimSpace(string(s.text))
		if v == "" {
			return true
		}
		var err error
		if s.capKind == capInt {
			_, err = strconv.ParseInt(v, 10, 64)
		} else {
			_, err = strconv.ParseFloat(v, 64)
		}
		return err == nil
	case capScanHR:
		if !s.hasScan {
			if t := bytes.TrimSpace(s.text); len(t) > 0 {
				s.ptScanHR, s.hasScan = append(s.ptScanHR[:0], t...), true
			}
		}
		if s.extDepth > 0 && depth > s.extDepth && s.ptExtHR == 0 {
			s.ptExtHR = parseHRBytes(s.text)
		}
	}
	return true
}

// finishPoint sets the time and heart rate of the point just read, as the
// full path does: the <time> text parsed as xsd:dateTime, else as gpxgo
// parses it; the heart rate of the re-read, else gpxgo's.
func (s *gpxScanner) finishPoint() {
	p := s.pt
	if s.ptHasT {
		if t, ok := parseXMLTimeBytes(s.ptTime); ok {
			p.t = t
		} else if len(bytes.TrimSpace(s.ptTime)) > 0 {
			p.t, _ = gpxgoTime(string(s.ptTime))
		}
	}
	if hr := parseHRBytes(s.ptScanHR); hr > 0 {
		p.hr = hr
	} else {
		p.hr = s.ptExtHR
	}
}

func parseHRBytes(b []byte) uint8 {
	if len(b) == 0 {
		return 0
	}
	if v, ok := plainDecimal(b); ok {
		return hrFromFloat(v)
	}
	return parseHR(string(b))
}

// gpxgoVersion is gpxgo's guess of the GPX version from the first 1000
// bytes: "1.0", "1.1", or "" (read as 1.1).
func gpxgoVersion(data []byte) string {
	head := string(data[:min(len(data), 1000)])
	parts := strings.Split(head, "<gpx")
	if len(parts) <= 1 {
		return ""
	}
	parts = strings.Split(parts[1], "version=")
	if len(parts) <= 1 {
		return ""
	}
	v := strings.TrimLeft(parts[1], `'" `)
	switch {
	case strings.HasPrefix(v, "1.0"):
		return "1.0"
	case strings.HasPrefix(v, "1.1"):
		return "1.1"
	}
	return ""
}

// gpxgoLayouts are the layouts gpxgo tries, after cutting a time at its
// first '.'.
var gpxgoLayouts = []string{
	"2006-01-02T15:04:05.000Z",
	"2006-01-02T15:04:05Z",
	"2006-01-02T15:04:05+00:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z",
	"2006-01-02 15:04:05",
}

// gpxgoTime parses a point time as gpxgo does, as a UTC instant.
func gpxgoTime(s string) (time.Time, bool) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	s = strings.Trim(s, " \t\n\r")
	for _, l := range gpxgoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

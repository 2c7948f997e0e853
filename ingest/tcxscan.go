package ingest

import (
	"bytes"
	"math"
	"strconv"
)

// The TCX fast pass: one scan over the bytes of a file held in memory that
// fills the same tcxActivity values encoding/xml fills in decodeTCXFull
// (Sport and StartTime attributes, Id, Creator/Name, laps and their
// numbers, tracks and trackpoints), so that tcxToActivity builds the
// activities from either. It follows encoding/xml's rules for those
// values: names match on their local part whatever the prefix, a text is
// the element's own character data (entities decoded, CDATA kept, comments
// dropped, spaces kept), the last of repeated elements or attributes
// counts, and a second <Position>, <Creator> or heart-rate element fills
// the same value again. Trackpoints are turned into trackPoints as they
// close (tcxTrackPointBytes), without keeping their texts.
//
// Like the GPX pass (gpxscan.go) it reads only well-formed UTF-8 XML of
// the usual shape and gives up on anything else: a syntax error, another
// encoding, a DOCTYPE, a processing instruction after the start, an
// element inside a text it reads, a root other than
// <TrainingCenterDatabase>, a second root, very deep nesting. Those files
// are read by decodeTCXFull, so their errors and lines are as before.
// Tests hold the two paths to the same results (tcxfast_test.go).

// tcxDoc is what the fast pass reads from a file: every <Activity> outside
// a course, in document order, and the number of <Course> elements.
type tcxDoc struct {
	acts    []tcxActivity
	courses int
}

// tcxRole is what an open element is to the pass, which decides what its
// children are.
type tcxRole uint8

const (
	roleOuter    tcxRole = iota // outside any Activity: Activity and Course are looked for
	roleSkip                    // a Course, or an element no field takes, and all inside it
	roleAct                     // <Activity>
	roleCreator                 // <Activity><Creator>
	roleLap                     // <Activity><Lap>
	roleLapAvgHR                // <Lap><AverageHeartRateBpm>
	roleLapMaxHR                // <Lap><MaximumHeartRateBpm>
	roleTrack                   // <Lap><Track>
	rolePt                      // <Track><Trackpoint>
	rolePos                     // <Trackpoint><Position>
	rolePtHR                    // <Trackpoint><HeartRateBpm>
	roleText                    // an element whose text is read: no element may open inside
)

// tcxField is the value a text read goes to.
type tcxField uint8

const (
	fieldID tcxField = iota
	fieldCreatorName
	fieldLapTime
	fieldLapDist
	fieldLapAvgHR
	fieldLapMaxHR
	fieldPtTime
	fieldPtDist
	fieldPtHR
	fieldPtLat
	fieldPtLon
)

// tcxMaxDepth bounds the nesting the pass reads (encoding/xml refuses
// more than 10,000 levels inside an Activity; no export comes near).
const tcxMaxDepth = 256

// tcxScanner is the state of one fast pass.
type tcxScanner struct {
	xmlCursor
	stack []openElement
	roles []tcxRole // the role of each element of stack
	doc   tcxDoc
	root  bool // the root element was seen (and closed when stack is empty)

	field tcxField // where the text being read goes (top role roleText)
	text  []byte   // the text being read, decoded
	attr  []byte   // an attribute value, decoded

	// The texts of the Trackpoint being read, as encoding/xml would fill
	// tcxPoint: empty when missing, the last of repeated elements.
	ptTime, ptDist, ptHR, ptLat, ptLon []byte
	ptPos                              bool // a <Position> was seen
}

// scanTCX reads data (from tcxBytes) in one pass; ok is false when the
// file must be read by decodeTCXFull instead.
func scanTCX(data []byte) (doc *tcxDoc, ok bool) {
	if !plainXMLText(data) {
		return nil, false
	}
	s := &tcxScanner{xmlCursor: xmlCursor{data: data}}
	if !s.run() || !s.root || len(s.stack) != 0 {
		return nil, false
	}
	return &s.doc, true
}

func (s *tcxScanner) run() bool { return s.scan(s) }

func (s *tcxScanner) capturing() bool { return s.reading() }

// declAllowed: before the root, after nothing but spaces (encoding/xml
// reads a declaration there).
func (s *tcxScanner) declAllowed() bool {
	return !s.root && len(bytes.Trim(s.data[:s.pos], " \t\r\n")) == 0
}

func (s *tcxScanner) cdata(text []byte) bool {
	if len(s.stack) == 0 {
		return false
	}
	if s.reading() {
		s.text = appendNewlines(s.text, text)
	}
	return true
}

// reading reports whether the element on top of the stack has its text read.
func (s *tcxScanner) reading() bool {
	return len(s.roles) > 0 && s.roles[len(s.roles)-1] == roleText
}

// chardata handles text between tags: read when its element's text is,
// else only checked as encoding/xml checks it.
func (s *tcxScanner) chardata(raw []byte) bool {
	if bytes.Contains(raw, []byte("]]>")) {
		return false // encoding/xml refuses it outside CDATA
	}
	if s.reading() {
		var ok bool
		s.text, ok = appendText(s.text, raw)
		return ok
	}
	if bytes.IndexByte(raw, '&') >= 0 {
		// Not read, but encoding/xml would refuse a bad reference here.
		var ok bool
		if s.attr, ok = appendText(s.attr[:0], raw); !ok {
			return false
		}
	}
	return true
}

func (s *tcxScanner) endTag() bool {
	if len(s.stack) == 0 {
		return false
	}
	next, ok := readEndTag(s.data, s.pos+2, s.stack[len(s.stack)-1])
	if !ok {
		return false
	}
	s.pos = next
	return s.closeElement()
}

// startTag reads <name attr="v" …> or <name …/>.
func (s *tcxScanner) startTag() bool {
	s.pos++
	n, colon := xmlName(s.data[s.pos:])
	if n == 0 {
		return false
	}
	local := s.data[s.pos+colon+1 : s.pos+n]
	depth := len(s.stack) + 1
	if depth == 1 && s.root || depth > tcxMaxDepth {
		return false
	}
	role, ok := s.childRole(depth, local)
	if !ok {
		return false
	}
	s.stack = append(s.stack, openElement{s.pos, s.pos + colon + 1, s.pos + n})
	s.roles = append(s.roles, role)
	s.pos += n

	// The one attribute read on an element: Sport of an Activity,
	// StartTime of a Lap. The others are only checked.
	var want string
	switch role {
	case roleAct:
		want = "Sport"
	case roleLap:
		want = "StartTime"
	}
	for {
		a, end, next, ok := nextAttr(s.data, s.pos)
		if !ok {
			return false
		}
		s.pos = next
		if end == tagSelfClose {
			return s.closeElement()
		}
		if end == tagEnd {
			return true
		}
		raw := a.raw
		if a.special {
			if s.attr, ok = appendText(s.attr[:0], raw); !ok {
				return false
			}
			raw = s.attr
		}
		if want != "" && string(a.name[a.colon+1:]) == want {
			// encoding/xml sets the field for each attribute of that
			// local name, whatever its prefix: the last one counts.
			if role == roleAct {
				s.act().Sport = string(raw)
			} else {
				s.lap().StartTime = string(raw)
			}
		}
	}
}

// childRole gives the role of an element local opening at depth, and does
// what its opening does (an Activity, Lap, Track or Trackpoint begins).
func (s *tcxScanner) childRole(depth int, local []byte) (tcxRole, bool) {
	if depth == 1 {
		if string(local) != "TrainingCenterDatabase" {
			return 0, false // refused by decodeTCXFull, with the line
		}
		s.root = true
		return roleOuter, true
	}
	text := func(f tcxField) (tcxRole, bool) {
		s.field, s.text = f, s.text[:0]
		return roleText, true
	}
	switch s.roles[depth-2] {
	case roleOuter:
		switch string(local) {
		case "Course":
			s.doc.courses++
			return roleSkip, true
		case "Activity":
			s.doc.acts = append(s.doc.acts, tcxActivity{})
			return roleAct, true
		}
		return roleOuter, true
	case roleAct:
		switch string(local) {
		case "Id":
			return text(fieldID)
		case "Creator":
			return roleCreator, true
		case "Lap":
			a := s.act()
			a.Laps = append(a.Laps, tcxLap{})
			return roleLap, true
		}
	case roleCreator:
		if string(local) == "Name" {
			return text(fieldCreatorName)
		}
	case roleLap:
		switch string(local) {
		case "TotalTimeSeconds":
			return text(fieldLapTime)
		case "DistanceMeters":
			return text(fieldLapDist)
		case "AverageHeartRateBpm":
			return roleLapAvgHR, true
		case "MaximumHeartRateBpm":
			return roleLapMaxHR, true
		case "Track":
			l := s.lap()
			l.Tracks = append(l.Tracks, tcxTrack{})
			return roleTrack, true
		}
	case roleLapAvgHR:
		if string(local) == "Value" {
			return text(fieldLapAvgHR)
		}
	case roleLapMaxHR:
		if string(local) == "Value" {
			return text(fieldLapMaxHR)
		}
	case roleTrack:
		if string(local) == "Trackpoint" {
			s.ptTime, s.ptDist, s.ptHR, s.ptLat, s.ptLon = s.ptTime[:0], s.ptDist[:0], s.ptHR[:0], s.ptLat[:0], s.ptLon[:0]
			s.ptPos = false
			return rolePt, true
		}
	case rolePt:
		switch string(local) {
		case "Time":
			return text(fieldPtTime)
		case "DistanceMeters":
			return text(fieldPtDist)
		case "Position":
			s.ptPos = true
			return rolePos, true
		case "HeartRateBpm":
			return rolePtHR, true
		}
	case rolePos:
		switch string(local) {
		case "LatitudeDegrees":
			return text(fieldPtLat)
		case "LongitudeDegrees":
			return text(fieldPtLon)
		}
	case rolePtHR:
		if string(local) == "Value" {
			return text(fieldPtHR)
		}
	case roleText:
		// encoding/xml would skip it and keep the text around it; rare
		// enough to leave to it.
		return 0, false
	}
	return roleSkip, true
}

func (s *tcxScanner) act() *tcxActivity { return &s.doc.acts[len(s.doc.acts)-1] }

func (s *tcxScanner) lap() *tcxLap {
	a := s.act()
	return &a.Laps[len(a.Laps)-1]
}

func (s *tcxScanner) track() *tcxTrack {
	l := s.lap()
	return &l.Tracks[len(l.Tracks)-1]
}

// closeElement handles the end of the element on top of the stack.
func (s *tcxScanner) closeElement() bool {
	depth := len(s.stack)
	switch s.roles[depth-1] {
	case roleText:
		s.setField()
	case rolePt:
		// Plain appends: a file holds a Track per Lap, so sizing one for
		// the rest of the file (as the GPX scanner does) would reserve the file's points
		// again for each lap.
		tr := s.track()
		tp, dist := tcxTrackPointBytes(s.ptTime, s.ptPos, s.ptLat, s.ptLon, s.ptHR, s.ptDist)
		tr.read = append(tr.read, tp)
		if dist > tr.readDist {
			tr.readDist = dist
		}
	}
	s.stack = s.stack[:depth-1]
	s.roles = s.roles[:depth-1]
	return true
}

// setField stores the text just read, as encoding/xml sets a string field
// (even to "" for an empty element).
func (s *tcxScanner) setField() {
	switch s.field {
	case fieldID:
		s.act().ID = string(s.text)
	case fieldCreatorName:
		s.act().Creator.Name = string(s.text)
	case fieldLapTime:
		s.lap().TotalTimeSeconds = string(s.text)
	case fieldLapDist:
		s.lap().DistanceMeters = string(s.text)
	case fieldLapAvgHR:
		s.lap().AvgHR.Value = string(s.text)
	case fieldLapMaxHR:
		s.lap().MaxHR.Value = string(s.text)
	case fieldPtTime:
		s.ptTime = append(s.ptTime[:0], s.text...)
	case fieldPtDist:
		s.ptDist = append(s.ptDist[:0], s.text...)
	case fieldPtHR:
		s.ptHR = append(s.ptHR[:0], s.text...)
	case fieldPtLat:
		s.ptLat = append(s.ptLat[:0], s.text...)
	case fieldPtLon:
		s.ptLon = append(s.ptLon[:0], s.text...)
	}
}

// tcxTrackPointBytes is tcxTrackPoint of a Trackpoint's texts (hasPos:
// it has a <Position>), without making strings of the usual numbers and
// times.
func tcxTrackPointBytes(tm []byte, hasPos bool, lat, lon, hr, dist []byte) (tp trackPoint, d float64) {
	tp.t, _ = parseXMLTimeBytes(tm)
	if hasPos {
		la, ok1 := parseFloatBytes(lat)
		lo, ok2 := parseFloatBytes(lon)
		if ok1 && ok2 && validFix(la, lo) {
			tp.lat, tp.lon, tp.hasPos = la, lo, true
		}
	}
	if v := math.Round(parseNonNegBytes(hr)); v >= 1 && v <= 255 {
		tp.hr = uint8(v)
	}
	return tp, parseNonNegBytes(dist)
}

// parseFloatBytes is strconv.ParseFloat of b with spaces trimmed.
func parseFloatBytes(b []byte) (float64, bool) {
	b = bytes.TrimSpace(b)
	if v, ok := plainDecimal(b); ok {
		return v, true
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// parseNonNegBytes is parseNonNeg of b.
func parseNonNegBytes(b []byte) float64 {
	if v, ok := plainDecimal(bytes.TrimSpace(b)); ok {
		if v < 0 {
			return 0
		}
		return v
	}
	return parseNonNeg(string(b))
}

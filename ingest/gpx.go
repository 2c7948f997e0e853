package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tkrajina/gpxgo/gpx"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// DecodeGPX returns one Activity per track (<trk>) in r, GPX 1.0 or 1.1.
// source names the file in errors and in Activity.Source.
//
// Segments of a track are joined without bridging the gaps between them: the
// distance is the sum of great-circle steps within each segment, with GPS
// jumps dropped (METRICS.md), and the first sample of each later segment is
// marked Resumed. Heart rate comes from any extension element named hr or
// heartrate under any prefix (Garmin TrackPointExtension as gpxtpx: or ns3:,
// Movescount gpxdata:). The sport comes from the track's <type> (Strava,
// Garmin and free text); an untyped track is named by its <name> ("Morning
// Run", "Cycling …") or a creator that names a bike ("Urban Biker"), else it
// is running, or cycling when its average moving speed is above 7 m/s or
// more than 10% of its moving time (steps of at most 30 s) is above 6.5 m/s,
// always with a warning (METRICS.md, Sessions).
//
// A point whose time is more than 24 hours from each neighbouring timed
// point (a GPS week rollover, a reset clock) is dropped with a warning, and
// the track's start and elapsed time come from the points kept (METRICS.md,
// Time range of a session).
//
// Moving is the time of the steps between fixes that move (README, Moving
// time); 0 when unknown.
//
// Files are read in one pass over their bytes (gpxscan.go). A file that
// pass does not read (malformed XML, a declared encoding other than UTF-8,
// an undeclared namespace prefix, a number gpxgo refuses…) is read by gpxgo
// and a second encoding/xml pass for the point times, which give the same
// activities and the errors with their lines.
//
// A track whose points carry no usable time (none, or placeholders before
// 1980 such as GPSBabel's 1901-12-13) cannot be placed in a week and is not
// an activity. When no track is an activity (also for route-only,
// waypoint-only and empty files) the error is a *DecodeError wrapping
// ErrNoActivity with the reason. Malformed XML gives a *DecodeError with the
// line. Every error returned is a *DecodeError; a panic inside the decoder
// becomes one too.
func DecodeGPX(r io.Reader, source string) ([]Activity, error) {
	return guard(FormatGPX, source, func() ([]Activity, error) { return decodeGPX(r, source) })
}

func decodeGPX(r io.Reader, source string) ([]Activity, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &DecodeError{Path: source, Format: "gpx", Err: err}
	}
	return decodeGPXBytes(data, source)
}

// decodeGPXBytes is DecodeGPX of a file already in memory (not changed).
func decodeGPXBytes(data []byte, source string) ([]Activity, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &DecodeError{Path: source, Format: "gpx", Err: errors.New("empty file")}
	}
	if doc, ok := scanGPX(data); ok {
		return gpxActivities(doc, source, "", nil)
	}
	doc, warning, unbound, derr := gpxFull(data, source)
	if derr != nil {
		return nil, derr
	}
	return gpxActivities(doc, source, warning, unbound)
}

// gpxFull reads a file the fast pass left: gpxgo, then a re-read of the
// point times and heart rates with encoding/xml. warning is set when the
// two disagree on the points (gpxgo's times are used); unbound is the first
// undeclared namespace prefix, if any.
func gpxFull(data []byte, source string) (doc *gpxDoc, warning string, unbound *xml.SyntaxError, derr *DecodeError) {
	g, err := gpx.ParseBytes(data)
	if err != nil {
		de := &DecodeError{Path: source, Format: "gpx", Err: err}
		if se := (*xml.SyntaxError)(nil); errors.As(err, &se) {
			de.Line = se.Line
			de.Err = errors.New(se.Msg)
		}
		return nil, "", nil, de
	}

	// gpxgo cuts a time at its first '.', which drops the zone of
	// "20:12:19.97+02:00" (read as UTC, 2 h off), and it cannot parse
	// "15:43:13+01:00" at all. Read the <time> text of each point again.
	times, unbound, terr := gpxScan(data)
	if se := (*xml.SyntaxError)(nil); errors.As(terr, &se) {
		return nil, "", nil, &DecodeError{Path: source, Format: "gpx", Line: se.Line, Err: errors.New(se.Msg)}
	}
	if terr == nil && !sameShape(times, g.Tracks) {
		terr = errors.New("point count differs")
	}
	if terr != nil {
		warning = "point times read by gpxgo: zone offsets and fractions of a second may be lost (" + terr.Error() + ")"
	}

	doc = &gpxDoc{creator: g.Creator, routes: len(g.Routes), waypoints: len(g.Waypoints)}
	for ti := range g.Tracks {
		trk := &g.Tracks[ti]
		tr := gpxTrack{name: trk.Name, typ: trk.Type, segs: make([][]trackPoint, 0, len(trk.Segments))}
		for si := range trk.Segments {
			seg := trk.Segments[si].Points
			pts := make([]trackPoint, len(seg))
			for pi := range seg {
				p := &seg[pi]
				tp := &pts[pi]
				tp.t = p.Timestamp.UTC()
				tp.hr = extensionHR(p.Extensions.Nodes)
				if terr == nil {
					pt := times[ti][si][pi]
					if t, ok := parseXMLTime(pt.time); ok {
						tp.t = t
					} else if strings.TrimSpace(pt.time) == "" {
						tp.t = time.Time{}
					}
					if hr := parseHR(pt.hr); hr > 0 {
						tp.hr = hr
					}
				}
				if validFix(p.Latitude, p.Longitude) {
					tp.lat, tp.lon, tp.hasPos = p.Latitude, p.Longitude, true
				}
			}
			tr.segs = append(tr.segs, pts)
		}
		doc.tracks = append(doc.tracks, tr)
	}
	return doc, warning, unbound, nil
}

// gpxActivities turns the tracks of doc into activities. warning, when set,
// goes on each; unbound makes the result a partial read.
func gpxActivities(doc *gpxDoc, source, warning string, unbound *xml.SyntaxError) ([]Activity, error) {
	var (
		acts    []Activity
		skipped []string
		points  int
	)
	for ti := range doc.tracks {
		trk := &doc.tracks[ti]
		a := Activity{Source: source, Session: ti, Format: FormatGPX, Device: strings.TrimSpace(doc.creator)}
		a.Name = strings.TrimSpace(trk.name)
		for _, seg := range trk.segs {
			points += len(seg)
		}
		if reason, ok := trackSummary(&a, trk.segs, trk.typ, true); !ok {
			skipped = append(skipped, reason)
			continue
		}
		if warning != "" {
			a.Warnings = append(a.Warnings, warning)
		}
		acts = append(acts, a)
	}
	if unbound != nil && len(acts) == 0 {
		return nil, &DecodeError{Path: source, Format: "gpx", Line: unbound.Line, Err: errors.New(unbound.Msg)}
	}
	if len(acts) == 0 {
		return nil, &DecodeError{Path: source, Format: "gpx", Err: fmt.Errorf("%w: %s", ErrNoActivity, gpxNoActivityReason(doc, skipped, points))}
	}
	if len(skipped) > 0 {
		note := fmt.Sprintf("%s in the file not read: %s", plural(len(skipped), "other track"), summarizeReasons(skipped))
		for i := range acts {
			acts[i].Warnings = append(acts[i].Warnings, note)
		}
	}
	if unbound != nil {
		// The XML is not well-formed in the namespace sense, but the track
		// itself is intact: keep it, and report the file. Like every
		// activity returned with ErrPartialRead, it gives way to a complete
		// copy of the same run.
		markPartial(acts)
		return acts, &DecodeError{Path: source, Format: "gpx", Line: unbound.Line,
			Err: fmt.Errorf("%w: %s; the tracks were read without it", ErrPartialRead, unbound.Msg)}
	}
	return acts, nil
}

// gpxNoActivityReason says why a file gave no activity.
func gpxNoActivityReason(g *gpxDoc, skipped []string, points int) string {
	if points > 0 {
		return summarizeReasons(skipped)
	}
	var parts []string
	if n := g.routes; n > 0 {
		parts = append(parts, plural(n, "route"))
	}
	if n := g.waypoints; n > 0 {
		parts = append(parts, plural(n, "waypoint"))
	}
	if len(parts) == 0 {
		if len(g.tracks) > 0 {
			return "tracks without points"
		}
		return "no tracks, routes or waypoints"
	}
	return "no track, only " + strings.Join(parts, " and ") + " (a plan, not a recording)"
}

// summarizeReasons joins reasons, counting repeats, in first-seen order.
func summarizeReasons(reasons []string) string {
	count := map[string]int{}
	var order []string
	for _, r := range reasons {
		if count[r] == 0 {
			order = append(order, r)
		}
		count[r]++
	}
	parts := make([]string, len(order))
	for i, r := range order {
		if n := count[r]; n > 1 {
			parts[i] = fmt.Sprintf("%d tracks: %s", n, r)
		} else {
			parts[i] = r
		}
	}
	return strings.Join(parts, "; ")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// extensionHR finds a heart rate in gpxgo's extension nodes (GPX 1.1
// only): an element named hr or heartrate at any depth, under any prefix.
func extensionHR(nodes []gpx.ExtensionNode) uint8 {
	for i := range nodes {
		n := &nodes[i]
		if isHRName(n.XMLName.Local) {
			if hr := parseHR(n.Data); hr > 0 {
				return hr
			}
		}
		if hr := extensionHR(n.Nodes); hr > 0 {
			return hr
		}
	}
	return 0
}

// gpxPointText is what gpxScan reads for one track point.
type gpxPointText struct {
	time string // text of the <time> child; "" when none
	hr   string // text of the first hr/heartrate extension element; "" when none
}

// gpxScan reads the <time> text and the heart-rate extension of every track
// point, indexed by track, segment and point, in document order. Element
// names match by local name, as gpxgo's do. It also checks that every
// namespace prefix is declared (encoding/xml does not): the first unbound
// prefix comes back as an *xml.SyntaxError with its line, and the scan goes
// on (the elements under it are matched by local name like any other).
func gpxScan(data []byte) (tracks [][][]gpxPointText, unbound *xml.SyntaxError, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = latin1Reader
	type binding struct {
		prefix string
		depth  int
	}
	var (
		stack   []string
		bound   []binding
		inTime  bool
		inHR    int // depth of the hr element being read; 0 when none
		text    []byte
		cur     *gpxPointText
		isBound = func(p string) bool {
			if p == "" || p == "xml" || p == "xmlns" {
				return true
			}
			for i := len(bound) - 1; i >= 0; i-- {
				if bound[i].prefix == p {
					return true
				}
			}
			return false
		}
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return tracks, unbound, nil
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth := len(stack) + 1
			for _, at := range t.Attr {
				if at.Name.Space == "xmlns" {
					bound = append(bound, binding{at.Name.Local, depth})
				}
			}
			if unbound == nil && !isBound(t.Name.Space) {
				line, _ := d.InputPos()
				unbound = &xml.SyntaxError{Msg: "unbound namespace prefix " + strconv.Quote(t.Name.Space) + " in <" + t.Name.Space + ":" + t.Name.Local + ">", Line: line}
			}
			for _, at := range t.Attr {
				if unbound == nil && !isBound(at.Name.Space) {
					line, _ := d.InputPos()
					unbound = &xml.SyntaxError{Msg: "unbound namespace prefix " + strconv.Quote(at.Name.Space) + " in attribute " + at.Name.Space + ":" + at.Name.Local, Line: line}
				}
			}
			name := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case name == "trk" && depth == 2:
				tracks = append(tracks, nil)
			case name == "trkseg" && parent == "trk" && depth == 3:
				tr := len(tracks) - 1
				tracks[tr] = append(tracks[tr], nil)
			case name == "trkpt" && parent == "trkseg" && depth == 4:
				tr := len(tracks) - 1
				sg := len(tracks[tr]) - 1
				tracks[tr][sg] = append(tracks[tr][sg], gpxPointText{})
				cur = &tracks[tr][sg][len(tracks[tr][sg])-1]
			case cur != nil && name == "time" && parent == "trkpt" && depth == 5:
				inTime, text = true, text[:0]
			case cur != nil && depth > 5 && inHR == 0 && cur.hr == "" && isHRName(name):
				inHR, text = depth, text[:0]
			}
			stack = append(stack, name)
		case xml.EndElement:
			depth := len(stack)
			if depth == 0 {
				return nil, nil, errors.New("unbalanced end element")
			}
			switch {
			case inTime && depth == 5:
				cur.time, inTime = string(text), false
			case inHR == depth:
				cur.hr, inHR = strings.TrimSpace(string(text)), 0
			case depth == 4 && cur != nil:
				cur = nil
			}
			for len(bound) > 0 && bound[len(bound)-1].depth == depth {
				bound = bound[:len(bound)-1]
			}
			stack = stack[:depth-1]
		case xml.CharData:
			if inTime || inHR > 0 {
				text = append(text, t...)
			}
		}
	}
}

// isHRName reports whether an extension element's local name is a heart rate.
func isHRName(local string) bool {
	for _, n := range hrElementNames {
		if strings.EqualFold(local, n) {
			return true
		}
	}
	return false
}

// hrElementNames are the local names, in any case, of heart-rate extension
// elements.
var hrElementNames = [...]string{"hr", "heartrate", "heart_rate", "heartratebpm"}

// parseHR reads a heart rate in bpm, rounding fractions (Movescount writes
// "101.289987711843"); values outside 1..255 are "not recorded".
func parseHR(s string) uint8 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return hrFromFloat(v)
}

// hrFromFloat is parseHR of a parsed number.
func hrFromFloat(v float64) uint8 {
	if v = math.Round(v); v >= 1 && v <= 255 {
		return uint8(v)
	}
	return 0
}

// sameShape reports whether times has the tracks, segments and points of
// tracks.
func sameShape(times [][][]gpxPointText, tracks []gpx.GPXTrack) bool {
	if len(times) != len(tracks) {
		return false
	}
	for i := range tracks {
		if len(times[i]) != len(tracks[i].Segments) {
			return false
		}
		for j := range tracks[i].Segments {
			if len(times[i][j]) != len(tracks[i].Segments[j].Points) {
				return false
			}
		}
	}
	return true
}

// xmlTimeLayouts are the xsd:dateTime spellings seen in GPX and TCX files;
// a time without a zone is taken as UTC, as the GPX schema says.
var xmlTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// parseXMLTime parses an xsd:dateTime as a UTC instant.
func parseXMLTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range xmlTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// latin1Reader is an xml.Decoder CharsetReader that reads any declared
// single-byte encoding as ISO-8859-1: the re-read of point times needs only
// the ASCII part right (gpxgo decodes names with the real charset).
func latin1Reader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-16", "utf-16le", "utf-16be", "utf-32", "ucs-2":
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	b, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return bytes.NewReader(out), nil
}

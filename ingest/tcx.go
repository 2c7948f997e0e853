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
)

// TCX elements DecodeTCX reads; numbers and times are kept as text and
// parsed leniently so that one bad value does not cost the whole file.
type (
	tcxActivity struct {
		Sport   string   `xml:"Sport,attr"`
		ID      string   `xml:"Id"`
		Laps    []tcxLap `xml:"Lap"`
		Creator struct {
			Name string `xml:"Name"`
		} `xml:"Creator"`
		Notes string `xml:"Notes"`
	}
	tcxLap struct {
		StartTime        string     `xml:"StartTime,attr"`
		TotalTimeSeconds string     `xml:"TotalTimeSeconds"`
		DistanceMeters   string     `xml:"DistanceMeters"`
		AvgHR            tcxValue   `xml:"AverageHeartRateBpm"`
		MaxHR            tcxValue   `xml:"MaximumHeartRateBpm"`
		Tracks           []tcxTrack `xml:"Track"`
	}
	tcxValue struct {
		Value string `xml:"Value"`
	}
	tcxTrack struct {
		Points []tcxPoint `xml:"Trackpoint"`
		// The fast pass reads points straight into these (Points stays
		// empty): the points as tcxTrackPoint gives them, and the largest
		// DistanceMeters among them.
		read     []trackPoint
		readDist float64
	}
	tcxPoint struct {
		Time     string `xml:"Time"`
		Position *struct {
			Lat string `xml:"LatitudeDegrees"`
			Lon string `xml:"LongitudeDegrees"`
		} `xml:"Position"`
		DistanceMeters string   `xml:"DistanceMeters"`
		HR             tcxValue `xml:"HeartRateBpm"`
	}
)

// DecodeTCX returns one Activity per <Activity> in r (Garmin Training
// Center XML v2), including each Activity of a MultiSportSession, in
// document order. source names the file in errors and in Activity.Source.
//
// Start is the first Lap's StartTime (Garmin Connect rounds <Id> to the
// minute), else <Id>, else the first Trackpoint. DistanceM is the sum of Lap
// DistanceMeters, which is what the device reported; when that is zero, the
// last Trackpoint distance, else great-circle steps over the positions.
// Moving is the sum of Lap TotalTimeSeconds; when that is zero, the time
// of the steps between trackpoints that move, as for GPX. The Sport attribute is read in
// any case (Running, running, Biking, Other). A file with courses and no
// Activity is a *DecodeError wrapping ErrNoActivity; malformed XML is a
// *DecodeError with the line. Every error returned is a *DecodeError; a panic
// inside the decoder becomes one too.
func DecodeTCX(r io.Reader, source string) ([]Activity, error) {
	return guard(FormatTCX, source, func() ([]Activity, error) { return decodeTCX(r, source) })
}

func decodeTCX(r io.Reader, source string) ([]Activity, error) {
	data, derr := tcxBytes(r, source)
	if derr != nil {
		return nil, derr
	}
	if doc, ok := scanTCX(data); ok {
		var acts []Activity
		for i := range doc.acts {
			if a, ok := tcxToActivity(&doc.acts[i], source, i); ok {
				acts = append(acts, a)
			}
		}
		return tcxResult(acts, len(doc.acts), doc.courses, source)
	}
	return decodeTCXFull(data, source)
}

// tcxBytes reads a TCX file into memory, without its byte order mark.
func tcxBytes(r io.Reader, source string) ([]byte, *DecodeError) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &DecodeError{Path: source, Format: "tcx", Err: err}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &DecodeError{Path: source, Format: "tcx", Err: errors.New("empty file")}
	}
	return data, nil
}

// decodeTCXFull reads data (from tcxBytes) with encoding/xml: every file
// the fast pass (tcxscan.go) leaves, and the reference it is tested against.
func decodeTCXFull(data []byte, source string) (acts []Activity, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = latin1Reader
	var (
		courses, index int
		root           string
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return acts, tcxError(source, d, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			if root != "TrainingCenterDatabase" {
				return nil, &DecodeError{Path: source, Format: "tcx", Line: lineOf(d),
					Err: fmt.Errorf("root element is <%s>, not <TrainingCenterDatabase>", root)}
			}
			continue
		}
		switch se.Name.Local {
		case "Course":
			courses++
			if err := d.Skip(); err != nil {
				return acts, tcxError(source, d, err)
			}
		case "Activity":
			var ta tcxActivity
			if err := d.DecodeElement(&ta, &se); err != nil {
				return acts, tcxError(source, d, err)
			}
			if a, ok := tcxToActivity(&ta, source, index); ok {
				acts = append(acts, a)
			}
			index++
		}
	}
	if root == "" {
		return nil, &DecodeError{Path: source, Format: "tcx", Err: errors.New("no XML element")}
	}
	return tcxResult(acts, index, courses, source)
}

// tcxResult is the outcome of a file with the given activities, out of
// index <Activity> elements, and courses <Course> elements.
func tcxResult(acts []Activity, index, courses int, source string) ([]Activity, error) {
	if len(acts) == 0 {
		reason := "no Activity"
		switch {
		case index > 0:
			reason = fmt.Sprintf("%s without laps, points or a usable time", plural(index, "Activity"))
		case courses > 0:
			reason = "no Activity, only " + plural(courses, "course") + " (a plan, not a recording)"
		}
		return nil, &DecodeError{Path: source, Format: "tcx", Err: fmt.Errorf("%w: %s", ErrNoActivity, reason)}
	}
	return acts, nil
}

func tcxError(source string, d *xml.Decoder, err error) *DecodeError {
	de := &DecodeError{Path: source, Format: "tcx", Err: err}
	if se := (*xml.SyntaxError)(nil); errors.As(err, &se) {
		de.Line, de.Err = se.Line, errors.New(se.Msg)
	} else {
		de.Line = lineOf(d)
	}
	return de
}

func lineOf(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}

// tcxToActivity normalizes one TCX Activity; ok is false when it has no
// usable time at all.
func tcxToActivity(ta *tcxActivity, source string, index int) (Activity, bool) {
	a := Activity{Source: source, Session: index, Format: FormatTCX, Device: strings.TrimSpace(ta.Creator.Name)}
	var (
		lapDist, lapTime float64
		hrWeighted       float64
		hrTime           float64
		maxHR            int
		segs             [][]trackPoint
		lastPointDist    float64
		lapEnd           time.Time
	)
	for i := range ta.Laps {
		lap := &ta.Laps[i]
		start, okStart := parseXMLTime(lap.StartTime)
		if okStart && !validTime(start) {
			okStart = false
		}
		if i == 0 && okStart {
			a.Start = start
		}
		dist := parseNonNeg(lap.DistanceMeters)
		secs := parseNonNeg(lap.TotalTimeSeconds)
		lapDist += dist
		lapTime += secs
		if okStart {
			if end := start.Add(time.Duration(secs * float64(time.Second))); end.After(lapEnd) {
				lapEnd = end
			}
		}
		if hr := parseNonNeg(lap.AvgHR.Value); hr > 0 && secs > 0 {
			hrWeighted += hr * secs
			hrTime += secs
		}
		maxHR = max(maxHR, int(math.Round(parseNonNeg(lap.MaxHR.Value))))
		for i := range lap.Tracks {
			tr := &lap.Tracks[i]
			seg := tr.read
			if d := tr.readDist; d > lastPointDist {
				lastPointDist = d
			}
			if seg == nil {
				seg = make([]trackPoint, 0, len(tr.Points))
			}
			for j := range tr.Points {
				tp, d := tcxTrackPoint(&tr.Points[j])
				if d > lastPointDist {
					lastPointDist = d
				}
				seg = append(seg, tp)
			}
			if len(seg) > 0 {
				segs = append(segs, seg)
			}
		}
	}
	if a.Start.IsZero() {
		if t, ok := parseXMLTime(ta.ID); ok && validTime(t) {
			a.Start = t
		}
	}
	a.Moving = time.Duration(lapTime * float64(time.Second))
	switch {
	case lapDist > 0:
		a.DistanceM, a.HasDistance = lapDist, true
	case lastPointDist > 0:
		a.DistanceM, a.HasDistance = lastPointDist, true
	}
	if hrTime > 0 {
		a.AvgHR = int(math.Round(hrWeighted / hrTime))
	}
	a.MaxHR = maxHR

	hasTime := false
	for _, seg := range segs {
		for _, p := range seg {
			hasTime = hasTime || validTime(p.t)
		}
	}
	if !hasTime {
		// Laps without timed trackpoints: the activity is the laps' span.
		if a.Start.IsZero() {
			return a, false
		}
		span := []trackPoint{{t: a.Start}}
		if lapEnd.After(a.Start) {
			span = append(span, trackPoint{t: lapEnd})
		}
		segs = append(segs, span)
	}
	if _, ok := trackSummary(&a, segs, ta.Sport, !a.HasDistance); !ok {
		return a, false
	}
	if end := a.Start.Add(a.Elapsed); lapEnd.After(end) && lapEnd.Sub(end) <= glitchGap {
		a.Elapsed = lapEnd.Sub(a.Start)
	}
	return a, true
}

// tcxTrackPoint reads one Trackpoint: the point, and its DistanceMeters
// (0 when missing or not a non-negative number).
func tcxTrackPoint(p *tcxPoint) (tp trackPoint, dist float64) {
	tp.t, _ = parseXMLTime(p.Time)
	if p.Position != nil {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(p.Position.Lat), 64)
		lon, err2 := strconv.ParseFloat(strings.TrimSpace(p.Position.Lon), 64)
		if err1 == nil && err2 == nil && validFix(lat, lon) {
			tp.lat, tp.lon, tp.hasPos = lat, lon, true
		}
	}
	if hr := math.Round(parseNonNeg(p.HR.Value)); hr >= 1 && hr <= 255 {
		tp.hr = uint8(hr)
	}
	return tp, parseNonNeg(p.DistanceMeters)
}

// parseNonNeg parses a non-negative finite number, giving 0 for anything else.
func parseNonNeg(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

package demogen

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strconv"
	"time"
)

// errIndoor is returned for a track without positions, which GPX cannot hold.
var errIndoor = errors.New("gpx: an indoor session has no track points")

// EncodeGPX writes the track as a Strava-style GPX 1.1 file: one trk with
// <name> and <type> (typ is "running", "cycling" or Strava's older numeric
// codes such as "9"), one trkseg, a trkpt per record with <ele>, <time> in
// UTC ("Z") and heart rate and cadence in a Garmin TrackPointExtension.
// creator names the exporting app ("StravaGPX", "StravaGPX iPhone").
func EncodeGPX(tr *Track, name, typ, creator string) ([]byte, error) {
	if tr.Indoor {
		return nil, errIndoor
	}
	s := tr.Session
	var b bytes.Buffer
	b.Grow(len(tr.Points) * 240)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<gpx creator="` + escape(creator) + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd` +
		` http://www.garmin.com/xmlschemas/GpxExtensions/v3 http://www.garmin.com/xmlschemas/GpxExtensionsv3.xsd` +
		` http://www.garmin.com/xmlschemas/TrackPointExtension/v1 http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd"` +
		` version="1.1" xmlns="http://www.topografix.com/GPX/1/1"` +
		` xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"` +
		` xmlns:gpxx="http://www.garmin.com/xmlschemas/GpxExtensions/v3">` + "\n")
	b.WriteString(" <metadata>\n  <time>" + gpxTime(s.Start) + "</time>\n </metadata>\n")
	b.WriteString(" <trk>\n  <name>" + escape(name) + "</name>\n  <type>" + escape(typ) + "</type>\n  <trkseg>\n")
	num := make([]byte, 0, 32)
	for _, p := range tr.Points {
		b.WriteString(`   <trkpt lat="`)
		b.Write(strconv.AppendFloat(num[:0], p.Lat, 'f', 7, 64))
		b.WriteString(`" lon="`)
		b.Write(strconv.AppendFloat(num[:0], p.Lon, 'f', 7, 64))
		b.WriteString("\">\n    <ele>")
		b.Write(strconv.AppendFloat(num[:0], p.AltM, 'f', 1, 64))
		b.WriteString("</ele>\n    <time>" + gpxTime(s.Start.Add(p.T)) + "</time>\n")
		b.WriteString("    <extensions>\n     <gpxtpx:TrackPointExtension>\n      <gpxtpx:hr>")
		b.Write(strconv.AppendUint(num[:0], uint64(p.HR), 10))
		b.WriteString("</gpxtpx:hr>\n      <gpxtpx:cad>")
		b.Write(strconv.AppendUint(num[:0], uint64(p.Cad), 10))
		b.WriteString("</gpxtpx:cad>\n     </gpxtpx:TrackPointExtension>\n    </extensions>\n   </trkpt>\n")
	}
	b.WriteString("  </trkseg>\n </trk>\n</gpx>\n")
	return b.Bytes(), nil
}

func gpxTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func escape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer never fail
	return b.String()
}

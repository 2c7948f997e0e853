package ingest

import (
	"math"
	"time"
)

// meanEarthRadiusM is the mean Earth radius (IUGG) used for great-circle steps.
const meanEarthRadiusM = 6371008.8

// Speed limits above which a GPS step is a jump, in m/s (METRICS.md).
const (
	jumpSpeedOnFoot = 12.0
	jumpSpeedOther  = 40.0
)

// jumpSpeed is the speed above which a GPS step of sport is a jump:
// jumpSpeedOnFoot on foot, and swimming too (no swimmer reaches 12 m/s
// either), else jumpSpeedOther (METRICS.md, Distance).
func jumpSpeed(sport Sport) float64 {
	if sport.OnFoot() || sport == SportSwimming {
		return jumpSpeedOnFoot
	}
	return jumpSpeedOther
}

// validFix reports whether lat, lon is a usable position: in range and not
// the 0,0 that some devices write when they have no fix.
func validFix(lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return false
	}
	return lat != 0 || lon != 0
}

// greatCircleM is the haversine distance between two fixes in meters.
func greatCircleM(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	return haversineM(lat1, lon1, math.Cos(lat1*rad), lat2, lon2, math.Cos(lat2*rad))
}

// haversineM is greatCircleM with the cosines of the two latitudes given
// (cos1 = math.Cos(lat1*π/180)), so that a path computes each fix's once.
// Every sine is computed once and squared: the result is greatCircleM's to
// the bit.
func haversineM(lat1, lon1, cos1, lat2, lon2, cos2 float64) float64 {
	const rad = math.Pi / 180
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	sp, sl := math.Sin(dp/2), math.Sin(dl/2)
	h := sp*sp + cos1*cos2*sl*sl
	return 2 * meanEarthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}

// gpsPath sums great-circle steps between fixes in time order, dropping
// steps whose implied speed is above limit m/s (GPS jumps, METRICS.md
// Distance). The fix after a dropped step is the base of the next one; two
// fixes in the same second are judged one second apart, and a step from or
// to a fix without a time cannot be judged and is kept. It is the one
// routine for FIT sessions (fitSpan) and GPX and TCX segments (walkPath).
type gpsPath struct {
	limit     float64 // m/s
	have      bool
	lat, lon  float64   // last fix, degrees
	cosLat    float64   // math.Cos of its latitude in radians
	t         time.Time // its time; zero when unknown
	distanceM float64   // sum of the kept steps
	steps     int       // steps between fixes, kept or dropped
	jumps     int       // steps dropped as GPS jumps
}

// add takes the next fix. It returns the step from the previous fix in
// meters and the time between the two (0 unless both have a time); kept is
// false for the first fix and for a step dropped as a jump.
func (g *gpsPath) add(lat, lon float64, t time.Time) (stepM float64, dt time.Duration, kept bool) {
	const rad = math.Pi / 180
	cosLat := math.Cos(lat * rad)
	if !g.have {
		g.have, g.lat, g.lon, g.cosLat, g.t = true, lat, lon, cosLat, t
		return 0, 0, false
	}
	stepM = haversineM(g.lat, g.lon, g.cosLat, lat, lon, cosLat)
	g.steps++
	kept = true
	if !g.t.IsZero() && !t.IsZero() {
		dt = t.Sub(g.t)
		if stepM/max(dt.Seconds(), 1) > g.limit {
			g.jumps++
			kept = false
		}
	}
	if kept {
		g.distanceM += stepM
	}
	g.lat, g.lon, g.cosLat, g.t = lat, lon, cosLat, t
	return stepM, dt, kept
}

// restart ends a segment: the next fix starts a new one, not bridged to the
// last.
func (g *gpsPath) restart() { g.have = false }

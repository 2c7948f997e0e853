package ingest

import "math"

// fixDistance sums great-circle steps between fixes, dropping steps that
// imply more than maxSpeed m/s (GPS jumps, METRICS.md Distance). As in the
// GPX and TCX decoders (walkPath), the fix after a dropped step is the base
// of the next one; two fixes in the same second are judged one second apart.
type fixDistance struct {
	maxSpeed float64 // m/s
	have     bool
	lat, lon float64 // last accepted fix, degrees
	t        int64   // its time, Unix seconds
	sumM     float64
	dropped  int
}

// add takes the next fix in time order.
func (d *fixDistance) add(lat, lon float64, t int64) {
	if !d.have {
		d.have, d.lat, d.lon, d.t = true, lat, lon, t
		return
	}
	step := greatCircleM(d.lat, d.lon, lat, lon)
	if step > d.maxSpeed*max(float64(t-d.t), 1) {
		d.dropped++
	} else {
		d.sumM += step
	}
	d.lat, d.lon, d.t = lat, lon, t
}

// meanEarthRadiusM is the mean Earth radius (IUGG) used for great-circle steps.
const meanEarthRadiusM = 6371008.8

// Speed limits above which a GPS step is a jump, in m/s (METRICS.md).
const (
	jumpSpeedOnFoot = 12.0
	jumpSpeedOther  = 40.0
)

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
	p1, p2 := lat1*rad, lat2*rad
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * meanEarthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}

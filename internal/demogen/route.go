package demogen

import "math"

// earthRadiusM is the mean Earth radius (IUGG), the one ingest uses for
// great-circle steps.
const earthRadiusM = 6371008.8

// waypoint is a corner of a loop: degrees and meters above sea level.
type waypoint struct{ lat, lon, alt float64 }

// route is a closed loop of waypoints with the cumulative length at each.
type route struct {
	pts []waypoint
	cum []float64 // cum[i] is the distance from pts[0] to pts[i]; cum[len(pts)] is the loop
}

// centralPark is the Central Park drive loop in Manhattan, run
// counterclockwise from Grand Army Plaza (about 9.6 km, Harlem Hill at the
// north end).
func centralPark() *route {
	return newRoute([]waypoint{
		{40.76600, -73.97350, 20}, {40.76930, -73.97130, 22}, {40.77330, -73.96850, 27},
		{40.77900, -73.96600, 33}, {40.78300, -73.96250, 36}, {40.78550, -73.95950, 31},
		{40.79250, -73.95400, 26}, {40.79550, -73.95150, 14}, {40.79780, -73.95350, 21},
		{40.79900, -73.95650, 37}, {40.79850, -73.96000, 38}, {40.79500, -73.96250, 33},
		{40.79150, -73.96500, 30}, {40.78520, -73.96950, 34}, {40.77950, -73.97350, 30},
		{40.77600, -73.97550, 27}, {40.77200, -73.97800, 22}, {40.76800, -73.98000, 18},
		{40.76600, -73.97700, 19},
	})
}

// vanCortlandt is a hilly trail loop in Van Cortlandt Park in the Bronx
// (about 3.3 km, the cross-country course's back hills).
func vanCortlandt() *route {
	return newRoute([]waypoint{
		{40.88800, -73.89750, 12}, {40.89050, -73.89750, 15}, {40.89220, -73.89450, 28},
		{40.89500, -73.89100, 47}, {40.89750, -73.88800, 58}, {40.89900, -73.88450, 52},
		{40.89650, -73.88200, 38}, {40.89350, -73.88450, 44}, {40.89100, -73.88800, 30},
		{40.88900, -73.89200, 16},
	})
}

func newRoute(pts []waypoint) *route {
	r := &route{pts: pts, cum: make([]float64, len(pts)+1)}
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		r.cum[i+1] = r.cum[i] + haversine(a.lat, a.lon, b.lat, b.lon)
	}
	return r
}

// length is the loop length in meters.
func (r *route) length() float64 { return r.cum[len(r.pts)] }

// at returns the position and altitude s meters along the loop (s may
// exceed one lap). Positions move linearly between corners; altitude
// follows a cosine ease so that grades change smoothly.
func (r *route) at(s float64) (lat, lon, alt float64) {
	s = math.Mod(s, r.length())
	if s < 0 {
		s += r.length()
	}
	i := 0
	for i < len(r.pts)-1 && r.cum[i+1] <= s {
		i++
	}
	a, b := r.pts[i], r.pts[(i+1)%len(r.pts)]
	f := (s - r.cum[i]) / (r.cum[i+1] - r.cum[i])
	ease := (1 - math.Cos(math.Pi*f)) / 2
	return a.lat + f*(b.lat-a.lat), a.lon + f*(b.lon-a.lon), a.alt + ease*(b.alt-a.alt)
}

// grade is the slope (rise over run) at s, from a 10 m central difference.
func (r *route) grade(s float64) float64 {
	_, _, a := r.at(s - 5)
	_, _, b := r.at(s + 5)
	return (b - a) / 10
}

// haversine is the great-circle distance in meters between two points given
// in degrees.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}

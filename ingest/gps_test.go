package ingest

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// haversineTextbook is the haversine formula as written before gpsPath
// kept each fix's cosine: the reference for bit-identical distances.
func haversineTextbook(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	p1, p2 := lat1*rad, lat2*rad
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * meanEarthRadiusM * math.Asin(math.Sqrt(math.Min(1, h)))
}

// TestGPSPathDistanceBits holds gpsPath's steps and greatCircleM to the
// textbook formula, to the bit, on random walks and far jumps.
func TestGPSPathDistanceBits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 5, 1, 6, 0, 0, 0, time.UTC)
	for walk := range 200 {
		path := gpsPath{limit: math.Inf(1)}
		lat, lon := r.Float64()*180-90, r.Float64()*360-180
		var sum float64
		for i := range 500 {
			plat, plon := lat, lon
			if i%97 == 0 {
				lat, lon = r.Float64()*180-90, r.Float64()*360-180
			} else {
				lat = max(-90, min(90, lat+r.NormFloat64()*1e-4))
				lon = max(-180, min(180, lon+r.NormFloat64()*1e-4))
			}
			d, _, kept := path.add(lat, lon, start.Add(time.Duration(i)*time.Second))
			if i == 0 {
				continue
			}
			want := haversineTextbook(plat, plon, lat, lon)
			if !kept || math.Float64bits(d) != math.Float64bits(want) {
				t.Fatalf("walk %d step %d: got %v (kept %v), want %v", walk, i, d, kept, want)
			}
			if got := greatCircleM(plat, plon, lat, lon); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("greatCircleM: got %v, want %v", got, want)
			}
			sum += want
		}
		if math.Float64bits(path.distanceM) != math.Float64bits(sum) {
			t.Fatalf("walk %d: distance %v, want %v", walk, path.distanceM, sum)
		}
	}
}

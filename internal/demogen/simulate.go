package demogen

import (
	"github.com/legwork-run/legwork/internal/units"
	"math"
	"math/rand/v2"
	"time"
)

// Point is one 1-second record of a simulated session.
type Point struct {
	// T is the time since the session's start; it jumps over a pause.
	T time.Duration
	// Lat and Lon are in degrees; both are 0 indoors (Track.Indoor).
	Lat, Lon float64
	// AltM is the altitude in meters; 0 indoors.
	AltM float64
	// DistM is the distance covered since the start in meters, as the
	// watch reports it (GPS steps outdoors, the footpod indoors).
	DistM float64
	// SpeedMS is the instantaneous speed in m/s.
	SpeedMS float64
	HR      uint8 // bpm
	// Cad is the cadence in rpm: strides (not steps) per minute running,
	// crank turns riding.
	Cad uint8
	// Resumed marks the first record after the timer was paused.
	Resumed bool
}

// Track is a simulated session: its plan and its records.
type Track struct {
	Session Session
	// Indoor is true on the treadmill: no positions, no altitude.
	Indoor bool
	Points []Point
}

// Elapsed is the wall-clock span from the first to the last record.
func (t *Track) Elapsed() time.Duration { return t.Points[len(t.Points)-1].T }

// Timer is Elapsed minus the paused time.
func (t *Track) Timer() time.Duration { return t.Elapsed() - t.Session.Pause }

// profile gives a session's target speed in m/s at a distance d of total.
type profile func(d, total float64) float64

// paceProfile returns the kind's speed plan; form scales it (the runner's
// day, ±3%).
func paceProfile(k Kind, form float64) profile {
	const easy = 3.05 // 8:48 per mile
	switch k {
	case Long:
		return func(d, total float64) float64 {
			if d > total-1600 {
				return 3.1 * form
			}
			return 2.95 * form
		}
	case Tempo:
		return func(d, total float64) float64 {
			if d > units.MetersPerMile && d < total-1200 {
				return 3.55 * form // 7:33 per mile
			}
			return easy * form
		}
	case Intervals:
		return func(d, total float64) float64 {
			const warm, rep, jog = 2000.0, 800.0, 400.0
			if d < warm || d > total-1600 {
				return easy * form
			}
			if math.Mod(d-warm, rep+jog) < rep {
				return 3.9 * form // 6:53 per mile
			}
			return 2.5 * form
		}
	case Race:
		return func(d, total float64) float64 {
			switch {
			case d < 400:
				return 3.85
			case d > total-400:
				return 4.1
			}
			return 3.72 // 22:24 for 5K
		}
	case Treadmill:
		return func(d, total float64) float64 { return 2.995 } // 6.7 mph
	case Trail:
		return func(d, total float64) float64 { return 2.65 * form }
	case Ride:
		return func(d, total float64) float64 { return 7.0 * form }
	}
	return func(d, total float64) float64 { return easy * form }
}

// Simulate turns a planned session into 1-second records that end exactly
// at s.DistanceM. The same session always gives the same track.
func Simulate(s Session) *Track {
	rng := rand.New(rand.NewPCG(Seed, s.Seed))
	tr := &Track{Session: s, Indoor: s.Kind == Treadmill}
	var r *route
	switch {
	case tr.Indoor:
	case s.Kind == Trail:
		r = vanCortlandt()
	default:
		r = centralPark()
	}
	form := 1 + (rng.Float64()*2-1)*0.03
	target := paceProfile(s.Kind, form)
	total := s.DistanceM
	ride := s.Kind == Ride

	// GPS error: a bias and a slow wander, both a few meters, that move
	// the whole track (no jumps at corners).
	biasN, biasE := rng.NormFloat64()*2, rng.NormFloat64()*2
	phase := rng.Float64() * 2 * math.Pi
	baro := rng.NormFloat64() * 3
	start := 0.0
	if r != nil {
		start = rng.Float64() * r.length()
	}
	position := func(s float64, t float64) (lat, lon, alt float64) {
		lat, lon, alt = r.at(start + s)
		n := biasN + 1.5*math.Sin(2*math.Pi*t/240+phase)
		e := biasE + 1.5*math.Cos(2*math.Pi*t/310+phase)
		lat += n / (earthRadiusM * math.Pi / 180)
		lon += e / (earthRadiusM * math.Pi / 180 * math.Cos(lat*math.Pi/180))
		return lat, lon, alt + baro
	}

	pauseAt := math.Inf(1)
	if s.Pause > 0 {
		pauseAt = total * (0.3 + 0.4*rng.Float64())
	}
	const hrr0 = 35.0
	hr := float64(HRRest) + hrr0
	v := 1.2
	noise := 0.0
	path := 0.0 // meters along the route
	dist := 0.0
	t := 0.0
	resumed := false
	var lat, lon, alt float64
	if r != nil {
		lat, lon, alt = position(0, 0)
	}
	tr.Points = append(tr.Points, Point{Lat: lat, Lon: lon, AltM: alt, HR: uint8(hr), Cad: cadence(0, ride, rng)})
	for {
		grade := 0.0
		if r != nil {
			grade = r.grade(start + path)
		}
		vt := target(dist, total)
		if ride {
			vt *= clamp(1-6*grade, 0.45, 1.3)
		} else {
			vt *= clamp(1-3*grade, 0.75, 1.15)
		}
		noise = 0.85*noise + rng.NormFloat64()*0.012
		v += (vt - v) * 0.2
		step := v * (1 + noise)
		t++

		var nlat, nlon, nalt, adv float64
		if r != nil {
			nlat, nlon, nalt = position(path+step, t)
			adv = haversine(lat, lon, nlat, nlon)
		} else {
			adv = step
		}
		last := dist+adv >= total
		if last {
			// The final record lands exactly on the planned distance.
			need := total - dist
			if r == nil {
				step, adv = need, need
			} else {
				lo, hi := 0.0, step
				for range 60 {
					mid := (lo + hi) / 2
					la, lo2, _ := position(path+mid, t)
					if haversine(lat, lon, la, lo2) < need {
						lo = mid
					} else {
						hi = mid
					}
				}
				step = hi
				nlat, nlon, nalt = position(path+step, t)
				adv = need
			}
		}
		path += step
		dist += adv
		if last {
			dist = total
		}
		lat, lon, alt = nlat, nlon, nalt

		hrr := heartReserve(v, grade, t, ride)
		if s.Kind == Trail {
			hrr += 0.06 // roots, rocks and turns cost more than the pace says
		}
		goal := float64(HRRest) + hrr*float64(HRMax-HRRest)
		tau := 20.0
		if goal < hr {
			tau = 35
		}
		hr += (goal - hr) / tau
		obs := clamp(math.Round(hr+rng.NormFloat64()*0.8), HRRest, HRMax)

		tr.Points = append(tr.Points, Point{
			T: time.Duration(t) * time.Second, Lat: lat, Lon: lon, AltM: alt,
			DistM: dist, SpeedMS: adv, HR: uint8(obs), Cad: cadence(v, ride, rng), Resumed: resumed,
		})
		resumed = false
		if last {
			break
		}
		if dist >= pauseAt {
			// Stopped at a light: no records, the heart rate settles.
			pauseAt = math.Inf(1)
			for range int(s.Pause / time.Second) {
				hr += (float64(HRRest) + 45 - hr) / 40
			}
			t += s.Pause.Seconds()
			v = 1.2
			// The next fix has wandered while standing; its step from the
			// last fix counts, as ingest counts it between GPX points.
			resumed = true
		}
	}
	if tr.Indoor {
		for i := range tr.Points {
			tr.Points[i].Lat, tr.Points[i].Lon, tr.Points[i].AltM = 0, 0, 0
		}
	}
	return tr
}

// heartReserve is the steady-state fraction of heart-rate reserve for a
// speed v (m/s) on a grade, plus cardiac drift of about 6 bpm an hour after
// t seconds.
func heartReserve(v, grade, t float64, ride bool) float64 {
	var f float64
	if ride {
		f = 0.40 + 0.25*v/7.0
	} else {
		const threshold = 3.56 // m/s
		f = 0.62 + (v/threshold-0.78)*1.045
	}
	f += 1.5*grade + 0.045*t/3600
	return clamp(f, 0.25, 0.995)
}

// cadence is strides per minute running (about 82 easy, 89 racing) or
// crank rpm riding.
func cadence(v float64, ride bool, rng *rand.Rand) uint8 {
	if ride {
		return uint8(clamp(math.Round(86+rng.NormFloat64()*3), 60, 110))
	}
	if v < 1 {
		return 0
	}
	return uint8(clamp(math.Round(81+7.5*(v-2.8)+rng.NormFloat64()*0.7), 70, 100))
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

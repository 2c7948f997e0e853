package ingest

import (
	"math"
	"strconv"
	"strings"

	"github.com/muktihari/fit/profile/typedef"
)

// fitSport normalizes a FIT sport and sub-sport (METRICS.md, Sessions).
// transition is true for multisport transition sessions, which are not
// activities.
func fitSport(sport typedef.Sport, sub typedef.SubSport) (name string, transition bool) {
	switch sub {
	case typedef.SubSportBikeToRunTransition, typedef.SubSportRunToBikeTransition,
		typedef.SubSportSwimToBikeTransition:
		return "", true
	}
	switch sport {
	case typedef.SportTransition:
		return "", true
	case typedef.SportRunning:
		switch sub {
		case typedef.SubSportTrail:
			return sportTrailRunning, false
		case typedef.SubSportTreadmill, typedef.SubSportIndoorRunning, typedef.SubSportVirtualActivity:
			return sportTreadmillRunning, false
		case typedef.SubSportTrack:
			return sportTrackRunning, false
		}
		return sportRunning, false
	case typedef.SportWalking:
		return sportWalking, false
	case typedef.SportHiking:
		return sportHiking, false
	case typedef.SportCycling, typedef.SportEBiking:
		return sportCycling, false
	case typedef.SportSwimming:
		return sportSwimming, false
	case typedef.SportFitnessEquipment:
		// Some watches file a treadmill run or a spin class under fitness
		// equipment rather than under running or cycling.
		switch sub {
		case typedef.SubSportTreadmill, typedef.SubSportIndoorRunning:
			return sportTreadmillRunning, false
		case typedef.SubSportIndoorCycling, typedef.SubSportSpin:
			return sportCycling, false
		case typedef.SubSportIndoorWalking:
			return sportWalking, false
		}
	}
	return sportOther, false
}

// fitDevice names a device from file_id: "garmin fr945", "wahoo_fitness 31",
// "development Watch3,4". product_name, when the file has one, is used as the
// product. It returns "" when the file names neither.
func fitDevice(manuf typedef.Manufacturer, product uint16, productName string) string {
	var m string
	if manuf != typedef.ManufacturerInvalid {
		m = manuf.String()
		if !profileName(m) {
			m = strconv.Itoa(int(manuf))
		}
	}
	p := productName
	if p == "" && product != math.MaxUint16 {
		p = strconv.Itoa(int(product))
		switch manuf {
		case typedef.ManufacturerGarmin, typedef.ManufacturerDynastream,
			typedef.ManufacturerDynastreamOem, typedef.ManufacturerTacx:
			if name := typedef.GarminProduct(product).String(); profileName(name) {
				p = name
			}
		}
	}
	switch {
	case m == "":
		return p
	case p == "":
		return m
	}
	return m + " " + p
}

// profileName reports whether s is a name from the FIT profile rather than
// the "XxxInvalid(n)" the profile types give for values they do not know.
func profileName(s string) bool { return !strings.Contains(s, "Invalid(") }

// earthRadiusM is the mean Earth radius used for great-circle steps, in meters.
const earthRadiusM = 6371008.8

// haversineM returns the great-circle distance between two points given in
// degrees, in meters.
func haversineM(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	s1 := math.Sin(dLat / 2)
	s2 := math.Sin(dLon / 2)
	a := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	return 2 * earthRadiusM * math.Asin(math.Sqrt(min(1, a)))
}

// fixDistance sums great-circle steps between fixes, dropping steps that
// imply more than maxSpeed m/s (GPS jumps, METRICS.md Distance). A dropped
// fix does not become the base of the next step. It returns the distance in
// meters and the number of steps dropped.
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
	step := haversineM(d.lat, d.lon, lat, lon)
	dt := float64(t - d.t)
	if step > d.maxSpeed*max(dt, 1) {
		d.dropped++
		return
	}
	d.sumM += step
	d.lat, d.lon, d.t = lat, lon, t
}

// fitNoActivity is the cause of a DecodeError for a FIT file that holds no
// activity; its text is the reason shown to the user.
type fitNoActivity string

func (e fitNoActivity) Error() string { return string(e) }
func (e fitNoActivity) Unwrap() error { return ErrNoActivity }

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

// fitNoActivity is the cause of a DecodeError for a FIT file that holds no
// activity; its text is the reason shown to the user.
type fitNoActivity string

func (e fitNoActivity) Error() string { return string(e) }
func (e fitNoActivity) Unwrap() error { return ErrNoActivity }

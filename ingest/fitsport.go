package ingest

import (
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

func (e fitNoActivity) Error() string { return string(e) }
func (e fitNoActivity) Unwrap() error { return ErrNoActivity }

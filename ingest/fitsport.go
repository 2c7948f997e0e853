package ingest

import (
	"github.com/muktihari/fit/profile/typedef"
)

// fitSport normalizes a FIT sport and sub-sport (METRICS.md, Sessions).
// transition is true for multisport transition sessions, which are not
// activities.
func fitSport(sport typedef.Sport, sub typedef.SubSport) (name Sport, transition bool) {
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
			return SportTrailRunning, false
		case typedef.SubSportTreadmill, typedef.SubSportIndoorRunning, typedef.SubSportVirtualActivity:
			return SportTreadmillRunning, false
		case typedef.SubSportTrack:
			return SportTrackRunning, false
		}
		return SportRunning, false
	case typedef.SportWalking:
		return SportWalking, false
	case typedef.SportHiking:
		return SportHiking, false
	case typedef.SportCycling, typedef.SportEBiking:
		return SportCycling, false
	case typedef.SportSwimming:
		return SportSwimming, false
	case typedef.SportFitnessEquipment:
		// Some watches file a treadmill run or a spin class under fitness
		// equipment rather than under running or cycling.
		switch sub {
		case typedef.SubSportTreadmill, typedef.SubSportIndoorRunning:
			return SportTreadmillRunning, false
		case typedef.SubSportIndoorCycling, typedef.SubSportSpin:
			return SportCycling, false
		case typedef.SubSportIndoorWalking:
			return SportWalking, false
		}
	}
	return SportOther, false
}

package ingest

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Sport is a normalized sport, as Activity.Sport spells it (METRICS.md,
// Sessions). The empty Sport means unknown.
type Sport string

// The sports legwork tells apart; every other sport is SportOther.
const (
	SportRunning          Sport = "running"
	SportTrailRunning     Sport = "trail_running"
	SportTreadmillRunning Sport = "treadmill_running"
	SportTrackRunning     Sport = "track_running"
	SportWalking          Sport = "walking"
	SportHiking           Sport = "hiking"
	SportCycling          Sport = "cycling"
	SportSwimming         Sport = "swimming"
	SportOther            Sport = "other"
)

// sports lists every Sport, in the order legwork.toml's error messages and
// the documentation give them.
var sports = []Sport{
	SportRunning, SportTrailRunning, SportTreadmillRunning, SportTrackRunning,
	SportWalking, SportHiking, SportCycling, SportSwimming, SportOther,
}

// Sports returns every Sport, in a fresh slice the caller may change.
func Sports() []Sport { return slices.Clone(sports) }

// Label is the sport in words for a reader: its name with underscores as
// spaces ("trail running"). That one rule words every Sport and any other
// value (read back from a table of another version); the empty Sport gives
// "".
func (s Sport) Label() string {
	return strings.ReplaceAll(string(s), "_", " ")
}

// OnFoot reports whether the sport is done on foot (the running sports,
// walking and hiking), where a pace per distance means something.
func (s Sport) OnFoot() bool {
	switch s {
	case SportRunning, SportTrailRunning, SportTreadmillRunning, SportTrackRunning,
		SportWalking, SportHiking:
		return true
	}
	return false
}

// untypedCyclingSpeed is the average moving speed above which an untyped
// track is taken for a ride rather than a run, in m/s (25 km/h).
const untypedCyclingSpeed = 7.0

// labelSports maps a GPX <type> or TCX Sport label, lower-cased with
// separators removed, to a normalized sport. Numbers are Strava's activity
// type codes as its GPX export writes them.
var labelSports = map[string]Sport{
	"running": SportRunning, "run": SportRunning, "streetrunning": SportRunning,
	"roadrunning": SportRunning, "virtualrun": SportTreadmillRunning,
	"9":            SportRunning,
	"trailrunning": SportTrailRunning, "trailrun": SportTrailRunning, "trail": SportTrailRunning,
	"treadmillrunning": SportTreadmillRunning, "treadmill": SportTreadmillRunning,
	"indoorrunning": SportTreadmillRunning, "indoorrun": SportTreadmillRunning,
	"trackrunning": SportTrackRunning, "trackrun": SportTrackRunning,
	"walking": SportWalking, "walk": SportWalking, "casualwalking": SportWalking,
	"speedwalking": SportWalking, "10": SportWalking,
	"hiking": SportHiking, "hike": SportHiking, "4": SportHiking,
	"cycling": SportCycling, "ride": SportCycling, "biking": SportCycling, "bike": SportCycling,
	"roadbiking": SportCycling, "roadcycling": SportCycling, "mountainbiking": SportCycling,
	"gravelcycling": SportCycling, "gravelride": SportCycling, "mountainbikeride": SportCycling,
	"indoorcycling": SportCycling, "virtualride": SportCycling, "ebikeride": SportCycling,
	"ebiking": SportCycling, "1": SportCycling,
	"swimming": SportSwimming, "swim": SportSwimming, "lapswimming": SportSwimming,
	"openwaterswimming": SportSwimming, "poolswim": SportSwimming,
	"other": SportOther,
}

// untypedLabels are labels that say nothing about the sport.
var untypedLabels = map[string]bool{"": true, "unknown": true, "generic": true, "none": true, "uncategorized": true}

// sportFromLabel normalizes a GPX <type> or TCX Sport label. known is false
// when the label names no sport (empty, "unknown", "generic"): the caller
// then applies the untyped-track rule. A label that names a sport legwork
// does not track comes back as "other" with known true.
func sportFromLabel(label string) (sport Sport, known bool) {
	key := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, label)
	if untypedLabels[key] {
		return "", false
	}
	if s, ok := labelSports[key]; ok {
		return s, true
	}
	// Free text such as "Morning Run" or "trail_running_race".
	switch {
	case strings.Contains(key, "treadmill"):
		return SportTreadmillRunning, true
	case strings.Contains(key, "trail") && strings.Contains(key, "run"):
		return SportTrailRunning, true
	case strings.Contains(key, "run"):
		return SportRunning, true
	case strings.Contains(key, "walk"):
		return SportWalking, true
	case strings.Contains(key, "hik"):
		return SportHiking, true
	case strings.Contains(key, "cycl"), strings.Contains(key, "bik"), strings.Contains(key, "ride"):
		return SportCycling, true
	case strings.Contains(key, "swim"):
		return SportSwimming, true
	}
	return SportOther, true
}

// timeOfDayWords open default activity names ("Morning Run", "Lunch Ride").
var timeOfDayWords = map[string]bool{"morning": true, "afternoon": true, "lunch": true, "evening": true, "night": true}

// sportFromName guesses the sport of an untyped track from its name when the
// name starts with a sport word, as apps name tracks: "Cycling 10/2/17
// 10:49 am" (Runkeeper), "Morning Run" (Strava). Other names say nothing.
func sportFromName(name string) (Sport, bool) {
	words := strings.Fields(strings.ToLower(name))
	if len(words) > 1 && timeOfDayWords[words[0]] {
		words = words[1:]
	}
	if len(words) == 0 {
		return "", false
	}
	w := strings.Trim(words[0], ".,:;!-_")
	if _, err := strconv.Atoi(w); err == nil {
		return "", false // Strava's numeric codes are for <type> only
	}
	s, ok := labelSports[w]
	if !ok || s == SportOther {
		return "", false
	}
	return s, true
}

// creatorSports are the words that make a GPX creator or TCX Creator name
// say what the file holds ("Urban Biker", "Bike Computer Pro"). Only
// cycling: running apps record rides too (Runkeeper), while an app named
// for bikes does not record runs.
var creatorSports = map[string]Sport{
	"bike": SportCycling, "biker": SportCycling, "biking": SportCycling, "cycling": SportCycling,
	"cyclist": SportCycling, "bicycle": SportCycling, "mtb": SportCycling,
}

// sportFromCreator guesses the sport of an untyped track from the app or
// device that wrote it, when one of its words names a sport.
func sportFromCreator(creator string) (Sport, bool) {
	for _, w := range strings.FieldsFunc(strings.ToLower(creator), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if s, ok := creatorSports[w]; ok {
			return s, true
		}
	}
	return "", false
}

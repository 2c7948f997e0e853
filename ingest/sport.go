package ingest

import (
	"strconv"
	"strings"
	"unicode"
)

// Sports as Activity.Sport spells them (METRICS.md, Sessions).
const (
	sportRunning          = "running"
	sportTrailRunning     = "trail_running"
	sportTreadmillRunning = "treadmill_running"
	sportTrackRunning     = "track_running"
	sportWalking          = "walking"
	sportHiking           = "hiking"
	sportCycling          = "cycling"
	sportSwimming         = "swimming"
	sportOther            = "other"
)

// untypedCyclingSpeed is the average moving speed above which an untyped
// track is taken for a ride rather than a run, in m/s (25 km/h).
const untypedCyclingSpeed = 7.0

// labelSports maps a GPX <type> or TCX Sport label, lower-cased with
// separators removed, to a normalized sport. Numbers are Strava's activity
// type codes as its GPX export writes them.
var labelSports = map[string]string{
	"running": sportRunning, "run": sportRunning, "streetrunning": sportRunning,
	"roadrunning": sportRunning, "virtualrun": sportTreadmillRunning,
	"9":            sportRunning,
	"trailrunning": sportTrailRunning, "trailrun": sportTrailRunning, "trail": sportTrailRunning,
	"treadmillrunning": sportTreadmillRunning, "treadmill": sportTreadmillRunning,
	"indoorrunning": sportTreadmillRunning, "indoorrun": sportTreadmillRunning,
	"trackrunning": sportTrackRunning, "trackrun": sportTrackRunning,
	"walking": sportWalking, "walk": sportWalking, "casualwalking": sportWalking,
	"speedwalking": sportWalking, "10": sportWalking,
	"hiking": sportHiking, "hike": sportHiking, "4": sportHiking,
	"cycling": sportCycling, "ride": sportCycling, "biking": sportCycling, "bike": sportCycling,
	"roadbiking": sportCycling, "roadcycling": sportCycling, "mountainbiking": sportCycling,
	"gravelcycling": sportCycling, "gravelride": sportCycling, "mountainbikeride": sportCycling,
	"indoorcycling": sportCycling, "virtualride": sportCycling, "ebikeride": sportCycling,
	"ebiking": sportCycling, "1": sportCycling,
	"swimming": sportSwimming, "swim": sportSwimming, "lapswimming": sportSwimming,
	"openwaterswimming": sportSwimming, "poolswim": sportSwimming,
	"other": sportOther,
}

// untypedLabels are labels that say nothing about the sport.
var untypedLabels = map[string]bool{"": true, "unknown": true, "generic": true, "none": true, "uncategorized": true}

// sportFromLabel normalizes a GPX <type> or TCX Sport label. known is false
// when the label names no sport (empty, "unknown", "generic"): the caller
// then applies the untyped-track rule. A label that names a sport legwork
// does not track comes back as "other" with known true.
func sportFromLabel(label string) (sport string, known bool) {
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
		return sportTreadmillRunning, true
	case strings.Contains(key, "trail") && strings.Contains(key, "run"):
		return sportTrailRunning, true
	case strings.Contains(key, "run"):
		return sportRunning, true
	case strings.Contains(key, "walk"):
		return sportWalking, true
	case strings.Contains(key, "hik"):
		return sportHiking, true
	case strings.Contains(key, "cycl"), strings.Contains(key, "bik"), strings.Contains(key, "ride"):
		return sportCycling, true
	case strings.Contains(key, "swim"):
		return sportSwimming, true
	}
	return sportOther, true
}

// onFoot reports whether GPS steps of sport are limited to 12 m/s rather
// than 40 m/s when dropping jumps (METRICS.md, Distance). Swimming is
// included: no swimmer reaches 12 m/s either.
func onFoot(sport string) bool {
	switch sport {
	case sportRunning, sportTrailRunning, sportTreadmillRunning, sportTrackRunning,
		sportWalking, sportHiking, sportSwimming:
		return true
	}
	return false
}

// timeOfDayWords open default activity names ("Morning Run", "Lunch Ride").
var timeOfDayWords = map[string]bool{"morning": true, "afternoon": true, "lunch": true, "evening": true, "night": true}

// sportFromName guesses the sport of an untyped track from its name when the
// name starts with a sport word, as apps name tracks: "Cycling 10/2/17
// 10:49 am" (Runkeeper), "Morning Run" (Strava). Other names say nothing.
func sportFromName(name string) (string, bool) {
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
	if !ok || s == sportOther {
		return "", false
	}
	return s, true
}

// creatorSports are the words that make a GPX creator or TCX Creator name
// say what the file holds ("Urban Biker", "Bike Computer Pro"). Only
// cycling: running apps record rides too (Runkeeper), while an app named
// for bikes does not record runs.
var creatorSports = map[string]string{
	"bike": sportCycling, "biker": sportCycling, "biking": sportCycling, "cycling": sportCycling,
	"cyclist": sportCycling, "bicycle": sportCycling, "mtb": sportCycling,
}

// sportFromCreator guesses the sport of an untyped track from the app or
// device that wrote it, when one of its words names a sport.
func sportFromCreator(creator string) (string, bool) {
	for _, w := range strings.FieldsFunc(strings.ToLower(creator), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if s, ok := creatorSports[w]; ok {
			return s, true
		}
	}
	return "", false
}

package analyze

import (
	"slices"

	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/units"
)

// Kind names what a Flag is about. The constants (KindWeeklyDistanceSpike,
// …) are listed with their Value, Threshold and Base in flags.go; Kinds
// returns them all.
type Kind string

// Kinds returns every flag kind, in the order METRICS.md introduces them.
// The slice is new on each call.
func Kinds() []Kind {
	return []Kind{
		KindWeeklyDistanceSpike, KindWeeklyLoadSpike, KindRestart,
		KindSessionSpike, KindReturnAfterBreak, KindACWRHigh,
		KindNoRestDay, KindMonotonyHigh, KindShoeWorn, KindShoeReplace,
	}
}

// Severity says how strongly a flag asks the runner to act.
type Severity string

const (
	Info    Severity = "info"
	Caution Severity = "caution"
	High    Severity = "high"
)

// Severities returns every severity, the most serious first. The slice is
// new on each call.
func Severities() []Severity { return []Severity{High, Caution, Info} }

// Rank orders severities for display: 0 for High, 1 for Caution, 2 for
// Info, and 3 for anything else (a value read from a table of another
// version).
func (s Severity) Rank() int {
	if i := slices.Index(Severities(), s); i >= 0 {
		return i
	}
	return len(Severities())
}

// ShoeStatus is how worn a shoe is: ok, worn (past its warn mark) or
// replace (past its replace mark).
type ShoeStatus string

// Shoe statuses.
const (
	ShoeOK      ShoeStatus = "ok"
	ShoeWorn    ShoeStatus = "worn"
	ShoeReplace ShoeStatus = "replace"
)

// ShoeStatuses returns every shoe status, from ok to replace. The slice is
// new on each call.
func ShoeStatuses() []ShoeStatus { return []ShoeStatus{ShoeOK, ShoeWorn, ShoeReplace} }

// Defaults of the analysis (METRICS.md); internal/config fills a missing
// setting with these and with DefaultCountedSports.
const (
	// DefaultIncreasePct is the weekly increase allowed when
	// Config.IncreasePct is zero: the 10% rule.
	DefaultIncreasePct = 10.0
	// DefaultHRRest is the resting heart rate in bpm when Config.HRRest is 0.
	DefaultHRRest = 60
	// DefaultWarnAtM is a shoe's warn mark when Shoe.WarnAtM is 0: 300 mi
	// (482803.2 m).
	DefaultWarnAtM = 300 * units.MetersPerMile
	// DefaultReplaceAtM is a shoe's replace mark when Shoe.ReplaceAtM is 0:
	// 500 mi (804672 m).
	DefaultReplaceAtM = 500 * units.MetersPerMile
)

// DefaultCountedSports returns the sports counted when the configuration
// names none. The slice is new on each call.
func DefaultCountedSports() []ingest.Sport {
	return []ingest.Sport{ingest.SportRunning, ingest.SportTrailRunning, ingest.SportTreadmillRunning, ingest.SportTrackRunning}
}

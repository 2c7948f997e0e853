package analyze

import "time"

// Session spike rules from METRICS.md (Frandsen et al., BJSM 2025).
const (
	// spikeWindow is the look-back of the session spike: runs that started
	// in [t − 30 × 24 h, t).
	spikeWindow = 30 * 24 * time.Hour
	// SpikePct is the session spike threshold: a run more than 10% longer
	// than the longest run of the window is flagged.
	SpikePct = 10.0
	// NextRunFactor gives the "stay within" distance: 1.10 × the longest run.
	NextRunFactor = 1.10
)

// spikeKind is what the session-spike rule says about one run.
type spikeKind int

const (
	spikeNone        spikeKind = iota // not evaluated, or within 10%
	spikeFlag                         // more than 10% over the longest run
	spikeReturnBreak                  // no run in the 30 days before it
)

// spike is the session-spike verdict for one run.
type spike struct {
	kind spikeKind
	// longestM is M, the longest counted run of the window (spikeFlag).
	longestM float64
	// pct is r × 100 = (d / M − 1) × 100 (spikeFlag).
	pct float64
	// gapDays is the time since the previous counted run with distance, or
	// since the first counted run when there is none, in days
	// (spikeReturnBreak).
	gapDays float64
}

// spikeSeverity returns the Frandsen band of a spike: caution for more than
// 10% up to 100%, high above 100%.
func spikeSeverity(d, m float64) Severity {
	if d > 2*m {
		return High
	}
	return Caution
}

// sessionSpikes evaluates every counted run with distance against M, the
// longest counted run with distance that started in [t − 30 d, t), once the
// first counted run (of any kind) started at least 30 days before t. runs
// must be the counted activities sorted by start. The result is indexed like
// runs.
func sessionSpikes(runs []*act) []spike {
	out := make([]spike, len(runs))
	if len(runs) == 0 {
		return out
	}
	h0 := runs[0].a.Start
	lo := 0
	for i, r := range runs {
		t := r.a.Start
		from := t.Add(-spikeWindow)
		for lo < i && runs[lo].a.Start.Before(from) {
			lo++
		}
		if !r.hasDist || h0.After(from) {
			continue
		}
		longest, found := 0.0, false
		for _, w := range runs[lo:i] {
			if w.hasDist && w.a.Start.Before(t) {
				longest, found = max(longest, w.distM), true
			}
		}
		switch {
		case !found:
			prev := h0
			for j := i - 1; j >= 0; j-- {
				if runs[j].hasDist && runs[j].a.Start.Before(t) {
					prev = runs[j].a.Start
					break
				}
			}
			out[i] = spike{kind: spikeReturnBreak, gapDays: t.Sub(prev).Hours() / 24}
		case longest > 0 && 10*r.distM > 11*longest:
			out[i] = spike{kind: spikeFlag, longestM: longest, pct: (r.distM - longest) * 100 / longest}
		}
	}
	return out
}

// nextRunLimit returns NextRunFactor × the longest counted run with distance
// whose local date lies in the 30 days ending on asOf (asOf − 29 … asOf), or
// 0 when there is none.
func nextRunLimit(runs []*act, asOf day) float64 {
	longest := 0.0
	for _, r := range runs {
		if r.hasDist && r.date > asOf-30 && r.date <= asOf {
			longest = max(longest, r.distM)
		}
	}
	return NextRunFactor * longest
}

package ingest

import (
	"sync"
	"time"
	_ "time/tzdata" // zone names from tzf must resolve on minimal hosts

	"github.com/ringsaturn/tzf"
)

// zoneFinder names the IANA zone at a position; "" when none.
type zoneFinder interface {
	GetTimezoneName(lng, lat float64) string
}

// newTZFFinder loads tzf's default finder: about a second and 170 MB at
// peak, so Read calls it at most once, and only when needed.
func newTZFFinder() (zoneFinder, error) {
	return tzf.NewDefaultFinder()
}

// localize sets UTCOffset and OffsetSource of activities whose
// decoder left OffsetSource empty: from the zone at the first fix
// ("position"), else from opt.Zone, UTC when nil ("config").
func localize(acts []Activity, opt *Options) {
	newFinder := opt.newZoneFinder
	if newFinder == nil {
		newFinder = newTZFFinder
	}
	finder := sync.OnceValues(newFinder)
	zones := map[string]*time.Location{}
	config := opt.Zone
	if config == nil {
		config = time.UTC
	}
	for i := range acts {
		a := &acts[i]
		if a.OffsetSource != "" {
			continue
		}
		if a.HasPosition {
			f, err := finder()
			if err != nil {
				a.Warnings = append(a.Warnings, "time zone lookup unavailable ("+err.Error()+"); used the configured zone")
			} else if name := f.GetTimezoneName(a.FirstLon, a.FirstLat); name != "" {
				loc, ok := zones[name]
				if !ok {
					loc, _ = time.LoadLocation(name) // nil when the zone database lacks it
					zones[name] = loc
				}
				if loc != nil {
					setOffset(a, loc, OffsetFromPosition)
					continue
				}
				a.Warnings = append(a.Warnings, "unknown time zone "+name+" at the first fix; used the configured zone")
			} else {
				a.Warnings = append(a.Warnings, "no time zone at the first fix; used the configured zone")
			}
		}
		setOffset(a, config, OffsetFromConfig)
	}
}

func setOffset(a *Activity, loc *time.Location, source OffsetSource) {
	_, off := a.Start.In(loc).Zone()
	a.UTCOffset = int32(off)
	a.OffsetSource = source
}

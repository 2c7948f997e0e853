package ingest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // zone names from tzf must resolve on minimal hosts

	"github.com/ringsaturn/tzf"
	tzfrellite "github.com/ringsaturn/tzf-rel-lite"
	pb "github.com/ringsaturn/tzf/gen/go/tzf/v1"
	"google.golang.org/protobuf/proto"
)

// zoneFinder names the IANA zone at a position; "" when none.
type zoneFinder interface {
	GetTimezoneName(lng, lat float64) string
}

// tzfFinder is the process's zone finder, loaded on the first position
// lookup (a folder of FIT files never loads it) and kept for every later
// Read, with or without a Cache (a squad's athletes share it): a lookup
// table, built once.
var tzfFinder = sync.OnceValues(newTZFFinder)

// tzfLoads counts newTZFFinder's loads of the tile map, for the test that
// a process loads it once however many Reads need it.
var tzfLoads atomic.Int64

// newTZFFinder loads the preindexed tile map of tzf's default finder (2 MB
// of data, tens of milliseconds); the full polygons (about 0.5 s and most
// of the memory) load only when a position falls where the tiles do not
// decide, near a border or at sea.
func newTZFFinder() (zoneFinder, error) {
	tzfLoads.Add(1)
	input := &pb.PreindexTimezones{}
	if err := proto.Unmarshal(tzfrellite.PreindexData, input); err != nil {
		return nil, fmt.Errorf("tzf preindex: %w", err)
	}
	fuzzy, err := tzf.NewFuzzyFinderFromPB(input)
	if err != nil {
		return nil, err
	}
	return &lazyFinder{fuzzy: fuzzy, full: sync.OnceValues(func() (tzf.F, error) {
		input := &pb.CompressedTimezones{}
		if err := proto.Unmarshal(tzfrellite.LiteCompressData, input); err != nil {
			return nil, fmt.Errorf("tzf polygons: %w", err)
		}
		full, err := tzf.NewFinderFromCompressed(input, tzf.SetDropPBTZ)
		if err == nil && full.DataVersion() != fuzzy.DataVersion() {
			err = fmt.Errorf("tzf: polygons (%s) and tiles (%s) differ in version", full.DataVersion(), fuzzy.DataVersion())
		}
		return full, err
	})}, nil
}

// lazyFinder answers as tzf's DefaultFinder does (the tile map first, then
// the polygons, then both again at the eight points 0.02° around), but
// loads the polygons on first need.
type lazyFinder struct {
	fuzzy tzf.F
	full  func() (tzf.F, error)
}

func (f *lazyFinder) GetTimezoneName(lng, lat float64) string {
	if name := f.fuzzy.GetTimezoneName(lng, lat); name != "" {
		return name
	}
	full, err := f.full()
	if err != nil {
		return ""
	}
	if name := full.GetTimezoneName(lng, lat); name != "" {
		return name
	}
	for _, dx := range []float64{-0.02, 0, 0.02} {
		for _, dy := range []float64{-0.02, 0, 0.02} {
			if name := f.fuzzy.GetTimezoneName(lng+dx, lat+dy); name != "" {
				return name
			}
			if name := full.GetTimezoneName(lng+dx, lat+dy); name != "" {
				return name
			}
		}
	}
	return ""
}

// localize sets UTCOffset and OffsetSource of activities whose
// decoder left OffsetSource empty: from the zone at the first fix
// ("position"), else from opt.Zone, UTC when nil ("config").
func localize(acts []Activity, opt *Options) {
	finder := tzfFinder
	if opt.newZoneFinder != nil {
		finder = sync.OnceValues(opt.newZoneFinder)
	}
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

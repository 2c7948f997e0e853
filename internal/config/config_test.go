package config

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/units"
)

const full = `[athlete]
name = "  Alex Runner "
timezone = "America/New_York"
units = "km"
week_start = "sunday"
hr_max = 190
hr_rest = 50
sex = "female"

[rules]
weekly_increase_pct = 12.5
counted_sports = ["running", "trail_running"]

[[shoes]]
name = "Pegasus 40"
from = 2026-01-05
to = 2026-06-30
sports = ["running", "treadmill_running"]
start_distance = "120 mi"
warn_at = "400 km"
replace_at = "800 km"

[[shoes]]
name = "Speedgoat"
match = ["trail/**"]
`

func TestParseFull(t *testing.T) {
	c, err := Parse([]byte(full), "legwork.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := c.Analysis
	if c.Zone == nil || c.Zone.String() != "America/New_York" || c.Units != "km" {
		t.Errorf("zone %v units %q", c.Zone, c.Units)
	}
	if c.Name != "Alex Runner" {
		t.Errorf("name %q, want it trimmed", c.Name)
	}
	if a.WeekStart != time.Sunday || a.HRMax != 190 || a.HRRest != 50 || a.Sex != "female" || a.IncreasePct != 12.5 {
		t.Errorf("athlete/rules: %+v", a)
	}
	if !slices.Equal(a.CountedSports, []ingest.Sport{ingest.SportRunning, ingest.SportTrailRunning}) {
		t.Errorf("counted sports %v", a.CountedSports)
	}
	if len(a.Shoes) != 2 {
		t.Fatalf("shoes: %+v", a.Shoes)
	}
	p := a.Shoes[0]
	if p.Name != "Pegasus 40" || !p.From.Equal(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) || !p.To.Equal(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("shoe 0 dates: %+v", p)
	}
	if math.Abs(p.StartDistanceM-120*units.MetersPerMile) > 1e-9 || p.WarnAtM != 400000 || p.ReplaceAtM != 800000 {
		t.Errorf("shoe 0 distances: %+v", p)
	}
	s := a.Shoes[1]
	if !s.From.IsZero() || !slices.Equal(s.Match, []string{"trail/**"}) || s.WarnAtM != 300*units.MetersPerMile || s.ReplaceAtM != 500*units.MetersPerMile {
		t.Errorf("shoe 1 defaults: %+v", s)
	}
}

func TestDefaults(t *testing.T) {
	c, err := Parse(nil, "empty.toml")
	if err != nil {
		t.Fatal(err)
	}
	a := c.Analysis
	if c.Zone != nil || c.Units != "" || a.WeekStart != time.Monday || a.HRRest != 60 || a.HRMax != 0 || a.IncreasePct != 10 || len(a.CountedSports) != 4 {
		t.Errorf("defaults: %+v %+v", c, a)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		key       string
	}{
		{"unknown key", "[athlete]\nunits = \"mi\"\nhr_maxx = 190\n", 3, "athlete.hr_maxx"},
		{"unknown table", "[athelete]\nunits = \"mi\"\n", 1, "athelete"},
		{"bad units", "[athlete]\n\nunits = \"miles\"\n", 3, "athlete.units"},
		{"bad zone", "[athlete]\ntimezone = \"Mars/Olympus\"\n", 2, "athlete.timezone"},
		{"wrong type", "[athlete]\nhr_max = \"high\"\n", 2, "athlete.hr_max"},
		{"hr out of range", "[athlete]\nhr_max = 400\n", 2, "athlete.hr_max"},
		{"rest above max", "[athlete]\nhr_max = 150\nhr_rest = 160\n", 3, "athlete.hr_rest"},
		{"bad week start", "[athlete]\nweek_start = \"friday\"\n", 2, "athlete.week_start"},
		{"bad sex", "[athlete]\nsex = \"x\"\n", 2, "athlete.sex"},
		{"bad pct", "[rules]\nweekly_increase_pct = -5\n", 2, "rules.weekly_increase_pct"},
		{"bad sport", "[rules]\ncounted_sports = [\"running\", \"jogging\"]\n", 2, "rules.counted_sports"},
		{"bad distance unit", "[[shoes]]\nname = \"a\"\nfrom = 2026-01-01\nwarn_at = \"300 furlongs\"\n", 4, "shoes.warn_at"},
		{"distance without unit", "[[shoes]]\nname = \"a\"\nfrom = 2026-01-01\nstart_distance = \"300\"\n", 4, "shoes.start_distance"},
		{"shoe without name", "[[shoes]]\nname = \"a\"\nfrom = 2026-01-01\n[[shoes]]\nfrom = 2026-01-01\n", 4, "shoes[1].name"},
		{"shoe twice", "[[shoes]]\nname = \"a\"\nfrom = 2026-01-01\n[[shoes]]\nname = \"A\"\nfrom = 2026-02-01\n", 5, "shoes[1].name"},
		{"to before from", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nto = 2026-01-01\n", 4, "shoes[0].to"},
		{"replace below warn", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nwarn_at = \"400 mi\"\nreplace_at = \"300 mi\"\n", 5, "shoes[0].replace_at"},
		{"no counted sports", "[rules]\ncounted_sports = []\n", 2, "rules.counted_sports"},
		{"syntax", "[athlete\nunits = \"mi\"\n", 1, ""},
		// Values that used to be replaced silently by a default (issue 7):
		// a key that is present is checked as written, zero included.
		{"warn_at zero", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nwarn_at = \"0 mi\"\n", 4, "shoes[0].warn_at"},
		{"replace_at zero", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nreplace_at = \"0 mi\"\n", 4, "shoes[0].replace_at"},
		{"warn_at above default replace_at", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nwarn_at = \"600 mi\"\n", 4, "shoes[0].warn_at"},
		{"replace_at below default warn_at", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nreplace_at = \"100 mi\"\n", 4, "shoes[0].replace_at"},
		{"negative start distance", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nstart_distance = \"-5 mi\"\n", 4, "shoes.start_distance"},
		{"pct nan", "[rules]\nweekly_increase_pct = nan\n", 2, "rules.weekly_increase_pct"},
		{"pct inf", "[rules]\nweekly_increase_pct = inf\n", 2, "rules.weekly_increase_pct"},
		{"pct -inf", "[rules]\nweekly_increase_pct = -inf\n", 2, "rules.weekly_increase_pct"},
		{"pct zero", "[rules]\nweekly_increase_pct = 0\n", 2, "rules.weekly_increase_pct"},
		{"hr_max zero", "[athlete]\nhr_max = 0\n", 2, "athlete.hr_max"},
		{"hr_rest zero", "[athlete]\n\nhr_rest = 0\n", 3, "athlete.hr_rest"},
		{"hr_rest above configured hr_max", "[athlete]\nhr_rest = 200\nhr_max = 180\n", 2, "athlete.hr_rest"},
		{"hr_rest equal to hr_max", "[athlete]\nhr_max = 150\nhr_rest = 150\n", 3, "athlete.hr_rest"},
		{"malformed match glob", "[[shoes]]\nname = \"a\"\nmatch = [\"road/*.fit\",\n  \"trail/[**\"]\n", 4, "shoes.match"},
		{"empty shoe sports", "[[shoes]]\nname = \"a\"\nfrom = 2026-03-01\nsports = []\n", 4, "shoes[0].sports"},
		{"timezone Local", "[athlete]\ntimezone = \"Local\"\n", 2, "athlete.timezone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc), "legwork.toml")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v (%T), want *Error", err, err)
			}
			if ce.Line != tc.line || ce.Key != tc.key || ce.Path != "legwork.toml" {
				t.Errorf("got line %d key %q (%v), want line %d key %q", ce.Line, ce.Key, err, tc.line, tc.key)
			}
		})
	}
}

func TestParseDistance(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"500 mi", 804672, true}, {"800 km", 800000, true}, {"0 km", 0, true}, {"1200 m", 1200, true},
		{"12.5km", 12500, true}, {"3 MI", 3 * units.MetersPerMile, true},
		{"500", 0, false}, {"-3 km", 0, false}, {"x km", 0, false}, {"5 yards", 0, false}, {"", 0, false}, {"NaN km", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseDistance(tc.in)
		if (err == nil) != tc.ok || (tc.ok && math.Abs(got-tc.want) > 1e-9) {
			t.Errorf("ParseDistance(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestIntegerPercent(t *testing.T) {
	c, err := Parse([]byte("[rules]\nweekly_increase_pct = 15\n"), "x.toml")
	if err != nil || c.Analysis.IncreasePct != 15 {
		t.Fatalf("got %v, %v", c, err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want not-exist", err)
	}
}

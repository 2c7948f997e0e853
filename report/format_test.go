package report

import (
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/units"
)

func TestUnits(t *testing.T) {
	mi, err := parseUnits("mi")
	if err != nil {
		t.Fatal(err)
	}
	km, err := parseUnits("km")
	if err != nil {
		t.Fatal(err)
	}
	def, err := parseUnits("")
	if err != nil || def != mi {
		t.Fatalf(`parseUnits("") = %v, %v; want miles`, def, err)
	}
	for _, bad := range []string{"MI", "miles", "m", "furlongs"} {
		if _, err := parseUnits(bad); err == nil {
			t.Errorf("parseUnits(%q) succeeded", bad)
		}
	}

	tests := []struct {
		name string
		got  string
		want string
	}{
		{"one mile", mi.Dist(units.MetersPerMile), "1.0 mi"},
		{"marathon in mi", mi.Dist(42195), "26.2 mi"},
		{"marathon in km", km.Dist(42195), "42.2 km"},
		{"zero", km.Dist(0), "0.0 km"},
		{"rounds half up", km.Num(12350), "12.4"},
		{"300 mi in km", km.Num(482803.2), "482.8"},
		{"gain", mi.SignedDist(3218.688), "+2.0 mi"},
		{"loss", km.SignedDist(-400), "-0.4 km"},
		{"tiny loss is no change, not -0.0", km.SignedNum(-20), "0.0"},
		{"pace 5:00/km", pace(km, 25*time.Minute, 5000), "5:00/km"},
		{"pace per mile", pace(mi, 8*time.Minute+3*time.Second, units.MetersPerMile), "8:03/mi"},
		{"pace rounds seconds, no 60", pace(km, 5*time.Minute+59*time.Second+700*time.Millisecond, 1000), "6:00/km"},
		{"pace without distance", pace(km, time.Hour, 0), dash},
		{"pace without time", pace(km, 0, 5000), dash},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"hms over an hour", hms(time.Hour + 2*time.Minute + 3*time.Second), "1:02:03"},
		{"hms under an hour", hms(42*time.Minute + 10*time.Second), "42:10"},
		{"hms rounds", hms(59*time.Second + 600*time.Millisecond), "1:00"},
		{"hms zero", hms(0), dash},
		{"pct up", pct(23.45), "+23.5%"},
		{"pct down", pct(-4.54), "-4.5%"},
		{"pct zero", pct(-0.01), "0.0%"},
		{"pct just over 10 stays over", pct(10.04), "+10.0%"},
		{"pct nil", pctPtr(nil), dash},
		{"pctAbove needs one decimal", units.SignedPctAbove(23.45, 10), "+23.5%"},
		{"pctAbove keeps a rise over the rule visible", units.SignedPctAbove(10.04, 10), "+10.04%"},
		{"pctAbove beyond four decimals stays above", units.SignedPctAbove(10.000001, 10), "+10.000001%"},
		{"pctAbove below the rule is plain", units.SignedPctAbove(9.99, 10), "+10.0%"},
		{"pctAbove fall", units.SignedPctAbove(-12.34, 10), "-12.3%"},
		{"ratio", ratio(1.5), "1.50"},
		{"ratio nil", ratioPtr(nil), dash},
		{"load", load(121.5), "122"},
		{"bpm", bpm(152), "152"},
		{"bpm unknown", bpm(0), dash},
		{"date", date(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)), "2026-03-09"},
		{"date zero", date(time.Time{}), dash},
		{"day date", dayDate(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)), "Mon 2026-03-09"},
		{"sport", sportName("trail_running"), "trail running"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Pegasus 40", "Pegasus 40"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"cr\r\nlf", "cr \nlf"},
		{"bell\x07 nul\x00 esc\x1b", "bell\uFFFD nul\uFFFD esc\uFFFD"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"c1 \u0085 del \x7f", "c1 \uFFFD del \uFFFD"},
		{"emoji 🏃 ok, é too", "emoji 🏃 ok, é too"},
	}
	for _, tc := range tests {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The days of a return after a break are whole days, as in the flag's
// message ("your first run after 201 days"), not rounded up.
func TestMeasureDaysAreWholeDays(t *testing.T) {
	u, _ := parseUnits("km")
	for _, tc := range []struct {
		v    float64
		want string
	}{{201.53, "201 days"}, {30.99, "30 days"}, {45, "45 days"}} {
		if got := measure("days", tc.v, 30, u); !strings.HasPrefix(got, tc.want+" since") {
			t.Errorf("measure(days, %v) = %q, want %q…", tc.v, got, tc.want)
		}
	}
}

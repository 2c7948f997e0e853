package units

import (
	"strings"
	"testing"
	"time"
)

func TestDist(t *testing.T) {
	tests := []struct {
		name   string
		sys    System
		m      float64
		want   string
		signed string
	}{
		{"one mile", Miles, MetersPerMile, "1.0 mi", "+1.0 mi"},
		{"twelve miles", Miles, 19312.128, "12.0 mi", "+12.0 mi"},
		{"zero", Miles, 0, "0.0 mi", "0.0 mi"},
		{"tiny negative is not -0.0", Kilometres, -20, "0.0 km", "0.0 km"},
		{"negative", Kilometres, -400, "-0.4 km", "-0.4 km"},
		{"half away from zero", Kilometres, 1250, "1.3 km", "+1.3 km"},
		{"marathon km", Kilometres, 42195, "42.2 km", "+42.2 km"},
		{"marathon mi", Miles, 42195, "26.2 mi", "+26.2 mi"},
		{"default shoe warn mark", Miles, 300 * MetersPerMile, "300.0 mi", "+300.0 mi"},
		{"zero System is miles", "", MetersPerMile, "1.0 mi", "+1.0 mi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.sys.Dist(tc.m); got != tc.want {
				t.Errorf("Dist(%v) = %q, want %q", tc.m, got, tc.want)
			}
			if got := tc.sys.SignedDist(tc.m); got != tc.signed {
				t.Errorf("SignedDist(%v) = %q, want %q", tc.m, got, tc.signed)
			}
			if got, want := tc.sys.Num(tc.m), strings.TrimSuffix(tc.want, " "+tc.sys.Name()); got != want {
				t.Errorf("Num(%v) = %q, want %q", tc.m, got, want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    System
		wantErr bool
		of      System
	}{
		{"", Miles, false, Miles},
		{"mi", Miles, false, Miles},
		{"km", Kilometres, false, Kilometres},
		{" KM ", "", true, Kilometres},
		{"miles", "", true, Miles},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("Parse(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
		if got := Of(tc.in); got != tc.of {
			t.Errorf("Of(%q) = %q, want %q", tc.in, got, tc.of)
		}
	}
	if Miles.Long() != "miles" || Kilometres.Long() != "kilometres" {
		t.Errorf("Long: %q, %q", Miles.Long(), Kilometres.Long())
	}
}

func TestPace(t *testing.T) {
	tests := []struct {
		name string
		sys  System
		d    time.Duration
		m    float64
		want string
		ok   bool
	}{
		{"8 minute mile", Miles, 8 * time.Minute, MetersPerMile, "8:00/mi", true},
		{"5k in 25:00", Kilometres, 25 * time.Minute, 5000, "5:00/km", true},
		{"rounds seconds", Kilometres, 1234 * time.Second, 4000, "5:09/km", true},
		{"no distance", Kilometres, time.Minute, 0, "", false},
		{"no time", Miles, 0, 1000, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.sys.Pace(tc.d, tc.m)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Pace = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestPct(t *testing.T) {
	tests := []struct {
		name       string
		v, th      float64
		dec        int
		above      string
		signed     string // SignedPct(v)
		signedAbve string // SignedPctAbove(v, th)
	}{
		{"well above", 23.4, 10, 0, "23", "+23.4%", "+23.4%"},
		{"just above rounds down", 10.04, 10, 0, "10.04", "+10.0%", "+10.04%"},
		{"one decimal is enough", 10.4, 10, 0, "10.4", "+10.4%", "+10.4%"},
		{"half rounds away from zero", 12.5, 10, 0, "13", "+12.5%", "+12.5%"},
		{"far beyond the fourth decimal", 10.000001, 10, 0, "10.000001", "+10.0%", "+10.000001%"},
		{"at threshold is not stretched", 10, 10, 0, "10", "+10.0%", "+10.0%"},
		{"below threshold", 4.26, 10, 1, "4.3", "+4.3%", "+4.3%"},
		{"negative", -12.34, 10, 1, "-12.3", "-12.3%", "-12.3%"},
		{"tiny negative is not -0.0", -0.01, 10, 1, "0.0", "0.0%", "0.0%"},
		{"zero", 0, 10, 1, "0.0", "0.0%", "0.0%"},
		{"fractional rule", 12.51, 12.5, 0, "13", "+12.5%", "+12.51%"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := PctAbove(tc.v, tc.th, tc.dec); got != tc.above {
				t.Errorf("PctAbove(%v, %v, %d) = %q, want %q", tc.v, tc.th, tc.dec, got, tc.above)
			}
			if got := SignedPct(tc.v); got != tc.signed {
				t.Errorf("SignedPct(%v) = %q, want %q", tc.v, got, tc.signed)
			}
			if got := SignedPctAbove(tc.v, tc.th); got != tc.signedAbve {
				t.Errorf("SignedPctAbove(%v, %v) = %q, want %q", tc.v, tc.th, got, tc.signedAbve)
			}
		})
	}
	for v, want := range map[float64]string{10: "10", 12.5: "12.5", 25: "25", 0.1: "0.1"} {
		if got := Pct(v); got != want {
			t.Errorf("Pct(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0 runs"}, {1, "1 run"}, {2, "2 runs"}, {-1, "-1 runs"}}
	for _, tc := range tests {
		if got := Plural(tc.n, "run", "runs"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

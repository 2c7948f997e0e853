package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerminal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"runs/easy 5k.fit", "runs/easy 5k.fit"},
		{`C:\runs\Läufe März.fit`, `C:\runs\Läufe März.fit`},
		{"\x1b]0;PWNED\a\x1b[2J.fit", `\x1b]0;PWNED\a\x1b[2J.fit`},
		{"a.fit\r\x1b[K", `a.fit\r\x1b[K`},
		{"x\nFAKE: 0 errors", `x\nFAKE: 0 errors`},
		{"tab\there", `tab\there`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b2J \u0085", `c1 \u009b2J \u0085`},
		{"evil\u202Etxt.fit", `evil\u202etxt.fit`},
		{"\u2066x\u2069 \u200f", `\u2066x\u2069 \u200f`},
		{"line\u2028sep", `line\u2028sep`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"ok \uFFFD kept", "ok \uFFFD kept"},
		{"שלום 🏃", "שלום 🏃"},
	}
	for _, tc := range tests {
		if got := Terminal(tc.in); got != tc.want {
			t.Errorf("Terminal(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// No output of Terminal holds a byte or rune a terminal acts on.
func FuzzTerminal(f *testing.F) {
	f.Add("\x1b]0;PWNED\a\x1b[2J")
	f.Add("a\u202eb\xc2\x9b")
	f.Fuzz(func(t *testing.T, s string) {
		got := Terminal(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Terminal(%q) = %q: not UTF-8", s, got)
		}
		for _, r := range got {
			if needsTerminalEscape(r) {
				t.Fatalf("Terminal(%q) = %q: holds %U", s, got, r)
			}
		}
	})
}

func TestIsolate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Pegasus 40", "Pegasus 40"},
		{"Müller", "Müller"},
		{"evil\u202Eshoe", "\u2068evil\u202Eshoe\u2069"},
		{"שלום", "\u2068שלום\u2069"},
		// A PDI in the name would close the wrapper early: it is dropped.
		{"\u2069\u202Eafter", "\u2068\u202Eafter\u2069"},
		// Already isolated: unchanged, so isolating twice is harmless.
		{"\u2068evil\u202Eshoe\u2069", "\u2068evil\u202Eshoe\u2069"},
		{"\u2068a\u2069\u202Eb\u2068c\u2069", "\u2068\u2068a\u2069\u202Eb\u2068c\u2069\u2069"},
		// Balanced isolates inside are kept.
		{"\u2067x\u2069\u2069", "\u2068\u2067x\u2069\u2069"},
	}
	for _, tc := range tests {
		if got := Isolate(tc.in); got != tc.want {
			t.Errorf("Isolate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("x", 10000)
	tests := []struct {
		in    string
		limit int
		want  string
		cut   bool
	}{
		{"Pegasus 40", 60, "Pegasus 40", false},
		{strings.Repeat("a", 60), 60, strings.Repeat("a", 60), false},
		{long, 60, strings.Repeat("x", 59) + "…", true},
		{"abcdef", 4, "abc…", true},
		{"ab   cdef", 5, "ab…", true},      // no space before the ellipsis
		{"abce\u0301fgh", 5, "abc…", true}, // é as e + combining acute stays whole
		{"ab👍🏽cdef", 4, "ab…", true},       // a skin-tone modifier stays with its emoji
		{"ééééé", 3, "éé…", true},
	}
	for _, tc := range tests {
		got, cut := Shorten(tc.in, tc.limit)
		if got != tc.want || cut != tc.cut {
			t.Errorf("Shorten(%.20q, %d) = %q, %v; want %q, %v", tc.in, tc.limit, got, cut, tc.want, tc.cut)
		}
		if n := utf8.RuneCountInString(got); n > max(tc.limit, 2) {
			t.Errorf("Shorten(%.20q, %d) has %d runes", tc.in, tc.limit, n)
		}
	}
}

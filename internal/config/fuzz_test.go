package config

import (
	"errors"
	"testing"
)

// FuzzParse checks that no legwork.toml, however malformed, panics, and that
// every error is an *Error naming the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte("[athlete]\nhr_max = 190\n[[shoes]]\nname = \"a\"\nfrom = 2026-01-01\nwarn_at = \"3 mi\"\n"))
	f.Add([]byte("[rules]\ncounted_sports = []\n"))
	f.Add([]byte("[rules]\nweekly_increase_pct = nan\n[[shoes]]\nname = \"a\"\nmatch = [\"trail/[**\"]\nwarn_at = \"0 mi\"\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		c, err := Parse(doc, "f.toml")
		var ce *Error
		switch {
		case err != nil && !errors.As(err, &ce):
			t.Fatalf("error is %T, want *Error: %v", err, err)
		case err != nil && ce.Path != "f.toml":
			t.Fatalf("error names %q", ce.Path)
		case err == nil && (!(c.Analysis.IncreasePct > 0) || c.Analysis.HRRest <= 0 || len(c.Analysis.CountedSports) == 0):
			t.Fatalf("accepted an unusable config: %+v", c.Analysis)
		case err == nil:
			// No value that analyze would replace by a default (issue 7).
			for _, s := range c.Analysis.Shoes {
				if !(s.WarnAtM > 0) || !(s.ReplaceAtM >= s.WarnAtM) {
					t.Fatalf("accepted shoe limits %v, %v", s.WarnAtM, s.ReplaceAtM)
				}
			}
		}
	})
}

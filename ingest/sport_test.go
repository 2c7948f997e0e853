package ingest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSportsComplete checks that Sports() lists every Sport constant
// declared in this package, once, and that each has a display name.
func TestSportsComplete(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Sport" {
					for _, n := range vs.Names {
						declared = append(declared, n.Name)
					}
				}
			}
		}
	}
	all := Sports()
	if len(declared) != len(all) {
		t.Errorf("%d Sport constants %v, Sports() has %d: %v", len(declared), declared, len(all), all)
	}
	seen := map[Sport]bool{}
	for _, s := range all {
		if seen[s] {
			t.Errorf("%q listed twice", s)
		}
		seen[s] = true
		if l := s.Label(); l == "" || strings.ContainsAny(l, "_") {
			t.Errorf("%q has no display name (%q)", s, l)
		}
	}
	// Every sport the decoders can give is in the list.
	for _, m := range []map[string]Sport{labelSports, creatorSports} {
		for label, s := range m {
			if !seen[s] {
				t.Errorf("label %q maps to %q, not in Sports()", label, s)
			}
		}
	}
	if s := Sports(); &s[0] == &all[0] {
		t.Error("Sports() returns a shared slice")
	}
}

func TestSportLabel(t *testing.T) {
	tests := map[Sport]string{
		SportTrailRunning:     "trail running",
		SportTreadmillRunning: "treadmill running",
		SportRunning:          "running",
		"":                    "",
		"ski_touring":         "ski touring", // not a Sport legwork gives; read back from an older table
	}
	for s, want := range tests {
		if got := s.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", s, got, want)
		}
	}
}

// TestOnFoot pins the two uses of "on foot": pace is shown for the sports
// done on foot, and GPS jumps are judged at 12 m/s for those and swimming.
func TestOnFoot(t *testing.T) {
	foot := []Sport{SportRunning, SportTrailRunning, SportTreadmillRunning, SportTrackRunning, SportWalking, SportHiking}
	for _, s := range Sports() {
		if got, want := s.OnFoot(), slices.Contains(foot, s); got != want {
			t.Errorf("%q.OnFoot() = %v, want %v", s, got, want)
		}
		want := jumpSpeedOther
		if slices.Contains(foot, s) || s == SportSwimming {
			want = jumpSpeedOnFoot
		}
		if got := jumpSpeed(s); got != want {
			t.Errorf("jumpSpeed(%q) = %v, want %v", s, got, want)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo")
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"bad flag", []string{"-x"}, 2, "flag provided but not defined"},
		{"extra argument", []string{"-o", out, "more"}, 2, `unexpected argument "more"`},
		{"writes the demo", []string{"-o", out}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tc.args, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.code, tc.err)
			}
		})
	}
	for _, f := range []string{"legwork.toml", "README", "strava-export.zip"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

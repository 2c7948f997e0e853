package main

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/legwork-run/legwork/internal/outdir"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"failure", errors.New("disk full"), exitFailed},
		{"usage", usagef("--units %q: want mi or km", "x"), exitUsage},
		{"wrapped usage", fmt.Errorf("x: %w", usagef("y")), exitUsage},
		{"config", &configError{errors.New("legwork.toml:3: unknown key")}, exitUsage},
		{"foreign output", fmt.Errorf("check: %w", &outdir.ForeignError{}), exitUsage},
		{"partial", &partialError{2}, exitPartial},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := exitCode(tc.err); got != tc.want {
				t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

// exit prints an error once, prefixed with the command and escaped for
// the terminal, then a usageError's help; a partialError prints nothing.
func TestExitPrints(t *testing.T) {
	tests := []struct {
		name, cmd string
		err       error
		want      string
	}{
		{"failure", "run", errors.New("no activity found in \x1b]0;x\a"), "legwork run: no activity found in \\x1b]0;x\\a\n"},
		{"usage with help", "run", &usageError{err: errors.New("unknown flag: --bogus"), help: "Run 'legwork run --help' for usage.\n"},
			"legwork run: unknown flag: --bogus\nRun 'legwork run --help' for usage.\n"},
		{"help alone", "", &usageError{help: "Usage: …\n"}, "Usage: …\n"},
		{"config names its file", "run", &configError{errors.New("a.toml:3: x: unknown key")}, "legwork: a.toml:3: x: unknown key\n"},
		{"partial", "run", &partialError{1}, ""},
		{"nil", "run", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			exit(&b, tc.cmd, tc.err)
			if got := b.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/legwork-run/legwork/internal/outdir"
)

// Exit codes (DESIGN.md, contract).
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitPartial = 3
)

// usageError is bad usage: an unknown command or flag, a flag value out of
// range, a missing input, an --out that may not be used. Exit 2.
type usageError struct {
	err  error  // nil when help alone says it (legwork with no command)
	help string // printed after the message as it is: a hint or the usage text
}

func (e *usageError) Error() string {
	if e.err == nil {
		return "usage"
	}
	return e.err.Error()
}

func (e *usageError) Unwrap() error { return e.err }

// usagef is a usageError with a formatted message.
func usagef(format string, a ...any) error {
	return &usageError{err: fmt.Errorf(format, a...)}
}

// configError is a configuration file that cannot be used. Exit 2; its
// message names the file and line, so it is printed as "legwork: …".
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// partialError says the command finished but n inputs could not be read.
// Each was named on stderr as it was read, so it prints nothing. Exit 3.
type partialError struct{ n int }

func (e *partialError) Error() string { return fmt.Sprintf("%d inputs could not be read", e.n) }

// exitCode maps an error to the exit code of the contract: nil 0, a
// squadError the worst code of its athletes, a
// usageError, a configError or an --out holding someone else's files
// (outdir.ForeignError) 2, a partialError 3, anything else 1.
func exitCode(err error) int {
	var (
		ue *usageError
		ce *configError
		fe *outdir.ForeignError
		pe *partialError
		se *squadError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &se):
		return se.code
	case errors.As(err, &ue), errors.As(err, &ce), errors.As(err, &fe):
		return exitUsage
	case errors.As(err, &pe):
		return exitPartial
	default:
		return exitFailed
	}
}

// exit prints err once on stderr, as "legwork CMD: message" escaped for
// the terminal (it may hold names from files), followed by a usageError's
// help, and returns its exit code. cmd is "" before a command is known.
func exit(stderr io.Writer, cmd string, err error) int {
	code := exitCode(err)
	if err == nil || code == exitPartial {
		return code
	}
	prefix := "legwork"
	if ce := (*configError)(nil); cmd != "" && !errors.As(err, &ce) {
		prefix += " " + cmd
	}
	ue := (*usageError)(nil)
	if !errors.As(err, &ue) || ue.err != nil {
		printEscaped(stderr, "%s: %v", prefix, err)
	}
	if ue != nil && ue.help != "" {
		fmt.Fprint(stderr, ue.help)
	}
	return code
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// command is one legwork command: its name, the forms it is called in
// for the top-level help, its help text (the flags follow it, from
// flagDefs) and what it does once flags and configuration are parsed.
type command struct {
	name  string
	forms []form // the first is the command's main form
	help  string
	run   func(context.Context, *opts) error
}

// form is one way to call a command: its synopsis ("run [flags]
// [INPUT...]") and what it does, in lines of the top-level help.
type form struct{ synopsis, summary string }

// commands are legwork's commands in the order the help lists them.
// version, completion and help take no options and are handled apart.
var commands = []command{
	{"run", []form{{"run [flags] [INPUT...]", "read INPUT (default ./exports), analyze, write\ndata/ and the report into --out"}}, runHelp, runCmd},
	{"report", []form{{"report [flags]", "re-render the report from --out/data"}}, reportHelp, reportCmd},
	{"inspect", []form{{"inspect [flags] FILE...", "show what legwork reads from each file (- for stdin)"}}, inspectHelp, inspectCmd},
	{"shoes", []form{{"shoes [flags]", "print the shoe table from --out/data"}}, shoesHelp, shoesCmd},
	{"squad", []form{
		{"squad [flags] DIR", "a coach's squad: one athlete per subfolder of DIR,\neach run as by run, and a squad page"},
		{"squad --index-only [flags] [DIR]", "only the squad page, from the athletes' tables\nin --out (DIR, when given, says whom to list)"},
	}, squadHelp, squadCmd},
	{"version", []form{{"version", "print the version"}}, versionHelp, nil},
	{"completion", []form{{"completion bash|zsh|fish", "print a shell completion script"}}, completionHelp, nil},
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// run is the whole program: it parses args, runs one command and returns
// the exit code. Results go to stdout; logs, warnings and errors to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runHooked(ctx, args, stdout, stderr, hooks{stdin: os.Stdin})
}

// hooks lets tests inject failures and input into a command.
type hooks struct {
	// afterMove is outdir.Stage.AfterMove of the commit of the outputs.
	afterMove func(entry string) error
	// stdin is read by `inspect -`.
	stdin io.Reader
	// progress, when set, is the progress callback of `run`'s reading,
	// whatever stderr is.
	progress func(done, total int)
	// now, when not zero, replaces the clock (the report's "generated" time).
	now time.Time
	// athlete, when set, is called as each athlete of a squad starts
	// (tests inject a panic).
	athlete func(id string)
}

// runHooked is run with test hooks.
func runHooked(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) int {
	if len(args) == 0 {
		return exit(stderr, "", &usageError{help: usage()})
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "--help":
		fmt.Fprint(stdout, usage())
		return exitOK
	case "help":
		return exit(stderr, "help", helpCmd(stdout, rest))
	case "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		return exit(stderr, "", &usageError{err: fmt.Errorf("unknown command %q", name), help: "\n" + usage()})
	}
	if hasHelp(rest) {
		fmt.Fprint(stdout, commandHelp(c.name))
		return exitOK
	}
	switch c.name {
	case "version":
		return exit(stderr, c.name, versionCmd(stdout, rest))
	case "completion":
		return exit(stderr, c.name, completionCmd(stdout, rest))
	}
	o, err := parseFlags(c.name, rest, stdout, stderr)
	if err != nil {
		return exit(stderr, c.name, err)
	}
	o.hooks = h
	if !h.now.IsZero() {
		o.now = h.now
	}
	return exit(stderr, c.name, c.run(ctx, o))
}

// hasHelp reports whether args ask for help before a "--".
func hasHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// helpCmd prints the help of the command named in args, else the top-level help.
func helpCmd(stdout io.Writer, args []string) error {
	switch {
	case len(args) == 0 || len(args) == 1 && args[0] == "help":
		fmt.Fprint(stdout, usage())
	case len(args) > 1:
		return usagef("name one command (got %d arguments)", len(args))
	case lookup(args[0]) == nil:
		return &usageError{err: fmt.Errorf("unknown command %q", args[0]), help: "\n" + usage()}
	default:
		fmt.Fprint(stdout, commandHelp(args[0]))
	}
	return nil
}

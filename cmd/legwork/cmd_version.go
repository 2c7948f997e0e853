package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// versionOverride is set at build time by every build path (the Makefile's
// build target and tools/reference/check.sh):
//
//	go build -ldflags "-X main.versionOverride=$(git describe --always --dirty)"
//
// A build with GOFLAGS=-buildvcs=false or in a git worktree has no VCS
// stamp in its build info, so without it the version would read "devel".
var versionOverride string

func versionCmd(stdout io.Writer, args []string) error {
	if len(args) > 0 {
		return usagef("takes no arguments (got %q)", args[0])
	}
	fmt.Fprintf(stdout, "legwork %s\n", version())
	return nil
}

// version is versionOverride when set, else the module version or
// "devel+REVISION" from the build info, else "devel".
func version() string {
	if v := strings.TrimSpace(versionOverride); v != "" {
		return v
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return strings.TrimSpace(v)
}

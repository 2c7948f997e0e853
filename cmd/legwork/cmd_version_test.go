package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The version stamped at build time (-X main.versionOverride) is what
// `legwork version` prints and what the report's footer shows.
func TestVersionOverride(t *testing.T) {
	old := versionOverride
	versionOverride = "v9.9.9-test"
	defer func() { versionOverride = old }()

	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"version"}, &stdout, io.Discard); code != exitOK || stdout.String() != "legwork v9.9.9-test\n" {
		t.Fatalf("exit %d, stdout %q", code, stdout.String())
	}
	out := t.TempDir()
	args := []string{"run", "-q", "--as-of", "2026-11-25", "-o", out, "../../testdata/demo/garmin"}
	if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("run: exit %d", code)
	}
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "Made by legwork v9.9.9-test.") {
		t.Error("report.md footer lacks the version")
	}
}

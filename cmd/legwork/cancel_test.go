package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A run cancelled while it reads (SIGINT and SIGTERM cancel ctx in main)
// exits 1 and writes nothing; here the context is cancelled as soon as the
// first file is read. ingest's TestReadCancelDuringDecode shows Read
// returning within a second while a decoder is still busy.
func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	for i, name := range []string{"a.fit", "b.fit", "c.fit"} {
		writeRun(t, filepath.Join(dir, name), start.AddDate(0, 0, i), 40*time.Minute)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	h := hooks{progress: func(done, total int) { cancel() }}
	code := runHooked(ctx, []string{"run", "--as-of", "2026-11-25", "-o", out, dir}, &stdout, &stderr, h)
	if code != exitFailed {
		t.Errorf("exit %d; stderr %s", code, stderr.String())
	}
	for _, p := range []string{"report.html", "report.md", "data"} {
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("a cancelled run wrote %s", p)
		}
	}
}

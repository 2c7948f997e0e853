package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A cancelled run (SIGINT and SIGTERM cancel ctx in main) stops within a
// second even while a large file is being decoded, exits 1 and writes
// nothing.
func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="gen" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>`)
	t0 := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	for i := range 300_000 {
		fmt.Fprintf(&b, `<trkpt lat="%.6f" lon="13.4"><time>%s</time></trkpt>`, 52.5+0.000027*float64(i%1000), t0.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString(`</trkseg></trk></gpx>`)
	big := filepath.Join(dir, "big.gpx")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run(ctx, []string{"run", "-o", out, big}, &stdout, &stderr)
	if d := time.Since(start); code != exitFailed || d > 1300*time.Millisecond {
		t.Errorf("exit %d after %v; stderr %s", code, d, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "report.html")); err == nil {
		t.Error("a cancelled run wrote report.html")
	}
}

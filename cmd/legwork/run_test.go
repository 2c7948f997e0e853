package main

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/legwork-run/legwork/store"
)

// A run stopped by Ctrl-C (a cancelled context) exits 1 and leaves the
// previous outputs byte for byte.
func TestCancelledRunKeepsOutputs(t *testing.T) {
	out := t.TempDir()
	args := []string{"run", "-q", "--as-of", "2026-11-25", "-o", out, "../../testdata/demo/garmin"}
	if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
		t.Fatalf("first run: exit %d", code)
	}
	before := tree(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	if code := run(ctx, append(args[:len(args)-1], "../../testdata/demo"), io.Discard, &stderr); code != exitFailed {
		t.Fatalf("cancelled run: exit %d, want %d (%s)", code, exitFailed, stderr.String())
	}
	after := tree(t, out)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed by the cancelled run", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("cancelled run left %d files, had %d", len(after), len(before))
	}
}

// A second run on the same --out waits for the lock and then stops with a
// clear message.
func TestSecondRunWaitsForLock(t *testing.T) {
	out := t.TempDir()
	unlock, err := store.Lock(context.Background(), out, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var stderr bytes.Buffer
	code := run(ctx, []string{"run", "--as-of", "2026-11-25", "-o", out, "../../testdata/demo/garmin"}, io.Discard, &stderr)
	if code != exitFailed || stderr.Len() == 0 {
		t.Fatalf("exit %d, stderr %q; want exit 1 with a message", code, stderr.String())
	}
}

package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	out := t.TempDir()
	ctx := context.Background()
	unlock, err := Lock(ctx, out, 0)
	if err != nil {
		t.Fatal(err)
	}

	// A second Lock (a second open file, as another process would have) fails at once...
	if _, err := Lock(ctx, out, 0); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock: err = %v, want ErrLocked", err)
	} else if want := "another legwork run is writing " + out; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	// ...or after its wait...
	start := time.Now()
	_, err = Lock(ctx, out, 300*time.Millisecond)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "(waited 300ms)") {
		t.Errorf("Lock with a wait: err = %v, want ErrLocked after waiting 300ms", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("gave up after %v, want 300ms", waited)
	}

	// ...or when its context is cancelled, with the context's error.
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = Lock(cctx, out, time.Minute)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrLocked) {
		t.Errorf("Lock with a cancelled context: err = %v, want the context's error", err)
	}

	// A waiting Lock gets it once the holder unlocks.
	go func() {
		time.Sleep(150 * time.Millisecond)
		unlock()
	}()
	unlock2, err := Lock(ctx, out, 10*time.Second)
	if err != nil {
		t.Fatalf("waiting Lock: %v", err)
	}
	if err := unlock2(); err != nil {
		t.Fatal(err)
	}

	// Unlocked: free again.
	unlock3, err := Lock(ctx, out, 0)
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlock3()
}

func TestLockCreatesDir(t *testing.T) {
	out := t.TempDir() + "/new/out"
	unlock, err := Lock(context.Background(), out, 0)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
}

package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// LockFile is the name of the lock file that Lock creates in the output
// directory. It is left in place after unlocking.
const LockFile = ".legwork.lock"

// ErrLocked is the error (wrapped, with the directory) of a Lock that could
// not get the lock within its wait.
var ErrLocked = errors.New("another legwork run is writing")

// lockPoll is how often a waiting Lock tries again.
const lockPoll = 100 * time.Millisecond

// Lock takes the exclusive lock of the output directory out (an flock on
// out/.legwork.lock, creating out if needed), so that two runs never write
// the same outputs at once. If another process holds it, Lock tries again
// every 100 ms for up to wait (0: not at all) and then fails with an error
// that matches ErrLocked and reads "another legwork run is writing <out>";
// if ctx is done first it returns ctx's error. The lock is released by
// unlock, or by the operating system when the process ends, so a killed
// run leaves no stale lock.
func Lock(ctx context.Context, out string, wait time.Duration) (unlock func() error, err error) {
	if err := os.MkdirAll(out, 0o777); err != nil {
		return nil, fmt.Errorf("lock %s: %w", out, err)
	}
	fl := flock.New(filepath.Join(out, LockFile))
	ok, err := fl.TryLock()
	if err == nil && !ok && wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, wait)
		ok, err = fl.TryLockContext(wctx, lockPoll)
		cancel()
		if !ok && errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = nil // waited the whole wait: locked, not failed
		}
	}
	switch {
	case ok:
		return fl.Unlock, nil
	case err != nil && ctx.Err() != nil:
		return nil, fmt.Errorf("wait for the lock on %s: %w", out, ctx.Err())
	case err != nil:
		return nil, fmt.Errorf("lock %s: %w", out, err)
	case wait > 0:
		return nil, fmt.Errorf("%w %s (waited %s)", ErrLocked, out, wait)
	default:
		return nil, fmt.Errorf("%w %s", ErrLocked, out)
	}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/outdir"
	"github.com/legwork-run/legwork/store"
)

// The entries a run's commit moves into place, in order.
var commitEntries = []string{"charts", "data", "report.html", "report.md", outdir.ManifestFile}

// smallInput copies the last 12 files of the demo's Garmin folder (the
// weeks before 2026-11-25) into a new folder, to keep the tests quick.
func smallInput(t *testing.T) string {
	t.Helper()
	const demo = "../../testdata/demo/garmin"
	entries, err := os.ReadDir(demo)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, e := range entries[max(0, len(entries)-12):] {
		b, err := os.ReadFile(filepath.Join(demo, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runArgs(out, asOf string, inputs ...string) []string {
	return append([]string{"run", "-q", "--as-of", asOf, "-o", out}, inputs...)
}

// mustRun runs legwork and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) {
	t.Helper()
	var stderr bytes.Buffer
	if code := run(context.Background(), args, io.Discard, &stderr); code != exitOK {
		t.Fatalf("legwork %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
	}
}

var (
	mdAsOf   = regexp.MustCompile(`As of \*\*\w+ (\d{4}-\d\d-\d\d)\*\*`)
	htmlAsOf = regexp.MustCompile(`As of <strong>\w+ (\d{4}-\d\d-\d\d)</strong>`)
	jsonAsOf = regexp.MustCompile(`"as_of": "(\d{4}-\d\d-\d\d)"`)
)

// checkOneRun checks that every output in out is of the run whose outputs
// are in ref, as of asOf: run.json, report.md and report.html show asOf,
// and the tables and charts are those of ref byte for byte; and that no
// journal or staging directory is left.
func checkOneRun(t *testing.T, out, ref, asOf string) {
	t.Helper()
	for _, c := range []struct {
		file string
		re   *regexp.Regexp
	}{{"data/run.json", jsonAsOf}, {"report.md", mdAsOf}, {"report.html", htmlAsOf}} {
		b, err := os.ReadFile(filepath.Join(out, c.file))
		if err != nil {
			t.Error(err)
			continue
		}
		if m := c.re.FindSubmatch(b); m == nil || string(m[1]) != asOf {
			t.Errorf("%s: as of %q, want %s", c.file, m, asOf)
		}
	}
	for _, dir := range []string{"data", "charts"} {
		want, got := dirFiles(t, filepath.Join(ref, dir)), dirFiles(t, filepath.Join(out, dir))
		// What changed since the run before depends on that run, not only on this one.
		delete(want, store.ChangesFile)
		delete(got, store.ChangesFile)
		if len(got) != len(want) {
			t.Errorf("%s/ holds %d files, want %d", dir, len(got), len(want))
		}
		for name, b := range want {
			if name != store.RunFile && !bytes.Equal(got[name], b) {
				t.Errorf("%s/%s is not the one of the run as of %s", dir, name, asOf)
			}
		}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == outdir.JournalFile || strings.HasPrefix(e.Name(), ".legwork-stage-") {
			t.Errorf("%s left in --out", e.Name())
		}
	}
}

func dirFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// A run that fails while its outputs are being put in place (after the
// tables, after the charts, … injected after each move) exits 1, says the
// previous outputs are untouched, and leaves them byte for byte: tables,
// run.json, reports and charts of the previous run.
func TestFailedCommitKeepsPreviousRun(t *testing.T) {
	demoGarmin := smallInput(t)
	for _, failAt := range commitEntries {
		t.Run(failAt, func(t *testing.T) {
			out := t.TempDir()
			mustRun(t, runArgs(out, "2026-11-18", demoGarmin)...)
			before := tree(t, out)
			var stderr bytes.Buffer
			h := hooks{afterMove: func(e string) error {
				if e == failAt {
					return fmt.Errorf("disk full (injected after %s)", e)
				}
				return nil
			}}
			code := runHooked(context.Background(), runArgs(out, "2026-11-25", demoGarmin), io.Discard, &stderr, h)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d: %s", code, exitFailed, stderr.String())
			}
			if !strings.Contains(stderr.String(), "disk full") || !strings.Contains(stderr.String(), "previous outputs untouched") {
				t.Errorf("stderr %q: want the cause and 'previous outputs untouched'", stderr.String())
			}
			after := tree(t, out)
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("%s changed by the failed run", name)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok {
					t.Errorf("failed run left %s", name)
				}
			}
		})
	}
}

// errKilled is what the crash hook panics with.
var errKilled = errors.New("killed")

// crashRun runs legwork with a hook that stops it dead (a panic that skips
// every cleanup of the commit, as SIGKILL would) after the entry crashAt
// is moved into place.
func crashRun(t *testing.T, args []string, crashAt string) {
	t.Helper()
	defer func() {
		if p := recover(); p != errKilled {
			t.Fatalf("run was not stopped by the hook (recovered %v)", p)
		}
	}()
	h := hooks{afterMove: func(e string) error {
		if e == crashAt {
			panic(errKilled)
		}
		return nil
	}}
	runHooked(context.Background(), args, io.Discard, io.Discard, h)
}

// A run killed in the middle of putting its outputs in place leaves a
// journal; readers already see the new tables, and the next legwork
// command (a run, even one that then fails, or legwork report) finishes
// the commit before anything else, so that all outputs are of the killed
// run, as one.
func TestKilledCommitIsRolledForward(t *testing.T) {
	demoGarmin := smallInput(t)
	ref := t.TempDir()
	mustRun(t, runArgs(ref, "2026-11-25", demoGarmin)...)
	next := map[string][]string{
		"report":      {"report", "-q", "-o"},
		"run":         {"run", "-q", "--as-of", "2026-11-25", "-o"},
		"failing run": {"run", "-q", "--as-of", "2026-11-25", "-o"}, // over an empty folder: exit 1
	}
	for _, crashAt := range commitEntries {
		for name, args := range next {
			t.Run(crashAt+"/"+name, func(t *testing.T) {
				t.Parallel()
				out := t.TempDir()
				mustRun(t, runArgs(out, "2026-11-18", demoGarmin)...)
				crashRun(t, runArgs(out, "2026-11-25", demoGarmin), crashAt)
				if _, err := os.Stat(filepath.Join(out, outdir.JournalFile)); err != nil {
					t.Fatalf("no journal after the crash: %v", err)
				}
				// A reader that takes no lock sees the killed run's tables.
				res, err := store.Read(out)
				if err != nil {
					t.Fatal(err)
				}
				if got := res.AsOf.Format("2006-01-02"); got != "2026-11-25" {
					t.Errorf("store.Read after the crash: as of %s, want 2026-11-25", got)
				}
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), []string{"shoes", "-o", out}, &stdout, &stderr); code != exitOK {
					t.Errorf("legwork shoes after the crash: exit %d: %s", code, stderr.String())
				}

				args := append(append([]string{}, args...), out)
				want := exitOK
				switch name {
				case "run":
					args = append(args, demoGarmin)
				case "failing run":
					args, want = append(args, t.TempDir()), exitFailed
				}
				stderr.Reset()
				if code := run(context.Background(), args, io.Discard, &stderr); code != want {
					t.Fatalf("legwork %s: exit %d, want %d: %s", name, code, want, stderr.String())
				}
				checkOneRun(t, out, ref, "2026-11-25")
			})
		}
	}
}

// legwork report replaces report.html, report.md and charts/ together too.
func TestFailedReportKeepsPreviousReport(t *testing.T) {
	demoGarmin := smallInput(t)
	out := t.TempDir()
	mustRun(t, runArgs(out, "2026-11-25", demoGarmin)...)
	before := tree(t, out)
	var stderr bytes.Buffer
	h := hooks{afterMove: func(e string) error {
		if e == "report.html" {
			return errors.New("injected")
		}
		return nil
	}}
	if code := runHooked(context.Background(), []string{"report", "--units", "km", "-o", out}, io.Discard, &stderr, h); code != exitFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitFailed, stderr.String())
	}
	after := tree(t, out)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed by the failed report", name)
		}
	}
	mustRun(t, "report", "-q", "--units", "km", "-o", out)
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("kilometres")) || !bytes.Contains(html, []byte(" km")) {
		t.Error("legwork report --units km did not replace both reports")
	}
}

// TestLegworkProcess is legwork itself when LEGWORK_ARGS is set (separated by U+001F
// arguments): TestSIGKILLLeavesOneRun runs it as a process to kill.
func TestLegworkProcess(t *testing.T) {
	args := os.Getenv("LEGWORK_ARGS")
	if args == "" {
		t.Skip("only as a child process")
	}
	os.Exit(run(context.Background(), strings.Split(args, "\x1f"), io.Discard, io.Discard))
}

// Runs killed with SIGKILL at random moments leave, once the next legwork
// command has recovered and tidied (outdir.Recover, Check, Tidy), outputs of one run: the one that
// a reader (store.Read) saw right after the kill.
func TestSIGKILLLeavesOneRun(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	in := smallInput(t)
	dates := []string{"2026-11-18", "2026-11-25"}
	refs := map[string]string{}
	for _, d := range dates {
		refs[d] = t.TempDir()
		mustRun(t, runArgs(refs[d], d, in)...)
	}
	out := t.TempDir()
	mustRun(t, runArgs(out, dates[0], in)...)
	start := time.Now()
	mustRun(t, runArgs(out, dates[1], in)...)
	full := time.Since(start)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 24 {
		asOf := dates[i%2]
		cmd := exec.Command(os.Args[0], "-test.run=^TestLegworkProcess$")
		cmd.Env = append(os.Environ(), "LEGWORK_ARGS="+strings.Join(runArgs(out, asOf, in), "\x1f"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The child also starts up as a test binary: give it up to twice a
		// whole run plus that.
		time.Sleep(time.Duration(rng.Int64N(int64(2*full + 20*time.Millisecond))))
		cmd.Process.Kill()
		cmd.Wait()
		res, err := store.Read(out)
		if err != nil {
			t.Fatalf("kill %d: store.Read: %v", i, err)
		}
		seen := res.AsOf.Format("2006-01-02")
		// What the next legwork command does first.
		if err := outdir.Recover(out); err != nil {
			t.Fatalf("kill %d: Recover: %v", i, err)
		}
		if err := outdir.Check(out); err != nil {
			t.Fatalf("kill %d: Check: %v", i, err)
		}
		if err := outdir.Tidy(out); err != nil {
			t.Fatalf("kill %d: Tidy: %v", i, err)
		}
		checkOneRun(t, out, refs[seen], seen)
		if t.Failed() {
			t.Fatalf("kill %d (as of %s, after %d tries): outputs of more than one run", i, asOf, i)
		}
	}
	mustRun(t, runArgs(out, dates[1], in)...)
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); strings.Contains(n, ".tmp-") || strings.HasPrefix(n, ".legwork-stage-") || strings.HasPrefix(n, ".data.") {
			t.Errorf("%s left after a successful run", n)
		}
	}
}

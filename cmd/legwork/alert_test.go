package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/fitfile"
	"github.com/legwork-run/legwork/store"
)

// writeRun writes a generated FIT run (3 m/s) of dur starting at start.
func writeRun(t *testing.T, path string, start time.Time, dur time.Duration) {
	t.Helper()
	b, _ := fitfile.Run(start, dur, fitfile.RunOptions{})
	if err := os.WriteFile(path, b, 0o666); err != nil {
		t.Fatal(err)
	}
}

// legwork runs the command line and returns its stdout; it fails the test
// on an exit code other than want.
func legwork(t *testing.T, want int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != want {
		t.Fatalf("legwork %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// TestAlertNewFlag is the nightly story of issue 9: a first run alerts
// nothing; a new file that makes the week 17% longer than the one before
// alerts exactly that flag, once; removing the file clears it, and the
// report says so.
func TestAlertNewFlag(t *testing.T) {
	dir := t.TempDir()
	runs, out := filepath.Join(dir, "runs"), filepath.Join(dir, "out")
	if err := os.Mkdir(runs, 0o777); err != nil {
		t.Fatal(err)
	}
	// A heart rate that is always below hr_rest gives no training load,
	// so the only flag the extra run raises is the weekly distance one.
	cfg := filepath.Join(dir, "legwork.toml")
	if err := os.WriteFile(cfg, []byte("[athlete]\nhr_max = 220\nhr_rest = 200\ntimezone = \"UTC\"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	// Two weeks of three 30-minute runs (5.4 km each): 16.2 km a week.
	mon := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	for _, d := range []int{0, 2, 4, 7, 9, 11} {
		writeRun(t, filepath.Join(runs, mon.AddDate(0, 0, d).Format("2006-01-02")+".fit"), mon.AddDate(0, 0, d), 30*time.Minute)
	}
	args := func(extra ...string) []string {
		return append([]string{"run", "-q", "-c", cfg, "--as-of", "2026-11-15", "--units", "km", "-o", out}, append(extra, runs)...)
	}

	if got := legwork(t, exitOK, args("--alert", "info")...); got != "" {
		t.Errorf("first run into an empty --out alerted:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(out, "data", store.ChangesFile)); err == nil {
		t.Error("a first run wrote data/changes.json")
	}

	// Saturday of the second week: 15 minutes more, 18.9 km, +16.7%.
	extra := filepath.Join(runs, "2026-11-14.fit")
	writeRun(t, extra, mon.AddDate(0, 0, 12), 15*time.Minute)
	if got := legwork(t, exitOK, args("--alert", "high")...); got != "" {
		t.Errorf("--alert high printed a caution flag:\n%s", got)
	}
	// The flag is new since the run before only once: --alert high saw it
	// already. Remove it and add it back for --alert caution to see it new.
	os.Remove(extra)
	legwork(t, exitOK, args()...)
	writeRun(t, extra, mon.AddDate(0, 0, 12), 15*time.Minute)
	want := "2026-11-09 caution weekly distance +17% (+2.7 km over 16.2 km): the 10% rule allows 17.8 km; make next week lighter, or at most as long as this one\n"
	if got := legwork(t, exitOK, args("--alert", "caution")...); got != want {
		t.Errorf("new flag: got\n%s\nwant\n%s", got, want)
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if !bytes.Contains(md, []byte("## Since the last report")) || !bytes.Contains(md, []byte("1 activity added, 1 new flag (caution)")) {
		t.Errorf("report.md does not list the new flag:\n%s", md)
	}

	// The next night, nothing new: no alert.
	if got := legwork(t, exitOK, args("--alert", "caution")...); got != "" {
		t.Errorf("rerun with nothing new alerted:\n%s", got)
	}
	md, _ = os.ReadFile(filepath.Join(out, "report.md"))
	if !bytes.Contains(md, []byte("No changes since the report as of")) {
		t.Errorf("report.md after a rerun with nothing new:\n%s", md)
	}

	// Remove the file: the flag clears, no alert, and the report lists it
	// as cleared, also when re-rendered by legwork report.
	os.Remove(extra)
	if got := legwork(t, exitOK, args("--alert", "info")...); got != "" {
		t.Errorf("a cleared flag alerted:\n%s", got)
	}
	for _, render := range []bool{false, true} {
		if render {
			legwork(t, exitOK, "report", "-q", "-c", cfg, "--units", "km", "-o", out)
		}
		md, _ = os.ReadFile(filepath.Join(out, "report.md"))
		html, _ := os.ReadFile(filepath.Join(out, "report.html"))
		for _, s := range []string{"1 activity removed, 1 flag cleared", "Cleared flags:", "Weekly distance jump · week of 2026-11-09"} {
			if !bytes.Contains(md, []byte(s)) {
				t.Errorf("report.md (re-rendered %v) lacks %q", render, s)
			}
		}
		if !bytes.Contains(html, []byte("<h3>Cleared flags</h3>")) {
			t.Errorf("report.html (re-rendered %v) lacks the cleared flags", render)
		}
	}
}

// The summary line says what changed, and nothing on a first run.
func TestSummarySinceLastReport(t *testing.T) {
	dir := t.TempDir()
	runs, out := filepath.Join(dir, "runs"), filepath.Join(dir, "out")
	os.Mkdir(runs, 0o777)
	mon := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	writeRun(t, filepath.Join(runs, "a.fit"), mon, 20*time.Minute)
	args := []string{"run", "--tz", "UTC", "--as-of", "2026-11-15", "-o", out, runs}
	if got := legwork(t, exitOK, args...); strings.Contains(got, "since the last report") {
		t.Errorf("first run:\n%s", got)
	}
	writeRun(t, filepath.Join(runs, "b.fit"), mon.AddDate(0, 0, 2), 20*time.Minute)
	if got := legwork(t, exitOK, args...); !strings.Contains(got, "since the last report: 1 activity added\n") {
		t.Errorf("second run:\n%s", got)
	}
	if got := legwork(t, exitOK, args...); !strings.Contains(got, "since the last report: no changes\n") {
		t.Errorf("third run:\n%s", got)
	}
}

func TestAlertBadLevel(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"run", "--alert", "urgent", "-o", t.TempDir(), t.TempDir()}, io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), `--alert "urgent"`) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// A name from the configuration or a file reaches the terminal escaped in
// an alert line: a shoe named with an escape sequence and a newline cannot
// recolour the terminal or fake a second line.
func TestAlertEscapesNames(t *testing.T) {
	dir := t.TempDir()
	runs, out := filepath.Join(dir, "runs"), filepath.Join(dir, "out")
	os.Mkdir(runs, 0o777)
	mon := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	writeRun(t, filepath.Join(runs, "a.fit"), mon, 20*time.Minute)
	cfg := filepath.Join(dir, "legwork.toml")
	os.WriteFile(cfg, []byte("[athlete]\ntimezone = \"UTC\"\n"), 0o666)
	args := []string{"run", "-q", "--alert", "caution", "-c", cfg, "--as-of", "2026-11-15", "-o", out, runs}
	legwork(t, exitOK, args...)
	// A shoe that already had 600 mi (and now the run's 2.2) is due for replacement: a new flag.
	toml := "[athlete]\ntimezone = \"UTC\"\n\n[[shoes]]\nname = \"Evil\\u001b[31m\\nFAKE\"\nfrom = 2026-01-01\nstart_distance = \"600 mi\"\n"
	os.WriteFile(cfg, []byte(toml), 0o666)
	got := legwork(t, exitOK, args...)
	want := `shoe Evil\x1b[31m\nFAKE at 602.2 mi, past the 500.0 mi replacement mark; replace the shoes`
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, want) || strings.Contains(got, "\x1b") {
		t.Errorf("got %q, want one line with %q", got, want)
	}
}

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileNames are archive member names that would act on a terminal if
// printed raw: set the window title and clear the screen, hide the line
// (CR, erase line), print a fake line, reorder the rest of the line
// (U+202E), or start a C1 control sequence (U+009B is CSI).
var hostileNames = []string{
	"\x1b]0;PWNED\a\x1b[2J.fit",
	"hide\r\x1b[K.fit",
	"fake\nFAKE: 0 errors.fit",
	"evil\u202Etif.fit",
	"csi\u009b2J.gpx",
	"del\x7f\ttab.gpx",
}

// hostileZip writes a zip whose members have hostile names: the first holds
// a real FIT run, the others garbage, so that names show up in the summary,
// the inspect table and the error lines alike.
func hostileZip(t *testing.T) string {
	t.Helper()
	fit, err := os.ReadFile("../../testdata/demo/garmin/2026-05-26-06-52-34.fit")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i, name := range hostileNames {
		w, err := zw.Create("runs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body := []byte("not a watch file\n")
		if i == 0 {
			body = fit
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(p, b.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkTerminal fails when out holds anything a terminal acts on, or a line
// a name forged.
func checkTerminal(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: not UTF-8", what)
	}
	for _, r := range out {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u202E' || r == '\u2028' {
			t.Errorf("%s: raw %U in output:\n%s", what, r, out)
			return
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "FAKE") {
			t.Errorf("%s: a name printed a line of its own: %q", what, line)
		}
	}
}

func TestHostileNamesEscaped(t *testing.T) {
	zipPath := hostileZip(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "legwork.toml")
	// A shoe whose name holds the same tricks, matched to every run.
	toml := "[[shoes]]\nname = \"Shoe\\u001b[31mRED\\u202E\\nFAKE: shoe\\u0007\"\nmatch = [\"**\"]\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o666); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx := context.Background()

	var stdout, stderr bytes.Buffer
	// -v: slog's text handler quotes values with control characters (one
	// Debug/Info line per file, naming it); checked here too.
	code := run(ctx, []string{"run", "-v", "-c", cfg, "--as-of", "2026-05-31", "-o", out, zipPath}, &stdout, &stderr)
	if code != exitPartial {
		t.Fatalf("run: exit %d, want %d\n%s%s", code, exitPartial, stdout.String(), stderr.String())
	}
	checkTerminal(t, "run stdout", stdout.String())
	checkTerminal(t, "run stderr", stderr.String())
	// The names are still there, escaped.
	for _, want := range []string{`hide\r\x1b[K.fit`, `fake\nFAKE: 0 errors.fit`, `evil\u202etif.fit`, `csi\u009b2J.gpx`, `del\x7f\ttab.gpx`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("run stderr does not name %s:\n%s", want, stderr.String())
		}
	}

	stdout.Reset()
	stderr.Reset()
	if code := run(ctx, []string{"shoes", "-c", cfg, "-o", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("shoes: exit %d\n%s", code, stderr.String())
	}
	checkTerminal(t, "shoes stdout", stdout.String())
	if want := `Shoe\x1b[31mRED\u202e\nFAKE: shoe\a`; !strings.Contains(stdout.String(), want) {
		t.Errorf("shoes stdout does not show %s:\n%s", want, stdout.String())
	}

	for _, args := range [][]string{
		{"inspect", "-c", cfg, zipPath},
		{"inspect", "-c", cfg, "--json", zipPath},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run(ctx, args, &stdout, &stderr); code != exitPartial {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
		checkTerminal(t, strings.Join(args[:2], " ")+" stdout", stdout.String())
		checkTerminal(t, strings.Join(args[:2], " ")+" stderr", stderr.String())
		if !strings.Contains(stdout.String(), `PWNED`) {
			t.Errorf("%v: the FIT member is not listed:\n%s", args, stdout.String())
		}
	}
}

// A very long shoe name is shortened in the terminal table.
func TestShoesTableShortensNames(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "legwork.toml")
	name := strings.Repeat("Pegasus ", 1250) // 10,000 characters
	if err := os.WriteFile(cfg, []byte("[[shoes]]\nname = \""+name+"\"\nmatch = [\"**\"]\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"run", "-q", "-c", cfg, "--as-of", "2026-05-31", "-o", out, "../../testdata/demo/garmin"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, stderr.String())
	}
	stdout.Reset()
	if code := run(ctx, []string{"shoes", "-c", cfg, "-o", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("shoes: exit %d\n%s", code, stderr.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if n := utf8.RuneCountInString(line); n > 200 {
			t.Errorf("shoes line of %d characters: %.80q…", n, line)
		}
	}
	if !strings.Contains(stdout.String(), "Pegasus Peg…") {
		t.Errorf("no shortened name:\n%s", stdout.String())
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/store"
)

// fixedNow is the clock of the squad tests, so that "generated at" is
// the same in every output.
var fixedNow = time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC)

// markupID is an athlete folder name that needs escaping everywhere.
const markupID = `o'brien <i>&"x" *y*`

// markupName is that athlete's [athlete] name, full of markup.
const markupName = `<script>alert(1)</script> & *Bo* | [x](http://e.com) <!--`

// makeSquad writes a squad folder: a good athlete with a name, one whose
// config is bad, one with only unreadable files, one whose id and name
// need escaping, and one without a configuration.
func makeSquad(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	demo := "../../testdata/demo"
	toml, err := os.ReadFile(filepath.Join(demo, "legwork.toml"))
	if err != nil {
		t.Fatal(err)
	}
	named := strings.Replace(string(toml), "[athlete]\n", "[athlete]\nname = \"Alex Runner\"\n", 1)
	copyTree(t, filepath.Join(demo, "garmin"), filepath.Join(dir, "alex", "garmin"))
	copyTree(t, filepath.Join(demo, "trail"), filepath.Join(dir, "alex", "trail"))
	write(t, filepath.Join(dir, "alex", "legwork.toml"), named)

	copyTree(t, filepath.Join(demo, "trail"), filepath.Join(dir, "badcfg"))
	write(t, filepath.Join(dir, "badcfg", "legwork.toml"), "[athlete]\nbogus = 1\n")

	write(t, filepath.Join(dir, "broken", "a.fit"), "not a fit file")
	write(t, filepath.Join(dir, "broken", "b.gpx"), "<gpx")

	copyTree(t, filepath.Join(demo, "gpx"), filepath.Join(dir, markupID))
	write(t, filepath.Join(dir, markupID, "legwork.toml"), "[athlete]\nname = '''"+markupName+"'''\ntimezone = \"America/New_York\"\n")

	copyTree(t, filepath.Join(demo, "trail"), filepath.Join(dir, "noname"))
	write(t, filepath.Join(dir, "README.txt"), "a file beside the athletes is not an athlete")
	return dir
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o666); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// runAt runs legwork with the fixed clock and returns its exit code and
// stdout and stderr.
func runAt(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runHooked(context.Background(), args, &stdout, &stderr, hooks{stdin: os.Stdin, now: fixedNow})
	return code, stdout.String(), stderr.String()
}

// tree is every file under dir by slash path, without the lock files.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == store.LockFile {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTrees(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s missing", what, name)
		} else if !bytes.Equal(g, want[name]) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is extra", what, name)
		}
	}
}

func TestSquad(t *testing.T) {
	dir := makeSquad(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runAt(t, "squad", "--as-of", "2026-11-25", "-o", out, dir)
	// badcfg's configuration is the worst problem (2), before broken's
	// unreadable files (3).
	if code != exitUsage {
		t.Fatalf("squad: exit %d, want %d\nstderr:\n%s", code, exitUsage, stderr)
	}
	for _, want := range []string{"badcfg: legwork squad: ", "legwork.toml:2: athlete.bogus: unknown key", "broken: a.fit: fit: ", "broken: b.gpx:1: gpx: "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "alex:") || strings.Contains(stderr, "noname:") {
		t.Errorf("good athletes named on stderr:\n%s", stderr)
	}
	if !strings.Contains(stdout, "alex: read ") || !strings.Contains(stdout, "wrote "+filepath.Join(out, "index.html")) {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "athlete=badcfg")); err == nil {
		t.Error("badcfg has outputs")
	}
	if _, err := os.Stat(filepath.Join(out, "athlete=README.txt")); err == nil {
		t.Error("a file was taken for an athlete")
	}

	// Each athlete's outputs are byte for byte those of legwork run.
	for _, id := range []string{"alex", markupID, "broken", "noname"} {
		single := filepath.Join(t.TempDir(), "single")
		args := []string{"run", "-q", "--as-of", "2026-11-25", "-o", single}
		if cfg := filepath.Join(dir, id, "legwork.toml"); fileExists(cfg) {
			args = append(args, "-c", cfg)
		}
		c, _, e := runAt(t, append(args, filepath.Join(dir, id))...)
		if c != exitOK && c != exitPartial {
			t.Fatalf("run %s: exit %d: %s", id, c, e)
		}
		got, want := tree(t, filepath.Join(out, "athlete="+id)), tree(t, single)
		if id == "noname" || id == "broken" {
			// Without a name, the squad heads the report with the id and
			// run with "legwork report": only the tables are compared.
			for name := range got {
				if !strings.HasPrefix(name, "data/") {
					delete(got, name)
					delete(want, name)
				}
			}
			if !bytes.Contains(tree(t, filepath.Join(out, "athlete="+id))["report.md"], []byte("# "+id+"\n")) {
				t.Errorf("%s's report is not headed by its id", id)
			}
		}
		sameTrees(t, id, got, want)
	}

	idx := tree(t, out)
	html, md := string(idx["index.html"]), string(idx["index.md"])
	for _, s := range []string{html, md} {
		for _, bad := range []string{"<script>", "<i>", "<!--"} {
			if strings.Contains(s, bad) {
				t.Errorf("squad page holds %q unescaped", bad)
			}
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Bo*") || !strings.Contains(html, `href="./athlete=o%27brien%20%3Ci%3E&amp;%22x%22%20%2Ay%2A/report.html"`) &&
		!strings.Contains(html, `href="./athlete=o%27brien%20%3Ci%3E&amp;%22x%22%20*y*/report.html"`) {
		t.Errorf("index.html: markup athlete not escaped as expected:\n%s", html)
	}
	if !strings.Contains(md, `&lt;script&gt;alert(1)&lt;/script&gt; &amp; \*Bo\* \| \[x\](http&#58;//e.com)`) {
		t.Errorf("index.md: markup name not escaped as expected:\n%s", md)
	}
	// worst first: the failed athlete, then by flags; every athlete listed
	iBad, iAlex, iNoName := strings.Index(md, "[badcfg]"), strings.Index(md, "[Alex Runner]"), strings.Index(md, "[noname]")
	if iBad < 0 || iAlex < 0 || iNoName < 0 || iBad > iAlex {
		t.Errorf("index.md order or rows wrong:\n%s", md)
	}
	if !strings.Contains(md, "unknown key") || !strings.Contains(html, "unknown key") {
		t.Error("the bad configuration is not on the squad page")
	}
	if !strings.Contains(md, "./athlete=alex/report.html") {
		t.Errorf("no link to alex's report:\n%s", md)
	}

	// Shards 1/2 and 2/2, then --index-only, give what one process gave.
	out2 := filepath.Join(t.TempDir(), "out")
	c1, _, _ := runAt(t, "squad", "-q", "--as-of", "2026-11-25", "--shard", "1/2", "-o", out2, dir)
	c2, _, _ := runAt(t, "squad", "-q", "--as-of", "2026-11-25", "--shard", "2/2", "-o", out2, dir)
	if worse(c1, c2) != exitUsage {
		t.Errorf("shards exit %d and %d, want the worse to be 2", c1, c2)
	}
	if _, err := os.Stat(filepath.Join(out2, "index.html")); err == nil {
		t.Error("a shard wrote the squad page")
	}
	c3, _, e3 := runAt(t, "squad", "--index-only", "-o", out2, dir)
	if c3 != exitOK {
		t.Fatalf("--index-only: exit %d: %s", c3, e3)
	}
	got2 := tree(t, out2)
	sameTrees(t, "shards", got2, tree(t, out))

	// --index-only without DIR lists the athletes found in --out.
	c4, _, e4 := runAt(t, "squad", "-q", "--index-only", "-o", out2)
	if c4 != exitOK || !bytes.Equal(tree(t, out2)["index.md"], idx["index.md"]) {
		t.Errorf("--index-only without DIR: exit %d (%s), or index.md differs", c4, e4)
	}

	// A rerun replaces the squad's own files.
	if code, _, stderr := runAt(t, "squad", "-q", "--as-of", "2026-11-25", "-o", out, dir); code != exitUsage {
		t.Errorf("rerun: exit %d: %s", code, stderr)
	}
	sameTrees(t, "rerun", tree(t, out), idx)
}

func TestSquadUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no dir", []string{"squad"}, "name one squad folder"},
		{"two dirs", []string{"squad", dir, dir}, "name one squad folder"},
		{"shard zero", []string{"squad", "--shard", "0/2", dir}, "--shard"},
		{"shard above", []string{"squad", "--shard", "3/2", dir}, "--shard"},
		{"shard word", []string{"squad", "--shard", "a/b", dir}, "--shard"},
		{"shard no slash", []string{"squad", "--shard", "2", dir}, "--shard"},
		{"shard and index", []string{"squad", "--shard", "1/2", "--index-only", dir}, "cannot be used together"},
		{"alert", []string{"squad", "--alert", "loud", dir}, "--alert"},
		{"missing dir", []string{"squad", filepath.Join(dir, "nope")}, "squad folder"},
		{"out is the squad", []string{"squad", "-o", dir, dir}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runAt(t, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tc.msg)
			}
		})
	}
}

// A foreign index.html in --out is refused, and nothing is run.
func TestSquadForeignIndex(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "x.gpx"), "<gpx")
	out := t.TempDir()
	write(t, filepath.Join(out, "index.html"), "<p>mine</p>")
	code, _, stderr := runAt(t, "squad", "-o", out, dir)
	if code != exitUsage || !strings.Contains(stderr, "index.html was not written by legwork") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// A panic inside one athlete's run is that athlete's failure, named with
// its id; the others still run.
func TestSquadPanicIsolated(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../testdata/demo/trail", filepath.Join(dir, "good"))
	copyTree(t, "../../testdata/demo/trail", filepath.Join(dir, "boom"))
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	h := hooks{now: fixedNow, afterMove: func(entry string) error {
		return nil
	}}
	o, err := parseFlags("squad", []string{"--as-of", "2026-11-25", "-o", out, dir}, io.Discard, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	o.hooks = h
	o.now = fixedNow
	o.hooks.athlete = func(id string) {
		if id == "boom" {
			panic("kaboom")
		}
	}
	code := exitCode(squadCmd(context.Background(), o))
	if code != exitFailed || !strings.Contains(stderr.String(), "boom: legwork squad: athlete boom: internal error (panic): kaboom") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "athlete=good", "report.html")); err != nil {
		t.Error("the good athlete did not run:", err)
	}
	if md, _ := os.ReadFile(filepath.Join(out, "index.md")); !bytes.Contains(md, []byte("kaboom")) {
		t.Errorf("index.md does not name the panic:\n%s", md)
	}
}

// A folder name that cannot be a partition value is that athlete's usage
// error (exit 2), named on stderr and on the squad page; the others run.
func TestSquadBadID(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../testdata/demo/trail", filepath.Join(dir, "ok"))
	copyTree(t, "../../testdata/demo/trail", filepath.Join(dir, "x=y"))
	copyTree(t, "../../testdata/demo/trail", filepath.Join(dir, ".hidden"))
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runAt(t, "squad", "-q", "--as-of", "2026-11-25", "-o", out, dir)
	if code != exitUsage || !strings.Contains(stderr, `x=y: legwork squad: athlete folder "x=y": the name holds one of / \ % =`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "athlete=ok", "report.html")); err != nil {
		t.Error(err)
	}
	md, _ := os.ReadFile(filepath.Join(out, "index.md"))
	if !bytes.Contains(md, []byte("x=y")) || bytes.Contains(md, []byte("hidden")) {
		t.Errorf("index.md:\n%s", md)
	}
}

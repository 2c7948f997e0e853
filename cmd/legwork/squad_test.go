package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/legwork-run/legwork/internal/outdir"
	"github.com/legwork-run/legwork/internal/safetext"
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

// tree is every file under dir by slash path relative to dir, without the
// lock files.
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
			// Without an [athlete] name the squad heads the report with the
			// id, where legwork run uses no title ("legwork report"): that
			// heading is the only difference.
			md, html := string(got["report.md"]), string(got["report.html"])
			if !strings.HasPrefix(md, "# "+id+" — week of ") {
				t.Errorf("%s's report.md is not headed by its id:\n%.200s", id, md)
			}
			if !strings.Contains(html, "<h1><bdi>"+id+"</bdi></h1>") || !strings.Contains(html, "<title>"+safetext.Isolate(id)+" — week of ") {
				t.Errorf("%s's report.html is not headed by its id", id)
			}
			retitle := strings.NewReplacer(
				"# legwork report — week of", "# "+id+" — week of",
				"<h1><bdi>legwork report</bdi></h1>", "<h1><bdi>"+id+"</bdi></h1>",
				"<title>"+safetext.Isolate("legwork report")+" — week of", "<title>"+safetext.Isolate(id)+" — week of")
			for _, name := range []string{"report.md", "report.html"} {
				want[name] = []byte(retitle.Replace(string(want[name])))
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

	// A rerun with nothing new changes nothing but what says so.
	if code, _, stderr := runAt(t, "squad", "-q", "--as-of", "2026-11-25", "-o", out, dir); code != exitUsage {
		t.Errorf("rerun: exit %d: %s", code, stderr)
	}
	sameRerun(t, tree(t, out), idx)
}

// sameRerun checks the outputs of a squad rerun with nothing new (got)
// against those of the run before (was): the tables, charts, caches and
// run records are byte for byte the same; each athlete gains a
// data/changes.json with no changes, and its reports a "Since the last
// report" section saying so and nothing else; the status records and the
// squad page count 0 new flags where the first run had none to compare
// with.
func sameRerun(t *testing.T, got, was map[string][]byte) {
	t.Helper()
	const since = "## Since the last report\n\nNo changes since the report as of Wed 2026-11-25.\n\n"
	want := maps.Clone(was)
	athletes := 0
	for name, b := range was {
		dir, file, _ := strings.Cut(name, "/")
		switch {
		case strings.HasPrefix(dir, "athlete=") && file == "report.md":
			athletes++
			// The same report with the section added, once.
			if g := string(got[name]); strings.Count(g, since) == 1 && strings.Replace(g, since, "", 1) == string(b) {
				want[name] = got[name]
			}
			want[dir+"/data/changes.json"] = []byte(`{
  "version": 1,
  "prev_as_of": "2026-11-25T00:00:00Z",
  "added": [],
  "removed": [],
  "new_flags": [],
  "cleared_flags": [],
  "shoes": []
}
`)
			want[dir+"/.legwork"] = bytes.Replace(was[dir+"/.legwork"], []byte("    \"data/flags.parquet\",\n"), []byte("    \"data/changes.json\",\n    \"data/flags.parquet\",\n"), 1)
		case strings.HasPrefix(dir, "athlete=") && file == "report.html":
			// The same page with the section and its link in the menu, once.
			g := string(got[name])
			link := "<a href=\"#since\">Since last report</a>\n"
			section := "<section id=\"since\">\n<h2>Since the last report</h2>\n<p class=\"none\">No changes since the report as of Wed 2026-11-25.</p>\n</section>\n\n"
			if strings.Count(g, link) == 1 && strings.Count(g, section) == 1 && strings.NewReplacer(link, "", section, "").Replace(g) == string(b) {
				want[name] = got[name]
			}
		case dir == statusDir:
			// badcfg failed, and has still nothing to compare with
			if !bytes.Contains(b, []byte(`"athlete": "badcfg"`)) {
				want[name] = bytes.Replace(b, []byte(`"new_flags": -1`), []byte(`"new_flags": 0`), 1)
			}
		case name == "index.md" || name == "index.html":
			// the "New" column: "—" (nothing to compare with) becomes "0 new"
			old, now := regexp.MustCompile(`\| — (\| \d+ \|)$`), "| 0 new $1"
			if name == "index.html" {
				old, now = regexp.MustCompile(`<td data-l="New">—</td>`), `<td data-l="New">0 new</td>`
			}
			lines, n := strings.Split(string(b), "\n"), 0
			for i, l := range lines {
				if !strings.Contains(l, "badcfg") && old.MatchString(l) {
					lines[i] = old.ReplaceAllString(l, now)
					n++
				}
			}
			if n != 4 {
				t.Errorf("first run: %s has %d athletes with nothing new to compare with, want 4", name, n)
			}
			want[name] = []byte(strings.Join(lines, "\n"))
		}
	}
	if athletes != 4 {
		t.Errorf("rerun: %d athlete reports, want 4", athletes)
	}
	sameTrees(t, "rerun", got, want)
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

// TestSquadAlert is the nightly squad story: a first run alerts nothing;
// a new file that gives one athlete a new caution flag alerts exactly that
// flag, after the athlete's name, even with -q, and the squad page counts
// it; the next night, nothing new, nothing printed.
func TestSquadAlert(t *testing.T) {
	dir := t.TempDir()
	squad, out := filepath.Join(dir, "squad"), filepath.Join(dir, "out")
	// A heart rate always below hr_rest gives no training load, so the
	// only flag the extra run raises is the weekly distance one.
	const cfg = "hr_max = 220\nhr_rest = 200\ntimezone = \"UTC\"\n"
	write(t, filepath.Join(squad, "ann", "legwork.toml"), "[athlete]\nname = \"Ann Lee\"\n"+cfg)
	write(t, filepath.Join(squad, "bob", "legwork.toml"), "[athlete]\n"+cfg)
	// Two weeks of three 30-minute runs (5.4 km each) for both.
	mon := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	for _, id := range []string{"ann", "bob"} {
		for _, d := range []int{0, 2, 4, 7, 9, 11} {
			day := mon.AddDate(0, 0, d)
			writeRun(t, filepath.Join(squad, id, day.Format("2006-01-02")+".fit"), day, 30*time.Minute)
		}
	}
	squadRun := func() string {
		t.Helper()
		code, stdout, stderr := runAt(t, "squad", "-q", "--alert", "caution", "--units", "km", "--as-of", "2026-11-15", "-o", out, squad)
		if code != exitOK || stderr != "" {
			t.Fatalf("squad: exit %d, stderr:\n%s", code, stderr)
		}
		return stdout
	}
	newCol := func() (ann, bob string) {
		t.Helper()
		md, err := os.ReadFile(filepath.Join(out, "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(md), "\n") {
			cells := strings.Split(l, " | ")
			if len(cells) < 3 {
				continue
			}
			switch newCell := cells[len(cells)-2]; {
			case strings.HasPrefix(l, "| [Ann Lee]"):
				ann = newCell
			case strings.HasPrefix(l, "| [bob]"):
				bob = newCell
			}
		}
		return ann, bob
	}

	if got := squadRun(); got != "" {
		t.Errorf("first squad run alerted:\n%s", got)
	}
	if ann, bob := newCol(); ann != "—" || bob != "—" {
		t.Errorf("first run: new column %q and %q, want — (nothing to compare with)", ann, bob)
	}

	// Saturday of Ann's second week: 15 minutes more, 18.9 km, +16.7%.
	writeRun(t, filepath.Join(squad, "ann", "2026-11-14.fit"), mon.AddDate(0, 0, 12), 15*time.Minute)
	want := "Ann Lee: 2026-11-09 caution weekly distance +17% (+2.7 km over 16.2 km): the 10% rule allows 17.8 km; make next week lighter, or at most as long as this one\n"
	if got := squadRun(); got != want {
		t.Errorf("new flag: got\n%s\nwant\n%s", got, want)
	}
	if ann, bob := newCol(); ann != "1 new" || bob != "0 new" {
		t.Errorf("new column %q and %q, want 1 new and 0 new", ann, bob)
	}
	if html, _ := os.ReadFile(filepath.Join(out, "index.html")); bytes.Count(html, []byte(`<td data-l="New">1 new</td>`)) != 1 {
		t.Errorf("index.html does not count the new flag once")
	}
	if st, ok := readStatus(out, "ann"); !ok || st.New != 1 {
		t.Errorf("ann's status: %+v (read %v), want 1 new flag", st, ok)
	}
	if st, ok := readStatus(out, "bob"); !ok || st.New != 0 {
		t.Errorf("bob's status: %+v (read %v), want 0 new flags", st, ok)
	}

	// The next night, nothing new: nothing printed.
	if got := squadRun(); got != "" {
		t.Errorf("rerun with nothing new alerted:\n%s", got)
	}
	if ann, bob := newCol(); ann != "0 new" || bob != "0 new" {
		t.Errorf("third run: new column %q and %q, want 0 new", ann, bob)
	}
}

// A squad killed while putting its squad page in place leaves a pending
// commit; the next squad (with or without --index-only) rolls it forward,
// as a run does, instead of refusing the half-moved page as foreign.
func TestSquadKilledIndexCommitIsRolledForward(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../testdata/demo/trail", filepath.Join(dir, "ann"))
	for name, next := range map[string][]string{
		"squad":      {"squad", "-q", "--as-of", "2026-11-25", "-o"},
		"index-only": {"squad", "-q", "--index-only", "-o"},
		"shard":      {"squad", "-q", "--as-of", "2026-11-25", "--shard", "1/1", "-o"},
	} {
		t.Run(name, func(t *testing.T) {
			for _, crashAt := range []string{"index.html", "index.md"} {
				out := t.TempDir()
				crashRun(t, []string{"squad", "-q", "--as-of", "2026-11-25", "-o", out, dir}, crashAt)
				if _, err := os.Stat(filepath.Join(out, outdir.JournalFile)); err != nil {
					t.Fatalf("crash at %s: no journal: %v", crashAt, err)
				}
				code, _, stderr := runAt(t, append(next, out, dir)...)
				if code != exitOK {
					t.Fatalf("crash at %s: legwork %s: exit %d: %s", crashAt, strings.Join(next, " "), code, stderr)
				}
				if _, err := os.Stat(filepath.Join(out, outdir.JournalFile)); err == nil {
					t.Errorf("crash at %s: journal left", crashAt)
				}
				if err := outdir.CheckSquad(out); err != nil {
					t.Errorf("crash at %s: %v", crashAt, err)
				}
				for _, f := range []string{"index.html", "index.md"} {
					if _, err := os.Stat(filepath.Join(out, f)); err != nil {
						t.Errorf("crash at %s: %v", crashAt, err)
					}
				}
			}
		})
	}
}

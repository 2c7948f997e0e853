package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const runJSON = `{"version": 1, "as_of": "2026-11-25T00:00:00Z"}`

// build creates the files of tree under dir: a name ending in "/" is a
// directory, "->target" content a symbolic link.
func build(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	for name, content := range tree {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o777); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheck(t *testing.T) {
	legacy := map[string]string{
		"data/run.json": runJSON, "data/activities.parquet": "x", "data/weeks.parquet": "x",
		"charts/weekly-distance.svg": "<svg/>", "charts/shoes.svg": "<svg/>",
		"report.html": "<!doctype html>\n<meta name=\"generator\" content=\"legwork v1.0.0\">",
		"report.md":   "# Training report\n\nMade by legwork devel. Every number…\n",
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range legacy {
			m[k] = v
		}
		for k, v := range extra {
			if v == "" && !strings.HasSuffix(k, "/") {
				delete(m, k)
				continue
			}
			m[k] = v
		}
		return m
	}
	manifested := map[string]string{
		ManifestFile:    `{"version": 1, "files": ["data/", "data/run.json", "data/new.parquet", "report.md"]}`,
		"data/run.json": "anything", "data/new.parquet": "x", "report.md": "edited by hand",
	}
	tests := []struct {
		name string
		tree map[string]string
		want string // the ForeignError's path relative to out, "" for none
	}{
		{"empty", nil, ""},
		{"other files are none of legwork's business", map[string]string{"README.md": "hi", "src/main.go": "x"}, ""},
		{"an older legwork's outputs", legacy, ""},
		{"temporary files in them", with(map[string]string{"data/.run.json.tmp-abcdefgh23": "x", "charts/.shoes.svg.tmp-abcdefgh23": "x"}), ""},
		{"watch files in data", map[string]string{"data/a.fit": "x", "data/b.fit": "x"}, "data/"},
		{"a budget beside run.json", with(map[string]string{"data/budget.xlsx": "x"}), "data/budget.xlsx"},
		{"the tables as CSV", with(map[string]string{"data/activities.csv": "x", "data/flags.csv": "x"}), ""},
		{"another CSV beside run.json", with(map[string]string{"data/budget.csv": "x"}), "data/budget.csv"},
		{"a thesis folder in data", with(map[string]string{"data/thesis/ch1.tex": "x"}), "data/thesis"},
		{"a run.json that is not legwork's", with(map[string]string{"data/run.json": `{"name": "x"}`}), "data/run.json"},
		{"a logo in charts", with(map[string]string{"charts/logo.svg": "x"}), "charts/logo.svg"},
		{"someone's report.html", with(map[string]string{"report.html": "<html>mine</html>"}), "report.html"},
		{"someone's report.md", with(map[string]string{"report.md": "# notes"}), "report.md"},
		{"a cache folder", with(map[string]string{"cache/": ""}), "cache/"},
		{"legwork's cache", with(map[string]string{"cache/ingest.bin": cacheMarker + "…"}), ""},
		{"someone's ingest.bin", with(map[string]string{"cache/ingest.bin": "mine"}), "cache/ingest.bin"},
		{"more in the cache", with(map[string]string{"cache/ingest.bin": cacheMarker, "cache/notes.txt": "x"}), "cache/notes.txt"},
		{"a plain file named charts", map[string]string{"charts": "x"}, "charts"},
		{"a file named data", map[string]string{"data": "x"}, "data"},
		{"data linked to a folder elsewhere", map[string]string{"elsewhere/run.json": runJSON, "data": "->elsewhere"}, "data"},
		{"the manifest lists them", manifested, ""},
		{"a file the manifest does not list", func() map[string]string {
			m := map[string]string{"data/extra.csv": "x"}
			for k, v := range manifested {
				m[k] = v
			}
			return m
		}(), "data/extra.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			build(t, out, tc.tree)
			err := Check(out)
			var fe *ForeignError
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Check: %v, want nil", err)
			case tc.want != "" && !errors.As(err, &fe):
				t.Fatalf("Check: %v, want a *ForeignError for %s", err, tc.want)
			case tc.want != "":
				want := filepath.Join(out, filepath.FromSlash(tc.want))
				if strings.HasSuffix(tc.want, "/") {
					want += string(filepath.Separator)
				}
				if fe.Path != want {
					t.Fatalf("Check names %s, want %s", fe.Path, want)
				}
			}
		})
	}
	if err := Check(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Errorf("Check of a missing --out: %v", err)
	}
}

// stageRun stages outputs whose files all say content.
func stageRun(t *testing.T, out, content string) *Stage {
	t.Helper()
	st, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"data/run.json", "data/activities.parquet", "charts/shoes.svg", "report.md", "report.html"} {
		if err := st.WriteFile(f, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// contents returns the content of every output file in out, or "missing".
func contents(out string) map[string]string {
	m := map[string]string{}
	for _, f := range []string{"data/run.json", "data/activities.parquet", "charts/shoes.svg", "report.md", "report.html"} {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f)))
		if err != nil {
			m[f] = "missing"
			continue
		}
		m[f] = string(b)
	}
	return m
}

func allAre(t *testing.T, out, want string) {
	t.Helper()
	for f, c := range contents(out) {
		if c != want {
			t.Errorf("%s is %q, want %q", f, c, want)
		}
	}
}

func TestCommit(t *testing.T) {
	out := t.TempDir()
	if err := stageRun(t, out, "one").Commit(); err != nil {
		t.Fatal(err)
	}
	allAre(t, out, "one")
	if err := Check(out); err != nil {
		t.Fatalf("Check after a commit: %v", err)
	}
	if err := stageRun(t, out, "two").Commit(); err != nil {
		t.Fatal(err)
	}
	allAre(t, out, "two")
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{ManifestFile, "charts", "data", "report.html", "report.md"}; !slices.Equal(names, want) {
		t.Errorf("--out holds %v, want %v", names, want)
	}

	// Re-rendering the report alone keeps data/ and its place in the manifest.
	st, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("report.md", []byte("three")); err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := Check(out); err != nil {
		t.Fatalf("Check after committing the report alone: %v", err)
	}
	if got := contents(out)["data/run.json"]; got != "two" {
		t.Errorf("data/run.json is %q after committing the report alone", got)
	}
}

var errKilled = errors.New("killed")

// A commit killed after any of its moves (simulated by a hook that panics,
// which skips all of Commit's cleanup) is finished by Recover; until then
// DataDir shows readers the new tables.
func TestRecoverRollsForward(t *testing.T) {
	for _, crashAt := range []string{"", "charts", "data", "report.html", "report.md", ManifestFile} {
		t.Run("after "+crashAt, func(t *testing.T) {
			out := t.TempDir()
			if err := stageRun(t, out, "old").Commit(); err != nil {
				t.Fatal(err)
			}
			st := stageRun(t, out, "new")
			if crashAt == "" {
				// Killed just after the journal was written.
				if err := st.writeManifest(); err != nil {
					t.Fatal(err)
				}
				entries, _ := st.entries()
				if err := st.writeJournal(entries); err != nil {
					t.Fatal(err)
				}
			} else {
				st.AfterMove = func(e string) error {
					if e == crashAt {
						panic(errKilled)
					}
					return nil
				}
				func() {
					defer func() { recover() }()
					st.Commit()
				}()
			}
			if b, err := os.ReadFile(filepath.Join(DataDir(out), "run.json")); err != nil || string(b) != "new" {
				t.Errorf("DataDir during the pending commit: run.json %q, %v; want new", b, err)
			}
			if err := Recover(out); err != nil {
				t.Fatal(err)
			}
			allAre(t, out, "new")
			if err := Check(out); err != nil {
				t.Errorf("Check after Recover: %v", err)
			}
			for _, p := range []string{JournalFile, filepath.Base(st.dir)} {
				if _, err := os.Stat(filepath.Join(out, p)); err == nil {
					t.Errorf("%s left after Recover", p)
				}
			}
		})
	}
}

// A journal whose stage is gone (killed after removing... the journal is
// removed first, but a user may delete the stage) is removed.
func TestRecoverStaleJournal(t *testing.T) {
	out := t.TempDir()
	build(t, out, map[string]string{JournalFile: `{"stage": ".legwork-stage-abcdefgh23", "entries": ["data"]}`})
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, JournalFile)); err == nil {
		t.Error("journal left")
	}
	build(t, out, map[string]string{JournalFile: `{"stage": "../../etc", "entries": ["data"]}`})
	if err := Recover(out); err == nil {
		t.Error("Recover accepted a journal pointing outside --out")
	}
}

// A commit whose move fails is undone: the previous outputs are in place.
func TestCommitRollsBack(t *testing.T) {
	for _, failAt := range []string{"charts", "data", "report.html", "report.md", ManifestFile} {
		t.Run(failAt, func(t *testing.T) {
			out := t.TempDir()
			if err := stageRun(t, out, "old").Commit(); err != nil {
				t.Fatal(err)
			}
			manifest, _ := os.ReadFile(filepath.Join(out, ManifestFile))
			st := stageRun(t, out, "new")
			st.AfterMove = func(e string) error {
				if e == failAt {
					return errors.New("injected")
				}
				return nil
			}
			if err := st.Commit(); err == nil || errors.Is(err, ErrPending) {
				t.Fatalf("Commit: %v, want the injected error", err)
			}
			allAre(t, out, "old")
			if b, _ := os.ReadFile(filepath.Join(out, ManifestFile)); string(b) != string(manifest) {
				t.Error("manifest changed")
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 5 {
				t.Errorf("--out holds %d entries after the rollback, want 5", len(entries))
			}
		})
	}
}

func TestTidy(t *testing.T) {
	out := t.TempDir()
	removed := []string{
		".report.html.tmp-abcdefgh23", ".report.md.tmp-abcdefgh23", "..legwork.tmp-abcdefgh23",
		"..legwork-commit.tmp-abcdefgh23", ".legwork-stage-abcdefgh23/data/run.json", ".data.new-abcdefgh23/x",
		"charts/.shoes.svg.tmp-abcdefgh23", "data/.run.json.tmp-abcdefgh23",
	}
	kept := []string{
		".report.html.tmp-mine", ".notes.txt.tmp-abcdefgh23", "report.html.tmp-abcdefgh23",
		".legwork-stage-mine/x", ".data.new-mine/x", "charts/shoes.svg", "data/run.json", "notes.txt",
	}
	tree := map[string]string{}
	for _, p := range append(slices.Clone(removed), kept...) {
		tree[p] = "x"
	}
	build(t, out, tree)
	if err := Tidy(out); err != nil {
		t.Fatal(err)
	}
	for _, p := range removed {
		if top, _, _ := strings.Cut(p, "/"); strings.HasPrefix(top, ".") {
			p = top // a whole temporary directory
		}
		if _, err := os.Stat(filepath.Join(out, p)); err == nil {
			t.Errorf("%s not removed", p)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s removed", p)
		}
	}
}

// The data/ of an older legwork killed between its two renames is restored.
func TestRecoverDataOld(t *testing.T) {
	out := t.TempDir()
	build(t, out, map[string]string{".data.old/run.json": runJSON})
	if got := DataDir(out); got != filepath.Join(out, ".data.old") {
		t.Errorf("DataDir = %s, want .data.old", got)
	}
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "data", "run.json")); err != nil {
		t.Error(err)
	}
	build(t, out, map[string]string{".data.old/run.json": "older"})
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, ".data.old")); err == nil {
		t.Error(".data.old left beside data/")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "data", "run.json")); string(b) != runJSON {
		t.Error("data/ replaced by .data.old")
	}
}

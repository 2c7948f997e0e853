package outdir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/legwork-run/legwork/internal/atomicfile"
)

// Names at the top level of the output directory.
const (
	// ManifestFile lists what legwork wrote (see the package doc).
	ManifestFile = ".legwork"
	// JournalFile exists while a commit is in progress.
	JournalFile = ".legwork-commit"
	stagePrefix = ".legwork-stage-"
	prevDir     = "prev"
)

// Outputs are the top-level names that Check guards: legwork may replace
// them only when it wrote them.
var Outputs = []string{"data", "cache", "charts", "report.html", "report.md"}

// SquadOutputs are the top-level names of a squad's --out (legwork squad):
// its squad page. Check leaves them alone (a run's --out may hold an
// index.html of its owner's); CheckSquad guards them, and a Stage lists
// them in the manifest when it writes them or when the manifest listed
// them before.
var SquadOutputs = []string{"index.html", "index.md"}

// legacyCharts are the chart file names legwork writes (and older versions
// wrote): a charts/ without a record may hold only these.
var legacyCharts = []string{"weekly-distance.svg", "weekly-load.svg", "weekly-acwr.svg", "shoes.svg"}

// tableCSVs are the CSV files of the tables that legwork run --csv writes
// into data/ beside the Parquet files.
var tableCSVs = []string{"activities.csv", "weeks.csv", "shoes.csv", "flags.csv"}

// tempName matches atomicfile's temporary names: ".<base>.tmp-<random>".
var tempName = regexp.MustCompile(`^\..+\.tmp-[a-z2-7]{10}$`)

// stageName matches the staging directories of Stage (and the random suffix
// of atomicfile's temporary directories).
var (
	stageName   = regexp.MustCompile(`^` + regexp.QuoteMeta(stagePrefix) + `[a-z2-7]{10}$`)
	dataNewName = regexp.MustCompile(`^\.data\.new-[a-z2-7]{10}$`)
)

// ForeignError is Check's error for an output path that legwork did not
// write.
type ForeignError struct {
	Path string // the path as given (under the --out given), "w/data/" for a directory
	Why  string // "holds 78 files and no run.json of legwork's"
}

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s was not written by legwork (%s); legwork replaces only its own outputs: choose another --out, or move it away", e.Path, e.Why)
}

type manifest struct {
	Version int      `json:"version"`
	Files   []string `json:"files"` // slash paths relative to --out; directories end in "/"
}

const manifestVersion = 1

// readManifest returns the manifest's paths, or nil when there is none or
// it cannot be read (then only the legacy markers count).
func readManifest(out string) map[string]bool {
	b, err := os.ReadFile(filepath.Join(out, ManifestFile))
	if err != nil {
		return nil
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || m.Version != manifestVersion {
		return nil
	}
	set := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		set[f] = true
	}
	return set
}

// Check returns a *ForeignError for the first of Outputs in out that
// legwork did not write, nil when all are legwork's or absent, or another
// error when out cannot be read. Call Recover first when a commit may be
// pending.
func Check(out string) error {
	return check(out, Outputs, true)
}

// CheckSquad returns a *ForeignError for the first of SquadOutputs in out
// that the manifest does not list, nil when all are legwork's or absent,
// or another error when out cannot be read.
func CheckSquad(out string) error {
	return check(out, SquadOutputs, false)
}

// check checks names in out against the manifest and, with legacy, lets
// checkLegacy recognize what a legwork without a manifest wrote.
func check(out string, names []string, legacy bool) error {
	listed := readManifest(out)
	for _, name := range names {
		p := filepath.Join(out, name)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		errListed := checkListed(p, name, fi, listed)
		if errListed == nil {
			continue
		}
		if !legacy {
			return errListed
		}
		if err := checkLegacy(p, name, fi); err != nil {
			if listed != nil {
				return errListed // the manifest is what legwork wrote last
			}
			return err
		}
	}
	return nil
}

// checkListed checks one output against the manifest.
func checkListed(p, name string, fi fs.FileInfo, listed map[string]bool) error {
	if fi.Mode().IsRegular() {
		if listed[name] {
			return nil
		}
		return &ForeignError{Path: p, Why: "not in " + ManifestFile}
	}
	if !fi.IsDir() || !listed[name+"/"] {
		return &ForeignError{Path: p + string(filepath.Separator), Why: "not in " + ManifestFile}
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if tempName.MatchString(e.Name()) && e.Type().IsRegular() {
			continue
		}
		if !e.Type().IsRegular() || !listed[name+"/"+e.Name()] {
			return &ForeignError{Path: filepath.Join(p, e.Name()), Why: "not in " + ManifestFile}
		}
	}
	return nil
}

// checkLegacy recognizes the outputs of a legwork that wrote no manifest.
func checkLegacy(p, name string, fi fs.FileInfo) error {
	dirPath := p + string(filepath.Separator)
	switch name {
	case "report.html", "report.md":
		if !fi.Mode().IsRegular() {
			return &ForeignError{Path: p, Why: "not a file legwork writes"}
		}
		ok, err := hasMarker(p, name)
		if err != nil {
			return err
		}
		if !ok {
			return &ForeignError{Path: p, Why: "not a legwork report"}
		}
		return nil
	case "data", "charts", "cache":
	default:
		return &ForeignError{Path: dirPath, Why: "legwork did not create it"}
	}
	if !fi.IsDir() {
		return &ForeignError{Path: p, Why: "legwork writes a directory there"}
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return err
	}
	if name == "data" && !slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "run.json" }) {
		return &ForeignError{Path: dirPath, Why: fmt.Sprintf("holds %d entries and no run.json of legwork's", len(entries))}
	}
	if name == "cache" && !slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "ingest.bin" }) {
		return &ForeignError{Path: dirPath, Why: fmt.Sprintf("holds %d entries and no ingest.bin of legwork's", len(entries))}
	}
	for _, e := range entries {
		n := e.Name()
		switch {
		case !e.Type().IsRegular():
			return &ForeignError{Path: filepath.Join(p, n), Why: "legwork writes no such thing in " + name + "/"}
		case tempName.MatchString(n):
		case name == "charts" && slices.Contains(legacyCharts, n):
		case name == "data" && n == "run.json":
			if !isRunFile(filepath.Join(p, n)) {
				return &ForeignError{Path: filepath.Join(p, n), Why: "not a legwork run.json"}
			}
		case name == "data" && (strings.HasSuffix(n, ".parquet") || slices.Contains(tableCSVs, n)):
		case name == "data" && n == "changes.json":
		case name == "cache" && n == "ingest.bin":
			if !hasPrefix(filepath.Join(p, n), cacheMarker) {
				return &ForeignError{Path: filepath.Join(p, n), Why: "not a legwork cache"}
			}
		default:
			return &ForeignError{Path: filepath.Join(p, n), Why: "legwork writes no such file in " + name + "/"}
		}
	}
	return nil
}

// hasMarker reports whether a report file carries legwork's mark: the
// generator meta tag near the start of report.html, the "Made by legwork"
// footer near the end of report.md.
func hasMarker(p, name string) (bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	const window = 8 << 10
	off, marker := int64(0), []byte(`<meta name="generator" content="legwork `)
	if name == "report.md" {
		off, marker = max(0, fi.Size()-window), []byte("Made by legwork ")
	}
	buf := make([]byte, window)
	n, err := f.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return bytes.Contains(buf[:n], marker), nil
}

// cacheMarker opens the cache file legwork keeps in cache/ (ingest's
// cacheMagic; cmd/legwork's tests check that they agree).
const cacheMarker = "legwork ingest cache\n"

// hasPrefix reports whether the file p starts with prefix.
func hasPrefix(p, prefix string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, len(prefix))
	_, err = io.ReadFull(f, buf)
	return err == nil && string(buf) == prefix
}

// isRunFile reports whether p is a JSON object with legwork's run.json keys.
func isRunFile(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var m map[string]json.RawMessage
	if json.NewDecoder(io.LimitReader(f, 64<<20)).Decode(&m) != nil {
		return false
	}
	_, v := m["version"]
	_, a := m["as_of"]
	return v && a
}

type journal struct {
	Stage   string   `json:"stage"`
	Entries []string `json:"entries"`
}

// readJournal returns the pending commit, nil when there is none.
func readJournal(out string) (*journal, error) {
	b, err := os.ReadFile(filepath.Join(out, JournalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil || !stageName.MatchString(j.Stage) {
		return nil, fmt.Errorf("%s: damaged commit journal", filepath.Join(out, JournalFile))
	}
	for _, e := range j.Entries {
		if e == "" || e == prevDir || strings.ContainsAny(e, `/\`) || e == "." || e == ".." {
			return nil, fmt.Errorf("%s: damaged commit journal", filepath.Join(out, JournalFile))
		}
	}
	return &j, nil
}

// DataDir returns the directory that holds the current tables of out: the
// staged data/ of a commit whose journal is written but whose data/ is not
// yet moved into place, else out/data (or the complete previous content an
// older legwork killed mid-swap left in out/.data.old). It changes nothing
// and needs no lock.
func DataDir(out string) string {
	if j, err := readJournal(out); err == nil && j != nil && slices.Contains(j.Entries, "data") {
		staged := filepath.Join(out, j.Stage, "data")
		if fi, err := os.Stat(staged); err == nil && fi.IsDir() {
			return staged
		}
	}
	return atomicfile.Resolve(filepath.Join(out, "data"))
}

// Recover finishes a commit that a killed run left pending (rolls it
// forward), and restores the data/ of an older legwork killed between its
// two renames. Callers hold the lock.
func Recover(out string) error {
	j, err := readJournal(out)
	if err != nil {
		return err
	}
	if j != nil {
		if err := rollForward(out, j); err != nil {
			return fmt.Errorf("finish the interrupted commit in %s: %w", out, err)
		}
	}
	old := filepath.Join(out, ".data.old")
	if fi, err := os.Lstat(old); err == nil && fi.IsDir() {
		if _, err := os.Lstat(filepath.Join(out, "data")); errors.Is(err, fs.ErrNotExist) {
			return os.Rename(old, filepath.Join(out, "data"))
		}
		return os.RemoveAll(old)
	}
	return nil
}

// Tidy removes the leftovers of killed runs in out: only names that match
// legwork's own temporary patterns. Call it after Recover and Check.
func Tidy(out string) error {
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		p := filepath.Join(out, n)
		switch {
		case e.IsDir() && (stageName.MatchString(n) || dataNewName.MatchString(n)):
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		case e.Type().IsRegular() && tempName.MatchString(n) && isTopTemp(n):
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	for _, dir := range []string{"data", "charts"} {
		entries, err := os.ReadDir(filepath.Join(out, dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.Type().IsRegular() && tempName.MatchString(e.Name()) {
				if err := os.Remove(filepath.Join(out, dir, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// isTopTemp reports whether a temporary file name at the top level is one
// of legwork's: of a report, the manifest or the journal.
func isTopTemp(n string) bool {
	for _, base := range []string{"report.html", "report.md", ManifestFile, JournalFile} {
		if strings.HasPrefix(n, "."+base+".tmp-") {
			return true
		}
	}
	return false
}

// rollForward performs steps 2 and 3 of the commit scheme; each step is
// idempotent.
func rollForward(out string, j *journal) error {
	stage := filepath.Join(out, j.Stage)
	if _, err := os.Stat(stage); errors.Is(err, fs.ErrNotExist) {
		// Everything was moved and the stage removed; only the journal is left.
		return removeJournal(out)
	}
	if err := os.MkdirAll(filepath.Join(stage, prevDir), 0o777); err != nil {
		return err
	}
	for _, e := range j.Entries {
		if err := moveIn(out, stage, e); err != nil {
			return err
		}
	}
	return finish(out, stage)
}

// moveIn moves the staged entry e into place, the previous one aside.
func moveIn(out, stage, e string) error {
	staged := filepath.Join(stage, e)
	if _, err := os.Lstat(staged); errors.Is(err, fs.ErrNotExist) {
		return nil // moved already
	}
	cur := filepath.Join(out, e)
	if _, err := os.Lstat(cur); err == nil {
		prev := filepath.Join(stage, prevDir, e)
		if _, err := os.Lstat(prev); err == nil {
			return fmt.Errorf("both %s and %s exist", cur, prev)
		}
		if err := os.Rename(cur, prev); err != nil {
			return err
		}
	}
	return os.Rename(staged, cur)
}

func finish(out, stage string) error {
	if err := atomicfile.SyncDir(out); err != nil {
		return err
	}
	if err := removeJournal(out); err != nil {
		return err
	}
	return os.RemoveAll(stage)
}

func removeJournal(out string) error {
	if err := os.Remove(filepath.Join(out, JournalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return atomicfile.SyncDir(out)
}

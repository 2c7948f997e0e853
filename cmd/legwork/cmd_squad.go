package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/legwork-run/legwork/internal/atomicfile"
	"github.com/legwork-run/legwork/internal/config"
	"github.com/legwork-run/legwork/internal/outdir"
	"github.com/legwork-run/legwork/internal/safetext"
	"github.com/legwork-run/legwork/report"
	"github.com/legwork-run/legwork/store"
)

// squadOpts are the flags only squad takes.
type squadOpts struct {
	shardK, shardN int // 0, 0: all athletes
	indexOnly      bool
	// workers is ingest.Options.Workers for one athlete's files: the cores
	// left to each athlete of a squad; 0 (run) means all cores.
	workers int
}

// statusDir holds one JSON record per athlete of a squad (statusFile): how
// its last run ended, for the squad page of a later --index-only run.
const statusDir = ".legwork-squad"

// parseSquadFlags checks squad's arguments, --shard and --index-only
// (--alert is parsed with the flags run shares).
func parseSquadFlags(o *opts, v flagValues) error {
	if o.cmd != "squad" {
		return nil
	}
	o.squad.indexOnly = v.indexOnly
	switch {
	case v.indexOnly && len(o.args) > 1:
		return usagef("--index-only takes at most one squad folder DIR (got %d arguments)", len(o.args))
	case !v.indexOnly && len(o.args) != 1:
		return usagef("name one squad folder DIR (got %d arguments), or write only the squad page with --index-only", len(o.args))
	case v.indexOnly && v.shard != "":
		return usagef("--shard and --index-only cannot be used together: run the shards, then --index-only")
	}
	if v.shard != "" {
		k, n, ok := strings.Cut(v.shard, "/")
		ki, err1 := strconv.Atoi(k)
		ni, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
			return usagef("--shard %q: want K/N with 1 ≤ K ≤ N, such as 2/8", v.shard)
		}
		o.squad.shardK, o.squad.shardN = ki, ni
	}
	return nil
}

// athlete is one subfolder of the squad folder.
type athlete struct {
	id  string // the folder name
	bad string // why id cannot be used as a partition value; "" when it can
}

// partition is the athlete's output folder name under --out: "athlete=ID",
// a Hive partition. IDs are used as they are (validID refuses the
// characters a Hive reader would decode or split on).
func (a athlete) partition() string { return "athlete=" + a.id }

// validID says why a folder name cannot be an athlete ID, or "" when it
// can. An ID must be valid UTF-8 of at most 200 bytes with no control
// characters and none of / \ % = (path separators; Hive readers decode
// %XX and split on =); anything else (spaces, quotes, markup, any script)
// is kept as it is and escaped where it is shown.
func validID(id string) string {
	switch {
	case !utf8.ValidString(id):
		return "not valid UTF-8"
	case len(id) > 200:
		return "longer than 200 bytes"
	case strings.ContainsAny(id, `/\%=`):
		return `holds one of / \ % =`
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsControl(r) || safetext.IsBidiControl(r) }) >= 0:
		return "holds a control character"
	}
	return ""
}

// athletes lists the subfolders of dir in name order (byte order of the
// names), leaving out hidden ones (".*") and the one that is skip (the
// real path of an --out inside dir).
func athletes(dir, skip string) ([]athlete, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var as []athlete
	for _, d := range des {
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			if err == nil {
				continue // a file beside the athletes' folders
			}
		}
		if skip != "" {
			if real, err := outdir.RealPath(p); err == nil && real == skip {
				continue
			}
		}
		as = append(as, athlete{id: name, bad: validID(name)})
	}
	slices.SortFunc(as, func(x, y athlete) int { return strings.Compare(x.id, y.id) })
	return as, nil
}

// statusFile is .legwork-squad/<ID, query-escaped>.json: how an athlete's
// last squad run ended.
type statusFile struct {
	Version int    `json:"version"`
	Athlete string `json:"athlete"`
	Name    string `json:"name"`      // [athlete] name, else the ID
	Code    int    `json:"exit_code"` // the athlete's exit code (0–3)
	Problem string `json:"problem"`   // why the run failed (codes 1 and 2); "" else
	// New is the number of flags new since the athlete's previous run; -1
	// when unknown (a first run, or a run that failed).
	New int `json:"new_flags"`
}

func statusPath(out, id string) string {
	return filepath.Join(out, statusDir, url.QueryEscape(id)+".json")
}

func writeStatus(out string, st statusFile) error {
	if err := os.MkdirAll(filepath.Join(out, statusDir), 0o777); err != nil {
		return err
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(statusPath(out, st.Athlete), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

func readStatus(out, id string) (statusFile, bool) {
	st := statusFile{Athlete: id, Name: id, New: -1}
	b, err := os.ReadFile(statusPath(out, id))
	if err != nil {
		return st, false
	}
	if json.Unmarshal(b, &st) != nil || st.Athlete != id {
		return statusFile{Athlete: id, Name: id, New: -1}, false
	}
	return st, true
}

// squadError is the end of a squad in which some athletes had problems,
// each already named on stderr: its exit code is the worst of theirs.
type squadError struct {
	code, bad, total int
}

func (e *squadError) Error() string {
	return fmt.Sprintf("%d of %d athletes had problems (each is named above)", e.bad, e.total)
}

// worse orders exit codes for a squad: 2 (bad usage or configuration: a
// person must fix it) > 1 (failed) > 3 (some files unreadable) > 0.
func worse(a, b int) int {
	rank := map[int]int{exitOK: 0, exitPartial: 1, exitFailed: 2, exitUsage: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// squadCmd runs every athlete of the squad folder (or one shard of them)
// as `legwork run` would, into --out/athlete=ID/, then writes the squad
// page; or, with --index-only, only the squad page.
func squadCmd(ctx context.Context, o *opts) error {
	var dir string
	if len(o.args) > 0 {
		dir = o.args[0]
		if fi, err := os.Stat(dir); err != nil {
			return &usageError{err: fmt.Errorf("squad folder %s: %w", dir, errors.Unwrap(err))}
		} else if !fi.IsDir() {
			return usagef("squad folder %s: not a folder (want one subfolder per athlete)", dir)
		}
	}
	var skip string
	if dir != "" {
		s, err := outdir.CheckInputs(o.out, []string{dir})
		if err != nil {
			return &usageError{err: err}
		}
		if s != nil {
			if err := os.MkdirAll(o.out, 0o777); err != nil {
				return err
			}
			skip, _ = outdir.RealPath(o.out)
		}
	}
	if err := precheckSquad(ctx, o); err != nil {
		return err
	}
	var as []athlete
	var err error
	if dir != "" {
		as, err = athletes(dir, skip)
	} else {
		as, err = storedAthletes(o.out)
	}
	if err != nil {
		return fmt.Errorf("list the athletes: %w", err)
	}
	if o.squad.indexOnly {
		return writeIndex(ctx, o, as)
	}
	if err := os.MkdirAll(o.out, 0o777); err != nil {
		return err
	}
	mine := as
	if n := o.squad.shardN; n > 0 {
		mine = nil
		for i, a := range as {
			if i%n+1 == o.squad.shardK {
				mine = append(mine, a)
			}
		}
	}
	results := runAthletes(ctx, o, dir, mine)
	code, bad := exitOK, 0
	for i, r := range results {
		if r.summary != "" && !o.quiet {
			for _, line := range strings.SplitAfter(r.summary, "\n") {
				if line != "" {
					fmt.Fprintf(o.stdout, "%s: %s", safetext.Terminal(mine[i].id), line)
				}
			}
		}
		// Alerts go out even with -q, after the athlete's summary, each
		// line starting with the athlete's name.
		printAlerts(o, r.alerts, r.st.Name+": ")
		if r.st.Code != exitOK {
			bad++
		}
		code = worse(code, r.st.Code)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stopped: %w", err)
	}
	if o.squad.shardN == 0 {
		if err := writeIndex(ctx, o, as); err != nil {
			return err
		}
	}
	if code != exitOK {
		return &squadError{code: code, bad: bad, total: len(mine)}
	}
	return nil
}

// precheckSquad refuses an --out whose squad page legwork did not write
// (an outdir.ForeignError, exit 2), before anything is created in it. A
// commit of the squad page that a killed squad left pending is finished
// first, under the lock (lockOutChecked: lock, Recover, check), as a run
// finishes its own, so that the half-moved page is not taken for a
// foreign one.
func precheckSquad(ctx context.Context, o *opts) error {
	if commitPending(o.out) {
		unlock, err := lockOutChecked(ctx, o, outdir.CheckSquad)
		if err != nil {
			return err
		}
		return unlock()
	}
	if err := outdir.CheckSquad(o.out); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// storedAthletes lists the athletes of an --out: its athlete=ID folders
// and status records, in name order.
func storedAthletes(out string) ([]athlete, error) {
	seen := map[string]bool{}
	des, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	for _, d := range des {
		if id, ok := strings.CutPrefix(d.Name(), "athlete="); ok && d.IsDir() {
			seen[id] = true
		}
	}
	sts, _ := os.ReadDir(filepath.Join(out, statusDir))
	for _, d := range sts {
		if q, ok := strings.CutSuffix(d.Name(), ".json"); ok {
			if id, err := url.QueryUnescape(q); err == nil {
				seen[id] = true
			}
		}
	}
	var as []athlete
	for id := range seen {
		as = append(as, athlete{id: id, bad: validID(id)})
	}
	slices.SortFunc(as, func(x, y athlete) int { return strings.Compare(x.id, y.id) })
	return as, nil
}

// athleteResult is what a squad keeps of one athlete's run: its status and
// the summary `legwork run` would print. The athlete's activities and
// tables are dropped as soon as its run ends.
type athleteResult struct {
	st      statusFile
	summary string
	alerts  []string // --alert lines (alertLines), not yet escaped
}

// runAthletes runs the athletes on a pool of runtime.GOMAXPROCS(0) workers,
// so that at most that many athletes' data is in memory at once; each
// athlete's files are decoded by the cores left over. Results are in the
// order of as.
func runAthletes(ctx context.Context, o *opts, dir string, as []athlete) []athleteResult {
	results := make([]athleteResult, len(as))
	if len(as) == 0 {
		return results
	}
	procs := runtime.GOMAXPROCS(0)
	pool := min(procs, len(as))
	workers := max(1, procs/pool)
	stderr := &lockedWriter{w: o.stderr}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range pool {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					// stopped (Ctrl-C): the athletes not started keep their
					// outputs and status as they were
					results[i].st = statusFile{Athlete: as[i].id, Code: exitFailed, Problem: "stopped"}
					continue
				}
				results[i] = runAthlete(ctx, o, dir, as[i], stderr, workers)
				if err := writeStatus(o.out, results[i].st); err != nil {
					printEscaped(stderr, "%s: legwork squad: record the athlete's status: %v\n", as[i].id, err)
				}
			}
		}()
	}
	for i := range as {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// runAthlete runs one athlete as `legwork run -c CONFIG DIR/ID` would,
// into --out/athlete=ID. Every problem, a panic included, ends up in the
// returned status and on stderr, each line prefixed with the ID.
func runAthlete(ctx context.Context, o *opts, dir string, a athlete, stderr *lockedWriter, workers int) (res athleteResult) {
	res.st = statusFile{Version: 1, Athlete: a.id, Name: a.id, New: -1}
	errw := &prefixWriter{prefix: safetext.Terminal(a.id) + ": ", w: stderr}
	defer errw.Flush()
	fail := func(err error) {
		res.st.Code = exitCode(err)
		res.st.Problem = err.Error()
		printEscaped(errw, "legwork squad: %v\n", err)
	}
	defer func() {
		if p := recover(); p != nil {
			fail(fmt.Errorf("athlete %s: internal error (panic): %v; previous outputs untouched", a.id, p))
		}
	}()
	if o.hooks.athlete != nil {
		o.hooks.athlete(a.id)
	}
	if a.bad != "" {
		fail(usagef("athlete folder %q: the name %s, so it cannot be an athlete id; rename the folder", a.id, a.bad))
		return res
	}
	in := filepath.Join(dir, a.id)
	if f, err := os.Open(in); err != nil {
		fail(fmt.Errorf("read the athlete's folder: %w", err))
		return res
	} else {
		_, err = f.Readdirnames(1)
		f.Close()
		if err != nil && !errors.Is(err, io.EOF) {
			fail(fmt.Errorf("read the athlete's folder %s: %w", in, err))
			return res
		}
	}
	ao := *o
	ao.out = filepath.Join(o.out, a.partition())
	ao.stderr = errw
	var summary bytes.Buffer
	ao.stdout = &summary
	ao.log = newLogger(errw, o.quiet, o.verbose)
	ao.squad.workers = workers
	var err error
	switch own := filepath.Join(in, "legwork.toml"); {
	case fileExists(own):
		ao.cfg, err = config.Load(own)
	case o.cfgPath != "":
		ao.cfg, err = config.Load(o.cfgPath)
	default:
		ao.cfg = config.Default()
	}
	if err == nil {
		err = applyConfig(&ao)
	}
	if err != nil {
		if ce := (*config.Error)(nil); errors.As(err, &ce) {
			err = &configError{err}
		}
		fail(err)
		return res
	}
	ao.title = cmp.Or(ao.cfg.Name, a.id)
	res.st.Name = ao.title
	batch, r, err := runOne(ctx, &ao, []string{in})
	if err != nil {
		fail(err)
		return res
	}
	if !o.quiet {
		printSummary(&ao, batch, r)
	}
	res.summary = summary.String()
	if n := len(batch.Errors); n > 0 {
		res.st.Code = exitPartial
	}
	if ao.changes != nil {
		res.st.New = len(ao.changes.New)
	}
	res.alerts = alertLines(&ao, r, ao.changes)
	return res
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// writeIndex writes index.html and index.md into --out from the athletes'
// stored tables and status records, reading no input, and commits them
// like a run's outputs (internal/outdir), under the lock of --out.
func writeIndex(ctx context.Context, o *opts, as []athlete) error {
	if err := os.MkdirAll(o.out, 0o777); err != nil {
		return err
	}
	unlock, err := lockOutChecked(ctx, o, outdir.CheckSquad)
	if err != nil {
		return err
	}
	defer unlock()
	rows := make([]report.SquadAthlete, 0, len(as))
	for _, a := range as {
		st, _ := readStatus(o.out, a.id)
		sa := report.SquadAthlete{ID: a.id, Dir: a.partition(), Name: st.Name, Problem: st.Problem, New: st.New}
		if a.bad != "" {
			sa.Problem = "the folder name " + a.bad + ", so it cannot be an athlete id"
		} else if r, err := store.ReadExcept(filepath.Join(o.out, a.partition()), store.ActivitiesFile); err == nil {
			sa.Result = r
		} else if sa.Problem == "" && !errors.Is(err, fs.ErrNotExist) {
			sa.Problem = "read the stored tables: " + err.Error()
		}
		rows = append(rows, sa)
	}
	ro := report.SquadOptions{Units: o.units, GeneratedAt: o.now, Version: version()}
	var html, md bytes.Buffer
	if err := report.WriteSquadHTML(&html, rows, ro); err != nil {
		return fmt.Errorf("render index.html: %w", err)
	}
	if err := report.WriteSquadMarkdown(&md, rows, ro); err != nil {
		return fmt.Errorf("render index.md: %w", err)
	}
	st, err := outdir.NewStage(o.out)
	if err != nil {
		return err
	}
	st.AfterMove = o.hooks.afterMove
	if err := st.WriteFile("index.md", md.Bytes()); err != nil {
		st.Discard()
		return err
	}
	if err := st.WriteFile("index.html", html.Bytes()); err != nil {
		st.Discard()
		return err
	}
	if err := st.Commit(); err != nil {
		return fmt.Errorf("replace the squad page: %w", err)
	}
	if !o.quiet {
		printEscaped(o.stdout, "wrote %s\n", filepath.Join(o.out, "index.html"))
	}
	return nil
}

// lockedWriter serializes writes from the athletes' goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// prefixWriter writes whole lines, each starting with prefix, so that the
// lines of athletes running at once never mix.
type prefixWriter struct {
	prefix string
	w      io.Writer
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			return len(b), nil
		}
		line := append([]byte(p.prefix), p.buf[:i+1]...)
		p.buf = p.buf[i+1:]
		if _, err := p.w.Write(line); err != nil {
			return len(b), err
		}
	}
}

// Flush writes what is left of an unfinished line.
func (p *prefixWriter) Flush() {
	if len(p.buf) > 0 {
		p.Write([]byte("\n"))
	}
}

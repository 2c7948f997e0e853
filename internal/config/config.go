package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/ingest"
	"github.com/legwork-run/legwork/internal/units"
)

// Config is a validated legwork.toml.
type Config struct {
	// Zone is athlete.timezone; nil when not set (the caller falls back to
	// --tz or the machine's zone).
	Zone *time.Location
	// Units is "mi" or "km"; empty when not set.
	Units string
	// Name is athlete.name, the athlete's name as written (spaces around it
	// trimmed); empty when not set. It heads the report and the squad page
	// and may hold any text: it is escaped where it is shown.
	Name string
	// Analysis is what analyze needs, with defaults filled in.
	Analysis analyze.Config
}

// Error is a configuration error at a key. Line is 1-based; 0 when unknown.
type Error struct {
	Path string
	Line int
	Key  string
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		fmt.Fprintf(&b, "%s: ", e.Key)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Default returns the configuration used when there is no file.
func Default() *Config {
	return &Config{Analysis: analyze.Config{
		WeekStart:     time.Monday,
		HRRest:        analyze.DefaultHRRest,
		IncreasePct:   analyze.DefaultIncreasePct,
		CountedSports: analyze.DefaultCountedSports(),
	}}
}

// Load reads and validates the file at path.
func Load(path string) (*Config, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(doc, path)
}

type file struct {
	Athlete struct {
		Name      string     `toml:"name"`
		Timezone  zone       `toml:"timezone"`
		Units     unitsName  `toml:"units"`
		WeekStart weekStart  `toml:"week_start"`
		HRMax     *heartRate `toml:"hr_max"`
		HRRest    *heartRate `toml:"hr_rest"`
		Sex       sex        `toml:"sex"`
	} `toml:"athlete"`
	Rules struct {
		WeeklyIncreasePct *percent `toml:"weekly_increase_pct"`
		CountedSports     []sport  `toml:"counted_sports"`
	} `toml:"rules"`
	Shoes []struct {
		Name          string          `toml:"name"`
		From          *toml.LocalDate `toml:"from"`
		To            *toml.LocalDate `toml:"to"`
		Sports        []sport         `toml:"sports"`
		StartDistance *distance       `toml:"start_distance"`
		WarnAt        *distance       `toml:"warn_at"`
		ReplaceAt     *distance       `toml:"replace_at"`
		Match         []glob          `toml:"match"`
	} `toml:"shoes"`
}

// Parse validates doc; path names it in errors.
func Parse(doc []byte, path string) (*Config, error) {
	var f file
	dec := toml.NewDecoder(bytes.NewReader(doc)).DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, decodeError(path, err)
	}
	c := Default()
	a := &c.Analysis
	c.Zone = f.Athlete.Timezone.loc
	c.Units = f.Athlete.Units.s
	c.Name = strings.TrimSpace(f.Athlete.Name)
	if f.Athlete.WeekStart.set {
		a.WeekStart = f.Athlete.WeekStart.day
	}
	// A key that is present is validated as written: zero is never read as
	// "absent" (an absent key leaves its pointer nil).
	for _, h := range []struct {
		key string
		v   *heartRate
		min int
	}{{"hr_max", f.Athlete.HRMax, 120}, {"hr_rest", f.Athlete.HRRest, 25}} {
		if h.v != nil && (int(*h.v) < h.min || *h.v > 230) {
			return nil, keyError(path, doc, fmt.Errorf("%d bpm is out of range (%d–230)", *h.v, h.min), "athlete", -1, h.key)
		}
	}
	if f.Athlete.HRMax != nil {
		a.HRMax = int(*f.Athlete.HRMax)
	}
	if f.Athlete.HRRest != nil {
		a.HRRest = int(*f.Athlete.HRRest)
	}
	if a.HRMax != 0 && a.HRRest >= a.HRMax {
		return nil, keyError(path, doc, fmt.Errorf("hr_rest %d must be below hr_max %d", a.HRRest, a.HRMax), "athlete", -1, "hr_rest")
	}
	a.Sex = f.Athlete.Sex.s
	if p := f.Rules.WeeklyIncreasePct; p != nil {
		if !(*p > 0 && *p <= 100) { // also refuses nan
			return nil, keyError(path, doc, fmt.Errorf("%g%% is out of range (above 0, at most 100)", float64(*p)), "rules", -1, "weekly_increase_pct")
		}
		a.IncreasePct = float64(*p)
	}
	if f.Rules.CountedSports != nil {
		if len(f.Rules.CountedSports) == 0 {
			return nil, keyError(path, doc, errors.New("counted_sports is empty: nothing would be counted"), "rules", -1, "counted_sports")
		}
		a.CountedSports = nil
		for _, s := range f.Rules.CountedSports {
			a.CountedSports = append(a.CountedSports, s.s)
		}
	}
	seen := map[string]bool{}
	for i, s := range f.Shoes {
		bad := func(key string, err error) error { return keyError(path, doc, err, "shoes", i, key) }
		name := strings.TrimSpace(s.Name)
		if name == "" {
			return nil, bad("name", errors.New("every [[shoes]] entry needs a name"))
		}
		if seen[strings.ToLower(name)] {
			return nil, bad("name", fmt.Errorf("shoe %q is listed twice", name))
		}
		seen[strings.ToLower(name)] = true
		sh := analyze.Shoe{Name: name}
		if s.From == nil && len(s.Match) == 0 {
			return nil, bad("name", fmt.Errorf("shoe %q needs a from date (or match globs)", name))
		}
		if s.From != nil {
			sh.From = date(*s.From)
		}
		if s.To != nil {
			sh.To = date(*s.To)
			if s.From != nil && sh.To.Before(sh.From) {
				return nil, bad("to", fmt.Errorf("to %s is before from %s", s.To, s.From))
			}
		}
		if s.Sports != nil && len(s.Sports) == 0 {
			// Empty would read as "any sport", the opposite of what it says.
			return nil, bad("sports", errors.New("sports is empty: leave it out for a shoe worn for any counted sport"))
		}
		for _, sp := range s.Sports {
			sh.Sports = append(sh.Sports, sp.s)
		}
		for _, g := range s.Match {
			sh.Match = append(sh.Match, g.s)
		}
		if s.StartDistance != nil {
			sh.StartDistanceM = float64(*s.StartDistance)
		}
		sh.WarnAtM = analyze.DefaultWarnAtM
		if s.WarnAt != nil {
			if *s.WarnAt <= 0 {
				return nil, bad("warn_at", errors.New("warn_at must be above 0 (leave it out for the default, 300 mi)"))
			}
			sh.WarnAtM = float64(*s.WarnAt)
		}
		sh.ReplaceAtM = analyze.DefaultReplaceAtM
		if s.ReplaceAt != nil {
			if *s.ReplaceAt <= 0 {
				return nil, bad("replace_at", errors.New("replace_at must be above 0 (leave it out for the default, 500 mi)"))
			}
			sh.ReplaceAtM = float64(*s.ReplaceAt)
		}
		if sh.ReplaceAtM < sh.WarnAtM {
			switch {
			case s.ReplaceAt == nil:
				return nil, bad("warn_at", errors.New("warn_at is above the default replace_at, 500 mi"))
			case s.WarnAt == nil:
				return nil, bad("replace_at", errors.New("replace_at is below the default warn_at, 300 mi"))
			}
			return nil, bad("replace_at", errors.New("replace_at must not be below warn_at"))
		}
		a.Shoes = append(a.Shoes, sh)
	}
	return c, nil
}

func date(d toml.LocalDate) time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

func decodeError(path string, err error) error {
	var se *toml.StrictMissingError
	if errors.As(err, &se) && len(se.Errors) > 0 {
		e := &se.Errors[0]
		line, _ := e.Position()
		return &Error{Path: path, Line: line, Key: strings.Join(e.Key(), "."), Err: errors.New("unknown key")}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if i := strings.Index(msg, "cannot decode TOML "); i >= 0 {
			// "cannot decode TOML string into struct field … of type int" → name the TOML type only.
			if j := strings.Index(msg, " into "); j > i {
				t := msg[i+len("cannot decode TOML ") : j]
				msg = "wrong type: got a " + t
			}
		}
		return &Error{Path: path, Line: line, Key: strings.Join(de.Key(), "."), Err: errors.New(msg)}
	}
	return &Error{Path: path, Err: err}
}

// keyError locates table[index].key (index −1 for a plain table) in doc.
func keyError(path string, doc []byte, err error, table string, index int, key string) error {
	k := table + "." + key
	if index >= 0 {
		k = fmt.Sprintf("%s[%d].%s", table, index, key)
	}
	return &Error{Path: path, Line: keyLine(doc, table, index, key), Key: k, Err: err}
}

// keyLine returns the 1-based line of key in [table] (index < 0) or in the
// index-th [[table]], or of the table header when the key is absent; 0 if
// not found.
func keyLine(doc []byte, table string, index int, key string) int {
	var p unstable.Parser
	p.Reset(doc)
	in, n, header := false, -1, 0
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			k := e.Key()
			name := keyString(k)
			if in && header > 0 {
				return header
			}
			in = name == table
			if in && e.Kind == unstable.ArrayTable {
				n++
				in = n == index
			}
			if in {
				header = keyStartLine(&p, e.Key())
			}
		case unstable.KeyValue:
			if in && keyString(e.Key()) == key {
				return keyStartLine(&p, e.Key())
			}
		}
	}
	if in {
		return header
	}
	return 0
}

func keyStartLine(p *unstable.Parser, it unstable.Iterator) int {
	if !it.Next() {
		return 0
	}
	return p.Shape(it.Node().Raw).Start.Line
}

func keyString(it unstable.Iterator) string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return strings.Join(parts, ".")
}

// ParseDistance reads "500 mi", "800 km", "0 km", "1200 m".
func ParseDistance(s string) (float64, error) {
	f := strings.Fields(s)
	if len(f) == 1 { // "500mi"
		i := strings.IndexFunc(f[0], func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' })
		if i > 0 {
			f = []string{f[0][:i], f[0][i:]}
		}
	}
	if len(f) != 2 {
		return 0, fmt.Errorf("distance %q needs a number and a unit (mi, km or m), like \"500 mi\"", s)
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil || v < 0 || v != v || v > 1e7 {
		return 0, fmt.Errorf("distance %q: %q is not a distance", s, f[0])
	}
	switch strings.ToLower(f[1]) {
	case "mi", "mile", "miles":
		return v * units.MetersPerMile, nil
	case "km":
		return v * 1000, nil
	case "m":
		return v, nil
	}
	return 0, fmt.Errorf("distance %q: unit %q is not mi, km or m", s, f[1])
}

type distance float64

func (d *distance) UnmarshalText(b []byte) error {
	v, err := ParseDistance(string(b))
	*d = distance(v)
	return err
}

type zone struct{ loc *time.Location }

func (z *zone) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return errors.New("timezone is empty; use an IANA name like \"Europe/Berlin\"")
	}
	loc, err := time.LoadLocation(string(b))
	if err != nil || string(b) == "Local" { // "Local" is the machine's zone, not a name (as --tz)
		return fmt.Errorf("unknown time zone %q; use an IANA name like \"America/New_York\"", b)
	}
	z.loc = loc
	return nil
}

// unitsName is a struct so that go-toml calls UnmarshalText (it assigns string kinds directly).
type unitsName struct{ s string }

func (u *unitsName) UnmarshalText(b []byte) error {
	if len(b) > 0 {
		if sys, err := units.Parse(string(b)); err == nil {
			u.s = string(sys)
			return nil
		}
	}
	return fmt.Errorf("units %q: want \"mi\" or \"km\"", b)
}

type weekStart struct {
	day time.Weekday
	set bool
}

func (w *weekStart) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "monday":
		*w = weekStart{time.Monday, true}
	case "sunday":
		*w = weekStart{time.Sunday, true}
	default:
		return fmt.Errorf("week_start %q: want \"monday\" or \"sunday\"", b)
	}
	return nil
}

type heartRate int

// sex is a struct so that go-toml calls UnmarshalText (it assigns string kinds directly).
type sex struct{ s string }

func (s *sex) UnmarshalText(b []byte) error {
	switch v := strings.ToLower(string(b)); v {
	case "female", "male":
		s.s = v
		return nil
	}
	return fmt.Errorf("sex %q: want \"female\" or \"male\"", b)
}

type percent float64

// sport is a struct so that go-toml calls UnmarshalText (it assigns string kinds directly).
// Its values are ingest.Sports().
type sport struct{ s ingest.Sport }

func (s *sport) UnmarshalText(b []byte) error {
	all := ingest.Sports()
	if !slices.Contains(all, ingest.Sport(b)) {
		names := make([]string, len(all))
		for i, sp := range all {
			names[i] = string(sp)
		}
		return fmt.Errorf("sport %q: want one of %s", b, strings.Join(names, ", "))
	}
	s.s = ingest.Sport(b)
	return nil
}

// glob is a struct so that go-toml calls UnmarshalText (it assigns string kinds directly).
type glob struct{ s string }

func (g *glob) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return errors.New("empty match glob")
	}
	if _, err := analyze.MatchGlob(string(b), ""); err != nil {
		return fmt.Errorf("match glob %q is malformed (syntax of Go's path.Match per segment, \"**\" for any folders): %w", b, err)
	}
	g.s = string(b)
	return nil
}

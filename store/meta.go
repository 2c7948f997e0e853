package store

import (
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"

	"github.com/legwork-run/legwork/analyze"
)

// SchemaVersion is the version of the tables' layout, written into every
// file as legwork.schema_version. It changes when a column is renamed,
// removed or changes type or meaning; a column added at the end keeps it.
const SchemaVersion = "1"

// Key-value metadata keys of every Parquet file.
const (
	MetaVersion       = "legwork.version"        // legwork's version, as `legwork version` prints it
	MetaSchemaVersion = "legwork.schema_version" // SchemaVersion
	MetaAsOf          = "legwork.as_of"          // the as-of date, YYYY-MM-DD
	MetaUnitsPrefix   = "legwork.units."         // + column name (flags: + column.kind): the unit of a column whose name does not carry it
)

// An Option changes how Write and WriteDir write the tables.
type Option func(*writeConfig)

// WithVersion records v (legwork's version) in every file as
// legwork.version and in run.json. Without it the version is "unknown".
func WithVersion(v string) Option { return func(c *writeConfig) { c.version = v } }

// WithCSV also writes each table as a CSV file beside it (CSVFiles).
func WithCSV(on bool) Option { return func(c *writeConfig) { c.csv = on } }

type writeConfig struct {
	version string
	csv     bool
	codec   compress.Codec // nil: defaultCodec; set by benchmarks
	pageV2  bool           // benchmarks only: parquet-go's defaults (DATA_PAGE_V2, DELTA_LENGTH_BYTE_ARRAY strings)
}

func newWriteConfig(opts []Option) writeConfig {
	c := writeConfig{version: "unknown"}
	for _, o := range opts {
		o(&c)
	}
	if c.version == "" {
		c.version = "unknown"
	}
	if c.codec == nil {
		c.codec = defaultCodec
	}
	return c
}

// defaultCodec is the compression of every column: zstd, as DESIGN.md's
// contract names it. It is also the smallest (BENCHMARKS.md, "Parquet codec
// and encodings": on a 100,000-activity table 2.9x smaller than snappy,
// on the demo 7% smaller). Its cost is that plain hyparquet, the common
// pure-JavaScript reader, refuses ZSTD: JavaScript readers need its codec
// add-on hyparquet-compressors (tools/hypcheck reads every table with it).
var defaultCodec compress.Codec = &parquet.Zstd

// writerOptions are the options of every table's writer, chosen for the
// widest compatibility (BENCHMARKS.md, "Parquet codec and encodings"):
// version 1 data pages, which every reader reads (old Spark and BI readers
// know no DATA_PAGE_V2), and PLAIN for strings that are not dictionary
// encoded (parquet-go's default is DELTA_LENGTH_BYTE_ARRAY, which those
// readers do not know); the low-cardinality string columns are tagged dict
// and written RLE_DICTIONARY. Numbers are PLAIN, booleans RLE.
func writerOptions(c writeConfig, asOf time.Time, units map[string]string) []parquet.WriterOption {
	opts := []parquet.WriterOption{
		parquet.Compression(c.codec),
		parquet.KeyValueMetadata(MetaVersion, c.version),
		parquet.KeyValueMetadata(MetaSchemaVersion, SchemaVersion),
		parquet.KeyValueMetadata(MetaAsOf, asOfString(asOf)),
	}
	if !c.pageV2 {
		opts = append(opts, parquet.DataPageVersion(1), parquet.DefaultEncodingFor(parquet.ByteArray, &parquet.Plain))
	}
	for col, u := range units {
		opts = append(opts, parquet.KeyValueMetadata(MetaUnitsPrefix+col, u))
	}
	return opts
}

// asOfString is the as-of date as YYYY-MM-DD, "" when it is unset.
func asOfString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Units of the columns whose name does not carry their unit, by table, as
// written under MetaUnitsPrefix. Columns ending in _m are meters, _s
// seconds, _pct percent; dates are calendar dates and start_time an instant
// in UTC.
var (
	trimp         = "TRIMP (Banister), arbitrary units"
	activityUnits = map[string]string{
		"load":   trimp + ", of the session",
		"avg_hr": "beats per minute",
		"max_hr": "beats per minute",
	}
	weekUnits = map[string]string{
		"runs":      "count of counted runs",
		"load":      trimp + ", sum of the week's sessions",
		"acwr":      "ratio, no unit: acute (7-day) over chronic (28-day) exponentially weighted daily distance, on the week's last day (METRICS.md)",
		"rest_days": "days",
		"monotony":  "ratio, no unit: mean daily distance over its population standard deviation (Foster), capped at 10",
		"days":      "days",
	}
	shoeUnits = map[string]string{
		"runs": "count of counted runs",
	}
)

// flagUnits gives the units of value, threshold and base for each kind
// (analyze/flags.go), as "value.<kind>" etc.
func flagUnits() map[string]string {
	type u struct{ value, threshold, base string }
	const (
		pct    = "percent"
		meters = "meters"
		none   = "0, not used"
	)
	byKind := map[analyze.Kind]u{
		analyze.KindWeeklyDistanceSpike: {pct + " change of the week's distance over the previous week's", pct + " (the rule's allowed increase)", meters + " (the previous week's distance)"},
		analyze.KindWeeklyLoadSpike:     {pct + " change of the week's load over the previous week's", pct + " (the rule's allowed increase)", trimp + " (the previous week's load)"},
		analyze.KindRestart:             {meters + " (the week's distance)", meters + " (the previous week's distance: 0)", none},
		analyze.KindSessionSpike:        {pct + " by which the run is longer than the longest run of the 30 days before it", pct, meters + " (that longest run)"},
		analyze.KindReturnAfterBreak:    {"days since the previous counted run", "days", none},
		analyze.KindACWRHigh:            {"ratio, no unit (the week's ACWR)", "ratio, no unit", none},
		analyze.KindNoRestDay:           {"days (the week's rest days)", "days", none},
		analyze.KindMonotonyHigh:        {"ratio, no unit (the week's monotony)", "ratio, no unit", none},
		analyze.KindShoeWorn:            {meters + " (the shoe's distance)", meters + " (its warn_at_m)", none},
		analyze.KindShoeReplace:         {meters + " (the shoe's distance)", meters + " (its replace_at_m)", none},
	}
	m := make(map[string]string, 3*len(byKind))
	for k, v := range byKind {
		m["value."+string(k)] = v.value
		m["threshold."+string(k)] = v.threshold
		m["base."+string(k)] = v.base
	}
	return m
}

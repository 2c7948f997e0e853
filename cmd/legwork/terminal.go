package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/safetext"
)

// printEscaped prints one line made from format and a, with every control or
// bidirectional character in it escaped (safetext.Terminal): the arguments
// hold names from files, archives and the configuration, and a name like
// "\x1b]0;title\a" or "x\nFAKE: 0 errors" must not act on the terminal.
// A final newline in format is printed as such.
func printEscaped(w io.Writer, format string, a ...any) {
	line := strings.TrimSuffix(fmt.Sprintf(format, a...), "\n")
	fmt.Fprintln(w, safetext.Terminal(line))
}

// cellMax is the longest name printed in a terminal table, in characters.
const cellMax = 60

// cell makes a name from a file or the configuration fit for a tabwriter
// cell: escaped for the terminal (a tab or newline would break the table)
// and shortened to cellMax characters with an ellipsis; the full name is in
// the Parquet tables and inspect --json.
func cell(s string) string {
	s, _ = safetext.Shorten(s, cellMax)
	return safetext.Terminal(s)
}

// warnNoLoad says on stderr why there is no training load when the hr_max
// estimated from the data is not above hr_rest (a configured pair like
// that is refused by config). The report's data quality says it too.
func warnNoLoad(o *opts, res *analyze.Result) {
	if res.HRMaxEstimated && res.HRMax <= res.HRRest {
		o.log.Warn("training load not computed: the hr_max estimated from your data is not above athlete.hr_rest; set athlete.hr_max or lower athlete.hr_rest",
			"hr_max", res.HRMax, "hr_rest", res.HRRest)
	}
}

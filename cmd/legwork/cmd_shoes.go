package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/legwork-run/legwork/analyze"
	"github.com/legwork-run/legwork/internal/units"
	"github.com/legwork-run/legwork/store"
)

// shoesCmd prints the shoe table from --out/data: a table for the
// terminal, or with --json one object per shoe with the shoes.parquet
// columns as keys (store.ShoeRow).
func shoesCmd(ctx context.Context, o *opts) error {
	res, err := store.Read(o.out)
	if err != nil {
		return fmt.Errorf("%w (run 'legwork run' first)", err)
	}
	if o.json {
		return shoesJSON(o.stdout, res.Shoes)
	}
	if len(res.Shoes) == 0 {
		fmt.Fprintln(o.stdout, "No shoes configured: add [[shoes]] entries to legwork.toml.")
		return nil
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "shoe\tdistance\truns\tfirst run\tlast run\tstatus\treplace by\n")
	for _, s := range res.Shoes {
		status := string(s.Status)
		if s.Retired {
			status += " (retired)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", cell(s.Name), dist(s.DistanceM, o.units), s.Runs,
			day(s.FirstRun), day(s.LastRun), status, day(s.ReplaceBy))
	}
	return tw.Flush()
}

// dist formats meters in the chosen units ("mi" or "km"): "12.3 mi".
func dist(m float64, u string) string { return units.Of(u).Dist(m) }

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

// shoesJSON writes one JSON object per shoe, escaped for the terminal
// like inspect --json.
func shoesJSON(w io.Writer, shoes []analyze.ShoeTotal) error {
	enc := json.NewEncoder(terminalJSON{w})
	enc.SetEscapeHTML(false)
	for _, s := range shoes {
		if err := enc.Encode(store.ShoeRowOf(s)); err != nil {
			return err
		}
	}
	return nil
}

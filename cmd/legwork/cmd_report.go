package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/legwork-run/legwork/store"
)

// reportCmd re-renders the report from --out/data, reading no input.
func reportCmd(ctx context.Context, o *opts) error {
	if err := precheckOut(o); err != nil {
		return err
	}
	unlock, err := lockOut(ctx, o)
	if err != nil {
		return err
	}
	defer unlock()
	res, err := store.Read(o.out)
	if err != nil {
		return fmt.Errorf("%w (run 'legwork run' first)", err)
	}
	if o.changes, err = store.ReadChanges(o.out); err != nil {
		o.log.Warn("the report leaves out what changed since the run before", "err", err)
	}
	if err := writeOutputs(ctx, o, res, false); err != nil {
		return err
	}
	if !o.quiet {
		printEscaped(o.stdout, "wrote %s\n", filepath.Join(o.out, "report.html"))
	}
	return nil
}

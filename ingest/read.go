package ingest

import (
	"context"
	"log/slog"
	"time"
)

// Options control Read.
type Options struct {
	// Zone is the configured zone (athlete.timezone or --tz) for files that
	// carry neither an offset nor a usable position. Nil means UTC.
	Zone *time.Location
	// Workers is the number of files decoded at once; 0 means all cores.
	Workers int
	// Log receives one debug line per file; nil discards.
	Log *slog.Logger
	// Progress, when set, is called after each file with the files done and
	// the files found so far.
	Progress func(done, total int)
}

// Batch is what Read found in its inputs.
type Batch struct {
	// Activities are sorted by Source, then Index: the same inputs give the
	// same order whatever the number of workers.
	Activities []Activity
	// Errors are the files (or archive members) that could not be read, in
	// Source order.
	Errors []*DecodeError
	// Skipped are the files that hold no activity (settings, monitoring,
	// courses, waypoint-only GPX…), in Source order. Each wraps ErrNoActivity.
	Skipped []*DecodeError
	// Files is the number of files (including archive members) looked at.
	Files int
}

// Read walks inputs (directories recursively, files, .zip and .gz archives
// held in memory), decodes every FIT, GPX and TCX file on all cores, reads a
// Strava export's activities.csv for gear, localizes each activity and marks
// duplicates. Sources are relative to the input directory they were found
// in, or the path as given for a file input. A file that cannot be read is
// an entry in Batch.Errors, not an error; the error is only for a missing
// input or a cancelled ctx.
func Read(ctx context.Context, inputs []string, opt Options) (*Batch, error) {
	panic("not implemented")
}

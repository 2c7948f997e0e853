// Package atomicfile replaces files and directories so that a reader, or the
// next run after a crash or a kill, sees either the old content or the new
// one, never a mix of both and never a half-written file.
//
// WriteFile replaces one file: it writes a temporary file in the same
// directory, syncs it and renames it over the target. ReplaceDir replaces a
// whole directory (legwork's data/): the new content is written into a
// sibling temporary directory, which is then swapped in with two renames;
// Resolve tells a reader where the current content is should a run have
// been killed between those two renames. See ReplaceDir for the exact scheme.
//
// The package knows nothing about legwork's files; store and internal/outdir
// use it for single files, and internal/demogen for the demo folder
// (legwork run replaces data/ together with the reports through
// internal/outdir; Resolve still finds the data/ of an older legwork that
// used ReplaceDir and was killed mid-swap). It does not lock:
// callers that may run concurrently on the same directory hold store.Lock.
package atomicfile

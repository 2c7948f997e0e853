// Package outdir keeps legwork's output directory (--out) safe: legwork
// deletes or replaces only what it wrote itself, and the outputs of one run
// (data/, charts/, report.html, report.md) change together or not at all.
//
// Ownership. The manifest --out/.legwork (ManifestFile, JSON) lists every
// file and directory legwork wrote at the last commit, as slash paths
// relative to --out ("data/", "data/run.json", "report.html"). Check refuses
// (with a *ForeignError naming the path) a data/, cache/, charts/,
// report.html or report.md that neither the manifest lists nor looks like
// the output of an older legwork, which wrote no manifest: a data/ holding
// a legwork run.json and only *.parquet files and the tables' CSV files
// (activities.csv, weeks.csv, shoes.csv, flags.csv) and a changes.json
// besides, a charts/ holding only legwork's chart names, a cache/ holding
// only an ingest.bin that starts with legwork's cache header, a report.html
// with legwork's generator meta
// tag, a report.md ending in legwork's footer.
//
// Inputs. CheckInputs refuses an --out that is an input or holds one, and
// returns the real path of an --out inside an input folder for the walk to
// skip (ingest.Options.Skip).
//
// Commit scheme. A run renders everything first, then writes all its
// outputs into one staging directory inside --out, .legwork-stage-<random>
// (Stage), laid out as they will be at the top level, together with the new
// manifest. Commit then:
//
//  1. creates <stage>/prev/ and writes the journal --out/.legwork-commit
//     (JSON: the stage's name and the entries to move), atomically;
//     from this moment the commit is decided and will be rolled forward;
//  2. for each entry E: renames --out/E (if any) to <stage>/prev/E and
//     <stage>/E to --out/E;
//  3. syncs --out, removes the journal and then the stage (which now holds
//     the previous outputs).
//
// A failure before step 1 changes nothing. A failure in step 2 is rolled
// back (entries moved back) when possible, else left to be rolled forward.
// A kill at any point leaves either no journal (the previous outputs are
// whole at the top level; the stage is a leftover) or a journal, in which
// case Recover, run under the lock by the next legwork command before it
// reads or writes anything, finishes step 2 and 3 (roll forward: each step
// is idempotent, an entry is moved only while it is still in the stage).
// DataDir tells a reader that takes no lock where the current tables are
// while a journal is pending.
//
// Leftovers. Tidy removes what killed runs leave, and only names that match
// legwork's own temporary patterns (a 10-character random suffix of
// [a-z2-7]): .legwork-stage-*, .report.html.tmp-*, .report.md.tmp-*,
// .legwork.tmp-*, .data.new-* and, inside data/ and charts/, .*.tmp-*; a
// .data.old of an older legwork killed mid-swap is restored or removed.
//
// The package knows legwork's file names but not their contents beyond the
// markers above; it does not lock (callers hold store.Lock).
package outdir

// Package corpus finds the shared real-file test corpus (../shared/corpus
// beside the repository, or $CORPUS_DIR) and reads its EXPECTED.tsv. Only
// tests import it.
//
// A test that needs the corpus calls Dir: it skips with a message when the
// corpus is missing on a user's clone, and fails when CI=true, where the
// corpus must be present.
package corpus

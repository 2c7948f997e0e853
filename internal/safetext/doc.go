// Package safetext makes text that comes from files and configuration (file
// and zip member names, shoe and activity names, decoder messages) safe to
// show: on a terminal, where control characters would move the cursor, set
// the window title or hide lines, and in the reports, where bidirectional
// controls would reorder the text around them and very long names would
// overflow their place.
//
// It is a leaf package: cmd/legwork and report import it, it imports only
// the standard library. It does not escape for HTML or Markdown syntax;
// templates and report's own escaping do that.
package safetext

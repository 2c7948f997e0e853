// Package report renders an analyze.Result for people: one self-contained
// HTML file (inline CSS and SVG, no scripts, no network requests), the same
// content as Markdown, and the charts as standalone SVG files that the
// Markdown refers to as charts/NAME.svg.
//
// It sits at the end of the data flow, beside store: it imports analyze and,
// of legwork, the leaf packages internal/safetext and internal/units and
// internal/phrase (the flags' sentences, worded in the report's units). It
// does no analysis of its own: every number and flag comes from the Result,
// and report only converts meters to the display units (through
// internal/units), formats, sorts and lays out. Writing files atomically is left to the caller
// (cmd/legwork); WriteHTML, WriteMarkdown and Charts only produce bytes.
// Options.Changes (analyze.Compare of the previous run's Result and this
// one) adds a "Since the last report" section after the summary cards; a
// first run has none.
//
// Every flag shows what happened (its numbers), why it matters and what to
// do now; the words come from internal/phrase (Advice, Target, SoreLegs), the
// one place they are written, so report.html, report.md and the --alert
// lines say the same. An "If your legs are sore" box follows the summary
// when a caution or high flag is current. On a screen 480 px wide or less
// the tables turn into one compact card per row (CSS over data-label
// attributes), the columns that matter first; tools/browsercheck checks
// the layout and axe-core's accessibility rules in Chromium.
//
// Templates are embedded and parsed once. Text that comes from files or from
// the configuration (shoe names, sources, devices, messages) is escaped by
// html/template in the HTML and the SVG, and by the mdcell function in the
// Markdown (which also escapes GitHub's extensions: strikethrough, autolinks,
// math). It is isolated from the text around it (<bdi>, or FSI … PDI where an
// element cannot go) so that right-to-left text or a U+202E cannot reorder
// it, and names are shortened with "…" (the HTML keeps the whole name in a
// title attribute); internal/safetext does the isolating and shortening.
//
// squad.go renders a coach's squad page (WriteSquadHTML, WriteSquadMarkdown:
// index.html and index.md of legwork squad) from each athlete's stored
// Result: one row per athlete, worst first, turning into one card per
// athlete at 480 px and below. Options.Title heads a report with the
// athlete's name.
package report

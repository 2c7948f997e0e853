// Package browsercheck holds no code, only a test: it opens a legwork
// report.html in headless Chromium through the DevTools protocol
// (chromedp) at a phone and a desktop width and checks what a person
// would: no console error, no request leaving the file, no sideways
// scrolling of the page, the key columns of every table inside the
// viewport, nothing clipped, and no serious or critical axe-core
// violation.
//
// It is a module of its own so that chromedp stays out of legwork's
// go.mod. axe-core comes from npm (`npm ci` here, pinned in
// package.json); Chromium from the system. Outside CI a missing browser or
// axe-core skips the test with a message; with CI=true it fails.
//
//	cd tools/browsercheck && npm ci && LEGWORK_OUT=$PWD/../../legwork-out go test -count=1 ./...
//
// Screenshots go to $LEGWORK_SHOTS_DIR when it is set.
package browsercheck

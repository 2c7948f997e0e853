// Command demogen writes legwork's demo exports:
//
//	go run ./internal/demogen/cmd/demogen -o testdata/demo
//
// It replaces the directory given with -o by the files demogen.Build
// returns; the same code always writes the same bytes. With -history N it
// writes N generated FIT runs instead (demogen.History), for benchmarks:
//
//	go run ./internal/demogen/cmd/demogen -history 780 -o /tmp/history
//
// -gpx-history N and -tcx-history N write N Strava-style .gpx.gz or Garmin
// Connect .tcx runs into -o instead (demogen.WriteGPXHistory,
// demogen.WriteTCXHistory).
package main

package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// storedZipOf is zipOf without compression, as zips inside zips often are.
func storedZipOf(t testing.TB, kv ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(kv); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: kv[i].(string), Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(kv[i+1].([]byte)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A Garmin Connect bulk export: the outer zip holds UploadedFiles part zips,
// stored or deflated, each bigger than the per-member cap; both are read.
func TestReadGarminStyleNestedZips(t *testing.T) {
	tmp := t.TempDir()
	run := func(day int) []byte { return runGPX(readT0.Add(time.Duration(day)*24*time.Hour), 45, 7, 400) }
	var kv1 []any
	for day := range 14 {
		kv1 = append(kv1, fmt.Sprintf("r%02d.gpx", day), run(day))
	}
	part1 := zipOf(t, kv1...)
	part2 := storedZipOf(t, "c.gpx", run(20), "d/e.gpx", run(21))
	outer := storedZipOf(t,
		"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", part1,
		"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip", part2,
		"DI_CONNECT/DI-Connect-User/user_profile.json", []byte("{}"))
	writeFile(t, filepath.Join(tmp, "export.zip"), outer)

	// The per-member cap fits one GPX file but neither part zip.
	opt := testOptions(&fakeFinder{})
	opt.MaxMemberBytes = int64(len(run(0)) + 100)
	if int64(len(part1)) <= opt.MaxMemberBytes || int64(len(part2)) <= opt.MaxMemberBytes {
		t.Fatalf("fixture: part zips of %d and %d bytes must exceed the cap of %d", len(part1), len(part2), opt.MaxMemberBytes)
	}
	b, err := Read(context.Background(), []string{filepath.Join(tmp, "export.zip")}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Errors) > 0 {
		t.Fatalf("errors: %v", b.Errors)
	}
	prefix := filepath.ToSlash(filepath.Join(tmp, "export.zip")) + "!/DI_CONNECT/DI-Connect-Uploaded-Files/"
	var want []string
	for day := range 14 {
		want = append(want, fmt.Sprintf("%sUploadedFiles_0-_Part1.zip!/r%02d.gpx#0", prefix, day))
	}
	want = append(want, prefix+"UploadedFiles_0-_Part2.zip!/c.gpx#0", prefix+"UploadedFiles_0-_Part2.zip!/d/e.gpx#0")
	if got := sources(b); !slices.Equal(got, want) {
		t.Errorf("sources\n%q\nwant\n%q", got, want)
	}
}

// With the default caps, a member that inflates a thousandfold is refused by
// its ratio, while the good member beside it is read.
func TestReadZipBombByRatio(t *testing.T) {
	tmp := t.TempDir()
	zeros := make([]byte, 20<<20)
	writeFile(t, filepath.Join(tmp, "bomb.zip"), zipOf(t, "a-good.gpx", runGPX(readT0, 45, 7, 10), "bomb.gpx", zeros))
	b, err := Read(context.Background(), []string{tmp}, testOptions(&fakeFinder{}))
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(b); !slices.Equal(got, []string{"bomb.zip!/a-good.gpx#0"}) {
		t.Errorf("sources %q", got)
	}
	if len(b.Errors) != 1 || b.Errors[0].Source() != "bomb.zip!/bomb.gpx" || !strings.Contains(b.Errors[0].Error(), "zip bomb") {
		t.Errorf("errors %v, want one zip-bomb error for bomb.zip!/bomb.gpx", b.Errors)
	}
}

// A plain file larger than the per-file cap is refused without being read.
func TestReadRefusesHugeFile(t *testing.T) {
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "a.gpx"), runGPX(readT0, 45, 7, 10))
	writeFile(t, filepath.Join(tmp, "video.fit"), make([]byte, 4096))
	opt := testOptions(&fakeFinder{})
	opt.MaxMemberBytes = 2048
	b, err := Read(context.Background(), []string{tmp}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := sources(b); !slices.Equal(got, []string{"a.gpx#0"}) {
		t.Errorf("sources %q", got)
	}
	if len(b.Errors) != 1 || b.Errors[0].Source() != "video.fit" || !strings.Contains(b.Errors[0].Error(), "larger than the cap") {
		t.Errorf("errors %v, want video.fit refused by size", b.Errors)
	}
}

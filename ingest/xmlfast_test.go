package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameActivities fails t unless a fast pass's activities (got) are those
// of the full path (want), naming the first that differs.
func sameActivities(t testing.TB, source string, got, want []Activity) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			g, w := got[i], want[i]
			g.Samples, w.Samples = nil, nil
			t.Fatalf("%s: activity %d differs:\nfast %+v\nfull %+v\nsamples equal: %v", source, i, g, w,
				reflect.DeepEqual(got[i].Samples, want[i].Samples))
		}
	}
	t.Fatalf("%s: fast pass gives %d activities, full path %d", source, len(got), len(want))
}

// xmlTestFiles returns the files named *ext (".gpx", ".tcx"), gunzipped
// *ext.gz files and *ext members of zips under the given folders, by path
// ("a.zip:member" for members).
func xmlTestFiles(t *testing.T, ext string, dirs ...string) map[string][]byte {
	files := map[string][]byte{}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			lower := strings.ToLower(path)
			switch {
			case strings.HasSuffix(lower, ext):
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				files[path] = b
			case strings.HasSuffix(lower, ext+".gz"):
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					return err
				}
				if files[path], err = io.ReadAll(zr); err != nil {
					return err
				}
			case strings.HasSuffix(lower, ".zip"):
				zr, err := zip.OpenReader(path)
				if err != nil {
					return nil // a broken zip is another test's business
				}
				defer zr.Close()
				for _, f := range zr.File {
					if !strings.HasSuffix(strings.ToLower(f.Name), ext) {
						continue
					}
					rc, err := f.Open()
					if err != nil {
						return err
					}
					b, err := io.ReadAll(rc)
					rc.Close()
					if err != nil {
						return err
					}
					files[path+":"+f.Name] = b
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

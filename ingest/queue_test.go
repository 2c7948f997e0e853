package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestQueueLargestFirst checks that workers get archives first, then files
// by decreasing size (a .gz weighed as 8 times its size), ties in the order
// queued.
func TestQueueLargestFirst(t *testing.T) {
	dir := t.TempDir()
	sizes := map[string]int{"a.fit": 100, "b.gpx": 5000, "c.gpx.gz": 1000, "d.fit": 100, "e.tcx": 7000, "f.zip": 10}
	var items []workItem
	for _, name := range []string{"a.fit", "b.gpx", "c.gpx.gz", "d.fit", "e.tcx", "f.zip"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, sizes[name]), 0o666); err != nil {
			t.Fatal(err)
		}
		items = append(items, workItem{source: name, name: name, path: p})
	}
	q := newWorkQueue()
	q.push(items...)
	var got []string
	for range items {
		u, ok := q.pop()
		if !ok {
			t.Fatal("queue ran dry")
		}
		got = append(got, u.source)
		q.done()
	}
	want := []string{"f.zip", "c.gpx.gz", "e.tcx", "b.gpx", "a.fit", "d.fit"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if _, ok := q.pop(); ok {
		t.Error("queue not empty")
	}
}

package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// identicalRuns gives n copies of one 30-minute run, as a hostile archive
// whose members all point at the same stored file does.
func identicalRuns(n int) []Activity {
	acts := make([]Activity, n)
	for i := range acts {
		acts[i] = Activity{ID: fmt.Sprintf("%08d", i), Source: fmt.Sprintf("a.zip!/%08d.fit", i), Format: "fit",
			Start: readT0, Elapsed: 30 * time.Minute, DistanceM: 5000, HasDistance: true}
	}
	return acts
}

func TestMarkDuplicatesIdenticalMany(t *testing.T) {
	// 100,000 copies of one range: all but one are duplicates of the first
	// by source, found without comparing every pair (a pairwise pass took
	// minutes here).
	acts := identicalRuns(100_000)
	if err := markDuplicates(context.Background(), acts); err != nil {
		t.Fatal(err)
	}
	for i, a := range acts {
		want := acts[0].ID
		if i == 0 {
			want = ""
		}
		if a.DuplicateOf != want {
			t.Fatalf("activity %d: duplicate of %q, want %q", i, a.DuplicateOf, want)
		}
	}
}

func TestMarkDuplicatesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := markDuplicates(ctx, identicalRuns(50_000))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestMarkDuplicatesStaggered(t *testing.T) {
	// A run every 20 minutes lasting 30: each overlaps the next by 10
	// minutes, a third of either, so nothing is a duplicate however long
	// the chain.
	acts := make([]Activity, 5000)
	for i := range acts {
		acts[i] = Activity{ID: fmt.Sprintf("%05d", i), Source: fmt.Sprintf("%05d.gpx", i), Format: "gpx",
			Start: readT0.Add(time.Duration(i) * 20 * time.Minute), Elapsed: 30 * time.Minute}
	}
	if err := markDuplicates(context.Background(), acts); err != nil {
		t.Fatal(err)
	}
	for i, a := range acts {
		if a.DuplicateOf != "" {
			t.Fatalf("activity %d is a duplicate of %s", i, a.DuplicateOf)
		}
	}
}

// TestMarkDuplicatesMatchesPairwise checks the range queries against the
// rule applied to every pair, on mixed sessions.
func TestMarkDuplicatesMatchesPairwise(t *testing.T) {
	var acts []Activity
	formats := []Format{FormatFIT, FormatTCX, FormatGPX}
	for i := range 400 {
		// Deterministic spread: starts over two days, lengths 0 to 3 h.
		start := time.Duration((i*7919)%2880) * time.Minute
		length := time.Duration((i*104729)%181) * time.Minute
		acts = append(acts, Activity{ID: fmt.Sprintf("%03d", i), Source: fmt.Sprintf("%03d", i), Format: formats[i%3],
			Start: readT0.Add(start), Elapsed: length, NSamples: i % 5, Partial: i%7 == 0})
	}
	got := append([]Activity(nil), acts...)
	if err := markDuplicates(context.Background(), got); err != nil {
		t.Fatal(err)
	}
	// The same greedy pass, pairwise.
	want := append([]Activity(nil), acts...)
	order := make([]int, len(want))
	for i := range order {
		order[i] = i
	}
	sortBy(order, func(i, j int) int { return richer(&want[i], &want[j]) })
	placed := make([]bool, len(want))
	for _, k := range order {
		if placed[k] {
			continue
		}
		placed[k] = true
		for _, j := range order {
			if !placed[j] && sameRun(&want[k], &want[j]) {
				placed[j] = true
				want[j].DuplicateOf = want[k].ID
			}
		}
	}
	dups := 0
	for i := range got {
		if got[i].DuplicateOf != want[i].DuplicateOf {
			t.Errorf("activity %d: duplicate of %q, want %q", i, got[i].DuplicateOf, want[i].DuplicateOf)
		}
		if got[i].DuplicateOf != "" {
			dups++
		}
	}
	if dups == 0 {
		t.Error("no duplicates at all: the case tests nothing")
	}
}

func BenchmarkMarkDuplicatesIdentical(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		acts := identicalRuns(160_000)
		b.StartTimer()
		if err := markDuplicates(context.Background(), acts); err != nil {
			b.Fatal(err)
		}
	}
}

func sortBy(s []int, f func(i, j int) int) { slices.SortStableFunc(s, f) }

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims/corpus"
	"github.com/claimtrail/claimtrail/db"
)

// TestSmoke runs every scenario briefly against the real server, on a
// temporary database and then on an existing one (-db): every request
// must succeed, and the summary must carry every row.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	ctx := context.Background()
	dir := t.TempDir()
	bin := filepath.Join(dir, "claimtrail")
	if err := build(ctx, bin); err != nil {
		t.Fatal(err)
	}
	o := options{clients: []int{2}, duration: 200 * time.Millisecond, claims: 10, scenarios: scenarioKeys, bin: bin}

	t.Run("Temporary", func(t *testing.T) {
		var out bytes.Buffer
		rep, err := run(ctx, o, &out)
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		checkReport(t, rep, len(scenarioKeys))
	})

	t.Run("ExistingDB", func(t *testing.T) {
		path := filepath.Join(dir, "corpus.db")
		store, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.LoadCorpus(ctx, corpus.New(corpus.Config{Claims: 100}), 100, nil); err != nil {
			t.Fatal(err)
		}
		if err := store.Close(); err != nil {
			t.Fatal(err)
		}
		o := o
		o.db, o.scenarios = path, []string{"get", "search", "verdict"}
		o.profile, o.profileAt = t.TempDir(), 2
		var out bytes.Buffer
		rep, err := run(ctx, o, &out)
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		checkReport(t, rep, 3)
		if rep.coldStart <= 0 || !strings.Contains(rep.database, "100 claims") {
			t.Errorf("cold start %v, database %q", rep.coldStart, rep.database)
		}
		for _, key := range o.scenarios {
			if fi, err := os.Stat(filepath.Join(o.profile, key+"-2.prof")); err != nil || fi.Size() == 0 {
				t.Errorf("profile of %s: %v", key, err)
			}
		}
	})
}

// checkReport checks that rep has rows results, all without errors, and a
// summary that shows them.
func checkReport(t *testing.T, rep *report, rows int) {
	t.Helper()
	if len(rep.results) != rows {
		t.Fatalf("%d results, want %d", len(rep.results), rows)
	}
	if rep.floor <= 0 || rep.start <= 0 || rep.startRSS <= 0 {
		t.Errorf("floor %.0f, start %v, RSS %d MB", rep.floor, rep.start, rep.startRSS)
	}
	for _, r := range rep.results {
		if r.requests == 0 || r.errors > 0 || r.rssMB <= 0 || r.peakMB < r.rssMB {
			t.Errorf("%s: %d requests, %d errors (%s), RSS %d MB, peak %d MB", r.scenario, r.requests, r.errors, r.firstError, r.rssMB, r.peakMB)
		}
	}
	var md bytes.Buffer
	if err := rep.markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.results {
		if !strings.Contains(md.String(), "| "+r.scenario+" | 2 | ") {
			t.Errorf("the summary lacks %s:\n%s", r.scenario, md.String())
		}
	}
}

package db

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// TestCorpusWorkspace measures the review queue and the dashboard on a
// corpus made by cmd/claimgen, named by CLAIMTRAIL_CORPUS (skipped without
// it), as TestCorpusLatency does for search:
//
//	go run -tags sqlite_fts5 ./cmd/claimgen -db /tmp/corpus.db -claims 1000000
//	CLAIMTRAIL_CORPUS=/tmp/corpus.db go test -tags sqlite_fts5 -run TestCorpusWorkspace -v ./db
//
// The corpus is one importer's ("claimgen"): every document is its, so its
// "new in my documents" queue is the worst case, every new claim of the
// corpus; a seventh of the claims await approval.
func TestCorpusWorkspace(t *testing.T) {
	path := os.Getenv("CLAIMTRAIL_CORPUS")
	if path == "" {
		t.Skip("set CLAIMTRAIL_CORPUS to a database made by cmd/claimgen")
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM claims`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var mid string
	if err := db.r.QueryRowContext(ctx, `SELECT id FROM claims WHERE rowid = ?`, n/2).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d claims", n)
	measure := func(name string, runs int, fn func() error) {
		t.Helper()
		var times []time.Duration
		for range runs {
			start := time.Now()
			if err := fn(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		t.Logf("%-40s median %8.2f ms  max %8.2f ms", name, ms(times[len(times)/2]), ms(times[len(times)-1]))
	}
	for _, q := range []claims.QueueFilter{
		{Queue: claims.QueueApproval, UserID: "someone-else"},
		{Queue: claims.QueueApproval, UserID: "someone-else", Kind: claims.KindAnalytical},
		{Queue: claims.QueueDisputed},
		{Queue: claims.QueueAssigned, UserID: "nobody"},
		{Queue: claims.QueueNew, UserName: "claimgen"},
		{Queue: claims.QueueNew, UserName: "an editor with no documents"},
	} {
		f := q
		f.Limit = 25
		label := string(q.Queue) + " " + string(q.Kind) + " " + q.UserName
		var next string
		measure("FindQueue "+label, 5, func() error {
			var err error
			_, next, err = db.FindQueue(ctx, f)
			return err
		})
		if next != "" {
			g := f
			g.Cursor = next
			measure("FindQueue page 2 "+label, 5, func() error { _, _, err := db.FindQueue(ctx, g); return err })
		}
		measure("CountQueue(100) "+label, 5, func() error { _, err := db.CountQueue(ctx, f, 100); return err })
		measure("QueueNeighbors "+label, 5, func() error { _, _, err := db.QueueNeighbors(ctx, f, mid); return err })
	}
	measure("Dashboard", 3, func() error {
		_, err := db.Dashboard(ctx, claims.DashboardFilter{Sources: 10, Weeks: 12})
		return err
	})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

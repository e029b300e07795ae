package db

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestMetrics checks the store's metrics through a registry, as /metrics
// serves them: names and help pass the linter, writes are counted by
// result, the queue depth shows waiting writes, and the audit log's size
// follows commits and survives a reopen.
func TestMetrics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(db); err != nil {
		t.Fatalf("Register: %v", err)
	}
	problems, err := testutil.GatherAndLint(reg)
	if err != nil || len(problems) > 0 {
		t.Fatalf("lint: %v %v", problems, err)
	}

	mustSource(t, db, "Xi")
	mustSource(t, db, "Łukaszenka")
	mustSource(t, db, "ISW")
	err = db.write(ctx, func(tx *Tx) error { return claims.Errorf(claims.ECONFLICT, "no") })
	wantCode(t, err, claims.ECONFLICT)
	const want = `
# HELP claimtrail_audit_log_events Events in the audit log (the size of its Merkle tree), as of the writer's last commit.
# TYPE claimtrail_audit_log_events gauge
claimtrail_audit_log_events 3
# HELP claimtrail_db_writes_total Writes answered by the writer, by result: ok (committed), failed, cancelled (the caller gave up before it started).
# TYPE claimtrail_db_writes_total counter
claimtrail_db_writes_total{result="cancelled"} 0
claimtrail_db_writes_total{result="failed"} 1
claimtrail_db_writes_total{result="ok"} 3
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "claimtrail_audit_log_events", "claimtrail_db_writes_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(db, "claimtrail_db_commit_batch_size", "claimtrail_db_commit_duration_seconds"); n != 2 {
		t.Errorf("%d histograms, want 2", n)
	}

	release := holdWriter(t, db)
	answer := queued(t, db, func() error {
		return db.CreateSource(ctx, editor, &claims.Source{Name: "Queued", Type: claims.SourcePerson})
	})
	if got := testutil.ToFloat64(db.metrics.queueDepth); got != 1 {
		t.Errorf("queue depth %v while one write waits, want 1", got)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := <-answer; err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(db.metrics.queueDepth); got != 0 {
		t.Errorf("queue depth %v when idle, want 0", got)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := testutil.ToFloat64(db.metrics.logEvents); got != 4 {
		t.Errorf("audit log size %v after reopening, want 4", got)
	}
}

package db

import (
	"path/filepath"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/corpus"
)

// TestLoadCorpus loads a small corpus through the bulk path: search finds
// its claims and the audit log, one event per row, verifies.
func TestLoadCorpus(t *testing.T) {
	db := newTestDB(t)
	cfg := corpus.Config{Claims: 300}
	if err := db.LoadCorpus(ctx, corpus.New(cfg), 128, nil); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "claims"); n != 300 {
		t.Fatalf("%d claims", n)
	}
	list, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: "Lukashenko"})
	if err != nil || len(list) == 0 {
		t.Fatalf("search in the corpus: %d, %v", len(list), err)
	}
	checkAuditLog(t, db)
}

func BenchmarkLoadCorpus(b *testing.B) {
	for b.Loop() {
		db, err := Open(ctx, filepath.Join(b.TempDir(), "c.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := db.LoadCorpus(ctx, corpus.New(corpus.Config{Claims: 5000}), 5000, nil); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}

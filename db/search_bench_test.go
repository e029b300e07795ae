package db

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/corpus"
)

// TestCorpusLatency measures search, similar claims and claim list pages
// on a corpus made by cmd/claimgen, named by CLAIMTRAIL_CORPUS (skipped
// without it: the default test run never touches a large corpus):
//
//	go run -tags sqlite_fts5 ./cmd/claimgen -db /tmp/corpus.db -claims 1000000 -sources 20000 -documents 100000
//	CLAIMTRAIL_CORPUS=/tmp/corpus.db go test -tags sqlite_fts5 -run TestCorpusLatency -v ./db
//
// It prints medians, p95 and p99 over CLAIMTRAIL_QUERIES queries (default
// 1000) drawn from the corpus vocabulary, and the index size per claim.
func TestCorpusLatency(t *testing.T) {
	path := os.Getenv("CLAIMTRAIL_CORPUS")
	if path == "" {
		t.Skip("set CLAIMTRAIL_CORPUS to a database made by cmd/claimgen")
	}
	n := 1000
	fmt.Sscan(os.Getenv("CLAIMTRAIL_QUERIES"), &n)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(1, 2))
	vocab := corpus.Vocabulary()
	word := func() string { return vocab[r.IntN(len(vocab))] }

	var claimsN int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM claims`).Scan(&claimsN); err != nil {
		t.Fatal(err)
	}
	var texts []string
	rows, err := db.r.QueryContext(ctx, `SELECT text FROM claims WHERE rowid % 997 = 0`)
	if err != nil {
		t.Fatal(err)
	}
	texts, _ = scanIDs(rows)
	var keys []cursor
	rows, err = db.r.QueryContext(ctx, `SELECT created_at, id FROM claims WHERE rowid % 991 = 0`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var at time.Time
		var id string
		if err := rows.Scan(&at, &id); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, cursor{timeKey(at), id})
	}
	rows.Close()

	measure := func(name string, fn func(i int) error) {
		d := make([]time.Duration, 0, n)
		for i := range n {
			start := time.Now()
			if err := fn(i); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			d = append(d, time.Since(start))
		}
		slices.Sort(d)
		q := func(p float64) time.Duration {
			return d[min(len(d)-1, int(p*float64(len(d))))].Round(10 * time.Microsecond)
		}
		t.Logf("| %-28s | %6d | %9s | %9s | %9s | %9s |", name, n, q(0.5), q(0.95), q(0.99), d[len(d)-1].Round(10*time.Microsecond))
	}
	t.Logf("corpus: %d claims", claimsN)
	t.Logf("| %-28s | %6s | %9s | %9s | %9s | %9s |", "query", "n", "median", "p95", "p99", "max")
	measure("search, 1 word", func(int) error {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: word()})
		return err
	})
	measure("search, 2 words", func(int) error {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: word() + " " + word()})
		return err
	})
	measure("search, prefix", func(int) error {
		w := []rune(word())
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: string(w[:min(len(w), 4)]) + "*"})
		return err
	})
	measure("search + status filter", func(int) error {
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: word(), Status: claims.StatusProposed})
		return err
	})
	measure("similar claims", func(i int) error {
		_, err := db.FindSimilarClaims(ctx, texts[i%len(texts)], 5)
		return err
	})
	filters := []claims.ClaimFilter{{}, {Status: claims.StatusProposed}, {Kind: claims.KindAnalytical}, {Status: claims.StatusNew}}
	measure("list page, random depth", func(i int) error {
		f := filters[i%len(filters)]
		k := keys[r.IntN(len(keys))]
		f.Cursor = encodeCursor(k.Key, k.ID)
		_, _, err := db.FindClaims(ctx, f)
		return err
	})

	// The FTS5 index is the blocks of its shadow table (dbstat is not
	// compiled into the driver's SQLite).
	var ftsBytes int64
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(length(block)), 0) FROM claim_fts_data`).Scan(&ftsBytes); err != nil {
		t.Fatal(err)
	}
	if claimsN > 0 {
		t.Logf("claim_fts: %d bytes, %d bytes/claim", ftsBytes, ftsBytes/int64(claimsN))
	}
}

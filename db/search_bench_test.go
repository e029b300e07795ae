package db

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
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
// 1000) drawn from the corpus vocabulary, with each query's CPU time, and
// the index size per claim.
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
	var sourceIDs []string
	rows, err = db.r.QueryContext(ctx, `SELECT source_id FROM claims WHERE rowid % 983 = 0`)
	if err != nil {
		t.Fatal(err)
	}
	sourceIDs, _ = scanIDs(rows)
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

	// Besides the wall time, the CPU time of the thread that ran the query
	// (SQLite runs on the calling thread; see threadCPU): on a machine
	// shared with other work the wall time also counts the waits for a
	// core, the CPU time does not.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	measure := func(name string, fn func(i int) error) {
		d := make([]time.Duration, 0, n)
		cpu := make([]time.Duration, 0, n)
		for i := range n {
			c0 := threadCPU()
			start := time.Now()
			if err := fn(i); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			d = append(d, time.Since(start))
			cpu = append(cpu, threadCPU()-c0)
		}
		slices.Sort(d)
		slices.Sort(cpu)
		q := func(d []time.Duration, p float64) time.Duration {
			return d[min(len(d)-1, int(p*float64(len(d))))].Round(10 * time.Microsecond)
		}
		t.Logf("| %-28s | %5d | %9s | %9s | %9s | %9s | %9s | %9s |", name, n, q(d, 0.5), q(d, 0.95), q(d, 0.99),
			d[len(d)-1].Round(10*time.Microsecond), q(cpu, 0.5), q(cpu, 0.95))
	}
	t.Logf("corpus: %d claims", claimsN)
	t.Logf("| %-28s | %5s | %9s | %9s | %9s | %9s | %9s | %9s |", "query", "n", "median", "p95", "p99", "max", "cpu med", "cpu p95")
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
	measure("search + source filter", func(i int) error {
		// A claim's source: sources with many claims come up more often,
		// as they do in a newsroom.
		_, _, err := db.FindClaims(ctx, claims.ClaimFilter{Q: word(), SourceID: sourceIDs[i%len(sourceIDs)]})
		return err
	})
	measure("similar claims", func(i int) error {
		_, err := db.FindSimilarClaims(ctx, texts[i%len(texts)], 5)
		return err
	})
	// The same texts again: claim matching's stem counts are cached now,
	// as they are in a server that has been answering for a while.
	measure("similar claims, counts cached", func(i int) error {
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

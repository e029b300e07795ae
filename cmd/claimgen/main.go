// Command claimgen fills a claimtrail database with a generated corpus
// (package claims/corpus) through the store's bulk path, for benchmarks:
//
//	go run -tags sqlite_fts5 ./cmd/claimgen -db /tmp/corpus.db -claims 1000000 -sources 20000 -documents 100000
//
// Every row gets its audit event; the log verifies afterwards.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/claimtrail/claimtrail/claims/corpus"
	"github.com/claimtrail/claimtrail/db"
)

func main() {
	path := flag.String("db", "corpus.db", "database file to create or add to")
	var cfg corpus.Config
	flag.IntVar(&cfg.Claims, "claims", corpus.DefaultClaims, "claims to generate")
	flag.IntVar(&cfg.Sources, "sources", 0, "sources (default claims/50)")
	flag.IntVar(&cfg.Documents, "documents", 0, "documents (default claims/10)")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "random seed")
	batch := flag.Int("batch", 2000, "rows per transaction (each must commit within the store's 10 s write timeout)")
	flag.Parse()

	ctx := context.Background()
	store, err := db.Open(ctx, *path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "claimgen:", err)
		os.Exit(1)
	}
	start := time.Now()
	err = store.LoadCorpus(ctx, corpus.New(cfg), *batch, func(what string, done, total int) {
		fmt.Fprintf(os.Stderr, "\r%-9s %8d/%d  %s", what, done, total, time.Since(start).Round(time.Second))
		if done == total {
			fmt.Fprintln(os.Stderr)
		}
	})
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "claimgen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "done in %s\n", time.Since(start).Round(time.Second))
}

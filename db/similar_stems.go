package db

import (
	"sync"
	"time"
)

// Claim matching leaves out the stems found in more than commonStemShare
// of all claims (but never those in fewer than commonStemFloor): in a
// newsroom's claims "said", "minister" or "delegation" are everywhere, their
// posting lists are the longest in the index, and they tell candidates
// apart least. The counts come from an fts5vocab table over claim_fts and
// are cached: a stem's count only grows, and reading it walks its posting
// list.
const (
	commonStemShare  = 0.02
	commonStemFloor  = 200
	stemCacheEntries = 100_000
	claimCountMaxAge = time.Minute
)

// stemCounts caches how many claims hold each stem, and the claim count.
type stemCounts struct {
	mu      sync.Mutex
	docs    map[string]int
	claims  int64
	claimAt time.Time
}

// commonStems returns, for claim matching in tx, the test of whether a
// stem is too common to ask for. Counts it cannot read count as rare.
func (db *DB) commonStems(tx *Tx) func(stem string) bool {
	sc := &db.stems
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.docs == nil || len(sc.docs) > stemCacheEntries {
		sc.docs = make(map[string]int)
	}
	if time.Since(sc.claimAt) > claimCountMaxAge {
		// Claims are never deleted, so the largest rowid is their count.
		if err := tx.queryRow(`SELECT coalesce(max(rowid), 0) FROM claims`).Scan(&sc.claims); err == nil {
			sc.claimAt = time.Now()
		}
	}
	limit := max(int(float64(sc.claims)*commonStemShare), commonStemFloor)
	vocab := false
	return func(stem string) bool {
		sc.mu.Lock()
		n, ok := sc.docs[stem]
		sc.mu.Unlock()
		if !ok {
			if !vocab {
				// A temp table lives on the (read-only) connection, which may
				// write its own temp schema.
				if _, err := tx.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.claim_vocab USING fts5vocab(main, claim_fts, 'col')`); err != nil {
					return false
				}
				vocab = true
			}
			if err := tx.queryRow(`SELECT coalesce(max(doc), 0) FROM temp.claim_vocab WHERE term = ? AND col = 'stems'`, stem).Scan(&n); err != nil {
				return false
			}
			sc.mu.Lock()
			sc.docs[stem] = n
			sc.mu.Unlock()
		}
		return n > limit
	}
}

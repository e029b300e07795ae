package db

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// Search and claim matching decide how to query from how many claims hold
// a term of the index: a stem, a word, a phrase (the FTS5 expressions of
// search.Query.Phrases and search.StemsQuery). FTS5 keeps no such count,
// and what it costs them grows with it: bm25 walks, once per query, every
// row of every phrase in the expression, however few rows the whole
// expression matches, and an AND of two common stems reads far more rows
// than one of two rare ones.
//
// A count is read by running the term's MATCH with a LIMIT, as far as the
// question needs (rankPhraseLimit for search, countCap for claim
// matching), ~0.1 µs a row: a few milliseconds at most whatever the size
// of the corpus (an fts5vocab count walks the whole posting list: 50 ms
// for a word in half of a million claims), and exact below the limit.
// Counts of at least termCacheFloor are cached, each for
// termCountMaxAge (one at a time, so that they are not all read again at
// once): they only grow with new claims, and a stale one makes a
// query slower or ranked differently for a while, never wrong. Smaller
// ones are read again every time, which costs less than the query they
// serve: cached, the count of a word no claim held yet would hide the
// claim just written with it from claim matching.
const (
	termCountMaxAge  = 10 * time.Minute
	termCacheEntries = 100_000
	termCacheFloor   = 256
)

// The sizes the plans of search and claim matching turn on, with their
// defaults. They are absolute, not shares of the corpus, because they
// bound work per query: a share of a million claims is a lot of rows.
const (
	// rankLimit: a search matching more claims than this lists them
	// newest first instead of by bm25, which costs about 3 µs a row
	// (see searchClaims).
	rankLimit = 500
	// rankPhraseLimit: a search of several terms is ranked by bm25 only
	// if each of its phrases is in fewer claims than this: bm25 walks
	// them all, ~0.07 µs a row.
	rankPhraseLimit = 5000
	// countCap: terms in at least this many claims count the same. Claim
	// matching orders a text's stems by their counts, and over a million
	// claims most stems of a template corpus are in more than 5,000.
	countCap = 25_000
	// indexFirstLimit: a filtered search whose filters select at most this
	// many claims tests those claims against the query instead of reading
	// the index (see searchClaims).
	indexFirstLimit = 1000
	// candidateLimit: claim matching re-ranks at most this many candidates
	// with search.Score (~15 µs each, read and scored).
	candidateLimit = 100
)

// searchLimits are the sizes above, as a store uses them: tests lower them
// to reach every plan with a few claims. A zero field takes the default.
type searchLimits struct {
	rank, rankPhrase, count, indexFirst, candidates int
}

// stemCounts caches how many rows of an index hold a term, by the index
// and the term's MATCH expression.
type stemCounts struct {
	mu     sync.Mutex
	n      map[string]termCount
	limits searchLimits
}

// termCount is a count read with a LIMIT at a time: n is exact when below
// limit.
type termCount struct {
	n, limit int
	at       time.Time
}

// searchLimits returns the store's plan sizes (see searchLimits).
func (db *DB) searchLimits() searchLimits {
	l := db.stems.limits
	for _, f := range []struct {
		v   *int
		def int
	}{{&l.rank, rankLimit}, {&l.rankPhrase, rankPhraseLimit}, {&l.count, countCap}, {&l.indexFirst, indexFirstLimit},
		{&l.candidates, candidateLimit}} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	return l
}

// termCount returns how many rows of table (claim_fts or document_fts, our
// own constants) match the MATCH expression expr, up to limit (a larger
// number reads as limit), cached.
func (db *DB) termCount(tx *Tx, table, expr string, limit int) (int, error) {
	key := table + " " + expr
	sc := &db.stems
	sc.mu.Lock()
	if sc.n == nil || len(sc.n) > termCacheEntries {
		sc.n = make(map[string]termCount)
	}
	c, ok := sc.n[key]
	sc.mu.Unlock()
	if ok && (c.n < c.limit || c.limit >= limit) && time.Since(c.at) < termCountMaxAge {
		return min(c.n, limit), nil
	}
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM (SELECT 1 FROM `+table+` WHERE `+table+` MATCH ? LIMIT CAST(? AS INTEGER))`,
		expr, limit).Scan(&n); err != nil {
		return 0, err
	}
	if n >= termCacheFloor {
		sc.mu.Lock()
		sc.n[key] = termCount{n, limit, time.Now()}
		sc.mu.Unlock()
	}
	return n, nil
}

// FindSimilarClaims returns at most limit claims closest to text, best
// first by search.Score, without those scoring below minSimilarScore, each
// with its source and current verdict.
//
// Score is computed on at most candidateLimit candidates at a time, which
// the index finds from the text's rarest stems (fewest claims hold them,
// see termCount; stems no claim holds are left out): the claims holding
// all of the two rarest, narrowed by the next rarest while there are more
// than candidateLimit of them (up to maxAndStems stems, the newest of the
// wider set filling what is left; see stemsCandidates, which may start
// narrower). If that does not yield limit claims scoring at least
// minSimilarScore, wider ANDs down to the two rarest follow, then the
// claims holding either of the two rarest. A claim that repeats the text
// shares its rare stems (names, numbers, the unusual word) whatever else
// it rewords; an OR of every stem of a text would instead score every
// claim holding any of them, for common words a large share of the
// corpus.
func (db *DB) FindSimilarClaims(ctx context.Context, text string, limit int) ([]*claims.SimilarClaim, error) {
	out := []*claims.SimilarClaim{}
	terms := search.SimilarTerms(text)
	if len(terms) == 0 || limit <= 0 {
		return out, nil
	}
	limit = min(limit, claims.MaxPageSize)
	sig := search.NewSignature(text)
	err := db.read(ctx, func(tx *Tx) error {
		rare, counts, err := db.rareStems(tx, terms)
		if err != nil || len(rare) == 0 {
			return err
		}
		cands := map[string]float64{}
		seen := map[int64]bool{}
		score := func(rowids []int64) error {
			var fresh []int64
			for _, r := range rowids {
				if !seen[r] {
					seen[r], fresh = true, append(fresh, r)
				}
			}
			return scoreCandidates(tx, fresh, sig, cands)
		}
		lim := db.searchLimits()
		rowids, start, err := db.stemsCandidates(tx, rare, counts, lim.candidates)
		if err != nil {
			return err
		}
		if err := score(rowids); err != nil {
			return err
		}
		for k := start - 1; k >= 2 && len(cands) < limit; k-- {
			// Started past the two rarest and found too few: widen.
			rowids, err := stemsRows(tx, search.TermsQuery(rare[:k], true), lim.candidates)
			if err != nil {
				return err
			}
			if err := score(rowids); err != nil {
				return err
			}
		}
		if len(cands) < limit && len(rare) > 1 {
			rowids, err := stemsRows(tx, search.TermsQuery(rare[:2], false), lim.candidates)
			if err != nil {
				return err
			}
			if err := score(rowids); err != nil {
				return err
			}
		}
		type cand struct {
			id    string
			score float64
		}
		var best []cand
		for id, sc := range cands {
			best = append(best, cand{id, sc})
		}
		slices.SortFunc(best, func(a, b cand) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		for _, cd := range best[:min(len(best), limit)] {
			c, err := findClaim(tx, cd.id)
			if err != nil {
				return err
			}
			if c.Source, err = findSource(tx, c.SourceID); err != nil {
				return fmt.Errorf("claim %s source: %w", c.ID, err)
			}
			verdicts, err := findClaimVerdicts(tx, c.ID)
			if err != nil {
				return err
			}
			out = append(out, &claims.SimilarClaim{Claim: c, Score: cd.score, Verdict: currentVerdict(verdicts)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// minSimilarScore is the score below which a candidate is not shown as
// similar at all; maxAndStems is how many of the rarest stems claim
// matching ANDs at most.
const (
	minSimilarScore = 0.2
	maxAndStems     = 4
)

// rareStems returns the stems of terms that some claim holds and how many
// claims hold each, those held by the fewest claims first (counts capped
// at countCap tie, and keep the order of terms: names and numbers, then
// longer stems).
func (db *DB) rareStems(tx *Tx, terms []search.SimilarTerm) ([]string, []int, error) {
	type counted struct {
		stem string
		n    int
	}
	var cs []counted
	for _, t := range terms {
		n, err := db.termCount(tx, "claim_fts", search.StemsQuery([]string{t.Stem}, false), db.searchLimits().count)
		if err != nil {
			return nil, nil, fmt.Errorf("count stem: %w", err)
		}
		if n > 0 {
			cs = append(cs, counted{t.Stem, n})
		}
	}
	slices.SortStableFunc(cs, func(a, b counted) int { return cmp.Compare(a.n, b.n) })
	stems, counts := make([]string, len(cs)), make([]int, len(cs))
	for i, c := range cs {
		stems[i], counts[i] = c.stem, c.n
	}
	return stems, counts, nil
}

// stemsCandidates returns the rowids of at most n claims holding all of
// the rarest stems (see FindSimilarClaims), newest first within each set,
// and how many stems its first probe ANDed. It starts with the two
// rarest, or with more when so many claims would hold two that they are
// bound to be narrowed, were the stems independent: an AND that finds few
// rows walks its posting lists whole, and one that is narrowed anyway
// costs a probe for nothing.
func (db *DB) stemsCandidates(tx *Tx, rare []string, counts []int, n int) ([]int64, int, error) {
	var total int64
	if err := tx.queryRow(`SELECT coalesce(max(rowid), 0) FROM claims`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count claims: %w", err)
	}
	top := min(len(rare), maxAndStems)
	start := min(2, len(rare))
	for ; start < top; start++ {
		expect := float64(total)
		for _, c := range counts[:start] {
			expect *= float64(c) / float64(max(total, 1))
		}
		if expect <= float64(2*n) {
			break
		}
	}
	var wider []int64
	for k := start; ; k++ {
		rows, err := stemsRows(tx, search.TermsQuery(rare[:k], true), n+1)
		if err != nil {
			return nil, 0, err
		}
		if len(rows) <= n || k == top {
			rows = rows[:min(len(rows), n)]
			for _, r := range wider {
				if len(rows) >= n {
					break
				}
				if !slices.Contains(rows, r) {
					rows = append(rows, r)
				}
			}
			return rows, start, nil
		}
		wider = rows
	}
}

// stemsRows returns the rowids of the newest n claims matching expr.
func stemsRows(tx *Tx, expr string, n int) ([]int64, error) {
	rows, err := tx.query(`SELECT rowid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY rowid DESC LIMIT CAST(? AS INTEGER)`, expr, n)
	if err != nil {
		return nil, fmt.Errorf("similar claims: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("similar claims: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scoreCandidates reads the texts of the claims with rowids and adds to
// cands (by claim id) those scoring at least minSimilarScore against sig.
func scoreCandidates(tx *Tx, rowids []int64, sig search.Signature, cands map[string]float64) error {
	if len(rowids) == 0 {
		return nil
	}
	list, _ := json.Marshal(rowids)
	rows, err := tx.query(`SELECT id, text FROM claims WHERE rowid IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return fmt.Errorf("similar claims: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return fmt.Errorf("scan similar claim: %w", err)
		}
		if sc := search.Score(sig, search.NewSignature(text)); sc >= minSimilarScore {
			cands[id] = sc
		}
	}
	return rows.Err()
}

// currentVerdict returns the approved verdict, or else the latest
// proposed one (verdicts are oldest first), or nil.
func currentVerdict(verdicts []*claims.Verdict) *claims.Verdict {
	var proposed *claims.Verdict
	for _, v := range verdicts {
		switch v.State {
		case claims.VerdictApproved:
			return v
		case claims.VerdictProposed:
			proposed = v
		}
	}
	return proposed
}

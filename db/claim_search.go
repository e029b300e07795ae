package db

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// searchClaims is FindClaims with a search: the claims whose index row
// matches q and the conditions where, ordered by bm25 (folded words weigh
// twice their stems, see search.Query.FTS5), then newest first. Newest is
// rowid order: claims are never deleted, so a new claim's rowid is above
// every other's, and both CreateClaim (one writer, the transaction's clock)
// and Load (the corpus in time order) insert them in time order. Its cursor
// is the last row's rank and rowid.
//
// Without filters (where is only "1") the page is ranked inside FTS5 first
// (ORDER BY bm25, rowid LIMIT over claim_fts alone, a top-N sort) and only
// the page is joined to claims and sources: a word in a large share of all
// claims would otherwise join every match.
func (db *DB) searchClaims(ctx context.Context, q search.Query, where []string, args []any, cursor string, limit int) ([]*claims.Claim, string, error) {
	list := []*claims.Claim{}
	if q.Empty() {
		// Nothing to look for: FTS5 refuses an empty MATCH, and a search
		// box holding only punctuation matches no claim.
		return list, "", nil
	}
	r, rid, err := decodeClaimRankCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var query string
	qargs := []any{q.FTS5()}
	if len(where) == 1 {
		keyset := ""
		if rid != 0 {
			keyset = ` AND (bm25(claim_fts, 2.0, 1.0) > ? OR (bm25(claim_fts, 2.0, 1.0) = ? AND rowid < ?))`
			qargs = append(qargs, r, r, rid)
		}
		query = `SELECT ` + claimListColumns + `, h.r, h.rid
			FROM (SELECT rowid AS rid, bm25(claim_fts, 2.0, 1.0) AS r FROM claim_fts
			      WHERE claim_fts MATCH ?` + keyset + `
			      ORDER BY r, rid DESC LIMIT ?) h
			JOIN claims c ON c.rowid = h.rid
			JOIN sources s ON s.id = c.source_id
			ORDER BY h.r, h.rid DESC`
		qargs = append(qargs, limit+1)
	} else {
		if rid != 0 {
			where = append(where, "(h.r > ? OR (h.r = ? AND h.rid < ?))")
			args = append(args, r, r, rid)
		}
		query = `SELECT ` + claimListColumns + `, h.r, h.rid
			FROM (SELECT rowid AS rid, bm25(claim_fts, 2.0, 1.0) AS r FROM claim_fts WHERE claim_fts MATCH ?) h
			JOIN claims c ON c.rowid = h.rid
			JOIN sources s ON s.id = c.source_id
			WHERE ` + strings.Join(where, " AND ") + `
			ORDER BY h.r, h.rid DESC
			LIMIT ?`
		qargs = append(append(qargs, args...), limit+1)
	}
	type key struct {
		r   float64
		rid int64
	}
	var keys []*key
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(query, qargs...)
		if err != nil {
			return fmt.Errorf("search claims: %w", err)
		}
		list, err = scanClaimList(rows, func() []any {
			k := new(key)
			keys = append(keys, k)
			return []any{&k.r, &k.rid}
		})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	keyOf := make(map[*claims.Claim]*key, len(list))
	for i, c := range list {
		keyOf[c] = keys[i]
	}
	list, next := cutPage(list, limit, func(c *claims.Claim) string {
		k := keyOf[c]
		return encodeCursor(strconv.FormatFloat(k.r, 'g', -1, 64), strconv.FormatInt(k.rid, 10))
	})
	return list, next, nil
}

// decodeClaimRankCursor parses a claim search cursor (rank, rowid); ""
// is the first page, with rowid 0.
func decodeClaimRankCursor(s string) (rank float64, rowid int64, err error) {
	cur, err := decodeCursor(s)
	if err != nil || cur.ID == "" {
		return 0, 0, err
	}
	r, err1 := strconv.ParseFloat(cur.Key, 64)
	id, err2 := strconv.ParseInt(cur.ID, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return 0, 0, badCursor()
	}
	return r, id, nil
}

// FindSimilarClaims returns at most limit claims closest to text, best
// first: the candidates SimilarQueryExcept finds without the stems too
// common to tell claims apart (commonStems) (the best candidateLimit by
// bm25), re-ranked by search.Score against text, without those scoring
// below minSimilarScore, each with its source and current verdict.
func (db *DB) FindSimilarClaims(ctx context.Context, text string, limit int) ([]*claims.SimilarClaim, error) {
	out := []*claims.SimilarClaim{}
	if search.SimilarQuery(text) == "" || limit <= 0 {
		return out, nil
	}
	limit = min(limit, claims.MaxPageSize)
	sig := search.NewSignature(text)
	err := db.read(ctx, func(tx *Tx) error {
		expr := search.SimilarQueryExcept(text, db.commonStems(tx))
		rows, err := tx.query(`
			SELECT c.id, c.text
			FROM (SELECT rowid AS rid FROM claim_fts WHERE claim_fts MATCH ? ORDER BY bm25(claim_fts, 2.0, 1.0) LIMIT ?) h
			JOIN claims c ON c.rowid = h.rid`, expr, candidateLimit)
		if err != nil {
			return fmt.Errorf("similar claims: %w", err)
		}
		defer rows.Close()
		type cand struct {
			id    string
			score float64
		}
		var cands []cand
		for rows.Next() {
			var id, ctext string
			if err := rows.Scan(&id, &ctext); err != nil {
				return fmt.Errorf("scan similar claim: %w", err)
			}
			if sc := search.Score(sig, search.NewSignature(ctext)); sc >= minSimilarScore {
				cands = append(cands, cand{id, sc})
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("similar claims: %w", err)
		}
		slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
		for _, cd := range cands[:min(len(cands), limit)] {
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

// Claim matching: how many candidates bm25 hands to Score, and the score
// below which a candidate is not shown as similar at all.
const (
	candidateLimit  = 200
	minSimilarScore = 0.2
)

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

// searchDocuments is FindDocuments with a search, in the manner of
// searchClaims.
func (db *DB) searchDocuments(ctx context.Context, q search.Query, cursor string, limit int) ([]*claims.Document, string, error) {
	list := []*claims.Document{}
	if q.Empty() {
		return list, "", nil
	}
	r, after, id, err := decodeRankCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var ranks []float64
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`
			SELECT d.id, d.title, d.url, d.publisher, d.language, d.published_at, d.body, d.sha256, d.links, d.supersedes,
			       d.created_at, d.created_by,
			       (SELECT count(*) FROM claims WHERE claims.document_id = d.id), h.r
			FROM (SELECT rowid AS rid, bm25(document_fts, 2.0, 1.0) AS r FROM document_fts WHERE document_fts MATCH ?) h
			JOIN documents d ON d.rowid = h.rid
			WHERE ? = '' OR h.r > ? OR (h.r = ? AND (d.created_at, d.id) < (?, ?))
			ORDER BY h.r, d.created_at DESC, d.id DESC
			LIMIT ?`, q.FTS5(), id, r, r, after, id, limit+1)
		if err != nil {
			return fmt.Errorf("search documents: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var rank float64
			d, err := scanDocument(rankScanner{rows, &rank})
			if err != nil {
				return err
			}
			list, ranks = append(list, d), append(ranks, rank)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	rankOf := make(map[*claims.Document]float64, len(list))
	for i, d := range list {
		rankOf[d] = ranks[i]
	}
	list, next := cutPage(list, limit, func(d *claims.Document) string { return rankCursor(rankOf[d], d.CreatedAt, d.ID) })
	return list, next, nil
}

// rankScanner scans one more column, the rank, after the ones asked for.
type rankScanner struct {
	row  scanner
	rank *float64
}

func (s rankScanner) Scan(dest ...any) error { return s.row.Scan(append(dest, s.rank)...) }

// rankCursor is the cursor after a search result: its rank, time and id.
func rankCursor(rank float64, at time.Time, id string) string {
	return encodeCursor(strconv.FormatFloat(rank, 'g', -1, 64)+" "+timeKey(at), id)
}

// decodeRankCursor parses a cursor made by rankCursor; "" is the first
// page, with an empty id.
func decodeRankCursor(s string) (rank float64, at time.Time, id string, err error) {
	cur, err := decodeCursor(s)
	if err != nil || cur.ID == "" {
		return 0, time.Time{}, "", err
	}
	rs, ts, ok := strings.Cut(cur.Key, " ")
	r, err1 := strconv.ParseFloat(rs, 64)
	t, err2 := time.Parse(time.RFC3339Nano, ts)
	if !ok || err1 != nil || err2 != nil {
		return 0, time.Time{}, "", badCursor()
	}
	return r, t.UTC(), cur.ID, nil
}

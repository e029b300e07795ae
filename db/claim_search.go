package db

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// searchClaims is FindClaims with a search: the claims whose index row
// matches q and the conditions where, in one of two orders, chosen on the
// first page and kept by the cursor:
//
//   - by bm25 (folded words weigh twice their stems, see
//     search.Query.FTS5), then newest first, when that is cheap: the
//     query matches at most rankLimit claims and, with several terms, none
//     of its phrases is in rankPhraseLimit claims or more (bm25 walks
//     every row of every phrase, however few rows the whole query
//     matches);
//   - newest first otherwise. Among thousands of matches of a common word
//     bm25 tells rows apart mostly by their length; FTS5 streams matches
//     in rowid order and stops at the page, whereas ranking reads them
//     all. Claim matching (FindSimilarClaims) is the ranked answer to
//     "have we checked this before?".
//
// Newest is rowid order: claims are never deleted, so a new claim's rowid
// is above every other's, and both CreateClaim (one writer, the
// transaction's clock) and Load (the corpus in time order) insert them in
// time order.
//
// Unfiltered, the page is taken from claim_fts alone and only the page is
// joined to claims and sources. Filtered and newest first, the search
// starts from the rarer side: when the filters select at most
// indexFirstLimit claims it reads those and tests them with
// search.Query.Match (asking FTS5 about one row at a time costs a seek in
// every segment of every phrase, ~0.1 ms a row), otherwise it walks the
// matches newest first and stops at the page.
func (db *DB) searchClaims(ctx context.Context, q search.Query, where []string, args []any, cursorText string, limit int) ([]*claims.Claim, string, error) {
	list := []*claims.Claim{}
	if q.Empty() {
		// Nothing to look for: FTS5 refuses an empty MATCH, and a search
		// box holding only punctuation matches no claim.
		return list, "", nil
	}
	cur, err := decodeSearchCursor(cursorText)
	if err != nil {
		return nil, "", err
	}
	var keys []searchKey
	err = db.read(ctx, func(tx *Tx) error {
		if q, err = expandPrefixes(tx, q); err != nil {
			return err
		}
		var newest []int64 // the newest matches, when searchNewest read them
		if cursorText == "" {
			if cur.newest, newest, err = db.searchNewest(tx, "claim_fts", q); err != nil {
				return err
			}
		}
		switch {
		case cur.newest && len(where) == 1 && newest != nil:
			// The page is among the matches searchNewest read.
			list, keys, err = claimsByRowid(tx, newest[:min(len(newest), limit+1)])
			return err
		case cur.newest && len(where) > 1:
			var done bool
			if list, keys, done, err = db.indexFirstPage(tx, q, where, args, cur, limit); err != nil || done {
				return err
			}
		}
		query, qargs := rankedQuery(q, where, args, cur, limit)
		if cur.newest {
			query, qargs = newestQuery(q, where, args, cur, limit)
		}
		list, keys, err = searchPage(tx, query, qargs)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	keyOf := make(map[*claims.Claim]searchKey, len(list))
	for i, c := range list {
		keyOf[c] = keys[i]
	}
	list, next := cutPage(list, limit, func(c *claims.Claim) string { return keyOf[c].cursor(cur.newest) })
	return list, next, nil
}

// searchNewest reports whether a search of table (claim_fts or
// document_fts) for q lists its matches newest first rather than by bm25
// (see searchClaims). It decides from the counts of q's phrases
// (termCount, cached) when they suffice, and otherwise reads up to
// rankLimit+1 of the newest matches, which it returns, newest first: a
// first page without filters is among them and needs no second walk of
// the index.
func (db *DB) searchNewest(tx *Tx, table string, q search.Query) (bool, []int64, error) {
	lim := db.searchLimits()
	terms, phrases := q.Terms(), q.Phrases()
	upper, lower := math.MaxInt, 0 // bounds on the number of matches
	for i, ps := range phrases {
		sum, most := 0, 0
		for _, p := range ps {
			n, err := db.termCount(tx, table, p, lim.rankPhrase)
			if err != nil {
				return false, nil, fmt.Errorf("count matches: %w", err)
			}
			if n >= lim.rankPhrase && len(terms) > 1 {
				return true, nil, nil // bm25 would walk too many rows
			}
			sum, most = sum+n, max(most, n)
		}
		if t := terms[i]; !t.Exact && !t.Prefix {
			sum = most // the stem phrase holds every row of the word
		}
		upper = min(upper, sum)
		if len(terms) == 1 {
			lower = most
		}
	}
	switch {
	case upper <= lim.rank:
		return false, nil, nil
	case lower > lim.rank:
		return true, nil, nil
	}
	rowids, err := matchRowids(tx, table, q.MatchFTS5(), 0, lim.rank+1)
	if err != nil {
		return false, nil, fmt.Errorf("count matches: %w", err)
	}
	if len(rowids) > lim.rank {
		return true, rowids, nil
	}
	return false, nil, nil
}

// matchRowids returns the rowids of the newest n rows of table matching
// expr with a rowid below before (0: any), newest first.
func matchRowids(tx *Tx, table, expr string, before int64, n int) ([]int64, error) {
	if before == 0 {
		before = math.MaxInt64
	}
	rows, err := tx.query(`SELECT rowid FROM `+table+` WHERE `+table+` MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT CAST(? AS INTEGER)`,
		expr, before, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// claimsByRowid reads the claims with rowids, in the order of rowids
// (newest first, as search pages read newest first list them).
func claimsByRowid(tx *Tx, rowids []int64) ([]*claims.Claim, []searchKey, error) {
	ids, _ := json.Marshal(rowids)
	return searchPage(tx, `SELECT `+claimListColumns+`, 0, c.rowid
		FROM claims c JOIN sources s ON s.id = c.source_id
		WHERE c.rowid IN (SELECT value FROM json_each(?))
		ORDER BY c.rowid DESC`, []any{string(ids)})
}

// rankedQuery returns the query of a page of matches by bm25, then newest
// first, and its arguments. Without
// filters (where is only "1") the page is ranked inside FTS5 (ORDER BY
// bm25, rowid LIMIT over claim_fts alone, a top-N sort) and only the page
// is joined; with filters every match is joined, which searchNewest keeps
// to rankLimit rows. The CROSS JOIN keeps claim_fts the outer loop: the
// other way round would run the MATCH, and bm25's walk of every phrase,
// once per claim the filters select.
func rankedQuery(q search.Query, where []string, args []any, cur searchCursor, limit int) (string, []any) {
	var query string
	qargs := []any{q.FTS5()}
	if len(where) == 1 {
		keyset := ""
		if cur.rid != 0 {
			keyset = ` AND (bm25(claim_fts, 2.0, 1.0) > ? OR (bm25(claim_fts, 2.0, 1.0) = ? AND rowid < ?))`
			qargs = append(qargs, cur.rank, cur.rank, cur.rid)
		}
		query = `SELECT ` + claimListColumns + `, h.r, h.rid
			FROM (SELECT rowid AS rid, bm25(claim_fts, 2.0, 1.0) AS r FROM claim_fts
			      WHERE claim_fts MATCH ?` + keyset + `
			      ORDER BY r, rid DESC LIMIT CAST(? AS INTEGER)) h
			CROSS JOIN claims c ON c.rowid = h.rid
			JOIN sources s ON s.id = c.source_id
			ORDER BY h.r, h.rid DESC`
		qargs = append(qargs, limit+1)
	} else {
		if cur.rid != 0 {
			where = append(where, "(h.r > ? OR (h.r = ? AND h.rid < ?))")
			args = append(args, cur.rank, cur.rank, cur.rid)
		}
		query = `SELECT ` + claimListColumns + `, h.r, h.rid
			FROM (SELECT rowid AS rid, bm25(claim_fts, 2.0, 1.0) AS r FROM claim_fts WHERE claim_fts MATCH ?) h
			CROSS JOIN claims c ON c.rowid = h.rid
			JOIN sources s ON s.id = c.source_id
			WHERE ` + strings.Join(where, " AND ") + `
			ORDER BY h.r, h.rid DESC
			LIMIT CAST(? AS INTEGER)`
		qargs = append(append(qargs, args...), limit+1)
	}
	return query, qargs
}

// newestQuery returns the query of a page of matches newest first, and its
// arguments: it walks the matches in rowid order from the cursor (FTS5
// streams that order) and stops when the page is full. The CROSS JOIN
// keeps claim_fts the outer loop, as in rankedQuery.
func newestQuery(q search.Query, where []string, args []any, cur searchCursor, limit int) (string, []any) {
	before := cur.rid
	if before == 0 {
		before = math.MaxInt64
	}
	query := `SELECT ` + claimListColumns + `, 0, h.rid
		FROM (SELECT rowid AS rid FROM claim_fts WHERE claim_fts MATCH ? AND rowid < ? ORDER BY rowid DESC) h
		CROSS JOIN claims c ON c.rowid = h.rid
		JOIN sources s ON s.id = c.source_id
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY h.rid DESC
		LIMIT CAST(? AS INTEGER)`
	return query, append(append([]any{q.MatchFTS5(), before}, args...), limit+1)
}

// indexFirstPage reads a page of matches newest first when the filters
// select at most indexFirstLimit claims: it reads what each of those
// claims' index row holds and tests it with q.Match. done is false when
// the filters select more, and nothing was read.
func (db *DB) indexFirstPage(tx *Tx, q search.Query, where []string, args []any, cur searchCursor, limit int) (list []*claims.Claim, keys []searchKey, done bool, err error) {
	lim := db.searchLimits()
	cond := strings.Join(where, " AND ")
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM (SELECT 1 FROM claims c WHERE `+cond+` LIMIT CAST(? AS INTEGER))`,
		append(slices.Clone(args), lim.indexFirst+1)...).Scan(&n); err != nil {
		return nil, nil, false, fmt.Errorf("count filtered claims: %w", err)
	}
	if n > lim.indexFirst {
		return nil, nil, false, nil
	}
	rows, err := tx.query(`
		SELECT c.rowid, c.text, c.quote_exact, c.tags, s.name, s.aliases,
		       (SELECT group_concat(v.rationale, char(10) ORDER BY v.created_at, v.id) FROM verdicts v WHERE v.claim_id = c.id)
		FROM claims c JOIN sources s ON s.id = c.source_id
		WHERE `+cond, args...)
	if err != nil {
		return nil, nil, false, fmt.Errorf("read filtered claims: %w", err)
	}
	defer rows.Close()
	var found []int64
	for rows.Next() {
		var rid int64
		var text, tags, name, aliases string
		var quote, rationales sql.NullString
		if err := rows.Scan(&rid, &text, &quote, &tags, &name, &aliases, &rationales); err != nil {
			return nil, nil, false, fmt.Errorf("scan filtered claim: %w", err)
		}
		if cur.rid != 0 && rid >= cur.rid {
			continue
		}
		var tagList, aliasList []string
		if err := json.Unmarshal([]byte(tags), &tagList); err != nil {
			return nil, nil, false, fmt.Errorf("claim %d tags: %w", rid, err)
		}
		if err := json.Unmarshal([]byte(aliases), &aliasList); err != nil {
			return nil, nil, false, fmt.Errorf("claim %d source aliases: %w", rid, err)
		}
		if q.Match(claimIndexText(text, quote.String, tagList, name, aliasList, []string{rationales.String})) {
			found = append(found, rid)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, false, fmt.Errorf("read filtered claims: %w", err)
	}
	slices.SortFunc(found, func(a, b int64) int { return cmp.Compare(b, a) })
	list, keys, err = claimsByRowid(tx, found[:min(len(found), limit+1)])
	return list, keys, true, err
}

// maxPrefixWords is how many indexed words a prefix may stand for to be
// searched as those words (see search.Query.ExpandPrefixes): every word
// is a posting list FTS5 opens in every segment, about 0.1 ms each.
const maxPrefixWords = 32

// expandPrefixes returns q with its long prefixes searched as the words of
// search_terms they start, when there are at most maxPrefixWords.
func expandPrefixes(tx *Tx, q search.Query) (search.Query, error) {
	var err error
	x := q.ExpandPrefixes(func(prefix string) []string {
		if err != nil {
			return nil
		}
		var rows *sql.Rows
		rows, err = tx.query(`SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT CAST(? AS INTEGER)`,
			prefix, prefix+"\U0010FFFF", maxPrefixWords+1)
		if err != nil {
			err = fmt.Errorf("words of a prefix: %w", err)
			return nil
		}
		var words []string
		words, err = scanIDs(rows) // one text column, like ids
		if err != nil || len(words) > maxPrefixWords {
			return nil
		}
		return words
	})
	return x, err
}

// searchKey is where a search result sits in its order: its bm25 rank
// (0 when newest first) and rowid.
type searchKey struct {
	rank float64
	rid  int64
}

// searchPage runs a search query whose rows are claimListColumns, then
// the rank and the rowid.
func searchPage(tx *Tx, query string, args []any) ([]*claims.Claim, []searchKey, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("search claims: %w", err)
	}
	var keys []*searchKey
	list, err := scanClaimList(rows, func() []any {
		k := new(searchKey)
		keys = append(keys, k)
		return []any{&k.rank, &k.rid}
	})
	if err != nil {
		return nil, nil, err
	}
	out := make([]searchKey, len(keys))
	for i, k := range keys {
		out[i] = *k
	}
	return list, out, nil
}

// newestKey is the cursor key of a search listed newest first; the
// cursor of a ranked search holds the rank there.
const newestKey = "new"

// cursor returns the cursor of the page after k.
func (k searchKey) cursor(newest bool) string {
	if newest {
		return encodeCursor(newestKey, strconv.FormatInt(k.rid, 10))
	}
	return encodeCursor(strconv.FormatFloat(k.rank, 'g', -1, 64), strconv.FormatInt(k.rid, 10))
}

// searchCursor is a decoded claim search cursor: the order, and the rank
// and rowid of the last row of the page before (rid 0 on the first page).
type searchCursor struct {
	newest bool
	rank   float64
	rid    int64
}

// decodeSearchCursor parses a claim search cursor; "" is the first page.
func decodeSearchCursor(s string) (searchCursor, error) {
	cur, err := decodeCursor(s)
	if err != nil || cur.ID == "" {
		return searchCursor{}, err
	}
	var out searchCursor
	var err1 error
	if cur.Key == newestKey {
		out.newest = true
	} else {
		out.rank, err1 = strconv.ParseFloat(cur.Key, 64)
	}
	id, err2 := strconv.ParseInt(cur.ID, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return searchCursor{}, badCursor()
	}
	out.rid = id
	return out, nil
}

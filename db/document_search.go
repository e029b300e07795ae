package db

import (
	"context"
	"fmt"
	"math"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// searchDocuments is FindDocuments with a search, in the manner of
// searchClaims: by bm25, then newest first, when the query matches at
// most rankLimit documents and, with several terms, none of its phrases is
// in rankPhraseLimit documents or more; newest first otherwise. Newest is
// rowid order, as for claims: documents are never deleted and are
// imported in time order. Its cursor is a claim search cursor.
func (db *DB) searchDocuments(ctx context.Context, q search.Query, cursorText string, limit int) ([]*claims.Document, string, error) {
	list := []*claims.Document{}
	if q.Empty() {
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
		if cursorText == "" {
			if cur.newest, _, err = db.searchNewest(tx, "document_fts", q); err != nil {
				return err
			}
		}
		const columns = `d.id, d.title, d.url, d.publisher, d.language, d.published_at, d.body, d.sha256, d.links, d.supersedes,
			d.created_at, d.created_by, (SELECT count(*) FROM claims WHERE claims.document_id = d.id)`
		var query string
		var args []any
		if cur.newest {
			before := cur.rid
			if before == 0 {
				before = math.MaxInt64
			}
			query = `SELECT ` + columns + `, 0, h.rid
				FROM (SELECT rowid AS rid FROM document_fts WHERE document_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT CAST(? AS INTEGER)) h
				CROSS JOIN documents d ON d.rowid = h.rid
				ORDER BY h.rid DESC`
			args = []any{q.MatchFTS5(), before, limit + 1}
		} else {
			keyset := ""
			args = []any{q.FTS5()}
			if cur.rid != 0 {
				keyset = ` AND (bm25(document_fts, 2.0, 1.0) > ? OR (bm25(document_fts, 2.0, 1.0) = ? AND rowid < ?))`
				args = append(args, cur.rank, cur.rank, cur.rid)
			}
			query = `SELECT ` + columns + `, h.r, h.rid
				FROM (SELECT rowid AS rid, bm25(document_fts, 2.0, 1.0) AS r FROM document_fts
				      WHERE document_fts MATCH ?` + keyset + `
				      ORDER BY r, rid DESC LIMIT CAST(? AS INTEGER)) h
				CROSS JOIN documents d ON d.rowid = h.rid
				ORDER BY h.r, h.rid DESC`
			args = append(args, limit+1)
		}
		rows, err := tx.query(query, args...)
		if err != nil {
			return fmt.Errorf("search documents: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k searchKey
			d, err := scanDocument(keyScanner{rows, &k})
			if err != nil {
				return err
			}
			list, keys = append(list, d), append(keys, k)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	keyOf := make(map[*claims.Document]searchKey, len(list))
	for i, d := range list {
		keyOf[d] = keys[i]
	}
	list, next := cutPage(list, limit, func(d *claims.Document) string { return keyOf[d].cursor(cur.newest) })
	return list, next, nil
}

// keyScanner scans two more columns, a search result's rank and rowid,
// after the ones asked for.
type keyScanner struct {
	row scanner
	key *searchKey
}

func (s keyScanner) Scan(dest ...any) error {
	return s.row.Scan(append(dest, &s.key.rank, &s.key.rid)...)
}

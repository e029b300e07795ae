package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// FindClaims returns a page of claims, newest first, each with its source,
// and the cursor of the next page ("" on the last). Empty filter fields do
// not filter; a malformed cursor is EINVALID.
func (db *DB) FindClaims(ctx context.Context, f claims.ClaimFilter) ([]*claims.Claim, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	cur, after, err := decodeTimeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := claims.PageSize(f.Limit)
	qWhere, qArgs := claimTextMatch(f.Q)
	args := append([]any{
		cur.ID, after, cur.ID,
		f.Status, f.Status, f.Kind, f.Kind, f.SourceID, f.SourceID,
		f.DocumentID, f.DocumentID, f.Assignee, f.Assignee,
	}, qArgs...)
	args = append(args, limit+1)
	list := []*claims.Claim{}
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`
			SELECT c.id, c.text, c.kind, c.source_id, c.document_id, c.quote_exact, c.quote_prefix, c.quote_suffix,
			       c.quote_start, c.quote_end, c.provenance, c.status, c.assignee, c.tags, c.version,
			       c.created_at, c.updated_at, c.created_by,
			       s.id, s.name, s.type, s.aliases, s.url, s.description, s.version, s.created_at, s.updated_at
			FROM claims c JOIN sources s ON s.id = c.source_id
			WHERE (? = '' OR (c.created_at, c.id) < (?, ?))
			  AND (? = '' OR c.status = ?)
			  AND (? = '' OR c.kind = ?)
			  AND (? = '' OR c.source_id = ?)
			  AND (? = '' OR c.document_id = ?)
			  AND (? = '' OR c.assignee = ?)
			  AND `+qWhere+`
			ORDER BY c.created_at DESC, c.id DESC
			LIMIT ?`, args...)
		if err != nil {
			return fmt.Errorf("query claims: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c claims.Claim
			var s claims.Source
			var aliases string
			if err := scanClaim(rows, &c, &s.ID, &s.Name, &s.Type, &aliases, &s.URL, &s.Description,
				&s.Version, &s.CreatedAt, &s.UpdatedAt); err != nil {
				return fmt.Errorf("scan claim: %w", err)
			}
			if err := json.Unmarshal([]byte(aliases), &s.Aliases); err != nil {
				return fmt.Errorf("source %s aliases: %w", s.ID, err)
			}
			c.Source = &s
			list = append(list, &c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	list, next := cutPage(list, limit, func(c *claims.Claim) string { return encodeCursor(timeKey(c.CreatedAt), c.ID) })
	return list, next, nil
}

// ClaimStats returns how many claims are in each status, counted in one
// query. Every status of claims.Statuses is in the map, with 0 when no
// claim is in it.
func (db *DB) ClaimStats(ctx context.Context) (map[claims.Status]int, error) {
	stats := make(map[claims.Status]int, len(claims.Statuses))
	for _, st := range claims.Statuses {
		stats[st] = 0
	}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT status, count(*) FROM claims GROUP BY status`)
		if err != nil {
			return fmt.Errorf("count claims: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var st claims.Status
			var n int
			if err := rows.Scan(&st, &n); err != nil {
				return fmt.Errorf("scan claim count: %w", err)
			}
			stats[st] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return stats, nil
}

// claimTextMatch returns the SQL condition and arguments for the free-text
// query: a case-insensitive substring of the claim text. It is the one
// place that changes when full-text search arrives.
func claimTextMatch(q string) (string, []any) {
	q = fold(strings.TrimSpace(q))
	if q == "" {
		return "1", nil
	}
	return "instr(ct_fold(c.text), ?) > 0", []any{q}
}

package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// FindClaims returns a page of claims, each with its source, and the
// cursor of the next page ("" on the last). Without f.Q the claims are
// newest first; with it they are the claims matching the search (see
// package claims/search), best first by bm25, newer first among equals,
// or newest first when the search matches too many claims to rank (see
// searchClaims), and a search with no word in it matches nothing. Empty filter fields do not
// filter; a malformed cursor is EINVALID.
//
// The SQL is built from the filters that are set, so that SQLite plans
// each combination on its own and picks the index that serves it (see
// TestFindClaims_Plans); a "? = ” OR" condition would plan every
// combination as the unfiltered one and scan all claims for a rare
// status. Its bound values are CAST: SQLite prepares a statement again on
// every run when its plan may depend on a bound value, as with "column =
// ?" or LIMIT ? (see TestHotReadsStayPrepared), which cost the list more
// than running it.
func (db *DB) FindClaims(ctx context.Context, f claims.ClaimFilter) ([]*claims.Claim, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	limit := claims.PageSize(f.Limit)
	where, args := claimConditions(f)
	if strings.TrimSpace(f.Q) != "" {
		return db.searchClaims(ctx, search.ParseQuery(f.Q), where, args, f.Cursor, limit)
	}
	cur, after, err := decodeTimeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	if cur.ID != "" {
		where, args = append(where, "(c.created_at, c.id) < (CAST(? AS TEXT), CAST(? AS TEXT))"), append(args, after, cur.ID)
	}
	list := []*claims.Claim{}
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+claimListColumns+`
			FROM claims c JOIN sources s ON s.id = c.source_id
			WHERE `+strings.Join(where, " AND ")+`
			ORDER BY c.created_at DESC, c.id DESC
			LIMIT CAST(? AS INTEGER)`, append(args, limit+1)...)
		if err != nil {
			return fmt.Errorf("query claims: %w", err)
		}
		list, err = scanClaimList(rows, nil)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	list, next := cutPage(list, limit, func(c *claims.Claim) string { return encodeCursor(timeKey(c.CreatedAt), c.ID) })
	return list, next, nil
}

// claimListColumns are the columns scanClaimList reads: a claim's and its
// source's.
const claimListColumns = `c.id, c.text, c.kind, c.source_id, c.document_id, c.quote_exact, c.quote_prefix, c.quote_suffix,
	c.quote_start, c.quote_end, c.provenance, c.status, c.assignee, c.tags, c.version,
	c.created_at, c.updated_at, c.created_by,
	s.id, s.name, s.type, s.aliases, s.url, s.description, s.version, s.created_at, s.updated_at,
	(SELECT dt.title FROM documents dt WHERE dt.id = c.document_id)`

// claimConditions returns the SQL conditions on claims c for the filters
// that are set, never empty.
func claimConditions(f claims.ClaimFilter) ([]string, []any) {
	where, args := []string{"1"}, []any{}
	for _, c := range []struct {
		cond, value string
	}{
		{"c.status = CAST(? AS TEXT)", string(f.Status)},
		{"c.kind = CAST(? AS TEXT)", string(f.Kind)},
		{"c.source_id = CAST(? AS TEXT)", f.SourceID},
		{"c.document_id = CAST(? AS TEXT)", f.DocumentID},
		{"c.assignee = CAST(? AS TEXT)", f.Assignee},
	} {
		if c.value != "" {
			where, args = append(where, c.cond), append(args, c.value)
		}
	}
	if !f.From.IsZero() {
		where, args = append(where, "c.created_at >= CAST(? AS TEXT)"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where, args = append(where, "c.created_at < CAST(? AS TEXT)"), append(args, f.To.UTC())
	}
	return where, args
}

// scanClaimList reads rows of claimListColumns, then any extra columns
// into the destinations extra returns for each row (nil: none), and
// closes rows.
func scanClaimList(rows *sql.Rows, extra func() []any) ([]*claims.Claim, error) {
	defer rows.Close()
	list := []*claims.Claim{}
	for rows.Next() {
		var c claims.Claim
		var s claims.Source
		var aliases string
		var title sql.NullString
		dest := []any{&s.ID, &s.Name, &s.Type, &aliases, &s.URL, &s.Description, &s.Version, &s.CreatedAt, &s.UpdatedAt, &title}
		if extra != nil {
			dest = append(dest, extra()...)
		}
		if err := scanClaim(rows, &c, dest...); err != nil {
			return nil, fmt.Errorf("scan claim: %w", err)
		}
		if err := json.Unmarshal([]byte(aliases), &s.Aliases); err != nil {
			return nil, fmt.Errorf("source %s aliases: %w", s.ID, err)
		}
		c.Source, c.DocumentTitle = &s, title.String
		list = append(list, &c)
	}
	return list, rows.Err()
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

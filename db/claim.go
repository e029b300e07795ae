package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/claimtrail/claimtrail/claims"
)

// CreateClaim validates c, checks that its source, document, hop sources
// and assignee exist (EINVALID naming the field if not), anchors its quote
// in the document body and stores it with status new and its claim.create
// event. It sets c.ID, c.Version, c.Status, c.Quote's context and offsets,
// the times and c.CreatedBy.
func (db *DB) CreateClaim(ctx context.Context, actor claims.Actor, c *claims.Claim) error {
	c.Normalize()
	c.Status = claims.StatusNew
	if err := c.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		src, err := checkClaimRefs(tx, c)
		if err != nil {
			return err
		}
		c.ID, c.Version, c.CreatedAt, c.UpdatedAt, c.CreatedBy = newID(), 1, tx.now, tx.now, actor.Name
		c.Source, c.Verdicts = nil, nil
		if err := insertClaim(tx, c, src); err != nil {
			return err
		}
		return tx.appendEvent(actor, "claim.create", "claim", c.ID, c.ID, c)
	})
}

// FindClaimByID returns the claim with its source, its hop sources and its
// verdicts, oldest first, or ENOTFOUND.
//
// It is the read behind every claim page and GET. When the claim's hops
// name no source but its own (most chains start there), it is one
// statement, which reads one snapshot by itself without a transaction
// around it; otherwise the claim, its sources and its verdicts are read
// in one transaction.
func (db *DB) FindClaimByID(ctx context.Context, id string) (*claims.Claim, error) {
	ctx = shortRead(ctx)
	c, err := findClaimAtOnce(ctx, db, id)
	if c != nil || err != nil {
		return c, err
	}
	return findClaimInTx(ctx, db, id)
}

// findClaimInTx is FindClaimByID in a transaction, for claims whose hops
// name other sources: the claim with its source, then each other source,
// then the verdicts.
func findClaimInTx(ctx context.Context, db *DB, id string) (*claims.Claim, error) {
	return readValue(ctx, db, func(tx *Tx) (*claims.Claim, error) {
		c, err := findClaimWithSource(tx, id)
		if err != nil {
			return nil, err
		}
		read := map[string]*claims.Source{c.SourceID: c.Source}
		for i := range c.Provenance {
			h := &c.Provenance[i]
			if s, ok := read[h.SourceID]; ok {
				h.Source = cloneSource(s)
				continue
			}
			if h.Source, err = findSource(tx, h.SourceID); err != nil {
				return nil, fmt.Errorf("claim %s hop source: %w", id, err)
			}
			read[h.SourceID] = h.Source
		}
		if c.Verdicts, err = findClaimVerdicts(tx, id); err != nil {
			return nil, err
		}
		return c, nil
	})
}

// claimSourceColumns are the claim's columns (as scanClaim reads them)
// and its source's (as scanClaimSource reads them), from claims c joined
// with sources s.
const claimSourceColumns = `
	c.id, c.text, c.kind, c.source_id, c.document_id, c.quote_exact, c.quote_prefix, c.quote_suffix,
	c.quote_start, c.quote_end, c.provenance, c.status, c.assignee, c.tags, c.version, c.created_at,
	c.updated_at, c.created_by,
	s.id, s.name, s.type, s.aliases, s.url, s.description, s.version, s.created_at, s.updated_at`

// claimSourceCount is how many columns claimSourceColumns holds.
const claimSourceCount = 27

// findClaimAtOnce reads the claim, its source and its verdicts in one
// statement (the verdicts joined, one row each, or one row of NULLs).
// It returns nil and no error when a hop names another source: the
// caller reads the claim in a transaction then.
func findClaimAtOnce(ctx context.Context, db *DB, id string) (*claims.Claim, error) {
	// CAST(? AS TEXT), not a bare ?: SQLite prepares a join that compares
	// a column with a bare parameter again on every run.
	rows, err := db.r.QueryContext(ctx, `SELECT `+claimSourceColumns+`,
		       v.id, v.claim_id, v.attribution, v.rating, v.rationale, v.evidence, v.state,
		       v.author_id, v.author_name, v.approver_id, v.approver_name, v.reason, v.created_at, v.decided_at
		FROM claims c JOIN sources s ON s.id = c.source_id LEFT JOIN verdicts v ON v.claim_id = c.id
		WHERE c.id = CAST(? AS TEXT)
		ORDER BY v.created_at, v.rowid`, id)
	if err != nil {
		return nil, mapError(fmt.Errorf("find claim: %w", err))
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, mapError(fmt.Errorf("find claim: %w", err))
		}
		return nil, notFound(sql.ErrNoRows, "Claim not found.", "find claim")
	}
	// Each row repeats the claim. The first row is read twice: for the
	// claim (its verdict columns only looked at), then for its verdict.
	// The other rows are read for their verdict only, the claim's columns
	// into skip. (sql.RawBytes only there: a row read into RawBytes
	// cannot be read again.)
	var verdictID sql.NullString
	verdict := []any{&verdictID}
	for range 13 {
		verdict = append(verdict, new(any))
	}
	var c claims.Claim
	var s claims.Source
	if err := scanClaimSource(rows, &c, &s, verdict...); err != nil {
		return nil, mapError(fmt.Errorf("find claim: %w", err))
	}
	for _, h := range c.Provenance {
		if h.SourceID != c.SourceID {
			return nil, nil
		}
	}
	for i := range c.Provenance {
		c.Provenance[i].Source = cloneSource(&s)
	}
	c.Source, c.Verdicts = &s, []*claims.Verdict{}
	if !verdictID.Valid { // no verdicts: the one row holds NULLs for them
		return &c, rows.Close()
	}
	skip := make([]any, claimSourceCount)
	for i := range skip {
		skip[i] = new(sql.RawBytes)
	}
	row := skippingScanner{rows, skip}
	for {
		v, err := scanVerdict(row)
		if err != nil {
			return nil, mapError(fmt.Errorf("claim %s verdict: %w", id, err))
		}
		c.Verdicts = append(c.Verdicts, v)
		if !rows.Next() {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(fmt.Errorf("claim %s verdicts: %w", id, err))
	}
	return &c, nil
}

// skippingScanner scans the columns of the current row after the first
// len(skip), which it reads into skip.
type skippingScanner struct {
	rows *sql.Rows
	skip []any
}

func (s skippingScanner) Scan(dest ...any) error {
	return s.rows.Scan(append(s.skip[:len(s.skip):len(s.skip)], dest...)...)
}

// cloneSource copies s, so that a claim's source and its hops' sources
// stay separate values as they were when each was read on its own.
func cloneSource(s *claims.Source) *claims.Source {
	c := *s
	c.Aliases = slices.Clone(s.Aliases)
	return &c
}

// findClaimWithSource returns the claim with id and its source, without
// hop sources and verdicts, or ENOTFOUND.
func findClaimWithSource(tx *Tx, id string) (*claims.Claim, error) {
	var c claims.Claim
	var s claims.Source
	// CAST(? AS TEXT), not a bare ?: SQLite prepares a join that compares
	// a column with a bare parameter again on every run.
	err := scanClaimSource(tx.queryRow(`SELECT `+claimSourceColumns+`
		FROM claims c JOIN sources s ON s.id = c.source_id
		WHERE c.id = CAST(? AS TEXT)`, id), &c, &s)
	if err != nil {
		return nil, notFound(err, "Claim not found.", "find claim")
	}
	c.Source = &s
	return &c, nil
}

// scanClaimSource reads claimSourceColumns into c and s, then any extra
// destinations. It returns the Scan error unwrapped.
func scanClaimSource(row scanner, c *claims.Claim, s *claims.Source, extra ...any) error {
	var aliases string
	err := scanClaim(row, c, append([]any{&s.ID, &s.Name, &s.Type, &aliases, &s.URL, &s.Description, &s.Version,
		&s.CreatedAt, &s.UpdatedAt}, extra...)...)
	if err != nil {
		return err
	}
	if err := unmarshalStrings(aliases, &s.Aliases); err != nil {
		return fmt.Errorf("source %s aliases: %w", s.ID, err)
	}
	return nil
}

// UpdateClaim applies upd to the claim, re-anchors its quote and records
// the changed fields in a claim.update event, bumping the version. A stale
// version is ECONFLICT, a missing claim ENOTFOUND, references as in
// CreateClaim. An update that changes nothing returns the claim as it is,
// with no new version and no event.
func (db *DB) UpdateClaim(ctx context.Context, actor claims.Actor, id string, upd claims.ClaimUpdate) (*claims.Claim, error) {
	return writeValue(ctx, db, func(tx *Tx) (*claims.Claim, error) {
		old, err := findClaim(tx, id)
		if err != nil {
			return nil, err
		}
		if old.Version != upd.Version {
			return nil, staleVersion("claim", old.Version)
		}
		next := *old
		// Normalize edits hops in place; old must keep what is stored.
		next.Provenance = slices.Clone(old.Provenance)
		upd.Apply(&next)
		next.Normalize()
		if err := next.Validate(); err != nil {
			return nil, err
		}
		if _, err := checkClaimRefs(tx, &next); err != nil {
			return nil, err
		}
		ch := changes{}
		ch.add("text", old.Text, next.Text)
		ch.add("kind", old.Kind, next.Kind)
		ch.add("source_id", old.SourceID, next.SourceID)
		ch.add("document_id", old.DocumentID, next.DocumentID)
		ch.add("quote", old.Quote, next.Quote)
		ch.add("provenance", old.Provenance, next.Provenance)
		ch.add("assignee", old.Assignee, next.Assignee)
		ch.add("tags", old.Tags, next.Tags)
		if len(ch) == 0 {
			return old, nil
		}
		next.Version, next.UpdatedAt = old.Version+1, tx.now
		if err := updateClaim(tx, &next); err != nil {
			return nil, fmt.Errorf("update claim: %w", err)
		}
		if err := indexClaim(tx, next.ID); err != nil {
			return nil, err
		}
		if err := tx.appendEvent(actor, "claim.update", "claim", next.ID, next.ID,
			map[string]any{"changes": ch, "version": next.Version}); err != nil {
			return nil, err
		}
		return &next, nil
	})
}

// checkClaimRefs checks, inside the write transaction, that what c refers
// to exists, and anchors c.Quote in the document body. Every missing
// reference is reported at once; quote errors pass through from
// claims.Quote.Anchor. It returns the names of c's source, which a new
// claim's index row copies.
func checkClaimRefs(tx *Tx, c *claims.Claim) (sourceNames, error) {
	var p claims.Problems
	src, found, err := readSourceNames(tx, c.SourceID)
	if err != nil {
		return src, fmt.Errorf("check source: %w", err)
	} else if !found {
		p.Add("source_id", "no such source")
	}
	var body string
	if c.DocumentID != "" {
		b, ok, err := documentBody(tx, c.DocumentID)
		if err != nil {
			return src, fmt.Errorf("check document: %w", err)
		} else if !ok {
			p.Add("document_id", "no such document")
		}
		body = b
	}
	for _, h := range c.Provenance {
		if h.SourceID == c.SourceID && found {
			continue // most chains start at the claim's own source
		}
		if ok, err := sourceExists(tx, h.SourceID); err != nil {
			return src, fmt.Errorf("check hop source: %w", err)
		} else if !ok {
			p.Add("provenance", "no such source: %s", h.SourceID)
		}
	}
	if c.Assignee != "" {
		if ok, err := userExists(tx, c.Assignee); err != nil {
			return src, fmt.Errorf("check assignee: %w", err)
		} else if !ok {
			p.Add("assignee", "no such user")
		}
	}
	if err := p.Err(); err != nil {
		return src, err
	}
	if c.Quote != nil {
		q, err := c.Quote.Anchor(body)
		if err != nil {
			return src, err
		}
		c.Quote = &q
	}
	return src, nil
}

// insertClaim writes the new claim c and its index row, made from c as
// written rather than read back (newClaimIndexText; reading it back was
// 40% of the writer's time on a CreateClaim). src holds the names of its
// source.
func insertClaim(tx *Tx, c *claims.Claim, src sourceNames) error {
	prov, tags, err := claimJSON(c)
	if err != nil {
		return err
	}
	q := quoteColumns(c.Quote)
	res, err := tx.exec(`
		INSERT INTO claims (id, text, kind, source_id, document_id, quote_exact, quote_prefix, quote_suffix, quote_start, quote_end,
		                    provenance, status, assignee, tags, version, created_at, updated_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Text, c.Kind, c.SourceID, nullString(c.DocumentID), q.exact, q.prefix, q.suffix, q.start, q.end,
		prov, c.Status, nullString(c.Assignee), tags, c.Version, c.CreatedAt, c.UpdatedAt, c.CreatedBy)
	if err != nil {
		return fmt.Errorf("insert claim: %w", err)
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert claim: %w", err)
	}
	return putIndexRow(tx, "claim_fts", rowid, newClaimIndexText(c, src), false)
}

func updateClaim(tx *Tx, c *claims.Claim) error {
	prov, tags, err := claimJSON(c)
	if err != nil {
		return err
	}
	q := quoteColumns(c.Quote)
	_, err = tx.exec(`
		UPDATE claims SET text = ?, kind = ?, source_id = ?, document_id = ?,
		       quote_exact = ?, quote_prefix = ?, quote_suffix = ?, quote_start = ?, quote_end = ?,
		       provenance = ?, assignee = ?, tags = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		c.Text, c.Kind, c.SourceID, nullString(c.DocumentID), q.exact, q.prefix, q.suffix, q.start, q.end,
		prov, nullString(c.Assignee), tags, c.Version, c.UpdatedAt, c.ID)
	return err
}

// setClaimStatus records a review status change and bumps the version, for
// the verdict workflow.
func setClaimStatus(tx *Tx, id string, status claims.Status) (version int, err error) {
	err = tx.queryRow(`
		UPDATE claims SET status = ?, version = version + 1, updated_at = ? WHERE id = ?
		RETURNING version`, status, tx.now, id).Scan(&version)
	return version, err
}

func claimJSON(c *claims.Claim) (prov, tags string, err error) {
	p, err := json.Marshal(c.Provenance)
	if err != nil {
		return "", "", err
	}
	t, err := json.Marshal(c.Tags)
	return string(p), string(t), err
}

// quoteCols are the quote_* column values; all NULL for no quote.
type quoteCols struct {
	exact, prefix, suffix sql.NullString
	start, end            sql.NullInt64
}

func quoteColumns(q *claims.Quote) quoteCols {
	if q == nil {
		return quoteCols{}
	}
	return quoteCols{
		exact:  sql.NullString{String: q.Exact, Valid: true},
		prefix: sql.NullString{String: q.Prefix, Valid: true},
		suffix: sql.NullString{String: q.Suffix, Valid: true},
		start:  sql.NullInt64{Int64: int64(q.Start), Valid: true},
		end:    sql.NullInt64{Int64: int64(q.End), Valid: true},
	}
}

// findClaim returns the claim with id without its source and verdicts, or
// ENOTFOUND.
func findClaim(tx *Tx, id string) (*claims.Claim, error) {
	var c claims.Claim
	err := scanClaim(tx.queryRow(`
		SELECT id, text, kind, source_id, document_id, quote_exact, quote_prefix, quote_suffix, quote_start, quote_end,
		       provenance, status, assignee, tags, version, created_at, updated_at, created_by
		FROM claims WHERE id = ?`, id), &c)
	if err != nil {
		return nil, notFound(err, "Claim not found.", "find claim")
	}
	return &c, nil
}

// scanClaim reads the columns id, text, kind, source_id, document_id,
// quote_exact, quote_prefix, quote_suffix, quote_start, quote_end,
// provenance, status, assignee, tags, version, created_at, updated_at,
// created_by, then any extra destinations. It returns the Scan error
// unwrapped.
func scanClaim(row scanner, c *claims.Claim, extra ...any) error {
	var doc, assignee sql.NullString
	var q quoteCols
	var prov, tags string
	dest := append([]any{&c.ID, &c.Text, &c.Kind, &c.SourceID, &doc, &q.exact, &q.prefix, &q.suffix, &q.start, &q.end,
		&prov, &c.Status, &assignee, &tags, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.CreatedBy}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	c.DocumentID, c.Assignee = doc.String, assignee.String
	if q.exact.Valid {
		c.Quote = &claims.Quote{Exact: q.exact.String, Prefix: q.prefix.String, Suffix: q.suffix.String,
			Start: int(q.start.Int64), End: int(q.end.Int64)}
	}
	if err := unmarshalHops(prov, &c.Provenance); err != nil {
		return fmt.Errorf("claim %s provenance: %w", c.ID, err)
	}
	if err := unmarshalStrings(tags, &c.Tags); err != nil {
		return fmt.Errorf("claim %s tags: %w", c.ID, err)
	}
	return nil
}

package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// CreateDocument validates d and stores it with its document.import event.
// It sets d.ID, d.SHA256, d.CreatedAt and d.CreatedBy. A Supersedes that
// names no document is EINVALID. The event records the document without
// its body; the body's SHA-256 stands for it.
func (db *DB) CreateDocument(ctx context.Context, actor claims.Actor, d *claims.Document) error {
	if d.Links == nil {
		d.Links = []claims.Link{}
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if d.Supersedes != "" {
			if ok, err := documentExists(tx, d.Supersedes); err != nil {
				return fmt.Errorf("check superseded document: %w", err)
			} else if !ok {
				return fieldError("supersedes", "no such document")
			}
		}
		d.ID, d.SHA256, d.CreatedAt, d.CreatedBy, d.ClaimCount = newID(), claims.BodyHash(d.Body), tx.now, actor.Name, 0
		if d.PublishedAt != nil {
			t := d.PublishedAt.UTC()
			d.PublishedAt = &t
		}
		if err := insertDocument(tx, d); err != nil {
			return err
		}
		logged := *d
		logged.Body = ""
		return tx.appendEvent(actor, "document.import", "document", d.ID, "", logged)
	})
}

// FindDocumentByID returns the document with its body and claim count, or
// ENOTFOUND.
func (db *DB) FindDocumentByID(ctx context.Context, id string) (*claims.Document, error) {
	return readValue(ctx, db, func(tx *Tx) (*claims.Document, error) { return findDocument(tx, id) })
}

// FindDocuments returns a page of documents, newest first, without bodies
// but with claim counts, and the cursor of the next page ("" on the last).
// With Q it returns the documents whose title or body match the search
// (see package claims/search) instead, best first by bm25 and newer first
// among equals, or newest first when the search matches too many to rank
// (see searchDocuments), with their bodies, so that a snippet can be cut
// from them.
func (db *DB) FindDocuments(ctx context.Context, f claims.DocumentFilter) ([]*claims.Document, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	limit := claims.PageSize(f.Limit)
	if strings.TrimSpace(f.Q) != "" {
		return db.searchDocuments(ctx, search.ParseQuery(f.Q), f.Cursor, limit)
	}
	cur, after, err := decodeTimeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	list := []*claims.Document{}
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`
			SELECT id, title, url, publisher, language, published_at, '', sha256, links, supersedes, created_at, created_by,
			       (SELECT count(*) FROM claims WHERE claims.document_id = documents.id)
			FROM documents
			WHERE (? = '' OR (created_at, id) < (CAST(? AS TEXT), CAST(? AS TEXT)))
			ORDER BY created_at DESC, id DESC
			LIMIT CAST(? AS INTEGER)`, // CAST: see TestHotReadsStayPrepared
			cur.ID, after, cur.ID, limit+1)
		if err != nil {
			return fmt.Errorf("query documents: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDocument(rows)
			if err != nil {
				return err
			}
			list = append(list, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	list, next := cutPage(list, limit, func(d *claims.Document) string { return encodeCursor(timeKey(d.CreatedAt), d.ID) })
	return list, next, nil
}

// insertDocument writes the new document d and its index row (its title
// and body), as insertClaim does for a claim.
func insertDocument(tx *Tx, d *claims.Document) error {
	links, err := json.Marshal(d.Links)
	if err != nil {
		return err
	}
	res, err := tx.exec(`
		INSERT INTO documents (id, title, url, publisher, language, published_at, body, sha256, links, supersedes, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Title, d.URL, d.Publisher, d.Language, d.PublishedAt, d.Body, d.SHA256, string(links),
		nullString(d.Supersedes), d.CreatedAt, d.CreatedBy)
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	return putIndexRow(tx, "document_fts", rowid, d.Title+"\n"+d.Body, false)
}

// findDocument returns the document with id and its body, or ENOTFOUND.
func findDocument(tx *Tx, id string) (*claims.Document, error) {
	d, err := scanDocument(tx.queryRow(`
		SELECT id, title, url, publisher, language, published_at, body, sha256, links, supersedes, created_at, created_by,
		       (SELECT count(*) FROM claims WHERE claims.document_id = documents.id)
		FROM documents WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "Document not found.", "find document")
	}
	return d, nil
}

// scanDocument reads the columns id, title, url, publisher, language,
// published_at, body, sha256, links, supersedes, created_at, created_by and
// the claim count. It returns the Scan error unwrapped.
func scanDocument(row scanner) (*claims.Document, error) {
	var d claims.Document
	var published sql.Null[time.Time]
	var links string
	var supersedes sql.NullString
	if err := row.Scan(&d.ID, &d.Title, &d.URL, &d.Publisher, &d.Language, &published, &d.Body, &d.SHA256,
		&links, &supersedes, &d.CreatedAt, &d.CreatedBy, &d.ClaimCount); err != nil {
		return nil, err
	}
	if published.Valid {
		d.PublishedAt = &published.V
	}
	d.Supersedes = supersedes.String
	if err := json.Unmarshal([]byte(links), &d.Links); err != nil {
		return nil, fmt.Errorf("document %s links: %w", d.ID, err)
	}
	return &d, nil
}

// documentExists reports whether a document with id exists.
func documentExists(tx *Tx, id string) (bool, error) {
	var n int
	err := tx.queryRow(`SELECT count(*) FROM documents WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

// documentBody returns the body of the document with id, and false if
// there is no such document.
func documentBody(tx *Tx, id string) (string, bool, error) {
	var body string
	err := tx.queryRow(`SELECT body FROM documents WHERE id = ?`, id).Scan(&body)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return body, err == nil, err
}

// nullString stores "" as NULL, for optional references.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// fieldError is an EINVALID error about one field.
func fieldError(field, msg string) error {
	var p claims.Problems
	p.Add(field, "%s", msg)
	return p.Err()
}

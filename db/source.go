package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// CreateSource validates s and stores it with its source.create event. It
// sets s.ID, s.Version and the times.
func (db *DB) CreateSource(ctx context.Context, actor claims.Actor, s *claims.Source) error {
	s.Normalize()
	if err := s.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		s.ID, s.Version, s.CreatedAt, s.UpdatedAt = newID(), 1, tx.now, tx.now
		if err := insertSource(tx, s); err != nil {
			return fmt.Errorf("insert source: %w", err)
		}
		return tx.appendEvent(actor, "source.create", "source", s.ID, "", s)
	})
}

// FindSourceByID returns the source, or ENOTFOUND.
func (db *DB) FindSourceByID(ctx context.Context, id string) (*claims.Source, error) {
	return readValue(ctx, db, func(tx *Tx) (*claims.Source, error) { return findSource(tx, id) })
}

// FindSources returns a page of sources ordered by name, and the cursor of
// the next page ("" on the last). Q matches the name or an alias,
// ignoring case in any script.
func (db *DB) FindSources(ctx context.Context, f claims.SourceFilter) ([]*claims.Source, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	cur, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := claims.PageSize(f.Limit)
	q := fold(strings.TrimSpace(f.Q))
	list := []*claims.Source{}
	err = db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`
			SELECT id, name, type, aliases, url, description, version, created_at, updated_at
			FROM sources
			WHERE (? = '' OR (name, id) > (CAST(? AS TEXT), CAST(? AS TEXT)))
			  AND (? = '' OR instr(ct_fold(name), ?) > 0
			       OR EXISTS (SELECT 1 FROM json_each(sources.aliases) WHERE instr(ct_fold(value), ?) > 0))
			ORDER BY name, id
			LIMIT CAST(? AS INTEGER)`, // CAST: see TestHotReadsStayPrepared
			cur.ID, cur.Key, cur.ID, q, q, q, limit+1)
		if err != nil {
			return fmt.Errorf("query sources: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSource(rows)
			if err != nil {
				return err
			}
			list = append(list, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	list, next := cutPage(list, limit, func(s *claims.Source) string { return encodeCursor(s.Name, s.ID) })
	return list, next, nil
}

// UpdateSource applies upd to the source and records the changed fields.
// A stale version is ECONFLICT, a missing source ENOTFOUND; an update that
// changes nothing returns the source as it is and records nothing.
func (db *DB) UpdateSource(ctx context.Context, actor claims.Actor, id string, upd claims.SourceUpdate) (*claims.Source, error) {
	return writeValue(ctx, db, func(tx *Tx) (*claims.Source, error) {
		old, err := findSource(tx, id)
		if err != nil {
			return nil, err
		}
		if old.Version != upd.Version {
			return nil, staleVersion("source", old.Version)
		}
		next := *old
		upd.Apply(&next)
		next.Normalize()
		if err := next.Validate(); err != nil {
			return nil, err
		}
		ch := changes{}
		ch.add("name", old.Name, next.Name)
		ch.add("type", old.Type, next.Type)
		ch.add("aliases", old.Aliases, next.Aliases)
		ch.add("url", old.URL, next.URL)
		ch.add("description", old.Description, next.Description)
		if len(ch) == 0 {
			return old, nil
		}
		next.Version, next.UpdatedAt = old.Version+1, tx.now
		if err := updateSource(tx, &next); err != nil {
			return nil, fmt.Errorf("update source: %w", err)
		}
		// The claims' index rows hold their source's names.
		_, renamed := ch["name"]
		if _, realiased := ch["aliases"]; renamed || realiased {
			if err := indexSourceClaims(tx, next.ID); err != nil {
				return nil, err
			}
		}
		if err := tx.appendEvent(actor, "source.update", "source", next.ID, "",
			map[string]any{"changes": ch, "version": next.Version}); err != nil {
			return nil, err
		}
		return &next, nil
	})
}

// staleVersion is the ECONFLICT of an optimistic-locking check.
func staleVersion(what string, now int) error {
	return claims.Errorf(claims.ECONFLICT, "This %s was changed by someone else (now version %d). Reload and try again.", what, now)
}

func insertSource(tx *Tx, s *claims.Source) error {
	aliases, err := json.Marshal(s.Aliases)
	if err != nil {
		return err
	}
	_, err = tx.exec(`
		INSERT INTO sources (id, name, type, aliases, url, description, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Name, s.Type, string(aliases), s.URL, s.Description, s.Version, s.CreatedAt, s.UpdatedAt)
	return err
}

func updateSource(tx *Tx, s *claims.Source) error {
	aliases, err := json.Marshal(s.Aliases)
	if err != nil {
		return err
	}
	_, err = tx.exec(`
		UPDATE sources SET name = ?, type = ?, aliases = ?, url = ?, description = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		s.Name, s.Type, string(aliases), s.URL, s.Description, s.Version, s.UpdatedAt, s.ID)
	return err
}

// findSource returns the source with id, or ENOTFOUND.
func findSource(tx *Tx, id string) (*claims.Source, error) {
	s, err := scanSource(tx.queryRow(`
		SELECT id, name, type, aliases, url, description, version, created_at, updated_at
		FROM sources WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "Source not found.", "find source")
	}
	return s, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// scanSource reads the columns id, name, type, aliases, url, description,
// version, created_at, updated_at. It returns the Scan error unwrapped so
// callers can tell sql.ErrNoRows.
func scanSource(row scanner) (*claims.Source, error) {
	var s claims.Source
	var aliases string
	if err := row.Scan(&s.ID, &s.Name, &s.Type, &aliases, &s.URL, &s.Description, &s.Version, &s.CreatedAt, &s.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(aliases), &s.Aliases); err != nil {
		return nil, fmt.Errorf("source %s aliases: %w", s.ID, err)
	}
	return &s, nil
}

// sourceExists reports whether a source with id exists.
func sourceExists(tx *Tx, id string) (bool, error) {
	var n int
	err := tx.queryRow(`SELECT count(*) FROM sources WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

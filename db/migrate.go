package db

import (
	"context"
	"fmt"

	claimtrail "github.com/claimtrail/claimtrail"
	"github.com/claimtrail/claimtrail/claims"
)

// migration is one upgrade step: SQL, then, for data SQL cannot compute,
// a Go function over the same transaction.
type migration struct {
	sql  string
	data func(tx *Tx) error // may be nil
}

// migrations upgrade a database one version at a time: migrations[i] takes
// a file from user_version i+1 to i+2. A new file gets claimtrail.Schema
// whole instead. Bumping claimtrail.SchemaVersion means changing schema.sql
// and appending the step that turns the previous schema into it, so that
// len(migrations) == SchemaVersion-1 (a test checks this).
var migrations = []migration{
	// 1 -> 2: the Merkle tree's stored hashes, backfilled from the events,
	// and indexes for the audit page's filters.
	{sql: `
		CREATE INDEX audit_events_actor_name ON audit_events (actor_name, seq);
		CREATE INDEX audit_events_action ON audit_events (action, seq);
		CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id, seq);
		CREATE INDEX audit_events_at ON audit_events (at);
		CREATE TABLE audit_hashes (
			idx  INTEGER PRIMARY KEY,
			hash BLOB NOT NULL CHECK (length(hash) = 32)
		);
		CREATE TRIGGER audit_hashes_no_update BEFORE UPDATE ON audit_hashes
		BEGIN
			SELECT RAISE(ABORT, 'audit log is append-only');
		END;
		CREATE TRIGGER audit_hashes_no_delete BEFORE DELETE ON audit_hashes
		BEGIN
			SELECT RAISE(ABORT, 'audit log is append-only');
		END;`,
		data: backfillHashes},
	// 2 -> 3: the claims' discussion threads, and a version on users so
	// that two admins editing one account do not overwrite each other.
	{sql: `
		ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
		CREATE TABLE comments (
			id          TEXT PRIMARY KEY,
			claim_id    TEXT NOT NULL REFERENCES claims (id),
			author_id   TEXT NOT NULL DEFAULT '',
			author_name TEXT NOT NULL,
			body        TEXT NOT NULL,
			created_at  DATETIME NOT NULL
		);
		CREATE INDEX comments_claim_id ON comments (claim_id, created_at, id);`},
	// 3 -> 4: accounts. A second factor on users, when a token was last
	// used, an idle clock on sessions (rebuilt, because SQLite cannot add a
	// NOT NULL column without a default; a session's last use is taken to
	// be its start), recovery codes and the settings row.
	{sql: `
		ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
		ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
		ALTER TABLE tokens ADD COLUMN last_used_at DATETIME;
		CREATE TABLE sessions_v4 (
			token_hash   TEXT PRIMARY KEY,
			user_id      TEXT NOT NULL REFERENCES users (id),
			created_at   DATETIME NOT NULL,
			expires_at   DATETIME NOT NULL,
			last_seen_at DATETIME NOT NULL
		);
		INSERT INTO sessions_v4 (token_hash, user_id, created_at, expires_at, last_seen_at)
			SELECT token_hash, user_id, created_at, expires_at, created_at FROM sessions;
		DROP TABLE sessions;
		ALTER TABLE sessions_v4 RENAME TO sessions;
		CREATE INDEX sessions_user_id ON sessions (user_id);
		CREATE TABLE recovery_codes (
			code_hash  TEXT PRIMARY KEY,
			user_id    TEXT NOT NULL REFERENCES users (id),
			created_at DATETIME NOT NULL,
			used_at    DATETIME
		);
		CREATE INDEX recovery_codes_user_id ON recovery_codes (user_id);
		CREATE TABLE settings (
			id           INTEGER PRIMARY KEY CHECK (id = 1),
			require_totp INTEGER NOT NULL DEFAULT 0 CHECK (require_totp IN (0, 1)),
			version      INTEGER NOT NULL DEFAULT 1
		);`},
	// 4 -> 5: full-text search. The index of claims and documents, built
	// from the rows already there.
	{sql: `
		CREATE VIRTUAL TABLE claim_fts USING fts5(
			folded, stems,
			content = '', contentless_delete = 1,
			tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
		);
		CREATE VIRTUAL TABLE document_fts USING fts5(
			folded, stems,
			content = '', contentless_delete = 1,
			tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
		);`,
		data: buildSearchIndex},
	// 5 -> 6: indexes for the review queue and the dashboard.
	{sql: `
		CREATE INDEX documents_created_by ON documents (created_by, id);
		CREATE INDEX claims_open_assignee ON claims (assignee, created_at DESC, id DESC)
			WHERE assignee IS NOT NULL AND status <> 'published';
		CREATE INDEX claims_new_document ON claims (document_id, created_at DESC, id DESC)
			WHERE status = 'new';
		CREATE INDEX claims_new ON claims (created_at DESC, id DESC, document_id)
			WHERE status = 'new';
		CREATE INDEX verdicts_axes ON verdicts (attribution, rating, state);`},
	// 6 -> 7: the words of the full-text indexes, for prefix searches,
	// read from the indexes. For a while main numbered this step 5 -> 6
	// and had no queue indexes, so a file it wrote says version 6 but has
	// search_terms and lacks the indexes of the step above: this step
	// makes both sure (filling search_terms only adds what is missing).
	{sql: `
		CREATE TABLE IF NOT EXISTS search_terms (
			term TEXT PRIMARY KEY
		) WITHOUT ROWID;
		CREATE INDEX IF NOT EXISTS documents_created_by ON documents (created_by, id);
		CREATE INDEX IF NOT EXISTS claims_open_assignee ON claims (assignee, created_at DESC, id DESC)
			WHERE assignee IS NOT NULL AND status <> 'published';
		CREATE INDEX IF NOT EXISTS claims_new_document ON claims (document_id, created_at DESC, id DESC)
			WHERE status = 'new';
		CREATE INDEX IF NOT EXISTS claims_new ON claims (created_at DESC, id DESC, document_id)
			WHERE status = 'new';
		CREATE INDEX IF NOT EXISTS verdicts_axes ON verdicts (attribution, rating, state);`,
		data: fillSearchTerms},
}

// migrate brings the database to claimtrail.SchemaVersion. Each step runs
// in its own transaction together with the new user_version, so a failed
// upgrade leaves the file at the last good version. It runs in Open before
// the writer goroutine starts, and is the only user of the writer
// connection besides it.
func (db *DB) migrate(ctx context.Context) error {
	version, err := userVersion(ctx, db)
	if err != nil {
		return err
	}
	switch {
	case version > claimtrail.SchemaVersion:
		return claims.Errorf(claims.EINVALID,
			"The database %s has schema version %d, newer than this claimtrail understands (%d). Use a newer claimtrail.",
			db.path, version, claimtrail.SchemaVersion)
	case version == 0:
		var n int
		if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
			return mapError(fmt.Errorf("inspect schema: %w", err))
		}
		if n > 0 {
			return claims.Errorf(claims.EINVALID, "The file %s holds tables but is not a claimtrail database.", db.path)
		}
		return db.migrateStep(ctx, migration{sql: claimtrail.Schema}, claimtrail.SchemaVersion)
	}
	if version < claimtrail.SchemaVersion {
		// An upgrade may build indexes over whole tables: their sorts
		// go to temporary files, not to the writer's memory (see
		// writerConnectHook).
		if _, err := db.w.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			return fmt.Errorf("temp_store: %w", err)
		}
		defer db.w.ExecContext(ctx, "PRAGMA temp_store = MEMORY")
	}
	for v := version; v < claimtrail.SchemaVersion; v++ {
		if v-1 >= len(migrations) {
			return fmt.Errorf("no migration from schema version %d", v)
		}
		if err := db.migrateStep(ctx, migrations[v-1], v+1); err != nil {
			return err
		}
	}
	return nil
}

// migrateStep runs one step and sets user_version to version, in one
// transaction.
// Like write, it does not let a cancelled ctx interrupt the transaction.
func (db *DB) migrateStep(ctx context.Context, m migration, version int) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return mapError(fmt.Errorf("begin migration: %w", err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return mapError(fmt.Errorf("migrate to schema version %d: %w", version, err))
	}
	if m.data != nil {
		if err := m.data(&Tx{tx: tx, ctx: ctx, now: db.now()}); err != nil {
			return mapError(fmt.Errorf("migrate data to schema version %d: %w", version, err))
		}
	}
	// PRAGMA takes no bound parameters; version is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return mapError(fmt.Errorf("set schema version %d: %w", version, err))
	}
	if err := tx.Commit(); err != nil {
		return mapError(fmt.Errorf("commit migration to %d: %w", version, err))
	}
	return nil
}

// userVersion reads the schema version the file records.
func userVersion(ctx context.Context, db *DB) (int, error) {
	var v int
	if err := db.w.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return 0, mapError(fmt.Errorf("read schema version: %w", err))
	}
	return v, nil
}

package db

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/google/uuid"
)

// tokenPrefix marks claimtrail API tokens, so that a leaked one is easy to
// recognise (and to find with secret scanners).
const tokenPrefix = "ct_"

// newToken returns a fresh secret: 32 random bytes, base64url, prefixed.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24: it crashes the program instead
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is what is stored instead of a token or session secret.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func unauthorized() error {
	return claims.Errorf(claims.EUNAUTHORIZED, "Invalid or expired credentials.")
}

// CreateToken is IssueToken for callers that need the secret only (the
// CLI), with an optional name.
func (db *DB) CreateToken(ctx context.Context, actor claims.Actor, userID, name string) (string, error) {
	_, token, err := db.issueToken(ctx, actor, userID, name)
	return token, err
}

// IssueToken makes a new API token named name for the user, stores only
// its SHA-256 and records a token.create event (without the secret). It
// returns the token and its secret, which cannot be recovered later. An
// unknown user is ENOTFOUND.
func (db *DB) IssueToken(ctx context.Context, actor claims.Actor, userID, name string) (*claims.Token, string, error) {
	var p claims.Problems
	p.Check(strings.TrimSpace(name) != "", "name", "is required: say what the token is for")
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	return db.issueToken(ctx, actor, userID, strings.TrimSpace(name))
}

func (db *DB) issueToken(ctx context.Context, actor claims.Actor, userID, name string) (*claims.Token, string, error) {
	var p claims.Problems
	p.Check(len(name) <= claims.MaxNameLen, "name", "is too long (at most %d bytes)", claims.MaxNameLen)
	p.Check(!strings.ContainsRune(name, 0), "name", "must not contain NUL")
	if err := p.Err(); err != nil {
		return nil, "", err
	}
	secret := newToken()
	t, err := writeValue(ctx, db, func(tx *Tx) (*claims.Token, error) {
		if ok, err := userExists(tx, userID); err != nil {
			return nil, fmt.Errorf("check user: %w", err)
		} else if !ok {
			return nil, claims.Errorf(claims.ENOTFOUND, "User not found.")
		}
		t := &claims.Token{ID: uuid.NewString(), UserID: userID, Name: name, CreatedAt: tx.now}
		if _, err := tx.exec(`
			INSERT INTO tokens (id, token_hash, name, user_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.ID, hashToken(secret), t.Name, t.UserID, t.CreatedAt); err != nil {
			return nil, fmt.Errorf("insert token: %w", err)
		}
		return t, tx.appendEvent(actor, "token.create", "token", t.ID, "",
			map[string]any{"id": t.ID, "user_id": userID, "name": name, "created_at": tx.now})
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// FindUserByToken returns the token's user; an unknown or revoked token or
// a disabled user is EUNAUTHORIZED. It records when the token was used, to
// the minute (see touch).
func (db *DB) FindUserByToken(ctx context.Context, token string) (*claims.User, error) {
	h := hashToken(token)
	var lastUsed sql.NullTime
	u, err := db.findUserBy(ctx, []any{&lastUsed}, `
		SELECT `+userColumnsU+`, t.last_used_at
		FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = CAST(? AS TEXT) AND t.revoked_at IS NULL AND u.disabled = 0`, h)
	if err != nil {
		return nil, err
	}
	if now := db.now(); !lastUsed.Valid || now.Sub(lastUsed.Time) >= touchEvery {
		db.touch(ctx, `UPDATE tokens SET last_used_at = ? WHERE token_hash = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
			now, h, now.Add(-touchEvery))
	}
	return u, nil
}

// findUserBy returns the user the credential query finds, scanning any
// columns after the user's into extra, or EUNAUTHORIZED.
//
// Every request runs it, so it is one statement on the read pool without
// a transaction around it (one statement reads one snapshot by itself):
// BEGIN and ROLLBACK would double its round trips. The queries compare
// the hash with CAST(? AS TEXT), not a bare ?: SQLite's constant
// propagation makes a join with "column = ?" depend on the bound value,
// and such a statement is prepared again on every run, which costs more
// than running it.
func (db *DB) findUserBy(ctx context.Context, extra []any, query string, args ...any) (*claims.User, error) {
	u, err := scanUser(db.r.QueryRowContext(shortRead(ctx), query, args...), extra...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauthorized()
	} else if err != nil {
		return nil, mapError(fmt.Errorf("find user by credential: %w", err))
	}
	return u, nil
}

// FindTokens returns the user's API tokens, newest first, revoked ones
// included.
func (db *DB) FindTokens(ctx context.Context, userID string) ([]*claims.Token, error) {
	list := []*claims.Token{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+tokenColumns+` FROM tokens WHERE user_id = ? ORDER BY created_at DESC, id`, userID)
		if err != nil {
			return fmt.Errorf("query tokens: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return fmt.Errorf("scan token: %w", err)
			}
			list = append(list, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// FindTokenByID returns the token (never its secret), or ENOTFOUND.
func (db *DB) FindTokenByID(ctx context.Context, id string) (*claims.Token, error) {
	return readValue(ctx, db, func(tx *Tx) (*claims.Token, error) {
		t, err := scanToken(tx.queryRow(`SELECT `+tokenColumns+` FROM tokens WHERE id = ?`, id))
		if err != nil {
			return nil, notFound(err, "Token not found.", "find token")
		}
		return t, nil
	})
}

// RevokeToken revokes the token at once and records token.revoke. An
// unknown token is ENOTFOUND, a revoked one ECONFLICT.
func (db *DB) RevokeToken(ctx context.Context, actor claims.Actor, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		t, err := scanToken(tx.queryRow(`SELECT `+tokenColumns+` FROM tokens WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "Token not found.", "find token")
		}
		if t.RevokedAt != nil {
			return claims.Errorf(claims.ECONFLICT, "The token %s is already revoked.", t.Name)
		}
		if _, err := tx.exec(`UPDATE tokens SET revoked_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return tx.appendEvent(actor, "token.revoke", "token", id, "",
			map[string]any{"id": id, "user_id": t.UserID, "name": t.Name, "revoked_at": tx.now})
	})
}

// tokenColumns are the columns scanToken reads, in its order.
const tokenColumns = `id, user_id, name, created_at, last_used_at, revoked_at`

// scanToken reads tokenColumns. It returns the Scan error unwrapped.
func scanToken(row scanner) (*claims.Token, error) {
	var t claims.Token
	var used, revoked sql.NullTime
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &used, &revoked); err != nil {
		return nil, err
	}
	if used.Valid {
		t.LastUsedAt = &used.Time
	}
	if revoked.Valid {
		t.RevokedAt = &revoked.Time
	}
	return &t, nil
}

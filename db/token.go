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
	"time"

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

// CreateToken makes a new API token for the user, stores only its SHA-256
// and records a token.create event (without the token). It returns the
// token, which cannot be recovered later. An unknown user is ENOTFOUND.
func (db *DB) CreateToken(ctx context.Context, actor claims.Actor, userID, name string) (string, error) {
	var p claims.Problems
	p.Check(len(name) <= claims.MaxNameLen, "name", "is too long (at most %d bytes)", claims.MaxNameLen)
	if err := p.Err(); err != nil {
		return "", err
	}
	token := newToken()
	err := db.write(ctx, func(tx *Tx) error {
		if ok, err := userExists(tx, userID); err != nil {
			return fmt.Errorf("check user: %w", err)
		} else if !ok {
			return claims.Errorf(claims.ENOTFOUND, "User not found.")
		}
		id := uuid.NewString()
		if _, err := tx.exec(`
			INSERT INTO tokens (id, token_hash, name, user_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, hashToken(token), name, userID, tx.now); err != nil {
			return fmt.Errorf("insert token: %w", err)
		}
		return tx.appendEvent(actor, "token.create", "token", id, "",
			map[string]any{"id": id, "user_id": userID, "name": name, "created_at": tx.now})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// FindUserByToken returns the token's user; an unknown or revoked token or
// a disabled user is EUNAUTHORIZED.
func (db *DB) FindUserByToken(ctx context.Context, token string) (*claims.User, error) {
	return db.findUserBy(ctx, `
		SELECT u.id, u.name, u.roles, u.disabled, u.password_hash, u.created_at, u.version
		FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`, hashToken(token))
}

// CreateSession starts a browser session for the user lasting ttl, records
// a user.login event with the user as actor, and returns the session token.
// An unknown user is ENOTFOUND.
func (db *DB) CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		return "", claims.Errorf(claims.EINVALID, "A session needs a positive lifetime.")
	}
	token := newToken()
	err := db.write(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.queryRow(`
			SELECT id, name, roles, disabled, password_hash, created_at, version FROM users WHERE id = ?`, userID))
		if err != nil {
			return notFound(err, "User not found.", "find user")
		}
		expires := tx.now.Add(ttl)
		if _, err := tx.exec(`
			INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashToken(token), userID, tx.now, expires); err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		return tx.appendEvent(u.Actor(), "user.login", "user", u.ID, "", map[string]any{"expires_at": expires})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// FindUserBySession returns the session's user; an unknown or expired
// session or a disabled user is EUNAUTHORIZED.
func (db *DB) FindUserBySession(ctx context.Context, token string) (*claims.User, error) {
	return db.findUserBy(ctx, `
		SELECT u.id, u.name, u.roles, u.disabled, u.password_hash, u.created_at, u.version
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`, hashToken(token), db.now())
}

// findUserBy returns the user the credential query finds, or EUNAUTHORIZED.
func (db *DB) findUserBy(ctx context.Context, query string, args ...any) (*claims.User, error) {
	return readValue(ctx, db, func(tx *Tx) (*claims.User, error) {
		u, err := scanUser(tx.queryRow(query, args...))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, unauthorized()
		} else if err != nil {
			return nil, fmt.Errorf("find user by credential: %w", err)
		}
		return u, nil
	})
}

// DeleteSession ends the session and records a user.logout event with the
// user as actor. An unknown session is not an error and records nothing.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.write(ctx, func(tx *Tx) error {
		var userID, name string
		err := tx.queryRow(`
			DELETE FROM sessions WHERE token_hash = ?
			RETURNING user_id, (SELECT name FROM users WHERE users.id = sessions.user_id)`, hashToken(token)).Scan(&userID, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return tx.appendEvent(claims.Actor{UserID: userID, Name: name}, "user.logout", "user", userID, "", map[string]any{})
	})
}

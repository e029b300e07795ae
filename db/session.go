package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// touchEvery is how often the use of a session or token is recorded: a
// session's idle time and a token's "last used" are accurate to it.
const touchEvery = time.Minute

// touch runs one bookkeeping UPDATE through the writer without an audit
// event. It is the one deliberate exception to write's rule that every
// change is an audit event, and it may only record when a credential was
// last used (sessions.last_seen_at, tokens.last_used_at):
//
//   - that a signed-in user sent a request is not a change to the
//     newsroom's record; logging it would add an event per user per minute
//     and bury the changes the log exists for. Signing in and out, and
//     everything done while signed in, are events as usual.
//   - the idle timeout must survive a restart and hold for every process
//     serving the file, so the time cannot live in memory in web.
//   - it writes at most once a minute per session or token, so the writer
//     is barely contended.
//
// A failed touch is ignored: the request it belongs to has been
// authenticated, and a missed touch only makes the session expire sooner,
// never later. Like write, it waits for the commit, and it is not run if
// ctx is done before the writer gets to it.
func (db *DB) touch(ctx context.Context, query string, args ...any) {
	_ = db.submit(&writeRequest{ctx: ctx, unaudited: true, fn: func(tx *Tx) error {
		_, err := tx.exec(query, args...)
		return err
	}}) // a failed touch is ignored, see above
}

// CreateSession starts a browser session for the user lasting ttl, spends
// the second factor f, records a user.login event with the user as actor,
// and returns the session token. An unknown user is ENOTFOUND; a disabled
// user, or a second factor that is not good, EUNAUTHORIZED.
func (db *DB) CreateSession(ctx context.Context, userID string, ttl time.Duration, f claims.SecondFactor) (string, error) {
	if ttl <= 0 {
		return "", claims.Errorf(claims.EINVALID, "A session needs a positive lifetime.")
	}
	var token string
	err := db.write(ctx, func(tx *Tx) error {
		u, err := findUserTx(tx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return unauthorized()
		}
		data := map[string]any{}
		switch f.Method {
		case claims.FactorNone:
		case claims.FactorTOTP:
			if err := spendTOTPStep(tx, u.ID, f.Step); err != nil {
				return err
			}
			data["second_factor"] = f.Method
		case claims.FactorRecovery:
			left, err := spendRecoveryCode(tx, u.ID, f.RecoveryCode)
			if err != nil {
				return err
			}
			data["second_factor"], data["recovery_codes_left"] = f.Method, left
		default:
			return fmt.Errorf("unknown second factor %q", f.Method)
		}
		token, err = insertSession(tx, u.ID, ttl)
		if err != nil {
			return err
		}
		data["expires_at"] = tx.now.Add(ttl)
		return tx.appendEvent(u.Actor(), "user.login", "user", u.ID, "", data)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// insertSession stores a new session for the user and returns its token.
func insertSession(tx *Tx, userID string, ttl time.Duration) (string, error) {
	token := newToken()
	if _, err := tx.exec(`
		INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
		hashToken(token), userID, tx.now, tx.now.Add(ttl), tx.now); err != nil {
		return "", fmt.Errorf("insert session: %w", err)
	}
	return token, nil
}

// endSessions deletes every session of the user and returns how many
// there were.
func endSessions(tx *Tx, userID string) (int64, error) {
	res, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	return res.RowsAffected()
}

// FindUserBySession returns the session's user; an unknown session, one
// past its absolute expiry, one unused for idle or longer (when idle > 0),
// or a disabled user is EUNAUTHORIZED. It records the use, to the minute
// (see touch), so the idle clock may run up to a minute fast.
func (db *DB) FindUserBySession(ctx context.Context, token string, idle time.Duration) (*claims.User, error) {
	h, now := hashToken(token), db.now()
	idleSince := time.Time{}
	if idle > 0 {
		idleSince = now.Add(-idle)
	}
	var lastSeen time.Time
	u, err := db.findUserBy(ctx, []any{&lastSeen}, `
		SELECT `+userColumnsU+`, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = CAST(? AS TEXT) AND s.expires_at > ? AND s.last_seen_at > ? AND u.disabled = 0`, h, now, idleSince)
	if err != nil {
		return nil, err
	}
	if now.Sub(lastSeen) >= touchEvery {
		db.touch(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?`,
			now, h, now.Add(-touchEvery))
	}
	return u, nil
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

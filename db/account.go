package db

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

// UpdateUser applies an admin's change to the user and records
// user.update with the old and new values. A change of roles, or
// disabling, ends every session of the user in the same transaction, so
// the change holds from the next request on. A stale version is ECONFLICT,
// an unknown user ENOTFOUND; a change that changes nothing records nothing.
func (db *DB) UpdateUser(ctx context.Context, actor claims.Actor, id string, up claims.UserUpdate) (*claims.User, error) {
	if err := up.Validate(); err != nil {
		return nil, err
	}
	return writeValue(ctx, db, func(tx *Tx) (*claims.User, error) {
		u, err := findUserTx(tx, id)
		if err != nil {
			return nil, err
		}
		if u.Version != up.Version {
			return nil, staleUser(u)
		}
		ch := map[string]any{}
		if up.Roles != nil && !slices.Equal(up.Roles, u.Roles) {
			ch["roles"] = map[string]any{"old": u.Roles, "new": up.Roles}
			u.Roles = up.Roles
		}
		if up.Disabled != nil && *up.Disabled != u.Disabled {
			ch["disabled"] = map[string]any{"old": u.Disabled, "new": *up.Disabled}
			u.Disabled = *up.Disabled
		}
		if len(ch) == 0 {
			return u, nil
		}
		roles, err := json.Marshal(u.Roles)
		if err != nil {
			return nil, fmt.Errorf("encode roles: %w", err)
		}
		u.Version++
		if _, err := tx.exec(`UPDATE users SET roles = ?, disabled = ?, version = ? WHERE id = ?`,
			string(roles), u.Disabled, u.Version, u.ID); err != nil {
			return nil, fmt.Errorf("update user: %w", err)
		}
		// Enabling alone leaves nothing to end; anything else narrows or
		// changes what the user's sessions may do, so they end.
		ended, err := endSessions(tx, u.ID)
		if err != nil {
			return nil, err
		}
		return u, tx.appendEvent(actor, "user.update", "user", u.ID, "",
			map[string]any{"name": u.Name, "changes": ch, "version": u.Version, "sessions_ended": ended})
	})
}

func staleUser(u *claims.User) error {
	return claims.Errorf(claims.ECONFLICT,
		"The account %s was changed by someone else (now version %d). Reload and try again.", u.Name, u.Version)
}

// ChangePassword stores hash as the user's password, ends every session of
// the user and, when ttl > 0, starts a new one whose token it returns, and
// records user.password (without the hash). A stale version is ECONFLICT:
// the caller checked the old password against that version.
func (db *DB) ChangePassword(ctx context.Context, actor claims.Actor, userID, hash string, version int, ttl time.Duration) (string, error) {
	return writeValue(ctx, db, func(tx *Tx) (string, error) {
		u, err := findUserTx(tx, userID)
		if err != nil {
			return "", err
		}
		if u.Version != version {
			return "", staleUser(u)
		}
		u.Version++
		if _, err := tx.exec(`UPDATE users SET password_hash = ?, version = ? WHERE id = ?`, hash, u.Version, u.ID); err != nil {
			return "", fmt.Errorf("update password: %w", err)
		}
		ended, err := endSessions(tx, u.ID)
		if err != nil {
			return "", err
		}
		token := ""
		if ttl > 0 {
			if token, err = insertSession(tx, u.ID, ttl); err != nil {
				return "", err
			}
		}
		return token, tx.appendEvent(actor, "user.password", "user", u.ID, "",
			map[string]any{"name": u.Name, "version": u.Version, "sessions_ended": ended, "new_session": token != ""})
	})
}

// maxAttemptedName bounds the attempted name kept in user.login_failed:
// anyone can send a sign-in form, and the log keeps what it records.
const maxAttemptedName = 100

// RecordLoginFailure records user.login_failed for a sign-in attempt as
// name from address. The actor is anonymous (a failure proves nobody's
// identity); the entity is the account when the name has one. The
// password is never passed here.
func (db *DB) RecordLoginFailure(ctx context.Context, name, address string) error {
	if len(name) > maxAttemptedName {
		name = name[:maxAttemptedName]
		for !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
	}
	return db.write(ctx, func(tx *Tx) error {
		var userID string
		if err := tx.queryRow(`SELECT coalesce((SELECT id FROM users WHERE name = ?), '')`, name).Scan(&userID); err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		return tx.appendEvent(claims.Actor{Name: "anonymous"}, "user.login_failed", "user", userID, "",
			map[string]any{"name": name, "address": address, "known": userID != ""})
	})
}

// FindSettings returns the settings, with defaults when none were saved.
func (db *DB) FindSettings(ctx context.Context) (claims.Settings, error) {
	return readValue(ctx, db, findSettingsTx)
}

func findSettingsTx(tx *Tx) (claims.Settings, error) {
	var s claims.Settings
	err := tx.queryRow(`
		SELECT coalesce((SELECT require_totp FROM settings WHERE id = 1), 0),
		       coalesce((SELECT version FROM settings WHERE id = 1), 0)`).Scan(&s.RequireTOTP, &s.Version)
	if err != nil {
		return s, fmt.Errorf("find settings: %w", err)
	}
	return s, nil
}

// UpdateSettings stores s when s.Version is the current version (0 before
// the first change) and records settings.update. A stale version is
// ECONFLICT.
func (db *DB) UpdateSettings(ctx context.Context, actor claims.Actor, s claims.Settings) (claims.Settings, error) {
	return writeValue(ctx, db, func(tx *Tx) (claims.Settings, error) {
		old, err := findSettingsTx(tx)
		if err != nil {
			return s, err
		}
		if old.Version != s.Version {
			return s, claims.Errorf(claims.ECONFLICT, "The settings were changed by someone else. Reload and try again.")
		}
		if old.RequireTOTP == s.RequireTOTP {
			return old, nil
		}
		s.Version = old.Version + 1
		if _, err := tx.exec(`
			INSERT INTO settings (id, require_totp, version) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET require_totp = excluded.require_totp, version = excluded.version`,
			s.RequireTOTP, s.Version); err != nil {
			return s, fmt.Errorf("update settings: %w", err)
		}
		return s, tx.appendEvent(actor, "settings.update", "settings", "1", "", map[string]any{
			"changes": map[string]any{"require_totp": map[string]any{"old": old.RequireTOTP, "new": s.RequireTOTP}},
			"version": s.Version})
	})
}

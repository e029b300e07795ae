package db

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
)

// EnableTOTP stores the user's TOTP secret with the step of the code that
// proved it, replaces the user's recovery codes with the hashes of codes,
// and records user.totp_enable (without secret or codes). A stale version
// is ECONFLICT.
func (db *DB) EnableTOTP(ctx context.Context, actor claims.Actor, userID, secret string, step int64, codes []string, version int) error {
	if secret == "" || len(codes) == 0 {
		return claims.Errorf(claims.EINVALID, "A second factor needs a secret and recovery codes.")
	}
	return db.write(ctx, func(tx *Tx) error {
		u, err := findUserTx(tx, userID)
		if err != nil {
			return err
		}
		if u.Version != version {
			return staleUser(u)
		}
		u.Version++
		if _, err := tx.exec(`UPDATE users SET totp_secret = ?, totp_last_step = ?, version = ? WHERE id = ?`,
			secret, step, u.Version, u.ID); err != nil {
			return fmt.Errorf("store totp secret: %w", err)
		}
		if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("delete recovery codes: %w", err)
		}
		for _, c := range codes {
			if _, err := tx.exec(`INSERT INTO recovery_codes (code_hash, user_id, created_at) VALUES (?, ?, ?)`,
				hashToken(claims.NormalizeRecoveryCode(c)), u.ID, tx.now); err != nil {
				return fmt.Errorf("insert recovery code: %w", err)
			}
		}
		return tx.appendEvent(actor, "user.totp_enable", "user", u.ID, "",
			map[string]any{"name": u.Name, "version": u.Version, "recovery_codes": len(codes)})
	})
}

// DisableTOTP removes the user's TOTP secret and recovery codes and
// records user.totp_disable. A stale version is ECONFLICT; a user without a
// second factor is left as is and nothing is recorded.
func (db *DB) DisableTOTP(ctx context.Context, actor claims.Actor, userID string, version int) error {
	return db.write(ctx, func(tx *Tx) error {
		u, err := findUserTx(tx, userID)
		if err != nil {
			return err
		}
		if u.Version != version {
			return staleUser(u)
		}
		if !u.TOTPEnabled {
			return nil
		}
		u.Version++
		if _, err := tx.exec(`UPDATE users SET totp_secret = '', totp_last_step = 0, version = ? WHERE id = ?`, u.Version, u.ID); err != nil {
			return fmt.Errorf("clear totp secret: %w", err)
		}
		if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("delete recovery codes: %w", err)
		}
		return tx.appendEvent(actor, "user.totp_disable", "user", u.ID, "", map[string]any{"name": u.Name, "version": u.Version})
	})
}

// CountRecoveryCodes returns how many of the user's recovery codes are
// unused.
func (db *DB) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	return readValue(ctx, db, func(tx *Tx) (int, error) {
		var n int
		err := tx.queryRow(`SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
		return n, err
	})
}

// spendTOTPStep accepts a code of time step for the user only if it is
// later than the last accepted one, so that an overheard code cannot be
// replayed within its window. Otherwise it is EUNAUTHORIZED.
func spendTOTPStep(tx *Tx, userID string, step int64) error {
	res, err := tx.exec(`UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_secret != '' AND totp_last_step < ?`, step, userID, step)
	if err != nil {
		return fmt.Errorf("spend totp step: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return claims.Errorf(claims.EUNAUTHORIZED, "That code was already used. Wait for the next one.")
	}
	return nil
}

// spendRecoveryCode marks the user's unused code as used and returns how
// many are left. An unknown or used code is EUNAUTHORIZED.
func spendRecoveryCode(tx *Tx, userID, code string) (int, error) {
	res, err := tx.exec(`UPDATE recovery_codes SET used_at = ? WHERE code_hash = ? AND user_id = ? AND used_at IS NULL`,
		tx.now, hashToken(claims.NormalizeRecoveryCode(code)), userID)
	if err != nil {
		return 0, fmt.Errorf("spend recovery code: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n != 1 {
		return 0, claims.Errorf(claims.EUNAUTHORIZED, "Wrong code.")
	}
	var left int
	err = tx.queryRow(`SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&left)
	return left, err
}

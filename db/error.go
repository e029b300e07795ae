package db

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/mattn/go-sqlite3"
)

// mapError turns SQLite failures that callers can act on into claims
// errors, keeping the original in the chain for the logs. It goes by the
// SQLite result code, never by message text. A *claims.Error already in
// the chain is returned as is.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var ce *claims.Error
	if errors.As(err, &ce) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch {
		case se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
			return fmt.Errorf("%w (%w)", claims.Errorf(claims.ECONFLICT, "This already exists."), err)
		case se.Code == sqlite3.ErrFull, se.Code == sqlite3.ErrReadonly, se.Code == sqlite3.ErrIoErr:
			return unavailable(err)
		}
	}
	return err
}

// unavailable marks err as storage trouble the user can do nothing about
// but wait: a full disk, a read-only file, an I/O error.
func unavailable(err error) error {
	return fmt.Errorf("%w (%w)", claims.Errorf(claims.EUNAVAILABLE, "Storage is unavailable; try again later."), err)
}

// isUnique reports whether err is a UNIQUE constraint violation.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}

// notFound maps sql.ErrNoRows to ENOTFOUND with msg, and wraps anything
// else with what was being done.
func notFound(err error, msg, doing string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return claims.Errorf(claims.ENOTFOUND, "%s", msg)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

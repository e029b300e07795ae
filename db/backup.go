package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// Backup writes a consistent copy of the database to out with VACUUM INTO,
// then opens the copy and checks it: PRAGMA integrity_check must say "ok"
// and its audit log must verify (VerifyLog). A copy that fails is removed,
// so a file at out is always a backup one can restore from. It refuses to
// overwrite an existing file (EINVALID).
func (db *DB) Backup(ctx context.Context, out string) error {
	if out == "" {
		return claims.Errorf(claims.EINVALID, "No backup file given.")
	}
	if _, err := os.Stat(out); err == nil {
		return claims.Errorf(claims.EINVALID, "%s exists; a backup never overwrites a file.", out)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO reads one snapshot, so it runs on the read pool and does
	// not hold up writers.
	if _, err := db.r.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		removeDB(out)
		return mapError(fmt.Errorf("backup to %s: %w", out, err))
	}
	if err := checkBackup(ctx, out); err != nil {
		removeDB(out)
		return fmt.Errorf("backup %s failed its check and was removed: %w", out, err)
	}
	return nil
}

// checkBackup opens the copy at path as a restore would and checks the
// file's structure and its audit log.
func checkBackup(ctx context.Context, path string) (err error) {
	b, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := b.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close: %w", cerr)
		}
	}()
	if err := b.integrityCheck(ctx); err != nil {
		return err
	}
	if _, err := b.VerifyLog(ctx); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

// integrityCheck runs PRAGMA integrity_check, which answers one row "ok"
// or one row per problem found.
func (db *DB) integrityCheck(ctx context.Context) error {
	rows, err := db.r.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return mapError(fmt.Errorf("integrity check: %w", err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		problems = append(problems, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// removeDB removes a database file and the WAL and shared-memory files
// SQLite may have left beside it.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

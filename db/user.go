package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/google/uuid"
)

// CreateUser validates u and stores it with its user.create event, setting
// u.ID and u.CreatedAt. A taken name is ECONFLICT. The event never holds
// the password hash.
func (db *DB) CreateUser(ctx context.Context, actor claims.Actor, u *claims.User) error {
	u.Name = strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		u.ID, u.CreatedAt, u.Version = uuid.NewString(), tx.now, 1
		roles, err := json.Marshal(u.Roles)
		if err != nil {
			return fmt.Errorf("encode roles: %w", err)
		}
		if _, err := tx.exec(`
			INSERT INTO users (id, name, roles, disabled, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`,
			u.ID, u.Name, string(roles), u.Disabled, u.PasswordHash, u.CreatedAt); err != nil {
			if isUnique(err) {
				return claims.Errorf(claims.ECONFLICT, "A user named %s exists.", u.Name)
			}
			return fmt.Errorf("insert user: %w", err)
		}
		return tx.appendEvent(actor, "user.create", "user", u.ID, "", u) // PasswordHash is json:"-"
	})
}

// FindUserByID returns the user, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id string) (*claims.User, error) {
	return db.findUser(ctx, `WHERE id = ?`, id)
}

// FindUserByName returns the user, or ENOTFOUND.
func (db *DB) FindUserByName(ctx context.Context, name string) (*claims.User, error) {
	return db.findUser(ctx, `WHERE name = ?`, name)
}

// findUser returns the user the where clause (a constant with one ?
// argument) selects, or ENOTFOUND.
func (db *DB) findUser(ctx context.Context, where string, arg any) (*claims.User, error) {
	return readValue(shortRead(ctx), db, func(tx *Tx) (*claims.User, error) {
		u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users `+where, arg))
		if err != nil {
			return nil, notFound(err, "User not found.", "find user")
		}
		return u, nil
	})
}

// FindUsers returns every user, by name.
func (db *DB) FindUsers(ctx context.Context) ([]*claims.User, error) {
	list := []*claims.User{}
	err := db.read(shortRead(ctx), func(tx *Tx) error {
		rows, err := tx.query(`SELECT ` + userColumns + ` FROM users ORDER BY name`)
		if err != nil {
			return fmt.Errorf("query users: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return fmt.Errorf("scan user: %w", err)
			}
			list = append(list, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// CountUsers returns how many users exist; zero means first start.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	return readValue(ctx, db, func(tx *Tx) (int, error) {
		var n int
		err := tx.queryRow(`SELECT count(*) FROM users`).Scan(&n)
		return n, err
	})
}

// userColumns are the columns scanUser reads, in its order; userColumnsU
// are the same qualified with the alias u.
const (
	userColumns  = `id, name, roles, disabled, password_hash, created_at, version, totp_secret, totp_last_step`
	userColumnsU = `u.id, u.name, u.roles, u.disabled, u.password_hash, u.created_at, u.version, u.totp_secret, u.totp_last_step`
)

// scanUser reads userColumns, and any further columns into extra. It
// returns the Scan error unwrapped.
func scanUser(row scanner, extra ...any) (*claims.User, error) {
	var u claims.User
	var roles string
	dest := append([]any{&u.ID, &u.Name, &roles, &u.Disabled, &u.PasswordHash, &u.CreatedAt, &u.Version, &u.TOTPSecret, &u.TOTPLastStep}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.TOTPEnabled = u.TOTPSecret != ""
	if err := json.Unmarshal([]byte(roles), &u.Roles); err != nil {
		return nil, fmt.Errorf("user %s roles: %w", u.ID, err)
	}
	return &u, nil
}

// findUserTx returns the user in tx, or ENOTFOUND.
func findUserTx(tx *Tx, id string) (*claims.User, error) {
	u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "User not found.", "find user")
	}
	return u, nil
}

// userExists reports whether a user with id exists.
func userExists(tx *Tx, id string) (bool, error) {
	var n int
	err := tx.queryRow(`SELECT count(*) FROM users WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
	"github.com/claimtrail/claimtrail/db"
)

// maxPasswordInput bounds what --password-stdin reads.
const maxPasswordInput = 4096

// userAdd creates a user, with a password read from stdin if asked, and an
// API token named "cli", which it prints as the last line.
func userAdd(ctx context.Context, cfg *config, e env) error {
	roles, err := claims.ParseRoles(cfg.Roles)
	if err != nil {
		return err
	}
	u := &claims.User{Name: cfg.Name, Roles: roles}
	if err := u.Validate(); err != nil {
		return err
	}
	if cfg.PasswordStdin {
		pw, err := readPassword(e.stdin)
		if err != nil {
			return err
		}
		if err := claims.CheckPassword(pw); err != nil {
			return err
		}
		if u.PasswordHash, err = password.Hash(pw); err != nil {
			return err
		}
	}
	return withStore(ctx, cfg, func(store *db.DB) error {
		if err := store.CreateUser(ctx, cliActor, u); err != nil {
			return err
		}
		token, err := store.CreateToken(ctx, u.Actor(), u.ID, "cli")
		if err != nil {
			return fmt.Errorf("user %s was created, but its token was not: %w", u.Name, err)
		}
		login := "token only (no password)"
		if u.PasswordHash != "" {
			login = "password and token"
		}
		_, err = fmt.Fprintf(e.stdout, "Created user %s (roles %s; %s). API token, shown only now:\n%s\n",
			u.Name, joinRoles(u.Roles), login, token)
		return err
	})
}

// readPassword reads the first line of r, without its line end.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, maxPasswordInput)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", claims.Errorf(claims.EINVALID, "No password on standard input.")
	}
	return line, nil
}

func joinRoles(roles []claims.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

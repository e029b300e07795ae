package db

import (
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func TestCreateUser(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		u := &claims.User{Name: "kasia", Roles: []claims.Role{claims.RoleChecker, claims.RoleEditor}, PasswordHash: "$argon2id$secret"}
		if err := db.CreateUser(ctx, claims.SystemActor, u); err != nil {
			t.Fatal(err)
		}
		for name, find := range map[string]func() (*claims.User, error){
			"ByID":   func() (*claims.User, error) { return db.FindUserByID(ctx, u.ID) },
			"ByName": func() (*claims.User, error) { return db.FindUserByName(ctx, "kasia") },
		} {
			got, err := find()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got.ID != u.ID || got.PasswordHash != u.PasswordHash || len(got.Roles) != 2 || !got.Has(claims.RoleEditor) {
				t.Errorf("%s: %+v", name, got)
			}
		}
		events := checkAuditLog(t, db)
		if len(events) != 1 || events[0].Action != "user.create" || strings.Contains(string(events[0].Data), "argon2") {
			t.Errorf("events %+v data %s", events, events[0].Data)
		}
	})
	t.Run("ErrTakenName", func(t *testing.T) {
		db := newTestDB(t)
		mustUser(t, db, "kasia", claims.RoleViewer)
		err := db.CreateUser(ctx, claims.SystemActor, &claims.User{Name: "kasia", Roles: []claims.Role{claims.RoleAdmin}})
		wantCode(t, err, claims.ECONFLICT)
		if msg := claims.ErrorMessage(err); !strings.Contains(msg, "kasia") {
			t.Errorf("message %q", msg)
		}
		if countEvents(t, db) != 1 || countRows(t, db, "users") != 1 {
			t.Error("a refused user left a row or an event")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := newTestDB(t)
		wantField(t, db.CreateUser(ctx, claims.SystemActor, &claims.User{Name: "a b"}), "name")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := newTestDB(t)
		_, err := db.FindUserByName(ctx, "nobody")
		wantCode(t, err, claims.ENOTFOUND)
		_, err = db.FindUserByID(ctx, "nope")
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestFindUsers(t *testing.T) {
	db := newTestDB(t)
	if n, err := db.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on a new database = %d, %v", n, err)
	}
	mustUser(t, db, "zofia", claims.RoleViewer)
	mustUser(t, db, "adam", claims.RoleAdmin)
	users, err := db.FindUsers(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "adam" || users[1].Name != "zofia" {
		t.Fatalf("FindUsers = %v, %v", users, err)
	}
	if n, err := db.CountUsers(ctx); err != nil || n != 2 {
		t.Fatalf("CountUsers = %d, %v", n, err)
	}
}

func TestToken(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleChecker)
		token, err := db.CreateToken(ctx, u.Actor(), u.ID, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, "ct_") || len(token) != 3+43 {
			t.Errorf("token %q is not ct_ + 32 bytes base64url", token)
		}
		got, err := db.FindUserByToken(ctx, token)
		if err != nil || got.ID != u.ID {
			t.Fatalf("FindUserByToken = %v, %v", got, err)
		}
		var stored string
		if err := db.r.QueryRowContext(ctx, `SELECT token_hash FROM tokens`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != hashToken(token) || strings.Contains(stored, token[3:]) {
			t.Errorf("stored %q, want the SHA-256 only", stored)
		}
		for _, e := range checkAuditLog(t, db) {
			if strings.Contains(string(e.Data), token) || strings.Contains(string(e.Data), stored) {
				t.Errorf("event %s holds the token", e.Action)
			}
		}
	})
	tests := []struct {
		name  string
		spoil func(t *testing.T, db *DB, u *claims.User)
	}{
		{"ErrUnknown", nil},
		{"ErrRevoked", func(t *testing.T, db *DB, u *claims.User) {
			if _, err := db.w.ExecContext(ctx, `UPDATE tokens SET revoked_at = ?`, time.Now()); err != nil {
				t.Fatal(err)
			}
		}},
		{"ErrDisabled", func(t *testing.T, db *DB, u *claims.User) {
			if _, err := db.w.ExecContext(ctx, `UPDATE users SET disabled = 1`); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestDB(t)
			u := mustUser(t, db, "kasia", claims.RoleChecker)
			token, err := db.CreateToken(ctx, u.Actor(), u.ID, "cli")
			if err != nil {
				t.Fatal(err)
			}
			if tt.spoil == nil {
				token += "x"
			} else {
				tt.spoil(t, db, u)
			}
			_, err = db.FindUserByToken(ctx, token)
			wantCode(t, err, claims.EUNAUTHORIZED)
		})
	}
	t.Run("ErrUnknownUser", func(t *testing.T) {
		db := newTestDB(t)
		_, err := db.CreateToken(ctx, editor, "nope", "cli")
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestSession(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleChecker)
		token, err := db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.FindUserBySession(ctx, token, 0)
		if err != nil || got.ID != u.ID {
			t.Fatalf("FindUserBySession = %v, %v", got, err)
		}
		if err := db.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindUserBySession(ctx, token, 0)
		wantCode(t, err, claims.EUNAUTHORIZED)
		events := checkAuditLog(t, db)
		if len(events) != 3 {
			t.Fatalf("%d events, want 3", len(events))
		}
		for i, action := range []string{"user.login", "user.logout"} {
			if e := events[i+1]; e.Action != action || e.Actor != u.Actor() || e.EntityID != u.ID {
				t.Errorf("event %+v, want %s by the user", e, action)
			}
		}
	})
	t.Run("OKDeleteUnknown", func(t *testing.T) {
		db := newTestDB(t)
		if err := db.DeleteSession(ctx, "ct_nope"); err != nil {
			t.Fatal(err)
		}
		if countEvents(t, db) != 0 {
			t.Error("logging out an unknown session wrote an event")
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleChecker)
		start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return start }
		token, err := db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{})
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return start.Add(59 * time.Minute) }
		if _, err := db.FindUserBySession(ctx, token, 0); err != nil {
			t.Fatalf("a live session: %v", err)
		}
		db.Now = func() time.Time { return start.Add(time.Hour) }
		_, err = db.FindUserBySession(ctx, token, 0)
		wantCode(t, err, claims.EUNAUTHORIZED)
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		db := newTestDB(t)
		_, err := db.CreateSession(ctx, "nope", time.Hour, claims.SecondFactor{})
		wantCode(t, err, claims.ENOTFOUND)
	})
}

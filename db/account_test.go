package db

import (
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func mustSession(t *testing.T, db *DB, u *claims.User) string {
	t.Helper()
	token, err := db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestUpdateUser(t *testing.T) {
	t.Run("OKRolesEndSessions", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleEditor)
		s1, s2 := mustSession(t, db, u), mustSession(t, db, u)
		got, err := db.UpdateUser(ctx, editor, u.ID, claims.UserUpdate{Roles: []claims.Role{claims.RoleChecker}, Version: 1})
		if err != nil || got.Version != 2 || !got.Has(claims.RoleChecker) || got.Has(claims.RoleEditor) {
			t.Fatalf("UpdateUser = %+v, %v", got, err)
		}
		for _, s := range []string{s1, s2} {
			_, err := db.FindUserBySession(ctx, s, 0)
			wantCode(t, err, claims.EUNAUTHORIZED)
		}
		events := checkAuditLog(t, db)
		last := events[len(events)-1]
		if last.Action != "user.update" || !strings.Contains(string(last.Data), `"sessions_ended":2`) {
			t.Errorf("event %s %s", last.Action, last.Data)
		}
	})
	t.Run("OKDisableBlocksTokens", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleEditor)
		token, err := db.CreateToken(ctx, u.Actor(), u.ID, "cli")
		if err != nil {
			t.Fatal(err)
		}
		yes := true
		if _, err := db.UpdateUser(ctx, editor, u.ID, claims.UserUpdate{Disabled: &yes, Version: 1}); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindUserByToken(ctx, token)
		wantCode(t, err, claims.EUNAUTHORIZED)
		_, err = db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{})
		wantCode(t, err, claims.EUNAUTHORIZED)
	})
	t.Run("ErrStale", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleEditor)
		yes := true
		if _, err := db.UpdateUser(ctx, editor, u.ID, claims.UserUpdate{Disabled: &yes, Version: 1}); err != nil {
			t.Fatal(err)
		}
		_, err := db.UpdateUser(ctx, editor, u.ID, claims.UserUpdate{Roles: []claims.Role{claims.RoleAdmin}, Version: 1})
		wantCode(t, err, claims.ECONFLICT)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := newTestDB(t)
		u := mustUser(t, db, "kasia", claims.RoleEditor)
		wantField(t, func() error {
			_, err := db.UpdateUser(ctx, editor, u.ID, claims.UserUpdate{Roles: []claims.Role{"boss"}, Version: 1})
			return err
		}(), "roles")
		_, err := db.UpdateUser(ctx, editor, "nope", claims.UserUpdate{Version: 1})
		wantCode(t, err, claims.ENOTFOUND)
	})
}

func TestChangePassword(t *testing.T) {
	db := newTestDB(t)
	u := mustUser(t, db, "kasia", claims.RoleEditor)
	old1, old2 := mustSession(t, db, u), mustSession(t, db, u)
	fresh, err := db.ChangePassword(ctx, u.Actor(), u.ID, "$argon2id$new", 1, time.Hour)
	if err != nil || fresh == "" {
		t.Fatalf("ChangePassword = %q, %v", fresh, err)
	}
	for _, s := range []string{old1, old2} {
		_, err := db.FindUserBySession(ctx, s, 0)
		wantCode(t, err, claims.EUNAUTHORIZED)
	}
	got, err := db.FindUserBySession(ctx, fresh, 0)
	if err != nil || got.PasswordHash != "$argon2id$new" || got.Version != 2 {
		t.Fatalf("after the change %+v, %v", got, err)
	}
	_, err = db.ChangePassword(ctx, u.Actor(), u.ID, "$argon2id$other", 1, time.Hour)
	wantCode(t, err, claims.ECONFLICT)
	for _, e := range checkAuditLog(t, db) {
		if strings.Contains(string(e.Data), "argon2") {
			t.Errorf("event %s holds the hash: %s", e.Action, e.Data)
		}
	}
}

func TestTokens(t *testing.T) {
	db := newTestDB(t)
	u := mustUser(t, db, "kasia", claims.RoleEditor)
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return start }
	token, err := db.CreateToken(ctx, u.Actor(), u.ID, "laptop")
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.FindTokens(ctx, u.ID)
	if err != nil || len(list) != 1 || list[0].Name != "laptop" || list[0].LastUsedAt != nil || list[0].RevokedAt != nil {
		t.Fatalf("FindTokens = %+v, %v", list, err)
	}
	db.Now = func() time.Time { return start.Add(5 * time.Minute) }
	if _, err := db.FindUserByToken(ctx, token); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindTokenByID(ctx, list[0].ID)
	if err != nil || got.LastUsedAt == nil || !got.LastUsedAt.Equal(start.Add(5*time.Minute)) {
		t.Fatalf("last used %+v, %v", got, err)
	}
	if err := db.RevokeToken(ctx, u.Actor(), got.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindUserByToken(ctx, token)
	wantCode(t, err, claims.EUNAUTHORIZED)
	wantCode(t, db.RevokeToken(ctx, u.Actor(), got.ID), claims.ECONFLICT)
	wantCode(t, db.RevokeToken(ctx, u.Actor(), "nope"), claims.ENOTFOUND)
	// Touching wrote no event: create, token.create, token.revoke.
	if n := countEvents(t, db); n != 3 {
		t.Errorf("%d events, want 3", n)
	}
}

// TestSessionIdle checks the idle timeout and that use, recorded once a
// minute, keeps a session alive.
func TestSessionIdle(t *testing.T) {
	db := newTestDB(t)
	u := mustUser(t, db, "kasia", claims.RoleEditor)
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return start }
	token := mustSession(t, db, u)
	const idle = 30 * time.Minute
	for _, m := range []time.Duration{20, 40, 55} { // each use within 30 minutes of the last
		db.Now = func() time.Time { return start.Add(m * time.Minute) }
		if _, err := db.FindUserBySession(ctx, token, idle); err != nil {
			t.Fatalf("at +%d min: %v", m, err)
		}
	}
	db.Now = func() time.Time { return start.Add(85 * time.Minute) }
	_, err := db.FindUserBySession(ctx, token, idle)
	wantCode(t, err, claims.EUNAUTHORIZED)
	if n := countEvents(t, db); n != 2 {
		t.Errorf("%d events, want 2 (user.create, user.login)", n)
	}
}

func TestRecordLoginFailure(t *testing.T) {
	db := newTestDB(t)
	u := mustUser(t, db, "kasia", claims.RoleEditor)
	if err := db.RecordLoginFailure(ctx, "kasia", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordLoginFailure(ctx, strings.Repeat("ł", 80), "192.0.2.2"); err != nil {
		t.Fatal(err)
	}
	events := checkAuditLog(t, db)
	known, unknown := events[1], events[2]
	if known.Action != "user.login_failed" || known.EntityID != u.ID || known.Actor.Name != "anonymous" ||
		!strings.Contains(string(known.Data), `"address":"192.0.2.1"`) {
		t.Errorf("known %+v %s", known, known.Data)
	}
	if unknown.EntityID != "" || !strings.Contains(string(unknown.Data), `"known":false`) || len(unknown.Data) > 200 {
		t.Errorf("unknown %+v %s", unknown, unknown.Data)
	}
}

func TestSettings(t *testing.T) {
	db := newTestDB(t)
	s, err := db.FindSettings(ctx)
	if err != nil || s.RequireTOTP || s.Version != 0 {
		t.Fatalf("defaults %+v, %v", s, err)
	}
	s, err = db.UpdateSettings(ctx, editor, claims.Settings{RequireTOTP: true})
	if err != nil || !s.RequireTOTP || s.Version != 1 {
		t.Fatalf("UpdateSettings = %+v, %v", s, err)
	}
	_, err = db.UpdateSettings(ctx, editor, claims.Settings{RequireTOTP: false})
	wantCode(t, err, claims.ECONFLICT)
	if s, err := db.FindSettings(ctx); err != nil || !s.RequireTOTP || s.Version != 1 {
		t.Fatalf("read back %+v, %v", s, err)
	}
}

func TestSecondFactor(t *testing.T) {
	db := newTestDB(t)
	u := mustUser(t, db, "kasia", claims.RoleEditor)
	codes := claims.NewRecoveryCodes(claims.RecoveryCodeCount)
	if err := db.EnableTOTP(ctx, u.Actor(), u.ID, "JBSWY3DPEHPK3PXPJBSWY3DP", 100, codes, 1); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CountRecoveryCodes(ctx, u.ID); err != nil || n != 10 {
		t.Fatalf("CountRecoveryCodes = %d, %v", n, err)
	}
	totp := func(step int64) error {
		_, err := db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{Method: claims.FactorTOTP, Step: step})
		return err
	}
	wantCode(t, totp(100), claims.EUNAUTHORIZED) // the enrolment code
	if err := totp(101); err != nil {
		t.Fatal(err)
	}
	wantCode(t, totp(101), claims.EUNAUTHORIZED)
	recovery := func(code string) error {
		_, err := db.CreateSession(ctx, u.ID, time.Hour, claims.SecondFactor{Method: claims.FactorRecovery, RecoveryCode: code})
		return err
	}
	if err := recovery(strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))); err != nil {
		t.Fatal(err)
	}
	wantCode(t, recovery(codes[3]), claims.EUNAUTHORIZED)
	wantCode(t, recovery("aaaa-bbbb-cccc-dddd"), claims.EUNAUTHORIZED)
	if n, _ := db.CountRecoveryCodes(ctx, u.ID); n != 9 {
		t.Fatalf("%d codes left, want 9", n)
	}
	for _, e := range checkAuditLog(t, db) {
		if strings.Contains(string(e.Data), "JBSWY3DP") || strings.Contains(string(e.Data), codes[0]) {
			t.Errorf("event %s holds a secret: %s", e.Action, e.Data)
		}
	}
	if err := db.DisableTOTP(ctx, u.Actor(), u.ID, 2); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindUserByID(ctx, u.ID); got.TOTPEnabled || got.TOTPSecret != "" {
		t.Fatalf("after disabling %+v", got)
	}
	wantCode(t, totp(200), claims.EUNAUTHORIZED)
}

package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestAdminPasswordReset: an admin sets a new password for someone who
// forgot theirs, on the page and through the API. The old password and
// every session stop working at once, the new password signs in, and
// nothing secret reaches the audit log. Bad input, a stale form and the
// admin's own account are refused.
func TestAdminPasswordReset(t *testing.T) {
	e := newEnv(t)
	admina := e.addUser("admina", "admina-password", claims.RoleAdmin)
	u := e.addUser("marta", "marta-password", claims.RoleEditor)
	marta := e.signIn("marta", "marta-password")
	admin := e.signIn("admina", "admina-password")

	page := e.must(200, e.get(admin, "/admin/users/"+u.ID))
	if !strings.Contains(string(page.Body), `action="/admin/users/`+u.ID+`/password"`) {
		t.Fatalf("no password form on the admin's page:\n%s", page.Body)
	}
	res := e.must(422, e.form(admin, "/admin/users/"+u.ID+"/password", url.Values{"password": {"short"}, "confirm": {"short"}, "version": {"1"}}))
	if !strings.Contains(string(res.Body), `id="reset-password-error"`) {
		t.Fatalf("a short password is not marked:\n%s", res.Body)
	}
	e.must(422, e.form(admin, "/admin/users/"+u.ID+"/password", url.Values{"password": {"nowe-haslo-marty"}, "confirm": {"inne-haslo-marty"}, "version": {"1"}}))
	e.must(400, e.form(admin, "/admin/users/"+u.ID+"/password", url.Values{"password": {"nowe-haslo-marty"}, "confirm": {"nowe-haslo-marty"}}))
	e.must(200, e.get(marta, "/account")) // nothing changed so far

	res = e.must(303, e.form(admin, "/admin/users/"+u.ID+"/password", url.Values{"password": {"nowe-haslo-marty"}, "confirm": {"nowe-haslo-marty"}, "version": {"1"}}))
	if loc := res.Header.Get("Location"); loc != "/admin/users/"+u.ID+"?done=password" {
		t.Fatalf("redirect to %q", loc)
	}
	if page := e.must(200, e.get(admin, "/admin/users/"+u.ID+"?done=password")); !strings.Contains(string(page.Body), "every session of marta was ended") {
		t.Fatalf("no notice:\n%s", page.Body)
	}
	e.must(303, e.get(marta, "/account")) // signed out everywhere
	e.must(401, e.form(e.browserClient(), "/login", url.Values{"name": {"marta"}, "password": {"marta-password"}}))
	e.signIn("marta", "nowe-haslo-marty")

	// The form read at version 1 is stale now.
	res = e.must(409, e.form(admin, "/admin/users/"+u.ID+"/password", url.Values{"password": {"trzecie-haslo"}, "confirm": {"trzecie-haslo"}, "version": {"1"}}))
	if !strings.Contains(string(res.Body), "changed by someone else") {
		t.Fatalf("stale form:\n%s", res.Body)
	}

	// The API: the same, answering with the account.
	var got claims.User
	e.must(200, e.do(claims.RoleAdmin, "POST", "/api/v1/users/"+u.ID+"/password", map[string]any{"password": "haslo-z-api-123", "version": 2})).decode(t, &got)
	if got.Version != 3 || got.PasswordHash != "" {
		t.Fatalf("answered %+v", got)
	}
	e.signIn("marta", "haslo-z-api-123")
	p := e.must(422, e.do(claims.RoleAdmin, "POST", "/api/v1/users/"+u.ID+"/password", map[string]any{"password": "x", "version": 3})).problem(t)
	if len(p.Errors) == 0 || p.Errors[0].Field != "password" {
		t.Fatalf("problem %+v", p)
	}
	e.must(404, e.do(claims.RoleAdmin, "POST", "/api/v1/users/nobody/password", map[string]any{"password": "haslo-z-api-123", "version": 1}))
	e.must(403, e.do(claims.RoleEditor, "POST", "/api/v1/users/"+u.ID+"/password", map[string]any{"password": "haslo-z-api-123", "version": 3}))

	t.Run("ErrOwnAccount", func(t *testing.T) {
		me := e.users[claims.RoleAdmin]
		e.must(403, e.do(claims.RoleAdmin, "POST", "/api/v1/users/"+me.ID+"/password", map[string]any{"password": "przejete-haslo", "version": 1}))
		page := e.must(200, e.get(admin, "/admin/users/"+admina.ID))
		if strings.Contains(string(page.Body), "/password\"") {
			t.Fatalf("the admin's own page offers a reset:\n%s", page.Body)
		}
	})

	events, err := e.store.FindEvents(t.Context(), claims.EventFilter{Action: "user.password", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Actor.Name != "admina" {
		t.Fatalf("%d user.password events, first by %q", len(events), events[0].Actor.Name)
	}
	for _, ev := range events {
		if d := string(ev.Data); strings.Contains(d, "nowe-haslo") || strings.Contains(d, "haslo-z-api") || strings.Contains(d, "argon2") {
			t.Errorf("event holds the password: %s", d)
		}
	}
}

// TestAdminTOTPReset: an admin turns off the second factor of someone who
// lost their phone; they then sign in with the password alone. An account
// without one, and the admin's own, are refused.
func TestAdminTOTPReset(t *testing.T) {
	e := newEnv(t)
	e.addUser("admina", "admina-password", claims.RoleAdmin)
	u := e.addUser("marta", "marta-password", claims.RoleEditor)
	admin := e.signIn("admina", "admina-password")

	e.must(409, e.form(admin, "/admin/users/"+u.ID+"/totp/disable", url.Values{"version": {"1"}}))
	if err := e.store.EnableTOTP(t.Context(), u.Actor(), u.ID, "JBSWY3DPEHPK3PXP", 1, []string{"hash"}, 1); err != nil {
		t.Fatal(err)
	}
	res := e.must(303, e.form(e.browserClient(), "/login", url.Values{"name": {"marta"}, "password": {"marta-password"}}))
	if loc := res.Header.Get("Location"); loc != "/login/totp" {
		t.Fatalf("with a second factor, sign-in goes to %q", loc)
	}
	page := e.must(200, e.get(admin, "/admin/users/"+u.ID))
	if !strings.Contains(string(page.Body), `action="/admin/users/`+u.ID+`/totp/disable"`) {
		t.Fatalf("no button to turn it off:\n%s", page.Body)
	}
	e.must(409, e.form(admin, "/admin/users/"+u.ID+"/totp/disable", url.Values{"version": {"1"}})) // stale
	res = e.must(303, e.form(admin, "/admin/users/"+u.ID+"/totp/disable", url.Values{"version": {"2"}}))
	if loc := res.Header.Get("Location"); loc != "/admin/users/"+u.ID+"?done=totp" {
		t.Fatalf("redirect to %q", loc)
	}
	e.signIn("marta", "marta-password") // the password alone again
	if n, err := e.store.CountRecoveryCodes(t.Context(), u.ID); err != nil || n != 0 {
		t.Fatalf("%d recovery codes left, %v", n, err)
	}
	e.must(409, e.do(claims.RoleAdmin, "POST", "/api/v1/users/"+u.ID+"/totp/disable", map[string]any{"version": 3})).problem(t)
	me := e.users[claims.RoleAdmin]
	e.must(403, e.do(claims.RoleAdmin, "POST", "/api/v1/users/"+me.ID+"/totp/disable", map[string]any{"version": 1}))
}

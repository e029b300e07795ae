package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestAdminRoleChange changes a signed-in user's roles through the API: the
// session ends at once, a token carries the new roles, and a stale version
// is refused.
func TestAdminRoleChange(t *testing.T) {
	e := newEnv(t)
	var u claims.User
	res := e.must(201, e.do(claims.RoleAdmin, "POST", "/api/v1/users", map[string]any{"name": "marta", "roles": []string{"editor"}, "password": "marta-password"}))
	res.decode(t, &u)
	if strings.Contains(string(res.Body), "argon2") || strings.Contains(string(res.Body), "marta-password") || u.Version != 1 {
		t.Fatalf("created %s", res.Body)
	}
	c := e.signIn("marta", "marta-password")
	var tok struct{ Token string }
	e.must(201, e.do(claims.RoleAdmin, "POST", "/api/v1/tokens", map[string]any{"name": "x"})) // the admin's own
	req := e.request("", "POST", "/api/v1/tokens", `{"name":"cli"}`)
	for _, ck := range c.Jar.Cookies(mustURL(t, e.http.URL)) {
		req.AddCookie(ck)
	}
	e.must(201, e.send(req)).decode(t, &tok)
	e.must(201, e.withToken(tok.Token, "POST", "/api/v1/sources", map[string]any{"name": "ISW", "type": "think-tank"}))

	var got claims.User
	e.must(200, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"roles": []string{"checker"}, "version": 1})).decode(t, &got)
	if got.Version != 2 || !got.Has(claims.RoleChecker) || got.Has(claims.RoleEditor) {
		t.Fatalf("updated %+v", got)
	}
	e.must(303, e.get(c, "/account")) // the session ended
	e.must(403, e.withToken(tok.Token, "POST", "/api/v1/sources", map[string]any{"name": "IPI", "type": "think-tank"}))
	e.must(409, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"roles": []string{"editor"}, "version": 1})).problem(t)
	e.must(422, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"roles": []string{"boss"}, "version": 2})).problem(t)
	e.must(403, e.do(claims.RoleEditor, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"roles": []string{"admin"}, "version": 2})).problem(t)
	t.Run("ErrSelfLockout", func(t *testing.T) {
		me := e.users[claims.RoleAdmin]
		p := e.must(422, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+me.ID, map[string]any{"disabled": true, "version": 1})).problem(t)
		if len(p.Errors) != 1 || p.Errors[0].Field != "disabled" {
			t.Fatalf("problem %+v", p)
		}
		e.must(422, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+me.ID, map[string]any{"roles": []string{"editor"}, "version": 1}))
	})
}

// TestAdminDisable disables a user on the admin page: the user's session
// and token stop working at once and sign-in fails; enabling restores
// sign-in.
func TestAdminDisable(t *testing.T) {
	e := newEnv(t)
	e.addUser("admina", "admina-password", claims.RoleAdmin)
	u := e.addUser("marta", "marta-password", claims.RoleEditor)
	token, err := e.store.CreateToken(t.Context(), claims.SystemActor, u.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	c := e.signIn("marta", "marta-password")
	admin := e.signIn("admina", "admina-password")
	page := e.must(200, e.get(admin, "/admin/users/"+u.ID))
	if !strings.Contains(string(page.Body), `name="version" value="1"`) {
		t.Fatalf("the form lacks the version:\n%s", page.Body)
	}
	e.must(303, e.form(admin, "/admin/users/"+u.ID, url.Values{"roles": {"editor"}, "disabled": {"1"}, "version": {"1"}}))
	e.must(303, e.get(c, "/account"))
	e.must(401, e.withToken(token, "GET", "/api/v1/claims", nil))
	e.must(401, e.form(e.browserClient(), "/login", url.Values{"name": {"marta"}, "password": {"marta-password"}}))
	// A stale form is refused and shows the current state.
	res := e.must(409, e.form(admin, "/admin/users/"+u.ID, url.Values{"roles": {"editor"}, "version": {"1"}}))
	if !strings.Contains(string(res.Body), "changed by someone else") {
		t.Fatalf("stale form:\n%s", res.Body)
	}
	e.must(303, e.form(admin, "/admin/users/"+u.ID, url.Values{"roles": {"editor"}, "version": {"2"}}))
	e.must(200, e.withToken(token, "GET", "/api/v1/claims", nil))
	e.signIn("marta", "marta-password")
	// An admin changing their own roles keeps working under a new session.
	me, _ := e.store.FindUserByName(t.Context(), "admina")
	before := e.sessionOf(admin)
	e.must(303, e.form(admin, "/admin/users/"+me.ID, url.Values{"roles": {"admin", "checker"}, "version": {"1"}}))
	if after := e.sessionOf(admin); after == before || after == "" {
		t.Fatal("the admin's session token did not change with the roles")
	}
	e.must(200, e.get(admin, "/admin/users"))
}

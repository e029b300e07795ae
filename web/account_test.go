package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// addUser creates a user with a password, as an admin would.
func (e *env) addUser(name, pw string, roles ...claims.Role) *claims.User {
	e.t.Helper()
	u := &claims.User{Name: name, Roles: roles}
	if err := e.server.createUser(e.t.Context(), claims.SystemActor, u, pw, pw); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// signIn signs in with the form and returns the client holding the session.
func (e *env) signIn(name, pw string) *http.Client {
	e.t.Helper()
	c := e.browserClient()
	e.must(303, e.form(c, "/login", url.Values{"name": {name}, "password": {pw}}))
	return c
}

// sessionOf returns the session cookie the client holds, or "".
func (e *env) sessionOf(c *http.Client) string {
	for _, ck := range c.Jar.Cookies(mustURL(e.t, e.http.URL)) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// withToken sends a request with the given bearer token.
func (e *env) withToken(token, method, path string, body any) response {
	e.t.Helper()
	if body != nil {
		if _, ok := body.(string); !ok {
			b, err := json.Marshal(body)
			if err != nil {
				e.t.Fatal(err)
			}
			body = string(b)
		}
	}
	req := e.request("", method, path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	if body == nil {
		req.Header.Del("Content-Type")
	}
	return e.send(req)
}

func TestTokenAPI(t *testing.T) {
	e := newEnv(t)
	var created struct {
		ID, Name, Token string
	}
	e.must(201, e.do(claims.RoleChecker, "POST", "/api/v1/tokens", map[string]any{"name": "laptop"})).decode(t, &created)
	if !strings.HasPrefix(created.Token, "ct_") || created.Name != "laptop" || created.ID == "" {
		t.Fatalf("created %+v", created)
	}
	e.must(200, e.withToken(created.Token, "GET", "/api/v1/claims", nil))

	var l list[*claims.Token]
	e.must(200, e.withToken(created.Token, "GET", "/api/v1/tokens", nil)).decode(t, &l)
	if len(l.Items) != 2 || l.Items[0].Name != "laptop" || l.Items[0].LastUsedAt == nil {
		t.Fatalf("tokens %+v", l.Items)
	}
	if strings.Contains(string(e.do(claims.RoleChecker, "GET", "/api/v1/tokens", nil).Body), created.Token) {
		t.Fatal("the list shows a secret")
	}
	t.Run("ErrNoName", func(t *testing.T) {
		e.must(422, e.do(claims.RoleChecker, "POST", "/api/v1/tokens", map[string]any{"name": " "})).problem(t)
	})
	t.Run("ErrOthersToken", func(t *testing.T) {
		e.must(404, e.do(claims.RoleEditor, "POST", "/api/v1/tokens/"+created.ID+"/revoke", nil)).problem(t)
		e.must(403, e.do(claims.RoleEditor, "GET", "/api/v1/tokens?user_id="+e.users[claims.RoleChecker].ID, nil)).problem(t)
	})
	t.Run("OKRevokeOwn", func(t *testing.T) {
		var got claims.Token
		e.must(200, e.do(claims.RoleChecker, "POST", "/api/v1/tokens/"+created.ID+"/revoke", nil)).decode(t, &got)
		if got.RevokedAt == nil {
			t.Fatalf("revoked %+v", got)
		}
		e.must(401, e.withToken(created.Token, "GET", "/api/v1/claims", nil)).problem(t)
		e.must(409, e.do(claims.RoleChecker, "POST", "/api/v1/tokens/"+created.ID+"/revoke", nil)).problem(t)
	})
	t.Run("OKAdminRevokes", func(t *testing.T) {
		var l list[*claims.Token]
		e.must(200, e.do(claims.RoleAdmin, "GET", "/api/v1/tokens?user_id="+e.users[claims.RoleEditor].ID, nil)).decode(t, &l)
		if len(l.Items) != 1 {
			t.Fatalf("editor's tokens %+v", l.Items)
		}
		e.must(200, e.do(claims.RoleAdmin, "POST", "/api/v1/tokens/"+l.Items[0].ID+"/revoke", nil))
		e.must(401, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil))
	})
}

var tokenInPage = regexp.MustCompile(`value="(ct_[A-Za-z0-9_-]{43})"`)

// TestAccountTokenPage creates a token on the account page, sees it once,
// uses it and revokes it with the page's form.
func TestAccountTokenPage(t *testing.T) {
	e := newEnv(t)
	e.addUser("marta", "marta-password", claims.RoleChecker)
	c := e.signIn("marta", "marta-password")
	e.must(422, e.form(c, "/account/tokens", url.Values{"name": {""}}))
	res := e.must(201, e.form(c, "/account/tokens", url.Values{"name": {"cli"}}))
	m := tokenInPage.FindSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no token on the page:\n%s", res.Body)
	}
	token := string(m[1])
	e.must(200, e.withToken(token, "GET", "/api/v1/claims", nil))
	page := e.must(200, e.get(c, "/account"))
	if strings.Contains(string(page.Body), token) {
		t.Fatal("the token is shown a second time")
	}
	action := regexp.MustCompile(`action="(/account/tokens/[0-9a-f-]{36}/revoke)"`).FindSubmatch(page.Body)
	if action == nil {
		t.Fatalf("no revoke form:\n%s", page.Body)
	}
	res = e.must(303, e.form(c, string(action[1]), url.Values{}))
	if loc := res.Header.Get("Location"); loc != "/account?done=revoked" {
		t.Fatalf("redirect to %q", loc)
	}
	e.must(401, e.withToken(token, "GET", "/api/v1/claims", nil))
}

// TestPasswordChange changes a password in one of two sessions: the other
// ends, this one goes on under a new token, and only the new password
// signs in.
func TestPasswordChange(t *testing.T) {
	e := newEnv(t)
	e.addUser("marta", "marta-password", claims.RoleEditor)
	a, b := e.signIn("marta", "marta-password"), e.signIn("marta", "marta-password")
	before := e.sessionOf(a)
	t.Run("ErrWrongCurrent", func(t *testing.T) {
		res := e.must(422, e.form(a, "/account/password", url.Values{"current": {"not-my-password"}, "password": {"new-password-1"}, "confirm": {"new-password-1"}}))
		if !strings.Contains(string(res.Body), "is not your current password") {
			t.Fatalf("page:\n%s", res.Body)
		}
		e.must(422, e.form(a, "/account/password", url.Values{"current": {"marta-password"}, "password": {"short"}, "confirm": {"short"}}))
	})
	res := e.must(303, e.form(a, "/account/password", url.Values{"current": {"marta-password"}, "password": {"new-password-1"}, "confirm": {"new-password-1"}}))
	if loc := res.Header.Get("Location"); loc != "/account?done=password" {
		t.Fatalf("redirect to %q", loc)
	}
	if after := e.sessionOf(a); after == "" || after == before {
		t.Fatalf("session token %q after the change, %q before", after, before)
	}
	e.must(200, e.get(a, "/account"))
	e.must(303, e.get(b, "/account")) // to the login page
	req, _ := http.NewRequest("GET", e.http.URL+"/api/v1/claims", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: before})
	e.must(401, e.send(req))
	e.must(401, e.form(e.browserClient(), "/login", url.Values{"name": {"marta"}, "password": {"marta-password"}}))
	e.signIn("marta", "new-password-1")
	events, err := e.store.FindEvents(t.Context(), claims.EventFilter{Action: "user.password", Limit: 10})
	if err != nil || len(events) != 1 {
		t.Fatalf("user.password events %v, %v", events, err)
	}
	if d := string(events[0].Data); strings.Contains(d, "new-password") || strings.Contains(d, "argon2") || !strings.Contains(d, `"sessions_ended":2`) {
		t.Errorf("event data %s", d)
	}
}

package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// form posts values as a browser form would, with the jar's cookies.
func (e *env) form(client *http.Client, path string, values url.Values) response {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.http.URL+path, strings.NewReader(values.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.sendWith(client, req)
}

func (e *env) get(client *http.Client, path string) response {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.http.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.sendWith(client, req)
}

// browserClient is a client with a cookie jar that does not follow
// redirects, so tests see each 303.
func (e *env) browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	c := *e.http.Client() // a copy: httptest hands out one shared client
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// TestSetup creates the first admin through the one-time link, while the
// only users are demo authors without the admin role, and checks that the
// link then stops working.
func TestSetup(t *testing.T) {
	e := newEnv(t)
	// newEnv made an admin; a server over a store with no admin needs another env.
	e2 := newEnvWithout(t, claims.RoleAdmin)
	e2.server.cfg.SetupToken = "secret-token"
	c := e2.browserClient()
	e2.must(404, e2.get(c, "/setup?token=wrong"))
	e2.must(200, e2.get(c, "/setup?token=secret-token"))
	res := e2.must(422, e2.form(c, "/setup", url.Values{"token": {"secret-token"}, "name": {"Zofia"}, "password": {"short"}, "confirm": {"short"}}))
	if !strings.Contains(string(res.Body), "at least 10 characters") || !strings.Contains(string(res.Body), `value="Zofia"`) {
		t.Fatalf("the form did not keep the name or show the problem:\n%s", res.Body)
	}
	pw := "correct horse battery"
	res = e2.must(303, e2.form(c, "/setup", url.Values{"token": {"secret-token"}, "name": {"Zofia"}, "password": {pw}, "confirm": {pw}}))
	cookie := res.Header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("session cookie %q lacks %s", cookie, attr)
		}
	}
	e2.must(200, e2.get(c, "/"))
	e2.must(404, e2.get(c, "/setup?token=secret-token"))
	e.must(404, e.get(e.browserClient(), "/setup?token=secret-token"))
}

// TestLoginLogout signs in with the form, uses a page, signs out and checks
// that the old session no longer works.
func TestLoginLogout(t *testing.T) {
	e := newEnv(t)
	c := e.browserClient()
	res := e.must(303, e.get(c, "/claims"))
	if loc := res.Header.Get("Location"); loc != "/login?next=%2Fclaims" {
		t.Fatalf("redirect to %q", loc)
	}
	u := &claims.User{Name: "marta", Roles: []claims.Role{claims.RoleEditor}}
	if err := e.server.createUser(t.Context(), claims.SystemActor, u, "marta-password", "marta-password"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, pw string }{{"marta", "wrong-password"}, {"nobody", "marta-password"}} {
		res := e.must(401, e.form(c, "/login", url.Values{"name": {tc.name}, "password": {tc.pw}}))
		if !strings.Contains(string(res.Body), "Wrong name or password.") {
			t.Fatalf("login as %s: %s", tc.name, res.Body)
		}
	}
	res = e.must(303, e.form(c, "/login", url.Values{"name": {"marta"}, "password": {"marta-password"}, "next": {"//evil.example/"}}))
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Fatalf("login redirected to %q, want /", loc)
	}
	var session *http.Cookie
	for _, ck := range c.Jar.Cookies(mustURL(t, e.http.URL)) {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie after login")
	}
	e.must(200, e.get(c, "/claims"))
	e.must(303, e.form(c, "/logout", url.Values{}))
	// The old cookie, replayed, is dead.
	req, _ := http.NewRequest("GET", e.http.URL+"/api/v1/claims", nil)
	req.AddCookie(session)
	e.must(401, e.send(req))
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

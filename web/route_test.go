package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestRouteRoles sends every route as every role and checks that the route
// table's role decides: a caller without the role gets 401 (or the login
// page) or 403, a caller with it gets past authorization.
func TestRouteRoles(t *testing.T) {
	e := newEnv(t)
	callers := []claims.Role{"", claims.RoleViewer, claims.RoleEditor, claims.RoleChecker, claims.RoleAdmin}
	for _, rt := range e.server.routes() {
		path := strings.NewReplacer("{id}", "00000000-0000-0000-0000-000000000000", "{file}", "app.css").Replace(rt.path)
		for _, caller := range callers {
			name := string(caller)
			if name == "" {
				name = "anonymous"
			}
			t.Run(rt.method+" "+rt.path+" as "+name, func(t *testing.T) {
				var body any
				if rt.method != "GET" {
					body = "{}"
				}
				res := e.do(caller, rt.method, path, body)
				allowed := rt.role == public || (caller != "" && e.users[caller].Has(rt.role))
				switch {
				case allowed && (res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden):
					t.Fatalf("status %d for an allowed caller; body %s", res.Status, res.Body)
				case !allowed && caller == "" && rt.method == "GET" && !strings.HasPrefix(path, "/api/"):
					if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
						t.Fatalf("status %d location %q, want a redirect to the login page", res.Status, res.Header.Get("Location"))
					}
				case !allowed && caller == "":
					if res.Status != http.StatusUnauthorized {
						t.Fatalf("status %d, want 401; body %s", res.Status, res.Body)
					}
				case !allowed && res.Status != http.StatusForbidden:
					t.Fatalf("status %d, want 403; body %s", res.Status, res.Body)
				}
			})
		}
	}
}

// TestRouteTableDeclaresRoles checks that New refuses a route without a
// role, so that forgetting one cannot open a route to everybody.
func TestRouteTableDeclaresRoles(t *testing.T) {
	e := newEnv(t)
	for _, rt := range e.server.routes() {
		if rt.role == "" {
			t.Errorf("%s %s declares no role", rt.method, rt.path)
		}
	}
	if len(e.server.routes()) < 40 {
		t.Fatalf("only %d routes: the table is not the one in routes.go", len(e.server.routes()))
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	res := e.do("", "GET", "/login", nil)
	e.must(200, res)
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

// TestCrossOriginRefused checks that a state change from another site is
// refused even with valid credentials.
func TestCrossOriginRefused(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("POST", e.http.URL+"/api/v1/sources", strings.NewReader(`{"name":"X","type":"person"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.tokens[claims.RoleEditor])
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	e.must(403, e.send(req))
	var list list[*claims.Source]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/sources", nil)).decode(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("the refused request wrote %d sources", len(list.Items))
	}
}

func TestBadToken(t *testing.T) {
	e := newEnv(t)
	for _, h := range []string{"Bearer nope", "Basic dXNlcjpwYXNz", "Bearer "} {
		req, _ := http.NewRequest("GET", e.http.URL+"/api/v1/claims", nil)
		req.Header.Set("Authorization", h)
		res := e.must(401, e.send(req))
		if p := res.problem(t); p.Status != 401 || p.Detail == "" {
			t.Fatalf("problem %+v", p)
		}
	}
}

// TestMethodNotAllowed checks that a 405 names the methods the path does
// take, from the route table.
func TestMethodNotAllowed(t *testing.T) {
	e := newEnv(t)
	for path, want := range map[string]string{
		"/api/v1/claims/x":           "GET, PATCH",
		"/api/v1/sources":            "GET, POST",
		"/api/v1/verdicts/x/approve": "POST",
	} {
		res := e.must(405, e.do(claims.RoleAdmin, "DELETE", path, nil))
		if got := res.Header.Get("Allow"); got != want {
			t.Errorf("DELETE %s: Allow = %q, want %q", path, got, want)
		}
	}
}

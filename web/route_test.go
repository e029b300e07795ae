package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// policy is who may use what, written out here independently of
// routes.go: every route the router serves must be listed, with the role
// it needs (public: anyone, signed in or not). Adding a route means adding
// its row here, where a reviewer sees the access decision on its own.
var policy = []struct {
	method, path string
	role         claims.Role
}{
	{"GET", "/healthz", public},
	{"GET", "/static/{file}", public},
	{"GET", "/login", public},
	{"POST", "/login", public},
	{"POST", "/logout", viewer},
	{"GET", "/setup", public},
	{"POST", "/language", public},
	{"POST", "/setup", public},
	{"GET", "/api/v1/sources", viewer},
	{"POST", "/api/v1/sources", editor},
	{"GET", "/api/v1/sources/{id}", viewer},
	{"PATCH", "/api/v1/sources/{id}", editor},
	{"GET", "/api/v1/documents", viewer},
	{"POST", "/api/v1/documents", editor},
	{"GET", "/api/v1/documents/{id}", viewer},
	{"GET", "/api/v1/claims", viewer},
	{"POST", "/api/v1/claims", editor},
	{"GET", "/api/v1/claims/{id}", viewer},
	{"GET", "/api/v1/claims/similar", viewer},
	{"PATCH", "/api/v1/claims/{id}", editor},
	{"GET", "/api/v1/claims/{id}/history", viewer},
	{"POST", "/api/v1/claims/{id}/verdicts", checker},
	{"POST", "/api/v1/verdicts/{id}/approve", editor},
	{"POST", "/api/v1/verdicts/{id}/reject", editor},
	{"GET", "/api/v1/audit", viewer},
	{"GET", "/api/v1/audit/checkpoint", public},
	{"GET", "/api/v1/audit/key", public},
	{"GET", "/api/v1/audit/consistency", public},
	{"GET", "/api/v1/audit/{seq}/proof", public},
	{"GET", "/api/v1/export/audit.jsonl", viewer},
	{"GET", "/api/v1/export/claimreview.jsonld", viewer},
	{"GET", "/api/v1/export/claims.csv", viewer},
	{"GET", "/api/v1/claims/{id}/bundle", viewer},
	{"GET", "/api/v1/documents/{id}/bundle", viewer},
	{"GET", "/api/v1/documents/{id}/suggestions", viewer},
	{"POST", "/api/v1/documents/{id}/suggestions/accept", editor},
	{"POST", "/documents/{id}/suggestions/accept", editor},
	{"GET", "/", viewer},
	{"GET", "/dashboard", viewer},
	{"GET", "/claims", viewer},
	{"GET", "/claims/new", editor},
	{"POST", "/claims", editor},
	{"GET", "/claims/{id}", viewer},
	{"GET", "/claims/{id}/edit", editor},
	{"POST", "/claims/{id}", editor},
	{"POST", "/claims/{id}/verdicts", checker},
	{"POST", "/verdicts/{id}/approve", editor},
	{"POST", "/verdicts/{id}/reject", editor},
	{"GET", "/documents", viewer},
	{"GET", "/documents/new", editor},
	{"POST", "/documents", editor},
	{"GET", "/documents/{id}", viewer},
	{"GET", "/sources", viewer},
	{"GET", "/sources/new", editor},
	{"POST", "/sources", editor},
	{"GET", "/sources/{id}", viewer},
	{"GET", "/sources/{id}/edit", editor},
	{"POST", "/sources/{id}", editor},
	{"GET", "/audit", viewer},
	{"GET", "/admin/users", admin},
	{"POST", "/admin/users", admin},
	{"POST", "/api/v1/verdicts/{id}/withdraw", checker},
	{"POST", "/api/v1/claims/{id}/reopen", editor},
	{"GET", "/api/v1/claims/{id}/comments", viewer},
	{"POST", "/api/v1/claims/{id}/comments", viewer},
	{"POST", "/verdicts/{id}/withdraw", checker},
	{"POST", "/claims/{id}/reopen", editor},
	{"POST", "/claims/{id}/assign", editor},
	{"POST", "/claims/{id}/comments", viewer},
	// Accounts.
	{"GET", "/account", viewer},
	{"POST", "/account/password", viewer},
	{"POST", "/account/tokens", viewer},
	{"POST", "/account/tokens/{id}/revoke", viewer},
	{"GET", "/api/v1/tokens", viewer},
	{"POST", "/api/v1/tokens", viewer},
	{"POST", "/api/v1/tokens/{id}/revoke", viewer},
	{"GET", "/admin/users/{id}", admin},
	{"POST", "/admin/users/{id}", admin},
	{"POST", "/admin/users/{id}/password", admin},
	{"POST", "/admin/users/{id}/totp/disable", admin},
	{"POST", "/admin/settings", admin},
	{"GET", "/api/v1/users", admin},
	{"POST", "/api/v1/users", admin},
	{"GET", "/api/v1/users/{id}", admin},
	{"PATCH", "/api/v1/users/{id}", admin},
	{"POST", "/api/v1/users/{id}/password", admin},
	{"POST", "/api/v1/users/{id}/totp/disable", admin},
	{"GET", "/api/v1/settings", admin},
	{"PATCH", "/api/v1/settings", admin},
	{"GET", "/account/totp", viewer},
	{"POST", "/account/totp", viewer},
	{"POST", "/account/totp/disable", viewer},
	{"GET", "/login/totp", public},
	{"POST", "/login/totp", public},
	// Operations: metrics and profiles are for whoever runs the server.
	{"GET", "/metrics", admin},
	{"GET", "/debug/pprof/", admin},
	{"GET", "/debug/pprof/cmdline", admin},
	{"GET", "/debug/pprof/profile", admin},
	{"GET", "/debug/pprof/symbol", admin},
	{"GET", "/debug/pprof/trace", admin},
	{"GET", "/debug/pprof/{profile}", admin},
}

const (
	viewer  = claims.RoleViewer
	editor  = claims.RoleEditor
	checker = claims.RoleChecker
	admin   = claims.RoleAdmin
)

// TestRoutePolicy walks the router itself and sends every route it serves,
// with every method, as every role, checking the answer against the policy
// table: a caller without the role gets 401 (or, for a page, the login
// page) or 403, a caller with it gets past authorization. A route missing
// from the table, or a table row the router does not serve, fails.
func TestRoutePolicy(t *testing.T) {
	e := newEnv(t)
	want := map[string]claims.Role{}
	for _, p := range policy {
		want[p.method+" "+p.path] = p.role
	}
	served := map[string]bool{}
	err := e.server.router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := r.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := r.GetMethods()
		if err != nil {
			return err
		}
		for _, m := range methods {
			served[m+" "+tpl] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key := range want {
		if !served[key] {
			t.Errorf("the policy table lists %s, which the router does not serve", key)
		}
	}
	callers := []claims.Role{"", viewer, editor, checker, admin}
	for key := range served {
		role, ok := want[key]
		if !ok {
			t.Errorf("%s is served but missing from the policy table", key)
			continue
		}
		method, tpl, _ := strings.Cut(key, " ")
		path := strings.NewReplacer("{id}", "00000000-0000-0000-0000-000000000000", "{file}", "app.css", "{seq}", "1", "{profile}", "heap").Replace(tpl)
		switch path {
		case "/debug/pprof/profile":
			path += "?seconds=1" // the shortest CPU profile (default 30 s)
		case "/debug/pprof/trace":
			path += "?seconds=0.1"
		}
		machine := strings.HasPrefix(path, "/api/") || path == "/metrics" || strings.HasPrefix(path, "/debug/")
		for _, caller := range callers {
			name := string(caller)
			if name == "" {
				name = "anonymous"
			}
			t.Run(key+" as "+name, func(t *testing.T) {
				var body any
				if method != "GET" {
					body = "{}"
				}
				res := e.do(caller, method, path, body)
				allowed := role == public || (caller != "" && e.users[caller].Has(role))
				switch {
				case allowed && (res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden):
					t.Fatalf("status %d for an allowed caller; body %s", res.Status, res.Body)
				case !allowed && caller == "" && method == "GET" && !machine:
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

package web

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
)

// TestLoginThrottle fails sign-in for an existing and an unknown account
// until both answer 429 with Retry-After, the same way; the right password
// is refused too while the account is throttled.
func TestLoginThrottle(t *testing.T) {
	e := newEnv(t)
	h, err := password.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreateUser(context.Background(), claims.SystemActor, &claims.User{Name: "zofia", Roles: []claims.Role{claims.RoleEditor}, PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
	c := e.browserClient()
	for _, name := range []string{"zofia", "nobody-here"} {
		for range e.server.cfg.LoginLimit {
			e.must(401, e.form(c, "/login", url.Values{"name": {name}, "password": {"wrong password 1"}}))
		}
		res := e.must(429, e.form(c, "/login", url.Values{"name": {name}, "password": {"wrong password 1"}}))
		if res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: 429 without Retry-After", name)
		}
	}
	e.must(429, e.form(c, "/login", url.Values{"name": {"zofia"}, "password": {"correct horse battery"}}))
}

// TestLoginThrottleByAddress fails sign-ins for many names from one
// address until the address itself is refused.
func TestLoginThrottleByAddress(t *testing.T) {
	e := newEnv(t)
	c := e.browserClient()
	limit := 4 * e.server.cfg.LoginLimit
	for i := range limit {
		e.must(401, e.form(c, "/login", url.Values{"name": {"user" + string(rune('a'+i))}, "password": {"wrong password 1"}}))
	}
	res := e.must(429, e.form(c, "/login", url.Values{"name": {"fresh-name"}, "password": {"wrong password 1"}}))
	if res.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}

func TestThrottleWindow(t *testing.T) {
	th := newThrottle(2, time.Minute)
	t0 := time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC)
	th.fail("k", t0)
	th.fail("k", t0.Add(10*time.Second))
	if w := th.wait("k", t0.Add(20*time.Second)); w != 40*time.Second {
		t.Fatalf("wait = %v, want 40s", w)
	}
	if w := th.wait("k", t0.Add(61*time.Second)); w != 0 {
		t.Fatalf("wait after the window = %v", w)
	}
	th.fail("k", t0.Add(62*time.Second))
	th.reset("k")
	if w := th.wait("k", t0.Add(62*time.Second)); w != 0 {
		t.Fatalf("wait after reset = %v", w)
	}
}

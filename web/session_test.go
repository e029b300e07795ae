package web

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/db"
)

// testClock is a clock tests move by hand; the store and the server share it.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClockEnv is newEnv on a clock the test moves.
func newClockEnv(t *testing.T) (*env, *testClock) {
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	e := newEnvWith(t, "", func(store *db.DB, cfg *Config) {
		store.Now, cfg.Now = clock.Now, clock.Now
	})
	return e, clock
}

// TestSessionTimeouts checks the idle timeout (30 minutes unused), that use
// keeps a session alive, and the absolute timeout (12 hours however busy).
func TestSessionTimeouts(t *testing.T) {
	e, clock := newClockEnv(t)
	e.addUser("marta", "marta-password", claims.RoleEditor)
	t.Run("Idle", func(t *testing.T) {
		c := e.signIn("marta", "marta-password")
		clock.Add(29 * time.Minute)
		e.must(200, e.get(c, "/account"))
		clock.Add(29 * time.Minute) // 58 minutes in, 29 since the last use
		e.must(200, e.get(c, "/account"))
		clock.Add(31 * time.Minute)
		res := e.must(303, e.get(c, "/account"))
		if !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("idle session redirected to %q", res.Header.Get("Location"))
		}
	})
	t.Run("Absolute", func(t *testing.T) {
		c := e.signIn("marta", "marta-password")
		for range 12 * 3 { // a request every 20 minutes for 12 hours
			e.must(200, e.get(c, "/account"))
			clock.Add(20 * time.Minute)
		}
		e.must(303, e.get(c, "/account"))
	})
}

// TestLoginEvents checks that failed sign-ins, for a real account and for
// a name without one, are audit events with the name and address but not
// the password, and that both get the same answer.
func TestLoginEvents(t *testing.T) {
	e := newEnv(t)
	e.addUser("marta", "marta-password", claims.RoleEditor)
	const secret = "Tajne-Haslo-123"
	var bodies []string
	for _, name := range []string{"marta", "nobody"} {
		res := e.must(401, e.form(e.browserClient(), "/login", url.Values{"name": {name}, "password": {secret}}))
		bodies = append(bodies, strings.ReplaceAll(string(res.Body), name, ""))
	}
	if bodies[0] != bodies[1] {
		t.Error("the answers for an account and for no account differ")
	}
	e.signIn("marta", "marta-password")
	failed, err := e.store.FindEvents(t.Context(), claims.EventFilter{Action: "user.login_failed", Limit: 10})
	if err != nil || len(failed) != 2 {
		t.Fatalf("user.login_failed events %v, %v", failed, err)
	}
	for i, name := range []string{"marta", "nobody"} {
		d := string(failed[i].Data)
		if !strings.Contains(d, `"name":"`+name+`"`) || !strings.Contains(d, `"address":"127.0.0.1"`) || strings.Contains(d, secret) {
			t.Errorf("event data %s", d)
		}
	}
	ok, err := e.store.FindEvents(t.Context(), claims.EventFilter{Action: "user.login", Limit: 10})
	if err != nil || len(ok) != 1 || ok[0].Actor.Name != "marta" || strings.Contains(string(ok[0].Data), "marta-password") {
		t.Fatalf("user.login events %v, %v", ok, err)
	}
}

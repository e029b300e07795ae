package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/pquerna/otp/totp"
)

// code returns the TOTP code of secret at t, as an authenticator app would.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	secretInPage = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
	codesInPage  = regexp.MustCompile(`<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>`)
)

// TestTOTP enrols a second factor, signs in with a code (which then does
// not work twice) and with a recovery code (likewise), and checks that the
// secret and codes never reach the audit log.
func TestTOTP(t *testing.T) {
	e, clock := newClockEnv(t)
	e.addUser("marta", "marta-password", claims.RoleEditor)
	c := e.signIn("marta", "marta-password")
	page := e.must(200, e.get(c, "/account/totp"))
	m := secretInPage.FindSubmatch(page.Body)
	if m == nil || !strings.Contains(string(page.Body), "otpauth://totp/") {
		t.Fatalf("no secret or URI:\n%s", page.Body)
	}
	secret := string(m[1])
	e.must(422, e.form(c, "/account/totp", url.Values{"secret": {secret}, "code": {"000000"}}))
	res := e.must(200, e.form(c, "/account/totp", url.Values{"secret": {secret}, "code": {code(t, secret, clock.Now())}}))
	var codes []string
	for _, m := range codesInPage.FindAllSubmatch(res.Body, -1) {
		codes = append(codes, string(m[1]))
	}
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes on the page:\n%s", len(codes), res.Body)
	}
	if strings.Contains(string(e.must(200, e.get(c, "/account")).Body), codes[0]) {
		t.Fatal("a recovery code is shown again")
	}

	login := func(codeOrRecovery string) (int, string) {
		t.Helper()
		b := e.browserClient()
		res := e.must(303, e.form(b, "/login", url.Values{"name": {"marta"}, "password": {"marta-password"}}))
		if loc := res.Header.Get("Location"); loc != "/login/totp" {
			t.Fatalf("after the password: redirect to %q", loc)
		}
		e.must(303, e.get(b, "/account")) // not signed in yet
		e.must(200, e.get(b, "/login/totp"))
		res = e.form(b, "/login/totp", url.Values{"code": {codeOrRecovery}})
		return res.Status, e.sessionOf(b)
	}
	clock.Add(time.Minute) // past the enrolment code's step
	now := code(t, secret, clock.Now())
	if status, session := login(now); status != 303 || session == "" {
		t.Fatalf("sign-in with the code: %d, session %q", status, session)
	}
	if status, session := login(now); status != 401 || session != "" {
		t.Fatalf("the same code again: %d, session %q", status, session)
	}
	if status, session := login(strings.ToUpper(codes[2])); status != 303 || session == "" {
		t.Fatalf("sign-in with a recovery code: %d", status)
	}
	if status, _ := login(codes[2]); status != 401 {
		t.Fatalf("a used recovery code: %d", status)
	}
	t.Run("ErrNoPending", func(t *testing.T) {
		res := e.must(303, e.form(e.browserClient(), "/login/totp", url.Values{"code": {now}}))
		if loc := res.Header.Get("Location"); loc != "/login" {
			t.Fatalf("redirect to %q", loc)
		}
	})
	events, err := e.store.FindEvents(t.Context(), claims.EventFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		if d := string(ev.Data); strings.Contains(d, secret) || strings.Contains(d, codes[0]) || strings.Contains(d, codes[2]) {
			t.Errorf("event %s holds a secret: %s", ev.Action, d)
		}
	}
}

// TestTOTPRequired turns on the policy: an editor without a second factor
// is sent to enrol before anything else (pages redirect, the API and
// tokens answer 403), a viewer is not, and enrolling lifts it.
func TestTOTPRequired(t *testing.T) {
	e, clock := newClockEnv(t)
	e.addUser("marta", "marta-password", claims.RoleEditor)
	c := e.signIn("marta", "marta-password")
	e.must(200, e.do(claims.RoleAdmin, "PATCH", "/api/v1/settings", map[string]any{"require_totp": true, "version": 0}))
	res := e.must(303, e.get(c, "/claims"))
	if loc := res.Header.Get("Location"); loc != "/account/totp" {
		t.Fatalf("redirect to %q", loc)
	}
	e.must(403, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil)).problem(t)
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims", nil))
	page := e.must(200, e.get(c, "/account/totp"))
	secret := string(secretInPage.FindSubmatch(page.Body)[1])
	e.must(200, e.form(c, "/account/totp", url.Values{"secret": {secret}, "code": {code(t, secret, clock.Now())}}))
	e.must(200, e.get(c, "/claims"))
	// The policy keeps the second factor on.
	e.must(403, e.form(c, "/account/totp/disable", url.Values{"current": {"marta-password"}}))
}

package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// pendingCookie holds a sign-in that passed the password and awaits the
// second factor.
const pendingCookie = "claimtrail_pending"

// Limits of a pending sign-in: minutes to type a code, and codes tried.
const (
	pendingTTL   = 5 * time.Minute
	pendingTries = 5
)

// pendingLogin is a password-checked sign-in waiting for its code.
type pendingLogin struct {
	userID, name, next string
	expires            time.Time
	tries              int
}

// pendingLogins keeps pending sign-ins in memory, keyed by the cookie's
// random value. Memory is enough: they last minutes, nothing is changed
// until the code is good, and a restart only asks for the password again.
type pendingLogins struct {
	mu sync.Mutex
	m  map[string]*pendingLogin
}

func (p *pendingLogins) put(pl *pendingLogin, now time.Time) string {
	b := make([]byte, 32)
	rand.Read(b)
	key := base64.RawURLEncoding.EncodeToString(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]*pendingLogin{}
	}
	for k, v := range p.m {
		if now.After(v.expires) {
			delete(p.m, k)
		}
	}
	p.m[key] = pl
	return key
}

// get returns a copy of the live pending sign-in under key, or nil.
func (p *pendingLogins) get(key string, now time.Time) *pendingLogin {
	p.mu.Lock()
	defer p.mu.Unlock()
	pl, ok := p.m[key]
	if !ok || now.After(pl.expires) || pl.tries >= pendingTries {
		delete(p.m, key)
		return nil
	}
	c := *pl
	return &c
}

// fail counts a wrong code and reports whether tries remain.
func (p *pendingLogins) fail(key string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	pl, ok := p.m[key]
	if !ok {
		return false
	}
	pl.tries++
	if pl.tries >= pendingTries {
		delete(p.m, key)
		return false
	}
	return true
}

func (p *pendingLogins) delete(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, key)
}

// startPending remembers that u passed the password and sends the browser
// to the code form.
func (s *Server) startPending(w http.ResponseWriter, r *http.Request, u *claims.User, next string) {
	key := s.pending.put(&pendingLogin{userID: u.ID, name: u.Name, next: next, expires: s.cfg.Now().Add(pendingTTL)}, s.cfg.Now())
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: key, Path: "/login", MaxAge: int(pendingTTL.Seconds()),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	seeOther(w, r, "/login/totp")
}

// pendingOf returns the request's pending sign-in and its key, or nil.
func (s *Server) pendingOf(r *http.Request) (*pendingLogin, string) {
	c, err := r.Cookie(pendingCookie)
	if err != nil || c.Value == "" {
		return nil, ""
	}
	return s.pending.get(c.Value, s.cfg.Now()), c.Value
}

func clearPending(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
}

func (s *Server) handleLoginTOTPPage(w http.ResponseWriter, r *http.Request) {
	if pl, _ := s.pendingOf(r); pl == nil {
		seeOther(w, r, "/login")
		return
	}
	s.render(w, r, http.StatusOK, "login_totp.html", &loginPage{layout: s.layout(r, "Two-step sign-in")})
}

// handleLoginTOTP finishes a sign-in with a TOTP code or a recovery code.
// The store spends either in the transaction that starts the session, so
// neither works twice. A wrong code counts against the account's sign-in
// limit and is a user.login_failed event; five end the pending sign-in.
func (s *Server) handleLoginTOTP(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	pl, key := s.pendingOf(r)
	if pl == nil {
		clearPending(w)
		seeOther(w, r, "/login")
		return
	}
	now := s.cfg.Now()
	if wait := s.accountFails.wait(strings.ToLower(pl.name), now); wait > 0 {
		s.pending.delete(key)
		clearPending(w)
		seeOther(w, r, "/login")
		return
	}
	u, err := s.store.FindUserByID(r.Context(), pl.userID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	f := claims.SecondFactor{Method: claims.FactorRecovery, RecoveryCode: code}
	good := true
	if len(code) == 6 {
		f = claims.SecondFactor{Method: claims.FactorTOTP}
		f.Step, good = checkTOTP(u.TOTPSecret, code, now)
	}
	if good && !u.Disabled && u.TOTPEnabled {
		err = s.setSession(w, r, u, f)
		if err == nil {
			s.pending.delete(key)
			s.accountFails.reset(strings.ToLower(pl.name))
			clearPending(w)
			seeOther(w, r, pl.next)
			return
		} else if claims.ErrorCode(err) != claims.EUNAUTHORIZED {
			s.error(w, r, err)
			return
		}
	}
	s.accountFails.fail(strings.ToLower(pl.name), now)
	s.recordLoginFailure(r, pl.name)
	if !s.pending.fail(key) {
		clearPending(w)
		seeOther(w, r, "/login")
		return
	}
	s.render(w, r, http.StatusUnauthorized, "login_totp.html", &loginPage{layout: s.layout(r, "Two-step sign-in"), Error: s.t(r, "Wrong or already used code.")})
}

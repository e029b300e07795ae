package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
)

// sessionCookie names the browser session cookie.
const sessionCookie = "claimtrail_session"

type userKey struct{}

// userFrom returns the signed-in user of a request, or nil.
func userFrom(ctx context.Context) *claims.User {
	u, _ := ctx.Value(userKey{}).(*claims.User)
	return u
}

// authenticate finds the user behind a bearer token or session cookie and
// puts it in the request context. Bad credentials leave the request
// anonymous; authorize decides what an anonymous request may do. A bearer
// token that is present but wrong is refused at once, so that an API client
// learns its token is bad instead of getting a 403 later.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *claims.User
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.error(w, r, claims.Errorf(claims.EUNAUTHORIZED, "Authorization must be: Bearer <token>."))
				return
			}
			found, err := s.store.FindUserByToken(r.Context(), strings.TrimSpace(token))
			if err != nil {
				s.error(w, r, err)
				return
			}
			u = found
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			found, err := s.store.FindUserBySession(r.Context(), c.Value, s.cfg.IdleTimeout)
			if err == nil {
				u = found
			} else if claims.ErrorCode(err) != claims.EUNAUTHORIZED {
				s.error(w, r, err)
				return
			}
		}
		if u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
		}
		next.ServeHTTP(w, r)
	})
}

// setSession starts a session for u, spending the second factor f, and
// sets the cookie.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, u *claims.User, f claims.SecondFactor) error {
	token, err := s.store.CreateSession(r.Context(), u.ID, s.cfg.SessionTTL, f)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	return nil
}

// setSessionCookie sets the session cookie to token.
func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(s.cfg.SessionTTL.Seconds()),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	})
}

// loginPage is the sign-in form.
type loginPage struct {
	layout
	Name  string
	Next  string
	Error string
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login.html", &loginPage{layout: s.layout(r, "Sign in"), Next: safeNext(r.URL.Query().Get("next"))})
}

// handleLogin checks name and password. The answer for an unknown name and
// a wrong password is the same, and both cost one password hash, so the
// form does not reveal who has an account.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	name, pw := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	now := s.cfg.Now()
	accountKey, addressKey := strings.ToLower(name), clientAddress(r)
	if wait := max(s.accountFails.wait(accountKey, now), s.addressFails.wait(addressKey, now)); wait > 0 {
		secs := int(wait.Seconds()) + 1
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		page := &loginPage{layout: s.layout(r, "Sign in"), Name: name, Next: next,
			Error: s.tn(r, (secs+59)/60, "Too many failed sign-ins. Try again in %d minute.", "Too many failed sign-ins. Try again in %d minutes.")}
		s.render(w, r, http.StatusTooManyRequests, "login.html", page)
		return
	}
	u, err := s.store.FindUserByName(r.Context(), name)
	if err != nil && claims.ErrorCode(err) != claims.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	ok := false
	if u != nil && u.PasswordHash != "" && !u.Disabled {
		ok, err = password.Verify(u.PasswordHash, pw)
		if err != nil {
			s.error(w, r, err)
			return
		}
	} else {
		password.Verify(dummyHash(), pw)
	}
	if !ok {
		s.accountFails.fail(accountKey, now)
		s.addressFails.fail(addressKey, now)
		s.recordLoginFailure(r, name)
		page := &loginPage{layout: s.layout(r, "Sign in"), Name: name, Next: next, Error: s.t(r, "Wrong name or password.")}
		s.render(w, r, http.StatusUnauthorized, "login.html", page)
		return
	}
	if u.TOTPEnabled {
		s.startPending(w, r, u, next)
		return
	}
	s.accountFails.reset(accountKey)
	if err := s.setSession(w, r, u, claims.SecondFactor{}); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// recordLoginFailure records a failed sign-in as an audit event with the
// attempted name and the client's address, never the password. It is the
// same for names with and without an account, and a failure to record is
// logged rather than shown, so the answer does not change either way.
// Throttled attempts (429) are not recorded: the throttle bounds how fast
// anyone can add these events to the log.
func (s *Server) recordLoginFailure(r *http.Request, name string) {
	if err := s.store.RecordLoginFailure(r.Context(), name, clientAddress(r)); err != nil {
		s.log.Error("record failed sign-in", "err", err)
	}
}

// clientAddress is the request's peer address without the port. Behind a
// proxy every client shares the proxy's address, which the per-address
// limit (four times the per-account one) allows for.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// dummyHash is verified against when the account does not exist, so that
// both failures take the same time. Hashing costs a tenth of a second and
// 20 MB, so it is not done when the package loads (every command would
// pay it) but once, on a goroutine New starts, which sign-in waits for if
// it comes first.
var dummyHash = sync.OnceValue(func() string {
	h, err := password.Hash("claimtrail-dummy-password")
	if err != nil {
		panic(err)
	}
	return h
})

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			s.error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a post-login redirect on this site: only a local path is
// allowed, never "//host" or a full URL.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// setupPage is the first-admin form, reachable only with the one-time token
// printed at first start.
type setupPage struct {
	layout
	Token  string
	Name   string
	Errors map[string]string
}

// checkSetup returns nil when token opens the setup page: it must match
// the printed one and there may be no admin yet. Otherwise the page does
// not exist (ENOTFOUND), so that a guess learns nothing.
func (s *Server) checkSetup(r *http.Request, token string) error {
	if s.cfg.SetupToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.SetupToken)) != 1 {
		return setupClosed()
	}
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		return err
	}
	if !claims.NeedsSetup(users) {
		return setupClosed()
	}
	return nil
}

func setupClosed() error {
	return claims.Errorf(claims.ENOTFOUND, "This setup link is not valid, or setup is already done. Sign in instead.")
}

func (s *Server) handleSetupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if err := s.checkSetup(r, token); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "setup.html", &setupPage{layout: s.layout(r, "Create the first admin"), Token: token})
}

func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	token := r.PostForm.Get("token")
	if err := s.checkSetup(r, token); err != nil {
		s.error(w, r, err)
		return
	}
	u := &claims.User{Name: strings.TrimSpace(r.PostForm.Get("name")), Roles: []claims.Role{claims.RoleAdmin, claims.RoleEditor, claims.RoleChecker}}
	err := s.createUser(r.Context(), claims.Actor{Name: u.Name}, u, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	if err != nil {
		if claims.ErrorCode(err) != claims.EINVALID {
			s.error(w, r, err)
			return
		}
		page := &setupPage{layout: s.layout(r, "Create the first admin"), Token: token, Name: u.Name, Errors: fieldErrors(s.localize(r, err))}
		s.render(w, r, http.StatusUnprocessableEntity, "setup.html", page)
		return
	}
	if err := s.setSession(w, r, u, claims.SecondFactor{}); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// createUser validates the user and password together, so a form shows
// every problem at once, then hashes the password and stores the user.
func (s *Server) createUser(ctx context.Context, actor claims.Actor, u *claims.User, pw, confirm string) error {
	var p claims.Problems
	addFieldErrors(&p, u.Validate())
	hash, err := newPasswordHash(&p, pw, confirm)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return s.store.CreateUser(ctx, actor, u)
}

// newPasswordHash checks a new password against the policy and its
// confirmation, adding what is wrong to the problems p already holds, and
// hashes it when p is then empty; otherwise it returns p's error, so that
// a form shows every problem at once.
func newPasswordHash(p *claims.Problems, pw, confirm string) (string, error) {
	addFieldErrors(p, claims.CheckPassword(pw))
	p.Check(pw == confirm, "confirm", "does not match the new password")
	if err := p.Err(); err != nil {
		return "", err
	}
	return password.Hash(pw)
}

// addFieldErrors adds the field problems of err (nil: none) to p, each
// with its format kept, so that pages in other languages translate them.
func addFieldErrors(p *claims.Problems, err error) {
	for _, f := range claims.ErrorFields(err) {
		p.Add(f.Field, "%s", f)
	}
}

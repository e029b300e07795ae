package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
	"github.com/gorilla/mux"
)

// accountPage is the signed-in user's own account: password, API tokens
// and second factor.
type accountPage struct {
	layout
	Done          string // what was just done, for the notice
	Tokens        []*claims.Token
	NewToken      string // the secret of a token just created, shown once
	NewTokenName  string
	RecoveryLeft  int
	MustEnrolTOTP bool
	Errors        map[string]string
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, &accountPage{Done: r.URL.Query().Get("done")})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, p *accountPage) {
	ctx := r.Context()
	u := userFrom(ctx)
	p.layout = s.layout(r, "Your account")
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	var err error
	if p.Tokens, err = s.store.FindTokens(ctx, u.ID); err != nil {
		s.error(w, r, err)
		return
	}
	if u.TOTPEnabled {
		if p.RecoveryLeft, err = s.store.CountRecoveryCodes(ctx, u.ID); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, status, "account.html", p)
}

// handleAccountPassword changes the signed-in user's password. The current
// password is required (and a wrong one counts against the account's
// sign-in limit); every other session of the user ends, and this one goes
// on under a new token.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	token, err := s.changePassword(r, r.PostForm.Get("current"), r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	switch claims.ErrorCode(err) {
	case "":
		if token != "" {
			s.setSessionCookie(w, token)
		}
		seeOther(w, r, "/account?done=password")
	case claims.EINVALID:
		s.renderAccount(w, r, http.StatusUnprocessableEntity, &accountPage{Errors: formErrors(s.localize(r, err), "current", "password", "confirm")})
	default:
		s.error(w, r, err)
	}
}

// changePassword checks the current password and the new one, and stores
// the new one. It returns the new session token when the request came with
// a session.
func (s *Server) changePassword(r *http.Request, current, pw, confirm string) (string, error) {
	u := userFrom(r.Context())
	now, key := s.cfg.Now(), strings.ToLower(u.Name)
	if wait := s.accountFails.wait(key, now); wait > 0 {
		return "", claims.Errorf(claims.EFORBIDDEN, "Too many wrong passwords. Try again later.")
	}
	var p claims.Problems
	ok := false
	if u.PasswordHash != "" {
		var err error
		if ok, err = password.Verify(u.PasswordHash, current); err != nil {
			return "", err
		}
	}
	if !ok {
		s.accountFails.fail(key, now)
		p.Add("current", "is not your current password")
	}
	hash, err := newPasswordHash(&p, pw, confirm)
	if err != nil {
		return "", err
	}
	ttl := s.cfg.SessionTTL
	if c, err := r.Cookie(sessionCookie); err != nil || c.Value == "" || r.Header.Get("Authorization") != "" {
		ttl = 0 // signed in with a token: no session to continue
	}
	return s.store.ChangePassword(r.Context(), u.Actor(), u.ID, hash, u.Version, ttl)
}

// handleAccountTokenCreate makes a named API token and shows its secret
// once, on the page itself: it is never stored or shown again.
func (s *Server) handleAccountTokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	u := userFrom(r.Context())
	t, secret, err := s.store.IssueToken(r.Context(), u.Actor(), u.ID, r.PostForm.Get("name"))
	switch claims.ErrorCode(err) {
	case "":
		s.renderAccount(w, r, http.StatusCreated, &accountPage{NewToken: secret, NewTokenName: t.Name})
	case claims.EINVALID:
		s.renderAccount(w, r, http.StatusUnprocessableEntity, &accountPage{Errors: formErrors(s.localize(r, err), "name")})
	default:
		s.error(w, r, err)
	}
}

// handleAccountTokenRevoke revokes one of the user's tokens, or, for an
// admin, anyone's; it goes back to the page the form names.
func (s *Server) handleAccountTokenRevoke(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.revokeToken(r.Context(), mux.Vars(r)["id"]); err != nil {
		s.error(w, r, err)
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	if next == "/" {
		next = "/account?done=revoked"
	}
	seeOther(w, r, next)
}

// revokeToken revokes the token if it belongs to the signed-in user or the
// user is an admin. Someone else's token is ENOTFOUND, as if it did not
// exist.
func (s *Server) revokeToken(ctx context.Context, id string) error {
	u := userFrom(ctx)
	t, err := s.store.FindTokenByID(ctx, id)
	if err != nil {
		return err
	}
	if t.UserID != u.ID && !u.Has(claims.RoleAdmin) {
		return claims.Errorf(claims.ENOTFOUND, "Token not found.")
	}
	return s.store.RevokeToken(ctx, u.Actor(), id)
}

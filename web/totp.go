package web

import (
	"crypto/subtle"
	"encoding/base32"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/password"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// totpPeriod is the RFC 6238 time step every authenticator app defaults to.
const totpPeriod = 30

// totpOpts are the parameters codes are made with: the defaults of
// authenticator apps (SHA-1, six digits, 30 seconds).
var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// checkTOTP returns the time step of code if it is the code of secret for
// now or one step either side (clock drift), comparing in constant time.
// Whether the step was used before is the store's to decide.
func checkTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	for _, step := range []int64{cur - 1, cur, cur + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0).UTC(), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// validSecret reports whether s is a base32 TOTP secret of at least 128
// bits, as enrolment generates: the secret comes back from the form.
func validSecret(s string) bool {
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "="))
	return err == nil && len(b) >= 16 && len(s) <= 128
}

// totpPage enrols a second factor: the secret in text and as an otpauth
// URI, and the form that proves it with a first code.
type totpPage struct {
	layout
	Secret string
	URI    string
	Codes  []string // recovery codes, shown once after enrolment
	Errors map[string]string
}

func (s *Server) handleTOTPPage(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	if u.TOTPEnabled {
		seeOther(w, r, "/account")
		return
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.cfg.Newsroom, AccountName: u.Name, Period: totpPeriod, SecretSize: 20})
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderTOTP(w, r, http.StatusOK, &totpPage{Secret: key.Secret()})
}

func (s *Server) renderTOTP(w http.ResponseWriter, r *http.Request, status int, p *totpPage) {
	u := userFrom(r.Context())
	p.layout = s.layout(r, "Two-step sign-in")
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if p.Secret != "" {
		// The Key URI Format authenticator apps read (as a QR code or typed).
		uri := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + s.cfg.Newsroom + ":" + u.Name,
			RawQuery: url.Values{"secret": {p.Secret}, "issuer": {s.cfg.Newsroom}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}.Encode()}
		p.URI = uri.String()
	}
	s.render(w, r, status, "totp.html", p)
}

// handleTOTPEnrol turns the second factor on once the user proves the
// secret with a code, and shows ten recovery codes once.
func (s *Server) handleTOTPEnrol(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	u := userFrom(r.Context())
	secret := strings.ToUpper(strings.TrimSpace(r.PostForm.Get("secret")))
	if !validSecret(secret) {
		s.error(w, r, claims.Errorf(claims.EMALFORMED, "The form lacks a valid secret. Start again from your account page."))
		return
	}
	step, ok := checkTOTP(secret, r.PostForm.Get("code"), s.cfg.Now())
	if !ok {
		s.renderTOTP(w, r, http.StatusUnprocessableEntity, &totpPage{Secret: secret,
			Errors: map[string]string{"code": s.t(r, "is not the current code for this secret; check your device's clock")}})
		return
	}
	codes := claims.NewRecoveryCodes(claims.RecoveryCodeCount)
	if err := s.store.EnableTOTP(r.Context(), u.Actor(), u.ID, secret, step, codes, u.Version); err != nil {
		s.error(w, r, err)
		return
	}
	u.TOTPEnabled = true
	s.renderTOTP(w, r, http.StatusOK, &totpPage{Codes: codes})
}

// handleTOTPDisable turns the second factor off, with the current
// password; not while the sign-in policy requires it of the user.
func (s *Server) handleTOTPDisable(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	u := userFrom(r.Context())
	settings, err := s.store.FindSettings(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	without := *u
	without.TOTPEnabled = false
	if without.MustEnrolTOTP(settings) {
		s.error(w, r, claims.Errorf(claims.EFORBIDDEN, "Two-step sign-in is required for your roles."))
		return
	}
	ok, err := password.Verify(u.PasswordHash, r.PostForm.Get("current"))
	if err != nil || !ok {
		s.accountFails.fail(strings.ToLower(u.Name), s.cfg.Now())
		s.renderAccount(w, r, http.StatusUnprocessableEntity, &accountPage{Errors: map[string]string{"": s.t(r, "That is not your current password.")}})
		return
	}
	if err := s.store.DisableTOTP(r.Context(), u.Actor(), u.ID, u.Version); err != nil {
		s.error(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=totp")
}

// mustEnrol reports whether the sign-in policy sends u to enrol a second
// factor before anything else. Only users who could be affected cost a
// settings read.
func (s *Server) mustEnrol(r *http.Request, u *claims.User) (bool, error) {
	if u.TOTPEnabled || !(u.Has(claims.RoleEditor) || u.Has(claims.RoleAdmin)) {
		return false, nil
	}
	settings, err := s.store.FindSettings(r.Context())
	if err != nil {
		return false, err
	}
	return u.MustEnrolTOTP(settings), nil
}

// enrolRoutes are what a user the policy sends to enrol may still use.
var enrolRoutes = map[string]bool{"GET /account/totp": true, "POST /account/totp": true, "POST /logout": true}

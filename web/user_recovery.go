package web

import (
	"context"
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// Account recovery by an admin. Someone who has forgotten their password,
// or lost the phone that makes their codes together with their recovery
// codes, cannot get back in alone; an admin sets a new password (which
// signs the account out everywhere) or turns the second factor off. Both
// are refused for the admin's own account, whose account page asks for
// the current password first: a session left open on a shared computer
// must not be enough to take the account over. Each is one audit event
// with the admin as its actor, holding neither the password nor a secret.

// resetPassword sets the password of the account id, read by the admin at
// version, and ends its sessions.
func (s *Server) resetPassword(ctx context.Context, id string, version int, pw, confirm string) error {
	me := userFrom(ctx)
	if id == me.ID {
		return claims.Errorf(claims.EFORBIDDEN, "Change your own password on your account page, which asks for the current one.")
	}
	hash, err := newPasswordHash(&claims.Problems{}, pw, confirm)
	if err != nil {
		return err
	}
	_, err = s.store.ChangePassword(ctx, me.Actor(), id, hash, version, 0)
	return err
}

// resetTOTP turns off the second factor of the account id, read by the
// admin at version, and deletes its recovery codes.
func (s *Server) resetTOTP(ctx context.Context, id string, version int) error {
	me := userFrom(ctx)
	if id == me.ID {
		return claims.Errorf(claims.EFORBIDDEN, "Turn off your own two-step sign-in on your account page.")
	}
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	if !u.TOTPEnabled {
		return claims.Errorf(claims.ECONFLICT, "%s has no two-step sign-in to turn off.", u.Name)
	}
	return s.store.DisableTOTP(ctx, me.Actor(), id, version)
}

// handleUserPasswordReset is the admin page's "Set a new password" form.
func (s *Server) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	s.userRecoveryForm(w, r, "password", func(id string, version int) error {
		return s.resetPassword(r.Context(), id, version, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	})
}

// handleUserTOTPReset is the admin page's "Turn off two-step sign-in"
// button.
func (s *Server) handleUserTOTPReset(w http.ResponseWriter, r *http.Request) {
	s.userRecoveryForm(w, r, "totp", func(id string, version int) error {
		return s.resetTOTP(r.Context(), id, version)
	})
}

// userRecoveryForm runs one of the recovery forms of the admin's user
// page: reset with the account's id and the version the form was rendered
// with, then back to the page with a notice of what was done, or the page
// again with the problems.
func (s *Server) userRecoveryForm(w http.ResponseWriter, r *http.Request, done string, reset func(id string, version int) error) {
	id, version, err := userForm(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = reset(id, version)
	switch claims.ErrorCode(err) {
	case "":
		seeOther(w, r, "/admin/users/"+id+"?done="+done)
	case claims.EINVALID, claims.ECONFLICT:
		current, ferr := s.store.FindUserByID(r.Context(), id)
		if ferr != nil {
			s.error(w, r, ferr)
			return
		}
		p := &userPage{Account: current, Errors: map[string]string{}, RecoveryErrors: formErrors(s.localize(r, err), "password", "confirm")}
		for _, role := range current.Roles {
			p.Roles = append(p.Roles, string(role))
		}
		s.renderUser(w, r, statusOf(claims.ErrorCode(err)), p)
	default:
		s.error(w, r, err)
	}
}

// recoveryInput is the body of POST /api/v1/users/{id}/password and
// /api/v1/users/{id}/totp/disable: the version of the account as read,
// and for the first the new password.
type recoveryInput struct {
	Password string `json:"password"`
	Version  int    `json:"version"`
}

// handleAPIUserPasswordReset sets a user's password (see resetPassword)
// and answers with the account.
func (s *Server) handleAPIUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	s.apiUserRecovery(w, r, func(id string, in recoveryInput) error {
		return s.resetPassword(r.Context(), id, in.Version, in.Password, in.Password)
	})
}

// handleAPIUserTOTPReset turns off a user's second factor (see resetTOTP)
// and answers with the account.
func (s *Server) handleAPIUserTOTPReset(w http.ResponseWriter, r *http.Request) {
	s.apiUserRecovery(w, r, func(id string, in recoveryInput) error {
		return s.resetTOTP(r.Context(), id, in.Version)
	})
}

func (s *Server) apiUserRecovery(w http.ResponseWriter, r *http.Request, reset func(id string, in recoveryInput) error) {
	var in recoveryInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	if err := reset(id, in); err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.store.FindUserByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

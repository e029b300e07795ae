package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// updateUser applies an admin's change, refusing one that would lock the
// admin out: nobody disables themselves or drops their own admin role, so
// an installation always keeps the admin who is making changes.
func (s *Server) updateUser(ctx context.Context, id string, up claims.UserUpdate) (*claims.User, error) {
	me := userFrom(ctx)
	if id == me.ID {
		var p claims.Problems
		p.Check(up.Disabled == nil || !*up.Disabled, "disabled", "you cannot disable your own account")
		p.Check(up.Roles == nil || slices.Contains(up.Roles, claims.RoleAdmin), "roles", "you cannot remove your own admin role")
		if err := p.Err(); err != nil {
			return nil, err
		}
	}
	return s.store.UpdateUser(ctx, me.Actor(), id, up)
}

func (s *Server) handleAPIUserList(w http.ResponseWriter, r *http.Request) {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(users))
}

func (s *Server) handleAPIUserView(w http.ResponseWriter, r *http.Request) {
	u, err := s.store.FindUserByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// userInput is the body of POST /api/v1/users.
type userInput struct {
	Name     string        `json:"name"`
	Roles    []claims.Role `json:"roles"`
	Password string        `json:"password"`
}

func (s *Server) handleAPIUserCreate(w http.ResponseWriter, r *http.Request) {
	var in userInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	u := &claims.User{Name: in.Name, Roles: in.Roles}
	if err := s.createUser(r.Context(), userFrom(r.Context()).Actor(), u, in.Password, in.Password); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, u)
}

// handleAPIUserUpdate changes roles or disables/enables a user; version is
// required. A role change or disabling ends the user's sessions at once.
func (s *Server) handleAPIUserUpdate(w http.ResponseWriter, r *http.Request) {
	var up claims.UserUpdate
	if err := decodeJSON(r, &up); err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.updateUser(r.Context(), mux.Vars(r)["id"], up)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) handleAPISettingsView(w http.ResponseWriter, r *http.Request) {
	st, err := s.store.FindSettings(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// handleAPISettingsUpdate stores the settings; version is the one read
// (0 before the first change).
func (s *Server) handleAPISettingsUpdate(w http.ResponseWriter, r *http.Request) {
	var in claims.Settings
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.store.UpdateSettings(r.Context(), userFrom(r.Context()).Actor(), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

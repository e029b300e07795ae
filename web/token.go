package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// handleAPITokenList lists the caller's API tokens; an admin may ask for
// anyone's with ?user_id=.
func (s *Server) handleAPITokenList(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	id := u.ID
	if q := r.URL.Query().Get("user_id"); q != "" && q != u.ID {
		if !u.Has(claims.RoleAdmin) {
			s.error(w, r, claims.Errorf(claims.EFORBIDDEN, "Only an admin may list someone else's tokens."))
			return
		}
		id = q
	}
	list, err := s.store.FindTokens(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(list))
}

// tokenInput is the body of POST /api/v1/tokens.
type tokenInput struct {
	Name string `json:"name"`
}

// createdToken is a new token with its secret, which is in this answer
// and nowhere else.
type createdToken struct {
	*claims.Token
	Secret string `json:"token"`
}

// handleAPITokenCreate makes a named token for the caller.
func (s *Server) handleAPITokenCreate(w http.ResponseWriter, r *http.Request) {
	var in tokenInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	u := userFrom(r.Context())
	t, secret, err := s.store.IssueToken(r.Context(), u.Actor(), u.ID, in.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, createdToken{Token: t, Secret: secret})
}

// handleAPITokenRevoke revokes one of the caller's tokens, or, for an
// admin, anyone's.
func (s *Server) handleAPITokenRevoke(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if err := s.revokeToken(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	t, err := s.store.FindTokenByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

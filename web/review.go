package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// reopenInput is what an editor sends to reopen a published claim. A
// version, when sent, must be the claim's current one.
type reopenInput struct {
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

func (s *Server) handleAPIClaimReopen(w http.ResponseWriter, r *http.Request) {
	var in reopenInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	if _, err := s.store.ReopenClaim(r.Context(), userFrom(r.Context()).Actor(), id, in.Reason, in.Version); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.store.FindClaimByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) handleAPIVerdictWithdraw(w http.ResponseWriter, r *http.Request) {
	var in decisionInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.store.WithdrawVerdict(r.Context(), userFrom(r.Context()).Actor(), mux.Vars(r)["id"], in.Reason)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) handleAPICommentList(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if _, err := s.store.FindClaimByID(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.store.FindComments(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(list))
}

// commentInput is a new entry for a claim's discussion thread.
type commentInput struct {
	Body string `json:"body"`
}

func (s *Server) handleAPICommentCreate(w http.ResponseWriter, r *http.Request) {
	var in commentInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	c := &claims.Comment{ClaimID: mux.Vars(r)["id"], Body: in.Body}
	if err := s.store.CreateComment(r.Context(), userFrom(r.Context()).Actor(), c); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

// listOf wraps a complete list in the API's list envelope.
func listOf[T any](items []T) list[T] {
	return list[T]{Items: items}
}

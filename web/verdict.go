package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// verdictInput is what a checker sends to propose a verdict.
type verdictInput struct {
	Attribution claims.Attribution `json:"attribution"`
	Rating      claims.Rating      `json:"rating"`
	Rationale   string             `json:"rationale"`
	Evidence    []claims.Evidence  `json:"evidence"`
}

func (s *Server) handleAPIVerdictCreate(w http.ResponseWriter, r *http.Request) {
	var in verdictInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	v := &claims.Verdict{ClaimID: mux.Vars(r)["id"], Attribution: in.Attribution, Rating: in.Rating, Rationale: in.Rationale, Evidence: in.Evidence}
	if err := s.store.ProposeVerdict(r.Context(), userFrom(r.Context()).Actor(), v); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/verdicts/"+v.ID)
	writeJSON(w, http.StatusCreated, v)
}

// decisionInput carries the reason for a rejection.
type decisionInput struct {
	Reason string `json:"reason"`
}

func (s *Server) handleAPIVerdictApprove(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.ApproveVerdict(r.Context(), userFrom(r.Context()).Actor(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) handleAPIVerdictReject(w http.ResponseWriter, r *http.Request) {
	var in decisionInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.store.RejectVerdict(r.Context(), userFrom(r.Context()).Actor(), mux.Vars(r)["id"], in.Reason)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

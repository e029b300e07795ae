package web

import (
	"net/http"
	"strconv"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// The claim page's review forms besides propose, approve and reject: each
// posts, and goes back to the claim, or shows the claim page again with the
// message next to the form and what was typed kept.

func (s *Server) handleClaimReopen(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	id, reason := mux.Vars(r)["id"], r.PostForm.Get("reason")
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := requireVersion(version); err != nil {
		s.reviewFormFailed(w, r, id, "reopen", reason, err)
		return
	}
	if _, err := s.store.ReopenClaim(r.Context(), userFrom(r.Context()).Actor(), id, reason, version); err != nil {
		s.reviewFormFailed(w, r, id, "reopen", reason, err)
		return
	}
	seeOther(w, r, "/claims/"+id+"#verdicts-title")
}

func (s *Server) handleCommentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	c := &claims.Comment{ClaimID: mux.Vars(r)["id"], Body: r.PostForm.Get("body")}
	if err := s.store.CreateComment(r.Context(), userFrom(r.Context()).Actor(), c); err != nil {
		s.reviewFormFailed(w, r, c.ClaimID, "comment", r.PostForm.Get("body"), err)
		return
	}
	seeOther(w, r, "/claims/"+c.ClaimID+"#comment-"+c.ID)
}

// handleClaimAssign sets or clears the claim's assignee from the claim
// page; the form carries the version it was shown with.
func (s *Server) handleClaimAssign(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	id, assignee := mux.Vars(r)["id"], r.PostForm.Get("assignee")
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err := requireVersion(version)
	if err == nil {
		_, err = s.store.UpdateClaim(r.Context(), userFrom(r.Context()).Actor(), id, claims.ClaimUpdate{Assignee: &assignee, Version: version})
	}
	if err != nil {
		s.reviewFormFailed(w, r, id, "assign", assignee, err)
		return
	}
	seeOther(w, r, "/claims/"+id)
}

func (s *Server) handleVerdictWithdraw(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	reason := r.PostForm.Get("reason")
	s.decideVerdict(w, r, func(id string) (*claims.Verdict, error) {
		return s.store.WithdrawVerdict(r.Context(), userFrom(r.Context()).Actor(), id, reason)
	})
}

// reviewFormFailed shows the claim page again after form (reopen, comment,
// assign) failed with err, the message by the form and typed kept. Storage
// failures get the error page.
func (s *Server) reviewFormFailed(w http.ResponseWriter, r *http.Request, id, form, typed string, err error) {
	code := claims.ErrorCode(err)
	if code == claims.EINTERNAL || code == claims.EUNAVAILABLE || code == claims.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	page, perr := s.claimPage(r, id)
	if perr != nil {
		s.error(w, r, perr)
		return
	}
	page.FormError = map[string]string{form: s.formLine(r, err)}
	page.Typed = map[string]string{form: typed}
	s.render(w, r, statusOf(code), "claim.html", page)
}

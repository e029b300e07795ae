package web

import (
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
	"github.com/gorilla/mux"
)

// claimFilter reads the list filters from the query string; the API and
// the claims page share them.
func claimFilter(r *http.Request) (claims.ClaimFilter, error) {
	q := r.URL.Query()
	f := claims.ClaimFilter{
		Status:     claims.Status(q.Get("status")),
		Kind:       claims.Kind(q.Get("kind")),
		SourceID:   q.Get("source_id"),
		DocumentID: q.Get("document_id"),
		Assignee:   q.Get("assignee"), // "me": the signed-in user, for a checker's queue
		Q:          q.Get("q"),
		Cursor:     q.Get("cursor"),
	}
	if u := userFrom(r.Context()); f.Assignee == "me" && u != nil {
		f.Assignee = u.ID
	}
	limit, err := queryLimit(r)
	if err != nil {
		return f, err
	}
	f.Limit = limit
	if f.From, err = parseDay("from", q.Get("from"), false); err != nil {
		return f, err
	}
	if f.To, err = parseDay("to", q.Get("to"), true); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func (s *Server) handleAPIClaimList(w http.ResponseWriter, r *http.Request) {
	f, err := claimFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, next, err := s.store.FindClaims(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if strings.TrimSpace(f.Q) == "" {
		writeJSON(w, http.StatusOK, list[*claims.Claim]{Items: items, NextCursor: next})
		return
	}
	// Search results carry where they matched and a snippet.
	q := search.ParseQuery(f.Q)
	hits := make([]claimHit, len(items))
	for i, c := range items {
		field, segs := claimSnippet(c, q)
		hits[i] = claimHit{Claim: c, MatchedIn: field, Snippet: segmentsJSON(segs)}
	}
	writeJSON(w, http.StatusOK, list[claimHit]{Items: hits, NextCursor: next})
}

// claimInput is what a client may send to create a claim.
type claimInput struct {
	Text       string        `json:"text"`
	Kind       claims.Kind   `json:"kind"`
	SourceID   string        `json:"source_id"`
	DocumentID string        `json:"document_id"`
	Quote      *claims.Quote `json:"quote"`
	Provenance []claims.Hop  `json:"provenance"`
	Assignee   string        `json:"assignee"`
	Tags       []string      `json:"tags"`
}

func (in claimInput) claim() *claims.Claim {
	return &claims.Claim{
		Text: in.Text, Kind: in.Kind, SourceID: in.SourceID, DocumentID: in.DocumentID,
		Quote: in.Quote, Provenance: in.Provenance, Assignee: in.Assignee, Tags: in.Tags,
	}
}

func (s *Server) handleAPIClaimCreate(w http.ResponseWriter, r *http.Request) {
	var in claimInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	c := in.claim()
	if err := s.store.CreateClaim(r.Context(), userFrom(r.Context()).Actor(), c); err != nil {
		s.error(w, r, err)
		return
	}
	// Answer with the claim as a read returns it, with its source filled in.
	full, err := s.store.FindClaimByID(r.Context(), c.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/claims/"+c.ID)
	writeJSON(w, http.StatusCreated, full)
}

func (s *Server) handleAPIClaimView(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.FindClaimByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) handleAPIClaimUpdate(w http.ResponseWriter, r *http.Request) {
	var upd claims.ClaimUpdate
	if err := decodeJSON(r, &upd); err != nil {
		s.error(w, r, err)
		return
	}
	if err := requireVersion(upd.Version); err != nil {
		s.error(w, r, err)
		return
	}
	id := mux.Vars(r)["id"]
	if _, err := s.store.UpdateClaim(r.Context(), userFrom(r.Context()).Actor(), id, upd); err != nil {
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

func (s *Server) handleAPIClaimHistory(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if _, err := s.store.FindClaimByID(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	events, err := s.store.FindEvents(r.Context(), claims.EventFilter{ClaimID: id, Limit: claims.MaxPageSize})
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*claims.Event]{Items: events})
}

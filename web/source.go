package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

func (s *Server) handleAPISourceList(w http.ResponseWriter, r *http.Request) {
	limit, err := queryLimit(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	items, next, err := s.store.FindSources(r.Context(), claims.SourceFilter{Q: q.Get("q"), Limit: limit, Cursor: q.Get("cursor")})
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*claims.Source]{Items: items, NextCursor: next})
}

// sourceInput is what a client may send to create a source.
type sourceInput struct {
	Name        string            `json:"name"`
	Type        claims.SourceType `json:"type"`
	Aliases     []string          `json:"aliases"`
	URL         string            `json:"url"`
	Description string            `json:"description"`
}

func (s *Server) handleAPISourceCreate(w http.ResponseWriter, r *http.Request) {
	var in sourceInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	src := &claims.Source{Name: in.Name, Type: in.Type, Aliases: in.Aliases, URL: in.URL, Description: in.Description}
	if err := s.store.CreateSource(r.Context(), userFrom(r.Context()).Actor(), src); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/sources/"+src.ID)
	writeJSON(w, http.StatusCreated, src)
}

func (s *Server) handleAPISourceView(w http.ResponseWriter, r *http.Request) {
	src, err := s.store.FindSourceByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, src)
}

func (s *Server) handleAPISourceUpdate(w http.ResponseWriter, r *http.Request) {
	var upd claims.SourceUpdate
	if err := decodeJSON(r, &upd); err != nil {
		s.error(w, r, err)
		return
	}
	if err := requireVersion(upd.Version); err != nil {
		s.error(w, r, err)
		return
	}
	src, err := s.store.UpdateSource(r.Context(), userFrom(r.Context()).Actor(), mux.Vars(r)["id"], upd)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, src)
}

// requireVersion insists that an edit says which version it edits, so that
// optimistic locking cannot be skipped by leaving the field out.
func requireVersion(v int) error {
	if v < 1 {
		return &claims.Error{Code: claims.EINVALID, Message: "Send the version you are editing.",
			Fields: []claims.FieldError{{Field: "version", Message: "is required (the version you read)"}}}
	}
	return nil
}

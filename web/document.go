package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
	"github.com/claimtrail/claimtrail/claims/search"
	"github.com/gorilla/mux"
)

func (s *Server) handleAPIDocumentList(w http.ResponseWriter, r *http.Request) {
	limit, err := queryLimit(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	items, next, err := s.store.FindDocuments(r.Context(), claims.DocumentFilter{Q: q.Get("q"), Limit: limit, Cursor: q.Get("cursor")})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if strings.TrimSpace(q.Get("q")) == "" {
		writeJSON(w, http.StatusOK, list[*claims.Document]{Items: items, NextCursor: next})
		return
	}
	// Search results come with a snippet instead of the body.
	sq := search.ParseQuery(q.Get("q"))
	hits := make([]documentHit, len(items))
	for i, d := range items {
		segs := documentSnippet(d, sq)
		d.Body = ""
		hits[i] = documentHit{Document: d, Snippet: segmentsJSON(segs)}
	}
	writeJSON(w, http.StatusOK, list[documentHit]{Items: hits, NextCursor: next})
}

// documentInput is what a client sends to import an article.
type documentInput struct {
	Title       string     `json:"title"`
	URL         string     `json:"url"`
	Publisher   string     `json:"publisher"`
	Language    string     `json:"language"`
	PublishedAt *time.Time `json:"published_at"`
	Body        string     `json:"body"`
	Format      string     `json:"format"`
	Supersedes  string     `json:"supersedes"`
}

// importDocument parses the raw body in its format and stores the
// document. The API and the import form share it.
func (s *Server) importDocument(ctx context.Context, actor claims.Actor, in documentInput) (*claims.Document, error) {
	if in.Format == "" {
		in.Format = claims.FormatText
	}
	parsed, err := article.Parse(in.Format, []byte(in.Body))
	if err != nil {
		return nil, err
	}
	d := &claims.Document{
		Title: in.Title, URL: in.URL, Publisher: in.Publisher, Language: in.Language,
		PublishedAt: in.PublishedAt, Body: parsed.Body, Links: parsed.Links, Supersedes: in.Supersedes,
	}
	if d.Language == "" {
		d.Language = parsed.Language
	}
	if d.PublishedAt != nil {
		t := d.PublishedAt.UTC()
		d.PublishedAt = &t
	}
	if err := s.store.CreateDocument(ctx, actor, d); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) handleAPIDocumentCreate(w http.ResponseWriter, r *http.Request) {
	var in documentInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.importDocument(r.Context(), userFrom(r.Context()).Actor(), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/documents/"+d.ID)
	writeJSON(w, http.StatusCreated, d)
}

// documentWithClaims is a document as the API shows it: with its claims.
type documentWithClaims struct {
	*claims.Document
	Claims []*claims.Claim `json:"claims"`
}

func (s *Server) handleAPIDocumentView(w http.ResponseWriter, r *http.Request) {
	d, err := s.findDocumentWithClaims(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// findDocumentWithClaims returns the document with its body and every one
// of its claims, for the API and the document page; ENOTFOUND when there
// is no such document.
func (s *Server) findDocumentWithClaims(ctx context.Context, id string) (*documentWithClaims, error) {
	d, err := s.store.FindDocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	f := claims.ClaimFilter{DocumentID: d.ID, Limit: claims.MaxPageSize}
	cs, err := collectPages(func(cursor string) ([]*claims.Claim, string, error) {
		f.Cursor = cursor
		return s.store.FindClaims(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	return &documentWithClaims{Document: d, Claims: cs}, nil
}

package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/suggest"
	"github.com/gorilla/mux"
)

// documentSuggestions is a document with its claims and the suggestions no
// claim has captured yet (no claim's quote overlaps them).
type documentSuggestions struct {
	*documentWithClaims
	Suggestions []suggest.Suggestion
}

// findSuggestions computes the open suggestions of a document against
// every stored source; ENOTFOUND when there is no such document.
func (s *Server) findSuggestions(ctx context.Context, id string) (*documentSuggestions, error) {
	d, err := s.findDocumentWithClaims(ctx, id)
	if err != nil {
		return nil, err
	}
	f := claims.SourceFilter{Limit: claims.MaxPageSize}
	sources, err := collectPages(func(cursor string) ([]*claims.Source, string, error) {
		f.Cursor = cursor
		return s.store.FindSources(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	out := &documentSuggestions{documentWithClaims: d, Suggestions: []suggest.Suggestion{}}
	for _, sg := range suggest.Suggest(d.Document, sources) {
		if !captured(sg, d.Claims) {
			out.Suggestions = append(out.Suggestions, sg)
		}
	}
	return out, nil
}

// captured reports whether a claim's quote overlaps the suggestion.
func captured(sg suggest.Suggestion, cs []*claims.Claim) bool {
	return slices.ContainsFunc(cs, func(c *claims.Claim) bool {
		return c.Quote != nil && c.Quote.Start < sg.Quote.End && sg.Quote.Start < c.Quote.End
	})
}

func (s *Server) handleAPISuggestionList(w http.ResponseWriter, r *http.Request) {
	d, err := s.findSuggestions(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[suggest.Suggestion]{Items: d.Suggestions})
}

// acceptInput says which suggestions of a document to turn into claims.
// CreateSources allows creating the proposed sources the suggestions name;
// without it a suggestion with a new source is EINVALID.
type acceptInput struct {
	IDs           []string `json:"ids"`
	All           bool     `json:"all"`
	Except        []string `json:"except"` // with All: leave these out (dismissed)
	CreateSources bool     `json:"create_sources"`
}

func (s *Server) handleAPISuggestionAccept(w http.ResponseWriter, r *http.Request) {
	var in acceptInput
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	cs, err := s.acceptSuggestions(r.Context(), userFrom(r.Context()).Actor(), mux.Vars(r)["id"], in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, list[*claims.Claim]{Items: cs})
}

// acceptSuggestions creates a claim for each chosen suggestion, with its
// quote, source, kind and provenance chain, creating proposed sources once
// each when in.CreateSources. Suggestions are recomputed, so an ID that
// is no longer open (already captured, or the sources changed) is
// EINVALID on field "ids". Each claim is its own transaction: a failure
// part way leaves the claims made before it, which then no longer show as
// suggestions.
func (s *Server) acceptSuggestions(ctx context.Context, actor claims.Actor, docID string, in acceptInput) ([]*claims.Claim, error) {
	d, err := s.findSuggestions(ctx, docID)
	if err != nil {
		return nil, err
	}
	var chosen []suggest.Suggestion
	var p claims.Problems
	for _, id := range in.IDs {
		i := slices.IndexFunc(d.Suggestions, func(sg suggest.Suggestion) bool { return sg.ID == id })
		if i < 0 {
			p.Add("ids", "%q is not an open suggestion of this document", id)
			continue
		}
		chosen = append(chosen, d.Suggestions[i])
	}
	if in.All {
		chosen = slices.DeleteFunc(slices.Clone(d.Suggestions), func(sg suggest.Suggestion) bool { return slices.Contains(in.Except, sg.ID) })
	}
	if len(chosen) == 0 && len(in.IDs) == 0 && !in.All {
		p.Add("ids", "choose at least one suggestion, or all")
	}
	if !in.CreateSources {
		for _, sg := range chosen {
			for _, ref := range refsOf(sg) {
				if ref.New {
					p.Add("create_sources", "%q is a new source; allow creating it, or create or pick the source first", ref.Name)
				}
			}
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	created := map[string]string{} // proposed source name → new id
	sourceID := func(ref suggest.SourceRef) (string, error) {
		if !ref.New {
			return ref.ID, nil
		}
		if id, ok := created[ref.Name]; ok {
			return id, nil
		}
		src := &claims.Source{Name: ref.Name, Type: ref.Type, Aliases: ref.Aliases, Description: "Proposed by a claim suggestion."}
		if err := s.store.CreateSource(ctx, actor, src); err != nil {
			return "", err
		}
		created[ref.Name] = src.ID
		return src.ID, nil
	}
	out := []*claims.Claim{}
	for _, sg := range chosen {
		c := &claims.Claim{Text: sg.Text, Kind: sg.Kind, DocumentID: d.ID, Quote: &claims.Quote{
			Exact: sg.Quote.Exact, Start: sg.Quote.Start, End: sg.Quote.End, Prefix: sg.Quote.Prefix, Suffix: sg.Quote.Suffix,
		}}
		if c.SourceID, err = sourceID(sg.Source); err != nil {
			return out, err
		}
		for _, h := range sg.Provenance {
			id, err := sourceID(h.Source)
			if err != nil {
				return out, err
			}
			c.Provenance = append(c.Provenance, claims.Hop{SourceID: id, Role: h.Role})
		}
		if err := s.store.CreateClaim(ctx, actor, c); err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// refsOf lists every source a suggestion names.
func refsOf(sg suggest.Suggestion) []suggest.SourceRef {
	refs := []suggest.SourceRef{sg.Source}
	for _, h := range sg.Provenance {
		refs = append(refs, h.Source)
	}
	return refs
}

// dismissed reads the suggestions dismissed on the reader page from the
// URL (?dismiss=s1-9,s10-20): dismissals live in the link, not the
// database, until the store can keep them per document.
func dismissed(r *http.Request) map[string]bool {
	m := map[string]bool{}
	for _, v := range r.URL.Query()["dismiss"] {
		for id := range strings.SplitSeq(v, ",") {
			if id = strings.TrimSpace(id); id != "" && len(m) < 500 {
				m[id] = true
			}
		}
	}
	return m
}

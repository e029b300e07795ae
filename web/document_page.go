package web

import (
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
	"github.com/gorilla/mux"
)

// documentListPage is the list of imported articles.
type documentListPage struct {
	layout
	Q         string
	Documents []*claims.Document
	NextURL   string
}

func (s *Server) handleDocumentList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := claims.DocumentFilter{Q: q.Get("q"), Cursor: q.Get("cursor")}
	docs, next, err := s.store.FindDocuments(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &documentListPage{layout: s.layout(r, "Documents"), Q: f.Q, Documents: docs}
	if next != "" {
		p.NextURL = withQuery(r, "cursor", next)
	}
	s.render(w, r, http.StatusOK, "document_list.html", p)
}

// documentFormFields are the fields the import form shows errors next to.
var documentFormFields = []string{"title", "url", "publisher", "language", "published_at", "format", "body", "file"}

// documentForm is the import form, as typed.
type documentForm struct {
	layout
	Title, URL, Publisher, Language, PublishedAt, Format, Body string
	Errors                                                     map[string]string
}

func (s *Server) handleDocumentNew(w http.ResponseWriter, r *http.Request) {
	f := &documentForm{layout: s.layout(r, "Import an article"), Format: claims.FormatText, Errors: map[string]string{}}
	s.render(w, r, http.StatusOK, "document_form.html", f)
}

// handleDocumentCreate imports a pasted or uploaded article. An uploaded
// file wins over the text box; after an error its text is put in the box,
// so that the user does not have to choose the file again.
func (s *Server) handleDocumentCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	p := r.PostForm
	f := &documentForm{
		layout: s.layout(r, "Import an article"),
		Title:  p.Get("title"), URL: strings.TrimSpace(p.Get("url")), Publisher: p.Get("publisher"),
		Language: strings.TrimSpace(p.Get("language")), PublishedAt: strings.TrimSpace(p.Get("published_at")),
		Format: p.Get("format"), Body: p.Get("body"),
	}
	var problems claims.Problems
	if body, name, ok := uploadedFile(r, &problems); ok {
		f.Body = body
		if f.Format == claims.FormatText || f.Format == "" {
			f.Format = article.FormatFromName(name)
		}
	}
	in := documentInput{Title: strings.TrimSpace(f.Title), URL: f.URL, Publisher: strings.TrimSpace(f.Publisher), Language: f.Language, Body: f.Body, Format: f.Format}
	if f.PublishedAt != "" {
		t, err := time.Parse("2006-01-02", f.PublishedAt)
		if err != nil {
			problems.Add("published_at", "must be a date (YYYY-MM-DD)")
		}
		in.PublishedAt = &t
	}
	switch f.Format {
	case claims.FormatText, claims.FormatMarkdown, claims.FormatHTML:
	default:
		problems.Add("format", "must be text, markdown or html")
	}
	err := problems.Err()
	if err != nil {
		// Show the document's own problems too, not only the form's.
		d := &claims.Document{Title: in.Title, URL: in.URL, Publisher: in.Publisher, Language: in.Language, Body: in.Body}
		addFieldErrors(&problems, d.Validate())
		err = problems.Err()
	} else {
		var d *claims.Document
		if d, err = s.importDocument(r.Context(), userFrom(r.Context()).Actor(), in); err == nil {
			seeOther(w, r, "/documents/"+d.ID)
			return
		}
	}
	if claims.ErrorCode(err) != claims.EINVALID {
		s.error(w, r, err)
		return
	}
	f.Errors = formErrors(s.localize(r, err), documentFormFields...)
	s.render(w, r, http.StatusUnprocessableEntity, "document_form.html", f)
}

// uploadedFile returns the text of the uploaded file, if one was sent.
func uploadedFile(r *http.Request, p *claims.Problems) (body, name string, ok bool) {
	if r.MultipartForm == nil {
		return "", "", false
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return "", "", false // no file chosen
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, claims.MaxBodyLen+1))
	switch {
	case err != nil:
		p.Add("file", "could not be read")
		return "", "", false
	case len(b) == 0:
		return "", "", false
	case len(b) > claims.MaxBodyLen:
		p.Add("file", "is too large (at most %d bytes)", claims.MaxBodyLen)
		return "", "", false
	case !utf8.Valid(b):
		p.Add("file", "is not UTF-8 text")
		return "", "", false
	}
	return string(b), hdr.Filename, true
}

// documentPage is an article with its claims' quotes marked in place, a
// card for each claim, and the sentences suggested as claims outlined.
type documentPage struct {
	layout
	Document    *claims.Document
	Paragraphs  []readerPara
	Cards       []claimCard
	Table       claimTable
	Suggestions []suggestionView
	Dismissed   string // the dismissed suggestions, for the forms to keep
}

func (s *Server) handleDocumentView(w http.ResponseWriter, r *http.Request) {
	d, err := s.findSuggestions(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	verdicts, err := s.store.FindCurrentVerdicts(r.Context(), d.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	gone := dismissed(r)
	sugs := suggestionViews(r, d.ID, d.Suggestions, gone)
	s.flagChecked(r.Context(), sugs)
	marked := markSuggestions(d.Document, highlight(d.Document, d.Claims), sugs)
	p := &documentPage{layout: s.layoutNamed(r, d.Title), Document: d.Document, Suggestions: sugs, Dismissed: dismissList(gone),
		Paragraphs: readerParagraphs(d.Document, marked, d.Claims), Cards: claimCards(d.Claims, verdicts)}
	p.Table = claimTable{Claims: d.Claims, Empty: s.t(r, "No claims marked in this document yet.")}
	s.render(w, r, http.StatusOK, "document.html", p)
}

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// sourceListPage lists sources by name, searchable by name and alias.
type sourceListPage struct {
	layout
	Q       string
	Sources []*claims.Source
	NextURL string
}

func (s *Server) handleSourceList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := claims.SourceFilter{Q: q.Get("q"), Cursor: q.Get("cursor")}
	items, next, err := s.store.FindSources(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &sourceListPage{layout: s.layout(r, "Sources"), Q: f.Q, Sources: items}
	if next != "" {
		p.NextURL = withQuery(r, "cursor", next)
	}
	s.render(w, r, http.StatusOK, "source_list.html", p)
}

// sourcePage is one source and the claims attributed to it.
type sourcePage struct {
	layout
	Source  *claims.Source
	Table   claimTable
	MoreURL string
}

func (s *Server) handleSourceView(w http.ResponseWriter, r *http.Request) {
	src, err := s.store.FindSourceByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	cs, next, err := s.store.FindClaims(r.Context(), claims.ClaimFilter{SourceID: src.ID})
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &sourcePage{layout: s.layoutNamed(r, src.Name), Source: src}
	p.Table = claimTable{Claims: cs, ShowDocument: true, Empty: s.t(r, "No claims are attributed to this source yet.")}
	if next != "" {
		p.MoreURL = "/claims?source_id=" + src.ID
	}
	s.render(w, r, http.StatusOK, "source.html", p)
}

// sourceFormFields are the fields the source form shows errors next to.
var sourceFormFields = []string{"name", "type", "aliases", "url", "description"}

// sourceForm is the new-source and edit-source page, as typed.
type sourceForm struct {
	layout
	ID, Name, Type, Aliases, URL, Description string
	Version                                   int
	Errors                                    map[string]string
	Current                                   *claims.Source // the stored source, when someone else changed it meanwhile
}

// Action is where the form posts.
func (f *sourceForm) Action() string {
	if f.ID == "" {
		return "/sources"
	}
	return "/sources/" + f.ID
}

func (s *Server) handleSourceNew(w http.ResponseWriter, r *http.Request) {
	f := &sourceForm{layout: s.layout(r, "New source"), Type: string(claims.SourcePerson), Errors: map[string]string{}}
	s.render(w, r, http.StatusOK, "source_form.html", f)
}

func (s *Server) handleSourceEdit(w http.ResponseWriter, r *http.Request) {
	src, err := s.store.FindSourceByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := &sourceForm{
		layout: s.layout(r, "Edit source"), ID: src.ID, Name: src.Name, Type: string(src.Type),
		Aliases: strings.Join(src.Aliases, "\n"), URL: src.URL, Description: src.Description, Version: src.Version,
		Errors: map[string]string{},
	}
	s.render(w, r, http.StatusOK, "source_form.html", f)
}

// readSourceForm copies the posted fields into f as typed.
func readSourceForm(r *http.Request, f *sourceForm) {
	p := r.PostForm
	f.Name, f.Type, f.Aliases, f.URL, f.Description = p.Get("name"), p.Get("type"), p.Get("aliases"), strings.TrimSpace(p.Get("url")), p.Get("description")
	f.Version, _ = strconv.Atoi(p.Get("version"))
}

func (s *Server) handleSourceCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := &sourceForm{layout: s.layout(r, "New source")}
	readSourceForm(r, f)
	src := &claims.Source{Name: f.Name, Type: claims.SourceType(f.Type), Aliases: formList(f.Aliases, "\n"), URL: f.URL, Description: f.Description}
	err := s.store.CreateSource(r.Context(), userFrom(r.Context()).Actor(), src)
	if err == nil {
		seeOther(w, r, "/sources/"+src.ID)
		return
	}
	s.sourceFormFailed(w, r, f, err)
}

func (s *Server) handleSourceUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := &sourceForm{layout: s.layout(r, "Edit source"), ID: mux.Vars(r)["id"]}
	readSourceForm(r, f)
	err := requireVersion(f.Version)
	if err == nil {
		typ, aliases := claims.SourceType(f.Type), formList(f.Aliases, "\n")
		upd := claims.SourceUpdate{Name: &f.Name, Type: &typ, Aliases: &aliases, URL: &f.URL, Description: &f.Description, Version: f.Version}
		if _, err = s.store.UpdateSource(r.Context(), userFrom(r.Context()).Actor(), f.ID, upd); err == nil {
			seeOther(w, r, "/sources/"+f.ID)
			return
		}
	}
	s.sourceFormFailed(w, r, f, err)
}

// sourceFormFailed shows the form again with the errors next to the fields
// (422), or with the current version beside the user's edits when someone
// else saved the source first (409).
func (s *Server) sourceFormFailed(w http.ResponseWriter, r *http.Request, f *sourceForm, err error) {
	switch claims.ErrorCode(err) {
	case claims.EINVALID:
		f.Errors = formErrors(s.localize(r, err), sourceFormFields...)
		s.render(w, r, http.StatusUnprocessableEntity, "source_form.html", f)
	case claims.ECONFLICT:
		// Either the version is stale or the name is taken.
		f.Errors = map[string]string{"name": claims.ErrorMessage(s.localize(r, err))}
		if f.ID != "" {
			if cur, ferr := s.store.FindSourceByID(r.Context(), f.ID); ferr == nil && cur.Version != f.Version {
				f.Current, f.Version = cur, cur.Version
				f.Errors = map[string]string{}
			}
		}
		s.render(w, r, http.StatusConflict, "source_form.html", f)
	default:
		s.error(w, r, err)
	}
}

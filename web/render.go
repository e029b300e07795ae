package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

//go:embed templates static locales
var assets embed.FS

// pages holds one parsed template set per page: the layout, the partials
// and the page's own file, for one language.
type pages struct {
	byName map[string]*template.Template
}

// parsePages parses every template for one language at startup: its
// translation functions are bound at parse time, so that rendering a page
// costs no lookup of the language. A broken template stops the server from
// starting rather than failing a request later.
func parsePages(l *locale) (*pages, error) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		name := path.Base(f)
		if name == "layout.html" {
			continue
		}
		t := template.New(name).Funcs(templateFuncs()).Funcs(l.funcs())
		t, err = t.ParseFS(assets, append([]string{"templates/layout.html", f}, partials...)...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// layout is what every page shows around its content: the title, who is
// signed in and where we are.
type layout struct {
	Title      string
	User       *claims.User
	Path       string    // for marking the current section
	URI        string    // path and query, where the language switcher returns to
	AppVersion string    // the build's; not Version, which a form's page has for its record (and would hide this one)
	Lang       *locale   // the page's language
	Langs      []*locale // the switcher's choices
}

// Can reports whether the signed-in user holds role, for hiding actions the
// user could not take anyway.
func (l layout) Can(role string) bool {
	return l.User.Has(claims.Role(role))
}

func (s *Server) layout(r *http.Request, title string) layout {
	return s.layoutNamed(r, s.t(r, title))
}

// layoutNamed is layout for a page named by data (a document's title, a
// source's name) or by a title already translated: it is shown as it is,
// never looked up in the catalog.
func (s *Server) layoutNamed(r *http.Request, title string) layout {
	return layout{Title: title, User: userFrom(r.Context()), Path: r.URL.Path, URI: r.URL.RequestURI(), AppVersion: s.cfg.Version,
		Lang: s.localeFrom(r), Langs: locales}
}

// render executes page name with data into a buffer, then writes it, so a
// failing template never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages[s.localeFrom(r).Code].byName[name]
	if !ok {
		s.error(w, r, fmt.Errorf("no template %s", name))
		return
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is shown for any error a browser request meets.
type errorPage struct {
	layout
	Status  int
	Message string
	Fields  []claims.FieldError // what is wrong with each value, when Message does not say (see pageError)
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error.html", &errorPage{layout: s.layout(r, http.StatusText(status)), Status: status, Message: msg})
}

// handleStatic serves the embedded CSS and JavaScript.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := path.Base(r.URL.Path)
	b, err := assets.ReadFile("static/" + name)
	if err != nil || strings.HasPrefix(name, ".") {
		s.error(w, r, claims.Errorf(claims.ENOTFOUND, "No such file."))
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

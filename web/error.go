package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// statusOf maps an error code to its HTTP status. It is the only place
// that does.
func statusOf(code string) int {
	switch code {
	case claims.EINVALID:
		return http.StatusUnprocessableEntity
	case claims.EMALFORMED:
		return http.StatusBadRequest
	case claims.ENOTFOUND:
		return http.StatusNotFound
	case claims.ECONFLICT:
		return http.StatusConflict
	case claims.EFORBIDDEN:
		return http.StatusForbidden
	case claims.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case claims.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case claims.EUNSUPPORTED:
		return http.StatusUnsupportedMediaType
	case claims.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// problem is an RFC 9457 problem document.
type problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Code   string              `json:"code"`
	Errors []claims.FieldError `json:"errors,omitempty"`
}

// error answers r with err: problem+json for the API, an error page for a
// browser. Internal errors are logged and shown only as "Internal error."
// The page is in the user's language; the JSON stays English, because the
// API's readers are programs and their logs, and its messages are part of
// the API (a script may show or match them).
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := claims.ErrorCode(err)
	status := statusOf(code)
	if code == claims.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == claims.EUNAVAILABLE {
		w.Header().Set("Retry-After", "30")
	}
	if !isAPI(r) && !wantsJSON(r) {
		s.render(w, r, status, "error.html", s.pageError(r, status, err))
		return
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: claims.ErrorMessage(err),
		Code:   code,
		Errors: claims.ErrorFields(err),
	})
}

// pageError is the error page for err, in r's language. When a GET's
// err is about the address's parameters and its message is only that of
// the first (the claims.Problems of a list's filter: "must be one of new,
// …"), the page names every parameter with its message, so that the
// reader learns which value is wrong. A form's fields are not named: their
// names are not on the form.
func (s *Server) pageError(r *http.Request, status int, err error) *errorPage {
	p := &errorPage{layout: s.layout(r, http.StatusText(status)), Status: status}
	local := s.localize(r, err)
	p.Message = claims.ErrorMessage(local)
	fields := claims.ErrorFields(err)
	if r.Method == http.MethodGet && len(fields) > 0 && strings.HasPrefix(claims.ErrorMessage(err), fields[0].Message) {
		p.Message, p.Fields = s.t(r, "These values could not be used:"), claims.ErrorFields(local)
	}
	return p
}

// localize returns err as a page shows it in r's language: a *claims.Error
// with the same code, its message and field messages translated. Anything
// that is not a *claims.Error shows as "Internal error." (translated), as
// claims.ErrorMessage would show it. The result is for showing only: it
// wraps nothing. Pages pass errors through localize before fieldErrors,
// formErrors or claims.ErrorMessage; the JSON API never does.
func (s *Server) localize(r *http.Request, err error) error {
	return s.localeFrom(r).localize(err)
}

func (l *locale) localize(err error) error {
	if err == nil || l.msgs == nil {
		return err // English is what the messages are written in
	}
	var e *claims.Error
	if !errors.As(err, &e) {
		return &claims.Error{Code: claims.EINTERNAL, Message: l.T(claims.ErrorMessage(err))}
	}
	out := &claims.Error{Code: e.Code, Message: l.errorText(e.Format, e.Message, e.Args)}
	for _, f := range e.Fields {
		out.Fields = append(out.Fields, claims.FieldError{Field: f.Field, Message: l.errorText(f.Format, f.Message, f.Args)})
	}
	return out
}

// errorText translates one message of a claims.Error: by its Format, its
// arguments translated too when they are enumeration values (see Label) or
// field errors; by its Message when it has no Format. A Format of just
// "%s" passes a message through (claims.Errorf(code, "%s", msg)): the
// argument is the message to translate.
func (l *locale) errorText(format, msg string, args []any) string {
	if format == "" {
		return l.T(msg)
	}
	if len(args) == 0 {
		return l.T(msg) // the same text, with any %% already undone
	}
	if s, ok := args[0].(string); ok && format == "%s" && len(args) == 1 {
		return l.T(s)
	}
	local := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case claims.FieldError:
			local[i] = l.errorText(a.Format, a.Message, a.Args)
		case claims.Kind, claims.Status, claims.HopRole, claims.SourceType, claims.Attribution,
			claims.Rating, claims.VerdictState, claims.Role, claims.ReviewAction:
			local[i] = l.Label(a)
		default:
			local[i] = a
		}
	}
	return l.T(format, local...)
}

// wantsJSON reports whether a non-API request asked for JSON (the healthz
// route and scripts).
func wantsJSON(r *http.Request) bool {
	return r.Header.Get("Accept") == "application/json"
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, claims.Errorf(claims.ENOTFOUND, "There is nothing at %s.", r.URL.Path))
}

// handleMethodNotAllowed answers a method the path does not serve, with
// the methods it does in the Allow header: a problem document for the API
// and scripts, the error page for a browser.
func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", strings.Join(s.allowedMethods(r), ", "))
	if isAPI(r) || wantsJSON(r) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusMethodNotAllowed)
		json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: "Method Not Allowed", Status: 405,
			Detail: r.Method + " is not allowed on " + r.URL.Path + ".", Code: "method_not_allowed"})
		return
	}
	s.renderError(w, r, http.StatusMethodNotAllowed, s.t(r, "%s does not accept %s requests.", r.URL.Path, r.Method))
}

// allowedMethods lists the methods the route table serves at r's path, for
// the Allow header of a 405.
func (s *Server) allowedMethods(r *http.Request) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch} {
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if s.router.Match(probe, &match) && match.MatchErr == nil {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

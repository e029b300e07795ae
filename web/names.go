package web

import (
	"net/http"
	"unicode"
	"unicode/utf8"
)

// name is an enumeration value (a status, kind, hop role, attribution or
// rating) as a heading or chart label in the page's language: the same
// catalog entry the templates' label shows, capitalised.
func (s *Server) name(r *http.Request, v any) string {
	l := s.localeFrom(r).Label(v)
	first, size := utf8.DecodeRuneInString(l)
	return string(unicode.ToUpper(first)) + l[size:]
}

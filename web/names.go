package web

import (
	"net/http"
	"unicode"
	"unicode/utf8"
)

// name is an enumeration value (a status, kind, hop role, attribution or
// rating) as a heading, chart label or menu item in the page's language:
// the same catalog entry the templates' label shows, capitalised. The
// templates call it as name.
func (s *Server) name(r *http.Request, v any) string {
	return s.localeFrom(r).Caption(v)
}

// Caption is Label capitalised.
func (l *locale) Caption(v any) string {
	label := l.Label(v)
	first, size := utf8.DecodeRuneInString(label)
	return string(unicode.ToUpper(first)) + label[size:]
}

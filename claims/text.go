package claims

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Size limits on text fields, in bytes. They keep one request from filling
// the database and keep pages renderable.
const (
	MaxNameLen      = 200
	MaxShortText    = 2000
	MaxLongText     = 20000
	MaxBodyLen      = 2 << 20
	MaxListItems    = 100
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// checkText records a problem when s is not valid UTF-8, holds a NUL or
// another control character (tab and newlines excepted), or is longer than
// max bytes. Text is stored exactly as given, so what is refused here never
// reaches the database.
func checkText(p *Problems, field, s string, max int) {
	switch {
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8 text")
	case len(s) > max:
		p.Add(field, "is too long (at most %d bytes)", max)
	default:
		for _, r := range s {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
				p.Add(field, "contains a control character (U+%04X)", r)
				return
			}
		}
	}
}

// checkRequired is checkText for a field that must not be blank.
func checkRequired(p *Problems, field, s string, max int) {
	if strings.TrimSpace(s) == "" {
		p.Add(field, "is required")
		return
	}
	checkText(p, field, s, max)
}

// checkURL records a problem unless s is empty or an absolute http(s) URL.
// Other schemes (javascript:, data:) are refused because URLs are rendered
// as links.
func checkURL(p *Problems, field, s string) {
	if s == "" {
		return
	}
	checkText(p, field, s, MaxShortText)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add(field, "must be an http:// or https:// address")
	}
}

// oneOf reports whether v is one of the allowed values.
func oneOf[T comparable](v T, allowed []T) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// JoinValues lists allowed values for an error message: "a, b, c".
func JoinValues[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// cleanList trims the items of a string list and drops blanks and repeats,
// keeping the first spelling.
func cleanList(items []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || seen[it] {
			continue
		}
		seen[it] = true
		out = append(out, it)
	}
	return out
}

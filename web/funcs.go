package web

import (
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// templateFuncs are the helpers templates may call, the same in every
// language (see locale.funcs for the others, label among them). None of
// them returns template.HTML built from user data.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		// iso is the machine-readable form for <time datetime>.
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"shortHash": func(h string) string {
			if len(h) > 12 {
				return h[:12]
			}
			return h
		},
		"shortID":     shortID,
		"join":        func(items []string, sep string) string { return strings.Join(items, sep) },
		"has":         func(items []string, s string) bool { return slices.Contains(items, s) },
		"truncate":    truncate,
		"kinds":       func() []claims.Kind { return claims.Kinds },
		"statuses":    func() []claims.Status { return claims.Statuses },
		"hopRoles":    func() []claims.HopRole { return claims.HopRoles },
		"sourceTypes": func() []claims.SourceType { return claims.SourceTypes },
		"ratings":     func() []claims.Rating { return claims.Ratings },
		"roles":       func() []claims.Role { return claims.AllRoles },
		// verdictState types a state named in a template, so that label
		// names it as a verdict's ("zaproponowany"), not as a string.
		"verdictState": func(s string) claims.VerdictState { return claims.VerdictState(s) },
		"str":          toString,
		// in reports whether path is section or a page under it, for marking
		// the current section in the navigation.
		"in":         func(path, section string) bool { return path == section || strings.HasPrefix(path, section+"/") },
		"inc":        func(i int) int { return i + 1 },
		"fieldError": func(errs map[string]string, field, id string) fieldErr { return fieldErr{ID: id, Message: errs[field]} },
	}
}

// toString gives the string value of a string or of any string-based
// enumeration of package claims, for comparisons in templates.
func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case claims.Kind:
		return string(x)
	case claims.Status:
		return string(x)
	case claims.HopRole:
		return string(x)
	case claims.SourceType:
		return string(x)
	case claims.Attribution:
		return string(x)
	case claims.Rating:
		return string(x)
	case claims.VerdictState:
		return string(x)
	case claims.Role:
		return string(x)
	case claims.ReviewAction:
		return string(x)
	}
	return ""
}

// labelKey returns the catalog key of an enumeration value's label and its
// English label ("mostly-true" → "mostly true"). The key names the value's
// type ("rating: mostly true"), because one English word can need different
// words in another language: a proposed claim is "do zatwierdzenia" in
// Polish, a proposed verdict "zaproponowany". A plain string is its own
// key. Review actions are labelled for messages ("To approve you need…"),
// so their translations are infinitives.
func labelKey(v any) (key, english string) {
	en := label(toString(v))
	var kind string
	switch v.(type) {
	case claims.Kind:
		kind = "kind"
	case claims.Status:
		kind = "status"
	case claims.HopRole:
		kind = "hop role"
	case claims.SourceType:
		kind = "source type"
	case claims.Attribution:
		kind = "attribution"
	case claims.Rating:
		kind = "rating"
	case claims.VerdictState:
		kind = "verdict state"
	case claims.Role:
		kind = "role"
	case claims.ReviewAction:
		kind = "review action"
	default:
		return en, en
	}
	return kind + ": " + en, en
}

// fieldErr is one message under one input, for the "field-error" partial;
// ID names the input the message describes.
type fieldErr struct {
	ID, Message string
}

// shortID is an id as a table shows it: its last eight characters, with
// an ellipsis. New ids begin with the time they were made (UUID version
// 7), so rows written together share their first characters; the last
// ones are random.
func shortID(id string) string {
	if len(id) > 8 {
		return "…" + id[len(id)-8:]
	}
	return id
}

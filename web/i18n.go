package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// A locale is one language of the interface: its messages and how it
// writes numbers and dates.
//
// Messages are keyed by their English text, as gettext does: a template
// says {{t "Claims"}}, English needs no catalog, and a string missing from
// the Polish catalog shows in English rather than as a key. TestCatalogs
// finds every string the templates and handlers translate and fails when
// the Polish catalog lacks one.
type locale struct {
	Code string // "en", "pl": the cookie value and <html lang>
	Name string // the language's own name, for the switcher

	tag     language.Tag
	msgs    map[string]string            // English text → translation; nil for English
	plurals map[string]map[string]string // English "other" form → plural category → translation
	printer *message.Printer
	months  [12]string // month names as they follow a day number ("27 listopada")
}

// defaultLocale is used when neither the cookie nor Accept-Language names
// a language we have.
const defaultLocale = "en"

// langCookie remembers the language a user chose in the header.
const langCookie = "lang"

// locales are the interface's languages, in the switcher's order.
var locales = []*locale{
	{Code: "en", Name: "English", tag: language.English,
		months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	{Code: "pl", Name: "Polski", tag: language.Polish,
		months: [12]string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"}},
}

// langMatcher picks one of locales from an Accept-Language header.
var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Polish})

// loadLocales reads the catalogs (locales/<code>/*.json, each a JSON object
// of English text → translation, or → {"one": …, "few": …, "many": …,
// "other": …} for a plural) into locales. A key found twice with two
// different translations is an error: catalogs are split by area so that
// two people can work on them at once, not so that they can disagree.
func loadLocales(fsys fs.FS) (map[string]*locale, error) {
	byCode := make(map[string]*locale, len(locales))
	for _, l := range locales {
		l.printer = message.NewPrinter(l.tag)
		byCode[l.Code] = l
		files, err := fs.Glob(fsys, "locales/"+l.Code+"/*.json")
		if err != nil {
			return nil, err
		}
		if len(files) > 0 {
			l.msgs = map[string]string{}
			l.plurals = map[string]map[string]string{}
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			var entries map[string]json.RawMessage
			if err := json.Unmarshal(b, &entries); err != nil {
				return nil, fmt.Errorf("catalog %s: %w", f, err)
			}
			for key, raw := range entries {
				if err := l.add(key, raw); err != nil {
					return nil, fmt.Errorf("catalog %s: %q: %w", path.Base(f), key, err)
				}
			}
		}
	}
	return byCode, nil
}

// add puts one catalog entry into l.
func (l *locale) add(key string, raw json.RawMessage) error {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if old, ok := l.msgs[key]; ok && old != s {
			return fmt.Errorf("translated twice: %q and %q", old, s)
		}
		l.msgs[key] = s
		return nil
	}
	var forms map[string]string
	if err := json.Unmarshal(raw, &forms); err != nil {
		return fmt.Errorf("want a string or an object of plural forms")
	}
	if forms["other"] == "" {
		return fmt.Errorf("plural forms without \"other\"")
	}
	for cat := range forms {
		if _, ok := pluralForm(cat); !ok {
			return fmt.Errorf("unknown plural category %q", cat)
		}
	}
	l.plurals[key] = forms
	return nil
}

// pluralForms are CLDR's plural category names as x/text knows them.
var pluralForms = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

func pluralForm(name string) (plural.Form, bool) {
	f, ok := pluralForms[name]
	return f, ok
}

// T translates an English message. With arguments the translation is a
// fmt format; without, it is used as it is, so that a message holding a
// "%" (a user's text passed through) is never mangled.
func (l *locale) T(key string, args ...any) string {
	msg := key
	if tr, ok := l.msgs[key]; ok {
		msg = tr
	}
	if len(args) == 0 {
		return msg
	}
	return l.printer.Sprintf(msg, args...)
}

// N translates a message that depends on a count n, given its English
// singular and plural ("%d claim", "%d claims"). The translation is chosen
// by the language's CLDR plural rules (Polish has one, few and many:
// 1 twierdzenie, 2 twierdzenia, 5 twierdzeń). The count is the first
// argument of the format, followed by args.
func (l *locale) N(n int, one, other string, args ...any) string {
	args = append([]any{n}, args...)
	if forms, ok := l.plurals[other]; ok {
		form := plural.Cardinal.MatchPlural(l.tag, n, 0, 0, 0, 0)
		for _, f := range []plural.Form{form, plural.Other} {
			for name, msg := range forms {
				if g, _ := pluralForm(name); g == f && msg != "" {
					return l.printer.Sprintf(msg, args...)
				}
			}
		}
	}
	if n == 1 {
		return l.printer.Sprintf(one, args...)
	}
	return l.printer.Sprintf(other, args...)
}

// Label is the name of an enumeration value of package claims in this
// language (see labelKey): the catalog's entry, else the English label.
func (l *locale) Label(v any) string {
	key, en := labelKey(v)
	if tr, ok := l.msgs[key]; ok {
		return tr
	}
	return en
}

// Named is the name of a code in this language: the catalog's entry
// under key, else english. The audit page names its actions and entity
// types with it (see auditActions).
func (l *locale) Named(key, english string) string {
	if tr, ok := l.msgs[key]; ok {
		return tr
	}
	return english
}

// Number writes n with the language's digit grouping (1,234,567 in
// English, 1 234 567 in Polish).
func (l *locale) Number(n int) string { return l.printer.Sprintf("%d", n) }

// Date writes a moment as the page shows it: "27 Nov 2026, 09:50 UTC" or
// "27 listopada 2026, 09:50 UTC". Stored times are UTC and shown as such,
// so that editors in different places quote the same time.
func (l *locale) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return fmt.Sprintf("%d %s %d, %s UTC", t.Day(), l.months[t.Month()-1], t.Year(), t.Format("15:04"))
}

// Day writes a calendar date: "27 Nov 2026", "27 listopada 2026".
func (l *locale) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return fmt.Sprintf("%d %s %d", t.Day(), l.months[t.Month()-1], t.Year())
}

type localeKey struct{}

// withLocale resolves the request's language — the header's switcher
// (cookie) first, then Accept-Language, then English — and puts it in the
// request's context for render and handlers.
func (s *Server) withLocale(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := s.pickLocale(r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), localeKey{}, l)))
	})
}

func (s *Server) pickLocale(r *http.Request) *locale {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := s.locales[c.Value]; ok {
			return l
		}
	}
	if h := r.Header.Get("Accept-Language"); h != "" {
		tag, _ := language.MatchStrings(langMatcher, h)
		base, _ := tag.Base()
		if l, ok := s.locales[base.String()]; ok {
			return l
		}
	}
	return s.locales[defaultLocale]
}

// localeFrom is the request's language. Outside withLocale (the
// cross-origin check refusing a request, a test calling a handler
// directly) it is picked from the request as withLocale would.
func (s *Server) localeFrom(r *http.Request) *locale {
	if l, ok := r.Context().Value(localeKey{}).(*locale); ok {
		return l
	}
	return s.pickLocale(r)
}

// t translates a message for the request's language; handlers use it for
// what they put on a page (see locale.T).
func (s *Server) t(r *http.Request, key string, args ...any) string {
	return s.localeFrom(r).T(key, args...)
}

// tn translates a message that depends on a count n for the request's
// language (see locale.N).
func (s *Server) tn(r *http.Request, n int, one, other string, args ...any) string {
	return s.localeFrom(r).N(n, one, other, args...)
}

// handleLanguage is the header's language switcher: it remembers the
// choice for a year and goes back to the page it was used on. It is a POST
// (a state change, behind cross-origin protection) that works without
// JavaScript.
func (s *Server) handleLanguage(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	code := r.PostForm.Get("lang")
	if _, ok := s.locales[code]; !ok {
		s.renderError(w, r, http.StatusBadRequest, s.t(r, "Unknown language."))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: code, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	seeOther(w, r, safeNext(r.PostForm.Get("next")))
}

// funcs are the template functions that depend on the language: t and tn
// translate, label names an enumeration value, num, date and day format.
func (l *locale) funcs() template.FuncMap {
	return template.FuncMap{
		"t": l.T,
		"tn": func(n any, one, other string, args ...any) (string, error) {
			c, err := count(n)
			return l.N(c, one, other, args...), err
		},
		"label": l.Label,
		"name":  l.Caption,
		"num": func(n any) (string, error) {
			c, err := count(n)
			return l.Number(c), err
		},
		"date": l.Date,
		// day shows an optional calendar date.
		"day": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return l.Day(*t)
		},
	}
}

// count takes the integer types counts come in (int, and int64 from the
// store), so that templates need no conversions.
func count(n any) (int, error) {
	switch n := n.(type) {
	case int:
		return n, nil
	case int64:
		return int(n), nil
	case int32:
		return int(n), nil
	}
	return 0, fmt.Errorf("not a count: %T", n)
}

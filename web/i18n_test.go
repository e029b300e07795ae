package web

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func TestLocaleFormats(t *testing.T) {
	byCode, err := loadLocales(assets)
	if err != nil {
		t.Fatal(err)
	}
	en, pl := byCode["en"], byCode["pl"]
	for _, c := range []struct {
		l    *locale
		n    int
		want string
	}{
		{en, 1, "1 claim"}, {en, 2, "2 claims"}, {en, 0, "0 claims"},
		{pl, 1, "1 twierdzenie"}, {pl, 2, "2 twierdzenia"}, {pl, 4, "4 twierdzenia"},
		{pl, 5, "5 twierdzeń"}, {pl, 12, "12 twierdzeń"}, {pl, 22, "22 twierdzenia"}, {pl, 0, "0 twierdzeń"},
	} {
		if got := c.l.N(c.n, "%d claim", "%d claims"); got != c.want {
			t.Errorf("%s N(%d) = %q, want %q", c.l.Code, c.n, got, c.want)
		}
	}
	if got := en.Number(1234567); got != "1,234,567" {
		t.Errorf("en Number = %q", got)
	}
	if got := pl.Number(1234567); strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u202f' {
			return ' '
		}
		return r
	}, got) != "1 234 567" {
		t.Errorf("pl Number = %q", got)
	}
	at := time.Date(2026, 11, 27, 9, 50, 0, 0, time.UTC)
	if got := pl.Date(at); got != "27 listopada 2026, 09:50 UTC" {
		t.Errorf("pl Date = %q", got)
	}
	if got := en.Day(at); got != "27 Nov 2026" {
		t.Errorf("en Day = %q", got)
	}
	// A user's text passed through t is never read as a format.
	if got := pl.T("50% of 100%"); got != "50% of 100%" {
		t.Errorf("T mangled a percent sign: %q", got)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/claims?q=x": "/claims?q=x", "": "/", "//evil.example": "/", "/\\evil": "/",
		"https://evil.example/": "/", "claims": "/", "/a\r\nSet-Cookie: x": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLanguage: Accept-Language chooses the language; the switcher's
// choice wins over it and is remembered.
func TestLanguage(t *testing.T) {
	e := newEnv(t)
	get := func(header, cookie string) string {
		req, _ := http.NewRequest("GET", e.http.URL+"/login", nil)
		if header != "" {
			req.Header.Set("Accept-Language", header)
		}
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: langCookie, Value: cookie})
		}
		res, err := e.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := readAll(res)
		return b
	}
	if b := get("pl-PL,pl;q=0.9,en;q=0.5", ""); !strings.Contains(b, `<html lang="pl">`) {
		t.Error("Accept-Language pl did not give a Polish page")
	}
	if b := get("de-DE", ""); !strings.Contains(b, `<html lang="en">`) {
		t.Error("an unknown language did not fall back to English")
	}
	if b := get("pl", "en"); !strings.Contains(b, `<html lang="en">`) {
		t.Error("the cookie did not win over Accept-Language")
	}

	client := *e.http.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.PostForm(e.http.URL+"/language", url.Values{"lang": {"pl"}, "next": {"/login?x=1"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?x=1" {
		t.Fatalf("switch: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var got string
	for _, c := range res.Cookies() {
		if c.Name == langCookie {
			got = c.Value
		}
	}
	if got != "pl" {
		t.Errorf("switch set cookie %q", got)
	}
	res, err = client.PostForm(e.http.URL+"/language", url.Values{"lang": {"xx"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
}

// Where messages are found: the templates' {{t "…"}}, (t "…") and
// {{tn n "…" "…"}}; the handlers' s.t(r, "…"), s.tn(r, n, "…", "…"), page
// titles s.layout(r, "…") and bad query parameters' badParam(…, "…", "…");
// and the English messages of claims.Error that pages show — claims.Errorf's
// formats, Problems' Add and Check, Message: literals, the store's notFound
// messages, the workflow's conflicts and package article's field errors;
// the audit log verifier's reasons (auditlog.Failf), which the audit page
// shows.
var (
	templateT  = regexp.MustCompile(`\bt\s+("(?:[^"\\]|\\.)*")`)
	templateTN = regexp.MustCompile(`\btn\s+[^"]+?\s+"(?:[^"\\]|\\.)*"\s+("(?:[^"\\]|\\.)*")`)
	goMessages = []*regexp.Regexp{
		regexp.MustCompile(`\.t\(r,\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\.tn\(r,[^"]+"(?:[^"\\]|\\.)*",\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\.layout\(r,\s*("(?:[^"\\]|\\.)*")\)`),
		regexp.MustCompile(`\bErrorf\(\s*(?:claims\.)?E[A-Z]+,\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\.Add\(\s*"[\w.]+",\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\.Check\([^\n]*?,\s*"[\w.]+",\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bMessage:\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bnotFound\(err,\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bconflict:\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bfieldError\(\s*claims\.E[A-Z]+,\s*"\w+",\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bbadParam\([^,]+,\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bbadParam\([^,]+,\s*"(?:[^"\\]|\\.)*",\s*("(?:[^"\\]|\\.)*")`),
		regexp.MustCompile(`\bFailf\([^,]+,\s*("(?:[^"\\]|\\.)*")`),
	}
)

// messageSources are the Go files whose messages people read on pages:
// web's handlers and every package whose errors reach them.
var messageSources = []string{"*.go", "../claims/*.go", "../claims/*/*.go", "../db/*.go"}

// apiOnly are the files whose messages only the JSON API, the command
// line or operators' tools (profiles, metrics) show, and which stay
// English (see Server.error).
var apiOnly = map[string]bool{
	"json.go": true, "pprof.go": true, "metrics.go": true, "audit_proof.go": true, "token.go": true,
	"../db/backup.go": true, "../db/db.go": true, "../db/migrate.go": true, "../db/session.go": true,
	"../db/audit_tree.go": true, "../claims/corpus/corpus.go": true,
	"../claims/auditlog/export.go": true, // verifying an export: the command line's
}

// usedMessages returns every message the interface may translate, each
// with where it was found.
func usedMessages(t *testing.T) map[string]string {
	t.Helper()
	used := map[string]string{} // message → where
	add := func(re *regexp.Regexp, src, where string) {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			s, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %s: %v", where, m[1], err)
			}
			if s != "%s" && s != "%v" { // passes a message through (see locale.errorText, verifyReason)
				used[s] = where
			}
		}
	}
	tmpl, _ := fs.Glob(assets, "templates/*.html")
	parts, _ := fs.Glob(assets, "templates/partials/*.html")
	for _, f := range append(tmpl, parts...) {
		b, _ := fs.ReadFile(assets, f)
		add(templateT, string(b), f)
		add(templateTN, string(b), f)
	}
	for _, pattern := range messageSources {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files at %s", pattern)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || apiOnly[f] {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, re := range goMessages {
				add(re, string(b), f)
			}
		}
	}
	// The error page's title is the status's text; what claims.ErrorMessage
	// shows for an error that is not a *claims.Error.
	for _, code := range []string{claims.EINVALID, claims.EMALFORMED, claims.ENOTFOUND, claims.ECONFLICT, claims.EFORBIDDEN,
		claims.EUNAUTHORIZED, claims.ETOOLARGE, claims.EUNSUPPORTED, claims.EUNAVAILABLE, claims.EINTERNAL} {
		used[http.StatusText(statusOf(code))] = "statusOf"
	}
	used[http.StatusText(http.StatusMethodNotAllowed)] = "handleMethodNotAllowed"
	used[claims.ErrorMessage(errors.New("x"))] = "claims.ErrorMessage"
	var p claims.Problems
	p.Add("a", "x")
	p.Add("b", "y")
	used[p.Err().(*claims.Error).Format] = "claims.Problems.Err"
	used["%d claims"] = "TestLocaleFormats"
	// Every enumeration value's label.
	var values []any
	for _, v := range claims.Kinds {
		values = append(values, v)
	}
	for _, v := range claims.Statuses {
		values = append(values, v)
	}
	for _, v := range claims.HopRoles {
		values = append(values, v)
	}
	for _, v := range claims.SourceTypes {
		values = append(values, v)
	}
	for _, v := range claims.Attributions {
		values = append(values, v)
	}
	for _, v := range claims.Ratings {
		values = append(values, v)
	}
	for _, v := range []claims.VerdictState{claims.VerdictProposed, claims.VerdictApproved, claims.VerdictRejected,
		claims.VerdictWithdrawn, claims.VerdictSuperseded} {
		values = append(values, v)
	}
	for _, v := range claims.AllRoles {
		values = append(values, v)
	}
	for _, v := range claims.ReviewActions {
		values = append(values, v)
	}
	for _, v := range values {
		key, _ := labelKey(v)
		used[key] = "labelKey"
	}
	// The audit log's actions and entity types.
	for _, n := range auditActions {
		used["audit action: "+n.Code] = "auditActions"
	}
	for _, n := range auditEntityTypes {
		used["entity type: "+n.Code] = "auditEntityTypes"
	}
	return used
}

// TestCatalogs: every message the interface translates has a Polish
// translation, and no Polish entry is left over from a message that no
// longer exists.
func TestCatalogs(t *testing.T) {
	byCode, err := loadLocales(assets)
	if err != nil {
		t.Fatal(err)
	}
	pl := byCode["pl"]
	used := usedMessages(t)
	var missing []string
	for msg, where := range used {
		_, ok := pl.msgs[msg]
		_, okPlural := pl.plurals[msg]
		if !ok && !okPlural {
			missing = append(missing, where+": "+strconv.Quote(msg))
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("no Polish for %s", m)
	}
	var left []string
	for msg := range pl.msgs {
		if _, ok := used[msg]; !ok {
			left = append(left, msg)
		}
	}
	for msg := range pl.plurals {
		if _, ok := used[msg]; !ok {
			left = append(left, msg)
		}
	}
	slices.Sort(left)
	for _, m := range left {
		t.Errorf("Polish for a message nothing uses: %q", m)
	}
}

func readAll(res *http.Response) (string, error) {
	b, err := io.ReadAll(res.Body)
	return string(b), err
}

// TestLocalizeError: a claims.Error reads in Polish on a page — its format
// translated with its arguments, enumeration values among them; field
// messages; a message passed through "%s"; the count of more problems —
// and English errors are left as they are.
func TestLocalizeError(t *testing.T) {
	byCode, err := loadLocales(assets)
	if err != nil {
		t.Fatal(err)
	}
	en, pl := byCode["en"], byCode["pl"]
	forbidden := claims.Errorf(claims.EFORBIDDEN, "To %s you need the %s role.", claims.ActionApprove, claims.RoleEditor)
	if got := en.localize(forbidden); got != error(forbidden) {
		t.Errorf("English localize changed the error: %v", got)
	}
	var p claims.Problems
	p.Add("password", "must be at least %d characters", claims.MinPasswordLen)
	p.Add("confirm", "does not match the new password")
	var outer claims.Problems
	for _, f := range claims.ErrorFields(p.Err()) {
		outer.Add(f.Field, "%s", f) // as changePassword copies the password's problems
	}
	for _, c := range []struct {
		err    error
		msg    string
		fields []string
	}{
		{forbidden, "Aby zatwierdzić werdykt, potrzebujesz roli „redaktor”.", nil},
		{claims.Errorf(claims.ENOTFOUND, "%s", "Claim not found."), "Nie znaleziono twierdzenia.", nil},
		{claims.Errorf(claims.ECONFLICT, "This %s was changed by someone else (now version %d). Reload and try again.", "source", 3),
			"Ktoś inny zdążył to zmienić (obecnie wersja 3). Odśwież stronę i spróbuj ponownie.", nil},
		{outer.Err(), "Musi mieć co najmniej 10 znaków (i inne problemy: 1)",
			[]string{"Musi mieć co najmniej 10 znaków", "Nie zgadza się z nowym hasłem"}},
		{&claims.Error{Code: claims.EINVALID, Message: "Say why the verdict is rejected.",
			Fields: []claims.FieldError{{Field: "reason", Message: "is required: say why the verdict is rejected"}}},
			"Napisz, dlaczego werdykt jest odrzucany.", []string{"Wymagane: napisz, dlaczego werdykt jest odrzucany"}},
		{errors.New("disk on fire"), "Błąd wewnętrzny.", nil},
		{claims.Errorf(claims.EINVALID, "A message nobody translated: %d.", 7), "A message nobody translated: 7.", nil},
	} {
		got := pl.localize(c.err)
		if msg := claims.ErrorMessage(got); msg != c.msg {
			t.Errorf("%v: message %q, want %q", c.err, msg, c.msg)
		}
		if claims.ErrorCode(got) != claims.ErrorCode(c.err) {
			t.Errorf("%v: code %s", c.err, claims.ErrorCode(got))
		}
		for i, f := range claims.ErrorFields(got) {
			if i >= len(c.fields) || f.Message != c.fields[i] {
				t.Errorf("%v: field %d = %q, want %q", c.err, i, f.Message, c.fields)
			}
		}
	}
}

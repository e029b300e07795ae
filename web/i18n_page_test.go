package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// inLanguage sends req with client as a browser set to lang would.
func (e *env) inLanguage(client *http.Client, req *http.Request, lang string) response {
	e.t.Helper()
	req.Header.Set("Accept-Language", lang)
	return e.sendWith(client, req)
}

func (e *env) getIn(client *http.Client, path, lang string) response {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.http.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.inLanguage(client, req, lang)
}

func (e *env) postIn(client *http.Client, path string, form url.Values, lang string) response {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.http.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.inLanguage(client, req, lang)
}

// checkPolish fails unless pl is the Polish page of the English page en:
// it holds every wanted word, and every message of the Polish catalog
// long enough to be unambiguous (12 characters or more, no format verbs)
// that the English page shows is shown in Polish — and not left in
// English — on the Polish page.
func checkPolish(t *testing.T, pl *locale, path string, en, plPage response, want ...string) {
	t.Helper()
	enBody, plBody := string(en.Body), string(plPage.Body)
	if en.Status != plPage.Status {
		t.Errorf("%s: status %d in English, %d in Polish", path, en.Status, plPage.Status)
	}
	if !strings.Contains(plBody, `<html lang="pl">`) {
		t.Errorf("%s: not a Polish page", path)
	}
	for _, w := range want {
		if !strings.Contains(plBody, template.HTMLEscapeString(w)) {
			t.Errorf("%s: Polish page lacks %q", path, w)
		}
	}
	shownIn := func(key, body string) bool { return strings.Contains(body, template.HTMLEscapeString(key)) }
	// within reports whether key is shown only as part of a longer message
	// ("is not valid" in "This setup link is not valid").
	within := func(key, body string) bool {
		for other := range pl.msgs {
			if other != key && strings.Contains(other, key) && shownIn(other, body) {
				return true
			}
		}
		return false
	}
	for key, tr := range pl.msgs {
		if len(key) < 12 || strings.Contains(key, "%") || strings.Contains(tr, key) {
			continue
		}
		k, p := template.HTMLEscapeString(key), template.HTMLEscapeString(tr)
		if strings.Contains(enBody, k) && !strings.Contains(plBody, p) && !within(key, enBody) {
			t.Errorf("%s: English page shows %q, Polish page lacks %q", path, key, tr)
		}
		if strings.Contains(plBody, k) {
			t.Errorf("%s: Polish page shows English %q", path, key)
		}
	}
}

// TestPolishPages: a Polish browser (Accept-Language: pl) sees every page
// this package translates in Polish — lists, forms, their field errors,
// error pages — while the JSON API answers the same browser in English.
func TestPolishPages(t *testing.T) {
	e := newEnv(t)
	pl := e.server.locales["pl"]
	const pw = "hasło-do-testów-1"
	u := e.addUser("redaktorka", pw, claims.RoleEditor, claims.RoleChecker, claims.RoleAdmin, claims.RoleViewer)
	c := e.signIn("redaktorka", pw)
	src := e.createSource("Ministerstwo Cyfryzacji", claims.SourceGovernment, "MC")
	doc := e.importText("Sieć 5G w każdej gminie", "Minister zapowiedział, że sieć obejmie każdą gminę do 2027 roku.\n\nEksperci wątpią.")
	var cl claims.Claim
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
		"text": "Sieć 5G obejmie każdą gminę do 2027 roku.", "kind": "reported", "source_id": src.ID, "document_id": doc.ID,
	})).decode(t, &cl)

	pages := []struct {
		path string
		want []string
	}{
		{"/claims", []string{"Twierdzenia", "Filtruj twierdzenia", "w weryfikacji", "relacjonowane", "Ostatnia zmiana"}},
		{"/claims?q=gmin%C4%99", []string{"Twierdzenia", "relacjonowane"}},
		{"/documents", []string{"Dokumenty", "Importuj artykuł", "Zaimportowano"}},
		{"/documents/new", []string{"Importuj artykuł", "Tekst artykułu", "…albo wgraj plik", "Zwykły tekst"}},
		{"/sources", []string{"Źródła", "Nowe źródło", "instytucja rządowa"}},
		{"/sources/" + src.ID, []string{"Twierdzenia przypisane źródłu „Ministerstwo Cyfryzacji”", "Znane też jako", "wersja 1", "nowe"}},
		{"/sources/new", []string{"Nowe źródło", "Inne nazwy", "ośrodek analityczny"}},
		{"/sources/" + src.ID + "/edit", []string{"Edytuj źródło", "Zapisz zmiany"}},
		{"/audit", []string{"Dziennik zmian", "Bieżący punkt kontrolny", "Zweryfikowano:", "zdarze", "Filtruj dziennik zmian",
			"Utworzono twierdzenie", "Zaimportowano dokument", "Utworzono źródło", "Utworzono token API", "Zalogowano",
			"twierdzenie …" + cl.ID[len(cl.ID)-8:], "Unieważniono token API", "Tylko zdarzenia „Utworzono twierdzenie”"}},
		{"/audit?from=wczoraj", []string{"Podaj datę w formacie RRRR-MM-DD", "Nie udało się zastosować niektórych filtrów"}},
		{"/audit?limit=abc", []string{"422 · Błędne dane", "Parametr limit musi być liczbą od 1 do 200."}},
		{"/audit?after=-1", []string{"Parametr after musi być numerem zdarzenia (0 lub więcej)."}},
		{"/claims?from=wczoraj", []string{"Parametr from musi być datą w formacie RRRR-MM-DD (np. 2024-12-04)"}},
		{"/claims?to=jutro&limit=0", []string{"Parametr limit musi być liczbą od 1 do 200."}},
		{"/claims?status=zatwierdzone&kind=plotka", []string{"Nie można użyć tych wartości:",
			"Dozwolone wartości: new, in-review", "Dozwolone wartości: reported, analytical"}},
		{"/?queue=moje", []string{"Dozwolone wartości: assigned"}},
		{"/account", []string{"Twoje konto", "Zalogowano jako", "redaktor, weryfikator, administrator, czytelnik", "Zmień hasło", "Tokeny API"}},
		{"/account/totp", []string{"Logowanie dwuetapowe", "Kod z aplikacji", "Włącz"}},
		{"/admin/users", []string{"Użytkownicy", "Zasady logowania", "Dodaj użytkownika", "zarządza użytkownikami", "aktywny"}},
		{"/admin/users/" + u.ID, []string{"← Użytkownicy", "Konto od", "logowanie dwuetapowe wyłączone", "Tokeny API"}},
		{"/no/such/page", []string{"404 · Nie znaleziono", "Pod adresem /no/such/page nic nie ma.", "Wróć na stronę główną"}},
		{"/claims/" + "nope", []string{"404 · Nie znaleziono", "Nie znaleziono twierdzenia."}},
	}
	for _, p := range pages {
		en, plPage := e.getIn(c, p.path, "en"), e.getIn(c, p.path, "pl-PL,pl;q=0.9,en;q=0.5")
		checkPolish(t, pl, p.path, en, plPage, p.want...)
	}

	// Markup: the audit log's codes beside their names, its filter's values;
	// the fields of an error page named.
	for path, frags := range map[string][]string{
		"/audit": {`Utworzono twierdzenie</a> <code class="code-note">claim.create</code>`, `>twierdzenie …` + cl.ID[len(cl.ID)-8:] + `</a>`,
			`<option value="token.revoke">Unieważniono token API</option>`, `<option value="token">token API</option>`},
		// A form's page, whose record's version is not the build's.
		"/sources/" + src.ID + "/edit": {`<footer class="bottom">claimtrail test</footer>`},
		// The names the similar-claims box copies: a verdict's states.
		"/claims/new": {`state-proposed">zaproponowany</span>`, `state-approved">zatwierdzony</span>`},
		"/claims?status=zatwierdzone&kind=plotka": {`<li><code>status</code>: Dozwolone wartości: new, in-review`,
			`<li><code>kind</code>: Dozwolone wartości: reported, analytical</li>`},
	} {
		body := string(e.getIn(c, path, "pl").Body)
		for _, f := range frags {
			if !strings.Contains(body, f) {
				t.Errorf("%s: Polish page lacks %s", path, f)
			}
		}
	}
	// The audit log's names: no English label on the Polish page.
	audit := string(e.getIn(c, "/audit", "pl").Body)
	for _, n := range append(slices.Clone(auditActions), auditEntityTypes...) {
		if n.Name != n.Code && strings.Contains(audit, ">"+n.Name+"<") {
			t.Errorf("/audit: Polish page shows English %q", n.Name)
		}
	}

	// A log that does not verify says why in Polish.
	te := newTamperedEnv(t)
	tampered := func(lang string) response {
		req := te.request(claims.RoleViewer, "GET", "/audit", nil)
		req.Header.Del("Content-Type")
		req.Header.Set("Accept-Language", lang)
		return te.send(req)
	}
	checkPolish(t, pl, "/audit (tampered)", tampered("en"), tampered("pl"),
		"Pierwsze błędne zdarzenie: nr 4 (zdarzenie zmieniono: jego treść nie zgadza się ze skrótem).")

	// A method the page does not take: the error page, with Allow.
	del := func(lang string) response {
		req, err := http.NewRequest("DELETE", e.http.URL+"/audit", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		return e.inLanguage(c, req, lang)
	}
	en405, pl405 := del("en"), del("pl")
	checkPolish(t, pl, "DELETE /audit", en405, pl405, "405 · Niedozwolona metoda", "Adres /audit nie przyjmuje żądań DELETE.")
	if pl405.Status != http.StatusMethodNotAllowed || pl405.Header.Get("Allow") != "GET" || !strings.HasPrefix(pl405.Header.Get("Content-Type"), "text/html") {
		t.Errorf("DELETE /audit: %d, Allow %q, %s", pl405.Status, pl405.Header.Get("Allow"), pl405.Header.Get("Content-Type"))
	}

	anon := e.browserClient()
	checkPolish(t, pl, "/login", e.getIn(anon, "/login", "en"), e.getIn(anon, "/login", "pl"), "Zaloguj się", "Hasło")
	checkPolish(t, pl, "/setup", e.getIn(anon, "/setup?token=x", "en"), e.getIn(anon, "/setup?token=x", "pl"),
		"Ten link konfiguracyjny jest nieważny")

	// Forms: field errors and notices from handlers and from package claims.
	forms := []struct {
		path string
		form url.Values
		want []string
	}{
		{"/sources", url.Values{"name": {""}, "type": {"person"}}, []string{"Popraw błędy zaznaczone poniżej.", "To pole jest wymagane"}},
		{"/sources", url.Values{"name": {"Ktoś"}, "type": {"alien"}}, []string{"Dozwolone wartości: person, organization"}},
		{"/documents", url.Values{"title": {" "}, "body": {""}, "format": {"pdf"}},
			[]string{"Popraw błędy zaznaczone poniżej.", "To pole jest wymagane", "Wybierz text, markdown albo html"}},
		{"/account/password", url.Values{"current": {"złe"}, "password": {"krótkie"}, "confirm": {"inne"}},
			[]string{"To nie jest twoje obecne hasło", "Musi mieć co najmniej 10 znaków", "Nie zgadza się z nowym hasłem"}},
		{"/account/tokens", url.Values{"name": {" "}}, []string{"Wymagane: napisz, do czego służy token"}},
		{"/admin/users", url.Values{"name": {"a b"}, "password": {"x"}, "confirm": {"x"}},
			[]string{"Nie może zawierać spacji ani przecinków", "Wybierz co najmniej jedną rolę"}},
		{"/admin/users/" + u.ID, url.Values{"version": {"1"}, "roles": {"editor"}, "disabled": {"1"}},
			[]string{"Nie możesz wyłączyć własnego konta"}},
		{"/account/totp", url.Values{"secret": {"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, "code": {"000000"}},
			[]string{"To nie jest aktualny kod dla tego sekretu"}},
	}
	for _, f := range forms {
		en, plPage := e.postIn(c, f.path, f.form, "en"), e.postIn(c, f.path, f.form, "pl")
		checkPolish(t, pl, "POST "+f.path, en, plPage, f.want...)
	}
	checkPolish(t, pl, "POST /login", e.postIn(anon, "/login", url.Values{"name": {"nikt"}, "password": {"x"}}, "en"),
		e.postIn(anon, "/login", url.Values{"name": {"nikt"}, "password": {"x"}}, "pl"), "Błędna nazwa lub hasło.")

	// The API answers a Polish browser in English.
	req := e.request(claims.RoleEditor, "POST", "/api/v1/sources", `{"type":"person"}`)
	req.Header.Set("Accept-Language", "pl")
	prob := e.must(422, e.send(req)).problem(t)
	if prob.Detail != "is required" || len(prob.Errors) != 1 || prob.Errors[0].Message != "is required" || prob.Title != "Unprocessable Entity" {
		t.Errorf("API problem in Polish context = %+v", prob)
	}
	req = e.request(claims.RoleEditor, "GET", "/api/v1/claims/nope", nil)
	req.Header.Set("Accept-Language", "pl")
	if prob := e.must(404, e.send(req)).problem(t); prob.Detail != "Claim not found." {
		t.Errorf("API 404 detail in Polish context = %q", prob.Detail)
	}
}

// TestPolishPages_DataTitles: a page named by data (a document's title, a
// source's name) keeps that name in the Polish tab title, even when it
// happens to be an English message of the catalogs.
func TestPolishPages_DataTitles(t *testing.T) {
	e := newEnv(t)
	e.addUser("ola", "ola-password", claims.RoleEditor)
	c := e.signIn("ola", "ola-password")
	d := e.importText("Dashboard", "Treść artykułu o czymś innym.")
	src := e.createSource("Import", claims.SourceOrganization)
	for path, want := range map[string]string{
		"/documents/" + d.ID: "<title>Dashboard · claimtrail</title>",
		"/sources/" + src.ID: "<title>Import · claimtrail</title>",
		"/dashboard":         "<title>Pulpit · claimtrail</title>",
	} {
		if body := string(e.must(200, e.getIn(c, path, "pl")).Body); !strings.Contains(body, want) {
			t.Errorf("%s: no %s", path, want)
		}
	}
}

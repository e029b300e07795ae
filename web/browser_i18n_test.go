package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/claimtrail/claimtrail/claims"
)

// TestBrowserPolish switches to Polish with the header's switcher and looks
// at the pages translated outside the workspace at 1280 and 390 px: each in
// Polish, none wider than a phone's screen (Polish words are longer), no
// script errors. The screenshots go to CLAIMTRAIL_SCREENSHOTS as pl-*.png.
func TestBrowserPolish(t *testing.T) {
	b := newBrowser(t)
	b.addUser("ola", claims.RoleEditor, claims.RoleChecker, claims.RoleAdmin)
	ctx, actor := context.Background(), claims.SystemActor
	src := &claims.Source{Name: "Państwowa Komisja Wyborcza", Type: claims.SourceGovernment,
		Aliases: []string{"PKW", "Krajowe Biuro Wyborcze"}, Description: "Organ wyborczy."}
	if err := b.store.CreateSource(ctx, actor, src); err != nil {
		t.Fatal(err)
	}
	doc := &claims.Document{Title: "Frekwencja w wyborach samorządowych przekroczyła oczekiwania", Publisher: "Gazeta Przykładowa",
		Language: "pl", Body: "Według PKW frekwencja wyniosła 52 procent.\n\nKomentatorzy nazwali to rekordem."}
	if err := b.store.CreateDocument(ctx, actor, doc); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Frekwencja w wyborach samorządowych wyniosła 52 procent.", "To najwyższa frekwencja od 1990 roku."} {
		if err := b.store.CreateClaim(ctx, actor, &claims.Claim{Text: text, Kind: claims.KindReported, SourceID: src.ID, DocumentID: doc.ID}); err != nil {
			t.Fatal(err)
		}
	}

	b.login("ola")
	b.submit(".lang-switch button[value=pl]")
	if lang := eval[string](b, "document.documentElement.lang"); lang != "pl" {
		t.Fatalf("after switching, the page's language is %q", lang)
	}
	users, err := b.store.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other := &claims.User{Name: "marta", Roles: []claims.Role{claims.RoleChecker}}
	if err := b.store.CreateUser(ctx, actor, other); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, path, want string }{
		{"claims", "/claims", "do zatwierdzenia"},
		{"documents", "/documents", "Zaimportowano"},
		{"document-form", "/documents/new", "Tekst artykułu"},
		{"sources", "/sources", "instytucja rządowa"},
		{"source", "/sources/" + src.ID, "Twierdzenia przypisane źródłu"},
		{"source-form", "/sources/new", "Inne nazwy"},
		{"audit", "/audit", "Utworzono twierdzenie"},
		{"audit-errors", "/audit?from=wczoraj&action=claim.create", "Podaj datę w formacie RRRR-MM-DD"},
		{"bad-param", "/claims?status=zatwierdzone&kind=plotka", "Nie można użyć tych wartości"},
		{"account", "/account", "Logowanie dwuetapowe"},
		{"totp", "/account/totp", "Kod z aplikacji"},
		{"users", "/admin/users", "Zasady logowania"},
		{"user", "/admin/users/" + users[0].ID, "Konto od"},
		{"user-recovery", "/admin/users/" + other.ID, "Odzyskiwanie dostępu"},
	} {
		b.run(chromedp.Navigate(b.base + p.path))
		if main := b.text("main"); !strings.Contains(main, p.want) {
			t.Errorf("%s: no %q on the page:\n%s", p.path, p.want, main)
		}
		b.screenshot("pl-" + p.name + "-1280.png")
		b.phoneScreenshot("pl-" + p.name + "-390.png")
	}

	// A form sent back with its problems.
	b.run(chromedp.Navigate(b.base + "/sources/new"))
	b.submit("form.source-form button[type=submit]")
	if msg := b.text(".form-error"); msg != "Popraw błędy zaznaczone poniżej." {
		t.Errorf("the source form says %q", msg)
	}
	b.screenshot("pl-source-form-errors-1280.png")
	b.phoneScreenshot("pl-source-form-errors-390.png")

	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []string
	for _, m := range b.console {
		if !strings.Contains(m, "(Unprocessable Entity)") { // the form sent back above
			errs = append(errs, m)
		}
	}
	if len(errs) > 0 {
		t.Fatalf("the browser reported errors: %q", errs)
	}
}

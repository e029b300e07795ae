package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/claimtrail/claimtrail/claims"
)

// TestBrowserAccount walks an account's life in Chromium: an admin creates
// a user, the user signs in, changes the password, creates an API token
// (shown once, and it works) and revokes it (and it stops working); then
// forgets the password, and the admin sets a new one.
func TestBrowserAccount(t *testing.T) {
	b := newBrowser(t)
	b.addUser("root", claims.RoleAdmin)
	b.login("root")
	b.run(chromedp.Navigate(b.base+"/admin/users"),
		setValue("#name", "lena"),
		chromedp.Click(chromedp.CSS("#role-checker")),
		setValue("#password", "lena-password-1"),
		setValue("#confirm", "lena-password-1"),
	)
	b.submit(`form[action="/admin/users"] button[type=submit]`)
	if got := b.text("main .notice"); !strings.Contains(got, "lena") {
		t.Fatalf("notice %q", got)
	}
	b.logout()

	b.login("lena")
	b.run(chromedp.Navigate(b.base + "/account"))
	b.run(setValue("#current", "lena-password-1"), setValue("#password", "lena-password-2"), setValue("#confirm", "lena-password-2"))
	b.submit("#password-form button")
	if got := b.text("main .notice"); !strings.Contains(got, "password was changed") {
		t.Fatalf("notice %q", got)
	}
	b.run(setValue("#token-name", "laptop"))
	b.submit("#token-form button")
	token := eval[string](b, `document.querySelector("#new-token").value`)
	if !strings.HasPrefix(token, "ct_") {
		t.Fatalf("token %q", token)
	}
	if u, err := b.store.FindUserByToken(context.Background(), token); err != nil || u.Name != "lena" {
		t.Fatalf("the new token: %v, %v", u, err)
	}
	b.submit("#tokens form button")
	if got := b.text("#tokens tbody"); !strings.Contains(got, "revoked") {
		t.Fatalf("tokens table %q", got)
	}
	if _, err := b.store.FindUserByToken(context.Background(), token); claims.ErrorCode(err) != claims.EUNAUTHORIZED {
		t.Fatalf("the revoked token still works: %v", err)
	}
	b.logout()
	// Only the new password signs in now.
	b.run(chromedp.Navigate(b.base+"/login"), setValue("#name", "lena"), setValue("#password", "lena-password-2"))
	b.submit("main form button[type=submit]")
	if got := b.text("form.logout a"); got != "lena" {
		t.Fatalf("signed in as %q", got)
	}
	b.logout()

	// lena forgets that password: the admin sets a new one on her page.
	b.login("root")
	lena, err := b.store.FindUserByName(context.Background(), "lena")
	if err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.Navigate(b.base+"/admin/users/"+lena.ID),
		setValue("#reset-password", "from-the-admin-3"), setValue("#reset-confirm", "from-the-admin-3"))
	b.submit("#password-reset-form button")
	if got := b.text("main .notice"); !strings.Contains(got, "every session of lena was ended") {
		t.Fatalf("notice %q", got)
	}
	b.screenshot("account-admin-reset.png")
	b.logout()
	b.run(chromedp.Navigate(b.base+"/login"), setValue("#name", "lena"), setValue("#password", "from-the-admin-3"))
	b.submit("main form button[type=submit]")
	if got := b.text("form.logout a"); got != "lena" {
		t.Fatalf("after the reset, signed in as %q", got)
	}
}

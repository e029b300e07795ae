package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/claimtrail/claimtrail/claims"
)

// TestBrowserCorrection takes the seed article's ISW claim through the
// review workflow in Chromium with four people: two checkers propose
// disagreeing verdicts (disputed, shown side by side to the editor), an
// editor approves one and rejects the other, reopens the claim with a
// reason, a checker proposes the corrected verdict and a second editor
// approves it. Every step must show in the claim's history.
func TestBrowserCorrection(t *testing.T) {
	b := newBrowser(t)
	b.addUser("kasia", claims.RoleChecker)
	b.addUser("marek", claims.RoleChecker)
	b.addUser("ewa", claims.RoleEditor)
	b.addUser("olek", claims.RoleEditor)
	ctx := context.Background()
	isw := &claims.Source{Name: "Instytut Badań nad Wojną", Type: claims.SourceThinkTank, Aliases: []string{"ISW"}}
	if err := b.store.CreateSource(ctx, claims.SystemActor, isw); err != nil {
		t.Fatal(err)
	}
	c := &claims.Claim{Kind: claims.KindAnalytical, SourceID: isw.ID,
		Text: "Podpisane dokumenty pomagają Kremlowi kierować pomoc dla Rosji przez Białoruś."}
	if err := b.store.CreateClaim(ctx, claims.SystemActor, c); err != nil {
		t.Fatal(err)
	}
	claimURL := b.base + "/claims/" + c.ID
	propose := func(who, attribution, rating, rationale string) {
		b.login(who)
		b.run(chromedp.Navigate(claimURL), chromedp.Click(chromedp.CSS("#attribution-"+attribution)),
			setValue("#rating", rating), setValue("#rationale", rationale))
		b.submit("#propose button[type=submit]")
		b.logout()
	}
	status := func() string {
		return strings.TrimSpace(b.text(".badges .status, .badges [class*=status]"))
	}

	propose("kasia", "accurate", "mostly-true", "ISW wrote this on 5 December; the aid route is documented.")
	propose("marek", "accurate", "misleading", "The documents say nothing about aid to Russia.")

	b.login("ewa")
	b.run(chromedp.Navigate(claimURL))
	if n := eval[int](b, `document.querySelectorAll(".side-by-side .verdict-card").length`); n != 2 {
		t.Fatalf("the editor sees %d proposals side by side, want 2", n)
	}
	if s := status(); !strings.Contains(s, "disputed") {
		t.Fatalf("status %q, want disputed", s)
	}
	b.submit("section[aria-labelledby=verdicts-title] article.verdict-card form[action$='/approve'] button")
	b.run(setValue("section[aria-labelledby=verdicts-title] article.state-proposed textarea[name=reason]", "Approved the other reading."))
	// The reject form asks "Reject this verdict?" (app.js); the editor says yes.
	eval[bool](b, `(() => { window.confirm = () => true; return true })()`)
	b.submit("section[aria-labelledby=verdicts-title] article.state-proposed form[action$='/reject'] button")
	if s := status(); !strings.Contains(s, "published") {
		t.Fatalf("status %q, want published", s)
	}
	b.run(setValue("#reopen-reason", "ISW corrected its analysis on 9 December."))
	b.submit("#reopen button[type=submit]")
	if s := status(); !strings.Contains(s, "review") {
		t.Fatalf("after reopening the status is %q, want in review", s)
	}
	b.logout()

	propose("kasia", "accurate", "mostly-false", "ISW's correction: no evidence of an aid route.")

	b.login("olek")
	b.run(chromedp.Navigate(claimURL))
	b.submit("section[aria-labelledby=verdicts-title] article.state-proposed form[action$='/approve'] button")
	if s := status(); !strings.Contains(s, "published") {
		t.Fatalf("after the correction the status is %q, want published", s)
	}
	states := eval[string](b, `[...document.querySelectorAll("section[aria-labelledby=verdicts-title] article.verdict-card")].map(a => a.className).join(" ")`)
	for _, st := range []string{"state-superseded", "state-rejected", "state-approved"} {
		if !strings.Contains(states, st) {
			t.Errorf("the verdicts show %q, lacking %s", states, st)
		}
	}
	hist := b.text("section[aria-labelledby=history-title]")
	for _, step := range []string{"proposed a verdict", "approved a verdict", "rejected a verdict", "reopened the claim",
		"ISW corrected its analysis", "the earlier approved verdict is now superseded"} {
		if !strings.Contains(hist, step) {
			t.Errorf("the history lacks %q:\n%s", step, hist)
		}
	}
	b.screenshot("claim-correction.png")
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		t.Fatalf("the browser reported errors: %q", b.console)
	}
}

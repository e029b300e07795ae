package web_test

import (
	"context"
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestSuggestionPage_AlreadyChecked: a suggestion on the reader page that
// matches a stored claim with a proposed verdict carries an "already
// checked" badge linking to that claim; before the verdict it has none.
func TestSuggestionPage_AlreadyChecked(t *testing.T) {
	raw, err := os.ReadFile("../../shared/seed/article-pl.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := newSite(t)
	s.user("ed", claims.RoleEditor)
	checker := s.user("ch", claims.RoleChecker)
	ed := s.signIn("ed")
	loc := ed.post("/documents", url.Values{"title": {"Seed"}, "format": {"text"}, "body": {string(raw)}}).redirect(t, "/documents/")
	p := ed.get(loc).must(t, 200, "Suggested claims")
	if strings.Contains(p.Body, "already checked") {
		t.Fatal("a suggestion is flagged before any claim is checked")
	}
	m := regexp.MustCompile(`href="(/claims/new\?[^"]*text=[^"]+)"`).FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatal("no Edit link on the reader page")
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	text := u.Query().Get("text")

	// The same claim, checked earlier elsewhere.
	src := &claims.Source{Name: "Inne źródło", Type: claims.SourcePerson}
	if err := s.store.CreateSource(ctx, claims.SystemActor, src); err != nil {
		t.Fatal(err)
	}
	c := &claims.Claim{Text: text, Kind: claims.KindReported, SourceID: src.ID}
	if err := s.store.CreateClaim(ctx, claims.SystemActor, c); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ed.get(loc).must(t, 200).Body, "already checked") {
		t.Error("a suggestion is flagged by a claim without a verdict")
	}
	v := &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate, Rating: claims.RatingMixed,
		Rationale: "Sprawdzone wcześniej.", Evidence: []claims.Evidence{}}
	if err := s.store.ProposeVerdict(ctx, checker.Actor(), v); err != nil {
		t.Fatal(err)
	}
	ed.get(loc).must(t, 200, `class="badge already-checked" href="/claims/`+c.ID+`"`, "already checked")
}

package web_test

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestSuggestionPage drives the reader page without JavaScript: the
// suggestions are listed, Dismiss hides one through the URL, Accept makes
// a claim and comes back to the page, and Accept all takes the rest.
func TestSuggestionPage(t *testing.T) {
	raw, err := os.ReadFile("../../shared/seed/article-pl.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t)
	s.user("ed", claims.RoleEditor)
	s.user("vi", claims.RoleViewer)
	ed := s.signIn("ed")
	loc := ed.post("/documents", url.Values{"title": {"Seed"}, "format": {"text"}, "body": {string(raw)}}).redirect(t, "/documents/")
	p := ed.get(loc).must(t, 200, "Suggested claims", `class="suggested"`, "Accept all", "Musimy dążyć")
	ids := regexp.MustCompile(`id="sg-(s\d+-\d+)"`).FindAllStringSubmatch(p.Body, -1)
	if len(ids) < 5 {
		t.Fatalf("%d suggestions on the page", len(ids))
	}
	first, second := ids[0][1], ids[1][1]

	gone := ed.get(loc+"?dismiss="+first).must(t, 200)
	if strings.Contains(gone.Body, `id="sg-`+first+`"`) {
		t.Error("a dismissed suggestion is still listed")
	}
	vi := s.signIn("vi")
	if v := vi.get(loc).must(t, 200, "Suggested claims"); strings.Contains(v.Body, "Accept all") {
		t.Error("a viewer is offered Accept")
	}
	vi.post(loc+"/suggestions/accept", url.Values{"id": {second}}).must(t, 403)

	to := ed.post(loc+"/suggestions/accept", url.Values{"id": {second}, "create_sources": {"1"}, "dismiss": {first}}).redirect(t, loc+"?dismiss="+first+"#q-")
	if after := ed.get(to).must(t, 200); strings.Contains(after.Body, `id="sg-`+second+`"`) {
		t.Error("an accepted suggestion is still listed")
	}
	ed.post(loc+"/suggestions/accept", url.Values{"all": {"1"}, "create_sources": {"1"}, "dismiss": {first}}).redirect(t, loc)
	left := ed.get(loc).must(t, 200)
	if n := len(regexp.MustCompile(`id="sg-`).FindAllString(left.Body, -1)); n != 1 || !strings.Contains(left.Body, `id="sg-`+first+`"`) {
		t.Errorf("%d suggestions left; want only the dismissed one", n)
	}
}

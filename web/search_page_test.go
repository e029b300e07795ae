package web_test

import (
	"net/url"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestPagesSearch(t *testing.T) {
	s := newSite(t)
	s.user("ed", claims.RoleEditor)
	ed := s.signIn("ed")
	luk := idFrom(ed.post("/sources", url.Values{"name": {"Aleksander Łukaszenka"}, "type": {"person"},
		"aliases": {"Lukashenko"}}).redirect(t, "/sources/"))
	claim := idFrom(ed.post("/claims", url.Values{"text": {"Łukaszenka zakończył podróż do Chin <b>"}, "kind": {"reported"},
		"source_id": {luk}}).redirect(t, "/claims/"))

	t.Run("OKSearchBoxEverywhere", func(t *testing.T) {
		for _, path := range []string{"/", "/claims", "/sources", "/claims/" + claim} {
			ed.get(path).must(t, 200, `<form method="get" action="/claims" class="top-search" role="search">`, `id="top-q" name="q"`)
		}
	})
	t.Run("OKMarks", func(t *testing.T) {
		ed.get("/claims?q=lukaszenka").must(t, 200, `<mark>Łukaszenka</mark> zakończył podróż do Chin &lt;b&gt;`)
		ed.get("/claims?q=Lukashenko").must(t, 200, `matched in source`, `<mark>Lukashenko</mark>`)
		ed.get("/claims?q="+url.QueryEscape(`"(`)).must(t, 200, "No claims match.")
	})
	t.Run("OKSimilarWithoutJS", func(t *testing.T) {
		p := ed.post("/claims", url.Values{"text": {"Łukaszenka zakończył wizytę w Chinach"}, "kind": {"reported"},
			"source_id": {luk}, "check_similar": {"1"}})
		p.must(t, 200, "Already checked?", `href="/claims/`+claim+`"`, "% alike", `Łukaszenka zakończył wizytę w Chinach</textarea>`)
		// Nothing was saved.
		ed.get("/claims?q=wizyte").must(t, 200, "No claims match.")
		ed.post("/claims", url.Values{"text": {"Zupełnie inny temat"}, "kind": {"reported"},
			"source_id": {luk}, "check_similar": {"1"}}).must(t, 200, "No similar claims found.")
	})
	t.Run("OKSimilarOnEditSkipsItself", func(t *testing.T) {
		p := ed.post("/claims/"+claim, url.Values{"text": {"Łukaszenka zakończył podróż do Chin"}, "kind": {"reported"},
			"source_id": {luk}, "version": {"1"}, "check_similar": {"1"}})
		p.must(t, 200, "No similar claims found.")
	})
}

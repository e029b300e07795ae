package article_test

import (
	"slices"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestMarkdown(t *testing.T) {
	raw := `# Wizyta w Pekinie #

Prezydent **podpisał** _pakiet_ umów z [Chinami](https://example.org/chiny "Chiny")
i spotkał się z [premierem][pm]. Zmienna ` + "`snake_case`" + ` i nazwa file_name_here
zostają, a 2 * 3 = 6.

Setext heading
==============

- pierwszy punkt z [linkiem względnym](/relative/path)
- drugi punkt
  ciągnie się dalej
1. numerowany *punkt*

> Cytat z [ISW](<https://example.org/isw>).
> Druga linia cytatu.

---

![zdjęcie](https://example.org/a.png) Podpis pod zdjęciem z <https://example.org/raw>.
Znak \*nie\* jest emfazą.

[pm]: https://example.org/premier
`
	p := mustParse(t, claims.FormatMarkdown, raw)
	want := []string{
		"Wizyta w Pekinie",
		"Prezydent podpisał pakiet umów z Chinami i spotkał się z premierem. Zmienna snake_case i nazwa file_name_here zostają, a 2 * 3 = 6.",
		"Setext heading",
		"pierwszy punkt z linkiem względnym",
		"drugi punkt ciągnie się dalej",
		"numerowany punkt",
		"Cytat z ISW. Druga linia cytatu.",
		"Podpis pod zdjęciem z https://example.org/raw. Znak *nie* jest emfazą.",
	}
	if got := paragraphs(p.Body); !slices.Equal(got, want) {
		t.Fatalf("paragraphs:\n%q\nwant\n%q", got, want)
	}
	type link struct{ text, href string }
	var got []link
	for _, l := range p.Links {
		got = append(got, link{l.Text, l.Href})
	}
	wantLinks := []link{
		{"Chinami", "https://example.org/chiny"},
		{"premierem", "https://example.org/premier"},
		{"linkiem względnym", ""},
		{"ISW", "https://example.org/isw"},
		{"https://example.org/raw", "https://example.org/raw"},
	}
	if !slices.Equal(got, wantLinks) {
		t.Fatalf("links = %+v\nwant %+v", got, wantLinks)
	}
	if p.Language != "pl" {
		t.Errorf("language = %q", p.Language)
	}
}

func TestMarkdownFence(t *testing.T) {
	p := mustParse(t, claims.FormatMarkdown, "Przed.\n\n```go\nx := *p\n```\n\nPo.")
	if got := paragraphs(p.Body); !slices.Equal(got, []string{"Przed.", "x := *p", "Po."}) {
		t.Fatalf("paragraphs = %q", got)
	}
}

func TestMarkdownLinkWithEmphasis(t *testing.T) {
	p := mustParse(t, claims.FormatMarkdown, "Zobacz **[raport *ISW*](https://example.org/r)** teraz.")
	if p.Body != "Zobacz raport ISW teraz." {
		t.Fatalf("body = %q", p.Body)
	}
	if len(p.Links) != 1 || p.Links[0].Text != "raport ISW" || p.Links[0].Start != 7 {
		t.Fatalf("links = %+v", p.Links)
	}
}

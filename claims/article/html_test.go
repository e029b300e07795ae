package article_test

import (
	"slices"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestHTML(t *testing.T) {
	raw := `<!doctype html>
<html><head><title>Wizyta</title><link rel="canonical" href="https://news.example.org/swiat/wizyta.html">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">Strona główna</a></header>
<nav><ul><li>Menu</li></ul></nav>
<article>
<h1>Wizyta   w
  Pekinie</h1>
<p>Prezydent  <b>podpisał</b> pakiet
umów z <a href="https://example.org/chiny">Chinami</a>, a
<a href="../isw/raport">ISW</a> ocenia je sceptycznie.</p>
<div>Tekst w divie z <a href="javascript:alert(1)">złym linkiem</a> i <a href="mailto:a@example.org">mailem</a>.</div>
<ul><li>pierwszy</li><li>drugi&nbsp;punkt</li></ul>
<blockquote><p>„Cytat” – powiedział.</p></blockquote>
<p>Łamanie<br>wiersza i <a name="kotwica">kotwica</a>.</p>
<noscript>Włącz JavaScript</noscript>
<form><label>Szukaj</label><input name=q></form>
</article>
<aside>Czytaj też</aside>
<footer>© 2024</footer>
</body></html>`
	p := mustParse(t, claims.FormatHTML, raw)
	want := []string{
		"Wizyta w Pekinie",
		"Prezydent podpisał pakiet umów z Chinami, a ISW ocenia je sceptycznie.",
		"Tekst w divie z złym linkiem i mailem.",
		"pierwszy",
		"drugi punkt",
		"„Cytat” – powiedział.",
		"Łamanie wiersza i kotwica.",
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
		{"ISW", "https://news.example.org/isw/raport"},
		{"złym linkiem", ""},
		{"mailem", ""},
	}
	if !slices.Equal(got, wantLinks) {
		t.Fatalf("links = %+v\nwant %+v", got, wantLinks)
	}
}

func TestHTMLRelativeWithoutBase(t *testing.T) {
	p := mustParse(t, claims.FormatHTML, `<p>Zobacz <a href="/raport">raport</a> oraz <a href="https://example.org/x">to</a>.</p>`)
	if len(p.Links) != 2 || p.Links[0].Href != "" || p.Links[1].Href != "https://example.org/x" {
		t.Fatalf("links = %+v", p.Links)
	}
}

func TestHTMLFragment(t *testing.T) {
	// A fragment without html/body, with a link that spans a block break:
	// the link is dropped rather than covering the paragraph break.
	p := mustParse(t, claims.FormatHTML, `Wstęp <a href="https://example.org/"><p>pierwszy</p><p>drugi</p></a> koniec`)
	if got := paragraphs(p.Body); !slices.Equal(got, []string{"Wstęp", "pierwszy", "drugi", "koniec"}) {
		t.Fatalf("paragraphs = %q", got)
	}
	for _, l := range p.Links {
		if l.Text == "" || len(paragraphs(l.Text)) != 1 {
			t.Fatalf("link crosses paragraphs: %+v", l)
		}
	}
}

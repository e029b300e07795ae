package article_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
)

func TestParseInput(t *testing.T) {
	t.Run("ErrInvalidUTF8", func(t *testing.T) {
		_, err := article.Parse(claims.FormatText, []byte("Za\xc5\xbc\xf3\xb3\xe6 g\xea\x9cl\xb9"))
		wantCode(t, err, claims.EINVALID, "body")
		if !strings.Contains(claims.ErrorMessage(err), "UTF-8") {
			t.Errorf("message %q does not say what is wrong", claims.ErrorMessage(err))
		}
	})
	t.Run("ErrNUL", func(t *testing.T) {
		_, err := article.Parse(claims.FormatText, []byte("PK\x03\x04\x00\x00binary"))
		wantCode(t, err, claims.EINVALID, "body")
		if !strings.Contains(claims.ErrorMessage(err), "binary") {
			t.Errorf("message %q does not say the input is binary", claims.ErrorMessage(err))
		}
	})
	t.Run("ErrControl", func(t *testing.T) {
		_, err := article.Parse(claims.FormatText, []byte("bell\x07 here"))
		wantCode(t, err, claims.EINVALID, "body")
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		raw := strings.Repeat("słowo ", claims.MaxBodyLen/7+1)
		_, err := article.Parse(claims.FormatText, []byte(raw))
		wantCode(t, err, claims.ETOOLARGE, "body")
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		inputs := map[string]string{
			claims.FormatText:     " \n\n\t\n",
			claims.FormatMarkdown: "---\n![only an image](https://example.org/a.png)\n",
			claims.FormatHTML:     "<!-- nothing --><script>alert(1)</script><nav>Menu</nav>",
		}
		for f, raw := range inputs {
			_, err := article.Parse(f, []byte(raw))
			wantCode(t, err, claims.EINVALID, "body")
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		_, err := article.Parse("pdf", []byte("x"))
		wantCode(t, err, claims.EINVALID, "format")
	})
	t.Run("EmptyFormatIsText", func(t *testing.T) {
		p, err := article.Parse("", []byte("*not emphasis in text*"))
		if err != nil || p.Body != "*not emphasis in text*" {
			t.Fatalf("Parse = %+v, %v", p, err)
		}
	})
}

func TestParseNFC(t *testing.T) {
	// "Łódź, żółć" with ó, ź, ż written as base letter + combining mark.
	decomposed := "Ło\u0301dz\u0301 i z\u0307o\u0301łc\u0301."
	if !strings.ContainsRune(decomposed, '\u0301') {
		t.Fatal("test input is not decomposed")
	}
	for _, f := range []string{claims.FormatText, claims.FormatMarkdown, claims.FormatHTML} {
		t.Run(f, func(t *testing.T) {
			p := mustParse(t, f, decomposed)
			if p.Body != "Łódź i żółć." {
				t.Fatalf("body = %q (%d runes), want the composed form", p.Body, utf8.RuneCountInString(p.Body))
			}
		})
	}
	t.Run("AcrossHTMLNodes", func(t *testing.T) {
		// The combining mark is in another text node than its letter, so
		// only the final pass can compose them; the link must follow.
		p := mustParse(t, claims.FormatHTML, `<p>Kraj <b>z</b>&#x307;ółty <a href="https://example.org/">link</a></p>`)
		if p.Body != "Kraj żółty link" {
			t.Fatalf("body = %q", p.Body)
		}
		if len(p.Links) != 1 || p.Links[0].Start != 11 || p.Links[0].Text != "link" {
			t.Fatalf("links = %+v", p.Links)
		}
	})
}

func TestParseLineEnds(t *testing.T) {
	p := mustParse(t, claims.FormatText, "\uFEFFFirst paragraph.\r\n\r\nSecond paragraph.\rThird one.\r\n")
	want := "First paragraph.\n\nSecond paragraph.\n\nThird one."
	if p.Body != want {
		t.Fatalf("body = %q, want %q", p.Body, want)
	}
}

func TestParseRoundTrip(t *testing.T) {
	// Emoji (astral plane, ZWJ sequences, flags), Arabic and Hebrew survive
	// unchanged, and offsets count code points, not bytes or UTF-16 units.
	cases := map[string]string{
		"Emoji":  "Reakcje 👍🏽 i 👩‍👩‍👧 oraz 🇵🇱 pod wpisem.",
		"Arabic": "قال المتحدث إن الاتفاق سيوقع غدا.",
		"Hebrew": "הוא אמר: \u202Bטקסט\u202C בעברית.",
		"Mixed":  "Cytat: «مرحبا» — napisał 🙂 autor.",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			p := mustParse(t, claims.FormatText, text)
			if p.Body != text {
				t.Fatalf("body = %q, want %q", p.Body, text)
			}
		})
	}
	t.Run("LinkAfterEmoji", func(t *testing.T) {
		p := mustParse(t, claims.FormatMarkdown, "🇵🇱👍🏽 [שלום](https://example.org/he) end")
		if len(p.Links) != 1 || p.Links[0].Start != 5 || p.Links[0].End != 9 || p.Links[0].Text != "שלום" {
			t.Fatalf("links = %+v", p.Links)
		}
	})
}

func TestFormatFromName(t *testing.T) {
	cases := map[string]string{
		"":                  claims.FormatText,
		"-":                 claims.FormatText,
		"article.txt":       claims.FormatText,
		"notes.md":          claims.FormatMarkdown,
		"NOTES.Markdown":    claims.FormatMarkdown,
		"page.html":         claims.FormatHTML,
		"dir/PAGE.HTM":      claims.FormatHTML,
		"archive.html.txt":  claims.FormatText,
		"no-extension-html": claims.FormatText,
	}
	for name, want := range cases {
		if got := article.FormatFromName(name); got != want {
			t.Errorf("FormatFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

package article_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
	"golang.org/x/text/unicode/norm"
)

// The fuzz targets check what every importer promises, whatever it is
// given: no panic, and either an error or an NFC body of paragraphs
// separated by one blank line whose link spans hold their text. Their seed
// corpora (testdata/fuzz) run with every `go test`.

func FuzzParseText(f *testing.F)     { fuzzParse(f, claims.FormatText) }
func FuzzParseMarkdown(f *testing.F) { fuzzParse(f, claims.FormatMarkdown) }
func FuzzParseHTML(f *testing.F)     { fuzzParse(f, claims.FormatHTML) }

func fuzzParse(f *testing.F, format string) {
	if raw, err := os.ReadFile("../suggest/testdata/seed-pl.txt"); err == nil {
		f.Add(raw)
	}
	f.Add([]byte("Podróż do\nChin\n, która trwała.\n\nDrugi akapit [link](https://example.org/a) i *nacisk*."))
	f.Add([]byte(`<p>Xi <a href="https://example.org/x">Jinping</a> said.<script>x()</script></p><h2>Head</h2><nav>menu</nav>`))
	f.Add([]byte("# Tytuł\n\n> cytat\n\n- a\n- [b](http://x.org \"t\")\n\n```\ncode\n```\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := article.Parse(format, raw)
		if err != nil {
			if c := claims.ErrorCode(err); c != claims.EINVALID && c != claims.ETOOLARGE {
				t.Fatalf("error code %q: %v", c, err)
			}
			return
		}
		checkParsed(t, p)
	})
}

func checkParsed(t *testing.T, p *article.Parsed) {
	t.Helper()
	b := p.Body
	switch {
	case !utf8.ValidString(b):
		t.Fatalf("body is not UTF-8: %q", b)
	case !norm.NFC.IsNormalString(b):
		t.Fatalf("body is not NFC: %q", b)
	case strings.Contains(b, "\n\n\n"), strings.TrimSpace(b) != b, b == "":
		t.Fatalf("paragraphs not separated by exactly one blank line: %q", b)
	}
	d := &claims.Document{Title: "t", Body: b, Links: p.Links}
	if err := d.Validate(); err != nil {
		t.Fatalf("document does not validate: %v\nbody %q\nlinks %+v", err, b, p.Links)
	}
}

package article_test

import (
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
)

// mustParse parses raw and checks the invariants every body keeps: it is
// a valid document body, paragraphs are separated by exactly one blank
// line with no space at their edges, and every link span holds its text.
func mustParse(t *testing.T, format, raw string) *article.Parsed {
	t.Helper()
	p, err := article.Parse(format, []byte(raw))
	if err != nil {
		t.Fatalf("Parse(%s): %v", format, err)
	}
	d := claims.Document{Title: "t", Body: p.Body, Links: p.Links}
	if err := d.Validate(); err != nil {
		t.Fatalf("parsed document does not validate: %v %v", err, claims.ErrorFields(err))
	}
	if strings.Contains(p.Body, "\n\n\n") || strings.TrimSpace(p.Body) != p.Body {
		t.Fatalf("body has stray blank lines or edge space: %q", p.Body)
	}
	for _, para := range strings.Split(p.Body, "\n\n") {
		if para == "" || strings.TrimSpace(para) != para || strings.Contains(para, "  ") {
			t.Fatalf("bad paragraph %q in body %q", para, p.Body)
		}
	}
	return p
}

// paragraphs splits a body at its blank lines.
func paragraphs(body string) []string { return strings.Split(body, "\n\n") }

// linkTexts lists the texts of links, in order.
func linkTexts(links []claims.Link) []string {
	out := []string{}
	for _, l := range links {
		out = append(out, l.Text)
	}
	return out
}

// wantCode checks that err is a *claims.Error with code on field.
func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	if claims.ErrorCode(err) != code {
		t.Fatalf("error %v has code %q, want %q", err, claims.ErrorCode(err), code)
	}
	f := claims.ErrorFields(err)
	if len(f) != 1 || f[0].Field != field {
		t.Fatalf("error fields = %+v, want one on %q", f, field)
	}
}

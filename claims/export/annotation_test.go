package export

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestNewAnnotation(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := claim()
		m := asMap(t, must(NewAnnotation(c, document(), site)))
		for _, tc := range []struct {
			path []any
			want any
		}{
			{[]any{"@context"}, "http://www.w3.org/ns/anno.jsonld"},
			{[]any{"type"}, "Annotation"},
			{[]any{"id"}, "https://factcheck.example.pl/claims/claim-1#quote"},
			{[]any{"motivation"}, "assessing"},
			{[]any{"created"}, "2025-06-04T10:00:00Z"},
			{[]any{"body", 0, "purpose"}, "describing"},
			{[]any{"body", 0, "value"}, c.Text},
			{[]any{"body", 0, "language"}, "pl"},
			{[]any{"body", 1, "purpose"}, "assessing"},
			{[]any{"body", 1, "value"}, "Mostly true. Accurately attributed. Zgadza się z komunikatem kancelarii; „kompetencje” to skrót."},
			{[]any{"target", "source"}, "https://portal.example.pl/lukaszenka-chiny"},
			{[]any{"target", "sha256"}, claims.BodyHash(body)},
			{[]any{"target", "selector", 0, "type"}, "TextQuoteSelector"},
			{[]any{"target", "selector", 0, "exact"}, c.Quote.Exact},
			{[]any{"target", "selector", 0, "suffix"}, c.Quote.Suffix},
			{[]any{"target", "selector", 1, "type"}, "TextPositionSelector"},
			{[]any{"target", "selector", 1, "start"}, 0.0},
			{[]any{"target", "selector", 1, "end"}, float64(c.Quote.End)},
		} {
			if got := path(t, m, tc.path...); got != tc.want {
				t.Errorf("%v = %v, want %v", tc.path, got, tc.want)
			}
		}
		// The position selector counts code points of the text the hash
		// names: the Polish letters are one each, not two bytes.
		runes := []rune(body)
		if got := string(runes[c.Quote.Start:c.Quote.End]); got != c.Quote.Exact {
			t.Fatalf("body[%d:%d] = %q", c.Quote.Start, c.Quote.End, got)
		}
		// The prefix is empty at the start of the body and so left out.
		if _, ok := path(t, m, "target", "selector", 0).(map[string]any)["prefix"]; ok {
			t.Error("an empty prefix is written")
		}
	})
	t.Run("NotYetAssessed", func(t *testing.T) {
		c := claim()
		c.Verdicts = nil
		c.Status = claims.StatusNew
		d := document()
		d.URL = ""
		m := asMap(t, must(NewAnnotation(c, d, site)))
		if m["motivation"] != "highlighting" || len(m["body"].([]any)) != 1 {
			t.Errorf("motivation %v, body %v", m["motivation"], m["body"])
		}
		if got := path(t, m, "target", "source"); got != "urn:sha256:"+d.SHA256 {
			t.Errorf("source without a URL = %v", got)
		}
	})
	t.Run("ErrNoQuote", func(t *testing.T) {
		c := claim()
		c.Quote = nil
		if _, err := NewAnnotation(c, document(), site); claims.ErrorCode(err) != claims.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrOtherDocument", func(t *testing.T) {
		d := document()
		d.ID = "doc-2"
		if _, err := NewAnnotation(claim(), d, site); claims.ErrorCode(err) != claims.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
}

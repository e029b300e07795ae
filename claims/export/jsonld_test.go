package export

import (
	"encoding/json"
	"testing"
)

// TestJSONLD checks that each JSON-LD document is valid JSON holding the
// keys its vocabulary requires, with the Polish text unescaped.
func TestJSONLD(t *testing.T) {
	c, d := claim(), document()
	for _, tc := range []struct {
		name string
		doc  any
		keys [][]any
	}{
		{"ClaimReview", must(NewClaimReview(c, d, site)), [][]any{
			{"@context"}, {"@type"}, {"claimReviewed"}, {"itemReviewed", "author"}, {"itemReviewed", "appearance"},
			{"itemReviewed", "firstAppearance"}, {"reviewRating", "ratingValue"}, {"reviewRating", "bestRating"},
			{"reviewRating", "worstRating"}, {"reviewRating", "alternateName"}, {"author", "name"}, {"datePublished"}, {"url"},
		}},
		{"Annotation", must(NewAnnotation(c, d, site)), [][]any{
			{"@context"}, {"type"}, {"motivation"}, {"body", 0, "value"}, {"target", "source"}, {"target", "sha256"},
			{"target", "selector", 0, "exact"}, {"target", "selector", 1, "start"}, {"target", "selector", 1, "end"},
		}},
		{"Provenance", NewProvenance(c, site), [][]any{
			{"@context", "prov"}, {"@graph", 0, "wasAttributedTo"}, {"@graph", 1, "wasQuotedFrom"},
			{"@graph", 2, "wasDerivedFrom"}, {"@graph", 0, "generatedAtTime"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.doc)
			if err != nil || !json.Valid(b) {
				t.Fatalf("not valid JSON: %v", err)
			}
			m := asMap(t, tc.doc)
			for _, k := range tc.keys {
				if v := path(t, m, k...); v == nil || v == "" {
					t.Errorf("%v is empty", k)
				}
			}
		})
	}
}

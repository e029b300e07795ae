package export

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestRatingValue(t *testing.T) {
	for _, tc := range []struct {
		rating claims.Rating
		value  int
		ok     bool
		name   string
	}{
		{claims.RatingTrue, 5, true, "True"},
		{claims.RatingMostlyTrue, 4, true, "Mostly true"},
		{claims.RatingMixed, 3, true, "Mixed"},
		{claims.RatingMostlyFalse, 2, true, "Mostly false"},
		{claims.RatingFalse, 1, true, "False"},
		{claims.RatingMisleading, 0, false, "Misleading"},
		{claims.RatingUnverifiable, 0, false, "Unverifiable"},
	} {
		t.Run(string(tc.rating), func(t *testing.T) {
			v, ok := RatingValue(tc.rating)
			if v != tc.value || ok != tc.ok || RatingName(tc.rating) != tc.name {
				t.Fatalf("RatingValue = %d, %v; name %q", v, ok, RatingName(tc.rating))
			}
			c := claim()
			c.Verdicts[1].Rating = tc.rating
			r, err := NewClaimReview(c, document(), site)
			if err != nil {
				t.Fatal(err)
			}
			rating := asMap(t, r)["reviewRating"].(map[string]any)
			if rating["alternateName"] != tc.name || rating["@type"] != "Rating" {
				t.Fatalf("rating %v", rating)
			}
			_, hasValue := rating["ratingValue"]
			_, hasBest := rating["bestRating"]
			_, hasWorst := rating["worstRating"]
			if hasValue != tc.ok || hasBest != tc.ok || hasWorst != tc.ok {
				t.Fatalf("numeric keys present = %v %v %v, want %v: %v", hasValue, hasBest, hasWorst, tc.ok, rating)
			}
			if tc.ok && (rating["ratingValue"] != float64(tc.value) || rating["bestRating"] != 5.0 || rating["worstRating"] != 1.0) {
				t.Fatalf("rating %v", rating)
			}
		})
	}
}

func TestNewClaimReview(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		m := asMap(t, must(NewClaimReview(claim(), document(), site)))
		for _, tc := range []struct {
			path []any
			want any
		}{
			{[]any{"@context"}, "https://schema.org"},
			{[]any{"@type"}, "ClaimReview"},
			{[]any{"url"}, "https://factcheck.example.pl/claims/claim-1"},
			{[]any{"claimReviewed"}, "Łukaszenka: białoruscy producenci chcą poznać kompetencje chińskich firm."},
			{[]any{"datePublished"}, "2025-06-05T12:00:00Z"},
			{[]any{"inLanguage"}, "pl"},
			{[]any{"author", "@type"}, "Organization"},
			{[]any{"author", "name"}, "Redakcja Sprawdzam"},
			{[]any{"author", "url"}, "https://factcheck.example.pl"},
			{[]any{"itemReviewed", "@type"}, "Claim"},
			{[]any{"itemReviewed", "author", "@type"}, "Person"},
			{[]any{"itemReviewed", "author", "name"}, "Aleksander Łukaszenka"},
			{[]any{"itemReviewed", "author", "alternateName", 1}, "Лукашэнка"},
			{[]any{"itemReviewed", "author", "sameAs"}, luka.URL},
			{[]any{"itemReviewed", "appearance", "@type"}, "CreativeWork"},
			{[]any{"itemReviewed", "appearance", "url"}, "https://portal.example.pl/lukaszenka-chiny"},
			{[]any{"itemReviewed", "appearance", "headline"}, "Łukaszenka zakończył wizytę w Chinach"},
			{[]any{"itemReviewed", "appearance", "publisher", "name"}, "Portal Przykładowy"},
			{[]any{"itemReviewed", "appearance", "datePublished"}, "2025-06-04T09:30:00Z"},
			{[]any{"itemReviewed", "appearance", "identifier"}, "urn:sha256:" + claims.BodyHash(body)},
			{[]any{"itemReviewed", "firstAppearance", "url"}, "https://president.gov.by/ru/events/1"},
			{[]any{"itemReviewed", "firstAppearance", "datePublished"}, "2025-06-03"},
			{[]any{"itemReviewed", "firstAppearance", "author", "name"}, "Aleksander Łukaszenka"},
			{[]any{"reviewRating", "ratingValue"}, 4.0},
			{[]any{"reviewRating", "alternateName"}, "Mostly true"},
			{[]any{"reviewRating", "ratingExplanation"}, "Zgadza się z komunikatem kancelarii; „kompetencje” to skrót."},
			{[]any{"reviewRating", "additionalProperty", 0, "name"}, "attribution"},
			{[]any{"reviewRating", "additionalProperty", 0, "value"}, "accurate"},
		} {
			if got := path(t, m, tc.path...); got != tc.want {
				t.Errorf("%v = %v, want %v", tc.path, got, tc.want)
			}
		}
	})
	t.Run("OrganizationAndDocumentFirst", func(t *testing.T) {
		c := claim()
		c.Source, c.SourceID = isw, isw.ID
		c.Provenance = []claims.Hop{{SourceID: isw.ID, Source: isw, Role: claims.RoleOriginator}}
		m := asMap(t, must(NewClaimReview(c, document(), site)))
		if got := path(t, m, "itemReviewed", "author", "@type"); got != "Organization" {
			t.Errorf("a think tank is a %v", got)
		}
		// An originator hop that says neither where nor when leaves the
		// article as the first appearance.
		if got := path(t, m, "itemReviewed", "firstAppearance", "url"); got != document().URL {
			t.Errorf("firstAppearance %v", got)
		}
	})
	t.Run("NoDocument", func(t *testing.T) {
		c := claim()
		c.Provenance, c.Quote, c.DocumentID = nil, nil, ""
		m := asMap(t, must(NewClaimReview(c, nil, site)))
		item := m["itemReviewed"].(map[string]any)
		if _, ok := item["appearance"]; ok {
			t.Errorf("appearance without a document: %v", item)
		}
		if _, ok := item["firstAppearance"]; ok {
			t.Errorf("firstAppearance from nowhere: %v", item)
		}
	})
	t.Run("ErrNotPublished", func(t *testing.T) {
		c := claim()
		c.Verdicts[1].State = claims.VerdictProposed
		if _, err := NewClaimReview(c, document(), site); claims.ErrorCode(err) != claims.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
}

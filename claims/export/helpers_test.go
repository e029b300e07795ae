package export

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

var site = Site{Name: "Redakcja Sprawdzam", BaseURL: "https://factcheck.example.pl/"}

// The Lukashenko claim of the seed article: said by Łukaszenka, quoted by
// ISW, reported by the portal.
var (
	luka   = &claims.Source{ID: "src-luka", Name: "Aleksander Łukaszenka", Type: claims.SourcePerson, Aliases: []string{"Lukashenko", "Лукашэнка"}, URL: "https://pl.wikipedia.org/wiki/Aleksandr_%C5%81ukaszenka"}
	isw    = &claims.Source{ID: "src-isw", Name: "Instytut Badań nad Wojną", Type: claims.SourceThinkTank, Aliases: []string{"ISW"}}
	portal = &claims.Source{ID: "src-portal", Name: "Redakcja portalu", Type: claims.SourceMedia}
)

const body = "Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem kompetencji chińskich firm.\n\nZażółć gęślą jaźń."

func document() *claims.Document {
	at := time.Date(2025, 6, 4, 9, 30, 0, 0, time.UTC)
	return &claims.Document{
		ID: "doc-1", Title: "Łukaszenka zakończył wizytę w Chinach", URL: "https://portal.example.pl/lukaszenka-chiny",
		Publisher: "Portal Przykładowy", Language: "pl", PublishedAt: &at, Body: body, SHA256: claims.BodyHash(body),
	}
}

// claim returns a fresh published claim with its sources and verdicts
// filled, as FindClaimByID returns it.
func claim() *claims.Claim {
	decided := time.Date(2025, 6, 5, 12, 0, 0, 0, time.UTC)
	exact := "Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem"
	return &claims.Claim{
		ID: "claim-1", Text: "Łukaszenka: białoruscy producenci chcą poznać kompetencje chińskich firm.",
		Kind: claims.KindReported, SourceID: luka.ID, Source: luka, DocumentID: "doc-1",
		Quote: &claims.Quote{Exact: exact, Prefix: "", Suffix: " kompetencji chińskich firm.\n\nZażó", Start: 0, End: len([]rune(exact))},
		Provenance: []claims.Hop{
			{SourceID: luka.ID, Source: luka, Role: claims.RoleOriginator, URL: "https://president.gov.by/ru/events/1", Date: "2025-06-03"},
			{SourceID: isw.ID, Source: isw, Role: claims.RoleQuotedBy, URL: "https://understandingwar.org/x", Note: "ISW update"},
			{SourceID: portal.ID, Source: portal, Role: claims.RoleReportedBy},
		},
		Status:    claims.StatusPublished,
		CreatedAt: time.Date(2025, 6, 4, 10, 0, 0, 0, time.UTC),
		UpdatedAt: time.Date(2025, 6, 5, 12, 0, 0, 0, time.UTC),
		Verdicts: []*claims.Verdict{
			{ID: "v-old", Attribution: claims.AttributionUnverified, Rating: claims.RatingMixed, Rationale: "Wcześniejsza ocena.", State: claims.VerdictSuperseded},
			{ID: "v-1", Attribution: claims.AttributionAccurate, Rating: claims.RatingMostlyTrue, Rationale: "Zgadza się z komunikatem kancelarii; „kompetencje” to skrót.",
				State: claims.VerdictApproved, AuthorName: "checker", ApproverName: "Redaktor Żaneta", DecidedAt: &decided},
		},
	}
}

// asMap round-trips v through JSON, failing on invalid JSON.
func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b) {
		t.Fatalf("invalid JSON: %s", b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// path walks nested maps and arrays: path(m, "a", "b", 0, "c").
func path(t *testing.T, v any, keys ...any) any {
	t.Helper()
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %q: %v is not an object", k, v)
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("no key %q in %v", k, m)
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("at [%d]: %v is not an array that long", k, v)
			}
			v = a[k]
		}
	}
	return v
}

// must returns v, panicking (and so failing the test) on err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

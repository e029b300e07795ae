package export

import (
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
)

// Annotation is a W3C Web Annotation (https://www.w3.org/TR/annotation-model/)
// of a claim's quote: the exact words in the article, found again by a
// TextQuoteSelector (the words with their context) or a
// TextPositionSelector (code-point offsets).
//
// Its motivation is "assessing" once the claim has an approved verdict: a
// fact-check is the model's own example of assessing a resource. Before
// that nothing has been assessed yet, and the annotation only marks the
// span a claim was taken from, which is "highlighting". ("identifying"
// would say the body names what the target is, like a concept URI; our
// body is a paraphrase and a verdict, not an identity.) Each body says
// its own role in its purpose: the claim text "describing", the verdict
// "assessing".
type Annotation struct {
	Context    string           `json:"@context"`
	ID         string           `json:"id"`
	Type       string           `json:"type"`
	Motivation string           `json:"motivation"`
	Created    string           `json:"created"`
	Body       []TextualBody    `json:"body"`
	Target     AnnotationTarget `json:"target"`
}

// TextualBody is an annotation body that is text.
type TextualBody struct {
	Type     string `json:"type"`
	Purpose  string `json:"purpose"`
	Value    string `json:"value"`
	Format   string `json:"format"`
	Language string `json:"language,omitempty"`
}

// AnnotationTarget is the quoted span of the article.
//
// Source is the article's URL, or urn:sha256:<hex> when it has none.
// SHA256 is the hex SHA-256 of the captured text (NFC, paragraphs
// separated by one blank line) that the selectors count in: a page at a
// URL changes and its HTML is not our text, so the hash lets anyone
// holding the capture check that the offsets and words are the ones we
// annotated. It is not a term of the annotation vocabulary; JSON-LD
// processors drop it, JSON readers keep it.
type AnnotationTarget struct {
	Source   string     `json:"source"`
	SHA256   string     `json:"sha256"`
	Selector []Selector `json:"selector"`
}

// Selector is a TextQuoteSelector (Exact, Prefix, Suffix) or a
// TextPositionSelector (Start, End: Unicode code points, as the model
// requires, End exclusive).
type Selector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

// NewAnnotation returns the annotation of c's quote in doc. A claim
// without a quote, or with the quote of another document, is EINVALID.
func NewAnnotation(c *claims.Claim, doc *claims.Document, site Site) (*Annotation, error) {
	if c.Quote == nil || doc == nil || c.DocumentID != doc.ID {
		return nil, claims.Errorf(claims.EINVALID, "The claim quotes no words of this document, so there is nothing to annotate.")
	}
	q := c.Quote
	start, end := q.Start, q.End
	a := &Annotation{
		Context:    "http://www.w3.org/ns/anno.jsonld",
		ID:         site.ClaimURL(c.ID) + "#quote",
		Type:       "Annotation",
		Motivation: "highlighting",
		Created:    timestamp(c.CreatedAt),
		Body: []TextualBody{{
			Type: "TextualBody", Purpose: "describing", Value: c.Text, Format: "text/plain", Language: doc.Language,
		}},
		Target: AnnotationTarget{
			Source: DocumentIRI(doc),
			SHA256: doc.SHA256,
			Selector: []Selector{
				{Type: "TextQuoteSelector", Exact: q.Exact, Prefix: q.Prefix, Suffix: q.Suffix},
				{Type: "TextPositionSelector", Start: &start, End: &end},
			},
		},
	}
	if v := ApprovedVerdict(c); v != nil {
		a.Motivation = "assessing"
		a.Body = append(a.Body, TextualBody{
			Type: "TextualBody", Purpose: "assessing", Format: "text/plain",
			Value: fmt.Sprintf("%s. %s. %s", RatingName(v.Rating), attributionNames[v.Attribution], v.Rationale),
		})
	}
	return a, nil
}

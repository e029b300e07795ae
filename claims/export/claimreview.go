package export

import (
	"github.com/claimtrail/claimtrail/claims"
)

// ClaimReview is a schema.org ClaimReview (https://schema.org/ClaimReview):
// the form in which search engines and fact-check aggregators read a
// published fact-check.
type ClaimReview struct {
	Context       string       `json:"@context"`
	Type          string       `json:"@type"`
	URL           string       `json:"url"`
	ClaimReviewed string       `json:"claimReviewed"`
	ItemReviewed  ReviewedItem `json:"itemReviewed"`
	ReviewRating  Rating       `json:"reviewRating"`
	Author        *Agent       `json:"author"`
	DatePublished string       `json:"datePublished"`
	InLanguage    string       `json:"inLanguage,omitempty"`
}

// ReviewedItem is the schema.org Claim under review: who made it, where it
// appeared (the captured article) and where it first appeared.
type ReviewedItem struct {
	Type            string        `json:"@type"`
	Author          *Agent        `json:"author,omitempty"`
	Appearance      *CreativeWork `json:"appearance,omitempty"`
	FirstAppearance *CreativeWork `json:"firstAppearance,omitempty"`
}

// Agent is a schema.org Person or Organization.
type Agent struct {
	Type          string   `json:"@type"`
	Name          string   `json:"name"`
	AlternateName []string `json:"alternateName,omitempty"`
	URL           string   `json:"url,omitempty"`
	SameAs        string   `json:"sameAs,omitempty"`
}

// CreativeWork is where a claim appeared: an article, a speech, a post.
type CreativeWork struct {
	Type          string `json:"@type"`
	URL           string `json:"url,omitempty"`
	Identifier    string `json:"identifier,omitempty"` // urn:sha256 of the captured text
	Headline      string `json:"headline,omitempty"`
	DatePublished string `json:"datePublished,omitempty"`
	Author        *Agent `json:"author,omitempty"`
	Publisher     *Agent `json:"publisher,omitempty"`
}

// Rating is a schema.org Rating on ClaimReview's 1–5 scale. RatingValue,
// BestRating and WorstRating are absent for ratings that are not a point
// on that scale; AlternateName always says the rating in words.
type Rating struct {
	Type              string `json:"@type"`
	RatingValue       int    `json:"ratingValue,omitempty"`
	BestRating        int    `json:"bestRating,omitempty"`
	WorstRating       int    `json:"worstRating,omitempty"`
	AlternateName     string `json:"alternateName"`
	RatingExplanation string `json:"ratingExplanation,omitempty"`
	// AdditionalProperty carries the attribution axis, which schema.org
	// has no property for. schema.org does not list additionalProperty on
	// Rating, so validators may warn; readers that do not know it skip it,
	// and the rating itself stays standard.
	AdditionalProperty []PropertyValue `json:"additionalProperty,omitempty"`
}

// PropertyValue is a schema.org PropertyValue: a named value.
type PropertyValue struct {
	Type        string `json:"@type"`
	Name        string `json:"name"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
}

// RatingValue maps a rating onto ClaimReview's numeric scale, where 1 is
// the worst and 5 the best:
//
//	true          5
//	mostly-true   4
//	mixed         3
//	mostly-false  2
//	false         1
//
// Misleading and unverifiable are not points between true and false (a
// misleading claim can be literally true; an unverifiable one has no
// truth value we could establish), so ok is false for them and a
// ClaimReview gives them by name only (Rating.AlternateName).
func RatingValue(r claims.Rating) (value int, ok bool) {
	switch r {
	case claims.RatingTrue:
		return 5, true
	case claims.RatingMostlyTrue:
		return 4, true
	case claims.RatingMixed:
		return 3, true
	case claims.RatingMostlyFalse:
		return 2, true
	case claims.RatingFalse:
		return 1, true
	}
	return 0, false
}

// ratingNames are the ratings in words, as a reader sees them.
var ratingNames = map[claims.Rating]string{
	claims.RatingTrue:         "True",
	claims.RatingMostlyTrue:   "Mostly true",
	claims.RatingMixed:        "Mixed",
	claims.RatingMostlyFalse:  "Mostly false",
	claims.RatingFalse:        "False",
	claims.RatingMisleading:   "Misleading",
	claims.RatingUnverifiable: "Unverifiable",
}

// RatingName returns a rating in words, e.g. "Mostly true".
func RatingName(r claims.Rating) string {
	if n, ok := ratingNames[r]; ok {
		return n
	}
	return string(r)
}

// attributionNames say the attribution axis in words.
var attributionNames = map[claims.Attribution]string{
	claims.AttributionAccurate:   "Accurately attributed",
	claims.AttributionInaccurate: "Misattributed",
	claims.AttributionUnverified: "Attribution unverified",
}

// NewClaimReview returns the ClaimReview of a published claim. c must
// carry its source, hop sources and verdicts (as FindClaimByID returns
// it); doc is the document it was quoted from, or nil. A claim without an
// approved verdict has no review: ECONFLICT.
func NewClaimReview(c *claims.Claim, doc *claims.Document, site Site) (*ClaimReview, error) {
	v := ApprovedVerdict(c)
	if v == nil || v.DecidedAt == nil {
		return nil, claims.Errorf(claims.ECONFLICT, "The claim has no approved verdict, so there is no review to export.")
	}
	r := &ClaimReview{
		Context:       "https://schema.org",
		Type:          "ClaimReview",
		URL:           site.ClaimURL(c.ID),
		ClaimReviewed: c.Text,
		ItemReviewed:  ReviewedItem{Type: "Claim", Author: sourceAgent(c.Source)},
		ReviewRating:  reviewRating(v),
		Author:        &Agent{Type: "Organization", Name: site.Name, URL: site.base()},
		DatePublished: timestamp(*v.DecidedAt),
	}
	if doc != nil {
		r.ItemReviewed.Appearance = documentWork(doc)
		r.InLanguage = doc.Language
	}
	r.ItemReviewed.FirstAppearance = firstAppearance(c, r.ItemReviewed.Appearance)
	return r, nil
}

// reviewRating is a verdict as a schema.org Rating.
func reviewRating(v *claims.Verdict) Rating {
	r := Rating{
		Type:              "Rating",
		AlternateName:     RatingName(v.Rating),
		RatingExplanation: v.Rationale,
		AdditionalProperty: []PropertyValue{{
			Type: "PropertyValue", Name: "attribution", Value: string(v.Attribution),
			Description: attributionNames[v.Attribution],
		}},
	}
	if n, ok := RatingValue(v.Rating); ok {
		r.RatingValue, r.BestRating, r.WorstRating = n, 5, 1
	}
	return r
}

// sourceAgent is a source as a schema.org Person or Organization; its URL
// (a profile, a Wikipedia page, an official site) identifies it, hence
// sameAs. A nil source (not loaded) has no agent.
func sourceAgent(s *claims.Source) *Agent {
	if s == nil {
		return nil
	}
	a := &Agent{Type: "Organization", Name: s.Name, AlternateName: s.Aliases, SameAs: s.URL}
	if isPerson(s.Type) {
		a.Type = "Person"
	}
	if len(a.AlternateName) == 0 {
		a.AlternateName = nil
	}
	return a
}

// documentWork is a captured article as a CreativeWork.
func documentWork(d *claims.Document) *CreativeWork {
	w := &CreativeWork{Type: "CreativeWork", URL: d.URL, Identifier: "urn:sha256:" + d.SHA256, Headline: d.Title}
	if d.Publisher != "" {
		w.Publisher = &Agent{Type: "Organization", Name: d.Publisher}
	}
	if d.PublishedAt != nil {
		w.DatePublished = timestamp(*d.PublishedAt)
	}
	return w
}

// firstAppearance is where the claim was first made: the originator's hop
// when it says where or when, otherwise the article it was captured from.
func firstAppearance(c *claims.Claim, appearance *CreativeWork) *CreativeWork {
	for _, h := range c.Provenance {
		if h.Role != claims.RoleOriginator {
			continue
		}
		if h.URL == "" && h.Date == "" {
			break
		}
		return &CreativeWork{Type: "CreativeWork", URL: h.URL, DatePublished: h.Date, Author: sourceAgent(h.Source)}
	}
	return appearance
}

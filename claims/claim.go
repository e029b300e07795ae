package claims

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// Kind says whether a claim relays a statement or is an assessment.
type Kind string

// Claim kinds.
const (
	KindReported   Kind = "reported"   // a fact or statement relayed from a source
	KindAnalytical Kind = "analytical" // an assessment or inference, e.g. a think tank's
)

// Kinds lists the claim kinds.
var Kinds = []Kind{KindReported, KindAnalytical}

// Status is where a claim stands in review.
type Status string

// Claim statuses, in workflow order.
const (
	StatusNew       Status = "new"
	StatusInReview  Status = "in-review"
	StatusProposed  Status = "proposed"  // a verdict awaits approval
	StatusDisputed  Status = "disputed"  // two proposed verdicts disagree
	StatusPublished Status = "published" // an editor approved a verdict written by someone else
)

// Statuses lists the claim statuses.
var Statuses = []Status{StatusNew, StatusInReview, StatusProposed, StatusDisputed, StatusPublished}

// HopRole is what a source did in a claim's provenance chain.
type HopRole string

// Hop roles.
const (
	RoleOriginator HopRole = "originator"
	RoleQuotedBy   HopRole = "quoted-by"
	RoleReportedBy HopRole = "reported-by"
	RoleAssessedBy HopRole = "assessed-by"
)

// HopRoles lists the hop roles in chain order.
var HopRoles = []HopRole{RoleOriginator, RoleQuotedBy, RoleReportedBy, RoleAssessedBy}

// Hop is one step of a claim's provenance chain, from origin to publication.
// Date is a calendar date (YYYY-MM-DD) or empty.
type Hop struct {
	SourceID string  `json:"source_id"`
	Role     HopRole `json:"role"`
	URL      string  `json:"url"`
	Date     string  `json:"date"`
	Note     string  `json:"note"`

	Source *Source `json:"source,omitempty"` // filled on read
}

// Claim is one checkable statement: who it is attributed to, where it was
// published, how it got there, and where it stands in review.
type Claim struct {
	ID         string    `json:"id"`
	Text       string    `json:"text"`
	Kind       Kind      `json:"kind"`
	SourceID   string    `json:"source_id"`
	DocumentID string    `json:"document_id"`
	Quote      *Quote    `json:"quote"`
	Provenance []Hop     `json:"provenance"`
	Status     Status    `json:"status"`
	Assignee   string    `json:"assignee"`
	Tags       []string  `json:"tags"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	CreatedBy  string    `json:"created_by"`

	Source        *Source    `json:"source,omitempty"`         // filled on read
	DocumentTitle string     `json:"document_title,omitempty"` // filled by FindClaims, so lists need not load documents
	Verdicts      []*Verdict `json:"verdicts,omitempty"`       // filled by FindClaimByID
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Normalize trims the text and cleans tags and the provenance chain.
func (c *Claim) Normalize() {
	c.Text = strings.TrimSpace(c.Text)
	c.Tags = cleanList(c.Tags)
	if c.Provenance == nil {
		c.Provenance = []Hop{}
	}
	for i := range c.Provenance {
		h := &c.Provenance[i]
		h.URL, h.Date = strings.TrimSpace(h.URL), strings.TrimSpace(h.Date)
		h.Source = nil
	}
	if c.Quote != nil && c.Quote.Exact == "" {
		c.Quote = nil
	}
}

// Validate checks the claim's own fields. That the source, document and
// hop sources exist, and that the quote is in the document, is checked by
// the store, which can see them.
func (c *Claim) Validate() error {
	var p Problems
	checkRequired(&p, "text", c.Text, MaxLongText)
	p.Check(oneOf(c.Kind, Kinds), "kind", "must be one of %s", JoinValues(Kinds))
	p.Check(c.SourceID != "", "source_id", "is required: who is the claim attributed to?")
	p.Check(c.Status == "" || oneOf(c.Status, Statuses), "status", "must be one of %s", JoinValues(Statuses))
	if c.Quote != nil {
		checkRequired(&p, "quote.exact", c.Quote.Exact, MaxLongText)
		p.Check(c.DocumentID != "", "document_id", "is required when a quote is given")
	}
	p.Check(len(c.Tags) <= MaxListItems, "tags", "at most %d tags", MaxListItems)
	for _, t := range c.Tags {
		checkText(&p, "tags", t, MaxNameLen)
	}
	p.Check(len(c.Provenance) <= MaxListItems, "provenance", "at most %d hops", MaxListItems)
	for _, h := range c.Provenance {
		p.Check(h.SourceID != "", "provenance", "every hop needs a source")
		p.Check(oneOf(h.Role, HopRoles), "provenance", "hop role must be one of %s", JoinValues(HopRoles))
		p.Check(h.Date == "" || validDate(h.Date), "provenance", "hop date must be YYYY-MM-DD")
		checkURL(&p, "provenance", h.URL)
		checkText(&p, "provenance", h.Note, MaxShortText)
	}
	return p.Err()
}

func validDate(s string) bool {
	if !datePattern.MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// ClaimFilter selects claims. Empty fields do not filter.
type ClaimFilter struct {
	Status     Status
	Kind       Kind
	SourceID   string
	DocumentID string
	Assignee   string
	// Q is a search (see package search): claims whose text, quote,
	// tags, source names or verdict rationales match it, best first.
	Q string
	// From and To bound the creation time: at or after From, before To.
	From, To time.Time
	Limit    int
	Cursor   string
}

// Validate checks the filter's enumerations and limit.
func (f *ClaimFilter) Validate() error {
	var p Problems
	p.Check(f.Status == "" || oneOf(f.Status, Statuses), "status", "must be one of %s", JoinValues(Statuses))
	p.Check(f.Kind == "" || oneOf(f.Kind, Kinds), "kind", "must be one of %s", JoinValues(Kinds))
	checkLimit(&p, f.Limit)
	checkText(&p, "q", f.Q, MaxShortText)
	p.Check(f.From.IsZero() || f.To.IsZero() || f.From.Before(f.To), "to", "must be after from")
	return p.Err()
}

// checkLimit checks a page size; zero means the default.
func checkLimit(p *Problems, limit int) {
	p.Check(limit >= 0 && limit <= MaxPageSize, "limit", "must be between 1 and %d", MaxPageSize)
}

// PageSize returns limit, or the default page size for zero.
func PageSize(limit int) int {
	if limit <= 0 {
		return DefaultPageSize
	}
	return min(limit, MaxPageSize)
}

// ClaimUpdate is a partial edit: nil fields are left as they are. To remove
// the quote, set ClearQuote. Version must equal the stored version.
type ClaimUpdate struct {
	Text       *string   `json:"text"`
	Kind       *Kind     `json:"kind"`
	SourceID   *string   `json:"source_id"`
	DocumentID *string   `json:"document_id"`
	Quote      *Quote    `json:"quote"`
	ClearQuote bool      `json:"clear_quote"`
	Provenance *[]Hop    `json:"provenance"`
	Assignee   *string   `json:"assignee"`
	Tags       *[]string `json:"tags"`
	Version    int       `json:"version"`
}

// Apply copies the set fields of u onto c.
func (u ClaimUpdate) Apply(c *Claim) {
	if u.Text != nil {
		c.Text = *u.Text
	}
	if u.Kind != nil {
		c.Kind = *u.Kind
	}
	if u.SourceID != nil {
		c.SourceID = *u.SourceID
	}
	if u.DocumentID != nil {
		c.DocumentID = *u.DocumentID
	}
	if u.Quote != nil {
		q := *u.Quote
		c.Quote = &q
	}
	if u.ClearQuote {
		c.Quote = nil
	}
	if u.Provenance != nil {
		c.Provenance = *u.Provenance
	}
	if u.Assignee != nil {
		c.Assignee = *u.Assignee
	}
	if u.Tags != nil {
		c.Tags = *u.Tags
	}
}

// ClaimService stores claims.
type ClaimService interface {
	// CreateClaim validates c, anchors its quote in the document and stores
	// it with status new, setting ID, Version and times. Unknown source,
	// document or hop sources are EINVALID.
	CreateClaim(ctx context.Context, actor Actor, c *Claim) error
	// FindClaimByID returns the claim with its source, hop sources and
	// verdicts, or ENOTFOUND.
	FindClaimByID(ctx context.Context, id string) (*Claim, error)
	// FindClaims returns a page of claims, newest first, with their sources,
	// and the cursor of the next page.
	FindClaims(ctx context.Context, f ClaimFilter) ([]*Claim, string, error)
	// UpdateClaim applies upd and re-anchors the quote; a stale version is
	// ECONFLICT.
	UpdateClaim(ctx context.Context, actor Actor, id string, upd ClaimUpdate) (*Claim, error)
	// ClaimStats returns how many claims are in each status. Every status
	// of Statuses is in the map, with 0 when no claim is in it.
	ClaimStats(ctx context.Context) (map[Status]int, error)
	// FindSimilarClaims returns at most limit existing claims closest to
	// text, best first, each with its score and current verdict: the
	// answer to "have we checked this before?". A text with no content
	// word finds nothing.
	FindSimilarClaims(ctx context.Context, text string, limit int) ([]*SimilarClaim, error)
}

// SimilarClaim is an existing claim found close to a text.
type SimilarClaim struct {
	Claim *Claim `json:"claim"`
	// Score is how alike the texts are, from 0 to 1 (search.Score).
	Score float64 `json:"score"`
	// Verdict is the claim's current verdict: the approved one, or else
	// the latest proposed; nil when it has none.
	Verdict *Verdict `json:"verdict"`
}

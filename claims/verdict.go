package claims

import (
	"context"
	"strings"
	"time"
)

// Attribution is the first verdict axis: did the source say this?
type Attribution string

// Attribution values.
const (
	AttributionAccurate   Attribution = "accurate"
	AttributionInaccurate Attribution = "inaccurate"
	AttributionUnverified Attribution = "unverified"
)

// Attributions lists the attribution values.
var Attributions = []Attribution{AttributionAccurate, AttributionInaccurate, AttributionUnverified}

// Rating is the second verdict axis: is the claim supported?
type Rating string

// Rating values, from true to false, then the two that are neither.
const (
	RatingTrue         Rating = "true"
	RatingMostlyTrue   Rating = "mostly-true"
	RatingMixed        Rating = "mixed"
	RatingMostlyFalse  Rating = "mostly-false"
	RatingFalse        Rating = "false"
	RatingMisleading   Rating = "misleading"
	RatingUnverifiable Rating = "unverifiable"
)

// Ratings lists the rating values.
var Ratings = []Rating{RatingTrue, RatingMostlyTrue, RatingMixed, RatingMostlyFalse, RatingFalse, RatingMisleading, RatingUnverifiable}

// VerdictState is where a verdict stands.
type VerdictState string

// Verdict states.
const (
	VerdictProposed   VerdictState = "proposed"
	VerdictApproved   VerdictState = "approved"
	VerdictRejected   VerdictState = "rejected"
	VerdictWithdrawn  VerdictState = "withdrawn"
	VerdictSuperseded VerdictState = "superseded"
)

// Evidence is a link a verdict rests on.
type Evidence struct {
	URL  string `json:"url"`
	Note string `json:"note"`
}

// Verdict is a checker's conclusion on a claim, on two axes because a claim
// can be faithfully attributed and still false, or true and misattributed.
type Verdict struct {
	ID           string       `json:"id"`
	ClaimID      string       `json:"claim_id"`
	Attribution  Attribution  `json:"attribution"`
	Rating       Rating       `json:"rating"`
	Rationale    string       `json:"rationale"`
	Evidence     []Evidence   `json:"evidence"`
	State        VerdictState `json:"state"`
	AuthorID     string       `json:"author_id"`
	AuthorName   string       `json:"author_name"`
	ApproverID   string       `json:"approver_id,omitempty"`
	ApproverName string       `json:"approver_name,omitempty"`
	Reason       string       `json:"reason,omitempty"` // why it was rejected or withdrawn
	CreatedAt    time.Time    `json:"created_at"`
	DecidedAt    *time.Time   `json:"decided_at,omitempty"`
}

// Normalize trims the rationale and drops empty evidence rows, which forms
// with spare rows send.
func (v *Verdict) Normalize() {
	v.Rationale = strings.TrimSpace(v.Rationale)
	ev := []Evidence{}
	for _, e := range v.Evidence {
		e.URL, e.Note = strings.TrimSpace(e.URL), strings.TrimSpace(e.Note)
		if e.URL != "" || e.Note != "" {
			ev = append(ev, e)
		}
	}
	v.Evidence = ev
}

// Validate checks a proposed verdict.
func (v *Verdict) Validate() error {
	var p Problems
	p.Check(oneOf(v.Attribution, Attributions), "attribution", "must be one of %s", JoinValues(Attributions))
	p.Check(oneOf(v.Rating, Ratings), "rating", "must be one of %s", JoinValues(Ratings))
	checkRequired(&p, "rationale", v.Rationale, MaxLongText)
	p.Check(len(v.Evidence) <= MaxListItems, "evidence", "at most %d links", MaxListItems)
	for _, e := range v.Evidence {
		p.Check(e.URL != "", "evidence", "every evidence row needs a URL")
		checkURL(&p, "evidence", e.URL)
		checkText(&p, "evidence", e.Note, MaxShortText)
	}
	return p.Err()
}

// Agrees reports whether two verdicts reach the same conclusion on both axes.
func (v *Verdict) Agrees(o *Verdict) bool {
	return v.Attribution == o.Attribution && v.Rating == o.Rating
}

// VerdictService stores verdicts and moves claims through review.
type VerdictService interface {
	// ProposeVerdict validates and stores v as proposed by actor and sets
	// the claim's status. A published claim is ECONFLICT.
	ProposeVerdict(ctx context.Context, actor Actor, v *Verdict) error
	// FindVerdictByID returns ENOTFOUND when there is no such verdict.
	FindVerdictByID(ctx context.Context, id string) (*Verdict, error)
	// ApproveVerdict approves a proposed verdict written by someone else,
	// supersedes the claim's previous approved verdict and publishes the
	// claim.
	ApproveVerdict(ctx context.Context, actor Actor, id string) (*Verdict, error)
	// RejectVerdict rejects a proposed verdict written by someone else; the
	// reason is required.
	RejectVerdict(ctx context.Context, actor Actor, id, reason string) (*Verdict, error)
	// FindCurrentVerdicts returns the current verdict of every claim of
	// the document that has one, by claim id: the approved verdict, or
	// else the latest proposed one. The reader page shows them on its
	// claim cards.
	FindCurrentVerdicts(ctx context.Context, documentID string) (map[string]*Verdict, error)
	// WithdrawVerdict lets the author take back their proposed verdict;
	// the reason is optional.
	WithdrawVerdict(ctx context.Context, actor Actor, id, reason string) (*Verdict, error)
	// ReopenClaim sends a published claim back to review; the reason is
	// required. A version other than 0 that is not the claim's is
	// ECONFLICT. It returns the claim as it is now.
	ReopenClaim(ctx context.Context, actor Actor, id, reason string, version int) (*Claim, error)
}

// All verdict service methods check the step against the workflow (see
// Review.Check) with the actor's roles as stored, inside the transaction
// that makes the change.

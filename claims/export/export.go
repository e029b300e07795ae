// Package export turns claims into documents that other tools read:
// schema.org ClaimReview for search engines and fact-check aggregators,
// the quote as a W3C Web Annotation, the provenance chain as PROV-O,
// per-claim and per-document bundles that carry audit-log inclusion proofs,
// and a CSV for editors. It formats what it is given and reads nothing: the
// caller loads claims (with their sources and verdicts) and documents.
package export

import (
	"net/url"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// Site says who publishes the exports and where they live.
type Site struct {
	Name    string // the newsroom, the author of every ClaimReview
	BaseURL string // where claimtrail's pages are served, e.g. https://factcheck.example.pl
}

// ClaimURL returns the address of a claim's page.
func (s Site) ClaimURL(id string) string {
	return s.base() + "/claims/" + url.PathEscape(id)
}

// SourceURL returns the address of a source's page, which identifies the
// source as an agent in PROV-O.
func (s Site) SourceURL(id string) string {
	return s.base() + "/sources/" + url.PathEscape(id)
}

func (s Site) base() string { return strings.TrimRight(s.BaseURL, "/") }

// DocumentIRI names a document: its URL when it has one, otherwise
// urn:sha256:<hex of the body>, which names the exact captured text.
func DocumentIRI(d *claims.Document) string {
	if d.URL != "" {
		return d.URL
	}
	return "urn:sha256:" + d.SHA256
}

// ApprovedVerdict returns the claim's approved verdict, the one a
// published claim shows, or nil when it has none. c.Verdicts must be
// loaded (claims.ClaimService.FindClaimByID does).
func ApprovedVerdict(c *claims.Claim) *claims.Verdict {
	for _, v := range c.Verdicts {
		if v.State == claims.VerdictApproved {
			return v
		}
	}
	return nil
}

// CurrentVerdict returns the verdict an editor's overview shows: the
// approved one, or else the newest proposed one (the claim's status then
// says proposed or disputed, and no approver is named), or nil.
func CurrentVerdict(c *claims.Claim) *claims.Verdict {
	if v := ApprovedVerdict(c); v != nil {
		return v
	}
	var newest *claims.Verdict
	for _, v := range c.Verdicts {
		if v.State == claims.VerdictProposed && (newest == nil || !v.CreatedAt.Before(newest.CreatedAt)) {
			newest = v
		}
	}
	return newest
}

// isPerson reports whether a source speaks as a person: schema.org and
// PROV-O both distinguish people from organisations. An anonymous source
// is nearly always a person ("a senior official"); governments, media,
// think tanks and unclassified sources are organisations.
func isPerson(t claims.SourceType) bool {
	return t == claims.SourcePerson || t == claims.SourceAnonymous
}

// hopName returns the hop's source name, or its id when the source was
// not loaded.
func hopName(h claims.Hop) string {
	if h.Source != nil {
		return h.Source.Name
	}
	return h.SourceID
}

// timestamp formats a time as RFC 3339 UTC, the API's format.
func timestamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

package export

import (
	"encoding/base64"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// Bundle is everything about one claim that a reader needs to re-check it
// without us: the claim as the API shows it, its ClaimReview (when
// published), its quote as a Web Annotation (when it has one), its
// provenance in PROV-O, and its audit events with proofs that they are
// in the signed log.
type Bundle struct {
	Claim       *claims.Claim `json:"claim"`
	ClaimReview *ClaimReview  `json:"claim_review,omitempty"`
	Annotation  *Annotation   `json:"annotation,omitempty"`
	Provenance  *Provenance   `json:"provenance"`
	Audit       *Audit        `json:"audit"`
}

// DocumentBundle is a document, the proof of its import, and the bundles
// of its claims. Every audit in it is against the same checkpoint.
type DocumentBundle struct {
	Document *claims.Document `json:"document"`
	Audit    *Audit           `json:"audit"`
	Claims   []*Bundle        `json:"claims"`
}

// Audit is a signed checkpoint of the audit log and events with their
// inclusion proofs in the checkpoint's tree.
type Audit struct {
	Checkpoint string        `json:"checkpoint"` // a signed note: origin, tree size, root hash
	Events     []ProvenEvent `json:"events"`
}

// ProvenEvent is an audit event and its RFC 6962 inclusion proof: the
// base64 hashes that, with the event's leaf hash at index Seq-1, rebuild
// the checkpoint's root (tlog.CheckRecord).
type ProvenEvent struct {
	Event *claims.Event `json:"event"`
	Proof []string      `json:"proof"`
}

// NewProvenEvent pairs an event with its inclusion proof.
func NewProvenEvent(e *claims.Event, proof []claims.Hash) ProvenEvent {
	p := ProvenEvent{Event: e, Proof: make([]string, len(proof))}
	for i, h := range proof {
		p.Proof[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return p
}

// NewBundle assembles a claim's bundle. c must carry its source, hop
// sources and verdicts (as FindClaimByID returns it); doc is its document
// or nil; audit holds its events' proofs.
func NewBundle(c *claims.Claim, doc *claims.Document, site Site, audit *Audit) (*Bundle, error) {
	b := &Bundle{Claim: c, Provenance: NewProvenance(c, site), Audit: audit}
	if ApprovedVerdict(c) != nil {
		r, err := NewClaimReview(c, doc, site)
		if err != nil {
			return nil, err
		}
		b.ClaimReview = r
	}
	if c.Quote != nil && doc != nil {
		a, err := NewAnnotation(c, doc, site)
		if err != nil {
			return nil, err
		}
		b.Annotation = a
	}
	return b, nil
}

// Verify checks a with the log's verifier key alone: the checkpoint's
// signature, that each event's content matches its leaf hash, and that
// each proof places the event in the checkpoint's tree. It returns the
// checkpoint, or an error naming the first event that fails.
func (a *Audit) Verify(vkey string) (auditlog.Checkpoint, error) {
	cp, err := auditlog.Open([]byte(a.Checkpoint), vkey)
	if err != nil {
		return cp, err
	}
	for _, pe := range a.Events {
		e := pe.Event
		if e == nil {
			return cp, fmt.Errorf("an audit entry has no event")
		}
		leaf, err := auditlog.LeafHash(e)
		if err != nil {
			return cp, err
		}
		if auditlog.HexHash(leaf) != e.Hash {
			return cp, &auditlog.VerifyError{Seq: e.Seq, Reason: "the event was altered: its content does not match its hash"}
		}
		proof := make(tlog.RecordProof, len(pe.Proof))
		for i, s := range pe.Proof {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil || len(b) != tlog.HashSize {
				return cp, &auditlog.VerifyError{Seq: e.Seq, Reason: fmt.Sprintf("proof hash %d is not a base64 SHA-256", i+1)}
			}
			copy(proof[i][:], b)
		}
		if e.Seq < 1 || e.Seq > cp.Size {
			return cp, &auditlog.VerifyError{Seq: e.Seq, Reason: fmt.Sprintf("the event is outside the checkpoint's %d events", cp.Size)}
		}
		if err := tlog.CheckRecord(proof, cp.Size, cp.Root, e.Seq-1, leaf); err != nil {
			return cp, &auditlog.VerifyError{Seq: e.Seq, Reason: "the inclusion proof does not lead to the signed root"}
		}
	}
	return cp, nil
}

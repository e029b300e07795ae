package db

import (
	"context"
	"fmt"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// Batch is a set of new rows that Load stores in one transaction: sources,
// then documents, then claims, then verdicts (proposed), so that a row may
// refer to one earlier in the batch or in the database. Its times are the
// rows' own (a corpus spread over years), not the transaction's.
type Batch struct {
	Sources   []*claims.Source
	Documents []*claims.Document
	Claims    []*claims.Claim
	Verdicts  []*claims.Verdict
}

// Load is the bulk path: it stores a batch of thousands of rows in one
// transaction, each with its own audit event and Merkle tree hashes, and
// each claim with its index row, exactly as the one-row methods would, so
// the log verifies and search finds them. It skips what only an editor's
// input needs: quotes must come anchored (Start, End and context set), and
// a verdict's claim goes to status proposed without the workflow's checks.
// Every row is validated; one invalid row fails the whole batch.
func (db *DB) Load(ctx context.Context, actor claims.Actor, b *Batch) error {
	n := len(b.Sources) + len(b.Documents) + len(b.Claims) + len(b.Verdicts)
	return db.writeMany(ctx, n, func(tx *Tx) error {
		names := make(map[string]sourceNames) // the index text of each source seen, by id
		for _, s := range b.Sources {
			s.Normalize()
			if err := s.Validate(); err != nil {
				return err
			}
			s.ID, s.Version = newID(), 1
			s.CreatedAt, s.UpdatedAt = utc(s.CreatedAt, tx.now), utc(s.UpdatedAt, tx.now)
			if err := insertSource(tx, s); err != nil {
				return fmt.Errorf("insert source: %w", err)
			}
			if err := tx.appendEvent(actor, "source.create", "source", s.ID, "", s); err != nil {
				return err
			}
		}
		for _, d := range b.Documents {
			if d.Links == nil {
				d.Links = []claims.Link{}
			}
			if err := d.Validate(); err != nil {
				return err
			}
			d.ID, d.SHA256, d.CreatedAt, d.CreatedBy = newID(), claims.BodyHash(d.Body), utc(d.CreatedAt, tx.now), actor.Name
			if err := insertDocument(tx, d); err != nil {
				return err
			}
			logged := *d
			logged.Body = ""
			if err := tx.appendEvent(actor, "document.import", "document", d.ID, "", logged); err != nil {
				return err
			}
		}
		for _, c := range b.Claims {
			c.Normalize()
			c.Status = claims.StatusNew
			if err := c.Validate(); err != nil {
				return err
			}
			c.ID, c.Version, c.CreatedBy = newID(), 1, actor.Name
			c.CreatedAt, c.UpdatedAt = utc(c.CreatedAt, tx.now), utc(c.UpdatedAt, tx.now)
			c.Source, c.Verdicts = nil, nil
			// Each source's names are read once per batch.
			src, ok := names[c.SourceID]
			if !ok {
				var err error
				if src, ok, err = readSourceNames(tx, c.SourceID); err != nil {
					return err
				} else if !ok {
					return fmt.Errorf("claim %q: no source %s", c.Text, c.SourceID)
				}
				names[c.SourceID] = src
			}
			if err := insertClaim(tx, c, src); err != nil {
				return err
			}
			if err := tx.appendEvent(actor, "claim.create", "claim", c.ID, c.ID, c); err != nil {
				return err
			}
		}
		for _, v := range b.Verdicts {
			v.Normalize()
			if err := v.Validate(); err != nil {
				return err
			}
			v.ID, v.State, v.CreatedAt = newID(), claims.VerdictProposed, utc(v.CreatedAt, tx.now)
			v.AuthorID, v.AuthorName = actor.UserID, actor.Name
			if err := insertVerdict(tx, v); err != nil {
				return fmt.Errorf("insert verdict: %w", err)
			}
			if err := indexClaim(tx, v.ClaimID); err != nil {
				return err
			}
			version, err := setClaimStatus(tx, v.ClaimID, claims.StatusProposed)
			if err != nil {
				return fmt.Errorf("set claim status: %w", err)
			}
			if err := tx.appendEvent(actor, "verdict.propose", "verdict", v.ID, v.ClaimID,
				map[string]any{"verdict": v, "claim_status": claims.StatusProposed, "claim_version": version}); err != nil {
				return err
			}
		}
		return nil
	})
}

// utc returns t in UTC, or now when t is zero.
func utc(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC().Round(0)
}

package db

import (
	"context"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// ReopenClaim sends a published claim back to review, with one
// claim.reopen event holding the reason. Its approved verdict stays
// approved, and visible, until the next approval supersedes it: a
// correction is a new verdict, never an edit. A missing claim is
// ENOTFOUND, a claim that is not published or whose version is not
// version (when version is not 0) ECONFLICT, an actor without the editor
// role EFORBIDDEN, an empty reason EINVALID.
func (db *DB) ReopenClaim(ctx context.Context, actor claims.Actor, id, reason string, version int) (*claims.Claim, error) {
	reason = strings.TrimSpace(reason)
	var p claims.Problems
	p.Check(reason != "", "reason", "is required: say why the claim is reopened")
	p.Check(len(reason) <= claims.MaxLongText, "reason", "is too long")
	if err := p.Err(); err != nil {
		return nil, err
	}
	return writeValue(ctx, db, func(tx *Tx) (*claims.Claim, error) {
		c, err := findClaim(tx, id)
		if err != nil {
			return nil, err
		}
		if version != 0 && version != c.Version {
			return nil, claims.Errorf(claims.ECONFLICT,
				"This claim changed since you loaded it (version %d, now %d). Reload it and try again.", version, c.Version)
		}
		if _, err := checkReview(tx, actor, claims.ActionReopen, c, nil); err != nil {
			return nil, err
		}
		old := c.Status
		status, v, err := reviewClaim(tx, claims.ActionReopen, c)
		if err != nil {
			return nil, err
		}
		c.Status, c.Version, c.UpdatedAt = status, v, tx.now
		if err := tx.appendEvent(actor, "claim.reopen", "claim", c.ID, c.ID, map[string]any{
			"reason": reason, "changes": map[string]any{"status": map[string]any{"old": old, "new": status}}, "claim_version": v,
		}); err != nil {
			return nil, err
		}
		return c, nil
	})
}

package db

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
)

// FindCurrentVerdicts returns the current verdict of each claim of the
// document that has one (see claims.VerdictService). One query walks the
// document's claims (claims_document_id) and their verdicts
// (verdicts_claim_id), oldest first, as currentVerdict expects.
func (db *DB) FindCurrentVerdicts(ctx context.Context, documentID string) (map[string]*claims.Verdict, error) {
	out := map[string]*claims.Verdict{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`
			SELECT v.id, v.claim_id, v.attribution, v.rating, v.rationale, v.evidence, v.state,
			       v.author_id, v.author_name, v.approver_id, v.approver_name, v.reason, v.created_at, v.decided_at
			FROM claims c JOIN verdicts v ON v.claim_id = c.id
			WHERE c.document_id = CAST(? AS TEXT) -- CAST: see TestHotReadsStayPrepared
			ORDER BY v.claim_id, v.created_at, v.rowid`, documentID)
		if err != nil {
			return fmt.Errorf("query document verdicts: %w", err)
		}
		defer rows.Close()
		byClaim := map[string][]*claims.Verdict{}
		for rows.Next() {
			v, err := scanVerdict(rows)
			if err != nil {
				return fmt.Errorf("scan verdict: %w", err)
			}
			byClaim[v.ClaimID] = append(byClaim[v.ClaimID], v)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for id, vs := range byClaim {
			if v := currentVerdict(vs); v != nil {
				out[id] = v
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// ProposeVerdict validates v and stores it as proposed by actor, then sets
// the claim's review status from all its verdicts and bumps its version,
// with one verdict.propose event. A missing claim is ENOTFOUND; what the
// workflow refuses (claims.Review) is EFORBIDDEN or ECONFLICT. It sets v's
// ID, state, author and CreatedAt.
func (db *DB) ProposeVerdict(ctx context.Context, actor claims.Actor, v *claims.Verdict) error {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		c, err := findClaim(tx, v.ClaimID)
		if err != nil {
			return err
		}
		if _, err := checkReview(tx, actor, claims.ActionPropose, c, nil); err != nil {
			return err
		}
		v.ID, v.State, v.CreatedAt = newID(), claims.VerdictProposed, tx.now
		v.AuthorID, v.AuthorName = actor.UserID, actor.Name
		v.ApproverID, v.ApproverName, v.Reason, v.DecidedAt = "", "", "", nil
		if err := insertVerdict(tx, v); err != nil {
			return fmt.Errorf("insert verdict: %w", err)
		}
		// The claim's index row holds its verdicts' rationales.
		if err := indexClaim(tx, c.ID); err != nil {
			return err
		}
		status, version, err := reviewClaim(tx, claims.ActionPropose, c)
		if err != nil {
			return err
		}
		return tx.appendEvent(actor, "verdict.propose", "verdict", v.ID, c.ID,
			map[string]any{"verdict": v, "claim_status": status, "claim_version": version})
	})
}

// FindVerdictByID returns the verdict, or ENOTFOUND.
func (db *DB) FindVerdictByID(ctx context.Context, id string) (*claims.Verdict, error) {
	return readValue(ctx, db, func(tx *Tx) (*claims.Verdict, error) { return findVerdict(tx, id) })
}

// ApproveVerdict approves a proposed verdict written by someone else:
// the claim's approved verdicts become superseded, the claim is published
// and its version bumped, with one verdict.approve event. Deciding one's own
// verdict is EFORBIDDEN, deciding one that is no longer proposed ECONFLICT
// (so of two concurrent approvals exactly one succeeds: the writer
// connection serialises them, and the second finds the verdict approved).
func (db *DB) ApproveVerdict(ctx context.Context, actor claims.Actor, id string) (*claims.Verdict, error) {
	return db.decide(ctx, actor, id, claims.ActionApprove, "", func(tx *Tx, v *claims.Verdict) (map[string]any, error) {
		rows, err := tx.query(`
			UPDATE verdicts SET state = 'superseded' WHERE claim_id = ? AND state = 'approved' RETURNING id`, v.ClaimID)
		if err != nil {
			return nil, fmt.Errorf("supersede verdicts: %w", err)
		}
		superseded, err := scanIDs(rows)
		if err != nil {
			return nil, fmt.Errorf("supersede verdicts: %w", err)
		}
		return map[string]any{"superseded": superseded}, nil
	})
}

// RejectVerdict rejects a proposed verdict written by someone else and sets
// the claim's status from the verdicts left, with one verdict.reject event.
// The reason is required (EINVALID); the rules of ApproveVerdict apply.
func (db *DB) RejectVerdict(ctx context.Context, actor claims.Actor, id, reason string) (*claims.Verdict, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fieldError("reason", "is required: say why the verdict is rejected")
	}
	return db.decide(ctx, actor, id, claims.ActionReject, reason, noPrepare(reason))
}

// WithdrawVerdict lets the author take back a verdict that is still
// proposed, with one verdict.withdraw event; the claim's status follows
// from the verdicts left (a dispute can end this way). Someone else's
// verdict is EFORBIDDEN, one no longer proposed ECONFLICT.
func (db *DB) WithdrawVerdict(ctx context.Context, actor claims.Actor, id, reason string) (*claims.Verdict, error) {
	reason = strings.TrimSpace(reason)
	if len(reason) > claims.MaxLongText {
		return nil, fieldError("reason", "is too long")
	}
	return db.decide(ctx, actor, id, claims.ActionWithdraw, reason, noPrepare(reason))
}

func noPrepare(reason string) func(*Tx, *claims.Verdict) (map[string]any, error) {
	return func(*Tx, *claims.Verdict) (map[string]any, error) {
		return map[string]any{"reason": reason}, nil
	}
}

// decide records a step on the verdict id (approve, reject or withdraw,
// with reason) in one write transaction: it checks the step against the
// workflow, runs prepare, which does what the step needs besides and
// returns the event's data, records the new state, sets the claim's status
// and appends a verdict.<action> event. A missing verdict is ENOTFOUND.
func (db *DB) decide(ctx context.Context, actor claims.Actor, id string, action claims.ReviewAction, reason string,
	prepare func(tx *Tx, v *claims.Verdict) (map[string]any, error)) (*claims.Verdict, error) {
	return writeValue(ctx, db, func(tx *Tx) (*claims.Verdict, error) {
		v, err := findVerdict(tx, id)
		if err != nil {
			return nil, err
		}
		c, err := findClaim(tx, v.ClaimID)
		if err != nil {
			return nil, fmt.Errorf("verdict %s claim: %w", id, err)
		}
		state, err := checkReview(tx, actor, action, c, v)
		if err != nil {
			return nil, err
		}
		data, err := prepare(tx, v)
		if err != nil {
			return nil, err
		}
		if err := recordDecision(tx, v, actor, state, reason); err != nil {
			return nil, err
		}
		status, version, err := reviewClaim(tx, action, c)
		if err != nil {
			return nil, err
		}
		data["claim_status"], data["claim_version"] = status, version
		if err := tx.appendEvent(actor, "verdict."+string(action), "verdict", v.ID, v.ClaimID, data); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// recordDecision records the verdict's new state and updates v to match.
// A withdrawal names no approver: the author took it back.
func recordDecision(tx *Tx, v *claims.Verdict, actor claims.Actor, state claims.VerdictState, reason string) error {
	now := tx.now
	approverID, approverName := actor.UserID, actor.Name
	if state == claims.VerdictWithdrawn {
		approverID, approverName = "", ""
	}
	if _, err := tx.exec(`
		UPDATE verdicts SET state = ?, approver_id = ?, approver_name = ?, reason = ?, decided_at = ? WHERE id = ?`,
		state, approverID, approverName, reason, now, v.ID); err != nil {
		return fmt.Errorf("decide verdict: %w", err)
	}
	v.State, v.ApproverID, v.ApproverName, v.Reason, v.DecidedAt = state, approverID, approverName, reason, &now
	return nil
}

// checkReview checks a workflow step by actor with the roles actor holds
// now, read in the same transaction, so a role removed a moment ago counts.
// An actor who is no user (the system) holds no roles.
func checkReview(tx *Tx, actor claims.Actor, action claims.ReviewAction, c *claims.Claim, v *claims.Verdict) (claims.VerdictState, error) {
	by := &claims.User{ID: actor.UserID, Name: actor.Name}
	if actor.UserID != "" {
		u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, actor.UserID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("find reviewer: %w", err)
		} else if err == nil {
			by = u
		}
	}
	return claims.Review{Action: action, By: by, Claim: c.Status, Verdict: v}.Check()
}

// reviewClaim sets the claim's status after action from all its verdicts
// (claims.StatusAfter) and bumps its version, returning both.
func reviewClaim(tx *Tx, action claims.ReviewAction, c *claims.Claim) (claims.Status, int, error) {
	verdicts, err := findClaimVerdicts(tx, c.ID)
	if err != nil {
		return "", 0, err
	}
	status := claims.StatusAfter(action, c.Status, verdicts)
	version, err := setClaimStatus(tx, c.ID, status)
	if err != nil {
		return "", 0, fmt.Errorf("set claim status: %w", err)
	}
	return status, version, nil
}

func insertVerdict(tx *Tx, v *claims.Verdict) error {
	ev, err := json.Marshal(v.Evidence)
	if err != nil {
		return err
	}
	_, err = tx.exec(`
		INSERT INTO verdicts (id, claim_id, attribution, rating, rationale, evidence, state,
		                      author_id, author_name, approver_id, approver_name, reason, created_at, decided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.ClaimID, v.Attribution, v.Rating, v.Rationale, string(ev), v.State,
		v.AuthorID, v.AuthorName, v.ApproverID, v.ApproverName, v.Reason, v.CreatedAt, v.DecidedAt)
	return err
}

// findVerdict returns the verdict with id, or ENOTFOUND.
func findVerdict(tx *Tx, id string) (*claims.Verdict, error) {
	v, err := scanVerdict(tx.queryRow(`
		SELECT id, claim_id, attribution, rating, rationale, evidence, state,
		       author_id, author_name, approver_id, approver_name, reason, created_at, decided_at
		FROM verdicts WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "Verdict not found.", "find verdict")
	}
	return v, nil
}

// findClaimVerdicts returns the claim's verdicts, oldest first.
func findClaimVerdicts(tx *Tx, claimID string) ([]*claims.Verdict, error) {
	rows, err := tx.query(`
		SELECT id, claim_id, attribution, rating, rationale, evidence, state,
		       author_id, author_name, approver_id, approver_name, reason, created_at, decided_at
		FROM verdicts WHERE claim_id = CAST(? AS TEXT) ORDER BY created_at, rowid`, claimID)
	if err != nil {
		return nil, fmt.Errorf("query verdicts: %w", err)
	}
	defer rows.Close()
	list := []*claims.Verdict{}
	for rows.Next() {
		v, err := scanVerdict(rows)
		if err != nil {
			return nil, fmt.Errorf("scan verdict: %w", err)
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// scanVerdict reads the columns of findVerdict. It returns the Scan error
// unwrapped.
func scanVerdict(row scanner) (*claims.Verdict, error) {
	var v claims.Verdict
	var ev string
	var decided sql.Null[time.Time]
	if err := row.Scan(&v.ID, &v.ClaimID, &v.Attribution, &v.Rating, &v.Rationale, &ev, &v.State,
		&v.AuthorID, &v.AuthorName, &v.ApproverID, &v.ApproverName, &v.Reason, &v.CreatedAt, &decided); err != nil {
		return nil, err
	}
	if decided.Valid {
		v.DecidedAt = &decided.V
	}
	if err := json.Unmarshal([]byte(ev), &v.Evidence); err != nil {
		return nil, fmt.Errorf("verdict %s evidence: %w", v.ID, err)
	}
	return &v, nil
}

// scanIDs reads a single text column from every row and closes rows.
func scanIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

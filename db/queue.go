package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// queuePlan says how the "new in my documents" queue is read; the other
// queues have one plan each.
type queuePlan int

const (
	// byDocument starts from the user's documents (documents_created_by)
	// and reads their new claims (claims_new_document, a partial index of
	// the new claims only), then sorts them: the work is the queue itself.
	byDocument queuePlan = iota
	// byTime walks all new claims newest first (claims_new, which holds
	// each one's document) against the set of the user's documents, and
	// reads rows only for the claims it keeps: the work is the new claims
	// newer than the page's last, never more than that index.
	byTime
)

// bigQueue is the length of the "new in my documents" queue from which a
// page walks the new claims by time instead of sorting the whole queue.
const bigQueue = 1000

// queueFrom is the FROM clause, conditions and arguments of one review
// queue, the claims table named c. Each queue is planned onto one index
// (see TestQueue_Plans); a "+" in front of a column keeps SQLite from
// choosing another index for a filter that narrows little, such as the
// kind, which would walk half the table in creation order, and INDEXED BY
// and CROSS JOIN pin plans that SQLite, without statistics, would not
// choose:
//
//   - assigned: claims_open_assignee, the partial index of the assigned
//     claims that are not published, in creation order: a page reads one
//     page of index entries however many claims the checker has closed.
//   - approval and disputed: claims_status in creation order; the approval
//     queue skips the claims whose only proposed verdicts are the user's
//     own, one lookup in verdicts_claim_id each (the "+" keeps any index
//     led by state out of it, which would read every proposed verdict for
//     every claim).
//   - new: byDocument for counting and for a queue shorter than bigQueue,
//     byTime for a longer one (see queuePlan). Either way a page costs at
//     most bigQueue claims sorted or one walk of the new claims' index.
func queueFrom(f claims.QueueFilter, plan queuePlan) (from string, where []string, args []any) {
	switch f.Queue {
	case claims.QueueAssigned:
		from = "claims c"
		where = []string{"c.assignee = CAST(? AS TEXT)", "c.status <> 'published'"}
		args = []any{f.UserID}
	case claims.QueueApproval:
		from = "claims c"
		where = []string{"c.status = 'proposed'", `EXISTS (SELECT 1 FROM verdicts v
			WHERE v.claim_id = c.id AND +v.state = 'proposed' AND v.author_id <> CAST(? AS TEXT))`}
		args = []any{f.UserID}
	case claims.QueueDisputed:
		from = "claims c"
		where = []string{"c.status = 'disputed'"}
	case claims.QueueNew:
		if plan == byTime {
			from = "claims c INDEXED BY claims_new"
			where = []string{"c.status = 'new'", "c.document_id IN (SELECT id FROM documents WHERE created_by = CAST(? AS TEXT))"}
		} else {
			from = "documents d CROSS JOIN claims c INDEXED BY claims_new_document ON c.document_id = d.id"
			where = []string{"d.created_by = CAST(? AS TEXT)", "c.status = 'new'"}
		}
		args = []any{f.UserName}
	}
	if f.Kind != "" {
		where, args = append(where, "+c.kind = CAST(? AS TEXT)"), append(args, string(f.Kind))
	}
	return from, where, args
}

// planQueue chooses how to read f: byTime for a long "new in my
// documents" queue, byDocument otherwise.
func planQueue(tx *Tx, f claims.QueueFilter) (queuePlan, error) {
	if f.Queue != claims.QueueNew {
		return byDocument, nil
	}
	n, err := countQueue(tx, f, bigQueue)
	if err != nil || n < bigQueue {
		return byDocument, err
	}
	return byTime, nil
}

// countQueue counts f's claims up to atMost.
func countQueue(tx *Tx, f claims.QueueFilter, atMost int) (int, error) {
	from, where, args := queueFrom(f, byDocument)
	var n int
	err := tx.queryRow(`SELECT count(*) FROM (SELECT 1 FROM `+from+`
		WHERE `+strings.Join(where, " AND ")+` LIMIT CAST(? AS INTEGER))`, append(args, atMost)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count queue: %w", err)
	}
	return n, nil
}

// FindQueue returns a page of a review queue, newest first (see
// claims.QueueService).
func (db *DB) FindQueue(ctx context.Context, f claims.QueueFilter) ([]*claims.Claim, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	limit := claims.PageSize(f.Limit)
	cur, after, err := decodeTimeCursor(f.Cursor)
	if err != nil {
		return nil, "", err
	}
	var list []*claims.Claim
	err = db.read(ctx, func(tx *Tx) error {
		plan, err := planQueue(tx, f)
		if err != nil {
			return err
		}
		from, where, args := queueFrom(f, plan)
		if cur.ID != "" {
			where, args = append(where, "(c.created_at, c.id) < (CAST(? AS TEXT), CAST(? AS TEXT))"), append(args, after, cur.ID)
		}
		rows, err := tx.query(`SELECT `+claimListColumns+`
			FROM `+from+` JOIN sources s ON s.id = c.source_id
			WHERE `+strings.Join(where, " AND ")+`
			ORDER BY c.created_at DESC, c.id DESC
			LIMIT CAST(? AS INTEGER)`, append(args, limit+1)...)
		if err != nil {
			return fmt.Errorf("query queue: %w", err)
		}
		list, err = scanClaimList(rows, nil)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	list, next := cutPage(list, limit, func(c *claims.Claim) string { return encodeCursor(timeKey(c.CreatedAt), c.ID) })
	return list, next, nil
}

// CountQueue counts a review queue up to atMost claims.
func (db *DB) CountQueue(ctx context.Context, f claims.QueueFilter, atMost int) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	if atMost < 1 {
		return 0, claims.Errorf(claims.EINVALID, "Count at least one claim.")
	}
	var n int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		n, err = countQueue(tx, f, atMost)
		return err
	})
	return n, err
}

// QueueNeighbors returns the claims around id in a review queue (see
// claims.QueueService): two index lookups, one in each direction.
func (db *DB) QueueNeighbors(ctx context.Context, f claims.QueueFilter, id string) (prev, next string, err error) {
	if err := f.Validate(); err != nil {
		return "", "", err
	}
	err = db.read(ctx, func(tx *Tx) error {
		var at time.Time
		if err := tx.queryRow(`SELECT created_at FROM claims WHERE id = ?`, id).Scan(&at); err != nil {
			return notFound(err, "Claim not found.", "find claim")
		}
		plan, err := planQueue(tx, f)
		if err != nil {
			return err
		}
		from, where, args := queueFrom(f, plan)
		neighbour := func(cmp, order string) (string, error) {
			var nid string
			err := tx.queryRow(`SELECT c.id FROM `+from+`
				WHERE `+strings.Join(append(where, "(c.created_at, c.id) "+cmp+" (CAST(? AS TEXT), CAST(? AS TEXT))"), " AND ")+`
				ORDER BY c.created_at `+order+`, c.id `+order+` LIMIT 1`, append(args, at, id)...).Scan(&nid)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return "", fmt.Errorf("queue neighbour: %w", err)
			}
			return nid, nil
		}
		if prev, err = neighbour(">", "ASC"); err != nil {
			return err
		}
		next, err = neighbour("<", "DESC")
		return err
	})
	if err != nil {
		return "", "", err
	}
	return prev, next, nil
}

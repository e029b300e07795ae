package claims

import "context"

// Queue names one list of the review queue: the claims that need the
// person looking at it.
type Queue string

// Review queues, in the order the queue page offers them.
const (
	// QueueAssigned holds the claims assigned to the user that are not
	// published yet.
	QueueAssigned Queue = "assigned"
	// QueueApproval holds the claims with a proposed verdict the user did
	// not write: an editor's approvals to give.
	QueueApproval Queue = "approval"
	// QueueDisputed holds the claims whose proposed verdicts disagree.
	QueueDisputed Queue = "disputed"
	// QueueNew holds the new claims in documents the user imported.
	QueueNew Queue = "new"
)

// Queues lists the review queues.
var Queues = []Queue{QueueAssigned, QueueApproval, QueueDisputed, QueueNew}

// QueueFilter selects one review queue of one user, newest claim first.
// Cursor pages on from where the last page stopped.
type QueueFilter struct {
	Queue    Queue
	UserID   string // the assignee of QueueAssigned; whose verdicts QueueApproval leaves out
	UserName string // the importer of the documents of QueueNew (documents keep the actor's name)
	Kind     Kind   // optional
	Limit    int
	Cursor   string
}

// Validate checks the queue, the user and the kind.
func (f *QueueFilter) Validate() error {
	var p Problems
	p.Check(oneOf(f.Queue, Queues), "queue", "must be one of %s", JoinValues(Queues))
	p.Check(f.Kind == "" || oneOf(f.Kind, Kinds), "kind", "must be one of %s", JoinValues(Kinds))
	p.Check(f.UserID != "" || (f.Queue != QueueAssigned && f.Queue != QueueApproval), "user", "is required for this queue")
	p.Check(f.UserName != "" || f.Queue != QueueNew, "user", "is required for this queue")
	checkLimit(&p, f.Limit)
	return p.Err()
}

// QueueService reads the review queues. Every method is served by an
// index, so that a queue costs the same at a thousand claims and at a
// million.
type QueueService interface {
	// FindQueue returns a page of the queue, newest first, each claim with
	// its source and document title, and the cursor of the next page
	// ("" on the last). A malformed cursor is EINVALID.
	FindQueue(ctx context.Context, f QueueFilter) ([]*Claim, string, error)
	// CountQueue returns how many claims the queue holds, counting no
	// further than atMost: a tab says "99+" rather than paying for an
	// exact count of a long backlog.
	CountQueue(ctx context.Context, f QueueFilter, atMost int) (int, error)
	// QueueNeighbors returns the ids of the claims just before (newer) and
	// just after (older) the claim id in the queue, "" at either end. The
	// claim need not be in the queue any more (a verdict moved it on): its
	// neighbours are where it would have been. An unknown claim is
	// ENOTFOUND.
	QueueNeighbors(ctx context.Context, f QueueFilter, id string) (prev, next string, err error)
}

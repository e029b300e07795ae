package claims

import (
	"context"
	"strings"
	"time"
)

// Comment is one entry of a claim's internal discussion thread. Comments
// are for the newsroom, never exported with the claim, and like every
// change they are audit events (comment.create).
type Comment struct {
	ID         string    `json:"id"`
	ClaimID    string    `json:"claim_id"`
	AuthorID   string    `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Validate trims the body and checks it.
func (c *Comment) Validate() error {
	c.Body = strings.TrimSpace(c.Body)
	var p Problems
	checkRequired(&p, "body", c.Body, MaxLongText)
	return p.Err()
}

// CommentService keeps the discussion threads of claims.
type CommentService interface {
	// CreateComment stores c by actor on its claim (ENOTFOUND when there
	// is no such claim) and sets its ID, author and CreatedAt. Comments are
	// never edited or deleted: the thread is part of the record.
	CreateComment(ctx context.Context, actor Actor, c *Comment) error
	// FindComments returns the claim's comments, oldest first.
	FindComments(ctx context.Context, claimID string) ([]*Comment, error)
}

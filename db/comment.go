package db

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
)

// CreateComment validates c and stores it by actor on its claim, with one
// comment.create event in the claim's history. A missing claim is
// ENOTFOUND. It sets c's ID, author and CreatedAt.
func (db *DB) CreateComment(ctx context.Context, actor claims.Actor, c *claims.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		if _, err := findClaim(tx, c.ClaimID); err != nil {
			return err
		}
		c.ID, c.AuthorID, c.AuthorName, c.CreatedAt = newID(), actor.UserID, actor.Name, tx.now
		if _, err := tx.exec(`
			INSERT INTO comments (id, claim_id, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, c.ClaimID, c.AuthorID, c.AuthorName, c.Body, c.CreatedAt); err != nil {
			return fmt.Errorf("insert comment: %w", err)
		}
		return tx.appendEvent(actor, "comment.create", "comment", c.ID, c.ClaimID, c)
	})
}

// FindComments returns the claim's comments, oldest first; a claim without
// any (or no such claim) gives an empty list.
func (db *DB) FindComments(ctx context.Context, claimID string) ([]*claims.Comment, error) {
	return readValue(ctx, db, func(tx *Tx) ([]*claims.Comment, error) {
		rows, err := tx.query(`
			SELECT id, claim_id, author_id, author_name, body, created_at
			FROM comments WHERE claim_id = CAST(? AS TEXT) ORDER BY created_at, rowid`, claimID)
		if err != nil {
			return nil, fmt.Errorf("query comments: %w", err)
		}
		defer rows.Close()
		list := []*claims.Comment{}
		for rows.Next() {
			var c claims.Comment
			if err := rows.Scan(&c.ID, &c.ClaimID, &c.AuthorID, &c.AuthorName, &c.Body, &c.CreatedAt); err != nil {
				return nil, fmt.Errorf("scan comment: %w", err)
			}
			list = append(list, &c)
		}
		return list, rows.Err()
	})
}

package db

import "context"

// shortRead returns ctx without its cancellation, for the reads that
// every page and API request makes and that take well under a
// millisecond (a claim, a user, a credential, a claim's history).
// database/sql watches a cancellable context with a goroutine of its own
// for every transaction and every query, and the driver turns BEGIN and
// ROLLBACK into a longer path; for these reads that cost more than the
// reads, and a cancelled request loses nothing by letting them finish.
// Reads that can take long (searches, lists, the export) keep the
// request's context.
func shortRead(ctx context.Context) context.Context {
	return context.WithoutCancel(ctx)
}

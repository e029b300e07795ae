// Package claims holds claimtrail's domain: documents, sources, claims with
// their provenance, verdicts, users and the audit log; the rules they obey;
// the one error type; and the interfaces a storage engine implements.
// It imports nothing of claimtrail's and no database or HTTP package.
package claims

// Store is everything claimtrail keeps. Package db implements it on SQLite;
// another engine implements the same interface.
type Store interface {
	SourceService
	DocumentService
	ClaimService
	VerdictService
	CommentService
	UserService
	AccountService
	AuditService
	QueueService
	DashboardService
}

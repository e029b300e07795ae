package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
)

// public marks a route anyone may use, signed in or not. Every other route
// names the role it needs; a route with no role is refused at startup.
const public claims.Role = "public"

// route is one entry of the route table.
type route struct {
	method  string
	path    string
	role    claims.Role
	handler http.HandlerFunc
}

// routes is the one place that says who may use what.
func (s *Server) routes() []route {
	const (
		viewer  = claims.RoleViewer
		editor  = claims.RoleEditor
		checker = claims.RoleChecker
		admin   = claims.RoleAdmin
	)
	return []route{
		{"GET", "/healthz", public, s.handleHealth},
		{"GET", "/static/{file}", public, s.handleStatic},

		// Signing in and out.
		{"GET", "/login", public, s.handleLoginPage},
		{"POST", "/login", public, s.handleLogin},
		{"POST", "/logout", viewer, s.handleLogout},
		{"GET", "/setup", public, s.handleSetupPage},
		// The header's language switcher works before signing in too.
		{"POST", "/language", public, s.handleLanguage},
		{"POST", "/setup", public, s.handleSetup},

		// Search and claim matching (issue 7). Before the JSON API's
		// /api/v1/claims/{id}, which would otherwise take "similar" for an
		// id. Searching is ?q= on the claim and document lists.
		{"GET", "/api/v1/claims/similar", viewer, s.handleAPIClaimSimilar},
		// End of search.

		// JSON API v1.
		{"GET", "/api/v1/sources", viewer, s.handleAPISourceList},
		{"POST", "/api/v1/sources", editor, s.handleAPISourceCreate},
		{"GET", "/api/v1/sources/{id}", viewer, s.handleAPISourceView},
		{"PATCH", "/api/v1/sources/{id}", editor, s.handleAPISourceUpdate},
		{"GET", "/api/v1/documents", viewer, s.handleAPIDocumentList},
		{"POST", "/api/v1/documents", editor, s.handleAPIDocumentCreate},
		{"GET", "/api/v1/documents/{id}", viewer, s.handleAPIDocumentView},
		{"GET", "/api/v1/claims", viewer, s.handleAPIClaimList},
		{"POST", "/api/v1/claims", editor, s.handleAPIClaimCreate},
		{"GET", "/api/v1/claims/{id}", viewer, s.handleAPIClaimView},
		{"PATCH", "/api/v1/claims/{id}", editor, s.handleAPIClaimUpdate},
		{"GET", "/api/v1/claims/{id}/history", viewer, s.handleAPIClaimHistory},
		{"POST", "/api/v1/claims/{id}/verdicts", checker, s.handleAPIVerdictCreate},
		{"POST", "/api/v1/verdicts/{id}/approve", editor, s.handleAPIVerdictApprove},
		{"POST", "/api/v1/verdicts/{id}/reject", editor, s.handleAPIVerdictReject},
		{"GET", "/api/v1/audit", viewer, s.handleAPIAuditList},
		// Anyone may check the log: checkpoints, the key and proofs reveal
		// hashes only.
		{"GET", "/api/v1/audit/checkpoint", public, s.handleAPIAuditCheckpoint},
		{"GET", "/api/v1/audit/key", public, s.handleAPIAuditKey},
		{"GET", "/api/v1/audit/consistency", public, s.handleAPIAuditConsistency},
		{"GET", "/api/v1/audit/{seq}/proof", public, s.handleAPIAuditProof},
		{"GET", "/api/v1/export/audit.jsonl", viewer, s.handleAPIExportAudit},
		{"GET", "/api/v1/export/claimreview.jsonld", viewer, s.handleAPIExportClaimReview},
		{"GET", "/api/v1/export/claims.csv", viewer, s.handleAPIExportClaimsCSV},
		{"GET", "/api/v1/claims/{id}/bundle", viewer, s.handleAPIClaimBundle},
		{"GET", "/api/v1/documents/{id}/bundle", viewer, s.handleAPIDocumentBundle},

		// Claim suggestions (issue 6): list a document's suggested claims;
		// accept some or all of them as claims.
		{"GET", "/api/v1/documents/{id}/suggestions", viewer, s.handleAPISuggestionList},
		{"POST", "/api/v1/documents/{id}/suggestions/accept", editor, s.handleAPISuggestionAccept},
		{"POST", "/documents/{id}/suggestions/accept", editor, s.handleSuggestionAccept},

		// Pages.
		{"GET", "/", viewer, s.handleHome}, // the review queue
		{"GET", "/dashboard", viewer, s.handleDashboard},
		{"GET", "/claims", viewer, s.handleClaimList},
		{"GET", "/claims/new", editor, s.handleClaimNew},
		{"POST", "/claims", editor, s.handleClaimCreate},
		{"GET", "/claims/{id}", viewer, s.handleClaimView},
		{"GET", "/claims/{id}/edit", editor, s.handleClaimEdit},
		{"POST", "/claims/{id}", editor, s.handleClaimUpdate},
		{"POST", "/claims/{id}/verdicts", checker, s.handleVerdictCreate},
		{"POST", "/verdicts/{id}/approve", editor, s.handleVerdictApprove},
		{"POST", "/verdicts/{id}/reject", editor, s.handleVerdictReject},
		{"GET", "/documents", viewer, s.handleDocumentList},
		{"GET", "/documents/new", editor, s.handleDocumentNew},
		{"POST", "/documents", editor, s.handleDocumentCreate},
		{"GET", "/documents/{id}", viewer, s.handleDocumentView},
		{"GET", "/sources", viewer, s.handleSourceList},
		{"GET", "/sources/new", editor, s.handleSourceNew},
		{"POST", "/sources", editor, s.handleSourceCreate},
		{"GET", "/sources/{id}", viewer, s.handleSourceView},
		{"GET", "/sources/{id}/edit", editor, s.handleSourceEdit},
		{"POST", "/sources/{id}", editor, s.handleSourceUpdate},
		{"GET", "/audit", viewer, s.handleAuditList},
		{"GET", "/admin/users", admin, s.handleUserList},
		{"POST", "/admin/users", admin, s.handleUserCreate},

		// Review workflow (issue 4): withdraw, reopen, assignment and the
		// claims' discussion threads. Who may take a step on which verdict
		// is decided again by claims.Review inside the store.
		{"POST", "/api/v1/verdicts/{id}/withdraw", checker, s.handleAPIVerdictWithdraw},
		{"POST", "/api/v1/claims/{id}/reopen", editor, s.handleAPIClaimReopen},
		{"GET", "/api/v1/claims/{id}/comments", viewer, s.handleAPICommentList},
		{"POST", "/api/v1/claims/{id}/comments", viewer, s.handleAPICommentCreate},
		{"POST", "/verdicts/{id}/withdraw", checker, s.handleVerdictWithdraw},
		{"POST", "/claims/{id}/reopen", editor, s.handleClaimReopen},
		{"POST", "/claims/{id}/assign", editor, s.handleClaimAssign},
		{"POST", "/claims/{id}/comments", viewer, s.handleCommentCreate},

		// Accounts (issue 4): a user's own password and API tokens. A
		// token belongs to its user; revoking someone else's needs admin,
		// which the handler checks (revokeToken).
		{"GET", "/account", viewer, s.handleAccount},
		{"POST", "/account/password", viewer, s.handleAccountPassword},
		{"POST", "/account/tokens", viewer, s.handleAccountTokenCreate},
		{"POST", "/account/tokens/{id}/revoke", viewer, s.handleAccountTokenRevoke},
		{"GET", "/api/v1/tokens", viewer, s.handleAPITokenList},
		{"POST", "/api/v1/tokens", viewer, s.handleAPITokenCreate},
		{"POST", "/api/v1/tokens/{id}/revoke", viewer, s.handleAPITokenRevoke},
		// Admins manage accounts and the sign-in policy.
		{"GET", "/admin/users/{id}", admin, s.handleUserView},
		{"POST", "/admin/users/{id}", admin, s.handleUserUpdate},
		{"POST", "/admin/users/{id}/password", admin, s.handleUserPasswordReset},
		{"POST", "/admin/users/{id}/totp/disable", admin, s.handleUserTOTPReset},
		{"POST", "/admin/settings", admin, s.handleSettingsUpdate},
		{"GET", "/api/v1/users", admin, s.handleAPIUserList},
		{"POST", "/api/v1/users", admin, s.handleAPIUserCreate},
		{"GET", "/api/v1/users/{id}", admin, s.handleAPIUserView},
		{"PATCH", "/api/v1/users/{id}", admin, s.handleAPIUserUpdate},
		{"POST", "/api/v1/users/{id}/password", admin, s.handleAPIUserPasswordReset},
		{"POST", "/api/v1/users/{id}/totp/disable", admin, s.handleAPIUserTOTPReset},
		{"GET", "/api/v1/settings", admin, s.handleAPISettingsView},
		{"PATCH", "/api/v1/settings", admin, s.handleAPISettingsUpdate},
		// Two-step sign-in: enrolment on the account page, and the code
		// step of signing in (public: the password was checked, and the
		// pending sign-in lives in its own cookie).
		{"GET", "/account/totp", viewer, s.handleTOTPPage},
		{"POST", "/account/totp", viewer, s.handleTOTPEnrol},
		{"POST", "/account/totp/disable", viewer, s.handleTOTPDisable},
		{"GET", "/login/totp", public, s.handleLoginTOTPPage},
		{"POST", "/login/totp", public, s.handleLoginTOTP},
		// End of accounts.

		// Operations (issue 8). Metrics and profiles need admin: they
		// show how the newsroom uses the site (which routes, how often,
		// how many sign-in failures) and a profile costs CPU while it
		// runs, so neither is for the public or for every signed-in
		// reader, and there is no narrower role than admin for running
		// the server. A Prometheus server scrapes with an admin's API
		// token as its bearer token (README, "Operations").
		{"GET", "/metrics", admin, s.handleMetrics},
		{"GET", "/debug/pprof/", admin, s.handlePprofIndex},
		{"GET", "/debug/pprof/cmdline", admin, s.handlePprofCmdline},
		{"GET", "/debug/pprof/profile", admin, s.handlePprofCPU},
		{"GET", "/debug/pprof/symbol", admin, s.handlePprofSymbol},
		{"GET", "/debug/pprof/trace", admin, s.handlePprofTrace},
		{"GET", "/debug/pprof/{profile}", admin, s.handlePprofProfile},
		// End of operations.
	}
}

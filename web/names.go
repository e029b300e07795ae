package web

import (
	"net/http"

	"github.com/claimtrail/claimtrail/claims"
)

// The names of enumeration values on the workspace pages (dashboard, claim
// page), each an explicit message so that TestCatalogs sees it.
// An unknown value is shown as it is.

func (s *Server) statusName(r *http.Request, st claims.Status) string {
	switch st {
	case claims.StatusNew:
		return s.t(r, "New")
	case claims.StatusInReview:
		return s.t(r, "In review")
	case claims.StatusProposed:
		return s.t(r, "Verdict proposed")
	case claims.StatusDisputed:
		return s.t(r, "Disputed")
	case claims.StatusPublished:
		return s.t(r, "Verdict published")
	}
	return string(st)
}

func (s *Server) kindName(r *http.Request, k claims.Kind) string {
	switch k {
	case claims.KindReported:
		return s.t(r, "Reported")
	case claims.KindAnalytical:
		return s.t(r, "Analytical")
	}
	return string(k)
}

func (s *Server) attributionName(r *http.Request, a claims.Attribution) string {
	switch a {
	case claims.AttributionAccurate:
		return s.t(r, "Accurate")
	case claims.AttributionInaccurate:
		return s.t(r, "Inaccurate")
	case claims.AttributionUnverified:
		return s.t(r, "Unverified")
	}
	return string(a)
}

func (s *Server) ratingName(r *http.Request, rt claims.Rating) string {
	switch rt {
	case claims.RatingTrue:
		return s.t(r, "True")
	case claims.RatingMostlyTrue:
		return s.t(r, "Mostly true")
	case claims.RatingMixed:
		return s.t(r, "Mixed")
	case claims.RatingMostlyFalse:
		return s.t(r, "Mostly false")
	case claims.RatingFalse:
		return s.t(r, "False")
	case claims.RatingMisleading:
		return s.t(r, "Misleading")
	case claims.RatingUnverifiable:
		return s.t(r, "Unverifiable")
	}
	return string(rt)
}

func (s *Server) hopRoleName(r *http.Request, role claims.HopRole) string {
	switch role {
	case claims.RoleOriginator:
		return s.t(r, "Originator")
	case claims.RoleQuotedBy:
		return s.t(r, "Quoted by")
	case claims.RoleReportedBy:
		return s.t(r, "Reported by")
	case claims.RoleAssessedBy:
		return s.t(r, "Assessed by")
	}
	return string(role)
}

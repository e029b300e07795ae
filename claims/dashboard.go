package claims

import (
	"context"
	"time"
)

// Dashboard is the newsroom's numbers at a glance: where the claims stand,
// what the published verdicts say, who the claims come from and how many
// arrive each week.
type Dashboard struct {
	Total    int
	ByStatus map[Status]int // every status, 0 when none
	ByKind   map[Kind]int   // every kind, 0 when none
	// ByAttribution and ByRating count the approved verdicts, the ones
	// published claims carry; every value is present, 0 when none.
	ByAttribution map[Attribution]int
	ByRating      map[Rating]int
	// ProposedByAttribution and ProposedByRating count the verdicts that
	// wait for an editor, the same way.
	ProposedByAttribution map[Attribution]int
	ProposedByRating      map[Rating]int
	// TopSources are the sources with the most claims, most first (ties by
	// name), at most DashboardFilter.Sources of them.
	TopSources []SourceCount
	// Weeks are the claims created in each of the last DashboardFilter.Weeks
	// weeks (Monday to Sunday, UTC), oldest first, the current week last.
	Weeks []WeekCount
	// At is when the numbers were counted.
	At time.Time
}

// SourceCount is how many claims are attributed to one source.
type SourceCount struct {
	Source *Source
	Count  int
}

// WeekCount is how many claims were created in the week that starts on
// Start (a Monday, 00:00 UTC).
type WeekCount struct {
	Start time.Time
	Count int
}

// maxDashboardWeeks is how far back the weekly counts may go: two years.
const maxDashboardWeeks = 104

// DashboardFilter says how much the dashboard shows.
type DashboardFilter struct {
	Sources int // how many top sources; at most MaxPageSize
	Weeks   int // how many weeks back, the current one included; at most maxDashboardWeeks
}

// Validate checks the sizes.
func (f *DashboardFilter) Validate() error {
	var p Problems
	p.Check(f.Sources >= 1 && f.Sources <= MaxPageSize, "sources", "must be between 1 and %d", MaxPageSize)
	p.Check(f.Weeks >= 1 && f.Weeks <= maxDashboardWeeks, "weeks", "must be between 1 and %d", maxDashboardWeeks)
	return p.Err()
}

// WeekStart returns the Monday 00:00 UTC that starts t's week.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	back := (int(day.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return day.AddDate(0, 0, -back)
}

// DashboardService counts for the dashboard.
type DashboardService interface {
	// Dashboard counts claims by status, kind, source and week, and
	// approved and proposed verdicts on both axes.
	Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error)
}

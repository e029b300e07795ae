package db

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

func TestDashboard(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newQueueFixture(t)
		// The fixture's claims were created on Wednesday 4 December 2024;
		// two more come a week and two weeks later.
		src := mustSource(t, f.db, "Redakcja")
		for _, at := range []time.Time{time.Date(2024, 12, 11, 9, 0, 0, 0, time.UTC), time.Date(2024, 12, 18, 9, 0, 0, 0, time.UTC)} {
			f.db.Now = func() time.Time { return at }
			mustClaim(t, f.db, "later claim", src)
		}
		f.db.Now = func() time.Time { return time.Date(2024, 12, 22, 23, 0, 0, 0, time.UTC) } // a Sunday
		d, err := f.db.Dashboard(ctx, claims.DashboardFilter{Sources: 1, Weeks: 4})
		if err != nil {
			t.Fatal(err)
		}
		if d.Total != 10 {
			t.Errorf("Total = %d, want 10", d.Total)
		}
		wantStatus := map[claims.Status]int{claims.StatusNew: 7, claims.StatusProposed: 1, claims.StatusDisputed: 1, claims.StatusPublished: 1, claims.StatusInReview: 0}
		for st, n := range wantStatus {
			if d.ByStatus[st] != n {
				t.Errorf("ByStatus[%s] = %d, want %d", st, d.ByStatus[st], n)
			}
		}
		if d.ByKind[claims.KindReported] != 7 || d.ByKind[claims.KindAnalytical] != 3 {
			t.Errorf("ByKind = %v", d.ByKind)
		}
		// One approved verdict (true), three proposed (false, false, true).
		if d.ByAttribution[claims.AttributionAccurate] != 1 || d.ByAttribution[claims.AttributionInaccurate] != 0 ||
			d.ByRating[claims.RatingTrue] != 1 || d.ByRating[claims.RatingFalse] != 0 || len(d.ByRating) != len(claims.Ratings) {
			t.Errorf("approved verdicts %v %v", d.ByAttribution, d.ByRating)
		}
		if d.ProposedByAttribution[claims.AttributionAccurate] != 3 || d.ProposedByRating[claims.RatingFalse] != 2 ||
			d.ProposedByRating[claims.RatingTrue] != 1 || len(d.ProposedByRating) != len(claims.Ratings) {
			t.Errorf("proposed verdicts %v %v", d.ProposedByAttribution, d.ProposedByRating)
		}
		if len(d.TopSources) != 1 || d.TopSources[0].Source.Name != "ISW" || d.TopSources[0].Count != 8 {
			t.Errorf("TopSources = %+v", d.TopSources)
		}
		var weeks []string
		for _, w := range d.Weeks {
			weeks = append(weeks, fmt.Sprintf("%s:%d", w.Start.Format("Mon 2006-01-02"), w.Count))
		}
		if got, want := strings.Join(weeks, " "), "Mon 2024-11-25:0 Mon 2024-12-02:8 Mon 2024-12-09:1 Mon 2024-12-16:1"; got != want {
			t.Errorf("Weeks = %s, want %s", got, want)
		}
	})
	t.Run("OKEmpty", func(t *testing.T) {
		db := newTestDB(t)
		d, err := db.Dashboard(ctx, claims.DashboardFilter{Sources: 10, Weeks: 12})
		if err != nil || d.Total != 0 || len(d.ByStatus) != len(claims.Statuses) || len(d.Weeks) != 12 || len(d.TopSources) != 0 {
			t.Errorf("empty dashboard %+v, %v", d, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		db := newTestDB(t)
		for _, f := range []claims.DashboardFilter{{Sources: 0, Weeks: 12}, {Sources: 10, Weeks: 0}, {Sources: 10, Weeks: 105}} {
			if _, err := db.Dashboard(ctx, f); !isCode(err, claims.EINVALID) {
				t.Errorf("Dashboard(%+v) = %v, want EINVALID", f, err)
			}
		}
	})
}

// TestDashboard_Plans checks that every dashboard count reads an index
// and never the claims' or verdicts' rows: at a million claims a row scan
// reads the claims' texts, gigabytes instead of an index's tens of MB.
func TestDashboard_Plans(t *testing.T) {
	db := newTestDB(t)
	when := time.Date(2024, 12, 4, 8, 0, 0, 0, time.UTC)
	for _, q := range []struct {
		query string
		args  []any
		index string
	}{
		{`SELECT status, count(*) FROM claims GROUP BY status`, nil, "COVERING INDEX claims_status"},
		{`SELECT kind, count(*) FROM claims GROUP BY kind`, nil, "COVERING INDEX claims_kind"},
		{`SELECT attribution, rating, state, count(*) FROM verdicts WHERE state IN ('approved', 'proposed') GROUP BY attribution, rating, state`, nil, "COVERING INDEX verdicts_axes"},
		{`SELECT s.id, s.name, s.type, g.n FROM (SELECT source_id, count(*) AS n FROM claims GROUP BY source_id) g
			JOIN sources s ON s.id = g.source_id ORDER BY g.n DESC, s.name, s.id LIMIT ?`, []any{10}, "COVERING INDEX claims_source_id"},
		{`SELECT count(*) FROM claims WHERE created_at >= ? AND created_at < ?`, []any{when, when.AddDate(0, 0, 7)}, "COVERING INDEX claims_created (created_at>? AND created_at<?)"},
	} {
		plan := explain(t, db, q.query, q.args...)
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, q.index) {
			t.Errorf("%s: plan %q does not use %s", q.query, plan, q.index)
		}
		for _, line := range plan {
			if (strings.HasPrefix(line, "SCAN claims") || strings.HasPrefix(line, "SCAN verdicts")) && !strings.Contains(line, "COVERING INDEX") {
				t.Errorf("%s: %q reads rows", q.query, line)
			}
		}
	}
}

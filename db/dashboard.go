package db

import (
	"context"
	"fmt"

	"github.com/claimtrail/claimtrail/claims"
)

// Dashboard counts for the dashboard in one read transaction, so that the
// numbers agree with each other. Every count reads an index and never the
// claims' rows (see TestDashboard_Plans):
//
//   - by status, kind and source: one pass over claims_status, claims_kind
//     and claims_source_id each, grouped in index order;
//   - verdicts: one pass over verdicts_axes (attribution, rating, state),
//     a few bytes a verdict, approved and proposed apart;
//   - weeks: one range count of claims_created a week.
//
// The passes but the weeks are linear in the number of claims: about a
// hundred bytes of index a claim each, which at a million claims is
// tenths of a second, not milliseconds. The web layer therefore keeps the
// dashboard for a moment before counting again (web/dashboard.go).
func (db *DB) Dashboard(ctx context.Context, f claims.DashboardFilter) (*claims.Dashboard, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	d := &claims.Dashboard{
		ByStatus: map[claims.Status]int{}, ByKind: map[claims.Kind]int{},
		ByAttribution: map[claims.Attribution]int{}, ByRating: map[claims.Rating]int{},
		ProposedByAttribution: map[claims.Attribution]int{}, ProposedByRating: map[claims.Rating]int{},
		TopSources: []claims.SourceCount{}, At: db.now(),
	}
	for _, st := range claims.Statuses {
		d.ByStatus[st] = 0
	}
	for _, k := range claims.Kinds {
		d.ByKind[k] = 0
	}
	for _, a := range claims.Attributions {
		d.ByAttribution[a], d.ProposedByAttribution[a] = 0, 0
	}
	for _, r := range claims.Ratings {
		d.ByRating[r], d.ProposedByRating[r] = 0, 0
	}
	err := db.read(ctx, func(tx *Tx) error {
		if err := countBy(tx, `SELECT status, count(*) FROM claims GROUP BY status`, func(k string, n int) {
			d.ByStatus[claims.Status(k)] = n
			d.Total += n
		}); err != nil {
			return fmt.Errorf("count by status: %w", err)
		}
		if err := countBy(tx, `SELECT kind, count(*) FROM claims GROUP BY kind`, func(k string, n int) {
			d.ByKind[claims.Kind(k)] = n
		}); err != nil {
			return fmt.Errorf("count by kind: %w", err)
		}
		if err := dashboardVerdicts(tx, d); err != nil {
			return err
		}
		if err := dashboardSources(tx, d, f.Sources); err != nil {
			return err
		}
		return dashboardWeeks(tx, d, f.Weeks)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// countBy runs a two-column query of a key and a count.
func countBy(tx *Tx, query string, add func(key string, n int)) error {
	rows, err := tx.query(query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		add(k, n)
	}
	return rows.Err()
}

// dashboardVerdicts counts the approved and the proposed verdicts on both
// axes, in one pass over verdicts_axes.
func dashboardVerdicts(tx *Tx, d *claims.Dashboard) error {
	rows, err := tx.query(`SELECT attribution, rating, state, count(*) FROM verdicts
		WHERE state IN ('approved', 'proposed') GROUP BY attribution, rating, state`)
	if err != nil {
		return fmt.Errorf("count verdicts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a claims.Attribution
		var r claims.Rating
		var st claims.VerdictState
		var n int
		if err := rows.Scan(&a, &r, &st, &n); err != nil {
			return fmt.Errorf("scan verdict count: %w", err)
		}
		if st == claims.VerdictApproved {
			d.ByAttribution[a] += n
			d.ByRating[r] += n
		} else {
			d.ProposedByAttribution[a] += n
			d.ProposedByRating[r] += n
		}
	}
	return rows.Err()
}

// dashboardSources finds the sources with the most claims. The grouping
// walks claims_source_id; only the groups, one a source, are sorted.
func dashboardSources(tx *Tx, d *claims.Dashboard, top int) error {
	rows, err := tx.query(`SELECT s.id, s.name, s.type, g.n
		FROM (SELECT source_id, count(*) AS n FROM claims GROUP BY source_id) g
		JOIN sources s ON s.id = g.source_id
		ORDER BY g.n DESC, s.name, s.id
		LIMIT CAST(? AS INTEGER)`, top)
	if err != nil {
		return fmt.Errorf("count by source: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s claims.Source
		var n int
		if err := rows.Scan(&s.ID, &s.Name, &s.Type, &n); err != nil {
			return fmt.Errorf("scan source count: %w", err)
		}
		d.TopSources = append(d.TopSources, claims.SourceCount{Source: &s, Count: n})
	}
	return rows.Err()
}

// dashboardWeeks counts the claims of each of the last weeks, one range
// of claims_created a week, oldest first.
func dashboardWeeks(tx *Tx, d *claims.Dashboard, weeks int) error {
	first := claims.WeekStart(d.At).AddDate(0, 0, -7*(weeks-1))
	for i := range weeks {
		start := first.AddDate(0, 0, 7*i)
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM claims WHERE created_at >= ? AND created_at < ?`,
			start, start.AddDate(0, 0, 7)).Scan(&n); err != nil {
			return fmt.Errorf("count week %s: %w", start.Format("2006-01-02"), err)
		}
		d.Weeks = append(d.Weeks, claims.WeekCount{Start: start, Count: n})
	}
	return nil
}

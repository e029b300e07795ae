package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// Dashboard sizes: the top sources and the weeks back.
const (
	dashboardSources = 10
	dashboardWeeks   = 12
)

// dashboardCache keeps the last counts. Counting reads whole indexes
// (see db.Dashboard), tenths of a second at a million claims, so the
// counts are reused until they are older than ten times what counting
// took: the dashboard then costs at most a tenth of one core however
// often it is opened, and where counting takes a millisecond it is always
// fresh. One request counts at a time; the others wait for its result.
type dashboardCache struct {
	mu   sync.Mutex
	d    *claims.Dashboard
	at   time.Time
	took time.Duration
}

// get returns counts no older than the rule above, counting when needed.
func (c *dashboardCache) get(ctx context.Context, store claims.DashboardService, now func() time.Time) (*claims.Dashboard, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.d != nil && now().Sub(c.at) <= 10*c.took {
		return c.d, nil
	}
	start := now()
	d, err := store.Dashboard(ctx, claims.DashboardFilter{Sources: dashboardSources, Weeks: dashboardWeeks})
	if err != nil {
		return nil, err
	}
	c.d, c.at, c.took = d, now(), now().Sub(start)
	return d, nil
}

// dashboardPage is the newsroom's numbers as small charts, each with a
// table of the same numbers.
type dashboardPage struct {
	layout
	Total  int
	At     time.Time
	Charts []chart
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.dashboard.get(r.Context(), s.store, s.cfg.Now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := s.localeFrom(r)
	p := &dashboardPage{layout: s.layout(r, "Dashboard"), Total: d.Total, At: d.At}

	var status []bar
	for _, st := range claims.Statuses {
		status = append(status, bar{Label: statusGlyph[st] + " " + s.name(r, st), Value: d.ByStatus[st],
			Class: "status-" + string(st), Href: "/claims?status=" + string(st)})
	}
	var kind []bar
	for _, k := range claims.Kinds {
		kind = append(kind, bar{Label: kindGlyph[k] + " " + s.name(r, k), Value: d.ByKind[k],
			Class: "kind-" + string(k), Href: "/claims?kind=" + string(k)})
	}
	var attribution []bar
	for _, a := range claims.Attributions {
		attribution = append(attribution, bar{Label: s.name(r, a), Value: d.ByAttribution[a],
			Extra: d.ProposedByAttribution[a], Class: "attribution-" + string(a)})
	}
	var rating []bar
	for _, rt := range claims.Ratings {
		rating = append(rating, bar{Label: s.name(r, rt), Value: d.ByRating[rt],
			Extra: d.ProposedByRating[rt], Class: "rating-" + string(rt)})
	}
	var sources []bar
	for _, sc := range d.TopSources {
		sources = append(sources, bar{Label: sc.Source.Name, Value: sc.Count, Class: "source", Href: "/sources/" + sc.Source.ID})
	}
	var weeks []bar
	for i, wk := range d.Weeks {
		b := bar{Label: l.Day(wk.Start), Value: wk.Count, Class: "week",
			Href: "/claims?" + url.Values{"from": {wk.Start.Format("2006-01-02")}, "to": {wk.Start.AddDate(0, 0, 7).Format("2006-01-02")}}.Encode()}
		b.Tick = strconv.Itoa(wk.Start.Day())
		if i == 0 || wk.Start.Month() != d.Weeks[i-1].Start.Month() {
			b.Sub = shortMonth(l, wk.Start.Month())
		}
		weeks = append(weeks, b)
	}
	claimsUnit, verdictsUnit := s.t(r, "Claims"), s.t(r, "Approved")
	p.Charts = []chart{
		horizontalChart(l, "status", s.t(r, "Claims by status"), s.t(r, "Status"), claimsUnit, status),
		horizontalChart(l, "kind", s.t(r, "Claims by kind"), s.t(r, "Kind"), claimsUnit, kind),
		horizontalChart(l, "attribution", s.t(r, "Verdicts: did the source say it?"), s.t(r, "Attribution"), verdictsUnit, attribution),
		horizontalChart(l, "rating", s.t(r, "Verdicts: is the claim supported?"), s.t(r, "Rating"), verdictsUnit, rating),
		horizontalChart(l, "sources", s.t(r, "Sources with the most claims"), s.t(r, "Source"), claimsUnit, sources),
		verticalChart(l, "weeks", s.t(r, "New claims per week"), s.t(r, "Week starting"), claimsUnit, weeks),
	}
	s.render(w, r, http.StatusOK, "dashboard.html", p)
}

// shortMonth is the month's abbreviation: the first three letters of the
// locale's month name ("Dec", "gru" from "grudnia").
func shortMonth(l *locale, m time.Month) string {
	name := []rune(l.months[m-1])
	return string(name[:min(3, len(name))])
}

// statusGlyph and kindGlyph are the symbols the badges and the reader's
// marks use, so that no chart tells statuses or kinds apart by colour.
var (
	statusGlyph = map[claims.Status]string{
		claims.StatusNew: "○", claims.StatusInReview: "◔", claims.StatusProposed: "◑",
		claims.StatusDisputed: "⚠", claims.StatusPublished: "✓",
	}
	kindGlyph = map[claims.Kind]string{claims.KindReported: "■", claims.KindAnalytical: "◆"}
)

// summary is a chart's numbers as one sentence, for its <desc>; a
// stacked bar's second count follows its first after a plus.
func summary(l *locale, bars []bar) string {
	parts := make([]string, len(bars))
	for i, b := range bars {
		parts[i] = strings.TrimSpace(b.Label) + ": " + l.Number(b.Value)
		if b.Extra > 0 {
			parts[i] += " + " + l.Number(b.Extra)
		}
	}
	return strings.Join(parts, "; ")
}

// Package demo fills a store with a small invented workspace — two
// articles, their sources, claims with provenance chains and verdicts in
// every review state — so that a new installation has something to show.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
)

// Demo users. They have no password, so nobody can sign in as them; they
// exist to be the authors and approvers of the demo verdicts.
var users = []struct {
	key   string
	roles []claims.Role
}{
	{"ala", []claims.Role{claims.RoleChecker}},
	{"bartek", []claims.Role{claims.RoleChecker}},
	{"ewa", []claims.Role{claims.RoleEditor, claims.RoleChecker}},
}

// Load creates the demo workspace in s, recording actor as the creator of
// the documents, sources and claims. If a document titled like the demo's
// first article exists, the demo is taken to be loaded and Load does
// nothing. A demo user whose name is taken is reused.
func Load(ctx context.Context, s claims.Store, actor claims.Actor) error {
	if loaded, err := isLoaded(ctx, s); err != nil || loaded {
		return err
	}
	l := &loader{s: s, actor: actor, sources: map[string]string{}, docs: map[string]*claims.Document{},
		users: map[string]*claims.User{}, claims: map[string]*claims.Claim{}}
	steps := []func(context.Context) error{l.createUsers, l.createDocuments, l.createSources, l.createClaims, l.createVerdicts}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	return nil
}

// isLoaded reports whether the demo's first document exists.
func isLoaded(ctx context.Context, s claims.Store) (bool, error) {
	docs, _, err := s.FindDocuments(ctx, claims.DocumentFilter{Q: titlePL, Limit: claims.MaxPageSize})
	if err != nil {
		return false, fmt.Errorf("demo: find documents: %w", err)
	}
	for _, d := range docs {
		if d.Title == titlePL {
			return true, nil
		}
	}
	return false, nil
}

// loader carries what one Load has created, by key.
type loader struct {
	s       claims.Store
	actor   claims.Actor
	users   map[string]*claims.User
	sources map[string]string
	docs    map[string]*claims.Document
	claims  map[string]*claims.Claim
}

func (l *loader) createUsers(ctx context.Context) error {
	for _, u := range users {
		user := &claims.User{Name: u.key, Roles: u.roles}
		err := l.s.CreateUser(ctx, l.actor, user)
		if claims.ErrorCode(err) == claims.ECONFLICT {
			user, err = l.s.FindUserByName(ctx, u.key)
		}
		if err != nil {
			return fmt.Errorf("user %s: %w", u.key, err)
		}
		l.users[u.key] = user
	}
	return nil
}

func (l *loader) createDocuments(ctx context.Context) error {
	specs := []struct {
		key, title, format, body, url, publisher string
		published                                time.Time
	}{
		{"pl", titlePL, claims.FormatText, bodyPL, "https://example.org/kurier/horbacz-ardenia", "Kurier Wschodni",
			time.Date(2024, 5, 16, 9, 30, 0, 0, time.UTC)},
		{"en", titleEN, claims.FormatMarkdown, bodyEN, "https://example.org/gazette/road-spending", "Millbrook Gazette",
			time.Date(2024, 6, 4, 7, 0, 0, 0, time.UTC)},
	}
	for _, spec := range specs {
		p, err := article.Parse(spec.format, []byte(spec.body))
		if err != nil {
			return fmt.Errorf("parse %s article: %w", spec.key, err)
		}
		published := spec.published
		d := &claims.Document{Title: spec.title, URL: spec.url, Publisher: spec.publisher, Language: p.Language,
			PublishedAt: &published, Body: p.Body, Links: p.Links}
		if err := l.s.CreateDocument(ctx, l.actor, d); err != nil {
			return fmt.Errorf("document %s: %w", spec.key, err)
		}
		l.docs[spec.key] = d
	}
	return nil
}

func (l *loader) createSources(ctx context.Context) error {
	for _, spec := range sources {
		src := spec.src
		src.Aliases = append([]string(nil), spec.src.Aliases...)
		if err := l.s.CreateSource(ctx, l.actor, &src); err != nil {
			return fmt.Errorf("source %s: %w", spec.key, err)
		}
		l.sources[spec.key] = src.ID
	}
	return nil
}

func (l *loader) createClaims(ctx context.Context) error {
	for _, spec := range claimSpecs {
		d := l.docs[spec.doc]
		c := &claims.Claim{Text: spec.text, Kind: spec.kind, SourceID: l.sources[spec.source], DocumentID: d.ID,
			Quote: &claims.Quote{Exact: spec.exact}, Tags: append([]string(nil), spec.tags...)}
		for _, h := range spec.chain {
			url := ""
			if h.role == claims.RoleReportedBy {
				url = d.URL
			}
			c.Provenance = append(c.Provenance, claims.Hop{SourceID: l.sources[h.source], Role: h.role, Date: h.date, Note: h.note, URL: url})
		}
		if err := l.s.CreateClaim(ctx, l.actor, c); err != nil {
			return fmt.Errorf("claim %s: %w", spec.key, err)
		}
		if spec.assign != "" {
			assignee := l.users[spec.assign].ID
			updated, err := l.s.UpdateClaim(ctx, l.actor, c.ID, claims.ClaimUpdate{Assignee: &assignee, Version: c.Version})
			if err != nil {
				return fmt.Errorf("assign claim %s: %w", spec.key, err)
			}
			c = updated
		}
		l.claims[spec.key] = c
	}
	return nil
}

// createVerdicts puts one claim through approval, leaves one awaiting it
// and makes one disputed.
func (l *loader) createVerdicts(ctx context.Context) error {
	propose := func(claim, author string, a claims.Attribution, r claims.Rating, rationale string, ev ...claims.Evidence) (*claims.Verdict, error) {
		v := &claims.Verdict{ClaimID: l.claims[claim].ID, Attribution: a, Rating: r, Rationale: rationale, Evidence: ev}
		if err := l.s.ProposeVerdict(ctx, l.users[author].Actor(), v); err != nil {
			return nil, fmt.Errorf("verdict on %s by %s: %w", claim, author, err)
		}
		return v, nil
	}

	v, err := propose("podwojenie", "ala", claims.AttributionAccurate, claims.RatingMisleading,
		"The council did say this, and the nominal figures in its budget report do double (4.1m to 8.3m). "+
			"But 2.6m of the rise is a one-off flood repair grant, and prices rose by about a fifth over the period; "+
			"the underlying increase is about a third.",
		claims.Evidence{URL: "https://example.org/millbrook/budget-2024", Note: "budget report, table 4"},
		claims.Evidence{URL: "https://example.org/clf/millbrook-roads", Note: "CLF inflation-adjusted series"})
	if err != nil {
		return err
	}
	if _, err := l.s.ApproveVerdict(ctx, l.users["ewa"].Actor(), v.ID); err != nil {
		return fmt.Errorf("approve verdict on podwojenie: %w", err)
	}

	if _, err := propose("umowy", "bartek", claims.AttributionAccurate, claims.RatingTrue,
		"The office of the president published the list of eleven signed agreements on the day of the visit; "+
			"the Ardenian government's list matches it.",
		claims.Evidence{URL: "https://example.org/lewonia/president/agreements", Note: "list of agreements"}); err != nil {
		return err
	}

	if _, err := propose("sankcje", "ala", claims.AttributionAccurate, claims.RatingUnverifiable,
		"IAR did publish this assessment, but the texts of the agreements are not public, so whether they can be "+
			"used to get around the restrictions cannot be checked."); err != nil {
		return err
	}
	_, err = propose("sankcje", "bartek", claims.AttributionAccurate, claims.RatingMixed,
		"The grain terminal agreement is public and covers only agricultural goods; the machinery agreement is not "+
			"public. Part of the assessment is contradicted by the published text, part cannot be checked.",
		claims.Evidence{URL: "https://example.org/ardenia/vell-terminal", Note: "published terminal agreement"})
	return err
}

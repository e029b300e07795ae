package db

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/corpus"
)

// LoadCorpus stores the corpus g generates through Load, batch rows per
// transaction: its sources, documents, then claims with their verdicts.
// progress, if not nil, is told the count after every batch.
func (db *DB) LoadCorpus(ctx context.Context, g *corpus.Gen, batch int, progress func(what string, done, total int)) error {
	cfg := g.Config()
	actor := claims.Actor{Name: "claimgen"}
	batch = max(batch, 1)
	sources := make([]string, 0, cfg.Sources)
	for i := 0; i < cfg.Sources; i += batch {
		var b Batch
		for j := i; j < min(i+batch, cfg.Sources); j++ {
			s := g.Source(j)
			typ := claims.SourcePerson
			if !s.Person {
				typ = claims.SourceOrganization
			}
			b.Sources = append(b.Sources, &claims.Source{Name: s.Name, Type: typ, Aliases: s.Aliases})
		}
		if err := db.Load(ctx, actor, &b); err != nil {
			return fmt.Errorf("load sources: %w", err)
		}
		for _, s := range b.Sources {
			sources = append(sources, s.ID)
		}
		report(progress, "sources", len(sources), cfg.Sources)
	}
	docs := make([]string, 0, cfg.Documents)
	for i := 0; i < cfg.Documents; i += batch {
		var b Batch
		for j := i; j < min(i+batch, cfg.Documents); j++ {
			title, body, at := g.Document(j)
			b.Documents = append(b.Documents, &claims.Document{Title: title, Language: "pl", Body: body, CreatedAt: at})
		}
		if err := db.Load(ctx, actor, &b); err != nil {
			return fmt.Errorf("load documents: %w", err)
		}
		for _, d := range b.Documents {
			docs = append(docs, d.ID)
		}
		report(progress, "documents", len(docs), cfg.Documents)
	}
	for i := 0; i < cfg.Claims; i += batch {
		var b Batch
		var rationales []string
		for j := i; j < min(i+batch, cfg.Claims); j++ {
			gc := g.Claim(j)
			c := &claims.Claim{Text: gc.Text, Kind: claims.KindReported, SourceID: sources[gc.Source], Tags: gc.Tags,
				CreatedAt: gc.At, UpdatedAt: gc.At}
			if j%5 == 4 {
				c.Kind = claims.KindAnalytical
			}
			if gc.Document >= 0 {
				lead := corpus.Lead(gc.Document)
				c.DocumentID = docs[gc.Document]
				c.Quote = &claims.Quote{Exact: lead, Start: 0, End: utf8.RuneCountInString(lead)}
			}
			b.Claims = append(b.Claims, c)
			rationales = append(rationales, gc.Rationale)
		}
		if err := db.Load(ctx, actor, &Batch{Claims: b.Claims}); err != nil {
			return fmt.Errorf("load claims: %w", err)
		}
		var vb Batch
		for k, c := range b.Claims {
			if rationales[k] != "" {
				vb.Verdicts = append(vb.Verdicts, &claims.Verdict{ClaimID: c.ID, Attribution: claims.AttributionAccurate,
					Rating: claims.RatingMixed, Rationale: rationales[k], Evidence: []claims.Evidence{}, CreatedAt: c.CreatedAt})
			}
		}
		if len(vb.Verdicts) > 0 {
			if err := db.Load(ctx, actor, &vb); err != nil {
				return fmt.Errorf("load verdicts: %w", err)
			}
		}
		report(progress, "claims", min(i+batch, cfg.Claims), cfg.Claims)
	}
	return nil
}

func report(progress func(string, int, int), what string, done, total int) {
	if progress != nil {
		progress(what, done, total)
	}
}

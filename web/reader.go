package web

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/suggest"
)

// The reader page renders every run of text in its own element with the
// run's start in data-o, a code-point offset of the body. The script maps
// a selection to the store's offsets from those attributes alone: it
// counts code points inside one run and never measures textContent across
// elements, so paragraphs, marks, links and characters outside the Basic
// Multilingual Plane (two UTF-16 units in JavaScript, one code point here)
// cannot shift a quote.

// readerPara is one paragraph of the reader page.
type readerPara struct {
	Start int
	// Sentences are the paragraph's sentences as "start-end" offsets,
	// space-separated, for capturing a claim with the keyboard.
	Sentences string
	Runs      []readerRun
}

// readerRun is a segment of a paragraph with its offset, the claim cards
// that describe it and, where a quote starts, that claim's status.
type readerRun struct {
	readerSegment
	Start  int
	Cards  string        // ids of the cards of every claim covering the run, for aria-describedby
	Status claims.Status // of the claim whose quote starts here (Anchor)
}

// claimCard is what hovering or focusing a quote shows: the claim, its
// source and its current verdict.
type claimCard struct {
	*claims.Claim
	Verdict *claims.Verdict
}

// readerParagraphs adds offsets, sentences and cards to the marked
// paragraphs of d. paras are d.Paragraphs() in order, cut at quotes,
// links and suggestions.
func readerParagraphs(d *claims.Document, paras []readerParagraph, cs []*claims.Claim) []readerPara {
	docParas := d.Paragraphs()
	sentences := suggest.Segment(d.Body)
	byID := make(map[string]*claims.Claim, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	out := make([]readerPara, 0, len(paras))
	next := 0 // paragraphs and sentences both run in order: one walk of each
	for i, p := range paras {
		dp := docParas[i]
		rp := readerPara{Start: dp.Start}
		var spans []string
		for next < len(sentences) && sentences[next].Start < dp.Start {
			next++
		}
		for _, s := range sentences[next:] {
			if s.Start >= dp.End {
				break
			}
			if s.End <= dp.End && s.End > s.Start {
				spans = append(spans, strconv.Itoa(s.Start)+"-"+strconv.Itoa(s.End))
			}
		}
		rp.Sentences = strings.Join(spans, " ")
		pos := dp.Start
		for _, seg := range p.Segments {
			end := pos + utf8.RuneCountInString(seg.Text)
			run := readerRun{readerSegment: seg, Start: pos}
			if seg.ClaimID != "" {
				run.Cards = coveringCards(cs, pos, end)
			}
			if c := byID[seg.Anchor]; c != nil {
				run.Status = c.Status
			}
			rp.Runs = append(rp.Runs, run)
			pos = end
		}
		out = append(out, rp)
	}
	return out
}

// coveringCards lists the cards of the claims whose quotes cover
// [start, end), innermost (shortest) first, as the link goes to it.
func coveringCards(cs []*claims.Claim, start, end int) string {
	var in []*claims.Claim
	for _, c := range cs {
		if c.Quote != nil && c.Quote.Start <= start && end <= c.Quote.End {
			in = append(in, c)
		}
	}
	for i := 1; i < len(in); i++ { // few claims overlap; insertion sort keeps ties in order
		for j := i; j > 0 && quoteLen(in[j]) < quoteLen(in[j-1]); j-- {
			in[j], in[j-1] = in[j-1], in[j]
		}
	}
	ids := make([]string, len(in))
	for i, c := range in {
		ids[i] = "card-" + c.ID
	}
	return strings.Join(ids, " ")
}

func quoteLen(c *claims.Claim) int { return c.Quote.End - c.Quote.Start }

// claimCards are the cards of the document's quoted claims.
func claimCards(cs []*claims.Claim, verdicts map[string]*claims.Verdict) []claimCard {
	var out []claimCard
	for _, c := range cs {
		if c.Quote != nil {
			out = append(out, claimCard{Claim: c, Verdict: verdicts[c.ID]})
		}
	}
	return out
}

package web

import (
	"slices"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// Offsets in this file are Unicode code points of the document body, as
// in claims.Quote and claims.Link; text is cut as []rune, never as bytes.

// quoteParagraph is one paragraph a quote touches, cut into the text before
// the quote, the quoted span and the text after it.
type quoteParagraph struct {
	Before, Mark, After string
}

// quoteInPlace returns the paragraphs that hold q, with the quote cut out
// of them. A quote that spans paragraphs yields one entry per paragraph.
func quoteInPlace(d *claims.Document, q *claims.Quote) []quoteParagraph {
	var out []quoteParagraph
	for _, p := range d.Paragraphs() {
		if p.End <= q.Start || p.Start >= q.End {
			continue
		}
		runes := []rune(p.Text)
		a := max(q.Start, p.Start) - p.Start
		b := min(q.End, p.End) - p.Start
		out = append(out, quoteParagraph{Before: string(runes[:a]), Mark: string(runes[a:b]), After: string(runes[b:])})
	}
	return out
}

// docParagraph is one paragraph of a document cut into segments at every
// quote and link boundary.
type docParagraph struct {
	Segments []segment
}

// segment is a run of text covered by the same quotes and link. A segment
// inside quotes links to the innermost (shortest) of them and carries the
// classes of all, so overlapping quotes stay visible without nesting marks.
type segment struct {
	Text    string
	ClaimID string // the claim to link to; empty outside quotes
	Title   string // the claim's text, shown on hover
	Classes string // kind-reported, kind-analytical, overlap
	Anchor  string // the id of a claim whose quote starts here, for #q-<id> links
	Link    bool   // the span was a hyperlink in the original
	Href    string // where it pointed, when known
}

// span is a quote or link interval for cutting.
type span struct {
	start, end int
	claim      *claims.Claim
	link       *claims.Link
}

// highlight cuts the document's paragraphs at the quotes of cs and the
// document's links.
func highlight(d *claims.Document, cs []*claims.Claim) []docParagraph {
	var spans []span
	for _, c := range cs {
		if c.Quote != nil && c.Quote.End > c.Quote.Start {
			spans = append(spans, span{start: c.Quote.Start, end: c.Quote.End, claim: c})
		}
	}
	for i := range d.Links {
		l := &d.Links[i]
		if l.End > l.Start {
			spans = append(spans, span{start: l.Start, end: l.End, link: l})
		}
	}
	var out []docParagraph
	for _, p := range d.Paragraphs() {
		out = append(out, docParagraph{Segments: cutParagraph(p, spans)})
	}
	return out
}

// cutParagraph splits p at every span boundary inside it and describes
// each piece by the spans that cover it.
func cutParagraph(p claims.Paragraph, spans []span) []segment {
	cuts := []int{p.Start, p.End}
	for _, s := range spans {
		for _, x := range []int{s.start, s.end} {
			if x > p.Start && x < p.End {
				cuts = append(cuts, x)
			}
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	runes := []rune(p.Text)
	var segs []segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := segment{Text: string(runes[a-p.Start : b-p.Start])}
		var inner *claims.Claim
		kinds := map[claims.Kind]bool{}
		n := 0
		for _, s := range spans {
			if s.start > a || s.end < b {
				continue
			}
			if s.link != nil {
				seg.Link, seg.Href = true, s.link.Href
				continue
			}
			n++
			kinds[s.claim.Kind] = true
			if s.start == a && seg.Anchor == "" {
				seg.Anchor = s.claim.ID
			}
			if inner == nil || s.end-s.start < inner.Quote.End-inner.Quote.Start {
				inner = s.claim
			}
		}
		if inner != nil {
			seg.ClaimID, seg.Title = inner.ID, inner.Text
			var cls []string
			for _, k := range claims.Kinds {
				if kinds[k] {
					cls = append(cls, "kind-"+string(k))
				}
			}
			if n > 1 {
				cls = append(cls, "overlap")
			}
			seg.Classes = strings.Join(cls, " ")
		}
		segs = append(segs, seg)
	}
	return segs
}

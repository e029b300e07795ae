package article

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/text/unicode/norm"
)

// builder assembles a body paragraph by paragraph. Whitespace inside a
// paragraph collapses to one space, paragraphs are joined by one blank
// line, and link spans are recorded in code points as the text is written,
// so the three parsers only say what is text, what is a link and where a
// paragraph ends.
type builder struct {
	body    []rune
	links   []claims.Link
	inPara  bool // the current paragraph has text
	pending bool // whitespace was seen and will become one space before more text
	para    int  // paragraphs ended so far

	linkOpen  bool
	linkStart int
	linkPara  int
	linkHref  string
}

// text appends s to the current paragraph.
func (b *builder) text(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			b.pending = true
			continue
		}
		switch {
		case !b.inPara:
			if len(b.body) > 0 {
				b.body = append(b.body, '\n', '\n')
			}
			b.inPara = true
		case b.pending:
			b.body = append(b.body, ' ')
		}
		b.pending = false
		b.body = append(b.body, r)
	}
}

// space makes the next text start after one space (unless it starts a
// paragraph).
func (b *builder) space() { b.pending = true }

// nextPos is where the next non-space text will start.
func (b *builder) nextPos() int {
	switch {
	case !b.inPara && len(b.body) > 0:
		return len(b.body) + 2
	case b.inPara && b.pending:
		return len(b.body) + 1
	}
	return len(b.body)
}

// endParagraph ends the current paragraph; empty paragraphs vanish.
func (b *builder) endParagraph() {
	if b.inPara {
		b.para++
	}
	b.inPara, b.pending = false, false
}

// beginLink starts a link span at the next text written. href is kept only
// if it is an absolute http(s) URL.
func (b *builder) beginLink(href string) {
	b.linkOpen, b.linkStart, b.linkPara, b.linkHref = true, b.nextPos(), b.para, cleanHref(href)
}

// endLink closes the open link. A link that holds no text, or that a
// paragraph break cut in two, is dropped.
func (b *builder) endLink() {
	if !b.linkOpen {
		return
	}
	b.linkOpen = false
	end := len(b.body)
	if b.para != b.linkPara || end <= b.linkStart {
		return
	}
	b.links = append(b.links, claims.Link{
		Start: b.linkStart, End: end, Text: string(b.body[b.linkStart:end]), Href: b.linkHref,
	})
}

// finish returns the body and its links. Text from separate pieces (two
// HTML text nodes, say) can join into something that is not NFC; then the
// body is normalised again and the link offsets moved to match.
func (b *builder) finish() (string, []claims.Link) {
	b.endLink()
	body := string(b.body)
	links := b.links
	if links == nil {
		links = []claims.Link{}
	}
	if norm.NFC.IsNormalString(body) {
		return body, links
	}
	nb := norm.NFC.String(body)
	runes := []rune(nb)
	out := links[:0]
	for _, l := range links {
		start := utf8.RuneCountInString(norm.NFC.String(string(b.body[:l.Start])))
		end := utf8.RuneCountInString(norm.NFC.String(string(b.body[:l.End])))
		if end > len(runes) || start >= end {
			continue
		}
		l.Start, l.End, l.Text = start, end, string(runes[start:end])
		out = append(out, l)
	}
	return nb, out
}

// cleanHref returns href if it is an absolute http or https URL, else "".
func cleanHref(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || len(href) > claims.MaxShortText || strings.ContainsAny(href, " \t\n\"<>") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return href
}

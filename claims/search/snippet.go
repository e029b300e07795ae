package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a piece of text to show, marked or not. A template renders a
// list of them as {{if .Mark}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}},
// escaping both, so no user text ever passes as markup.
type Segment struct {
	Text string
	Mark bool
}

// Segments cuts text at the spans (as returned by Highlight) into marked
// and unmarked pieces, in order; joined, they are text. Spans out of
// range, out of order or not on character boundaries are skipped rather
// than trusted.
func Segments(text string, spans []Span) []Segment {
	var out []Segment
	at := 0
	for _, s := range spans {
		if s.Start < at || s.End > len(text) || s.Start >= s.End ||
			!utf8.RuneStart(text[s.Start]) || s.End < len(text) && !utf8.RuneStart(text[s.End]) {
			continue
		}
		if s.Start > at {
			out = append(out, Segment{Text: text[at:s.Start]})
		}
		out = append(out, Segment{Text: text[s.Start:s.End], Mark: true})
		at = s.End
	}
	if at < len(text) {
		out = append(out, Segment{Text: text[at:]})
	}
	return out
}

// Snippet returns an excerpt of text of about width bytes around the part
// with the most spans, cut at spaces, as segments (see Segments), with
// "…" where text was cut off and runs of white space (the line breaks of a
// pasted article) shown as one space. Without spans it is the beginning
// of text; a width of 0 or less means all of it. The result is for lists
// of results; the whole document page uses Segments.
func Snippet(text string, spans []Span, width int) []Segment {
	if width <= 0 {
		width = len(text)
	}
	start := 0
	if len(spans) > 0 {
		start = densest(spans, width)
		// Show a little of what comes before the first match.
		start = max(0, start-width/5)
	}
	end := min(len(text), start+width)
	if start > 0 {
		start = cutAfterSpace(text, start, spans)
	}
	if end < len(text) {
		end = cutBeforeSpace(text, end, start)
	}
	var window []Span
	for _, s := range spans {
		if s.Start >= start && s.End <= end {
			window = append(window, Span{s.Start - start, s.End - start})
		}
	}
	segs := Segments(text[start:end], window)
	for i := range segs {
		segs[i].Text = squeezeSpace(segs[i].Text)
	}
	if start > 0 {
		segs = append([]Segment{{Text: "…"}}, segs...)
	}
	if end < len(text) {
		segs = append(segs, Segment{Text: "…"})
	}
	return segs
}

// densest returns the start of the span that begins the window of width
// bytes holding the most spans.
func densest(spans []Span, width int) int {
	best, bestN, j := 0, 0, 0
	for i := range spans {
		for j < len(spans) && spans[j].End <= spans[i].Start+width {
			j++
		}
		if j-i > bestN {
			best, bestN = i, j-i
		}
	}
	return spans[best].Start
}

// cutAfterSpace moves start forward to just after a space, so the excerpt
// does not begin inside a word, but not past the first span in view.
func cutAfterSpace(text string, start int, spans []Span) int {
	limit := len(text)
	for _, s := range spans {
		if s.Start >= start {
			limit = s.Start
			break
		}
	}
	if i := strings.IndexFunc(text[start:limit], unicode.IsSpace); i >= 0 {
		return start + i + 1
	}
	for start < len(text) && !utf8.RuneStart(text[start]) {
		start++
	}
	return start
}

// cutBeforeSpace moves end back to a space, so the excerpt does not end
// inside a word, unless that would leave nothing after start.
func cutBeforeSpace(text string, end, start int) int {
	if i := strings.LastIndexFunc(text[start:end], unicode.IsSpace); i > 0 {
		return start + i
	}
	for end > start && !utf8.RuneStart(text[end]) {
		end--
	}
	return end
}

// squeezeSpace replaces every run of white space in s with one space.
func squeezeSpace(s string) string {
	odd := strings.IndexFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) })
	if odd < 0 && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain text comes in two shapes that look alike line by line:
//
//   - hard-wrapped prose, where a paragraph is broken into lines of about
//     the same width and every break is only a wrap;
//   - text copied from a web page, where a paragraph is one long line
//     except that every hyperlinked phrase sits on a line of its own,
//     splitting the sentence: "podróż do" / "Chin" / ", która…".
//
// Blank lines separate paragraphs in both. A block of lines that a greedy
// wrapper could have produced is prose and is joined with spaces. Any other
// block is read as a web copy: a line that ends a sentence followed by one
// that starts a sentence ends a paragraph; other lines are joined; and
// when the joins cannot be wraps (a line starts with punctuation, or is
// much shorter than the width would allow), the joined lines alternate
// text and link, counting back from the last line, which is text.

// A hard wrap is narrower than maxWrapWidth (wider lines are pasted
// paragraphs) and at least minWrapWidth wide (narrower blocks are short
// lines, each meant as it is).
const (
	maxWrapWidth = 120
	minWrapWidth = 30
)

// parseText writes plain text into b.
func parseText(b *builder, s string) {
	var block []string
	flush := func() {
		for _, p := range splitBlock(block) {
			writeLines(b, p.lines, p.fragments)
		}
		block = block[:0]
	}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		block = append(block, line)
	}
	flush()
}

// textPara is a paragraph's worth of lines; fragments says its lines
// alternate text and link.
type textPara struct {
	lines     []string
	fragments bool
}

// splitBlock splits a block of non-blank, trimmed lines into paragraphs.
func splitBlock(lines []string) []textPara {
	if len(lines) == 0 {
		return nil
	}
	if len(lines) == 1 || isWrapped(lines) {
		return []textPara{{lines: lines}}
	}
	var out []textPara
	start := 0
	for i := 1; i <= len(lines); i++ {
		if i < len(lines) && !(endsSentence(lines[i-1]) && startsSentence(lines[i])) {
			continue
		}
		p := lines[start:i]
		out = append(out, textPara{lines: p, fragments: len(p) > 1 && (anyContinues(p) || !greedyBreaks(p))})
		start = i
	}
	return out
}

// writeLines writes one paragraph. Lines are joined with a space, except
// before a line that starts with closing punctuation or after one that
// ends with an opening bracket.
func writeLines(b *builder, lines []string, fragments bool) {
	for i, line := range lines {
		if i > 0 && !continues(line) && !opens(lines[i-1]) {
			b.space()
		}
		if fragments && (len(lines)-1-i)%2 == 1 && hasWord(line) {
			b.beginLink("")
			b.text(line)
			b.endLink()
		} else {
			b.text(line)
		}
	}
	b.endParagraph()
}

// isWrapped reports whether a block of two or more lines reads as
// hard-wrapped prose.
func isWrapped(lines []string) bool {
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l))
	}
	return width >= minWrapWidth && width <= maxWrapWidth && !anyContinues(lines) && greedyBreaks(lines)
}

// greedyBreaks reports whether every line break in lines could come from a
// greedy wrapper: the next line's first word would not have fitted on the
// line. The width is taken as the longest line, less a tenth for wrappers
// that count bytes or leave a margin.
func greedyBreaks(lines []string) bool {
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l))
	}
	slack := width / 10
	for i := 0; i+1 < len(lines); i++ {
		word, _, _ := strings.Cut(lines[i+1], " ")
		if utf8.RuneCountInString(lines[i])+1+utf8.RuneCountInString(word) <= width-slack {
			return false
		}
	}
	return true
}

// anyContinues reports whether a line after the first starts with closing
// punctuation, which a wrapper never puts at the start of a line.
func anyContinues(lines []string) bool {
	for _, l := range lines[1:] {
		if continues(l) {
			return true
		}
	}
	return false
}

// continues reports whether line starts with punctuation that closes or
// continues the previous text, so no space goes before it.
func continues(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	return strings.ContainsRune(",.;:!?)]}…”»'’%", r)
}

// opens reports whether line ends with an opening bracket or quote, so no
// space goes after it.
func opens(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune("([{„‚", r)
}

// endsSentence reports whether line ends with a sentence's closing
// punctuation or a closing quote or bracket.
func endsSentence(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(".!?:…\"”»)]'’", r)
}

// startsSentence reports whether line opens a sentence: a capital letter or
// digit, a dash that opens direct speech, or an opening quote.
func startsSentence(line string) bool {
	r, n := utf8.DecodeRuneInString(line)
	switch {
	case unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r):
		return true
	case strings.ContainsRune("-–—", r):
		return strings.HasPrefix(line[n:], " ")
	}
	return strings.ContainsRune("\"„“«‘‚'", r)
}

// hasWord reports whether s holds a letter or digit; a line of bare
// punctuation is never a link.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

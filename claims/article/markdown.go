package article

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A small Markdown reader: enough of CommonMark for articles. Headings,
// list items and block quotes become paragraphs; links keep their text
// and href; images, rules and fences vanish; emphasis and code markers are
// stripped. It does not try to be a full CommonMark implementation.

var (
	mdHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+|$)`)
	mdClosing = regexp.MustCompile(`[ \t]+#+[ \t]*$`)
	mdItem    = regexp.MustCompile(`^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)`)
	mdRule    = regexp.MustCompile(`^ {0,3}([-*_])(?:[ \t]*([-*_])){2,}[ \t]*$`)
	mdSetext  = regexp.MustCompile(`^ {0,3}(?:=+|-+)[ \t]*$`)
	mdFence   = regexp.MustCompile("^ {0,3}(```|~~~)")
	mdRefDef  = regexp.MustCompile(`^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+.*)?$`)
	mdQuote   = regexp.MustCompile(`^ {0,3}>[ \t]?`)
)

// parseMarkdown writes Markdown into b.
func parseMarkdown(b *builder, s string) {
	lines := strings.Split(s, "\n")
	refs := map[string]string{}
	kept := lines[:0:0]
	for _, l := range lines {
		if m := mdRefDef.FindStringSubmatch(l); m != nil {
			refs[refKey(m[1])] = m[2]
			continue
		}
		kept = append(kept, l)
	}
	r := &mdReader{b: b, refs: refs}
	fence := ""
	for _, line := range kept {
		if m := mdFence.FindStringSubmatch(line); m != nil && (fence == "" || m[1] == fence) {
			r.flush()
			if fence == "" {
				fence = m[1]
			} else {
				fence = ""
			}
			r.literal = fence != ""
			continue
		}
		if fence != "" {
			r.para = append(r.para, line)
			continue
		}
		for mdQuote.MatchString(line) {
			line = mdQuote.ReplaceAllString(line, "")
		}
		switch {
		case strings.TrimSpace(line) == "":
			r.flush()
		case mdSetext.MatchString(line) && len(r.para) > 0:
			r.flush() // the paragraph above was a heading
		case mdRule.MatchString(line):
			r.flush()
		case mdHeading.MatchString(line):
			r.flush()
			line = mdHeading.ReplaceAllString(line, "")
			r.para = append(r.para, mdClosing.ReplaceAllString(line, ""))
			r.flush()
		case mdItem.MatchString(line):
			r.flush()
			r.para = append(r.para, mdItem.ReplaceAllString(line, ""))
		default:
			r.para = append(r.para, line)
		}
	}
	r.flush()
}

// mdReader holds the lines of the paragraph being read.
type mdReader struct {
	b       *builder
	refs    map[string]string
	para    []string
	literal bool // the lines are code: no inline markup
}

// flush writes the pending lines as one paragraph.
func (r *mdReader) flush() {
	switch {
	case len(r.para) == 0:
		return
	case r.literal:
		r.b.text(strings.Join(r.para, "\n"))
	default:
		r.inline(strings.Join(r.para, "\n"))
	}
	r.b.endParagraph()
	r.para = r.para[:0]
}

// inline writes one paragraph's inline Markdown.
func (r *mdReader) inline(s string) {
	var lit strings.Builder
	emit := func() {
		r.b.text(lit.String())
		lit.Reset()
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			lit.WriteByte(s[i+1])
			i += 2
		case c == '`':
			n := runLen(s, i, '`')
			if j := strings.Index(s[i+n:], s[i:i+n]); j >= 0 {
				lit.WriteString(s[i+n : i+n+j])
				i += n + j + n
			} else {
				i += n
			}
		case c == '!' && strings.HasPrefix(s[i+1:], "["):
			// An image's alt text is not article text: drop it whole.
			if _, _, n, ok := r.link(s[i+1:]); ok {
				i += 1 + n
			} else {
				lit.WriteByte(c)
				i++
			}
		case c == '[':
			text, href, n, ok := r.link(s[i:])
			if !ok {
				lit.WriteByte(c)
				i++
				continue
			}
			emit()
			r.b.beginLink(href)
			r.inline(text)
			r.b.endLink()
			i += n
		case c == '<' && (strings.HasPrefix(s[i+1:], "http://") || strings.HasPrefix(s[i+1:], "https://")):
			j := strings.IndexAny(s[i+1:], "> \n")
			if j < 0 || s[i+1+j] != '>' {
				lit.WriteByte(c)
				i++
				continue
			}
			emit()
			u := s[i+1 : i+1+j]
			r.b.beginLink(u)
			r.b.text(u)
			r.b.endLink()
			i += j + 2
		case c == '*' || c == '_':
			n := runLen(s, i, c)
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			if !isEmphasis(c, before, after, i == 0, i+n == len(s)) {
				lit.WriteString(s[i : i+n])
			}
			i += n
		default:
			lit.WriteByte(c)
			i++
		}
	}
	emit()
}

// link parses "[text](href "title")", "[text][ref]", "[text][]" or "[ref]"
// at the start of s and returns the text, href, the bytes consumed and
// whether it was a link.
func (r *mdReader) link(s string) (text, href string, n int, ok bool) {
	depth := 0
	end := -1
	for i := 0; i < len(s) && end < 0; i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				end = i
			}
		}
	}
	if end < 0 {
		return "", "", 0, false
	}
	text, rest := s[1:end], s[end+1:]
	switch {
	case strings.HasPrefix(rest, "("):
		close := strings.IndexByte(rest, ')')
		for close >= 0 && strings.Count(rest[:close], "(") > strings.Count(rest[:close], ")")+1 {
			next := strings.IndexByte(rest[close+1:], ')')
			if next < 0 {
				close = -1
				break
			}
			close += 1 + next
		}
		if close < 0 {
			return "", "", 0, false
		}
		dest := strings.TrimSpace(rest[1:close])
		if strings.HasPrefix(dest, "<") {
			if j := strings.IndexByte(dest, '>'); j > 0 {
				dest = dest[1:j]
			}
		} else if f := strings.Fields(dest); len(f) > 0 {
			dest = f[0]
		}
		return text, dest, end + 1 + close + 1, true
	case strings.HasPrefix(rest, "["):
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return "", "", 0, false
		}
		key := rest[1:j]
		if key == "" {
			key = text
		}
		if href, found := r.refs[refKey(key)]; found {
			return text, href, end + 1 + j + 1, true
		}
	}
	if href, found := r.refs[refKey(text)]; found {
		return text, href, end + 1, true
	}
	return "", "", 0, false
}

// isEmphasis reports whether a run of * or _ between before and after
// marks emphasis (and is stripped) rather than being a literal character:
// it must touch text on one side, and an underscore inside a word
// (snake_case) is literal.
func isEmphasis(c byte, before, after rune, atStart, atEnd bool) bool {
	spaceBefore := atStart || unicode.IsSpace(before)
	spaceAfter := atEnd || unicode.IsSpace(after)
	if spaceBefore && spaceAfter {
		return false
	}
	if c == '_' && !atStart && !atEnd && isWordRune(before) && isWordRune(after) {
		return false
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// refKey normalises a link reference label for lookup.
func refKey(label string) string {
	return strings.ToLower(strings.Join(strings.Fields(label), " "))
}

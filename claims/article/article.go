// Package article turns an article as pasted or uploaded — plain text,
// Markdown or HTML — into a document body: NFC text whose paragraphs are
// separated by exactly one blank line, with the spans that were hyperlinks
// in the original and a guess at the language.
package article

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"golang.org/x/text/unicode/norm"
)

// Parsed is an article ready to become a claims.Document. Link offsets are
// Unicode code points of Body, End exclusive.
type Parsed struct {
	Body     string
	Links    []claims.Link
	Language string
}

// Parse normalises raw, written in format (claims.FormatText,
// FormatMarkdown or FormatHTML; empty means text), into a body and its
// links. Input that is not UTF-8 text, is binary, holds control
// characters or has no text is EINVALID on field "body"; input over
// claims.MaxBodyLen bytes is ETOOLARGE; an unknown format is EINVALID on
// field "format".
func Parse(format string, raw []byte) (*Parsed, error) {
	if format == "" {
		format = claims.FormatText
	}
	if format != claims.FormatText && format != claims.FormatMarkdown && format != claims.FormatHTML {
		return nil, fieldError(claims.EINVALID, "format", "must be one of %s, %s, %s (got %q)",
			claims.FormatText, claims.FormatMarkdown, claims.FormatHTML, format)
	}
	s, err := clean(raw)
	if err != nil {
		return nil, err
	}
	b := &builder{}
	switch format {
	case claims.FormatText:
		parseText(b, s)
	case claims.FormatMarkdown:
		parseMarkdown(b, s)
	case claims.FormatHTML:
		if err := parseHTML(b, s); err != nil {
			return nil, fieldError(claims.EINVALID, "body", "cannot be read as HTML: %v", err)
		}
	}
	body, links := b.finish()
	if body == "" {
		return nil, fieldError(claims.EINVALID, "body", "has no text in it")
	}
	if len(body) > claims.MaxBodyLen {
		return nil, fieldError(claims.ETOOLARGE, "body", "is too long (at most %d bytes)", claims.MaxBodyLen)
	}
	return &Parsed{Body: body, Links: links, Language: DetectLanguage(body)}, nil
}

// FormatFromName guesses an article's format from a file name's extension:
// .md and .markdown are claims.FormatMarkdown, .html and .htm
// claims.FormatHTML, and anything else (no name, .txt) claims.FormatText.
func FormatFromName(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		return claims.FormatMarkdown
	case ".html", ".htm":
		return claims.FormatHTML
	}
	return claims.FormatText
}

// clean checks that raw is UTF-8 text of an acceptable size and returns it
// in NFC with LF line ends and without a byte order mark.
func clean(raw []byte) (string, error) {
	if len(raw) > claims.MaxBodyLen {
		return "", fieldError(claims.ETOOLARGE, "body", "is too long (%d bytes; at most %d)", len(raw), claims.MaxBodyLen)
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return "", fieldError(claims.EINVALID, "body", "looks like a binary file (it holds a NUL byte at offset %d), not text", i)
	}
	if !utf8.Valid(raw) {
		return "", fieldError(claims.EINVALID, "body", "is not valid UTF-8 text (first bad byte at offset %d); save the file as UTF-8 and try again", firstInvalid(raw))
	}
	s := strings.TrimPrefix(string(raw), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	for i, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\f' && r != '\v' || r == 0x7f {
			return "", fieldError(claims.EINVALID, "body", "contains a control character (U+%04X) at byte %d", r, i)
		}
	}
	return norm.NFC.String(s), nil
}

// firstInvalid returns the offset of the first byte of b that is not part
// of a valid UTF-8 sequence.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// fieldError returns a *claims.Error with code that names one field.
func fieldError(code, field, format string, args ...any) *claims.Error {
	msg := fmt.Sprintf(format, args...)
	return &claims.Error{
		Code:    code,
		Message: field + " " + msg,
		Fields:  []claims.FieldError{{Field: field, Message: msg, Format: format, Args: args}},
	}
}

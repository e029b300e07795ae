package claims

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// Document formats accepted at import.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// Document is an article as captured. Its body never changes: a corrected
// article is a new document that Supersedes the old one, so quote offsets
// stay true forever.
type Document struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	URL         string     `json:"url"`
	Publisher   string     `json:"publisher"`
	Language    string     `json:"language"`
	PublishedAt *time.Time `json:"published_at"`
	Body        string     `json:"body,omitempty"`
	SHA256      string     `json:"sha256"`
	Links       []Link     `json:"links"`
	Supersedes  string     `json:"supersedes,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	ClaimCount  int        `json:"claim_count"`
}

// Link is a span of the body that was a hyperlink in the original. Start
// and End are offsets in Unicode code points, End exclusive.
type Link struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Href  string `json:"href,omitempty"`
}

// Paragraph is one paragraph of a body with its code-point offsets.
type Paragraph struct {
	Start, End int
	Text       string
}

// Paragraphs splits the body at blank lines. Offsets are code points.
func (d *Document) Paragraphs() []Paragraph {
	var out []Paragraph
	pos := 0
	for _, part := range strings.Split(d.Body, "\n\n") {
		n := utf8.RuneCountInString(part)
		if strings.TrimSpace(part) != "" {
			out = append(out, Paragraph{Start: pos, End: pos + n, Text: part})
		}
		pos += n + 2
	}
	return out
}

// BodyHash returns the hex SHA-256 of body, the document's fingerprint.
func BodyHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// Validate checks the document's fields and that every link span lies in
// the body and holds the text it claims to.
func (d *Document) Validate() error {
	var p Problems
	checkRequired(&p, "title", d.Title, MaxShortText)
	checkURL(&p, "url", d.URL)
	checkText(&p, "publisher", d.Publisher, MaxNameLen)
	checkText(&p, "language", d.Language, 35)
	if strings.TrimSpace(d.Body) == "" {
		p.Add("body", "is required")
	} else if len(d.Body) > MaxBodyLen {
		p.Add("body", "is too long (at most %d bytes)", MaxBodyLen)
	} else {
		checkText(&p, "body", d.Body, MaxBodyLen)
	}
	if !p.has("body") {
		runes := []rune(d.Body)
		for _, l := range d.Links {
			if l.Start < 0 || l.End > len(runes) || l.Start >= l.End || string(runes[l.Start:l.End]) != l.Text {
				p.Add("links", "link %q does not match the body at %d–%d", l.Text, l.Start, l.End)
			}
			checkURL(&p, "links", l.Href)
		}
	}
	return p.Err()
}

// has reports whether field already has a problem.
func (p *Problems) has(field string) bool {
	for _, f := range p.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// DocumentFilter selects documents, newest first. Q matches the title.
type DocumentFilter struct {
	Q      string
	Limit  int
	Cursor string
}

// Validate checks the filter's query and limit.
func (f *DocumentFilter) Validate() error {
	var p Problems
	checkLimit(&p, f.Limit)
	checkText(&p, "q", f.Q, MaxShortText)
	return p.Err()
}

// DocumentService stores documents.
type DocumentService interface {
	// CreateDocument validates and stores d, setting ID, SHA256 and
	// CreatedAt. The body must already be normalised (see package article).
	CreateDocument(ctx context.Context, actor Actor, d *Document) error
	// FindDocumentByID returns the document with its body, or ENOTFOUND.
	FindDocumentByID(ctx context.Context, id string) (*Document, error)
	// FindDocuments returns a page of documents without bodies and the
	// cursor of the next page.
	FindDocuments(ctx context.Context, f DocumentFilter) ([]*Document, string, error)
}

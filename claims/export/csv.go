package export

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// csvHeader names the CSV's columns, in the words an editor uses.
var csvHeader = []string{
	"id", "text", "kind", "status", "source", "source type", "document title", "document url", "quote",
	"provenance", "attribution", "rating", "rationale", "approved by", "updated at",
}

// CSVWriter writes claims as a spreadsheet for editors, one row a claim.
type CSVWriter struct {
	w *csv.Writer
}

// utf8BOM starts the file. Excel opens a CSV without it in the Windows
// code page of the machine (cp1250 in Poland), turning "Łukaszenka" into
// "ĹukaszeĹ„ka"; with it, Excel reads UTF-8. LibreOffice, Google Sheets
// and Python's utf-8-sig all accept it.
const utf8BOM = "\uFEFF"

// NewCSVWriter writes the byte-order mark and the header row to w.
// Lines end in CRLF, as RFC 4180 and Excel expect.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return nil, err
	}
	cw := &CSVWriter{w: csv.NewWriter(w)}
	cw.w.UseCRLF = true
	if err := cw.w.Write(csvHeader); err != nil {
		return nil, err
	}
	return cw, nil
}

// Write writes c's row. c should carry its source, hop sources and
// verdicts (as FindClaimByID returns it); doc is its document or nil.
// The verdict columns show CurrentVerdict.
func (cw *CSVWriter) Write(c *claims.Claim, doc *claims.Document) error {
	row := make([]string, 0, len(csvHeader))
	var source, sourceType, title, docURL, quote string
	if c.Source != nil {
		source, sourceType = c.Source.Name, string(c.Source.Type)
	}
	if doc != nil {
		title, docURL = doc.Title, doc.URL
	}
	if c.Quote != nil {
		quote = c.Quote.Exact
	}
	var attribution, rating, rationale, approver string
	if v := CurrentVerdict(c); v != nil {
		attribution, rating, rationale, approver = string(v.Attribution), string(v.Rating), v.Rationale, v.ApproverName
	}
	row = append(row, c.ID, c.Text, string(c.Kind), string(c.Status), source, sourceType, title, docURL, quote,
		Chain(c.Provenance), attribution, rating, rationale, approver, timestamp(c.UpdatedAt))
	for i := range row {
		row[i] = safeCell(row[i])
	}
	return cw.w.Write(row)
}

// Flush writes any buffered rows and returns the first write error.
func (cw *CSVWriter) Flush() error {
	cw.w.Flush()
	return cw.w.Error()
}

// Chain writes a provenance chain for people: "A (originator) → B
// (quoted-by) → C (reported-by)".
func Chain(hops []claims.Hop) string {
	parts := make([]string, len(hops))
	for i, h := range hops {
		parts[i] = hopName(h) + " (" + string(h.Role) + ")"
	}
	return strings.Join(parts, " → ")
}

// safeCell defuses formula injection: a spreadsheet runs a cell that
// starts with = + - or @ (or a tab or carriage return, which some strip
// before looking) as a formula, so a claim text like =HYPERLINK(…) could
// act when an editor opens the file. A leading apostrophe makes it text
// (OWASP's advice); the text is otherwise unchanged.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

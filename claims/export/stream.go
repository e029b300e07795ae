package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/claimtrail/claimtrail/claims"
)

// Reader is what the streamed exports read through; claims.Store has it.
type Reader interface {
	FindClaims(ctx context.Context, f claims.ClaimFilter) ([]*claims.Claim, string, error)
	FindClaimByID(ctx context.Context, id string) (*claims.Claim, error)
	FindDocumentByID(ctx context.Context, id string) (*claims.Document, error)
}

// Claims calls fn with every claim f selects, in list order (from
// f.Cursor on), each as FindClaimByID returns it — with its verdicts and
// hop sources — and with its document without the body, or nil. It reads
// keyset pages of claims.MaxPageSize and caches documents for one page
// only, so memory stays flat however many claims there are. An error from
// fn stops it and is returned.
func Claims(ctx context.Context, r Reader, f claims.ClaimFilter, fn func(*claims.Claim, *claims.Document) error) error {
	f.Limit = claims.MaxPageSize
	for {
		page, next, err := r.FindClaims(ctx, f)
		if err != nil {
			return err
		}
		docs := map[string]*claims.Document{}
		for _, item := range page {
			c, err := r.FindClaimByID(ctx, item.ID)
			if err != nil {
				return err
			}
			var doc *claims.Document
			if c.DocumentID != "" {
				if doc = docs[c.DocumentID]; doc == nil {
					if doc, err = r.FindDocumentByID(ctx, c.DocumentID); err != nil {
						return err
					}
					doc.Body = ""
					docs[c.DocumentID] = doc
				}
			}
			if err := fn(c, doc); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		f.Cursor = next
	}
}

// WriteCSV writes the claims f selects to w as the editors' spreadsheet.
// Nothing is written before the first page of claims has been read, so a
// failing filter or store leaves w untouched.
func WriteCSV(ctx context.Context, r Reader, f claims.ClaimFilter, w io.Writer) error {
	var cw *CSVWriter
	start := func() (err error) {
		if cw == nil {
			cw, err = NewCSVWriter(w)
		}
		return err
	}
	err := Claims(ctx, r, f, func(c *claims.Claim, doc *claims.Document) error {
		if err := start(); err != nil {
			return err
		}
		return cw.Write(c, doc)
	})
	if err != nil {
		return err
	}
	if err := start(); err != nil {
		return err
	}
	return cw.Flush()
}

// WriteClaimReviews writes the ClaimReview of every published claim to w
// as one JSON array, newest claim first. Like WriteCSV, it writes nothing
// before the first page of claims has been read.
func WriteClaimReviews(ctx context.Context, r Reader, site Site, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	sep := "[\n"
	err := Claims(ctx, r, claims.ClaimFilter{Status: claims.StatusPublished}, func(c *claims.Claim, doc *claims.Document) error {
		review, err := NewClaimReview(c, doc, site)
		if claims.ErrorCode(err) == claims.ECONFLICT {
			return nil // reopened between the list and the read: no longer published
		} else if err != nil {
			return err
		}
		bw.WriteString(sep)
		sep = ","
		return enc.Encode(review)
	})
	if err != nil {
		return err // bw is dropped unflushed: w got at most whole earlier buffers
	}
	if sep == "[\n" {
		bw.WriteString(sep)
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

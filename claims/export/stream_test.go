package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// fakeReader serves claims two a page, whatever the limit, so paging is
// exercised with a handful of claims.
type fakeReader struct {
	claims    []*claims.Claim
	docs      map[string]*claims.Document
	docReads  int
	failFirst bool
}

func (r *fakeReader) FindClaims(ctx context.Context, f claims.ClaimFilter) ([]*claims.Claim, string, error) {
	if r.failFirst {
		return nil, "", errors.New("disk on fire")
	}
	var match []*claims.Claim
	for _, c := range r.claims {
		if f.Status == "" || c.Status == f.Status {
			match = append(match, c)
		}
	}
	from, _ := strconv.Atoi(f.Cursor)
	to := min(from+2, len(match))
	next := ""
	if to < len(match) {
		next = strconv.Itoa(to)
	}
	return match[from:to], next, nil
}

func (r *fakeReader) FindClaimByID(ctx context.Context, id string) (*claims.Claim, error) {
	for _, c := range r.claims {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, claims.Errorf(claims.ENOTFOUND, "no claim %s", id)
}

func (r *fakeReader) FindDocumentByID(ctx context.Context, id string) (*claims.Document, error) {
	r.docReads++
	d := *r.docs[id]
	return &d, nil
}

// newFakeReader holds n claims on one document; every third is only
// proposed.
func newFakeReader(n int) *fakeReader {
	r := &fakeReader{docs: map[string]*claims.Document{"doc-1": document()}}
	for i := range n {
		c := claim()
		c.ID, c.Text = fmt.Sprintf("claim-%d", i), fmt.Sprintf("Twierdzenie nr %d: Zażółć gęślą jaźń", i)
		if i%3 == 2 {
			c.Status, c.Verdicts = claims.StatusProposed, c.Verdicts[:1]
		}
		r.claims = append(r.claims, c)
	}
	return r
}

func TestClaims(t *testing.T) {
	r := newFakeReader(5)
	var ids []string
	err := Claims(context.Background(), r, claims.ClaimFilter{}, func(c *claims.Claim, doc *claims.Document) error {
		if doc == nil || doc.Body != "" || doc.Title == "" {
			t.Errorf("claim %s: document %+v, want one without its body", c.ID, doc)
		}
		ids = append(ids, c.ID)
		return nil
	})
	if err != nil || strings.Join(ids, " ") != "claim-0 claim-1 claim-2 claim-3 claim-4" {
		t.Fatalf("claims %v, %v", ids, err)
	}
	if r.docReads != 3 {
		t.Errorf("%d document reads for 3 pages, want one a page", r.docReads)
	}
}

func TestWriteCSV(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteCSV(context.Background(), newFakeReader(5), claims.ClaimFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), utf8BOM))).ReadAll()
		if err != nil || len(rows) != 6 || rows[5][1] != "Twierdzenie nr 4: Zażółć gęślą jaźń" {
			t.Fatalf("rows %v, %v", rows, err)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteCSV(context.Background(), newFakeReader(0), claims.ClaimFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		if buf.String() != utf8BOM+strings.Join(csvHeader, ",")+"\r\n" {
			t.Fatalf("empty export %q", buf.String())
		}
	})
	t.Run("ErrNothingWritten", func(t *testing.T) {
		var buf bytes.Buffer
		r := newFakeReader(3)
		r.failFirst = true
		if err := WriteCSV(context.Background(), r, claims.ClaimFilter{}, &buf); err == nil || buf.Len() != 0 {
			t.Fatalf("err %v, wrote %q", err, buf.String())
		}
	})
}

func TestWriteClaimReviews(t *testing.T) {
	for _, n := range []int{0, 1, 7} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteClaimReviews(context.Background(), newFakeReader(n), site, &buf); err != nil {
				t.Fatal(err)
			}
			var reviews []ClaimReview
			if err := json.Unmarshal(buf.Bytes(), &reviews); err != nil {
				t.Fatalf("%v in %s", err, buf.String())
			}
			if want := n - n/3; len(reviews) != want || reviews == nil {
				t.Fatalf("%d reviews, want %d", len(reviews), want)
			}
		})
	}
	t.Run("ErrNothingWritten", func(t *testing.T) {
		var buf bytes.Buffer
		r := newFakeReader(3)
		r.failFirst = true
		if err := WriteClaimReviews(context.Background(), r, site, &buf); err == nil || buf.Len() != 0 {
			t.Fatalf("err %v, wrote %q", err, buf.String())
		}
	})
}

package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	published := claim()
	inject := claim()
	inject.ID, inject.Text, inject.Provenance, inject.Quote, inject.Source = "claim-2", "=HYPERLINK(\"http://evil\";\"kliknij\")", nil, nil, nil
	inject.Verdicts = []*claims.Verdict{{Attribution: claims.AttributionUnverified, Rating: claims.RatingFalse,
		Rationale: "-5% to nieprawda,\nbo \"dane\" mówią inaczej", State: claims.VerdictProposed}}
	inject.Status = claims.StatusProposed
	for _, c := range []*claims.Claim{published, inject} {
		doc := document()
		if c == inject {
			doc = nil
		}
		if err := w.Write(c, doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFFid,text,") {
		t.Fatalf("no BOM and header: %q", out[:20])
	}
	if !strings.Contains(out, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header and 2", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, tc := range []struct {
		row       int
		col, want string
	}{
		{1, "id", "claim-1"},
		{1, "text", "Łukaszenka: białoruscy producenci chcą poznać kompetencje chińskich firm."},
		{1, "kind", "reported"},
		{1, "status", "published"},
		{1, "source", "Aleksander Łukaszenka"},
		{1, "source type", "person"},
		{1, "document title", "Łukaszenka zakończył wizytę w Chinach"},
		{1, "document url", "https://portal.example.pl/lukaszenka-chiny"},
		{1, "quote", "Łukaszenka powiedział, że białoruscy producenci są zainteresowani badaniem"},
		{1, "provenance", "Aleksander Łukaszenka (originator) → Instytut Badań nad Wojną (quoted-by) → Redakcja portalu (reported-by)"},
		{1, "attribution", "accurate"},
		{1, "rating", "mostly-true"},
		{1, "rationale", "Zgadza się z komunikatem kancelarii; „kompetencje” to skrót."},
		{1, "approved by", "Redaktor Żaneta"},
		{1, "updated at", "2025-06-05T12:00:00Z"},
		// Formula-looking cells are defused, and the proposed verdict
		// shows without an approver.
		{2, "text", "'=HYPERLINK(\"http://evil\";\"kliknij\")"},
		{2, "rationale", "'-5% to nieprawda,\nbo \"dane\" mówią inaczej"},
		{2, "rating", "false"},
		{2, "approved by", ""},
		{2, "source", ""},
		{2, "document title", ""},
	} {
		if got := rows[tc.row][col[tc.col]]; got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
}

func TestSafeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+48 600", "'+48 600"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"Łódź = miasto", "Łódź = miasto"},
		{"", ""},
	} {
		if got := safeCell(tc.in); got != tc.want {
			t.Errorf("safeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

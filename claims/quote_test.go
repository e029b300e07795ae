package claims

import (
	"testing"
	"unicode/utf16"
)

func TestQuoteAnchor(t *testing.T) {
	// The fox is outside the BMP: one code point, two UTF-16 units, four bytes.
	body := "🦊 Łukaszenka: „tak”. Xi: „tak”. שלום"
	tests := []struct {
		name       string
		q          Quote
		start, end int // -1: an error on quote.exact
		prefix     string
	}{
		{"OK", Quote{Exact: "Łukaszenka"}, 2, 12, "🦊 "},
		{"OKRightToLeft", Quote{Exact: "שלום"}, 32, 36, "🦊 Łukaszenka: „tak”. Xi: „tak”. "},
		{"OKByPrefix", Quote{Exact: "„tak”", Prefix: "Xi: "}, 25, 30, "🦊 Łukaszenka: „tak”. Xi: "},
		{"OKByStart", Quote{Exact: "„tak”", Start: 14}, 14, 19, "🦊 Łukaszenka: "},
		{"OKByStartEnd", Quote{Exact: "„tak”", Start: 25, End: 30}, 25, 30, "🦊 Łukaszenka: „tak”. Xi: "},
		{"OKBySuffix", Quote{Exact: "„tak”", Suffix: ". ש"}, 25, 30, "🦊 Łukaszenka: „tak”. Xi: "},
		{"ErrAmbiguous", Quote{Exact: "„tak”"}, -1, -1, ""},
		{"ErrAmbiguousBadPrefix", Quote{Exact: "„tak”", Prefix: "Putin: "}, -1, -1, ""},
		{"ErrNotFound", Quote{Exact: "Lukaszenka"}, -1, -1, ""},
		{"ErrEmpty", Quote{}, -1, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.q.Anchor(body)
			if tt.start < 0 {
				if ErrorCode(err) != EINVALID || len(ErrorFields(err)) != 1 || ErrorFields(err)[0].Field != "quote.exact" {
					t.Fatalf("err = %v (fields %v), want EINVALID on quote.exact", err, ErrorFields(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Start != tt.start || got.End != tt.end || got.Prefix != tt.prefix || got.Exact != tt.q.Exact {
				t.Errorf("anchored %+v, want %d–%d prefix %q", got, tt.start, tt.end, tt.prefix)
			}
			if s := string([]rune(body)[got.Start:got.End]); s != tt.q.Exact {
				t.Errorf("offsets select %q", s)
			}
		})
	}
}

// TestQuoteAnchor_CodePoints pins the offset unit: code points, not bytes
// and not UTF-16 units as JavaScript counts.
func TestQuoteAnchor_CodePoints(t *testing.T) {
	body := "🦊🦊 x"
	got, err := Quote{Exact: "x"}.Anchor(body)
	if err != nil {
		t.Fatal(err)
	}
	bytes, units := len("🦊🦊 "), len(utf16.Encode([]rune("🦊🦊 ")))
	if got.Start != 3 || got.Start == bytes || got.Start == units {
		t.Errorf("start %d; want 3 code points (bytes %d, UTF-16 %d)", got.Start, bytes, units)
	}
}

func TestQuoteAnchor_ContextLength(t *testing.T) {
	long := ""
	for range 50 {
		long += "ą"
	}
	got, err := Quote{Exact: "X"}.Anchor(long + "X" + long)
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(got.Prefix)); n != quoteContext {
		t.Errorf("prefix has %d code points, want %d", n, quoteContext)
	}
	if n := len([]rune(got.Suffix)); n != quoteContext {
		t.Errorf("suffix has %d code points, want %d", n, quoteContext)
	}
}

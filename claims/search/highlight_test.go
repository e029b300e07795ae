package search_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
)

// marked renders spans of text with [ ] around them, for readable tests.
func marked(text string, spans []search.Span) string {
	var b strings.Builder
	for _, seg := range search.Segments(text, spans) {
		if seg.Mark {
			b.WriteString("[" + seg.Text + "]")
		} else {
			b.WriteString(seg.Text)
		}
	}
	return b.String()
}

func TestHighlight(t *testing.T) {
	const pl = "Łukaszenka zakończył wizytę w Chinach. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."
	tests := []struct{ query, want string }{
		{"lukaszenka", "[Łukaszenka] zakończył wizytę w Chinach. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{"LUKASZENKI zrodlo", "[Łukaszenka] zakończył wizytę w Chinach. [Źródło]: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{"Chin", "Łukaszenka zakończył wizytę w [Chinach]. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{`"w chinach"`, "Łukaszenka zakończył wizytę [w Chinach]. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{`"chinach"`, "Łukaszenka zakończył wizytę w [Chinach]. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{`"chin"`, pl}, // quoted: the word as written only
		{"architektur*", "Łukaszenka zakończył wizytę w Chinach. Źródło: ISW o [architekturze] bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{`"architekturze bezpieczeństwa"`, "Łukaszenka zakończył wizytę w Chinach. Źródło: ISW o [architekturze bezpieczeństwa], chińsko-białoruskich relacjach i Łukaszence."},
		{"białoruskich", "Łukaszenka zakończył wizytę w Chinach. Źródło: ISW o architekturze bezpieczeństwa, chińsko-[białoruskich] relacjach i Łukaszence."},
		{"chińsko-białoruskich", "Łukaszenka zakończył wizytę w Chinach. Źródło: ISW o architekturze bezpieczeństwa, [chińsko-białoruskich] relacjach i Łukaszence."},
		{"łukasz*", "[Łukaszenka] zakończył wizytę w Chinach. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i [Łukaszence]."},
		{"zakończyła wizyta", "Łukaszenka [zakończył] [wizytę] w Chinach. Źródło: ISW o architekturze bezpieczeństwa, chińsko-białoruskich relacjach i Łukaszence."},
		{"Moskwa", pl},
		{"", pl},
	}
	for _, tt := range tests {
		if got := marked(pl, search.Highlight(pl, search.ParseQuery(tt.query))); got != tt.want {
			t.Errorf("Highlight(%q) =\n  %s\nwant\n  %s", tt.query, got, tt.want)
		}
	}
}

func TestHighlightOriginalCharacters(t *testing.T) {
	// Decomposed letters, a ligature and an expansion: the marks cover whole
	// original characters.
	const text = "Z\u0301ródło ﬁnansów: Straße"
	got := marked(text, search.Highlight(text, search.ParseQuery("zrodlo finansow strasse")))
	if want := "[Z\u0301ródło] [ﬁnansów]: [Straße]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSegments(t *testing.T) {
	text := "ab <b>cd</b> ef"
	t.Run("OK", func(t *testing.T) {
		got := search.Segments(text, []search.Span{{0, 2}, {3, 12}})
		want := []search.Segment{{Text: "ab", Mark: true}, {Text: " "}, {Text: "<b>cd</b>", Mark: true}, {Text: " ef"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Segments = %+v", got)
		}
	})
	t.Run("ErrBadSpans", func(t *testing.T) {
		// Out of range, overlapping, empty, inside a character: skipped.
		text := "żółw"
		got := search.Segments(text, []search.Span{{0, 2}, {1, 3}, {2, 2}, {3, 4}, {6, 100}, {-1, 1}})
		want := []search.Segment{{Text: "ż", Mark: true}, {Text: "ółw"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Segments = %+v", got)
		}
	})
}

func TestSnippet(t *testing.T) {
	body := strings.Repeat("Wstęp bez znaczenia dla sprawy. ", 20) +
		"Według\nkancelarii\nŁukaszenka zakończył wizytę w Chinach." +
		strings.Repeat(" Dalszy ciąg tekstu, który nie ma związku.", 20)
	spans := search.Highlight(body, search.ParseQuery("Łukaszenka Chinach"))
	segs := search.Snippet(body, spans, 120)
	var b strings.Builder
	for _, s := range segs {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	got := b.String()
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet %q is not marked as cut", got)
	}
	if !strings.Contains(got, "Według kancelarii [Łukaszenka] zakończył wizytę w [Chinach].") {
		t.Errorf("snippet %q lacks the matches or keeps line breaks", got)
	}
	if n := len(got); n > 120+2*len("…")+10 {
		t.Errorf("snippet is %d bytes", n)
	}
	t.Run("NoSpans", func(t *testing.T) {
		segs := search.Snippet("krótki tekst", nil, 120)
		if len(segs) != 1 || segs[0].Text != "krótki tekst" || segs[0].Mark {
			t.Errorf("Snippet = %+v", segs)
		}
	})
}

// FuzzHighlight checks that highlights of any text for any query are
// sorted, apart, on character boundaries, and cut the text into segments
// that join back into it; and that a snippet of them does not panic.
func FuzzHighlight(f *testing.F) {
	f.Add("Łukaszenka zakończył wizytę w Chinach", "lukaszenka chin*")
	f.Add("Z\u0301ródło ﬁnansów: Straße", `"zrodlo finansow" strasse`)
	f.Add("a\xffb ß", "ss b*")
	f.Fuzz(func(t *testing.T, text, query string) {
		spans := search.Highlight(text, search.ParseQuery(query))
		at := 0
		for _, s := range spans {
			if s.Start < at || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("spans %v of %q", spans, text)
			}
			at = s.End
		}
		var b strings.Builder
		for _, seg := range search.Segments(text, spans) {
			b.WriteString(seg.Text)
		}
		if b.String() != text {
			t.Fatalf("segments of %q join into %q", text, b.String())
		}
		search.Snippet(text, spans, len(query))
	})
}

package search_test

import (
	"reflect"
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string // folded token, then the original it came from
	}{
		{"Łukaszenka zakończył wizytę w Chinach.", []string{
			"lukaszenka", "Łukaszenka", "zakonczyl", "zakończył", "wizyte", "wizytę", "w", "w", "chinach", "Chinach"}},
		{"chińsko-białoruskich", []string{"chinsko", "chińsko", "bialoruskich", "białoruskich"}},
		{"„Xi Jinpingiem” (ISW)", []string{"xi", "Xi", "jinpingiem", "Jinpingiem", "isw", "ISW"}},
		{"council's 4.1 million", []string{"council", "council", "s", "s", "4", "4", "1", "1", "million", "million"}},
		{"Z\u0301ródło", []string{"zrodlo", "Z\u0301ródło"}},
		{"archi\u00adtektura", []string{"architektura", "archi\u00adtektura"}},
		{"Лукашенко, Минск", []string{"лукашенко", "Лукашенко", "минск", "Минск"}},
		{"Straße", []string{"strasse", "Straße"}},
		{"\u0301 -- \"\" ()", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range search.Tokens(tt.in) {
			got = append(got, tok.Text, tt.in[tok.Start:tok.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestColumns(t *testing.T) {
	folded, stems := search.Columns("Łukaszenka spotkał się z Xi Jinpingiem w Pekinie, chińsko-białoruskich.")
	if want := "lukaszenka spotkal sie z xi jinpingiem w pekinie, chinsko-bialoruskich."; folded != want {
		t.Errorf("folded = %q, want %q", folded, want)
	}
	// One stem per word, in order, so positions in the two columns agree.
	if want := "lukaszenk spotkal sie z xi jinp w pekin chinsk bialorusk"; stems != want {
		t.Errorf("stems = %q, want %q", stems, want)
	}
}

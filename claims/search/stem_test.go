package search_test

import (
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
)

// stemOf folds and stems a single word, as the index does.
func stemOf(t *testing.T, word string) string {
	t.Helper()
	toks := search.Tokens(word)
	if len(toks) != 1 {
		t.Fatalf("Tokens(%q) = %v, want one token", word, toks)
	}
	return search.Stem(toks[0].Text)
}

func TestStemSame(t *testing.T) {
	groups := [][]string{
		// The examples.
		{"Chin", "Chinach", "Chiny", "Chinom", "Chinami", "China"},
		{"zakończył", "zakończyła", "zakończyło", "zakończyli", "zakończyły"},
		{"Jinping", "Jinpingiem", "Jinpinga", "Jinpingowi", "Jinpingu"},
		{"Łukaszenka", "Łukaszenki", "Łukaszenkę", "Łukaszenką", "ŁUKASZENKA", "Lukaszenka", "Łukaszenko"},
		// Nouns.
		{"wizyta", "wizyty", "wizytę", "wizytą", "wizyt", "wizytami", "wizytach", "wizytom"},
		{"dokument", "dokumenty", "dokumentów", "dokumentami", "dokumentach", "dokumentu", "dokumentem", "dokumentom"},
		{"prezydent", "prezydenta", "prezydentowi", "prezydentem", "prezydentów"},
		{"państwo", "państwa", "państw", "państwie", "państwom", "państwami"},
		{"historia", "historii", "historię", "historią", "historiach"},
		{"Rosja", "Rosji", "Rosję", "Rosją"},
		{"Białoruś", "Białorusi", "Białorusią"},
		{"Kraków", "Krakowa", "Krakowie", "Krakowem"},
		{"problem", "problemy", "problemem", "problemów", "problemach"},
		{"podróż", "podróży", "podróżą", "podróżach", "podróżował", "podróżowała", "podróżować", "podróżuje"},
		{"rok", "roku", "rokiem", "roki"},
		// Adjectives.
		{"białoruski", "białoruska", "białoruskie", "białoruskiego", "białoruskiej", "białoruskich", "białoruskim", "białoruskimi", "białoruskiemu"},
		{"nowy", "nowa", "nowe", "nowego", "nowej", "nowych", "nowym", "nowymi", "nowemu"},
		{"wojskowy", "wojskowego", "wojskowych", "wojsko", "wojska"},
		// Verbs.
		{"podpisał", "podpisała", "podpisali", "podpisały"},
		{"twierdzi", "twierdzą", "twierdzę"},
		// English.
		{"sign", "signs", "signed", "signing"},
		{"policy", "policies"},
		{"agree", "agreed", "agrees", "agreeing"},
		{"visit", "visits", "visited", "visiting"},
		{"stop", "stops", "stopped", "stopping"},
		{"state", "states", "stated", "stating"},
		{"box", "boxes"},
		{"church", "churches"},
		{"window", "windows"},
		{"double", "doubled", "doubles", "doubling"},
		{"spend", "spends", "spending"},
		// Loans with Polish endings.
		{"marketing", "marketingu", "marketingiem"},
		{"kurs", "kursy", "kursem", "kursie", "kursów"},
		{"proces", "procesy", "procesem", "procesie", "procesów"},
	}
	for _, g := range groups {
		want := stemOf(t, g[0])
		for _, w := range g[1:] {
			if got := stemOf(t, w); got != want {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want the same", g[0], want, w, got)
			}
		}
	}
}

func TestStemDifferent(t *testing.T) {
	pairs := [][2]string{
		{"Chiny", "Chile"},
		{"wizyta", "wiza"},
		{"dom", "do"},
		{"kot", "kto"},
		{"Rosja", "rosa"},
		{"się", "są"},
		{"tego", "temu"},
		{"ona", "one"},
		{"umowa", "uwaga"},
		{"porozumienie", "rozumienie"},
		{"status", "stat"},
		{"crisis", "cris"},
		{"class", "clas"},
		{"spring", "spr"},
		{"need", "ne"},
		{"Xi", "x"},
		{"2021", "2022"},
		{"16", "1"},
		{"zakończył", "zaczął"},
	}
	for _, p := range pairs {
		a, b := stemOf(t, p[0]), stemOf(t, p[1])
		if a == b {
			t.Errorf("Stem(%q) and Stem(%q) are both %q", p[0], p[1], a)
		}
	}
}

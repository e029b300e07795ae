package search_test

import (
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims/search"
)

// similarCases are "have we checked this before?" questions: a new claim,
// the checked claim it repeats, and checked claims that share its people,
// places or words without being the same claim.
var similarCases = []struct {
	name, query, want string
	distractors       []string
}{
	{
		name:  "Polish",
		query: "Łukaszenka zakończył wizytę w Chinach",
		want:  "Łukaszenka zakończył podróż do Chin",
	},
	{
		name:  "English",
		query: "Lukashenko ended his visit to China",
		want:  "Lukashenko ends his China trip",
	},
	{
		name:  "PolishFigures",
		query: "Xi Jinping i Łukaszenka podpisali 16 dokumentów",
		want:  "Łukaszenka i Xi Jinping podpisali pakiet 16 dokumentów",
	},
}

// distractors are checked claims every case is ranked against.
var distractors = []string{
	"Łukaszenka zakończył wizytę w Moskwie",
	"Wizyta Łukaszenki w Chinach potrwa trzy dni",
	"Łukaszenka spotkał się z Xi Jinpingiem w Pekinie",
	"Chiny zakończyły manewry wojskowe w pobliżu Tajwanu",
	"Chiny mogą potajemnie przekazywać Rosji sprzęt wojskowy przez Białoruś",
	"Łukaszenka powiedział, że białoruscy producenci chcą poznać chińskie technologie",
	"Premier Chin odwiedził w czwartek Mińsk",
	"Xi Jinping i Putin podpisali 12 dokumentów",
	"Lukashenko ended his visit to Moscow",
	"Lukashenko's visit to China will last three days",
	"Xi Jinping met Lukashenko in Beijing",
	"China may be secretly passing military equipment to Russia via Belarus",
	"Millbrook's spending on road repairs has doubled since 2021",
}

func TestScoreRanksTheSameClaimFirst(t *testing.T) {
	for _, c := range similarCases {
		t.Run(c.name, func(t *testing.T) {
			q := search.NewSignature(c.query)
			type scored struct {
				text  string
				score float64
			}
			var all []scored
			for _, d := range append([]string{c.want}, distractors...) {
				all = append(all, scored{d, search.Score(q, search.NewSignature(d))})
			}
			sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
			if all[0].text != c.want || all[0].score == all[1].score {
				for _, s := range all {
					t.Logf("%.3f  %s", s.score, s.text)
				}
				t.Errorf("%q: best match is %q, want %q", c.query, all[0].text, c.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	a := search.NewSignature("Łukaszenka zakończył wizytę w Chinach")
	b := search.NewSignature("Łukaszenka zakończył podróż do Chin")
	t.Run("Same", func(t *testing.T) {
		if s := search.Score(a, search.NewSignature("ŁUKASZENKA ZAKOŃCZYŁ WIZYTĘ W CHINACH!")); math.Abs(s-1) > 1e-9 {
			t.Errorf("Score of the same words = %v, want 1", s)
		}
	})
	t.Run("Symmetric", func(t *testing.T) {
		if x, y := search.Score(a, b), search.Score(b, a); x != y {
			t.Errorf("Score(a,b) = %v, Score(b,a) = %v", x, y)
		}
	})
	t.Run("Range", func(t *testing.T) {
		for _, d := range distractors {
			if s := search.Score(a, search.NewSignature(d)); s < 0 || s > 1 {
				t.Errorf("Score = %v for %q", s, d)
			}
		}
	})
	t.Run("Nothing", func(t *testing.T) {
		for _, s := range []string{"", "w do i", "— „” ()"} {
			if got := search.Score(a, search.NewSignature(s)); got != 0 {
				t.Errorf("Score against %q = %v, want 0", s, got)
			}
		}
	})
	t.Run("Unrelated", func(t *testing.T) {
		if s := search.Score(a, search.NewSignature("Millbrook council road repairs")); s > 0.1 {
			t.Errorf("Score of unrelated claims = %v", s)
		}
	})
}

func TestSimilarQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Łukaszenka zakończył wizytę w Chinach", `stems : ("lukaszenk" OR "chin" OR "zakonczyl" OR "wizyt")`},
		{"Xi Jinping podpisał 16 dokumentów", `stems : ("jinp" OR "xi" OR "16" OR "podpisal" OR "dokument")`},
		{"w do i", ``},
		{`" OR NEAR( *`, `stems : "near"`},
	}
	for _, tt := range tests {
		if got := search.SimilarQuery(tt.in); got != tt.want {
			t.Errorf("SimilarQuery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSimilarTerms(t *testing.T) {
	got := search.SimilarTerms("Łukaszenka zakończył wizytę w Chinach, a Łukaszenki nie ma")
	want := []search.SimilarTerm{{"lukaszenk", 2}, {"chin", 2}, {"zakonczyl", 1}, {"wizyt", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("SimilarTerms = %v, want %v", got, want)
	}
	if got := search.SimilarTerms("w do i"); len(got) != 0 {
		t.Errorf("no content words: %v", got)
	}
}

func TestStemsQuery(t *testing.T) {
	for _, tt := range []struct {
		stems []string
		all   bool
		want  string
	}{
		{[]string{"lukaszenk", "chin"}, true, `stems : ("lukaszenk" AND "chin")`},
		{[]string{"lukaszenk", "chin"}, false, `stems : ("lukaszenk" OR "chin")`},
		{[]string{`a"b`}, false, `stems : "a""b"`},
		{nil, true, ``},
	} {
		if got := search.StemsQuery(tt.stems, tt.all); got != tt.want {
			t.Errorf("StemsQuery(%q, %v) = %s, want %s", tt.stems, tt.all, got, tt.want)
		}
		if got, want := search.TermsQuery(tt.stems, tt.all), strings.TrimPrefix(tt.want, "stems : "); got != want {
			t.Errorf("TermsQuery(%q, %v) = %s, want %s", tt.stems, tt.all, got, want)
		}
	}
}

package suggest_test

import (
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/suggest"
)

// TestSuggestRules checks the rules added after the held-out measurement
// on sentences of their own, so that each rule is shown to work beyond
// the articles that prompted it. The last sentence of each body is
// checked: its source, kind and chain ("name:role", the publisher is
// "Portal").
func TestSuggestRules(t *testing.T) {
	sources := []*claims.Source{
		{ID: "pap", Name: "Polska Agencja Prasowa", Type: claims.SourceMedia, Aliases: []string{"PAP"}},
		{ID: "reuters", Name: "Reuters", Type: claims.SourceMedia},
		{ID: "gus", Name: "Główny Urząd Statystyczny", Type: claims.SourceGovernment, Aliases: []string{"GUS"}},
		{ID: "ons", Name: "Office for National Statistics", Type: claims.SourceGovernment, Aliases: []string{"ONS"}},
		{ID: "mf", Name: "Ministerstwo Finansów", Type: claims.SourceGovernment},
		{ID: "ecb", Name: "European Central Bank", Type: claims.SourceGovernment, Aliases: []string{"ECB"}},
		{ID: "kowalski", Name: "Jan Kowalski", Type: claims.SourcePerson},
	}
	for _, tc := range []struct {
		name, body, source string
		kind               claims.Kind
		chain              string
	}{
		{"MediaAddressee", `"Nie planujemy podwyżek" - przekazał PAP wiceminister finansów Jan Kowalski.`,
			"Jan Kowalski", claims.KindReported, "Jan Kowalski:originator → Polska Agencja Prasowa:quoted-by → Portal:reported-by"},
		{"MediaSpeaks", `Wiceminister nie planuje podwyżek w 2026 r. - podała PAP.`,
			"Polska Agencja Prasowa", claims.KindReported, "Polska Agencja Prasowa:originator → Portal:reported-by"},
		{"PassiveQuote", `Jan Kowalski, a deputy finance minister, was cited by Reuters as saying taxes would not rise in 2026.`,
			"Jan Kowalski", claims.KindReported, "Jan Kowalski:originator → Reuters:quoted-by → Portal:reported-by"},
		{"HeadNounPolish", "Ministerstwo Finansów opublikowało raport.\n\nMinisterstwo podało, że deficyt wyniósł 5 proc. PKB.",
			"Ministerstwo Finansów", claims.KindReported, "Ministerstwo Finansów:originator → Portal:reported-by"},
		{"HeadNounEnglish", "The European Central Bank met in Frankfurt on Thursday. The bank said inflation fell to 2.1% in May.",
			"European Central Bank", claims.KindReported, "European Central Bank:originator → Portal:reported-by"},
		{"AnalystsAt", "The European Central Bank met on Thursday. Economists at the bank expect two more cuts in 2026.",
			"European Central Bank", claims.KindAnalytical, "European Central Bank:assessed-by → Portal:reported-by"},
		{"ExpertsHedge", "Economists say the cuts could come too late for 40,000 firms.",
			"~anonymous", claims.KindAnalytical, "~anonymous:assessed-by → Portal:reported-by"},
		{"ExpertsPlain", "Economists say 40,000 firms closed in 2025.",
			"~anonymous", claims.KindReported, "~anonymous:originator → Portal:reported-by"},
		{"WynikaZDanych", "Jak wynika z danych GUS, inflacja w maju wyniosła 4,1 proc.",
			"Główny Urząd Statystyczny", claims.KindReported, "Główny Urząd Statystyczny:originator → Portal:reported-by"},
		{"DataFrom", "Wages rose by 6% in March, according to data from the Office for National Statistics.",
			"Office for National Statistics", claims.KindReported, "Office for National Statistics:originator → Portal:reported-by"},
		{"ContinuedPolish", `"Budżet jest bezpieczny" - powiedział PAP Jan Kowalski. Jak zaznaczył, deficyt spadnie w 2026 r. do 4 proc.`,
			"Jan Kowalski", claims.KindReported, "Jan Kowalski:originator → Polska Agencja Prasowa:quoted-by → Portal:reported-by"},
		{"ContinuedEnglish", `Jan Kowalski told Reuters the budget was safe. He added that the deficit would fall to 4% in 2026.`,
			"Jan Kowalski", claims.KindReported, "Jan Kowalski:originator → Reuters:quoted-by → Portal:reported-by"},
		{"TitleIsNoName", `Professor Ewa Nowak of the University of Warsaw estimates that 40,000 firms will close in 2026.`,
			"Ewa Nowak", claims.KindAnalytical, "Ewa Nowak:assessed-by → Portal:reported-by"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sugs := suggest.Analyze(&claims.Document{Body: tc.body, Publisher: "Portal"}, sources)
			s := sugs[len(sugs)-1]
			var chain []string
			for _, h := range s.Provenance {
				name := h.Source.Name
				if h.Source.Type == claims.SourceAnonymous {
					name = "~anonymous"
				}
				chain = append(chain, name+":"+string(h.Role))
			}
			src := s.Source.Name
			if s.Source.Type == claims.SourceAnonymous {
				src = "~anonymous"
			}
			if src != tc.source || s.Kind != tc.kind || strings.Join(chain, " → ") != tc.chain {
				t.Errorf("%q\n\tgot  %s, %s, %s (cues %v)\n\twant %s, %s, %s", s.Text, src, s.Kind, strings.Join(chain, " → "), s.Cues, tc.source, tc.kind, tc.chain)
			}
		})
	}
}

// TestSuggestNoComment checks that a party's silence is not suggested.
func TestSuggestNoComment(t *testing.T) {
	for _, body := range []string{
		"The Ministry of Finance did not respond to a request for comment on Tuesday.",
		"Rzecznik resortu finansów do wtorku nie odpowiedział na pytania PAP.",
		"Spółka Orlen odmówiła komentarza w sprawie wyników za 2025 r.",
	} {
		if sugs := suggest.Suggest(&claims.Document{Body: body, Publisher: "Portal"}, nil); len(sugs) > 0 {
			t.Errorf("%q suggested", body)
		}
	}
}

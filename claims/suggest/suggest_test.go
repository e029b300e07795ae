package suggest_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/article"
	"github.com/claimtrail/claimtrail/claims/suggest"
)

func TestSegment(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"PolishAbbreviations", "Przyjechali m.in. prof. Nowak i dr Kowalska. Było ok. 20 osób, tj. wszyscy.",
			[]string{"Przyjechali m.in. prof. Nowak i dr Kowalska.", "Było ok. 20 osób, tj. wszyscy."}},
		{"EnglishAbbreviations", "Mr. Smith met Dr. Jones in the U.S. on Monday. The talks failed.",
			[]string{"Mr. Smith met Dr. Jones in the U.S. on Monday.", "The talks failed."}},
		{"AcronymEndsSentence", "He lives in the U.S. The rest is history.",
			[]string{"He lives in the U.S.", "The rest is history."}},
		{"Initials", "Aleksander G. Łukaszenka przyjechał. Potem wyjechał.",
			[]string{"Aleksander G. Łukaszenka przyjechał.", "Potem wyjechał."}},
		{"TypographicQuote", "„Nie zgadzamy się. To błąd” - powiedział minister. Potem wyszedł.",
			[]string{"„Nie zgadzamy się. To błąd” - powiedział minister.", "Potem wyszedł."}},
		{"EnglishQuote", "“We will fight. We will win,” she said. Nobody clapped.",
			[]string{"“We will fight. We will win,” she said.", "Nobody clapped."}},
		{"Guillemets", "Napisał: «Koniec. Kropka.» Tak było.", []string{"Napisał: «Koniec. Kropka.»", "Tak było."}},
		{"SpeechDash", "Wszedł do sali. - Musimy dążyć do pokoju - mówił Xi. - Tak - odpowiedział.",
			[]string{"Wszedł do sali.", "- Musimy dążyć do pokoju - mówił Xi.", "- Tak - odpowiedział."}},
		{"QuoteEndsSentence", `Mówił o "pokoju". Potem wyszedł.`, []string{`Mówił o "pokoju".`, "Potem wyszedł."}},
		{"Paragraphs", "Bez kropki\n\nDrugi akapit.", []string{"Bez kropki", "Drugi akapit."}},
		{"UnitBeforeAcronym", "Deficyt wyniósł 5 proc. PKB. Dług wzrósł o 2 mln zł. Potem spadł.",
			[]string{"Deficyt wyniósł 5 proc. PKB.", "Dług wzrósł o 2 mln zł.", "Potem spadł."}},
		{"YearAbbreviation", "Stało się to w 2023 r. Wtedy nikt nie wiedział. W 2024 r. wiedzieli.",
			[]string{"Stało się to w 2023 r.", "Wtedy nikt nie wiedział.", "W 2024 r. wiedzieli."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			runes := []rune(tc.body)
			for _, s := range suggest.Segment(tc.body) {
				got = append(got, s.Text)
				if string(runes[s.Start:s.End]) != s.Text {
					t.Errorf("offsets %d–%d do not hold %q", s.Start, s.End, s.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got\n\t%q\nwant\n\t%q", got, tc.want)
			}
		})
	}
}

// TestSuggestInflection checks that sources are matched in any Polish case
// and by alias, whatever the article.
func TestSuggestInflection(t *testing.T) {
	sources := []*claims.Source{
		{ID: "luka", Name: "Aleksander Łukaszenka", Type: claims.SourcePerson},
		{ID: "xi", Name: "Xi Jinping", Type: claims.SourcePerson},
		{ID: "kanc", Name: "Kancelaria Prezydenta Białorusi", Type: claims.SourceGovernment, Aliases: []string{"kancelaria Łukaszenki"}},
		{ID: "isw", Name: "Institute for the Study of War", Type: claims.SourceThinkTank, Aliases: []string{"ISW", "Instytut Badań nad Wojną"}},
	}
	for _, tc := range []struct{ text, source string }{
		{"Xi Jinpingowi, jak podkreślił, zależy na 3 umowach.", "xi"},
		{"Według Łukaszenki Białoruś podpisała 16 umów.", "luka"},
		{"O 16 umowach poinformowała we wtorek kancelaria Łukaszenki.", "kanc"},
		{"Jego kancelaria podała, że umów było 16.", "kanc"},
		{"Zdaniem Instytutu Badań nad Wojną Rosja może przyspieszyć ofensywę w 2025 roku.", "isw"},
		{"Analitycy ISW-u oceniają, że Rosja straciła 20 czołgów.", "isw"},
		{"Lukashenko's office said 16 agreements were signed.", ""},
	} {
		d := &claims.Document{Body: "Aleksander Łukaszenka przyleciał.\n\n" + tc.text}
		sugs := suggest.Analyze(d, sources)
		got := sugs[len(sugs)-1].Source
		if tc.source != "" && got.ID != tc.source {
			t.Errorf("%q: source %+v, want %s", tc.text, got, tc.source)
		}
	}
}

// TestSuggestProposesSources runs the seed with no sources stored: names
// are proposed in their most frequent (nominative) spelling, with the
// acronym given in brackets as an alias.
func TestSuggestProposesSources(t *testing.T) {
	raw, err := os.ReadFile("testdata/seed-pl.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := article.Parse(claims.FormatText, raw)
	if err != nil {
		t.Fatal(err)
	}
	sugs := suggest.Suggest(&claims.Document{Body: p.Body, Publisher: "Portal"}, nil)
	want := map[string]string{
		"Musimy dążyć":               "Xi Jinping",
		"dokumenty mają ułatwić":     "Instytut Badań nad Wojną",
		"białoruscy producenci":      "Aleksander Łukaszenka",
		"Jak relacjonuje kancelaria": "kancelaria Łukaszenki",
	}
	for _, s := range sugs {
		for part, name := range want {
			if strings.Contains(s.Text, part) {
				if !s.Source.New || s.Source.Name != name {
					t.Errorf("%q: source %+v, want new %q", part, s.Source, name)
				}
				delete(want, part)
			}
		}
		if strings.Contains(s.Text, "dokumenty mają ułatwić") && (s.Source.Type != claims.SourceThinkTank || len(s.Source.Aliases) == 0 || s.Source.Aliases[0] != "ISW") {
			t.Errorf("ISW proposed as %+v", s.Source)
		}
		if s.Provenance[len(s.Provenance)-1].Source.Name != "Portal" {
			t.Errorf("%q: chain %+v does not end at the publisher", s.Text, s.Provenance)
		}
	}
	if len(want) > 0 {
		t.Errorf("not suggested: %v", want)
	}
}

// FuzzSegment checks that sentences are ordered, do not overlap, lie in
// the body and hold the text at their offsets.
func FuzzSegment(f *testing.F) {
	f.Add("Mr. Smith said: “Yes. No.” - Tak - powiedział m.in. prof. Nowak.\n\nDrugi „akapit”.")
	f.Add(`"'a."` + "\n\n\n- X")
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			return
		}
		runes := []rune(body)
		last := 0
		for _, s := range suggest.Segment(body) {
			if s.Start < last || s.End <= s.Start || s.End > len(runes) || string(runes[s.Start:s.End]) != s.Text {
				t.Fatalf("bad sentence %+v after %d in %q", s, last, body)
			}
			last = s.End
		}
	})
}

// FuzzSuggest checks that any article gives suggestions whose quotes are
// in the body and whose chains end at the publisher.
func FuzzSuggest(f *testing.F) {
	f.Add("Według ISW Rosja może przegrać. - Tak - mówił Xi Jinping.", "Portal")
	f.Add(`"Łukaszenka powiedział, że (ISW) 'x" - zauważa ISW. He said that they told Reuters, citing officials.`, "")
	f.Fuzz(func(t *testing.T, body, publisher string) {
		if !utf8.ValidString(body) || !utf8.ValidString(publisher) {
			return
		}
		sources := []*claims.Source{{ID: "isw", Name: "ISW", Type: claims.SourceThinkTank}, {ID: "xi", Name: "Xi Jinping", Type: claims.SourcePerson}}
		runes := []rune(body)
		for _, s := range suggest.Analyze(&claims.Document{Body: body, Publisher: publisher}, sources) {
			if string(runes[s.Quote.Start:s.Quote.End]) != s.Quote.Exact || s.Source.Name == "" || len(s.Provenance) == 0 {
				t.Fatalf("bad suggestion %+v", s)
			}
			if s.Kind != claims.KindReported && s.Kind != claims.KindAnalytical {
				t.Fatalf("kind %q", s.Kind)
			}
		}
	})
}

// BenchmarkImportSuggest100KB imports a 100 KB article copied from a web
// page and computes its suggestions. The budget is 50 ms.
func BenchmarkImportSuggest100KB(b *testing.B) {
	gold, _ := loadGold(b, tunedGold)
	var buf strings.Builder
	for buf.Len() < 100<<10 {
		for _, g := range gold {
			raw, err := os.ReadFile("testdata/" + g.File)
			if err != nil {
				b.Fatal(err)
			}
			buf.Write(raw)
			buf.WriteString("\n\n")
		}
	}
	raw := []byte(buf.String())
	var sources []*claims.Source
	for _, g := range gold {
		sources = append(sources, g.Sources...)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		p, err := article.Parse(claims.FormatText, raw)
		if err != nil {
			b.Fatal(err)
		}
		if len(suggest.Suggest(&claims.Document{Body: p.Body, Links: p.Links, Publisher: "Portal"}, sources)) == 0 {
			b.Fatal("no suggestions")
		}
	}
}

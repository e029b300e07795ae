package article_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// seedPath is shared/seed/article-pl.txt, found from this file's location
// so the test does not depend on the working directory.
func seedPath(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "seed", "article-pl.txt")
}

func TestTextSeed(t *testing.T) {
	raw, err := os.ReadFile(seedPath(t))
	if err != nil {
		t.Fatalf("the seed article is required: %v", err)
	}
	p := mustParse(t, claims.FormatText, string(raw))

	paras := paragraphs(p.Body)
	if len(paras) != 7 {
		t.Fatalf("got %d paragraphs, want 7:\n%s", len(paras), p.Body)
	}
	starts := []string{
		"Aleksander Łukaszenka zakończył dziś podróż do Chin, która - jak wcześniej informowała jego kancelaria",
		"Wczoraj Łukaszenka spotkał się z Xi Jinpingiem. Jak relacjonuje",
		"- Musimy dążyć",
		"Zgodnie z wcześniejszymi zapowiedziami, Xi Jinping i Łukaszenka podpisali też pakiet 16 dokumentów dotyczących",
		"Jak analizuje amerykański think tank",
		"\"Łukaszenka powiedział",
		"Potwierdzałoby to wcześniejsze analizy ISW, wedle których Chiny mogą potajemnie przekazywać",
	}
	for i, s := range starts {
		if !strings.HasPrefix(paras[i], s) {
			t.Errorf("paragraph %d = %.120q…, want it to start %q", i+1, paras[i], s)
		}
	}
	if !strings.HasSuffix(paras[4], "przez Białoruś.") || strings.HasSuffix(paras[4], " .") {
		t.Errorf("paragraph 5 ends %q, want …przez Białoruś.", paras[4][len(paras[4])-30:])
	}
	for _, s := range []string{"Chin, która", "przez Białoruś.", "Xi Jinpingiem. Jak"} {
		if !strings.Contains(p.Body, s) {
			t.Errorf("body does not contain %q", s)
		}
	}

	wantLinks := []string{
		"Aleksander Łukaszenka",
		"Chin",
		"Xi Jinpingiem",
		"pakiet 16 dokumentów",
		"ułatwić Kremlowi omijanie zachodnich sankcji poprzez kierowanie pomocy dla Rosji przez Białoruś",
		"potajemnie przekazywać do Rosji sprzęt wojskowy",
	}
	if got := linkTexts(p.Links); !slices.Equal(got, wantLinks) {
		t.Fatalf("links = %q\nwant %q", got, wantLinks)
	}
	// Offsets are code points: find each text independently in the body.
	body := []rune(p.Body)
	from := 0
	for _, l := range p.Links {
		want := runeIndex(body[from:], []rune(l.Text)) + from
		if l.Start != want || l.End != want+len([]rune(l.Text)) || l.Href != "" {
			t.Errorf("link %q at %d–%d (href %q), want %d–%d", l.Text, l.Start, l.End, l.Href, want, want+len([]rune(l.Text)))
		}
		from = l.End
	}
	if p.Links[1].Start != 47 || p.Links[1].End != 51 {
		t.Errorf("link Chin at %d–%d, want 47–51", p.Links[1].Start, p.Links[1].End)
	}
	if p.Language != "pl" {
		t.Errorf("language = %q, want pl", p.Language)
	}
}

func runeIndex(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if string(s[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}

func TestTextWrappedProse(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		raw := `The city council said on Tuesday that spending on road repairs had
doubled since 2021. The claim appeared in a press release and was repeated
by the deputy mayor in a radio interview the same afternoon. Council
documents published in March show a smaller rise.

Dr Jane Okafor, a researcher who studies municipal budgets, said the
comparison ignores inflation. Adjusted for prices, she said, the increase
is closer to a third.
`
		p := mustParse(t, claims.FormatText, raw)
		paras := paragraphs(p.Body)
		if len(paras) != 2 || len(p.Links) != 0 {
			t.Fatalf("got %d paragraphs and links %q, want 2 and none:\n%s", len(paras), linkTexts(p.Links), p.Body)
		}
		if !strings.Contains(paras[0], "had doubled since 2021. The claim") || !strings.HasSuffix(paras[1], "closer to a third.") {
			t.Fatalf("lines were not joined with spaces:\n%s", p.Body)
		}
	})
	// Whatever the wrap width, wrapped prose yields one paragraph per block
	// and no links.
	words := strings.Fields(`Według rady miasta wydatki na remonty dróg wzrosły od 2021 roku
dwukrotnie. Twierdzenie pojawiło się w komunikacie prasowym i zostało powtórzone przez
zastępcę burmistrza w wywiadzie radiowym. Dokumenty opublikowane w marcu pokazują
mniejszy wzrost, a po uwzględnieniu inflacji różnica jest jeszcze mniejsza. The same
text continues in English so that both languages are wrapped: the council did not
answer questions about the method, and a spokesperson said the figures were "final".`)
	for _, width := range []int{36, 40, 60, 72, 80, 100, 120} {
		t.Run("Width"+strconv.Itoa(width), func(t *testing.T) {
			raw := wrap(words, width) + "\n\n" + wrap(words[:25], width)
			p := mustParse(t, claims.FormatText, raw)
			if n := len(paragraphs(p.Body)); n != 2 || len(p.Links) != 0 {
				t.Fatalf("width %d: %d paragraphs, links %q; want 2 and none:\n%s", width, n, linkTexts(p.Links), raw)
			}
			if paragraphs(p.Body)[0] != strings.Join(words, " ") {
				t.Fatalf("width %d: paragraph changed:\n%s", width, paragraphs(p.Body)[0])
			}
		})
	}
}

// wrap fills words greedily into lines of at most width runes.
func wrap(words []string, width int) string {
	var lines []string
	line := ""
	for _, w := range words {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

func TestTextWebCopy(t *testing.T) {
	t.Run("English", func(t *testing.T) {
		raw := "The mayor said the road budget\ngrew by 12 percent\nlast year, according to a statement published on the city's website after the session ended.\nOfficials at\nCity Hall\n's finance office did not respond.\n"
		p := mustParse(t, claims.FormatText, raw)
		want := "The mayor said the road budget grew by 12 percent last year, according to a statement published on the city's website after the session ended.\n\nOfficials at City Hall's finance office did not respond."
		if p.Body != want {
			t.Fatalf("body =\n%q\nwant\n%q", p.Body, want)
		}
		if got := linkTexts(p.Links); !slices.Equal(got, []string{"grew by 12 percent", "City Hall"}) {
			t.Fatalf("links = %q", got)
		}
	})
	t.Run("LinkFirst", func(t *testing.T) {
		raw := "Instytut Badań nad Wojną\nocenia, że porozumienia mają przede wszystkim znaczenie polityczne, a nie gospodarcze, i że ich skutki będą widoczne dopiero za kilka lat.\n"
		p := mustParse(t, claims.FormatText, raw)
		if got := linkTexts(p.Links); !slices.Equal(got, []string{"Instytut Badań nad Wojną"}) || p.Links[0].Start != 0 {
			t.Fatalf("links = %+v", p.Links)
		}
	})
	t.Run("SpeechAndQuotes", func(t *testing.T) {
		raw := "Minister zakończył wizytę.\n– Jesteśmy zadowoleni – powiedział.\n„To dobry dzień” – dodał.\nrzecznik nie skomentował\n"
		p := mustParse(t, claims.FormatText, raw)
		want := []string{"Minister zakończył wizytę.", "– Jesteśmy zadowoleni – powiedział.", "„To dobry dzień” – dodał. rzecznik nie skomentował"}
		if got := paragraphs(p.Body); !slices.Equal(got, want) {
			t.Fatalf("paragraphs = %q\nwant %q", got, want)
		}
	})
}

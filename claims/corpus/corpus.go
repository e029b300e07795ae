// Package corpus generates a realistic claimtrail data set for tests and
// benchmarks: Polish and English claims built from templates and word
// lists with inflected forms (a name in the nominative and genitive, a
// country in the locative and genitive), sources with aliases, documents
// whose bodies hold the claims' quotes, tags and some verdicts. It is
// deterministic for a seed.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// person is a surname with the Polish forms templates need and an English
// spelling, which becomes an alias.
type person struct{ nom, gen, en string }

var firstNames = []string{"Jan", "Anna", "Piotr", "Maria", "Andrzej", "Ewa", "Tomasz", "Katarzyna", "Michał", "Agnieszka",
	"Paweł", "Magdalena", "Krzysztof", "Joanna", "Marek", "Barbara", "Łukasz", "Zofia", "Grzegorz", "Małgorzata"}

var surnames = []person{
	{"Łukaszenka", "Łukaszenki", "Lukashenko"}, {"Kowalski", "Kowalskiego", "Kowalski"}, {"Nowak", "Nowaka", "Novak"},
	{"Wiśniewski", "Wiśniewskiego", "Wisniewski"}, {"Wójcik", "Wójcika", "Wojcik"}, {"Kamiński", "Kamińskiego", "Kaminski"},
	{"Lewandowski", "Lewandowskiego", "Lewandowski"}, {"Zieliński", "Zielińskiego", "Zielinski"}, {"Szymański", "Szymańskiego", "Szymanski"},
	{"Woźniak", "Woźniaka", "Wozniak"}, {"Dąbrowski", "Dąbrowskiego", "Dabrowski"}, {"Kozłowski", "Kozłowskiego", "Kozlowski"},
	{"Jankowski", "Jankowskiego", "Jankowski"}, {"Mazur", "Mazura", "Mazur"}, {"Kwiatkowski", "Kwiatkowskiego", "Kwiatkowski"},
	{"Krawczyk", "Krawczyka", "Krawczyk"}, {"Piotrowski", "Piotrowskiego", "Piotrowski"}, {"Grabowski", "Grabowskiego", "Grabowski"},
	{"Pawłowski", "Pawłowskiego", "Pawlowski"}, {"Michalski", "Michalskiego", "Michalski"}, {"Król", "Króla", "Krol"},
	{"Wieczorek", "Wieczorka", "Wieczorek"}, {"Jabłoński", "Jabłońskiego", "Jablonski"}, {"Wróbel", "Wróbla", "Wrobel"},
	{"Nowakowski", "Nowakowskiego", "Nowakowski"}, {"Majewski", "Majewskiego", "Majewski"}, {"Olszewski", "Olszewskiego", "Olszewski"},
	{"Stępień", "Stępnia", "Stepien"}, {"Malinowski", "Malinowskiego", "Malinowski"}, {"Jaworski", "Jaworskiego", "Jaworski"},
	{"Adamczyk", "Adamczyka", "Adamczyk"}, {"Dudek", "Dudka", "Dudek"}, {"Nowicki", "Nowickiego", "Nowicki"},
	{"Pawlak", "Pawlaka", "Pawlak"}, {"Górski", "Górskiego", "Gorski"}, {"Witkowski", "Witkowskiego", "Witkowski"},
	{"Walczak", "Walczaka", "Walczak"}, {"Sikora", "Sikory", "Sikora"}, {"Baran", "Barana", "Baran"}, {"Rutkowski", "Rutkowskiego", "Rutkowski"},
}

// place is a country or city: locative ("w Chinach"), genitive ("do
// Chin") and English.
type place struct{ loc, gen, en string }

var places = []place{
	{"Chinach", "Chin", "China"}, {"Niemczech", "Niemiec", "Germany"}, {"Rosji", "Rosji", "Russia"}, {"Białorusi", "Białorusi", "Belarus"},
	{"Francji", "Francji", "France"}, {"Ukrainie", "Ukrainy", "Ukraine"}, {"Czechach", "Czech", "Czechia"}, {"Litwie", "Litwy", "Lithuania"},
	{"Warszawie", "Warszawy", "Warsaw"}, {"Krakowie", "Krakowa", "Kraków"}, {"Gdańsku", "Gdańska", "Gdańsk"}, {"Mińsku", "Mińska", "Minsk"},
	{"Pekinie", "Pekinu", "Beijing"}, {"Brukseli", "Brukseli", "Brussels"}, {"Wiedniu", "Wiednia", "Vienna"}, {"Rzymie", "Rzymu", "Rome"},
	{"Indiach", "Indii", "India"}, {"Turcji", "Turcji", "Turkey"}, {"Szwecji", "Szwecji", "Sweden"}, {"Japonii", "Japonii", "Japan"},
}

var topicsPL = []string{"budżetu", "inflacji", "bezrobocia", "emerytur", "podatków", "szpitali", "szkół", "dróg", "kolei", "energii",
	"węgla", "gazu", "czynszów", "mieszkań", "płac", "cen paliwa", "eksportu", "importu", "długu publicznego", "obronności"}
var topicsEN = []string{"the budget", "inflation", "unemployment", "pensions", "taxes", "hospitals", "schools", "roads", "rail", "energy",
	"coal", "gas", "rents", "housing", "wages", "fuel prices", "exports", "imports", "public debt", "defence"}
var orgs = []string{"ISW", "GUS", "NBP", "Eurostat", "OECD", "MSZ", "Ministerstwo Finansów", "NIK", "PAP", "Reuters", "Bank Światowy", "IMF"}
var tags = []string{"gospodarka", "polityka", "zdrowie", "energia", "obronność", "transport", "edukacja", "białoruś", "chiny", "ue", "economy", "health"}

var templatesPL = []string{
	"{name} zakończył wizytę w {loc}",
	"{name} zakończył podróż do {gen}",
	"{name} twierdzi, że poziom {topic} wzrósł o {n} proc. w {year} roku",
	"Według {org} wydatki na rzecz {topic} spadły o {n} proc.",
	"{name} zapowiedział spotkanie z przedstawicielami {gen} w sprawie {topic}",
	"Rząd przeznaczy {n} mld zł na poprawę {topic}, powiedział {name}",
	"{org}: sytuacja {topic} w {loc} jest najgorsza od {year} roku",
	"W {loc} liczba wniosków dotyczących {topic} wzrosła {n}-krotnie",
	"{name} zaprzecza, że delegacja {gen} rozmawiała o kwestii {topic}",
	"Wizyta {namegen} w {loc} potrwa {n} dni",
}
var templatesEN = []string{
	"{en} said spending on {etopic} has doubled since {year}",
	"{en} ended a visit to {place}",
	"According to {org}, {etopic} fell by {n} percent in {year}",
	"{en} claims {place} will cut {etopic} by {n} percent",
	"The government of {place} spent {n} billion on {etopic}, {en} said",
	"{org} reports that {etopic} in {place} reached a record in {year}",
}

var rationales = []string{
	"Dane GUS za {year} rok pokazują inną wartość.", "Komunikat MSZ potwierdza wizytę w {loc}.",
	"Official statistics for {year} do not support the figure.", "The agency's archive confirms the statement.",
	"Brak źródła dla podanej liczby {n} proc.", "Nagranie wystąpienia potwierdza cytat.",
}

// Config says how much to generate. Zero fields take the defaults: 2,000
// claims and, for any size, one source per 50 claims and one document per
// 10 claims.
type Config struct {
	Claims, Sources, Documents int
	// VerdictEvery gives every n-th claim a proposed verdict (default 7).
	VerdictEvery int
	Seed         uint64
	Start        time.Time // creation time of the first row (default 2019-01-01)
	Span         time.Duration
}

// DefaultClaims is the size of a corpus for tests.
const DefaultClaims = 2000

func (c *Config) defaults() {
	if c.Claims <= 0 {
		c.Claims = DefaultClaims
	}
	if c.Sources <= 0 {
		c.Sources = max(1, c.Claims/50)
	}
	if c.Documents <= 0 {
		c.Documents = max(1, c.Claims/10)
	}
	if c.VerdictEvery <= 0 {
		c.VerdictEvery = 7
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Span <= 0 {
		c.Span = 6 * 365 * 24 * time.Hour
	}
}

// Gen produces a corpus's rows in order.
type Gen struct {
	cfg Config
	r   *rand.Rand
}

// New returns a generator for cfg.
func New(cfg Config) *Gen {
	cfg.defaults()
	return &Gen{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 2026))}
}

// Config returns the configuration with its defaults filled in.
func (g *Gen) Config() Config { return g.cfg }

// Source is a generated source: its name, type and aliases.
type Source struct {
	Name    string
	Person  bool
	Aliases []string
}

// Source returns the i-th source. Most are people, named by a first name
// and a surname with the surname's English spelling and "First Last"
// reversed as aliases; the rest are organisations.
func (g *Gen) Source(i int) Source {
	if i%10 == 9 {
		o := orgs[i%len(orgs)]
		return Source{Name: fmt.Sprintf("%s %d", o, i), Aliases: []string{fmt.Sprintf("%s-%d", strings.ToUpper(o[:1]), i)}}
	}
	p := surnames[i%len(surnames)]
	f := firstNames[(i/len(surnames))%len(firstNames)]
	name := f + " " + p.nom
	if i >= len(surnames)*len(firstNames) {
		name = fmt.Sprintf("%s %s (%d)", f, p.nom, i)
	}
	return Source{Name: name, Person: true, Aliases: []string{f + " " + p.en, p.en}}
}

// Claim is a generated claim: text, its source's index, tags, and whether
// it is quoted in its document (then Quote is the span to put in the
// body).
type Claim struct {
	Text      string
	Source    int
	Document  int // -1 for none
	Tags      []string
	Rationale string // "" for no verdict
	At        time.Time
}

// Claim returns the i-th claim. Claims are attributed to sources by a
// skewed distribution (a few speak often), about one in three is in
// English, and their times grow with i.
func (g *Gen) Claim(i int) Claim {
	r := g.r
	src := int(float64(g.cfg.Sources) * r.Float64() * r.Float64())
	p := surnames[src%len(surnames)]
	f := firstNames[(src/len(surnames))%len(firstNames)]
	pl := places[r.IntN(len(places))]
	vars := map[string]string{
		"{name}": f + " " + p.nom, "{namegen}": p.gen, "{en}": f + " " + p.en,
		"{loc}": pl.loc, "{gen}": pl.gen, "{place}": pl.en,
		"{topic}": topicsPL[r.IntN(len(topicsPL))], "{etopic}": topicsEN[r.IntN(len(topicsEN))],
		"{org}": orgs[r.IntN(len(orgs))], "{n}": fmt.Sprint(2 + r.IntN(98)), "{year}": fmt.Sprint(2010 + r.IntN(15)),
	}
	tpl := templatesPL[r.IntN(len(templatesPL))]
	if r.IntN(3) == 0 {
		tpl = templatesEN[r.IntN(len(templatesEN))]
	}
	c := Claim{Text: fill(tpl, vars), Source: src, Document: -1}
	if r.IntN(2) == 0 {
		c.Document = r.IntN(g.cfg.Documents)
	}
	for range r.IntN(3) {
		c.Tags = append(c.Tags, tags[r.IntN(len(tags))])
	}
	if i%g.cfg.VerdictEvery == 3 {
		c.Rationale = fill(rationales[r.IntN(len(rationales))], vars)
	}
	c.At = g.at(i, g.cfg.Claims)
	return c
}

// Document returns the i-th document's title and body: a few paragraphs
// of generated sentences. Claims quote their document's first sentence
// (see Quote), so every quote anchors.
func (g *Gen) Document(i int) (title, body string, at time.Time) {
	r := g.r
	pl := places[r.IntN(len(places))]
	title = fmt.Sprintf("%s: %s w %s (%d)", orgs[r.IntN(len(orgs))], topicsPL[r.IntN(len(topicsPL))], pl.loc, i)
	var b strings.Builder
	b.WriteString(Lead(i))
	for p := range 3 {
		b.WriteString("\n\n")
		for s := range 3 {
			if s > 0 {
				b.WriteByte(' ')
			}
			q := places[r.IntN(len(places))]
			fmt.Fprintf(&b, "Wydatki na rzecz %s w %s wzrosły o %d proc., a %s reports %s in %s.",
				topicsPL[r.IntN(len(topicsPL))], q.loc, 2+r.IntN(90)+p, orgs[r.IntN(len(orgs))], topicsEN[r.IntN(len(topicsEN))], q.en)
		}
	}
	return title, b.String(), g.at(i, g.cfg.Documents)
}

// Lead is the first sentence of document i, which its claims quote.
func Lead(i int) string {
	return fmt.Sprintf("Rzecznik potwierdził dziś informacje nr %d o spotkaniu delegacji.", i)
}

// at spreads n rows over the configured span, in order.
func (g *Gen) at(i, n int) time.Time {
	return g.cfg.Start.Add(time.Duration(float64(g.cfg.Span) * float64(i) / float64(n))).Truncate(time.Millisecond)
}

func fill(tpl string, vars map[string]string) string {
	for k, v := range vars {
		tpl = strings.ReplaceAll(tpl, k, v)
	}
	return tpl
}

// Vocabulary returns words that occur in the corpus, for drawing
// benchmark queries: surnames in both forms, places, topics, organisations.
func Vocabulary() []string {
	var out []string
	for _, p := range surnames {
		out = append(out, p.nom, p.gen, p.en)
	}
	for _, p := range places {
		out = append(out, p.loc, p.gen, p.en)
	}
	for _, t := range append(append([]string{}, topicsPL...), topicsEN...) {
		out = append(out, strings.Fields(t)...)
	}
	out = append(out, orgs...)
	return append(out, "zakończył", "wizytę", "podróż", "spending", "wydatki", "delegacja", "rząd", "government")
}

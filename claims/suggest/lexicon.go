package suggest

import "strings"

// cue is what a word says about the sentence around it.
type cue int

const (
	cueNone      cue = iota
	cueSpeech        // said, powiedział: the source states something (reported)
	cueAssess        // assesses, ocenia: the source infers or judges (analytical)
	cueAccording     // according to, według: kind depends on the source's type
	cueOpinion       // zdaniem, in the view of: an opinion (analytical)
	cueAnalysis      // analysis, analizy: a noun naming an assessment (analytical)
	cueRelay         // quoted by, cytowany przez: the next source relayed the statement
	cueHedge         // may, mogą, likely: the content is an inference
)

// The lexicons list folded (lower-case, no diacritics) word forms. An entry
// "stem:a,b,c" stands for stem+a, stem+b, stem+c; an empty suffix is
// written as a leading or doubled comma.
var lexicon = map[cue]string{
	cueSpeech: `
		powiedzia:l,la,li,ly,lo mowi:,l,la,li,ly,lo,a podal:,a,i,y,o podaj:e,a podawa:l,la,li poinformowa:l,la,li,ly,lo,no
		informowa:l,la,li,ly,lo informuj:e,a relacjonuj:e,a relacjonowa:l,la,li,ly zapowiedzia:l,la,li,ly,lo zapowiada:,l,la,li,ja
		przekaza:l,la,li,ly,lo,no przekazuj:e,a oswiadczy:l,la,li,ly,lo oswiadcza:,ja,l,la,li stwierdzi:l,la,li,ly,lo stwierdza:,ja
		zauwaz:a,aja,yl,yla,yli,ylo napisa:l,la,li,ly,lo pisz:e,a doda:l,la,li,ly,lo,je,ja podkresli:l,la,li,ly,lo podkresla:,ja,l,la,li
		oglosi:l,la,li,ly,lo oglasza:,ja twierdz:i,a twierdzi:l,la,li zapewni:l,la,li,ly,lo zapewnia:,ja przyzna:l,la,li,ly,je,ja
		zaznaczy:l,la,li,ly zaznacza:,ja,l,la potwierdzi:l,la,li,ly,lo potwierdza:,ja,l,la,li oznajmi:l,la,li zadeklarowa:l,la,li
		ostrzeg:l,la,li ostrzega:,ja,l,la,li wyjasni:l,la,li wyjasnia:,ja donosi:,l,la,li donosz:a doniosl:,a,y,o,i czytamy
		zapowiedz:ial,iala apelowa:l,la,li zaprzeczy:l,la,li zaprzecza:,ja mowia poda:je,ja zacytowa:li cytuj:a
		said says say told tells announced announces stated reported noted notes added adds wrote writes declared confirmed
		confirms claimed insisted insists stressed explained replied warned warns tweeted posted denied acknowledged admitted
		revealed disclosed emphasized emphasised pointed remarked recalled quoted cited citing quotes cites announcing saying telling
		cytowal cytowala cytuje zacytowal zacytowala`,
	cueAssess: `
		ocenia:,ja,l,la,li ocenil:,a,i analizuj:e,a analizowa:l,la,li szacuj:e,a szacowa:l,la,li oszacowa:l,la,li
		przewiduj:e,a przewidywa:l,la,li prognozuj:e,a uwaza:,ja,l,la,li sadz:i,a sadzi:l,la,li sugeruj:e,a sugerowa:l,la,li
		wnioskuj:e,a podejrzewa:,ja,l,la,li przypuszcza:,ja wskazuj:a,e spekuluj:e,a konkluduj:e,a
		assess:,es,ed estimate:,s,d believe:,s,d argue:,s,d predict:,s,ed expect:,s,ed conclude:,s,d judge:,s,d
		analyse:,s,d analyze:,s,d suspect:,s,ed suggest:,s,ed forecast:,s project:s,ed speculate:,s,d assessing estimating`,
	cueAccording: `wedlug wedle zgodnie according per wg wynika wynikalo wynikaja`,
	cueOpinion:   `zdaniem opinii view opinion`,
	cueAnalysis: `
		analiz:a,y,ie,e,ach,ami,om,,ami ocen:a,y,ie,e,ach ekspertyz:a,y,ie szacunk:i,ow,ach szacunek prognoz:a,y,ie,ach
		analysis analyses assessment:,s projections`,
	cueRelay: `cytowany cytowana cytowani cytowane cytowanego cytowanej`,
	cueHedge: `
		mog:a,l,la,li,ly,lo,lby,laby,liby,lyby,loby moze mozliwe mozliwy prawdopodobnie prawdopodobne prawdopodobny najpewniej
		przypuszczalnie zapewne chyba wydaje wydaja niewykluczone raczej potencjalnie rzekomo
		may might could likely unlikely probably possibly perhaps appears appear seems seem would potentially presumably allegedly`,
}

// cues maps a folded word form to its cue.
var cues = expand(lexicon)

func expand(lex map[cue]string) map[string]cue {
	m := map[string]cue{}
	for c, words := range lex {
		for _, w := range strings.Fields(words) {
			stem, sufs, ok := strings.Cut(w, ":")
			if !ok {
				m[w] = c
				continue
			}
			for _, s := range strings.Split(sufs, ",") {
				m[stem+s] = c
			}
		}
	}
	return m
}

// Words that, after an "according to" cue, name an unnamed origin; the
// value is how a proposed anonymous source is named in the text's language.
var anonymousNouns = map[string]string{
	"zapowiedz": "zapowiedzi", "informacj": "nieoficjalne informacje", "doniesie": "doniesienia", "doniesien": "doniesienia",
	"zrodel": "źródła", "zrodl": "źródła", "dan": "dane", "danych": "dane", "medi": "media",
	"announcement": "announcements", "announcements": "announcements", "report": "reports", "reports": "reports",
	"sources": "sources", "source": "sources", "officials": "officials", "data": "data", "media": "media",
}

// earlierWords make an anonymous origin "earlier": earlier announcements.
var earlierWords = setOf(`wczesniejsz wczesniejszymi wczesniejszych wczesniejsze earlier previous prior`)

// Nouns for analysts in general; they refer to the think tank the text
// last mentioned, or else are an anonymous source.
var analystNouns = map[string]string{
	"analityk": "analitycy", "analityc": "analitycy", "analitykow": "analitycy", "ekspert": "eksperci", "eksperc": "eksperci",
	"ekspertow": "eksperci", "badacz": "badacze", "badaczy": "badacze", "obserwator": "obserwatorzy",
	"analysts": "analysts", "analyst": "analysts", "experts": "experts", "expert": "experts", "researchers": "researchers",
	"observers": "observers", "epidemiologists": "epidemiologists", "economists": "economists", "scientists": "scientists",
	"specialists": "specialists", "epidemiolodzy": "epidemiolodzy", "epidemiologow": "epidemiolodzy", "ekonomisci": "ekonomiści",
	"ekonomistow": "ekonomiści", "naukowcy": "naukowcy", "naukowcow": "naukowcy", "specjalisci": "specjaliści", "specjalistow": "specjaliści",
}

// Nouns for unnamed speakers: "officials told Reuters", "według źródeł".
var anonymousSpeakers = map[string]string{
	"officials": "officials", "sources": "sources", "diplomats": "diplomats", "insiders": "insiders",
	"urzednicy": "urzędnicy", "urzednikow": "urzędnicy", "zrodla": "źródła", "dyplomaci": "dyplomaci", "informatorzy": "informatorzy",
	"rozmowcy": "rozmówcy",
}

// Nouns for a body that speaks for someone: "kancelaria Łukaszenki", "jego
// rzecznik", "the president's office". Keys are stems; values name it.
var institutionNouns = map[string]string{
	"kancelar": "kancelaria", "rzecznik": "rzecznik", "rzeczniczk": "rzeczniczka", "rzecz": "rzecznik", "ministerstw": "ministerstwo", "resort": "resort",
	"biur": "biuro", "urzad": "urząd", "urzed": "urząd", "administracj": "administracja", "rzad": "rząd", "sluzb": "służby",
	"office": "office", "spokesman": "spokesman", "spokeswoman": "spokeswoman", "spokesperson": "spokesperson", "ministr": "ministry",
	"administration": "administration", "chancellery": "chancellery", "government": "government",
}

// possessives point an institution noun at the person last mentioned.
var possessives = setOf(`jego jej ich his her their`)

// pronouns stand for the last person (or, plural, organisation) mentioned.
var pronouns = setOf(`he she on ona`)

// complementizers open reported content: "X said that Y said …".
var complementizers = setOf(`ze iz that`)

// relatives point back at the noun before them: "analizy ISW, wedle których".
var relatives = setOf(`ktorych ktorego ktorej ktorym ktore ktory ktora which whose whom`)

// Words that mark an organisation as a think tank, a government body or
// the media when a new source is proposed.
var (
	thinkTankWords  = setOf(`think tank tanku instytut institute osrodek osrodka fundacja foundation center centre council rada`)
	governmentWords = setOf(`ministerstwo ministry kancelaria chancellery urzad office kreml kremlin government rzad departament department pentagon administration administracja`)
	mediaWords      = setOf(`agencja agency reuters pap afp ap bbc cnn gazeta times post news tass ria telewizja tv radio dziennik journal`)
)

// nameConnectors may sit inside a multi-word name between capitals.
var nameConnectors = setOf(`nad of for the de von van der al bin i and ds`)

// notNames are capitalised words that start sentences or clauses and never
// name a source.
var notNames = setOf(`jak wedlug zdaniem zgodnie wczoraj dzis dzisiaj jutro potem teraz wsrod ponadto jednak tymczasem
	w we na z ze do po od za o u przez dla ale i a oraz to te ten ta tego czy gdy kiedy jesli bo
	the a an in on at as but and if when while this that these those it its he she they we i our according however meanwhile
	yesterday today tomorrow earlier later also mr mrs ms dr prof president prezydent minister premier
	professor profesor doctor doktor deputy wiceminister wicepremier ambassador ambasador senator`)

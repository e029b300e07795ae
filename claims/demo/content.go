package demo

import "github.com/claimtrail/claimtrail/claims"

// The demo articles are invented for claimtrail: the countries, people,
// institutions and figures do not exist, so that no real person is shown
// as fact-checked. The Polish one is pasted the way editors paste from a
// web page, every hyperlinked phrase on a line of its own; the English one
// is Markdown.

const titlePL = "Horbacz wraca z Ardenii z pakietem umów"

const bodyPL = `Prezydent Lewonii
Wiktor Horbacz
zakończył w czwartek trzydniową wizytę w Ardenii. Jak podała jego kancelaria, podróż miała „otworzyć nowy rozdział we współpracy gospodarczej” obu państw.
W stolicy Ardenii Horbacz i premierka Ilse Marren podpisali
pakiet 11 umów
, m.in. o budowie terminalu zbożowego w porcie Vell i o wspólnej produkcji maszyn rolniczych. Według kancelarii wartość porozumień przekracza 2 mld euro.
Analitycy
Instytutu Analiz Regionalnych
(IAR) oceniają, że część umów może posłużyć do obchodzenia ograniczeń eksportowych nałożonych na Lewonię w ubiegłym roku. Zdaniem instytutu terminal w Vell ma przeładowywać także towary podwójnego zastosowania.
„Horbacz powiedział, że lewońscy producenci chcą poznać ardeńskie technologie produkcji silników i przekładni” – zauważa IAR. Eksperci instytutu widzą w tym sygnał, że Lewonia szuka nowych dostawców komponentów.
`

const titleEN = "Millbrook council says road repair spending has doubled"

const bodyEN = `Millbrook City Council said on Monday that spending on road repairs has doubled since 2021, calling it "the largest investment in our streets in a generation". Deputy mayor Tom Reyes repeated the figure in a radio interview the same afternoon.

According to the council's [2024 budget report](https://example.org/millbrook/budget-2024), the road maintenance line rose from 4.1 million to 8.3 million pounds over three years.

Dr Hannah Cole, a researcher at the [Centre for Local Finance](https://example.org/clf), said the comparison ignores inflation and a one-off flood repair grant. "Adjusted for prices and without the grant, the increase is closer to a third," she said.
`

// sourceSpec is a demo source; key names it within this file.
type sourceSpec struct {
	key string
	src claims.Source
}

var sources = []sourceSpec{
	{"horbacz", claims.Source{Name: "Wiktor Horbacz", Type: claims.SourcePerson,
		Aliases:     []string{"Horbacz", "Viktor Horbach", "Віктар Горбач", "Виктор Горбач"},
		Description: "President of Lewonia (a fictional country of the demo)."}},
	{"kancelaria", claims.Source{Name: "Kancelaria Prezydenta Lewonii", Type: claims.SourceGovernment,
		Aliases:     []string{"Office of the President of Lewonia", "Канцелярия Президента Левонии"},
		Description: "The Lewonian president's office; its announcements are the first source of the visit's figures."}},
	{"iar", claims.Source{Name: "Instytut Analiz Regionalnych", Type: claims.SourceThinkTank,
		Aliases:     []string{"IAR", "Institute for Regional Analysis", "Институт региональных исследований"},
		URL:         "https://example.org/iar",
		Description: "A think tank publishing assessments of the region's trade and security (fictional)."}},
	{"kurier", claims.Source{Name: "Kurier Wschodni", Type: claims.SourceMedia,
		Aliases:     []string{"Eastern Courier"},
		Description: "The news site that published the Polish demo article (fictional)."}},
	{"council", claims.Source{Name: "Millbrook City Council", Type: claims.SourceGovernment,
		Aliases:     []string{"Millbrook council", "MCC"},
		URL:         "https://example.org/millbrook",
		Description: "Local government of the (fictional) town of Millbrook."}},
	{"reyes", claims.Source{Name: "Tom Reyes", Type: claims.SourcePerson,
		Aliases:     []string{"Thomas Reyes"},
		Description: "Deputy mayor of Millbrook."}},
	{"cole", claims.Source{Name: "Hannah Cole", Type: claims.SourcePerson,
		Aliases:     []string{"Dr Hannah Cole", "H. Cole"},
		Description: "Researcher at the Centre for Local Finance."}},
	{"clf", claims.Source{Name: "Centre for Local Finance", Type: claims.SourceThinkTank,
		Aliases:     []string{"CLF"},
		URL:         "https://example.org/clf",
		Description: "A research group on municipal budgets (fictional)."}},
	{"gazette", claims.Source{Name: "Millbrook Gazette", Type: claims.SourceMedia,
		Description: "The local paper that published the English demo article (fictional)."}},
}

// hopSpec is a provenance hop naming its source by key.
type hopSpec struct {
	source string
	role   claims.HopRole
	date   string
	note   string
}

// claimSpec is a demo claim: its quote is copied exactly from its article.
type claimSpec struct {
	key    string
	doc    string // "pl" or "en"
	kind   claims.Kind
	source string
	exact  string
	text   string
	tags   []string
	chain  []hopSpec
	assign string // user key, or ""
}

var claimSpecs = []claimSpec{
	{key: "umowy", doc: "pl", kind: claims.KindReported, source: "kancelaria",
		exact: "Horbacz i premierka Ilse Marren podpisali pakiet 11 umów",
		text:  "Horbacz and Prime Minister Ilse Marren signed a package of 11 agreements.",
		tags:  []string{"lewonia", "ardenia"},
		chain: []hopSpec{
			{"kancelaria", claims.RoleOriginator, "2024-05-15", "announced before the visit"},
			{"kurier", claims.RoleReportedBy, "2024-05-16", ""},
		}},
	{key: "wartosc", doc: "pl", kind: claims.KindReported, source: "kancelaria",
		exact: "wartość porozumień przekracza 2 mld euro",
		text:  "The agreements are worth more than 2 billion euros.",
		tags:  []string{"lewonia", "figures"},
		chain: []hopSpec{
			{"kancelaria", claims.RoleOriginator, "2024-05-16", ""},
			{"kurier", claims.RoleReportedBy, "2024-05-16", ""},
		},
		assign: "bartek"},
	{key: "sankcje", doc: "pl", kind: claims.KindAnalytical, source: "iar",
		exact: "część umów może posłużyć do obchodzenia ograniczeń eksportowych nałożonych na Lewonię w ubiegłym roku",
		text:  "Some of the agreements may help Lewonia get around last year's export restrictions.",
		tags:  []string{"lewonia", "sanctions"},
		chain: []hopSpec{
			{"iar", claims.RoleOriginator, "2024-05-16", "daily analysis"},
			{"kurier", claims.RoleReportedBy, "2024-05-16", ""},
		}},
	{key: "silniki", doc: "pl", kind: claims.KindReported, source: "horbacz",
		exact: "Horbacz powiedział, że lewońscy producenci chcą poznać ardeńskie technologie produkcji silników i przekładni",
		text:  "Horbacz said Lewonian manufacturers want to learn Ardenian engine and gearbox technology.",
		tags:  []string{"lewonia", "quote"},
		chain: []hopSpec{
			{"horbacz", claims.RoleOriginator, "2024-05-15", "said at a meeting with Ardenian business leaders"},
			{"iar", claims.RoleQuotedBy, "2024-05-16", "quoted in the daily analysis"},
			{"kurier", claims.RoleReportedBy, "2024-05-16", ""},
		},
		assign: "ala"},
	{key: "podwojenie", doc: "en", kind: claims.KindReported, source: "council",
		exact: "spending on road repairs has doubled since 2021",
		text:  "Millbrook's spending on road repairs has doubled since 2021.",
		tags:  []string{"millbrook", "budget"},
		chain: []hopSpec{
			{"council", claims.RoleOriginator, "2024-06-03", "press release"},
			{"reyes", claims.RoleQuotedBy, "2024-06-03", "radio interview"},
			{"gazette", claims.RoleReportedBy, "2024-06-04", ""},
		}},
	{key: "budzet", doc: "en", kind: claims.KindReported, source: "council",
		exact: "the road maintenance line rose from 4.1 million to 8.3 million pounds over three years",
		text:  "The road maintenance budget rose from £4.1m to £8.3m over three years.",
		tags:  []string{"millbrook", "budget", "figures"},
		chain: []hopSpec{
			{"council", claims.RoleOriginator, "2024-02-20", "2024 budget report"},
			{"gazette", claims.RoleReportedBy, "2024-06-04", ""},
		}},
	{key: "inflacja", doc: "en", kind: claims.KindAnalytical, source: "cole",
		exact: "Adjusted for prices and without the grant, the increase is closer to a third",
		text:  "Adjusted for inflation and without the flood grant, road spending rose by about a third.",
		tags:  []string{"millbrook", "budget"},
		chain: []hopSpec{
			{"cole", claims.RoleOriginator, "2024-06-04", ""},
			{"clf", claims.RoleAssessedBy, "2024-06-04", "Cole's employer; the estimate is hers"},
			{"gazette", claims.RoleReportedBy, "2024-06-04", ""},
		}},
}

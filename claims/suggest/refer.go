package suggest

import "github.com/claimtrail/claimtrail/claims"

// Reference by a generic noun: once a text has named "the Ministry of
// Health" or "Instytut Meteorologii i Gospodarki Wodnej", it goes on with
// "the ministry said" and "Instytut wydał". headNouns are those nouns;
// headKeys their keys.
var (
	headNouns = setOf(`institute ministry commission agency office university organization organisation company council committee
		embassy department bank court inspectorate association union
		instytut instytutu ministerstwo ministerstwa komisja komisji agencja agencji urzad urzedu uniwersytet uniwersytetu
		organizacja organizacji spolka spolki firma firmy rada rady komitet komitetu ambasada ambasady departament bank banku
		sad sadu inspektorat inspektoratu zwiazek zwiazku stowarzyszenie`)
	headKeys = keysOf(headNouns)
)

func keysOf(words map[string]bool) map[string]bool {
	m := map[string]bool{}
	for w := range words {
		m[stem(w)] = true
	}
	return m
}

// heads returns the head nouns among the words of e's names of two words
// or more, worked out once per entity.
func (e *entity) headKeys() []string {
	if e.heads != nil {
		return e.heads
	}
	e.heads = []string{}
	for _, sp := range e.spellings {
		if len(sp) < 2 {
			continue
		}
		for _, k := range sp {
			if headKeys[k] {
				e.heads = append(e.heads, k)
			}
		}
	}
	return e.heads
}

// remember records e as the last institution mentioned under each of its
// head nouns.
func (a *analyzer) remember(e *entity) {
	for _, k := range e.headKeys() {
		a.byHead[k] = e
	}
}

// referent returns the institution a head noun at toks[i] refers back to,
// or nil when the text has named none with that noun.
func (a *analyzer) referent(toks []token, i int) *entity {
	t := toks[i]
	if !t.word || !headKeys[t.key] {
		return nil
	}
	return a.byHead[t.key]
}

// affiliationPreps join a group of people to the body they work for:
// "analysts at the institute", "eksperci z ISW".
var affiliationPreps = setOf(`at of from with z ze`)

// articles may stand between a preposition and a name.
var articles = setOf(`the a an`)

// affiliation returns the body a group of analysts belongs to, named right
// after them ("epidemiologists at the institute", "analitycy z ISW"), and
// the index after its name; nil when none is named or it is a person.
func (a *analyzer) affiliation(toks []token, i int) (*entity, int) {
	if i >= len(toks) || !affiliationPreps[toks[i].lower] {
		return nil, 0
	}
	k := i + 1
	if k < len(toks) && articles[toks[k].lower] {
		k++
	}
	if k >= len(toks) {
		return nil, 0
	}
	if e, n := a.m.longest(toks, k); n > 0 && e.typ != claims.SourcePerson {
		return e, k + n
	}
	if e := a.referent(toks, k); e != nil {
		return e, k + 1
	}
	return nil, 0
}

// personAfter returns the person named at toks[i], known or new, and the
// index after the name: the name in apposition to a title, "rzecznik
// MPWiK Marek Smoleński", "spokesman John Smith". nil when there is none.
func (a *analyzer) personAfter(toks []token, i int) (*entity, int) {
	if i >= len(toks) || !toks[i].word {
		return nil, 0
	}
	if e, n := a.m.longest(toks, i); n > 0 {
		if e.typ == claims.SourcePerson {
			return e, i + n
		}
		return nil, 0
	}
	if j := a.nameEnd(toks, i); j > i && guessType(toks, i, j) == claims.SourcePerson {
		return a.propose(spanText(toks, i, j), claims.SourcePerson), j
	}
	return nil, 0
}

// afterLocative reports whether the mention starting at toks[from] follows
// a preposition of place or belonging ("in Warsaw", "of the Medical
// University", "z Xi Jinpingiem"): a place or a partner, not a speaker.
func afterLocative(toks []token, from int) bool {
	k := from - 1
	if k >= 0 && articles[toks[k].lower] {
		k--
	}
	return k >= 0 && locatives[toks[k].lower]
}

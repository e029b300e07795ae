package suggest

import (
	"slices"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// analyzer walks a document sentence by sentence, remembering who was
// mentioned last so that "jego kancelaria", "he said" and "zdaniem
// analityków" can be resolved.
type analyzer struct {
	m         *matcher
	publisher *entity
	proposed  map[string]*entity // proposed sources by key and alias key
	surnames  map[string]*entity // proposed people by the key of their last word
	caps      map[string]bool    // keys of words capitalised inside some sentence
	sentences []Sentence
	tokens    [][]token          // of each sentence
	byHead    map[string]*entity // the institution last named with a head noun (see referent)

	lastPerson, lastThinkTank, lastOrg *entity
}

// mention is a stretch of tokens that names an entity.
type mention struct {
	from, to int // token indexes, to exclusive
	ent      *entity
	pronoun  bool // "he", "she": the entity is the last person mentioned
}

// hop is one step of a chain under construction.
type hop struct {
	ent  *entity
	role claims.HopRole
}

// result is what the analyser found in one sentence.
type result struct {
	source *entity // nil: the publisher's own statement
	kind   claims.Kind
	chain  []hop
	cues   []string
	score  float64
	speech bool // attributed through a verb of speech
	quoted bool // the sentence opens with a quotation or a speech dash
	// anaphoric: the speaker is only referred to ("he added", "jak dodał"),
	// so the statement continues the one before.
	anaphoric bool
}

func newAnalyzer(d *claims.Document, sources []*claims.Source) *analyzer {
	a := &analyzer{m: newMatcher(), proposed: map[string]*entity{}, surnames: map[string]*entity{}, caps: map[string]bool{}, byHead: map[string]*entity{}}
	for _, s := range sources {
		a.m.addSource(s)
	}
	a.publisher = publisherEntity(d, a.m)
	a.sentences = Segment(d.Body)
	a.tokens = make([][]token, len(a.sentences))
	cache := map[string]wordInfo{}
	for i, s := range a.sentences {
		a.tokens[i] = tokenizeCached(s.Text, cache)
		first := true
		for _, t := range a.tokens[i] {
			if !t.word {
				continue
			}
			if !first && t.upper {
				a.caps[t.key] = true
			}
			first = false
		}
	}
	return a
}

// sentence analyses one sentence.
func (a *analyzer) sentence(s Sentence, toks []token) result {
	ments := a.mentions(toks)
	atts := a.attributions(toks, ments)
	r := decide(toks, atts, a.publisher)
	r.score = score(toks, ments, atts)
	r.quoted = opensSpeech(s.Text)
	return r
}

// seen records that e was just mentioned.
func (a *analyzer) seen(e *entity) {
	a.remember(e)
	switch e.typ {
	case claims.SourcePerson:
		a.lastPerson = e
	case claims.SourceThinkTank:
		a.lastThinkTank = e
	case claims.SourceOrganization, claims.SourceGovernment, claims.SourceMedia:
		a.lastOrg = e
	}
}

// mentions finds the entities named in toks, longest first, in order.
func (a *analyzer) mentions(toks []token) []mention {
	var out []mention
	add := func(from, to int, e *entity) {
		out = append(out, mention{from: from, to: to, ent: e})
		a.seen(e)
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		if !t.word {
			i++
			continue
		}
		if e, n := a.m.longest(toks, i); n > 0 {
			if e.id == "" {
				e.count(spanText(toks, i, i+n), 1)
			}
			add(i, i+n, e)
			i += n
			if alias, n := parenAcronym(toks, i); n > 0 && e.id == "" {
				a.alias(e, alias)
				i += n
			}
			continue
		}
		if noun, ok := institutionNouns[t.key]; ok && !t.upper {
			if e, from, to := a.institution(toks, i, noun); e != nil {
				if p, end := a.personAfter(toks, to); p != nil {
					e, to = p, end // "rzecznik MPWiK Marek Smoleński" speaks himself
				}
				add(from, to, e)
				i = to
				continue
			}
		}
		g := analystNouns[t.key]
		if g == "" {
			g = analystNouns[t.lower]
		}
		if g != "" {
			if e, to := a.affiliation(toks, i+1); e != nil {
				add(i, to, e) // "epidemiologists at the institute"
				i = to
				continue
			}
			e := a.lastThinkTank
			if e == nil {
				e = a.propose(g, claims.SourceAnonymous)
				e.analyst = true
			}
			out = append(out, mention{from: i, to: i + 1, ent: e})
			i++
			continue
		}
		if name, ok := anonymousSpeakers[t.lower]; ok {
			out = append(out, mention{from: i, to: i + 1, ent: a.propose(name, claims.SourceAnonymous)})
			i++
			continue
		}
		if pronouns[t.lower] && a.lastPerson != nil {
			out = append(out, mention{from: i, to: i + 1, ent: a.lastPerson, pronoun: true})
			i++
			continue
		}
		if e := a.referent(toks, i); e != nil {
			add(i, i+1, e)
			i++
			continue
		}
		if j := a.nameEnd(toks, i); j > i {
			e := a.propose(spanText(toks, i, j), guessType(toks, i, j))
			add(i, j, e)
			i = j
			if alias, n := parenAcronym(toks, i); n > 0 {
				a.alias(e, alias)
				i += n
			}
			continue
		}
		i++
	}
	return out
}

// nameEnd returns the end of a proper name starting at toks[i], or i when
// none starts there. A capitalised word that only opens the sentence is a
// name if it is capitalised elsewhere too, or a verb of speech follows.
func (a *analyzer) nameEnd(toks []token, i int) int {
	t := toks[i]
	if !t.upper || notNames[t.lower] || cues[t.lower] != cueNone || t.quoted && !t.acronym && opensQuoteAt(toks, i) {
		return i
	}
	j := i + 1
	for j < len(toks) && toks[j].word {
		if _, n := a.m.longest(toks, j); n > 0 {
			break // "Trade Commissioner Maroš Šefčovič": the title is not the name
		}
		switch {
		case toks[j].upper && !notNames[toks[j].lower] && cues[toks[j].lower] == cueNone:
			j++
			continue
		case nameConnectors[toks[j].lower] && j+1 < len(toks) && toks[j+1].upper && toks[j+1].word:
			j += 2
			continue
		}
		break
	}
	if j-i == 1 && initial(toks, i) && !t.acronym && !a.caps[t.key] {
		if j < len(toks) && cues[toks[j].lower] == cueSpeech {
			return j
		}
		return i
	}
	return j
}

// opensQuoteAt reports whether toks[i] is the first word of a quotation.
func opensQuoteAt(toks []token, i int) bool {
	return i > 0 && !toks[i-1].word && strings.ContainsAny(toks[i-1].text, `"„“«'‘`)
}

// initial reports whether toks[i] is the sentence's first word (after any
// quote or dash), where every word is capitalised.
func initial(toks []token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if toks[k].word {
			return false
		}
		if toks[k].text == ":" {
			return true
		}
	}
	return true
}

// parenAcronym reads "(ISW)" at toks[i]: the acronym and the tokens it takes.
func parenAcronym(toks []token, i int) (string, int) {
	if i+2 < len(toks) && toks[i].text == "(" && toks[i+1].acronym && toks[i+2].text == ")" {
		return toks[i+1].text, 3
	}
	return "", 0
}

func spanText(toks []token, i, j int) string {
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].text)
	}
	return b.String()
}

// guessType guesses the type of a proposed source named by toks[i:j] from
// its words and the three before it ("think tank", "agencja").
func guessType(toks []token, i, j int) claims.SourceType {
	words := 0
	for k := max(0, i-3); k < j; k++ {
		w := toks[k].lower
		switch {
		case thinkTankWords[w]:
			return claims.SourceThinkTank
		case governmentWords[w] && k >= i:
			return claims.SourceGovernment
		case mediaWords[w] && k >= i:
			return claims.SourceMedia
		}
		if k >= i && toks[k].word {
			words++
		}
	}
	switch {
	case toks[i].acronym:
		return claims.SourceOrganization
	case words >= 2 && words <= 3:
		return claims.SourcePerson
	case j < len(toks) && cues[toks[j].lower] == cueSpeech, i > 0 && cues[toks[i-1].lower] == cueSpeech:
		return claims.SourcePerson
	}
	return claims.SourceOther
}

// propose returns the proposed source named name, creating it on first
// mention; a surname alone finds the person named in full before.
func (a *analyzer) propose(name string, typ claims.SourceType) *entity {
	return a.proposeSeen(name, typ, 1)
}

// proposeSeen is propose that counts the spelling n times; a name the
// analyser made up ("kancelaria" + the owner's full name) counts 0, so
// that a spelling from the text wins.
func (a *analyzer) proposeSeen(name string, typ claims.SourceType, n int) *entity {
	key := nameKey(name)
	e := a.proposed[key]
	if e == nil && !strings.Contains(key, " ") {
		e = a.surnames[key]
	}
	if e == nil {
		e = &entity{name: name, typ: typ, key: key, counts: map[string]int{}}
		a.proposed[key] = e
		a.m.add(e, name)
		if f := strings.Fields(name); typ == claims.SourcePerson && len(f) > 1 {
			a.surnames[nameKey(f[len(f)-1])] = e
			a.m.add(e, f[len(f)-1])
		}
	}
	e.count(name, n)
	return e
}

// count records n sightings of a spelling of a proposed source.
func (e *entity) count(name string, n int) {
	if slices.Contains(e.aliases, name) {
		return // an acronym in brackets is an alias, not the name
	}
	if _, ok := e.counts[name]; !ok {
		e.order = append(e.order, name)
	}
	e.counts[name] += n
}

// alias records an acronym given in brackets after a proposed source.
func (a *analyzer) alias(e *entity, acronym string) {
	if e.id != "" || a.proposed[nameKey(acronym)] != nil {
		return
	}
	e.aliases = append(e.aliases, acronym)
	a.proposed[nameKey(acronym)] = e
	a.m.add(e, acronym)
	if e.typ == claims.SourcePerson || e.typ == claims.SourceOther {
		e.typ = claims.SourceOrganization
	}
}

// institution reads an institution noun at toks[i] with its owner: "jego
// kancelaria" (the person last mentioned) or "kancelaria Łukaszenki". It
// returns the existing source whose name or alias joins the noun and the
// owner's name, or a proposed one.
func (a *analyzer) institution(toks []token, i int, noun string) (*entity, int, int) {
	var owner *entity
	from, to := i, i+1
	var ownerText string
	switch {
	case i > 0 && possessives[toks[i-1].lower] && a.lastPerson != nil:
		owner, from, ownerText = a.lastPerson, i-1, ""
	case i+1 < len(toks):
		if e, n := a.m.longest(toks, i+1); n > 0 {
			owner, to, ownerText = e, i+1+n, spanText(toks, i+1, i+1+n)
		}
	}
	if owner == nil {
		return nil, 0, 0
	}
	seen := 1
	if ownerText == "" {
		ownerText, seen = owner.bestName(), 0
	}
	if e := a.m.joined(toks[i].key, owner); e != nil {
		if e.id == "" {
			e.count(noun+" "+ownerText, seen)
		}
		return e, from, to
	}
	typ := claims.SourceGovernment
	if owner.typ == claims.SourceOrganization || owner.typ == claims.SourceThinkTank || owner.typ == claims.SourceMedia {
		typ = owner.typ
	}
	return a.proposeSeen(noun+" "+ownerText, typ, seen), from, to
}

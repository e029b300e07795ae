package suggest

import (
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// attribution is a cue word and the entity it attributes the sentence to.
type attribution struct {
	ent    *entity
	cue    cue
	at     int // the cue's token index
	word   string
	quoted bool
	anon   bool // an unnamed origin: "zgodnie z wcześniejszymi zapowiedziami"
	inner  bool // the object of "quoted", "citing": the statement's origin
	// anaphoric: the speaker is a pronoun or a dropped subject.
	anaphoric bool
}

// Verbs whose object said what the subject relays (relayOf), or whose
// object relayed what the subject said (relayTo, when the object is the
// media).
var (
	relayOf = setOf(`quoted quotes cited cites citing cytowal cytowala cytuje zacytowal zacytowala powolujac powolujac`)
	relayTo = setOf(`told tells`)
)

// locatives are prepositions after which a name is a place or a partner,
// not a speaker.
var locatives = setOf(`in at from into near of w we na z ze do od przy pod nad`)

// objectAfter returns the entity named within four words after the verb
// at i, before any punctuation.
func objectAfter(toks []token, ments []mention, i int) *entity {
	for _, m := range ments {
		if m.from > i && m.from <= i+4 && !blocked(toks, i+1, m.from) && !hasPunct(toks, i+1, m.from) {
			return m.ent
		}
	}
	return nil
}

func hasPunct(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		if !toks[k].word {
			return true
		}
	}
	return false
}

// nearestBefore returns the entity named last before the verb at i in the
// same clause of speech.
func nearestBefore(toks []token, ments []mention, i int) *entity {
	var e *entity
	for _, m := range ments {
		if m.to <= i && i-m.to <= speechWindow && !blocked(toks, m.to, i) && !afterLocative(toks, m.from) {
			e = m.ent
		}
	}
	return e
}

// possessor resolves "his", "her", "their", "jego", "ich".
func (a *analyzer) possessor(w string) *entity {
	switch w {
	case "their", "ich":
		if a.lastThinkTank != nil {
			return a.lastThinkTank
		}
		return a.lastOrg
	}
	return a.lastPerson
}

// speechWindow is how many tokens from a verb of speech its subject may be.
const speechWindow = 7

// cueAt returns the cue of toks[i], checking the words multi-word cues
// need ("according to", "zgodnie z", "in the view of", "per NAME").
func cueAt(toks []token, i int) cue {
	t := toks[i]
	if !t.word || t.upper && !initial(toks, i) {
		return cueNone
	}
	c := cues[t.lower]
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].lower
		}
		return ""
	}
	switch t.lower {
	case "according":
		if next(1) != "to" {
			return cueNone
		}
	case "zgodnie", "wynika", "wynikalo", "wynikaja":
		if next(1) != "z" && next(1) != "ze" {
			return cueNone
		}
	case "per":
		if i+1 >= len(toks) || !toks[i+1].upper {
			return cueNone
		}
	case "view", "opinion":
		if next(1) != "of" && (i == 0 || !possessives[toks[i-1].lower]) {
			return cueNone
		}
	case "opinii":
		if i == 0 || toks[i-1].lower != "w" {
			return cueNone
		}
	}
	return c
}

// attributions finds the cues of a sentence and who each points at.
func (a *analyzer) attributions(toks []token, ments []mention) []attribution {
	var out []attribution
	for i := range toks {
		c := cueAt(toks, i)
		if c == cueNone || c == cueHedge {
			continue
		}
		at := attribution{cue: c, at: i, word: toks[i].text, quoted: toks[i].quoted}
		if obj := objectAfter(toks, ments, i); obj != nil && (relayOf[toks[i].lower] || relayTo[toks[i].lower] && obj.typ == claims.SourceMedia) {
			// "Xinhua quoted a ministry spokesman", "Reuters reported, citing
			// officials": the object said it. "Officials told Reuters": the
			// object relayed it.
			subj := nearestBefore(toks, ments, i)
			if passive(toks, i) {
				// "X was quoted by the AP as saying": the subject said it,
				// whatever stands in apposition to it.
				if subj = subjectBefore(toks, ments, i); subj != nil {
					out = append(out, attribution{ent: subj, cue: cueSpeech, at: i, word: at.word, quoted: at.quoted, inner: true},
						attribution{ent: obj, cue: cueRelay, at: i, word: at.word, quoted: at.quoted})
				}
				continue
			}
			if relayTo[toks[i].lower] {
				subj, obj = obj, subj
				if obj == nil {
					continue
				}
				at.ent, at.cue = obj, cueSpeech
				out = append(out, at, attribution{ent: subj, cue: cueRelay, at: i, word: at.word, quoted: at.quoted})
				continue
			}
			out = append(out, attribution{ent: obj, cue: cueSpeech, at: i, word: at.word, quoted: at.quoted, inner: true})
			if subj != nil {
				out = append(out, attribution{ent: subj, cue: cueRelay, at: i, word: at.word, quoted: at.quoted})
			}
			continue
		}
		if c == cueSpeech && i+1 < len(toks) && (toks[i+1].lower == "by" || toks[i+1].lower == "przez") {
			c, at.cue = cueRelay, cueRelay // "quoted by X": X relayed it
		}
		if (c == cueOpinion || c == cueAnalysis) && i > 0 && possessives[toks[i-1].lower] {
			// "in their view", "ich zdaniem": whoever was speaking.
			if at.ent = a.possessor(toks[i-1].lower); at.ent != nil {
				out = append(out, at)
			}
			continue
		}
		switch c {
		case cueSpeech, cueAssess:
			var m *mention
			if m = nearest(toks, ments, i); m != nil {
				at.ent, at.anaphoric = m.ent, m.pronoun
			}
			if at.ent == nil && c == cueSpeech && polishPast(toks[i].lower) && a.lastPerson != nil {
				at.ent, at.anaphoric = a.lastPerson, true // "powiedział" with the subject dropped
			}
			if c == cueSpeech && m != nil && m.ent.typ == claims.SourceMedia && m.from <= i+2 && m.from > i {
				if sp := speakerAfter(toks, ments, m); sp != nil {
					// "- powiedział PAP rzecznik X": X said it to the agency.
					at.ent = sp
					out = append(out, at, attribution{ent: m.ent, cue: cueRelay, at: i, word: at.word, quoted: at.quoted})
					continue
				}
			}
		case cueAccording, cueOpinion, cueRelay:
			at.ent, at.anon = a.following(toks, ments, i)
		case cueAnalysis:
			at.ent = adjacent(ments, i)
		}
		if at.ent != nil {
			out = append(out, at)
		}
	}
	return out
}

// passive reports whether the relay verb at i is passive: "quoted by",
// "cited by", "cytowany przez".
func passive(toks []token, i int) bool {
	return i+1 < len(toks) && (toks[i+1].lower == "by" || toks[i+1].lower == "przez")
}

// subjectBefore returns the first entity of the clause that ends at the
// verb at i: the subject, before any apposition ("Dr. Hans Kluge, the WHO
// regional director for Europe, was quoted").
func subjectBefore(toks []token, ments []mention, i int) *entity {
	for _, m := range ments {
		if m.to <= i && !blocked(toks, m.to, i) && !afterLocative(toks, m.from) {
			return m.ent
		}
	}
	return nil
}

// speakerAfter returns who speaks when a verb of speech is followed by the
// media it spoke to: the next entity within speechWindow tokens after
// them, not the media and not a place; nil when there is none, and the
// media are the speaker ("- podała PAP").
func speakerAfter(toks []token, ments []mention, media *mention) *entity {
	for _, m := range ments {
		if m.from < media.to || m.from-media.to > speechWindow || blocked(toks, media.to, m.from) || afterLocative(toks, m.from) {
			continue
		}
		if m.ent.typ != claims.SourceMedia && toks[m.from].quoted == toks[media.from].quoted {
			return m.ent
		}
	}
	return nil
}

// polishPast reports whether w is a Polish third-person past form, whose
// subject may be dropped.
func polishPast(w string) bool {
	for _, s := range []string{"l", "la", "li", "ly", "lo"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// nearest returns the entity nearest to the verb at i, within
// speechWindow tokens, in the same quotation, not across "that"/"że" or
// into another clause of speech. After an inverting word ("jak
// relacjonuje kancelaria", "- mówił Xi", "said Smith") the subject is
// looked for after the verb first.
func nearest(toks []token, ments []mention, i int) *mention {
	inverted := false
	for k := i - 1; k >= max(0, i-2); k-- {
		w := toks[k].lower
		if !toks[k].word {
			w = toks[k].text
		}
		if w == "jak" || w == "as" && !strings.HasSuffix(toks[i].lower, "ing") || w == "-" || w == "–" || w == "—" || w == "," || strings.ContainsAny(w, `"”»`) {
			inverted = true
		}
	}
	if i == 0 {
		inverted = true
	}
	var best *mention
	bestD := speechWindow + 3
	for k, m := range ments {
		if afterLocative(toks, m.from) {
			continue // "in Warsaw", "z Xi Jinpingiem": not a speaker
		}
		var d int
		switch {
		case m.to <= i:
			d = i - m.to
			if blocked(toks, m.to, i) {
				continue
			}
			if inverted {
				d += 2
			}
		case m.from > i:
			d = m.from - i - 1
			if blocked(toks, i+1, m.from) {
				continue
			}
			if !inverted {
				d += 2
			}
		default:
			continue
		}
		if toks[m.from].quoted != toks[i].quoted {
			continue
		}
		if d < bestD && d <= speechWindow {
			best, bestD = &ments[k], d
		}
	}
	return best
}

// blocked reports whether toks[from:to] holds a word that ends the verb's
// reach: a complementizer, a colon or a full stop.
func blocked(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		if complementizers[toks[k].lower] || toks[k].text == ":" || toks[k].text == ";" {
			return true
		}
	}
	return false
}

// following returns the entity a preposition like "według" or "according
// to" introduces: a name within a few words after it, the entity before a
// relative pronoun ("analizy ISW, wedle których"), or an unnamed origin.
func (a *analyzer) following(toks []token, ments []mention, i int) (*entity, bool) {
	earlier := false
	for k := i + 1; k < len(toks) && k <= i+5; k++ {
		t := toks[k]
		if !t.word {
			if t.text == "," || t.text == "." {
				break
			}
			continue
		}
		if relatives[t.lower] {
			return before(ments, i), false
		}
		for _, m := range ments {
			if m.from == k {
				return m.ent, false
			}
		}
		if earlierWords[t.lower] || earlierWords[t.key] {
			earlier = true
			continue
		}
		if name, ok := anonymousNouns[t.key]; ok || anonymousNouns[t.lower] != "" {
			if !ok {
				name = anonymousNouns[t.lower]
			}
			if e := ownerAfter(toks, ments, k+1); e != nil {
				return e, false // "według danych GUS", "according to data from the NIPH"
			}
			if earlier {
				name = earlierName(name)
			}
			return a.propose(name, claims.SourceAnonymous), true
		}
	}
	return nil, false
}

// ownerAfter returns the entity named within three words from toks[i],
// before any punctuation: whose data, reports or sources they are.
func ownerAfter(toks []token, ments []mention, i int) *entity {
	for k := i; k < len(toks) && k < i+3; k++ {
		if !toks[k].word {
			return nil
		}
		for _, m := range ments {
			if m.from == k {
				return m.ent
			}
		}
	}
	return nil
}

// earlierName is name with "earlier" in its language.
func earlierName(name string) string {
	switch name {
	case "zapowiedzi", "dane":
		return "wcześniejsze " + name
	case "doniesienia", "źródła", "media":
		return "wcześniejsze " + name
	case "nieoficjalne informacje":
		return "wcześniejsze informacje"
	}
	return "earlier " + name
}

// before returns the entity mentioned last before token i.
func before(ments []mention, i int) *entity {
	var e *entity
	for _, m := range ments {
		if m.to <= i {
			e = m.ent
		}
	}
	return e
}

// adjacent returns the entity right after a noun like "analizy" (a
// genitive: "analizy ISW") or right before it ("the ISW assessment",
// "ISW's analysis").
func adjacent(ments []mention, i int) *entity {
	for _, m := range ments {
		if m.from == i+1 || m.from == i+2 || m.to == i || m.to == i-1 {
			return m.ent
		}
	}
	return nil
}

package suggest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

// decide picks the sentence's source, kind and chain from its
// attributions. With two sources, the inner one — inside the quotation,
// or after "that"/"że" following the other's cue, or named by a relay cue's
// partner — originated the statement and the outer one quoted it.
func decide(toks []token, atts []attribution, publisher *entity) result {
	var r result
	for _, at := range atts {
		r.cues = append(r.cues, at.word)
	}
	hedged := hasHedge(toks)
	named := atts[:0:0]
	var anon *entity
	for _, at := range atts {
		if at.anon {
			anon = at.ent
			continue
		}
		named = append(named, at)
	}
	if len(named) == 0 {
		r.kind = claims.KindReported
		if hedged {
			r.kind = claims.KindAnalytical
		}
		if anon != nil {
			r.chain = []hop{{anon, claims.RoleOriginator}, {publisher, claims.RoleReportedBy}}
		} else {
			r.chain = []hop{{publisher, claims.RoleOriginator}}
		}
		return r
	}
	inner, outer := nesting(toks, named)
	r.source = inner.ent
	r.speech = inner.cue == cueSpeech
	r.anaphoric = inner.anaphoric && outer == nil
	r.kind = kindOf(inner, hedged)
	role := claims.RoleOriginator
	if r.kind == claims.KindAnalytical && outer == nil {
		role = claims.RoleAssessedBy
	}
	r.chain = []hop{{inner.ent, role}}
	if outer != nil && outer.ent != inner.ent {
		r.chain = append(r.chain, hop{outer.ent, claims.RoleQuotedBy})
	}
	if r.chain[len(r.chain)-1].ent != publisher {
		r.chain = append(r.chain, hop{publisher, claims.RoleReportedBy})
	}
	return r
}

// nesting returns the innermost attribution and, if another source relayed
// it, the outermost.
func nesting(toks []token, atts []attribution) (inner attribution, outer *attribution) {
	depth := make([]int, len(atts))
	for i, at := range atts {
		if at.quoted {
			depth[i] += 2
		}
		if at.cue == cueRelay {
			depth[i] -= 3
		}
		if at.inner {
			depth[i] += 3
		}
		for _, other := range atts {
			if other.ent != at.ent && other.at < at.at && hasComplementizer(toks, other.at, at.at) {
				depth[i]++
			}
		}
	}
	in, out := 0, 0
	for i := range atts {
		if depth[i] > depth[in] {
			in = i
		}
		if depth[i] < depth[out] {
			out = i
		}
	}
	if depth[in] == depth[out] || atts[in].ent == atts[out].ent {
		// No nesting: the first attribution decides, unless a later one
		// is a stronger cue for kind (an assessment noun beside "według").
		return strongest(atts), nil
	}
	return atts[in], &atts[out]
}

// strongest prefers a verb or opinion over a bare "według"/"according to".
func strongest(atts []attribution) attribution {
	for _, at := range atts {
		if at.cue != cueAccording && at.ent == atts[0].ent {
			return at
		}
	}
	return atts[0]
}

func hasComplementizer(toks []token, from, to int) bool {
	for k := from + 1; k < to; k++ {
		if complementizers[toks[k].lower] {
			return true
		}
	}
	return false
}

// kindOf says whether a statement attributed through at is reported or
// analytical. "Według X" depends on who X is: a think tank's or analysts'
// account is an assessment; anyone else's is a report unless hedged.
func kindOf(at attribution, hedged bool) claims.Kind {
	switch at.cue {
	case cueAssess, cueOpinion, cueAnalysis:
		return claims.KindAnalytical
	case cueAccording:
		if at.ent.typ == claims.SourceThinkTank || hedged {
			return claims.KindAnalytical
		}
	case cueSpeech:
		// What think tanks and analysts say with a hedge is their
		// assessment: "experts say the plan may come too late".
		if hedged && (at.ent.typ == claims.SourceThinkTank || at.ent.analyst) {
			return claims.KindAnalytical
		}
	}
	return claims.KindReported
}

// hasHedge reports whether the sentence holds a word of uncertainty, or a
// Polish conditional ("chciałby", "potwierdzałoby").
func hasHedge(toks []token) bool {
	for _, t := range toks {
		if !t.word {
			continue
		}
		if cues[t.lower] == cueHedge || strings.HasSuffix(t.lower, "lby") || strings.HasSuffix(t.lower, "laby") ||
			strings.HasSuffix(t.lower, "loby") || strings.HasSuffix(t.lower, "liby") || strings.HasSuffix(t.lower, "lyby") {
			return true
		}
	}
	return false
}

// opensSpeech reports whether a sentence opens with a quotation mark or a
// dash of direct speech.
func opensSpeech(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "– ") || strings.HasPrefix(s, "— ") ||
		strings.ContainsRune(`"„“«`, r)
}

// inheritSpeakers gives the unattributed sentences of a paragraph of
// direct speech (one opening with a quote or a dash) the speaker named
// elsewhere in it: "- Musimy … Trzeba … - mówił Xi Jinping."
func inheritSpeakers(sentences []Sentence, results []result) {
	for i := 0; i < len(sentences); {
		j := i
		for j < len(sentences) && sentences[j].Para == sentences[i].Para {
			j++
		}
		if results[i].quoted {
			var speaker *result
			for k := i; k < j; k++ {
				if results[k].speech {
					speaker = &results[k]
					break
				}
			}
			for k := i; k < j && speaker != nil; k++ {
				if results[k].source == nil {
					results[k].source, results[k].kind, results[k].chain = speaker.source, speaker.kind, speaker.chain
					results[k].score = max(results[k].score, MinScore)
				}
			}
		}
		i = j
	}
}

// continueChains gives a statement whose speaker is only referred to ("He
// added", "Jak dodał") the chain of the statement before it by the same
// speaker: what he told an agency, he went on telling it.
func continueChains(results []result) {
	for i := 1; i < len(results); i++ {
		r, prev := &results[i], results[i-1]
		if r.anaphoric && r.source == prev.source && r.kind == prev.kind && len(prev.chain) > len(r.chain) {
			r.chain = prev.chain
		}
	}
}

// noComment reports whether the sentence is the newsroom's formula for a
// party that said nothing: "declined to comment", "nie odpowiedział na
// pytania". There is nothing in it to check.
func noComment(toks []token) bool {
	if !slices.ContainsFunc(toks, func(t token) bool { return noCommentWords[t.lower] }) {
		return false // most sentences: no need to build the text
	}
	var b strings.Builder
	for _, t := range toks {
		if t.word {
			b.WriteString(t.lower)
			b.WriteByte(' ')
		}
	}
	s := b.String()
	for _, p := range noCommentPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// noCommentWords hold a word of every phrase of noCommentPhrases.
var noCommentWords = setOf(`comment respond reached interviewed komentarza odpowiedzial odpowiedziala odpowiedzieli odpowiedzialo skontaktowac`)

var noCommentPhrases = []string{
	"declined to comment", "declined to be interviewed", "did not respond", "did not immediately respond", "could not be reached",
	"odmowil komentarza", "odmowila komentarza", "odmowili komentarza", "odmowilo komentarza",
	"nie odpowiedzial", "nie odpowiedziala", "nie odpowiedzieli", "nie odpowiedzialo", "nie udalo sie skontaktowac",
}

// score says how worth checking a sentence is, from 0 to 1: attributions,
// numbers and dates, names and quotations count; short fragments and
// questions do not.
func score(toks []token, ments []mention, atts []attribution) float64 {
	words := 0
	var num, quote, hedge bool
	for _, t := range toks {
		if t.word {
			words++
			if strings.IndexFunc(t.text, unicode.IsDigit) >= 0 || dateWords[t.lower] {
				num = true
			}
			if cues[t.lower] == cueHedge {
				hedge = true
			}
		} else if strings.ContainsAny(t.text, `"„“”«»`) {
			quote = true
		}
	}
	if words < 4 || noComment(toks) {
		return 0
	}
	s := 0.1
	if words >= 6 {
		s += 0.15
	}
	if len(atts) > 0 {
		s += 0.35
	}
	if num {
		s += 0.15
	}
	if len(ments) > 0 {
		s += 0.15
	}
	if quote {
		s += 0.1
	}
	if hedge {
		s += 0.05
	}
	if len(toks) > 0 && toks[len(toks)-1].text == "?" {
		s -= 0.3
	}
	return min(1, max(0, s))
}

// dateWords make a sentence dated, like a number does.
var dateWords = setOf(`wczoraj dzis dzisiaj jutro przedwczoraj poniedzialek wtorek sroda czwartek piatek sobota niedziela
	styczen stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrzesnia pazdziernika listopada grudnia
	yesterday today tomorrow monday tuesday wednesday thursday friday saturday sunday
	january february march april june july august september october november december`)

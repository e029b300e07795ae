// Package suggest proposes the claims in an article: it splits the body
// into sentences, finds who each is attributed to (matching the newsroom's
// existing sources in any Polish case, or proposing new ones), whether it
// is reported or analytical, and the chain by which it reached the page.
// It reads no database: give it the document and the sources.
package suggest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// MinScore is the score below which a sentence is not suggested: too short,
// or with nothing in it to check.
const MinScore = 0.3

// Suggestion is a sentence worth capturing as a claim.
type Suggestion struct {
	// ID names the suggestion within its document: "s<start>-<end>", the
	// quote's code-point offsets. The same body always yields the same IDs.
	ID         string       `json:"id"`
	Text       string       `json:"text"`
	Quote      claims.Quote `json:"quote"`
	Kind       claims.Kind  `json:"kind"`
	Source     SourceRef    `json:"source"`
	Provenance []HopRef     `json:"provenance"`
	Score      float64      `json:"score"`
	Cues       []string     `json:"cues"` // the words that decided source and kind
}

// SourceRef is a suggested source: an existing one (ID set) or, when New,
// one to create if the editor agrees.
type SourceRef struct {
	ID      string            `json:"id,omitempty"`
	Name    string            `json:"name"`
	Type    claims.SourceType `json:"type"`
	Aliases []string          `json:"aliases,omitempty"`
	New     bool              `json:"new"`
}

// HopRef is one suggested step of the provenance chain.
type HopRef struct {
	Source SourceRef      `json:"source"`
	Role   claims.HopRole `json:"role"`
}

// Suggest returns the suggestions for d's body, in reading order, matching
// attributions against sources. Sentences scoring below MinScore are left
// out.
func Suggest(d *claims.Document, sources []*claims.Source) []Suggestion {
	var out []Suggestion
	for _, s := range Analyze(d, sources) {
		if s.Score >= MinScore {
			out = append(out, s)
		}
	}
	return out
}

// Analyze is Suggest without the score threshold: every sentence of the
// body, analysed.
func Analyze(d *claims.Document, sources []*claims.Source) []Suggestion {
	a := newAnalyzer(d, sources)
	sentences := a.sentences
	results := make([]result, len(sentences))
	for i, s := range sentences {
		results[i] = a.sentence(s, a.tokens[i])
	}
	inheritSpeakers(sentences, results)
	continueChains(results)
	runes := []rune(d.Body)
	out := make([]Suggestion, 0, len(sentences))
	for i, s := range sentences {
		out = append(out, a.suggestion(runes, s, results[i]))
	}
	return out
}

// quoteContext matches claims.Quote.Anchor's prefix and suffix length.
const quoteContext = 32

// suggestion turns an analysed sentence into a Suggestion.
func (a *analyzer) suggestion(runes []rune, s Sentence, r result) Suggestion {
	sg := Suggestion{
		ID:   fmt.Sprintf("s%d-%d", s.Start, s.End),
		Text: s.Text,
		Quote: claims.Quote{
			Exact: s.Text, Start: s.Start, End: s.End,
			Prefix: string(runes[max(0, s.Start-quoteContext):s.Start]),
			Suffix: string(runes[s.End:min(len(runes), s.End+quoteContext)]),
		},
		Kind:  r.kind,
		Score: r.score,
		Cues:  r.cues,
	}
	if sg.Cues == nil {
		sg.Cues = []string{}
	}
	src := r.source
	if src == nil {
		src = a.publisher
	}
	sg.Source = ref(src)
	for _, h := range r.chain {
		sg.Provenance = append(sg.Provenance, HopRef{Source: ref(h.ent), Role: h.role})
	}
	return sg
}

// ref describes e, naming a proposed source by its most frequent spelling.
func ref(e *entity) SourceRef {
	r := SourceRef{ID: e.id, Name: e.name, Type: e.typ, New: e.id == ""}
	if r.New {
		r.Name = e.bestName()
		r.Aliases = slices.Clone(e.aliases)
	}
	return r
}

// bestName is the spelling of a proposed source with the most words if it
// is a person (the full name over the surname), and of those the one seen most
// often (in a Polish text the nominative usually wins), the first seen on
// a tie.
func (e *entity) bestName() string {
	best, n, words := e.name, -1, 0
	for _, s := range e.order {
		w := 0
		if e.typ == claims.SourcePerson {
			w = len(strings.Fields(s))
		}
		if w > words || w == words && e.counts[s] > n {
			best, n, words = s, e.counts[s], w
		}
	}
	return best
}

// publisherEntity is the source that published d: an existing source
// named like d.Publisher, or a proposed media source named after the
// publisher, the URL's host, or, failing both, "unknown publisher".
func publisherEntity(d *claims.Document, m *matcher) *entity {
	name := strings.TrimSpace(d.Publisher)
	if name == "" {
		if u, err := url.Parse(d.URL); err == nil && u.Host != "" {
			name = strings.TrimPrefix(u.Host, "www.")
		}
	}
	if name == "" {
		name = "unknown publisher"
	}
	toks := tokenize(name)
	if len(toks) > 0 {
		if e, n := m.longest(toks, 0); e != nil && n == len(toks) {
			return e
		}
	}
	return &entity{name: name, typ: claims.SourceMedia, key: nameKey(name), counts: map[string]int{}}
}

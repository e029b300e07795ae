package suggest

import (
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// entity is a source a sentence can be attributed to: an existing source
// (ID set) or one proposed from the text.
type entity struct {
	id      string
	name    string
	typ     claims.SourceType
	aliases []string
	key     string // the keys of the name's words, joined by spaces

	spellings [][]string     // the word keys of every name it is matched by
	counts    map[string]int // how often each spelling of a proposed source was seen
	order     []string       // spellings of a proposed source in the order seen
	heads     []string       // head nouns of its names (see headKeys), nil until asked
	analyst   bool           // an unnamed group of analysts or experts
}

// pattern is one spelling of an entity, as word keys.
type pattern struct {
	keys []string
	ent  *entity
}

// matcher finds the names and aliases of entities in tokens, whatever
// their Polish case: it compares word keys (see stem).
type matcher struct {
	buckets map[string][]pattern
}

func newMatcher() *matcher { return &matcher{buckets: map[string][]pattern{}} }

// bucket is the index of a key: its first three letters, which sameKey
// never changes.
func bucket(key string) string {
	n := 0
	for i := range key {
		if n == 3 {
			return key[:i]
		}
		n++
	}
	return key
}

// add indexes spelling as a name of e.
func (m *matcher) add(e *entity, spelling string) {
	var keys []string
	for _, t := range tokenize(spelling) {
		if t.word {
			keys = append(keys, t.key)
		}
	}
	if len(keys) == 0 {
		return
	}
	b := bucket(keys[0])
	for _, p := range m.buckets[b] {
		if p.ent == e && strings.Join(p.keys, " ") == strings.Join(keys, " ") {
			return
		}
	}
	m.buckets[b] = append(m.buckets[b], pattern{keys: keys, ent: e})
	e.spellings = append(e.spellings, keys)
}

// joined returns the entity with a spelling that is the noun followed by a
// name of owner, in any case: "kancelaria Łukaszenki" for the noun
// "kancelarii" and the owner Aleksander Łukaszenka; nil when there is none.
func (m *matcher) joined(nounKey string, owner *entity) *entity {
	for _, p := range m.buckets[bucket(nounKey)] {
		if len(p.keys) < 2 || !sameKey(p.keys[0], nounKey) {
			continue
		}
		last := p.keys[len(p.keys)-1]
		for _, sp := range owner.spellings {
			if sameKey(sp[len(sp)-1], last) {
				return p.ent
			}
		}
	}
	return nil
}

// addSource indexes an existing source by its name, its aliases, and, for
// a person, the surname alone.
func (m *matcher) addSource(s *claims.Source) *entity {
	e := &entity{id: s.ID, name: s.Name, typ: s.Type, key: nameKey(s.Name)}
	m.add(e, s.Name)
	for _, a := range s.Aliases {
		m.add(e, a)
	}
	if s.Type == claims.SourcePerson {
		if f := strings.Fields(s.Name); len(f) > 1 && len([]rune(f[len(f)-1])) >= 4 {
			m.add(e, f[len(f)-1])
		}
	}
	return e
}

// longest returns the entity whose spelling starts at toks[i] and covers
// the most words, and how many tokens it covers; 0 when none does.
func (m *matcher) longest(toks []token, i int) (*entity, int) {
	if !toks[i].word {
		return nil, 0
	}
	var best *entity
	bestN := 0
	for _, p := range m.buckets[bucket(toks[i].key)] {
		n, ok := matchAt(toks, i, p.keys)
		if ok && n > bestN {
			best, bestN = p.ent, n
		}
	}
	return best, bestN
}

// matchAt reports whether keys match the words from toks[i], and how many
// tokens they span. A one-word name matches only a capitalised word, so a
// surname that is also a common word does not match the common word.
func matchAt(toks []token, i int, keys []string) (int, bool) {
	j := i
	for _, k := range keys {
		if j >= len(toks) || !toks[j].word || !sameKey(toks[j].key, k) {
			return 0, false
		}
		if len(keys) == 1 && !toks[j].upper {
			return 0, false
		}
		j++
	}
	return j - i, true
}

// nameKey is the key of a whole name.
func nameKey(name string) string {
	var keys []string
	for _, t := range tokenize(name) {
		if t.word {
			keys = append(keys, t.key)
		}
	}
	return strings.Join(keys, " ")
}

package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits on a query. They bound the work one search box can ask of the
// index; what is beyond them is ignored, not refused.
const (
	MaxQueryLen = 1000 // bytes of user input read
	MaxTerms    = 16   // terms kept, in the order typed
	minPrefix   = 2    // letters before a '*' for it to mean a prefix
)

// Term is one thing a query looks for: a word, or a phrase of adjacent
// words.
type Term struct {
	// Words are the folded words, in order (see Tokens).
	Words []string
	// Stems are the stems of Words.
	Stems []string
	// Prefix means the last word matches any word that starts with it
	// (architektur*).
	Prefix bool
	// Exact means the user quoted the term: its words must match as
	// written (folded), not merely share stems.
	Exact bool

	// words are the indexed words a prefix stands for (see
	// ExpandPrefixes), or nil to ask FTS5 for the prefix itself.
	words []string
}

// Query is a parsed search box. Its zero value is the empty query.
type Query struct {
	terms []Term
}

// ParseQuery reads what a user typed into a search box. Words are ANDed;
// "quoted text" (or „quoted”, “quoted”, «quoted») is a phrase; a '*'
// right after a word of at least two letters makes it a prefix, also after
// a closing quote ("nowy rozdz"*).
//
// Nothing else has a meaning: parentheses, stray or unbalanced quotes,
// '-', '+', '^', ':' and the words AND, OR, NOT, NEAR are text, split and
// folded like the indexed text, so what a user types can never become an
// FTS5 syntax error (see FTS5). A chunk between spaces that holds several
// words ("chińsko-białoruskich", "U.S.", "covid-19") is a phrase of them,
// which is how the tokenizer indexed it. Stop words are dropped when
// something else is left.
func ParseQuery(input string) Query {
	if len(input) > MaxQueryLen {
		n := MaxQueryLen
		for n > 0 && !utf8.RuneStart(input[n]) {
			n--
		}
		input = input[:n]
	}
	input = typographicQuotes.Replace(input)
	var terms []Term
	seen := map[string]bool{}
	add := func(chunk string, exact, starAfter bool) {
		t, ok := newTerm(chunk, exact, starAfter)
		if !ok {
			return
		}
		key := t.key()
		if seen[key] || len(terms) >= MaxTerms {
			return
		}
		seen[key] = true
		terms = append(terms, t)
	}
	for i := 0; i < len(input); {
		c := input[i]
		switch {
		case isSpace(c):
			i++
		case c == '"':
			end := strings.IndexByte(input[i+1:], '"')
			if end < 0 {
				// An unbalanced quote: the rest is a phrase, as the
				// user probably meant.
				add(input[i+1:], true, false)
				return Query{terms: dropStopwords(terms)}
			}
			j := i + 1 + end
			star := j+1 < len(input) && input[j+1] == '*'
			add(input[i+1:j], true, star)
			i = j + 1
		default:
			j := i
			for j < len(input) && !isSpace(input[j]) && input[j] != '"' {
				j++
			}
			add(input[i:j], false, false)
			i = j
		}
	}
	return Query{terms: dropStopwords(terms)}
}

// typographicQuotes are the double quotes word processors and phones put
// in place of '"' — Polish „…”, English “…”, guillemets — which a user
// means as a phrase as much as '"'.
var typographicQuotes = strings.NewReplacer("„", `"`, "“", `"`, "”", `"`, "«", `"`, "»", `"`)

// newTerm makes the term for one chunk of input; ok is false when the chunk
// holds no word. A word is a prefix when a '*' follows it in the chunk, or
// when starAfter says one follows the chunk.
func newTerm(chunk string, exact, starAfter bool) (Term, bool) {
	toks := Tokens(chunk)
	if len(toks) == 0 {
		return Term{}, false
	}
	last := toks[len(toks)-1]
	prefix := starAfter || last.End < len(chunk) && chunk[last.End] == '*'
	if utf8.RuneCountInString(last.Text) < minPrefix {
		prefix = false
	}
	t := Term{Words: make([]string, len(toks)), Stems: make([]string, len(toks)), Prefix: prefix, Exact: exact}
	for i, tok := range toks {
		t.Words[i] = tok.Text
		t.Stems[i] = Stem(tok.Text)
	}
	return t, true
}

// key identifies a term among those of one query.
func (t Term) key() string {
	k := strings.Join(t.Words, " ")
	if t.Prefix {
		k += "*"
	}
	if t.Exact {
		k = `"` + k
	}
	return k
}

// stopword reports whether t is a lone stop word that the user neither
// quoted nor made a prefix.
func (t Term) stopword() bool {
	return len(t.Words) == 1 && !t.Prefix && !t.Exact && stopwords[t.Words[0]]
}

// dropStopwords removes stop words, unless nothing would be left: a search
// for "the" alone still searches.
func dropStopwords(terms []Term) []Term {
	kept := terms[:0:0]
	for _, t := range terms {
		if !t.stopword() {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return terms
	}
	return kept
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// Empty reports whether the query has nothing to search for. Run no MATCH
// for an empty query: FTS5 refuses an empty expression.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Terms returns the query's terms, for highlighting and for display.
func (q Query) Terms() []Term {
	out := make([]Term, len(q.terms))
	for i, t := range q.terms {
		t.Words = slices.Clone(t.Words)
		t.Stems = slices.Clone(t.Stems)
		out[i] = t
	}
	return out
}

// FTS5 returns the query as an FTS5 MATCH expression over the folded and
// stems columns (see Columns), or "" for an empty query. Every word is
// written as an FTS5 string literal, so no input is an FTS5 syntax error.
//
// A plain word matches its stem, and also its folded form, so that
// bm25 ranks the exact form above other forms of the word:
//
//	(folded : "chinach" OR stems : "chin")
//
// A quoted or prefix term matches the folded column only; terms are ANDed.
func (q Query) FTS5() string {
	var b strings.Builder
	for i, t := range q.terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		if t.words != nil {
			t.writeExpanded(&b)
			continue
		}
		if t.Exact || t.Prefix {
			writePhrase(&b, FoldedColumn, t.Words, t.Prefix)
			continue
		}
		b.WriteByte('(')
		writePhrase(&b, FoldedColumn, t.Words, false)
		b.WriteString(" OR ")
		writePhrase(&b, StemsColumn, t.Stems, false)
		b.WriteByte(')')
	}
	return b.String()
}

// MatchFTS5 returns an FTS5 MATCH expression for the rows FTS5() matches,
// with one phrase per term: a plain word asks for its stem alone, since a
// row that holds the word holds its stem at the same place. FTS5 walks an
// AND of phrases faster than an AND of ORs, but there is no folded phrase
// for bm25 to rank the exact form higher: use it to find or count rows,
// and FTS5() to rank them.
func (q Query) MatchFTS5() string {
	var b strings.Builder
	for i, t := range q.terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		switch {
		case t.words != nil:
			t.writeExpanded(&b)
		case t.Exact || t.Prefix:
			writePhrase(&b, FoldedColumn, t.Words, t.Prefix)
		default:
			writePhrase(&b, StemsColumn, t.Stems, false)
		}
	}
	return b.String()
}

// writePhrase writes `column : "w1 w2"`, with a trailing '*' for a prefix.
func writePhrase(b *strings.Builder, column string, words []string, prefix bool) {
	b.WriteString(column)
	b.WriteString(" : ")
	writeString(b, strings.Join(words, " "))
	if prefix {
		b.WriteString(" *")
	}
}

// writeString writes s as an FTS5 string literal: in double quotes, with
// any double quote doubled. Words never hold one, but the escaping is what
// makes the expression safe, so it does not depend on the tokenizer.
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(s, `"`, `""`))
	b.WriteByte('"')
}

// Phrases returns, term by term (in the order of Terms), the FTS5
// expressions of the phrases FTS5() asks for: for a plain word its folded
// form and its stem, for a quoted term its folded words, for a prefix the
// prefix or, expanded, each of its words. bm25 walks, once per query,
// every row that holds each phrase, whatever else the query asks; a store
// counts them to learn what ranking will cost. A plain word's rows are
// those of its stem phrase, the last; another term's are those of all its
// phrases together.
func (q Query) Phrases() [][]string {
	out := make([][]string, 0, len(q.terms))
	for _, t := range q.terms {
		var ps []string
		var b strings.Builder
		switch {
		case t.words != nil:
			for _, p := range t.expanded() {
				b.Reset()
				writePhrase(&b, FoldedColumn, []string{p}, false)
				ps = append(ps, b.String())
			}
		default:
			writePhrase(&b, FoldedColumn, t.Words, t.Prefix)
			ps = append(ps, b.String())
			if !t.Exact && !t.Prefix {
				b.Reset()
				writePhrase(&b, StemsColumn, t.Stems, false)
				ps = append(ps, b.String())
			}
		}
		out = append(out, ps)
	}
	return out
}

// MaxPrefixIndex is the longest prefix the full-text indexes keep a
// prefix index for (their prefix = '2 3'); FTS5 streams the matches of
// such a prefix like those of a word.
const MaxPrefixIndex = 3

// ExpandPrefixes returns q with each prefix longer than MaxPrefixIndex
// letters searched as the indexed words it stands for: words returns the
// indexed words that start with a prefix, or nil to leave that prefix to
// FTS5 (too many words to list, or none). FTS5 answers a prefix it has no
// prefix index for by merging the posting lists of every word it starts,
// whole, before it returns a row, so "rzecz*" over a million claims reads
// every "rzecznik" even for one page; an OR of those words it streams.
// Matching (Highlight, Match) is unchanged: the words start with the
// prefix.
func (q Query) ExpandPrefixes(words func(prefix string) []string) Query {
	out := Query{terms: make([]Term, len(q.terms))}
	for i, t := range q.terms {
		t.Words, t.Stems = slices.Clone(t.Words), slices.Clone(t.Stems)
		t.words = nil
		if last := t.Words[len(t.Words)-1]; t.Prefix && utf8.RuneCountInString(last) > MaxPrefixIndex {
			if ws := words(last); len(ws) > 0 {
				t.words = slices.Clone(ws)
			}
		}
		out.terms[i] = t
	}
	return out
}

// writeExpanded writes an expanded prefix term: the OR of its phrases in
// the folded column.
func (t Term) writeExpanded(b *strings.Builder) {
	b.WriteString(FoldedColumn)
	b.WriteString(" : (")
	for i, p := range t.expanded() {
		if i > 0 {
			b.WriteString(" OR ")
		}
		writeString(b, p)
	}
	b.WriteByte(')')
}

// expanded returns the phrases an expanded prefix term stands for: its
// words with each of the prefix's words in place of the last.
func (t Term) expanded() []string {
	head := strings.Join(t.Words[:len(t.Words)-1], " ")
	out := make([]string, len(t.words))
	for i, w := range t.words {
		out[i] = strings.TrimSpace(head + " " + w)
	}
	return out
}

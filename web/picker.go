package web

import (
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// Choosing a source or a document. A newsroom holds tens of thousands of
// each, far too many for a <select>: a form shows a text field with the
// chosen one's name beside a hidden field with its id, and static/picker.js
// makes the text field a combobox that searches the JSON API as the user
// types and sets the id. Typing clears the id, so a form sends either a
// choice or a name for the server to resolve (see Server.resolveSource).
// That resolution is what makes the field work without JavaScript too: a
// name that matches one source picks it, and when several match the form
// comes back with them in a short <select> to choose from. A page reads
// only the chosen ones and, after a failed resolution, a few candidates.

// pickerCandidates is how many matches a failed resolution offers.
const pickerCandidates = 10

// picker is what a picker field holds: the chosen id and the text shown
// (the chosen one's name, or what was typed), and, when the typed text
// did not resolve, why and the candidates to choose from.
type picker struct {
	ID         string
	Text       string
	Error      string
	Candidates []pickerOption
}

// pickerOption is one candidate: its id, its name and what tells it apart
// from its namesakes (a source's type and aliases, a document's
// publisher).
type pickerOption struct {
	ID, Name, Detail string
}

// pickerField is a picker as a template draws it (the "picker" partial).
type pickerField struct {
	picker
	Kind        string // "source" or "document": what the script searches
	InputID     string // the text field's id, which its label names
	TextName    string // the text field's name: source_name
	IDName      string // the id field's name: source_id
	Describe    string // ids of the hints that describe the text field
	Placeholder string // translated
}

// DescribedBy is the text field's aria-describedby: its hints and its
// error.
func (f pickerField) DescribedBy() string {
	ids := f.Describe
	if f.Error != "" {
		ids = strings.TrimSpace(ids + " " + f.InputID + "-error")
	}
	return ids
}

// pickedValue is what a form sent for one picker: the hidden id and the
// typed text. Typed says the text field was sent at all: a link or a
// client that sends only the id (/claims?source_id=…) is taken at its word.
type pickedValue struct {
	ID, Text string
	Typed    bool
}

// picked reads a picker's two fields from vals.
func picked(vals map[string][]string, idName, textName string) pickedValue {
	text, typed := vals[textName]
	v := pickedValue{ID: strings.TrimSpace(first(vals[idName])), Typed: typed}
	if typed {
		v.Text = first(text)
	}
	return v
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// match is one source or document as the resolution sees it.
type match struct {
	ID, Name string
	Aliases  []string
	Detail   string
}

// resolve turns what a picker sent into a choice. An id alone is kept;
// an empty text chooses nothing. Otherwise the id stands if the text
// still names its source (its name or an alias, in any case), and the
// text is searched for: one match whose name is the text, the id among
// the matches, or a single match is chosen. No match, or several, is
// reported in Error, with up to pickerCandidates candidates.
//
// byID finds the one with an id (nil when there is none), search the
// first matches of a text; none and several word the two failures.
func resolve(v pickedValue, byID func(id string) (*match, error),
	search func(text string, limit int) ([]match, error), none, several func(text string) string) (picker, error) {
	text := strings.Join(strings.Fields(v.Text), " ")
	if !v.Typed {
		p := picker{ID: v.ID}
		if v.ID == "" {
			return p, nil
		}
		m, err := byID(v.ID)
		if err != nil || m == nil {
			return p, err
		}
		p.Text = m.Name
		return p, nil
	}
	if text == "" {
		return picker{}, nil
	}
	if v.ID != "" {
		m, err := byID(v.ID)
		if err != nil {
			return picker{}, err
		}
		if m != nil && m.names(text) {
			return picker{ID: m.ID, Text: m.Name}, nil
		}
	}
	found, err := search(text, pickerCandidates+1)
	if err != nil {
		return picker{}, err
	}
	var exact []match
	for _, m := range found {
		if strings.EqualFold(m.Name, text) {
			exact = append(exact, m)
		}
	}
	if len(exact) == 1 {
		return picker{ID: exact[0].ID, Text: exact[0].Name}, nil
	}
	for _, m := range found {
		if m.ID == v.ID {
			return picker{ID: m.ID, Text: m.Name}, nil
		}
	}
	if len(found) == 1 {
		return picker{ID: found[0].ID, Text: found[0].Name}, nil
	}
	p := picker{Text: v.Text}
	if len(found) == 0 {
		p.Error = none(text)
		return p, nil
	}
	p.Error = several(text)
	for _, m := range found[:min(len(found), pickerCandidates)] {
		p.Candidates = append(p.Candidates, pickerOption{ID: m.ID, Name: m.Name, Detail: m.Detail})
	}
	return p, nil
}

// names reports whether text is m's name or one of its aliases.
func (m *match) names(text string) bool {
	if strings.EqualFold(m.Name, text) {
		return true
	}
	for _, a := range m.Aliases {
		if strings.EqualFold(a, text) {
			return true
		}
	}
	return false
}

// resolveSource resolves a source picker (see resolve). The text is
// matched against names and aliases as the sources list searches them.
func (s *Server) resolveSource(r *http.Request, v pickedValue) (picker, error) {
	ctx := r.Context()
	return resolve(v, func(id string) (*match, error) {
		src, err := s.store.FindSourceByID(ctx, id)
		if claims.ErrorCode(err) == claims.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		m := s.sourceMatch(r, src)
		return &m, nil
	}, func(text string, limit int) ([]match, error) {
		list, _, err := s.store.FindSources(ctx, claims.SourceFilter{Q: text, Limit: limit})
		out := make([]match, len(list))
		for i, src := range list {
			out[i] = s.sourceMatch(r, src)
		}
		return out, err
	}, func(text string) string {
		return s.t(r, "No source matches “%s”. Check the spelling, or add the source first.", text)
	}, func(text string) string {
		return s.t(r, "Several sources match “%s”: choose one below, or type more of the name.", text)
	})
}

func (s *Server) sourceMatch(r *http.Request, src *claims.Source) match {
	detail := s.name(r, src.Type)
	if len(src.Aliases) > 0 {
		detail += "; " + strings.Join(src.Aliases, ", ")
	}
	return match{ID: src.ID, Name: src.Name, Aliases: src.Aliases, Detail: detail}
}

// resolveDocument resolves a document picker (see resolve) by its title.
// The text is searched as the documents list searches (words of the title
// or the body, titles first), so a typed title finds its document.
func (s *Server) resolveDocument(r *http.Request, v pickedValue) (picker, error) {
	ctx := r.Context()
	return resolve(v, func(id string) (*match, error) {
		d, err := s.store.FindDocumentByID(ctx, id)
		if claims.ErrorCode(err) == claims.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		m := documentMatch(d)
		return &m, nil
	}, func(text string, limit int) ([]match, error) {
		list, _, err := s.store.FindDocuments(ctx, claims.DocumentFilter{Q: text, Limit: limit})
		out := make([]match, len(list))
		for i, d := range list {
			out[i] = documentMatch(d)
		}
		return out, err
	}, func(text string) string {
		return s.t(r, "No document matches “%s”. Check the title, or import the document first.", text)
	}, func(text string) string {
		return s.t(r, "Several documents match “%s”: choose one below, or type more of the title.", text)
	})
}

func documentMatch(d *claims.Document) match {
	var detail []string
	if d.Publisher != "" {
		detail = append(detail, d.Publisher)
	}
	if d.PublishedAt != nil {
		detail = append(detail, d.PublishedAt.Format("2006-01-02"))
	}
	return match{ID: d.ID, Name: d.Title, Detail: strings.Join(detail, ", ")}
}

package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// spareHops is how many empty provenance rows the form offers.
const spareHops = 2

// claimFormFields are the fields the claim form shows errors next to;
// the names are the domain's, which the store's errors use.
var claimFormFields = []string{"text", "kind", "source_id", "document_id", "quote.exact", "quote_start", "provenance", "assignee", "tags"}

// claimForm is the new-claim and edit-claim page. Its string fields hold
// exactly what the user typed, so that a form with errors comes back as it
// was sent.
type claimForm struct {
	layout
	ID          string // empty for a new claim
	Version     int
	Text        string
	Kind        string
	SourceID    string
	SourceName  string // the source picker's text as sent (see picker.go)
	DocumentID  string
	DocTitle    string // the document picker's text as sent
	Quote       string
	QuoteStart  string
	QuotePrefix string
	Hops        []hopRow
	Assignee    string
	Tags        string

	// The pickers as the page draws them, once resolved (resolvePickers)
	// or looked up (renderClaimForm).
	SourcePicker   pickerField
	DocumentPicker pickerField
	resolved       bool
	// sourceTyped and docTyped say the pickers' text fields were sent,
	// so that what they hold is resolved; a client that sends only ids
	// is taken at its word.
	sourceTyped, docTyped bool

	Users   []*claims.User
	Errors  map[string]string
	Current *claims.Claim // the stored claim, when someone else changed it meanwhile

	// Similar are the existing claims closest to the text ("already
	// checked?"), when the editor asked for them without JavaScript;
	// SimilarChecked says they asked, so that none found is said.
	Similar        []similarItem
	SimilarChecked bool
}

// hopRow is one row of the provenance table as typed. Its source is a
// picker, as the claim's is.
type hopRow struct {
	SourceID, SourceName, Role, URL, Date, Note string
	typed                                       bool // the row's source name was sent
	Picker                                      pickerField
}

// Action is where the form posts.
func (f *claimForm) Action() string {
	if f.ID == "" {
		return "/claims"
	}
	return "/claims/" + f.ID
}

func (s *Server) handleClaimNew(w http.ResponseWriter, r *http.Request) {
	// The query may prefill the form: a suggestion's "Edit" link does, and
	// the reader page's "new claim from selection" sends the selection as
	// quote_start and quote_end.
	q := r.URL.Query()
	f := &claimForm{layout: s.layout(r, "New claim"), DocumentID: q.Get("document_id"), Kind: string(claims.KindReported),
		Text: q.Get("text"), SourceID: q.Get("source_id"), Quote: q.Get("quote"), QuoteStart: q.Get("quote_start")}
	if k := claims.Kind(q.Get("kind")); slices.Contains(claims.Kinds, k) {
		f.Kind = string(k)
	}
	var hops []hopRow
	for i, src := range q["hop_source"] {
		if i < len(q["hop_role"]) && i < claims.MaxListItems {
			hops = append(hops, hopRow{SourceID: src, Role: q["hop_role"][i]})
		}
	}
	f.Hops = hops
	status := http.StatusOK
	if q.Has("quote_end") {
		if err := s.fillFromSelection(r, f, q.Get("quote_start"), q.Get("quote_end")); err != nil {
			if claims.ErrorCode(err) != claims.EINVALID {
				s.error(w, r, err)
				return
			}
			f.Errors, status = formErrors(err, claimFormFields...), http.StatusUnprocessableEntity
		}
	}
	f.Hops = addSpareHops(f.Hops)
	s.renderClaimForm(w, r, status, f)
}

// fillFromSelection fills the quote from a selection of the document's
// body given as code-point offsets [start, end), cut by the server from
// the stored body so that the quote is exact whatever the browser's
// clipboard would have made of it. Surrounding spaces are left out. When
// the selection lies in a sentence the document's suggestions attribute
// to a known source, the form also gets that sentence's kind, source and
// chain, which the editor checks rather than types. Offsets that do not
// fit the body are EINVALID.
func (s *Server) fillFromSelection(r *http.Request, f *claimForm, startArg, endArg string) error {
	bad := func() error {
		return &claims.Error{Code: claims.EINVALID, Message: s.t(r, "The selection does not fit the document; select the passage again."),
			Fields: []claims.FieldError{{Field: "quote_start", Message: s.t(r, "does not fit the document; select the passage again")}}}
	}
	start, err1 := strconv.Atoi(startArg)
	end, err2 := strconv.Atoi(endArg)
	if err1 != nil || err2 != nil || f.DocumentID == "" {
		return bad()
	}
	d, err := s.store.FindDocumentByID(r.Context(), f.DocumentID)
	if err != nil {
		return err
	}
	runes := []rune(d.Body)
	for start < end && start >= 0 && start < len(runes) && unicode.IsSpace(runes[start]) {
		start++
	}
	for end > start && end <= len(runes) && unicode.IsSpace(runes[end-1]) {
		end--
	}
	if start < 0 || end > len(runes) || start >= end {
		return bad()
	}
	f.Quote, f.QuoteStart = string(runes[start:end]), strconv.Itoa(start)
	if f.Text == "" {
		f.Text = strings.Join(strings.Fields(f.Quote), " ")
	}
	if f.SourceID != "" {
		return nil // the editor chose the source: the suggestions have nothing to add
	}
	sd, err := s.findSuggestions(r.Context(), f.DocumentID)
	if err != nil {
		return err
	}
	for _, sg := range sd.Suggestions {
		if sg.Quote.Start <= start && end <= sg.Quote.End && !sg.Source.New {
			f.Kind, f.SourceID = string(sg.Kind), sg.Source.ID
			f.Hops = nil
			for _, h := range sg.Provenance {
				if !h.Source.New {
					f.Hops = append(f.Hops, hopRow{SourceID: h.Source.ID, Role: string(h.Role)})
				}
			}
			break
		}
	}
	return nil
}

func (s *Server) handleClaimEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.FindClaimByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := claimFormOf(c)
	f.layout = s.layout(r, "Edit claim")
	s.renderClaimForm(w, r, http.StatusOK, f)
}

// claimFormOf fills the form from a stored claim.
func claimFormOf(c *claims.Claim) *claimForm {
	f := &claimForm{
		ID: c.ID, Version: c.Version, Text: c.Text, Kind: string(c.Kind), SourceID: c.SourceID,
		DocumentID: c.DocumentID, Assignee: c.Assignee, Tags: strings.Join(c.Tags, ", "),
	}
	if c.Quote != nil {
		f.Quote, f.QuoteStart = c.Quote.Exact, strconv.Itoa(c.Quote.Start)
	}
	var hops []hopRow
	for _, h := range c.Provenance {
		hops = append(hops, hopRow{SourceID: h.SourceID, Role: string(h.Role), URL: h.URL, Date: h.Date, Note: h.Note})
	}
	f.Hops = addSpareHops(hops)
	return f
}

func addSpareHops(hops []hopRow) []hopRow {
	for range spareHops {
		hops = append(hops, hopRow{})
	}
	return hops
}

// readClaimForm copies the posted fields into f as typed.
func readClaimForm(r *http.Request, f *claimForm) {
	p := r.PostForm
	f.Text, f.Kind = p.Get("text"), p.Get("kind")
	src, doc := picked(p, "source_id", "source_name"), picked(p, "document_id", "document_title")
	f.SourceID, f.SourceName, f.sourceTyped = src.ID, src.Text, src.Typed
	f.DocumentID, f.DocTitle, f.docTyped = doc.ID, doc.Text, doc.Typed
	f.Quote, f.QuoteStart, f.QuotePrefix = p.Get("quote"), strings.TrimSpace(p.Get("quote_start")), p.Get("quote_prefix")
	f.Assignee, f.Tags = p.Get("assignee"), p.Get("tags")
	f.Version, _ = strconv.Atoi(p.Get("version"))
	hopSrc, name, role, url, date, note := p["hop_source"], p["hop_source_name"], p["hop_role"], p["hop_url"], p["hop_date"], p["hop_note"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return ""
	}
	var hops []hopRow
	for i := range max(len(hopSrc), len(name), len(role), len(url), len(date), len(note)) {
		hops = append(hops, hopRow{SourceID: strings.TrimSpace(at(hopSrc, i)), SourceName: at(name, i), typed: i < len(name),
			Role: at(role, i), URL: at(url, i), Date: at(date, i), Note: at(note, i)})
	}
	f.Hops = hops
}

// provenance returns the filled hop rows; a row with only a role chosen
// (the select's default) counts as empty.
func (f *claimForm) provenance() []claims.Hop {
	hops := []claims.Hop{}
	for _, h := range f.Hops {
		if h.empty() {
			continue
		}
		hops = append(hops, claims.Hop{SourceID: h.SourceID, Role: claims.HopRole(h.Role), URL: strings.TrimSpace(h.URL), Date: h.Date, Note: strings.TrimSpace(h.Note)})
	}
	return hops
}

// quote returns the quote the form describes, nil when the quote field is
// empty, or a field error when the start offset is not a number.
func (f *claimForm) quote() (*claims.Quote, error) {
	if strings.TrimSpace(f.Quote) == "" {
		return nil, nil
	}
	// A textarea sends its line breaks as CRLF; the body has LF.
	exact := strings.ReplaceAll(f.Quote, "\r\n", "\n")
	q := &claims.Quote{Exact: exact, Prefix: f.QuotePrefix}
	if f.QuoteStart != "" {
		n, err := strconv.Atoi(f.QuoteStart)
		if err != nil || n < 0 {
			return nil, &claims.Error{Code: claims.EINVALID, Message: "The quote's start must be a whole number.",
				Fields: []claims.FieldError{{Field: "quote_start", Message: "must be a whole number (a character offset in the document)"}}}
		}
		q.Start, q.End = n, n+utf8.RuneCountInString(exact)
	}
	return q, nil
}

func (s *Server) handleClaimCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := &claimForm{layout: s.layout(r, "New claim")}
	readClaimForm(r, f)
	if s.checkSimilar(w, r, f) || !s.resolvePickers(w, r, f) {
		return
	}
	q, err := f.quote()
	if err == nil {
		c := &claims.Claim{
			Text: f.Text, Kind: claims.Kind(f.Kind), SourceID: f.SourceID, DocumentID: f.DocumentID, Quote: q,
			Provenance: f.provenance(), Assignee: f.Assignee, Tags: formList(f.Tags, ",\n"),
		}
		if err = s.store.CreateClaim(r.Context(), userFrom(r.Context()).Actor(), c); err == nil {
			seeOther(w, r, "/claims/"+c.ID)
			return
		}
	}
	s.claimFormFailed(w, r, f, err)
}

func (s *Server) handleClaimUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	f := &claimForm{layout: s.layout(r, "Edit claim"), ID: mux.Vars(r)["id"]}
	readClaimForm(r, f)
	if s.checkSimilar(w, r, f) || !s.resolvePickers(w, r, f) {
		return
	}
	q, err := f.quote()
	if err == nil {
		err = requireVersion(f.Version)
	}
	if err == nil {
		kind, prov, tags := claims.Kind(f.Kind), f.provenance(), formList(f.Tags, ",\n")
		upd := claims.ClaimUpdate{
			Text: &f.Text, Kind: &kind, SourceID: &f.SourceID, DocumentID: &f.DocumentID,
			Quote: q, ClearQuote: q == nil, Provenance: &prov, Assignee: &f.Assignee, Tags: &tags, Version: f.Version,
		}
		if _, err = s.store.UpdateClaim(r.Context(), userFrom(r.Context()).Actor(), f.ID, upd); err == nil {
			seeOther(w, r, "/claims/"+f.ID)
			return
		}
	}
	s.claimFormFailed(w, r, f, err)
}

// claimFormFailed shows the form again with what went wrong: field errors
// next to the fields (422), or, when someone else saved the claim first,
// the current version beside the user's own edits (409). Submitting again
// then applies the user's edits over the current version, knowingly.
func (s *Server) claimFormFailed(w http.ResponseWriter, r *http.Request, f *claimForm, err error) {
	switch claims.ErrorCode(err) {
	case claims.EINVALID:
		f.Errors = formErrors(s.localize(r, err), claimFormFields...)
		f.Hops = addSpareHops(f.provenanceRows())
		s.renderClaimForm(w, r, http.StatusUnprocessableEntity, f)
	case claims.ECONFLICT:
		if f.ID != "" {
			if cur, ferr := s.store.FindClaimByID(r.Context(), f.ID); ferr == nil && cur.Version != f.Version {
				f.Current, f.Version = cur, cur.Version
			}
		}
		f.Errors = map[string]string{"": claims.ErrorMessage(s.localize(r, err))}
		f.Hops = addSpareHops(f.provenanceRows())
		s.renderClaimForm(w, r, http.StatusConflict, f)
	default:
		s.error(w, r, err)
	}
}

// empty reports whether nothing but a role was given in the row.
func (h hopRow) empty() bool {
	return strings.TrimSpace(h.SourceID+h.SourceName+h.URL+h.Date+h.Note) == ""
}

// provenanceRows drops the empty rows before spare ones are added again.
func (f *claimForm) provenanceRows() []hopRow {
	var out []hopRow
	for _, h := range f.Hops {
		if !h.empty() {
			out = append(out, h)
		}
	}
	return out
}

// resolvePickers turns the names typed in the form's pickers into ids
// (see picker.go). When one matches no source or document, or several,
// it shows the form again with why and the candidates, and everything
// else that is wrong with it, and returns false: nothing is saved.
func (s *Server) resolvePickers(w http.ResponseWriter, r *http.Request, f *claimForm) bool {
	f.resolved = true
	ok := true
	var err error
	pick := func(p *picker, id, text *string, typed bool, resolve func(*http.Request, pickedValue) (picker, error)) {
		if err == nil {
			*p, err = resolve(r, pickedValue{ID: *id, Text: *text, Typed: typed})
			*id, *text = p.ID, p.Text
			ok = ok && p.Error == ""
		}
	}
	pick(&f.SourcePicker.picker, &f.SourceID, &f.SourceName, f.sourceTyped, s.resolveSource)
	pick(&f.DocumentPicker.picker, &f.DocumentID, &f.DocTitle, f.docTyped, s.resolveDocument)
	for i := range f.Hops {
		h := &f.Hops[i]
		pick(&h.Picker.picker, &h.SourceID, &h.SourceName, h.typed, s.resolveSource)
	}
	if err != nil {
		s.error(w, r, err)
		return false
	}
	if ok {
		return true
	}
	// Show the form's other problems too, as saving it would have.
	c := &claims.Claim{Text: f.Text, Kind: claims.Kind(f.Kind), SourceID: f.SourceID, DocumentID: f.DocumentID,
		Provenance: f.provenance(), Tags: formList(f.Tags, ",\n")}
	q, err := f.quote()
	if err == nil {
		c.Quote = q
		c.Normalize()
		err = c.Validate()
	}
	f.Errors = formErrors(s.localize(r, err), claimFormFields...)
	if e := f.SourcePicker.Error; e != "" {
		f.Errors["source_id"] = e
	}
	if e := f.DocumentPicker.Error; e != "" {
		f.Errors["document_id"] = e
	}
	for _, h := range f.Hops {
		if h.Picker.Error != "" {
			f.Errors["provenance"] = s.t(r, "The source of a hop is not clear: see the rows marked below.")
			break
		}
	}
	f.Hops = addSpareHops(f.provenanceRows())
	s.renderClaimForm(w, r, http.StatusUnprocessableEntity, f)
	return false
}

// renderClaimForm draws the form: its pickers show the chosen source,
// document and hop sources by name, read by id (a few reads, however many
// sources there are), or as they were typed.
func (s *Server) renderClaimForm(w http.ResponseWriter, r *http.Request, status int, f *claimForm) {
	var err error
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if !f.resolved {
		// What was typed is shown as it was; an id alone, by its name.
		show := func(p *picker, id, text string, typed bool, resolve func(*http.Request, pickedValue) (picker, error)) {
			if typed || err != nil {
				*p = picker{ID: id, Text: text}
				return
			}
			*p, err = resolve(r, pickedValue{ID: id})
		}
		show(&f.SourcePicker.picker, f.SourceID, f.SourceName, f.sourceTyped, s.resolveSource)
		show(&f.DocumentPicker.picker, f.DocumentID, f.DocTitle, f.docTyped, s.resolveDocument)
		for i := range f.Hops {
			h := &f.Hops[i]
			show(&h.Picker.picker, h.SourceID, h.SourceName, h.typed, s.resolveSource)
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	f.SourcePicker = pickerField{picker: f.SourcePicker.picker, Kind: "source", InputID: "source_name", TextName: "source_name",
		IDName: "source_id", Describe: "source_name-hint"}
	if f.SourcePicker.Error == "" {
		f.SourcePicker.Error = f.Errors["source_id"]
	}
	f.DocumentPicker = pickerField{picker: f.DocumentPicker.picker, Kind: "document", InputID: "document_title", TextName: "document_title",
		IDName: "document_id", Describe: "document_title-hint"}
	if f.DocumentPicker.Error == "" {
		f.DocumentPicker.Error = f.Errors["document_id"]
	}
	for i := range f.Hops {
		n := strconv.Itoa(i + 1)
		f.Hops[i].Picker = pickerField{picker: f.Hops[i].Picker.picker, Kind: "source", InputID: "hop_source_name-" + n,
			TextName: "hop_source_name", IDName: "hop_source", Placeholder: s.t(r, "Type a name")}
		if f.Errors["provenance"] != "" {
			f.Hops[i].Picker.Describe = "provenance-error"
		}
	}
	if _, f.Users, err = s.userNames(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, status, "claim_form.html", f)
}

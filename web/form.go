package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// parseForm parses a posted form, turning an oversize body into 413 and
// anything that is not a form into 415.
func parseForm(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "application/x-www-form-urlencoded") && !strings.HasPrefix(ct, "multipart/form-data") {
		return claims.Errorf(claims.EUNSUPPORTED, "Send the form as application/x-www-form-urlencoded or multipart/form-data.")
	}
	var err error
	if strings.HasPrefix(ct, "multipart/form-data") {
		err = r.ParseMultipartForm(maxRequestBody)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return claims.Errorf(claims.ETOOLARGE, "The form is larger than %d bytes.", tooBig.Limit)
	} else if err != nil {
		return claims.Errorf(claims.EMALFORMED, "The form could not be read.")
	}
	return nil
}

// fieldErrors maps field names to messages for showing next to inputs.
// Errors without fields go under "" for the top of the form.
func fieldErrors(err error) map[string]string {
	out := map[string]string{}
	for _, f := range claims.ErrorFields(err) {
		if _, ok := out[f.Field]; !ok {
			out[f.Field] = f.Message
		}
	}
	if len(out) == 0 && err != nil {
		out[""] = claims.ErrorMessage(err)
	}
	return out
}

// formLine is the one line a small form (reopen, comment, assign, a
// decision on a verdict) shows for err, in r's language. In English it is
// the first field's name and problem ("reason is required: …"), which read
// as one sentence; other languages' catalogs write a field's problem as a
// whole sentence, so it stands alone. An error about no field shows its
// message.
func (s *Server) formLine(r *http.Request, err error) string {
	l := s.localeFrom(r)
	err = l.localize(err)
	fe := claims.ErrorFields(err)
	switch {
	case len(fe) == 0:
		return claims.ErrorMessage(err)
	case l.msgs == nil:
		return fe[0].Field + " " + fe[0].Message
	}
	return fe[0].Message
}

// formList splits a form field into trimmed, non-empty items at any of
// the separator characters: aliases come one a line, tags also by commas.
func formList(s, seps string) []string {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

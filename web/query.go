package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// badParam is the EINVALID error for a query parameter whose value cannot
// be used. message is the sentence an error page and the API's detail
// show: a format whose first argument is the parameter's name, followed by
// args. field says what the value must be, after the parameter's name (the
// problem's errors[]); args are all of its arguments. Pages translate both
// (see locale.localize); the API keeps them English.
func badParam(param, message, field string, args ...any) *claims.Error {
	e := claims.Errorf(claims.EINVALID, message, append([]any{param}, args...)...)
	f := claims.FieldError{Field: param, Message: fmt.Sprintf(field, args...)}
	if len(args) > 0 {
		f.Format, f.Args = field, args
	}
	e.Fields = []claims.FieldError{f}
	return e
}

// queryLimit parses ?limit=, which is 0 (the default) when absent.
func queryLimit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > claims.MaxPageSize {
		return 0, badParam("limit", "%s must be a number from 1 to %d.", "must be a number from 1 to %d", claims.MaxPageSize)
	}
	return n, nil
}

// parseDay reads a date range bound: a date (2024-12-04, the start of that
// UTC day, or the start of the next one for an end bound, so that to= is
// inclusive) or an RFC 3339 time.
func parseDay(field, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, badParam(field, "%s must be a date as YYYY-MM-DD (2024-12-04) or an RFC 3339 time.", "must be a date (YYYY-MM-DD) or an RFC 3339 time")
}

package claims

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in package web and is the only
// thing callers should branch on; messages are for people.
const (
	ECONFLICT     = "conflict"     // stale version, duplicate, or a transition the current state forbids
	EFORBIDDEN    = "forbidden"    // the actor may not do this
	EINTERNAL     = "internal"     // a bug or an unexpected failure; details are logged, not shown
	EINVALID      = "invalid"      // the input breaks a rule; Fields says which
	ENOTFOUND     = "not_found"    // the entity does not exist
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EUNAVAILABLE  = "unavailable"  // storage cannot take writes right now (disk full, read-only)
	ETOOLARGE     = "too_large"    // the input exceeds a size limit
	EMALFORMED    = "malformed"    // the request cannot be parsed (bad JSON, wrong types)
	EUNSUPPORTED  = "unsupported"  // the request is in a format the server does not take
)

// Error is the one error type of claimtrail. Message is safe to show to the
// user; wrapped internal errors are not.
//
// Messages are English. Format and Args keep a message before formatting
// so that an interface in another language can translate Format and then
// format Args with it (package web does, for pages); this package knows
// nothing of languages. An empty Format means Message is fixed text, to be
// translated as it is.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Format  string
	Args    []any
}

// FieldError names one invalid input field and what is wrong with it.
// Message reads after the field's name ("is required"); Format and Args
// are as in Error and stay out of JSON.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Format  string `json:"-"`
	Args    []any  `json:"-"`
}

// String returns the message, so that a FieldError can be an argument of
// an Error's Format (see Problems.Err).
func (f FieldError) String() string { return f.Message }

// Error returns the code and message, for logs; show users Message.
func (e *Error) Error() string {
	return fmt.Sprintf("claimtrail error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err, hiding the text of
// errors that are not *Error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the field errors of err, if it is a validation error.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation, so a form can show every
// problem at once instead of the first.
type Problems struct {
	fields []FieldError
}

// Add records that field is invalid, unless it already has a problem.
func (p *Problems) Add(field, format string, args ...any) {
	if p.has(field) {
		return
	}
	p.fields = append(p.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args})
}

// Check records the problem when ok is false.
func (p *Problems) Check(ok bool, field, format string, args ...any) {
	if !ok {
		p.Add(field, format, args...)
	}
}

// Err returns an EINVALID *Error holding the collected problems, or nil.
// Its message is the first problem's, and how many more there are.
func (p *Problems) Err() error {
	if len(p.fields) == 0 {
		return nil
	}
	first := p.fields[0]
	if len(p.fields) == 1 {
		return &Error{Code: EINVALID, Message: first.Message, Fields: p.fields, Format: first.Format, Args: first.Args}
	}
	const format = "%s (and %d more problems)"
	args := []any{first, len(p.fields) - 1}
	return &Error{Code: EINVALID, Message: fmt.Sprintf(format, args...), Fields: p.fields, Format: format, Args: args}
}

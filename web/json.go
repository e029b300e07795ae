package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

// decodeJSON reads r's body into v. It insists on application/json, valid
// UTF-8, one object without duplicate or unknown keys, and the body limit,
// so that what a client sends is exactly what is stored or a clear 4xx.
func decodeJSON(r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return claims.Errorf(claims.EUNSUPPORTED, "Send the body as application/json.")
	}
	body, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return claims.Errorf(claims.ETOOLARGE, "The body is larger than %d bytes.", tooBig.Limit)
	} else if err != nil {
		return claims.Errorf(claims.EMALFORMED, "The body could not be read.")
	}
	if !utf8.Valid(body) {
		return claims.Errorf(claims.EMALFORMED, "The body is not valid UTF-8.")
	}
	if err := checkDuplicateKeys(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return claims.Errorf(claims.EMALFORMED, "The body must hold one JSON object and nothing after it.")
	}
	return nil
}

// jsonError turns a decoding error into a 400 that names the field.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		e := claims.Errorf(claims.EMALFORMED, "Field %q has the wrong type: expected %s.", typeErr.Field, typeErr.Type)
		e.Fields = []claims.FieldError{{Field: typeErr.Field, Message: "expected " + typeErr.Type.String()}}
		return e
	case errors.As(err, &syntaxErr):
		return claims.Errorf(claims.EMALFORMED, "Malformed JSON at byte %d: %v.", syntaxErr.Offset, err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := claims.Errorf(claims.EMALFORMED, "Unknown field %q.", field)
		e.Fields = []claims.FieldError{{Field: field, Message: "unknown field"}}
		return e
	case errors.Is(err, io.EOF):
		return claims.Errorf(claims.EMALFORMED, "The body is empty; send a JSON object.")
	}
	return claims.Errorf(claims.EMALFORMED, "Malformed JSON: %v.", err)
}

// maxJSONDepth bounds nesting; no claimtrail object is deeper than a few
// levels, and deep nesting is only ever an attack.
const maxJSONDepth = 32

// checkDuplicateKeys refuses a body in which an object repeats a key:
// encoding/json would silently keep the last, and a reviewer reading the
// request would see the first.
func checkDuplicateKeys(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		keys   map[string]bool
		object bool
		key    bool // the next string token in an object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return jsonError(err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= maxJSONDepth {
					return claims.Errorf(claims.EMALFORMED, "The JSON is nested deeper than %d levels.", maxJSONDepth)
				}
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{keys: map[string]bool{}, object: t == '{', key: t == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if top != nil && top.object && top.key {
				if top.keys[t] {
					return claims.Errorf(claims.EMALFORMED, "Duplicate key %q.", t)
				}
				top.keys[t] = true
				top.key = false
				continue
			}
			if top != nil && top.object {
				top.key = true
			}
		default:
			if top != nil && top.object {
				top.key = true
			}
		}
	}
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := getBuffer()
	defer putBuffer(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

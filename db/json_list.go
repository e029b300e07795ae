package db

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/claimtrail/claimtrail/claims"
)

// A claim's tags and provenance and a source's aliases are stored as JSON
// that json.Marshal wrote, and read back on every claim page and GET. The
// decoders here read the shapes json.Marshal writes for plain text
// directly, and hand anything else (an escape, a key out of place) to
// json.Unmarshal, so that the result is always json.Unmarshal's.

// unmarshalStrings decodes a JSON array of strings (or null) into *list.
func unmarshalStrings(s string, list *[]string) error {
	if l, ok := plainStrings(s); ok {
		*list = l
		return nil
	}
	return json.Unmarshal([]byte(s), list)
}

// plainStrings decodes null, [] or ["a","b",…] of plain strings (see
// plainString), and reports whether s had that shape.
func plainStrings(s string) ([]string, bool) {
	switch s {
	case "null":
		return nil, true
	case "[]":
		return []string{}, true
	}
	if len(s) < 4 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	rest := s[1 : len(s)-1]
	list := make([]string, 0, strings.Count(rest, `","`)+1)
	for {
		v, after, ok := plainString(rest)
		if !ok {
			return nil, false
		}
		list = append(list, v)
		if after == "" {
			return list, true
		}
		if after[0] != ',' {
			return nil, false
		}
		rest = after[1:]
	}
}

// plainString reads a JSON string at the start of s that needs no
// unescaping: no backslash, no control character, valid UTF-8 (which
// json.Unmarshal would change). It returns the string and the rest of s.
func plainString(s string) (v, rest string, ok bool) {
	if len(s) < 2 || s[0] != '"' {
		return "", s, false
	}
	end := strings.IndexByte(s[1:], '"') + 1
	if end == 0 {
		return "", s, false
	}
	v = s[1:end]
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == '\\' {
			return "", s, false
		}
	}
	if !utf8.ValidString(v) {
		return "", s, false
	}
	return v, s[end+1:], true
}

// unmarshalHops decodes a claim's stored provenance into *hops.
func unmarshalHops(s string, hops *[]claims.Hop) error {
	if h, ok := plainHops(s); ok {
		*hops = h
		return nil
	}
	return json.Unmarshal([]byte(s), hops)
}

// hopKeys are the keys of a stored hop in the order json.Marshal writes
// them (Source, filled on read, is omitted when nil).
var hopKeys = [...]string{`{"source_id":`, `,"role":`, `,"url":`, `,"date":`, `,"note":`}

// plainHops decodes null, [] or an array of hops exactly as json.Marshal
// writes them with plain strings, and reports whether s had that shape.
func plainHops(s string) ([]claims.Hop, bool) {
	switch s {
	case "null":
		return nil, true
	case "[]":
		return []claims.Hop{}, true
	}
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	rest := s[1 : len(s)-1]
	var hops []claims.Hop
	for {
		var h claims.Hop
		fields := [...]*string{&h.SourceID, (*string)(&h.Role), &h.URL, &h.Date, &h.Note}
		for i, key := range hopKeys {
			after, ok := strings.CutPrefix(rest, key)
			if !ok {
				return nil, false
			}
			if *fields[i], rest, ok = plainString(after); !ok {
				return nil, false
			}
		}
		var ok bool
		if rest, ok = strings.CutPrefix(rest, "}"); !ok {
			return nil, false
		}
		hops = append(hops, h)
		if rest == "" {
			return hops, true
		}
		if rest, ok = strings.CutPrefix(rest, ","); !ok {
			return nil, false
		}
	}
}

package db

import (
	"bytes"
	"encoding/binary"
)

// compactJSON reports whether b is one JSON value that encoding/json,
// compacting it as json.Marshal does a json.RawMessage, would leave byte
// for byte as it is: valid JSON with no whitespace between tokens and
// none of the bytes it escapes (<, >, & and the first bytes of U+2028 and
// U+2029). It is stricter than it needs to be where that is simpler (a
// value nested deeper than maxCompactDepth, or any byte 0xE2 followed by
// 0x80 0xA8/0xA9 even where it would be harmless): a false answer only
// sends the event down the slow path. The data json.Marshal stored passes.
func compactJSON(b []byte) bool {
	// The bytes refused anywhere are looked for first, over the whole
	// text at once (bytes.IndexByte is vectorised); the scan then only
	// follows the structure, and skips through strings from quote to
	// quote.
	if hasControl(b) || bytes.IndexByte(b, '<') >= 0 || bytes.IndexByte(b, '>') >= 0 ||
		bytes.IndexByte(b, '&') >= 0 || hasLineSeparator(b) {
		return false
	}
	s := compactScanner{b: b}
	return s.value(0) && s.i == len(b)
}

// hasControl reports whether b holds a byte below 0x20, eight bytes at a
// time: a byte x < 0x20 is the one whose x-0x20 borrows while x has its
// top bit clear.
func hasControl(b []byte) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		if w := binary.LittleEndian.Uint64(b); (w-0x20*ones)&^w&tops != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// maxCompactDepth bounds nesting; encoding/json allows 10,000 levels, and
// deeper data takes the slow path.
const maxCompactDepth = 500

type compactScanner struct {
	b []byte
	i int
}

// value scans one value at s.i and reports whether it is compact JSON.
func (s *compactScanner) value(depth int) bool {
	if s.i >= len(s.b) || depth > maxCompactDepth {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		return s.string()
	case c == '{':
		return s.object(depth)
	case c == '[':
		return s.array(depth)
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}

func (s *compactScanner) object(depth int) bool {
	s.i++ // {
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return true
	}
	for {
		if s.i >= len(s.b) || s.b[s.i] != '"' || !s.string() {
			return false
		}
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return false
		}
		s.i++
		if !s.value(depth + 1) {
			return false
		}
		if s.i >= len(s.b) {
			return false
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

func (s *compactScanner) array(depth int) bool {
	s.i++ // [
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return true
	}
	for {
		if !s.value(depth + 1) {
			return false
		}
		if s.i >= len(s.b) {
			return false
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// string scans a string at s.i; compactJSON has made sure that it holds
// no control characters or bytes encoding/json escapes, so it only
// checks the escapes.
func (s *compactScanner) string() bool {
	b := s.b
	i := s.i + 1 // "
	for {
		end := bytes.IndexByte(b[i:], '"')
		if end < 0 {
			return false
		}
		esc := bytes.IndexByte(b[i:i+end], '\\')
		if esc < 0 {
			s.i = i + end + 1
			return true
		}
		// An escape comes first; the quote found may be the escaped one.
		i += esc
		if i+1 >= len(b) {
			return false
		}
		switch b[i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i += 2
		case 'u':
			if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
				return false
			}
			i += 6
		default:
			return false
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *compactScanner) number() bool {
	b, i := s.b, s.i
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return false
		}
		i = j
	}
	s.i = i
	return true
}

// digits returns the index after the run of digits starting at i.
func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

func (s *compactScanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

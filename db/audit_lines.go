package db

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// lineBatchBytes is how much StreamEventLines reads in one transaction
// before handing the lines on: large enough that the transactions cost
// nothing next to the rows, small enough that memory stays flat and no
// snapshot lives long.
const lineBatchBytes = 4 << 20

// eventLineQuery selects an event as the pieces of its JSON line, in one
// text joined by pieceSep (one column instead of five: the driver's cost
// is per column and row). SQLite quotes the short text fields and lays
// out the keys in claims.Event's order (omitting an empty actor user_id
// and claim_id, as its omitempty tags do): the head before the time, the
// middle between the time and the data, and the tail after the data. The
// time (as stored, not as a DATETIME the driver would parse) and the data
// come as they are, last, because Go must check both (see
// appendEventLine).
const eventLineQuery = `
	SELECT seq,
	       '{"seq":' || seq || ',"id":' || json_quote(id) || ',"at":' || char(1) ||
	       ',"actor":{' || CASE WHEN actor_id <> '' THEN '"user_id":' || json_quote(actor_id) || ',' ELSE '' END ||
	       '"name":' || json_quote(actor_name) || '},"action":' || json_quote(action) ||
	       ',"entity_type":' || json_quote(entity_type) || ',"entity_id":' || json_quote(entity_id) ||
	       CASE WHEN claim_id <> '' THEN ',"claim_id":' || json_quote(claim_id) ELSE '' END || ',"data":' || char(1) ||
	       ',"hash":' || json_quote(hash) || '}' || char(1) ||
	       CAST(at AS TEXT) || char(1) ||
	       data
	FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq`

// pieceSep joins the pieces of eventLineQuery. json_quote escapes it, and
// compactJSON refuses it, so a time or data holding it (which would split
// the text wrongly) always ends up in data and sends the event down the
// slow path.
const pieceSep = 0x01

// lineBatch is one transaction's worth of lines, end to end in buf.
type lineBatch struct {
	buf   []byte
	ends  []int // where each line ends in buf
	first int64 // seq of the first line
	last  int64 // seq of the last line
	slow  int   // lines that went through json.Marshal, for tests
}

func (b *lineBatch) reset() {
	b.buf, b.ends = b.buf[:0], b.ends[:0]
}

// read appends the lines of the events after seq after, up to seq size,
// until the batch holds lineBatchBytes.
func (b *lineBatch) read(tx *Tx, after, size int64) error {
	rows, err := tx.query(eventLineQuery, after, size)
	if err != nil {
		return fmt.Errorf("query event lines: %w", err)
	}
	defer rows.Close()
	// RawBytes: the driver's copy is copied once more, into buf, and not
	// kept.
	var pieces sql.RawBytes
	seq := after
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s, &pieces); err != nil {
			return fmt.Errorf("scan event line: %w", err)
		}
		if s != seq+1 {
			return fmt.Errorf("audit log has a gap: event %d follows %d", s, seq)
		}
		seq = s
		line, ok := appendEventLine(b.buf, pieces)
		if !ok {
			if line, err = appendMarshalledEvent(b.buf, tx, s); err != nil {
				return err
			}
			b.slow++
		}
		b.buf, b.ends, b.last = line, append(b.ends, len(line)), s
		if len(b.buf) >= lineBatchBytes {
			break
		}
	}
	return rows.Err()
}

// appendEventLine appends the event's line assembled from the pieces of
// eventLineQuery, and reports whether it is certainly what json.Marshal
// gives for the event. It is when the pieces SQLite quoted hold nothing
// json_quote and encoding/json could escape differently (no backslash,
// control character, <, >, &, U+2028, U+2029 or invalid UTF-8: then
// both just put the text in quotes), the time encodes as time.Time does,
// and data is compact JSON that encoding/json leaves as it is (see
// compactJSON).
func appendEventLine(dst, pieces []byte) ([]byte, bool) {
	head, rest, _ := bytes.Cut(pieces, []byte{pieceSep})
	middle, rest, _ := bytes.Cut(rest, []byte{pieceSep})
	tail, rest, _ := bytes.Cut(rest, []byte{pieceSep})
	at, data, ok := bytes.Cut(rest, []byte{pieceSep})
	if !ok || !plainJSON(head) || !plainJSON(middle) || !plainJSON(tail) || !compactJSON(data) {
		return dst, false
	}
	n := len(dst)
	dst = append(dst, head...)
	dst, ok = appendStoredTime(dst, at)
	if !ok {
		return dst[:n], false
	}
	dst = append(dst, middle...)
	dst = append(dst, data...)
	return append(dst, tail...), true
}

// appendStoredTime appends the JSON of the stored time text at as
// time.Time encodes it once the driver has read it back: RFC 3339 with
// the fraction's trailing zeros dropped and Z for UTC. It handles only the
// layout the driver writes a time.Time in ("2006-01-02
// 15:04:05.999999999-07:00", the first of go-sqlite3's
// SQLiteTimestampFormats) with the offset of UTC, which every time
// claimtrail stores has, and a valid date and time; it reports false for
// anything else, which then goes the slow way through the driver.
func appendStoredTime(dst, at []byte) ([]byte, bool) {
	// 2006-01-02 15:04:05[.fraction]+00:00
	if len(at) < 25 || len(at) > 35 || string(at[len(at)-6:]) != "+00:00" {
		return dst, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range at[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || at[4] != '-' || at[7] != '-' || at[10] != ' ' || at[13] != ':' || at[16] != ':' ||
		month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return dst, false
	}
	frac := at[19 : len(at)-6]
	if len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 {
			return dst, false
		}
		if _, ok := num(20, len(frac)-1); !ok {
			return dst, false
		}
		frac = bytes.TrimRight(frac, "0")
		if len(frac) == 1 {
			frac = nil
		}
	}
	dst = append(dst, '"')
	dst = append(dst, at[:10]...)
	dst = append(dst, 'T')
	dst = append(dst, at[11:19]...)
	dst = append(dst, frac...)
	return append(dst, 'Z', '"'), true
}

// daysIn is the number of days in month of year.
func daysIn(month time.Month, year int) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// appendMarshalledEvent appends the line of event seq the slow way: the
// event as StreamEvents reads it, through json.Marshal.
func appendMarshalledEvent(dst []byte, tx *Tx, seq int64) ([]byte, error) {
	events, err := queryEvents(tx, `SELECT `+eventColumns+` FROM audit_events WHERE seq = ?`, seq)
	if err != nil {
		return dst, err
	}
	if len(events) != 1 {
		return dst, fmt.Errorf("event %d vanished while it was read", seq)
	}
	line, err := json.Marshal(events[0])
	if err != nil {
		return dst, fmt.Errorf("event %d: %w", seq, err)
	}
	return append(dst, line...), nil
}

// plainJSON reports whether the JSON text b holds nothing that SQLite's
// json_quote and encoding/json might escape differently.
func plainJSON(b []byte) bool {
	ascii := true
	for _, c := range b {
		if plainStop[c] {
			if c < 0x80 {
				return false
			}
			ascii = false
		}
	}
	return ascii || utf8.Valid(b) && !hasLineSeparator(b)
}

// plainStop marks the bytes plainJSON looks at twice: those it refuses
// (control characters, the backslash, <, > and &) and the non-ASCII ones,
// which must be valid UTF-8 and neither U+2028 nor U+2029.
var plainStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for _, c := range []byte{'\\', '<', '>', '&'} {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

// hasLineSeparator reports whether b holds U+2028 or U+2029, which
// encoding/json escapes.
func hasLineSeparator(b []byte) bool {
	for {
		i := bytes.IndexByte(b, 0xE2)
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9) {
			return true
		}
		b = b[i+1:]
	}
}

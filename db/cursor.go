package db

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/claimtrail/claimtrail/claims"
)

// cursor is the position after the last row of a page: the sort key and
// the id that breaks ties. Clients get it as opaque base64url text.
type cursor struct {
	Key string `json:"k"`
	ID  string `json:"i"`
}

func encodeCursor(key, id string) string {
	b, _ := json.Marshal(cursor{Key: key, ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a cursor made by encodeCursor. "" is the first page
// and decodes to the zero cursor, whose ID is empty.
func decodeCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return cursor{}, badCursor()
	}
	return c, nil
}

func badCursor() error {
	return &claims.Error{Code: claims.EINVALID, Message: "The page cursor is not valid; start from the first page.",
		Fields: []claims.FieldError{{Field: "cursor", Message: "is not valid"}}}
}

func timeKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// decodeTimeCursor parses a cursor whose key is a time (newest-first lists).
func decodeTimeCursor(s string) (cursor, time.Time, error) {
	c, err := decodeCursor(s)
	if err != nil || c.ID == "" {
		return c, time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, c.Key)
	if err != nil {
		return cursor{}, time.Time{}, badCursor()
	}
	return c, t.UTC(), nil
}

// cutPage trims list, read with a LIMIT of one more than limit, to limit
// rows and returns the cursor of the next page: the cursorOf the last row
// kept, or "" when the extra row was not there and this is the last page.
func cutPage[T any](list []T, limit int, cursorOf func(T) string) ([]T, string) {
	if len(list) <= limit {
		return list, ""
	}
	list = list[:limit]
	return list, cursorOf(list[limit-1])
}

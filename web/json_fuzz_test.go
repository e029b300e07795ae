package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// FuzzDecodeJSON feeds arbitrary bodies to the API's one JSON decoder:
// it must never panic, and every refusal must be a client error (400, 413,
// 415 or 422), never an internal one.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"text":"x","kind":"reported"}`, `{"a":1,"a":2}`, `[[[[[]]]]]`, `{"tags":[1,{}]}`,
		"{\"text\":\"\xff\"}", `{"version":1e999}`, `{"quote":{"start":-1}}`, `{} {}`, `"str"`, `null`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/claims", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, maxRequestBody)
		var in claimInput
		err := decodeJSON(r, &in)
		if err == nil {
			return
		}
		switch code := claims.ErrorCode(err); code {
		case claims.EMALFORMED, claims.ETOOLARGE, claims.EUNSUPPORTED, claims.EINVALID:
		default:
			t.Fatalf("body %q: error code %q (%v), want a client error", body, code, err)
		}
	})
}

package db

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// FuzzUnmarshalLists checks that the stored lists decode exactly as
// json.Unmarshal decodes them, whatever the text.
func FuzzUnmarshalLists(f *testing.F) {
	for _, s := range []string{
		`null`, `[]`, `["białoruś","chiny"]`, `["a"]`, `[""]`, `["a","b","c"]`, `["a\"b"]`, `["\u00e9"]`, "[\"\xff\"]",
		`[ "a" ]`, `["a",]`, `["a"`, `[1]`, `{}`, ``, `"a"`, `["a","b"]x`,
		`[{"source_id":"s1","role":"originator","url":"","date":"","note":""}]`,
		`[{"source_id":"s1","role":"originator","url":"https://x.pl/a?b=1&c=2","date":"2026-03-02","note":"„cytat”"},` +
			`{"source_id":"s2","role":"amplifier","url":"","date":"","note":""}]`,
		`[{"source_id":"s1","role":"originator","url":"","date":"","note":"","source":{"id":"s1"}}]`,
		`[{"role":"originator","source_id":"s1","url":"","date":"","note":""}]`,
		`[{"source_id":"s1","role":"originator","url":"","date":"","note":"a\nb"}]`,
		`[{"source_id":"s1","role":"originator","url":"","date":"","note":""},]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want []string
		gotErr, wantErr := unmarshalStrings(s, &got), json.Unmarshal([]byte(s), &want)
		if (gotErr != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("strings %q: got %#v, %v; want %#v, %v", s, got, gotErr, want, wantErr)
		}
		var gotHops, wantHops []claims.Hop
		gotErr, wantErr = unmarshalHops(s, &gotHops), json.Unmarshal([]byte(s), &wantHops)
		if (gotErr != nil) != (wantErr != nil) || !reflect.DeepEqual(gotHops, wantHops) {
			t.Errorf("hops %q: got %#v, %v; want %#v, %v", s, gotHops, gotErr, wantHops, wantErr)
		}
	})
}

// TestPlainLists checks that what json.Marshal writes for plain lists
// takes the fast path (else the decoders would be correct but useless).
func TestPlainLists(t *testing.T) {
	for _, v := range [][]string{nil, {}, {"białoruś", "chiny"}} {
		b, _ := json.Marshal(v)
		if _, ok := plainStrings(string(b)); !ok {
			t.Errorf("%s: not plain", b)
		}
	}
	hops := []claims.Hop{{SourceID: "s1", Role: claims.RoleOriginator, URL: "https://x.pl/a", Date: "2026-03-02", Note: "„cytat”"},
		{SourceID: "s2", Role: claims.RoleOriginator}}
	b, _ := json.Marshal(hops)
	if got, ok := plainHops(string(b)); !ok || !reflect.DeepEqual(got, hops) {
		t.Errorf("%s: %v, %v", b, got, ok)
	}
}

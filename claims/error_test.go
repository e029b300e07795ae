package claims

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestErrorFormat: an error keeps its message before formatting, for
// interfaces in other languages, and its English message is unchanged.
func TestErrorFormat(t *testing.T) {
	e := Errorf(ECONFLICT, "The token %s is already revoked.", "laptop")
	if e.Message != "The token laptop is already revoked." || e.Format != "The token %s is already revoked." ||
		len(e.Args) != 1 || e.Args[0] != "laptop" {
		t.Errorf("Errorf = %+v", e)
	}

	t.Run("OneProblem", func(t *testing.T) {
		var p Problems
		p.Add("name", "is too long (at most %d bytes)", 10)
		e := p.Err().(*Error)
		if e.Message != "is too long (at most 10 bytes)" || e.Format != "is too long (at most %d bytes)" || e.Args[0] != 10 {
			t.Errorf("Err = %+v", e)
		}
		if f := e.Fields[0]; f.Format != e.Format || f.Message != e.Message {
			t.Errorf("field = %+v", f)
		}
	})

	t.Run("MoreProblems", func(t *testing.T) {
		var p Problems
		p.Add("name", "is required")
		p.Check(false, "roles", "unknown role %q", "root")
		p.Add("name", "is ignored: name has a problem already")
		e := p.Err().(*Error)
		if e.Message != "is required (and 1 more problems)" {
			t.Errorf("Message = %q", e.Message)
		}
		if f, ok := e.Args[0].(FieldError); !ok || f.Field != "name" || e.Args[1] != 1 {
			t.Errorf("Args = %#v", e.Args)
		}
		if len(e.Fields) != 2 || e.Fields[1].Message != `unknown role "root"` || e.Fields[1].Format != "unknown role %q" {
			t.Errorf("Fields = %+v", e.Fields)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		b, err := json.Marshal(FieldError{Field: "name", Message: "is required", Format: "is required", Args: []any{1}})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); got != `{"field":"name","message":"is required"}` || strings.Contains(got, "Format") {
			t.Errorf("JSON = %s", got)
		}
	})
}

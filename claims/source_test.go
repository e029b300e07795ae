package claims

import (
	"fmt"
	"testing"
)

func TestSourceValidate(t *testing.T) {
	tests := []struct {
		name  string
		s     Source
		field string
	}{
		{"OK", Source{Name: "Łukaszenka", Type: SourcePerson, Aliases: []string{"Лукашенко"}, URL: "https://x.org"}, ""},
		{"OKDefaultType", Source{Name: "ISW"}, ""},
		{"ErrName", Source{Name: " "}, "name"},
		{"ErrType", Source{Name: "x", Type: "alien"}, "type"},
		{"ErrURL", Source{Name: "x", URL: "data:text/html,x"}, "url"},
		{"ErrAlias", Source{Name: "x", Aliases: []string{"a\x01"}}, "aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			s.Normalize()
			checkField(t, s.Validate(), tt.field)
		})
	}
}

func TestSourceNormalize(t *testing.T) {
	s := Source{Name: " ISW ", Aliases: []string{"a", " a", "", "b"}}
	s.Normalize()
	if s.Name != "ISW" || s.Type != SourceOther || fmt.Sprint(s.Aliases) != "[a b]" {
		t.Errorf("normalized %+v", s)
	}
}

func TestDocumentValidate(t *testing.T) {
	body := "🦊 Xi Jinping w Mińsku"
	tests := []struct {
		name  string
		d     Document
		field string
	}{
		{"OK", Document{Title: "t", Body: body, Links: []Link{{Start: 2, End: 12, Text: "Xi Jinping", Href: "https://x.org"}}}, ""},
		{"ErrTitle", Document{Body: body}, "title"},
		{"ErrBody", Document{Title: "t", Body: " \n"}, "body"},
		{"ErrLinkByteOffsets", Document{Title: "t", Body: body, Links: []Link{{Start: 5, End: 15, Text: "Xi Jinping"}}}, "links"},
		{"ErrLinkOutside", Document{Title: "t", Body: body, Links: []Link{{Start: 18, End: 40, Text: "Mińsku"}}}, "links"},
		{"ErrLinkHref", Document{Title: "t", Body: body, Links: []Link{{Start: 2, End: 12, Text: "Xi Jinping", Href: "javascript:x"}}}, "links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkField(t, tt.d.Validate(), tt.field)
		})
	}
}

func TestDocumentParagraphs(t *testing.T) {
	d := Document{Body: "🦊 jeden\n\n\n\ndwa"}
	ps := d.Paragraphs()
	if len(ps) != 2 || ps[0] != (Paragraph{0, 7, "🦊 jeden"}) || ps[1].Start != 11 || ps[1].Text != "dwa" {
		t.Errorf("paragraphs %+v", ps)
	}
}

func TestProblems(t *testing.T) {
	var p Problems
	if p.Err() != nil {
		t.Fatal("no problems is an error")
	}
	p.Add("a", "first")
	p.Add("a", "second for a")
	p.Add("b", "third")
	err := p.Err()
	if ErrorCode(err) != EINVALID || len(ErrorFields(err)) != 2 || ErrorMessage(err) != "first (and 1 more problems)" {
		t.Errorf("err %v fields %v message %q", err, ErrorFields(err), ErrorMessage(err))
	}
	if ErrorCode(fmt.Errorf("wrapped: %w", err)) != EINVALID || ErrorCode(fmt.Errorf("plain")) != EINTERNAL || ErrorCode(nil) != "" {
		t.Error("ErrorCode does not unwrap or classify")
	}
	if ErrorMessage(fmt.Errorf("secret path /etc")) != "Internal error." {
		t.Error("internal error text leaks")
	}
}

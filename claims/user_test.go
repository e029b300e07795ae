package claims

import (
	"fmt"
	"testing"
)

func TestParseRoles(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // fmt of the roles; "" for an error
	}{
		{"OK", "editor,checker", "[editor checker]"},
		{"OKSpacesAndRepeats", " editor , editor,,admin ", "[editor admin]"},
		{"ErrUnknown", "editor,root", ""},
		{"ErrEmpty", " , ", ""},
		{"ErrCase", "Editor", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roles, err := ParseRoles(tt.in)
			if tt.want == "" {
				if ErrorCode(err) != EINVALID || ErrorFields(err)[0].Field != "roles" {
					t.Fatalf("err = %v, want EINVALID on roles", err)
				}
				return
			}
			if err != nil || fmt.Sprint(roles) != tt.want {
				t.Errorf("ParseRoles(%q) = %v, %v; want %s", tt.in, roles, err, tt.want)
			}
		})
	}
}

func TestUserHas(t *testing.T) {
	u := &User{Roles: []Role{RoleChecker}}
	if !u.Has(RoleViewer) || !u.Has(RoleChecker) || u.Has(RoleEditor) {
		t.Error("roles of an enabled checker")
	}
	u.Disabled = true
	if u.Has(RoleViewer) || u.Has(RoleChecker) {
		t.Error("a disabled user holds roles")
	}
	var nobody *User
	if nobody.Has(RoleViewer) {
		t.Error("nil user holds viewer")
	}
}

func TestUserValidate(t *testing.T) {
	tests := []struct {
		name  string
		u     User
		field string
	}{
		{"OK", User{Name: "kasia", Roles: []Role{RoleChecker}}, ""},
		{"ErrNameSpace", User{Name: "kasia k", Roles: []Role{RoleChecker}}, "name"},
		{"ErrNameComma", User{Name: "a,b", Roles: []Role{RoleChecker}}, "name"},
		{"ErrNoRoles", User{Name: "kasia"}, "roles"},
		{"ErrUnknownRole", User{Name: "kasia", Roles: []Role{"root"}}, "roles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkField(t, tt.u.Validate(), tt.field)
		})
	}
}

func TestCheckPassword(t *testing.T) {
	checkField(t, CheckPassword("długie hasło"), "")
	checkField(t, CheckPassword("krótkie"), "password")
	checkField(t, CheckPassword("ąęśćżźńół"), "password") // 9 code points, 18 bytes
}

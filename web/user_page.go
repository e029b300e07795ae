package web

import (
	"net/http"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
)

// userListPage lists the users and holds the form that adds one.
type userListPage struct {
	layout
	Users   []*claims.User
	Created string // the name of the user just added
	Name    string
	Roles   []string
	Errors  map[string]string
}

func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) {
	p := &userListPage{layout: s.layout(r, "Users"), Created: r.URL.Query().Get("created"),
		Roles: []string{string(claims.RoleViewer)}, Errors: map[string]string{}}
	s.renderUsers(w, r, http.StatusOK, p)
}

// handleUserCreate adds a user with a password. A taken name comes back as
// an error next to the name.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	p := &userListPage{layout: s.layout(r, "Users"), Name: strings.TrimSpace(r.PostForm.Get("name")), Roles: r.PostForm["roles"]}
	u := &claims.User{Name: p.Name}
	for _, role := range p.Roles {
		u.Roles = append(u.Roles, claims.Role(role))
	}
	err := s.createUser(r.Context(), userFrom(r.Context()).Actor(), u, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	switch claims.ErrorCode(err) {
	case "":
		seeOther(w, r, "/admin/users?created="+urlQueryEscape(u.Name))
	case claims.EINVALID:
		p.Errors = formErrors(err, "name", "roles", "password", "confirm")
		s.renderUsers(w, r, http.StatusUnprocessableEntity, p)
	case claims.ECONFLICT:
		p.Errors = map[string]string{"name": claims.ErrorMessage(err)}
		s.renderUsers(w, r, http.StatusConflict, p)
	default:
		s.error(w, r, err)
	}
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p *userListPage) {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Users = users
	s.render(w, r, status, "users.html", p)
}

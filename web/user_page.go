package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/gorilla/mux"
)

// userListPage lists the users and holds the form that adds one.
type userListPage struct {
	layout
	Users    []*claims.User
	Created  string // the name of the user just added
	Saved    string // "settings" after the settings were saved
	Settings claims.Settings
	Name     string
	Roles    []string
	Errors   map[string]string
}

func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) {
	p := &userListPage{layout: s.layout(r, "Users"), Created: r.URL.Query().Get("created"), Saved: r.URL.Query().Get("saved"),
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
		p.Errors = formErrors(s.localize(r, err), "name", "roles", "password", "confirm")
		s.renderUsers(w, r, http.StatusUnprocessableEntity, p)
	case claims.ECONFLICT:
		p.Errors = map[string]string{"name": claims.ErrorMessage(s.localize(r, err))}
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
	if p.Settings, err = s.store.FindSettings(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, status, "users.html", p)
}

// userPage is an admin's view of one account: roles, state and tokens.
type userPage struct {
	layout
	Account *claims.User
	Tokens  []*claims.Token
	Roles   []string
	Errors  map[string]string
	Saved   bool
	// Done is the recovery just done ("password", "totp"; see
	// user_recovery.go), RecoveryErrors the problems of one that failed.
	Done           string
	RecoveryErrors map[string]string
}

func (s *Server) handleUserView(w http.ResponseWriter, r *http.Request) {
	u, err := s.store.FindUserByID(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &userPage{Account: u, Saved: r.URL.Query().Get("saved") != "", Done: r.URL.Query().Get("done"), Errors: map[string]string{}}
	for _, role := range u.Roles {
		p.Roles = append(p.Roles, string(role))
	}
	s.renderUser(w, r, http.StatusOK, p)
}

// handleUserUpdate saves roles and state from the form, which carries the
// version it was rendered with. When admins change their own roles the
// ended session is replaced by a new one, with a new token.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	id, version, err := userForm(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	disabled := r.PostForm.Get("disabled") == "1"
	up := claims.UserUpdate{Roles: []claims.Role{}, Disabled: &disabled, Version: version}
	for _, role := range r.PostForm["roles"] {
		up.Roles = append(up.Roles, claims.Role(role))
	}
	u, err := s.updateUser(r.Context(), id, up)
	switch claims.ErrorCode(err) {
	case "":
		if me := userFrom(r.Context()); u.ID == me.ID && !isAPI(r) {
			if _, err := r.Cookie(sessionCookie); err == nil {
				if err := s.setSession(w, r, u, claims.SecondFactor{}); err != nil {
					s.error(w, r, err)
					return
				}
			}
		}
		seeOther(w, r, "/admin/users/"+u.ID+"?saved=1")
	case claims.EINVALID, claims.ECONFLICT:
		current, ferr := s.store.FindUserByID(r.Context(), id)
		if ferr != nil {
			s.error(w, r, ferr)
			return
		}
		p := &userPage{Account: current, Roles: r.PostForm["roles"], Errors: formErrors(s.localize(r, err), "roles", "disabled")}
		s.renderUser(w, r, statusOf(claims.ErrorCode(err)), p)
	default:
		s.error(w, r, err)
	}
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, p *userPage) {
	tokens, err := s.store.FindTokens(r.Context(), p.Account.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Tokens = tokens
	p.layout = s.layoutNamed(r, s.t(r, "User %s", p.Account.Name))
	s.render(w, r, status, "user.html", p)
}

// handleSettingsUpdate saves the installation settings from the users page.
func (s *Server) handleSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		s.error(w, r, claims.Errorf(claims.EMALFORMED, "The form lacks the settings' version."))
		return
	}
	in := claims.Settings{RequireTOTP: r.PostForm.Get("require_totp") == "1", Version: version}
	if _, err := s.store.UpdateSettings(r.Context(), userFrom(r.Context()).Actor(), in); err != nil {
		s.error(w, r, err)
		return
	}
	seeOther(w, r, "/admin/users?saved=settings")
}

// userForm parses a form of the admin's user page, which names the
// account in its path and carries the version it was rendered with.
func userForm(r *http.Request) (id string, version int, err error) {
	if err := parseForm(r); err != nil {
		return "", 0, err
	}
	version, err = strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return "", 0, claims.Errorf(claims.EMALFORMED, "The form lacks the account's version.")
	}
	return mux.Vars(r)["id"], version, nil
}

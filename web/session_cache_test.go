package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// TestCredentialCache checks, on a clock that stands still so that nothing
// expires by itself, that the cache serves credentials (a token revoked
// behind the server's back, as another process would, still works until
// credentialTTL passes) and that every change made through the server
// takes effect on the very next request.
func TestCredentialCache(t *testing.T) {
	t.Run("ServedUntilTTL", func(t *testing.T) {
		e, clock := newClockEnv(t)
		e.must(200, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil))
		tokens, err := e.store.FindTokens(t.Context(), e.users[claims.RoleEditor].ID)
		if err != nil || len(tokens) != 1 {
			t.Fatalf("tokens %v, %v", tokens, err)
		}
		if err := e.store.RevokeToken(t.Context(), claims.SystemActor, tokens[0].ID); err != nil {
			t.Fatal(err)
		}
		e.must(200, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil))
		clock.Add(credentialTTL)
		e.must(401, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil))
	})
	t.Run("RevokeToken", func(t *testing.T) {
		e, _ := newClockEnv(t)
		var created struct{ ID, Token string }
		e.must(201, e.do(claims.RoleChecker, "POST", "/api/v1/tokens", map[string]any{"name": "laptop"})).decode(t, &created)
		e.must(200, e.withToken(created.Token, "GET", "/api/v1/claims", nil))
		e.must(200, e.do(claims.RoleChecker, "POST", "/api/v1/tokens/"+created.ID+"/revoke", nil))
		e.must(401, e.withToken(created.Token, "GET", "/api/v1/claims", nil))
	})
	t.Run("SignOut", func(t *testing.T) {
		e, _ := newClockEnv(t)
		e.addUser("marta", "marta-password", claims.RoleEditor)
		c := e.signIn("marta", "marta-password")
		session := e.sessionOf(c)
		e.must(200, e.get(c, "/account"))
		e.must(303, e.form(c, "/logout", url.Values{}))
		req, _ := http.NewRequest("GET", e.http.URL+"/api/v1/claims", nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
		e.must(401, e.send(req))
	})
	t.Run("RoleChange", func(t *testing.T) {
		e, _ := newClockEnv(t)
		u := e.users[claims.RoleEditor]
		e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/sources", map[string]any{"name": "ISW", "type": "think-tank"}))
		e.must(200, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"roles": []string{"checker"}, "version": u.Version}))
		e.must(403, e.do(claims.RoleEditor, "POST", "/api/v1/sources", map[string]any{"name": "IPI", "type": "think-tank"}))
	})
	t.Run("Disable", func(t *testing.T) {
		e, _ := newClockEnv(t)
		u := e.users[claims.RoleEditor]
		e.must(200, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil))
		e.must(200, e.do(claims.RoleAdmin, "PATCH", "/api/v1/users/"+u.ID, map[string]any{"disabled": true, "version": u.Version}))
		e.must(401, e.do(claims.RoleEditor, "GET", "/api/v1/claims", nil))
	})
	t.Run("PasswordChange", func(t *testing.T) {
		e, _ := newClockEnv(t)
		e.addUser("marta", "marta-password", claims.RoleEditor)
		a, b := e.signIn("marta", "marta-password"), e.signIn("marta", "marta-password")
		e.must(200, e.get(b, "/account"))
		e.must(303, e.form(a, "/account/password", url.Values{"current": {"marta-password"}, "password": {"new-password-1"}, "confirm": {"new-password-1"}}))
		e.must(303, e.get(b, "/account")) // to the login page
	})
}

// TestCredentialStoreCoversStore makes every method of claims.Store say
// whether it changes users, tokens, sessions or settings. Those must be
// wrapped by credentialStore, which forgets the cache after them; a new
// method that is in neither list fails here until someone decides.
func TestCredentialStoreCoversStore(t *testing.T) {
	changesCredentials := setOf(
		"CreateSession", "DeleteSession", "UpdateUser", "ChangePassword", "RevokeToken", "EnableTOTP",
		"DisableTOTP", "UpdateSettings",
	)
	// Reads, and writes that cannot make a cached credential wrong: a new
	// user or token is not in the cache, and failures are never cached.
	leavesCredentials := setOf(
		"CreateUser", "CreateToken", "IssueToken", "RecordLoginFailure", "FindUserByToken", "FindUserBySession",
		"FindSettings", "FindUserByID", "FindUserByName", "FindUsers", "CountUsers", "FindTokens", "FindTokenByID",
		"CountRecoveryCodes", "CreateSource", "UpdateSource", "FindSourceByID", "FindSources", "CreateDocument",
		"FindDocumentByID", "FindDocuments", "CreateClaim", "UpdateClaim", "FindClaimByID", "FindClaims",
		"FindSimilarClaims", "ReopenClaim", "ClaimStats", "ProposeVerdict", "ApproveVerdict", "RejectVerdict",
		"WithdrawVerdict", "FindVerdictByID", "CreateComment", "FindComments", "FindEvents", "TreeHead",
		"TreeHeadAt", "ProveInclusion", "ProveConsistency", "StreamEvents", "StreamEventLines", "VerifyLog",
		// On main after wt-perf branched: the review queue and dashboard.
		"FindQueue", "CountQueue", "QueueNeighbors", "Dashboard", "FindCurrentVerdicts",
	)
	store := reflect.TypeFor[claims.Store]()
	wrapper := reflect.TypeFor[*credentialStore]()
	for i := range store.NumMethod() {
		name := store.Method(i).Name
		switch {
		case changesCredentials[name]:
			m, _ := wrapper.MethodByName(name)
			// A method credentialStore defines itself has its own code;
			// one promoted from the embedded Store is a wrapper the
			// compiler made, without a source file of ours.
			if file := funcFile(m); file != "session_cache.go" {
				t.Errorf("%s changes credentials but credentialStore does not wrap it", name)
			}
		case !leavesCredentials[name]:
			t.Errorf("claims.Store.%s is new: does it change users, tokens, sessions or settings? List it here", name)
		}
	}
}

// funcFile is the base name of the file that defines m.
func funcFile(m reflect.Method) string {
	f := runtime.FuncForPC(m.Func.Pointer())
	file, _ := f.FileLine(f.Entry())
	return filepath.Base(file)
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

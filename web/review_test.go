package web

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

// reviewClaim makes a source and a claim through the API as editor.
func (e *env) reviewClaim() *claims.Claim {
	e.t.Helper()
	src := e.createSource("Instytut Badań nad Wojną", claims.SourceThinkTank, "ISW")
	var c claims.Claim
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
		"text": "Dokumenty pomagają Kremlowi kierować pomoc przez Białoruś.", "kind": "analytical", "source_id": src.ID,
	})).decode(e.t, &c)
	return &c
}

func (e *env) proposeAs(role claims.Role, claimID string, rating claims.Rating) *claims.Verdict {
	e.t.Helper()
	var v claims.Verdict
	e.must(201, e.do(role, "POST", "/api/v1/claims/"+claimID+"/verdicts", map[string]any{
		"attribution": "accurate", "rating": rating, "rationale": "ISW, 5 grudnia.",
	})).decode(e.t, &v)
	return &v
}

func (e *env) claimStatus(id string) *claims.Claim {
	e.t.Helper()
	var c claims.Claim
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+id, nil)).decode(e.t, &c)
	return &c
}

// TestReviewAPI takes a claim through propose, dispute, approval, reopening
// and a corrected verdict through the API, with the refusals on the way.
func TestReviewAPI(t *testing.T) {
	e := newEnv(t)
	c := e.reviewClaim()
	a := e.proposeAs(claims.RoleChecker, c.ID, claims.RatingTrue)
	b := e.proposeAs("checker2", c.ID, claims.RatingMisleading)
	if st := e.claimStatus(c.ID).Status; st != claims.StatusDisputed {
		t.Fatalf("status %s, want disputed", st)
	}
	// Checkers do not approve, nobody approves their own, only the author withdraws.
	e.must(403, e.do(claims.RoleChecker, "POST", "/api/v1/verdicts/"+b.ID+"/approve", nil))
	e.must(403, e.do("checker2", "POST", "/api/v1/verdicts/"+a.ID+"/withdraw", "{}"))
	e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+a.ID+"/reject", `{"reason":" "}`))
	e.must(200, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+b.ID+"/approve", nil))
	e.must(409, e.do(claims.RoleChecker, "POST", "/api/v1/claims/"+c.ID+"/verdicts", `{"attribution":"accurate","rating":"true","rationale":"x"}`))
	pub := e.claimStatus(c.ID)
	if pub.Status != claims.StatusPublished {
		t.Fatalf("status %s, want published", pub.Status)
	}
	e.must(409, e.do(claims.RoleEditor, "POST", "/api/v1/verdicts/"+a.ID+"/approve", nil))
	e.must(200, e.do(claims.RoleChecker, "POST", "/api/v1/verdicts/"+a.ID+"/withdraw", `{"reason":"ISW changed its view"}`))

	e.must(403, e.do(claims.RoleChecker, "POST", "/api/v1/claims/"+c.ID+"/reopen", `{"reason":"x"}`))
	e.must(422, e.do(claims.RoleEditor, "POST", "/api/v1/claims/"+c.ID+"/reopen", `{"reason":""}`))
	e.must(409, e.do(claims.RoleEditor, "POST", "/api/v1/claims/"+c.ID+"/reopen", map[string]any{"reason": "x", "version": 1}))
	var reopened claims.Claim
	e.must(200, e.do(claims.RoleEditor, "POST", "/api/v1/claims/"+c.ID+"/reopen",
		map[string]any{"reason": "ISW corrected its analysis", "version": e.claimStatus(c.ID).Version})).decode(t, &reopened)
	if reopened.Status != claims.StatusInReview {
		t.Fatalf("reopened status %s", reopened.Status)
	}
	fix := e.proposeAs(claims.RoleChecker, c.ID, claims.RatingMostlyFalse)
	e.must(200, e.do("editor2", "POST", "/api/v1/verdicts/"+fix.ID+"/approve", nil))
	final := e.claimStatus(c.ID)
	states := map[string]claims.VerdictState{}
	for _, v := range final.Verdicts {
		states[v.ID] = v.State
	}
	if final.Status != claims.StatusPublished || states[b.ID] != claims.VerdictSuperseded ||
		states[a.ID] != claims.VerdictWithdrawn || states[fix.ID] != claims.VerdictApproved {
		t.Fatalf("final %s %v", final.Status, states)
	}
	var hist list[*claims.Event]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID+"/history", nil)).decode(t, &hist)
	var actions []string
	for _, ev := range hist.Items {
		actions = append(actions, ev.Action)
	}
	want := "claim.create verdict.propose verdict.propose verdict.approve verdict.withdraw claim.reopen verdict.propose verdict.approve"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("history %s\nwant    %s", got, want)
	}
}

// TestConcurrentApproval sends two editors' approvals of one verdict at
// the same moment over real HTTP: exactly one is 200, the other 409 with
// a message.
func TestConcurrentApproval(t *testing.T) {
	e := newEnv(t)
	for range 5 {
		c := e.reviewClaimNamed()
		v := e.proposeAs(claims.RoleChecker, c.ID, claims.RatingTrue)
		reqs := []*http.Request{
			e.request(claims.RoleEditor, "POST", "/api/v1/verdicts/"+v.ID+"/approve", nil),
			e.request("editor2", "POST", "/api/v1/verdicts/"+v.ID+"/approve", nil),
		}
		res := make([]response, 2)
		// e.send adjusts the shared client; the two goroutines get their own.
		client := &http.Client{Transport: e.http.Client().Transport}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, req := range reqs {
			wg.Go(func() {
				<-start
				res[i] = e.sendWith(client, req)
			})
		}
		close(start)
		wg.Wait()
		ok, conflict := 0, 0
		for _, r := range res {
			switch r.Status {
			case 200:
				ok++
			case 409:
				conflict++
				if p := r.problem(t); !strings.Contains(p.Detail, "approved") {
					t.Errorf("409 without a useful message: %+v", p)
				}
			default:
				t.Errorf("status %d: %s", r.Status, r.Body)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("%d × 200 and %d × 409, want one of each", ok, conflict)
		}
	}
}

// reviewClaimNamed is reviewClaim for tests that need several claims.
func (e *env) reviewClaimNamed() *claims.Claim {
	e.t.Helper()
	var list list[*claims.Source]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/sources", nil)).decode(e.t, &list)
	var srcID string
	if len(list.Items) > 0 {
		srcID = list.Items[0].ID
	} else {
		srcID = e.createSource("ISW", claims.SourceThinkTank).ID
	}
	var c claims.Claim
	e.must(201, e.do(claims.RoleEditor, "POST", "/api/v1/claims", map[string]any{
		"text": "Chiny mogą przekazywać sprzęt przez Białoruś.", "kind": "analytical", "source_id": srcID,
	})).decode(e.t, &c)
	return &c
}

// TestQueueAndComments assigns a claim to a checker, finds it in their
// queue (assignee=me) and discusses it.
func TestQueueAndComments(t *testing.T) {
	e := newEnv(t)
	c := e.reviewClaim()
	checker := e.users[claims.RoleChecker]
	e.must(200, e.do(claims.RoleEditor, "PATCH", "/api/v1/claims/"+c.ID, map[string]any{"assignee": checker.ID, "version": c.Version}))
	var q list[*claims.Claim]
	e.must(200, e.do(claims.RoleChecker, "GET", "/api/v1/claims?assignee=me", nil)).decode(t, &q)
	if len(q.Items) != 1 || q.Items[0].ID != c.ID {
		t.Fatalf("checker's queue %+v", q.Items)
	}
	e.must(200, e.do("checker2", "GET", "/api/v1/claims?assignee=me", nil)).decode(t, &q)
	if len(q.Items) != 0 {
		t.Fatalf("another checker's queue holds %d claims", len(q.Items))
	}
	e.must(201, e.do(claims.RoleChecker, "POST", "/api/v1/claims/"+c.ID+"/comments", `{"body":"Which ISW report?"}`))
	e.must(422, e.do(claims.RoleViewer, "POST", "/api/v1/claims/"+c.ID+"/comments", `{"body":"  "}`))
	e.must(404, e.do(claims.RoleViewer, "POST", "/api/v1/claims/nope/comments", `{"body":"x"}`))
	var cs list[*claims.Comment]
	e.must(200, e.do(claims.RoleViewer, "GET", "/api/v1/claims/"+c.ID+"/comments", nil)).decode(t, &cs)
	if len(cs.Items) != 1 || cs.Items[0].AuthorName != "checker" {
		t.Fatalf("comments %+v", cs.Items)
	}
	page := e.must(200, e.do(claims.RoleEditor, "GET", "/claims/"+c.ID, nil))
	if !strings.Contains(string(page.Body), "Which ISW report?") || !strings.Contains(string(page.Body), `action="/claims/`+c.ID+`/assign"`) {
		t.Fatal("the claim page lacks the comment or the assign form")
	}
}

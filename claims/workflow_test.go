package claims

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// reviewers are the people the workflow table is checked for. The author
// of every verdict in the table has ID "a".
var reviewers = map[string]*User{
	"checker-author":  {ID: "a", Roles: []Role{RoleChecker}},
	"checker-other":   {ID: "c", Roles: []Role{RoleChecker}},
	"editor":          {ID: "e", Roles: []Role{RoleEditor}},
	"editor-author":   {ID: "a", Roles: []Role{RoleEditor, RoleChecker}},
	"viewer":          {ID: "v", Roles: []Role{RoleViewer}},
	"admin":           {ID: "x", Roles: []Role{RoleAdmin}},
	"disabled-editor": {ID: "d", Roles: []Role{RoleEditor, RoleChecker}, Disabled: true},
	"nobody":          nil,
}

// allowedSteps is every step the workflow allows, as "action claim-status
// verdict-state actor → verdict-state-after" ("-" for no verdict). Every
// combination not listed here must be refused.
var allowedSteps = map[string]VerdictState{
	"propose new - checker-author":               VerdictProposed,
	"propose new - checker-other":                VerdictProposed,
	"propose new - editor-author":                VerdictProposed,
	"propose in-review - checker-author":         VerdictProposed,
	"propose in-review - checker-other":          VerdictProposed,
	"propose in-review - editor-author":          VerdictProposed,
	"propose proposed - checker-author":          VerdictProposed,
	"propose proposed - checker-other":           VerdictProposed,
	"propose proposed - editor-author":           VerdictProposed,
	"propose disputed - checker-author":          VerdictProposed,
	"propose disputed - checker-other":           VerdictProposed,
	"propose disputed - editor-author":           VerdictProposed,
	"approve proposed proposed editor":           VerdictApproved,
	"approve disputed proposed editor":           VerdictApproved,
	"reject new proposed editor":                 VerdictRejected,
	"reject in-review proposed editor":           VerdictRejected,
	"reject proposed proposed editor":            VerdictRejected,
	"reject disputed proposed editor":            VerdictRejected,
	"reject published proposed editor":           VerdictRejected,
	"withdraw new proposed checker-author":       VerdictWithdrawn,
	"withdraw new proposed editor-author":        VerdictWithdrawn,
	"withdraw in-review proposed checker-author": VerdictWithdrawn,
	"withdraw in-review proposed editor-author":  VerdictWithdrawn,
	"withdraw proposed proposed checker-author":  VerdictWithdrawn,
	"withdraw proposed proposed editor-author":   VerdictWithdrawn,
	"withdraw disputed proposed checker-author":  VerdictWithdrawn,
	"withdraw disputed proposed editor-author":   VerdictWithdrawn,
	"withdraw published proposed checker-author": VerdictWithdrawn,
	"withdraw published proposed editor-author":  VerdictWithdrawn,
	"reopen published - editor":                  "",
	"reopen published - editor-author":           "",
}

// TestWorkflow checks every (action, claim status, verdict state, actor)
// against allowedSteps: the listed ones pass with the listed result, all
// others fail, with EFORBIDDEN when the actor lacks the role or breaks an
// author rule and ECONFLICT when the claim or verdict is in the wrong state.
func TestWorkflow(t *testing.T) {
	verdictStates := []VerdictState{"-", VerdictProposed, VerdictApproved, VerdictRejected, VerdictWithdrawn, VerdictSuperseded}
	seen := 0
	for _, action := range ReviewActions {
		onVerdict := workflow[action].verdictFrom != ""
		for _, status := range Statuses {
			for _, vs := range verdictStates {
				if onVerdict == (vs == "-") {
					continue // a verdict action always names a verdict, a claim action never
				}
				for name, who := range reviewers {
					key := fmt.Sprintf("%s %s %s %s", action, status, vs, name)
					t.Run(strings.ReplaceAll(key, " ", "/"), func(t *testing.T) {
						rv := Review{Action: action, By: who, Claim: status}
						if vs != "-" {
							rv.Verdict = &Verdict{State: vs, AuthorID: "a"}
						}
						got, err := rv.Check()
						want, allowed := allowedSteps[key]
						if allowed {
							seen++
							if err != nil || got != want {
								t.Fatalf("Check = %q, %v; want %q allowed", got, err, want)
							}
							return
						}
						if err == nil {
							t.Fatalf("Check = %q allowed; want refused", got)
						}
						if code := ErrorCode(err); code != wantRefusal(action, status, vs, who) {
							t.Fatalf("refused with %s (%v), want %s", code, err, wantRefusal(action, status, vs, who))
						}
						if rv.Allowed() {
							t.Fatal("Allowed disagrees with Check")
						}
					})
				}
			}
		}
	}
	if seen != len(allowedSteps) {
		t.Fatalf("%d of %d allowed steps were reached: the table names a step that does not exist", seen, len(allowedSteps))
	}
}

// wantRefusal is the error code for a refused step, in the order the
// rules are checked: role, then state, then who wrote the verdict.
func wantRefusal(action ReviewAction, status Status, vs VerdictState, who *User) string {
	role := map[ReviewAction]Role{ActionPropose: RoleChecker, ActionApprove: RoleEditor, ActionReject: RoleEditor,
		ActionWithdraw: RoleChecker, ActionReopen: RoleEditor}[action]
	if !who.Has(role) {
		return EFORBIDDEN
	}
	if vs != "-" && vs != VerdictProposed {
		return ECONFLICT
	}
	switch action {
	case ActionPropose:
		if status == StatusPublished {
			return ECONFLICT
		}
	case ActionApprove:
		if status != StatusProposed && status != StatusDisputed {
			return ECONFLICT
		}
	case ActionReopen:
		return ECONFLICT
	}
	return EFORBIDDEN // the author rules
}

func TestWorkflowUnknownAction(t *testing.T) {
	_, err := Review{Action: "publish", By: reviewers["editor"], Claim: StatusProposed}.Check()
	if ErrorCode(err) != EINVALID {
		t.Fatalf("Check = %v, want invalid", err)
	}
}

func TestStatusAfter(t *testing.T) {
	v := func(state VerdictState, author string, r Rating) *Verdict {
		return &Verdict{State: state, AuthorID: author, Attribution: AttributionAccurate, Rating: r}
	}
	tests := []struct {
		name     string
		action   ReviewAction
		current  Status
		verdicts []*Verdict
		want     Status
	}{
		{"Proposed", ActionPropose, StatusNew, []*Verdict{v(VerdictProposed, "a", RatingTrue)}, StatusProposed},
		{"ProposedAgreeing", ActionPropose, StatusProposed, []*Verdict{v(VerdictProposed, "a", RatingTrue), v(VerdictProposed, "b", RatingTrue)}, StatusProposed},
		{"Disputed", ActionPropose, StatusProposed, []*Verdict{v(VerdictProposed, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse)}, StatusDisputed},
		{"DisputedOnAttribution", ActionPropose, StatusProposed, []*Verdict{v(VerdictProposed, "a", RatingTrue), {State: VerdictProposed, AuthorID: "b", Attribution: AttributionInaccurate, Rating: RatingTrue}}, StatusDisputed},
		{"SameAuthorNotDisputed", ActionPropose, StatusProposed, []*Verdict{v(VerdictProposed, "a", RatingTrue), v(VerdictProposed, "a", RatingFalse)}, StatusProposed},
		{"ApprovePublishes", ActionApprove, StatusDisputed, []*Verdict{v(VerdictApproved, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse)}, StatusPublished},
		{"RejectLeftoverStaysPublished", ActionReject, StatusPublished, []*Verdict{v(VerdictApproved, "a", RatingTrue), v(VerdictRejected, "b", RatingFalse)}, StatusPublished},
		{"RejectedBackToReview", ActionReject, StatusProposed, []*Verdict{v(VerdictRejected, "a", RatingTrue)}, StatusInReview},
		{"WithdrawnEndsDispute", ActionWithdraw, StatusDisputed, []*Verdict{v(VerdictWithdrawn, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse)}, StatusProposed},
		{"ReopenIgnoresApproved", ActionReopen, StatusPublished, []*Verdict{v(VerdictApproved, "a", RatingTrue)}, StatusInReview},
		{"ReopenWithLeftover", ActionReopen, StatusPublished, []*Verdict{v(VerdictApproved, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse)}, StatusProposed},
		{"ProposeAfterReopen", ActionPropose, StatusInReview, []*Verdict{v(VerdictApproved, "a", RatingTrue), v(VerdictProposed, "b", RatingFalse)}, StatusProposed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusAfter(tt.action, tt.current, tt.verdicts); got != tt.want {
				t.Errorf("StatusAfter = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDisputes(t *testing.T) {
	a := &Verdict{State: VerdictProposed, AuthorID: "a", Attribution: AttributionAccurate, Rating: RatingTrue}
	b := &Verdict{State: VerdictProposed, AuthorID: "b", Attribution: AttributionAccurate, Rating: RatingFalse}
	c := &Verdict{State: VerdictRejected, AuthorID: "c", Attribution: AttributionAccurate, Rating: RatingMixed}
	d := &Verdict{State: VerdictProposed, AuthorID: "a", Attribution: AttributionAccurate, Rating: RatingTrue}
	got := Disputes([]*Verdict{a, b, c, d})
	if !slices.Equal(got, []*Verdict{a, b, d}) {
		t.Fatalf("Disputes = %v", got)
	}
}

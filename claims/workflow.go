package claims

import "slices"

// ReviewAction is one step a person can take in the review workflow.
type ReviewAction string

// Review actions. Each is one audit event (verdict.propose, verdict.approve,
// verdict.reject, verdict.withdraw, claim.reopen).
const (
	ActionPropose  ReviewAction = "propose"  // a checker proposes a verdict on a claim
	ActionApprove  ReviewAction = "approve"  // an editor approves someone else's proposed verdict
	ActionReject   ReviewAction = "reject"   // an editor rejects someone else's proposed verdict, with a reason
	ActionWithdraw ReviewAction = "withdraw" // a checker takes back their own proposed verdict
	ActionReopen   ReviewAction = "reopen"   // an editor reopens a published claim, with a reason
)

// ReviewActions lists the review actions.
var ReviewActions = []ReviewAction{ActionPropose, ActionApprove, ActionReject, ActionWithdraw, ActionReopen}

// authorRule says how the actor must relate to the verdict's author.
type authorRule int

const (
	anyone     authorRule = iota
	notAuthor             // second-person rule: nobody decides their own verdict
	onlyAuthor            // only the author may take their verdict back
)

// transition is one row of the workflow: who may take the action, from
// which claim statuses, from which verdict state (empty: the action is on
// the claim, not on a verdict) and into which.
type transition struct {
	role        Role
	claimFrom   []Status
	verdictFrom VerdictState
	verdictTo   VerdictState
	author      authorRule
	conflict    string // why the action does not apply to a claim in another status
}

// workflow is the whole review state machine. Claim statuses that follow
// each action are computed by StatusAfter from the verdicts it leaves.
var workflow = map[ReviewAction]transition{
	ActionPropose: {role: RoleChecker, claimFrom: []Status{StatusNew, StatusInReview, StatusProposed, StatusDisputed},
		verdictTo: VerdictProposed,
		conflict:  "This claim is published; an editor must reopen it before new verdicts."},
	// A published claim is reopened before a proposed verdict left over
	// from the dispute can replace the approved one: corrections are
	// deliberate.
	ActionApprove: {role: RoleEditor, claimFrom: []Status{StatusProposed, StatusDisputed},
		verdictFrom: VerdictProposed, verdictTo: VerdictApproved, author: notAuthor,
		conflict: "This claim is published; reopen it before approving another verdict."},
	// Rejecting and withdrawing a leftover proposal is allowed on a
	// published claim: it tidies the queue and changes nothing published.
	ActionReject:   {role: RoleEditor, verdictFrom: VerdictProposed, verdictTo: VerdictRejected, author: notAuthor},
	ActionWithdraw: {role: RoleChecker, verdictFrom: VerdictProposed, verdictTo: VerdictWithdrawn, author: onlyAuthor},
	ActionReopen: {role: RoleEditor, claimFrom: []Status{StatusPublished},
		conflict: "Only a published claim can be reopened."},
}

// Review is a request to take one step of the workflow.
type Review struct {
	Action  ReviewAction
	By      *User    // who asks; their roles count
	Claim   Status   // the claim's status now
	Verdict *Verdict // the verdict acted on; nil for propose and reopen
}

// Check returns the verdict state the step leads to ("" for a step on the
// claim alone), or why it is not allowed: EFORBIDDEN when the person may
// not (role, or the author rules: nobody decides their own verdict, only
// the author withdraws one), ECONFLICT when the claim or verdict is not in
// a state the step starts from (so of two concurrent approvals, the second
// sees an approved verdict and gets ECONFLICT).
func (rv Review) Check() (VerdictState, error) {
	t, ok := workflow[rv.Action]
	if !ok {
		return "", Errorf(EINVALID, "Unknown review action %q.", rv.Action)
	}
	if !rv.By.Has(t.role) {
		return "", Errorf(EFORBIDDEN, "To %s you need the %s role.", rv.Action, t.role)
	}
	if t.verdictFrom != "" {
		if rv.Verdict == nil {
			return "", Errorf(EINVALID, "To %s, name a verdict.", rv.Action)
		}
		if rv.Verdict.State != t.verdictFrom {
			return "", Errorf(ECONFLICT, "This verdict is %s; only a %s verdict can be %s.", rv.Verdict.State, t.verdictFrom, pastTense[rv.Action])
		}
	}
	if t.claimFrom != nil && !slices.Contains(t.claimFrom, rv.Claim) {
		return "", Errorf(ECONFLICT, "%s", t.conflict)
	}
	switch own := rv.Verdict != nil && rv.Verdict.AuthorID == rv.By.ID; {
	case t.author == notAuthor && own:
		return "", Errorf(EFORBIDDEN, "You wrote this verdict; another editor must decide on it.")
	case t.author == onlyAuthor && !own:
		return "", Errorf(EFORBIDDEN, "Only the checker who proposed this verdict can withdraw it.")
	}
	return t.verdictTo, nil
}

// Allowed reports whether Check passes, for pages that offer only the
// buttons that would work.
func (rv Review) Allowed() bool {
	_, err := rv.Check()
	return err == nil
}

var pastTense = map[ReviewAction]string{
	ActionPropose: "proposed", ActionApprove: "approved", ActionReject: "rejected",
	ActionWithdraw: "withdrawn", ActionReopen: "reopened",
}

// StatusAfter returns the claim's status once action has been taken and
// left verdicts (all of the claim's verdicts, in their new states):
//   - approve publishes the claim;
//   - a published claim stays published when a leftover proposal is
//     rejected or withdrawn;
//   - otherwise the proposed verdicts decide: disputed when two of them
//     from different checkers disagree on either axis, proposed when any
//     await a decision, else in-review. An approved verdict of a reopened
//     claim does not count: it stays approved until the next approval
//     supersedes it.
func StatusAfter(action ReviewAction, current Status, verdicts []*Verdict) Status {
	if action == ActionApprove {
		return StatusPublished
	}
	if current == StatusPublished && action != ActionReopen {
		return StatusPublished
	}
	var proposed []*Verdict
	for _, v := range verdicts {
		if v.State == VerdictProposed {
			proposed = append(proposed, v)
		}
	}
	for i, a := range proposed {
		for _, b := range proposed[i+1:] {
			if a.AuthorID != b.AuthorID && !a.Agrees(b) {
				return StatusDisputed
			}
		}
	}
	if len(proposed) > 0 {
		return StatusProposed
	}
	return StatusInReview
}

// Disputes returns the proposed verdicts that disagree with another
// proposed verdict by a different checker, oldest first, for the editors'
// side-by-side view.
func Disputes(verdicts []*Verdict) []*Verdict {
	var out []*Verdict
	for _, a := range verdicts {
		if a.State != VerdictProposed {
			continue
		}
		for _, b := range verdicts {
			if b.State == VerdictProposed && a.AuthorID != b.AuthorID && !a.Agrees(b) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

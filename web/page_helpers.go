package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/claimtrail/claimtrail/claims"
	"github.com/claimtrail/claimtrail/claims/search"
)

// formErrors is fieldErrors for a form that shows messages next to the
// given fields: a message for any other field goes to the top of the form
// (under ""), so that no problem is ever hidden.
func formErrors(err error, shown ...string) map[string]string {
	out := fieldErrors(err)
	var other []string
	for field, msg := range out {
		if field == "" || slices.Contains(shown, field) {
			continue
		}
		other = append(other, field+": "+msg)
		delete(out, field)
	}
	if len(other) > 0 {
		if top := out[""]; top != "" {
			other = append([]string{top}, other...)
		}
		out[""] = strings.Join(other, "; ")
	}
	return out
}

// collectPages calls fetch with the cursor of each page in turn, starting
// from the first (""), and returns the items of all pages.
func collectPages[T any](fetch func(cursor string) ([]T, string, error)) ([]T, error) {
	all := []T{}
	cursor := ""
	for {
		page, next, err := fetch(cursor)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		cursor = next
	}
}

// userNames maps user ids to names, for showing assignees.
func (s *Server) userNames(ctx context.Context) (map[string]string, []*claims.User, error) {
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, users, nil
}

// withQuery returns the request's path and query with key set to value
// (removed when value is empty): the "next page" link keeps the filters.
func withQuery(r *http.Request, key, value string) string {
	q := r.URL.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// seeOther answers a successful POST: the browser goes to path with GET.
func seeOther(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// claimTable is what the "claim-table" partial shows.
type claimTable struct {
	Claims       []*claims.Claim
	ShowDocument bool
	Empty        string // what to say when there are no claims
	// Hits are the search snippets by claim id, on a page of search
	// results; nil elsewhere.
	Hits map[string]claimHitView
}

// claimHitView is how a search result shows where it matched: a snippet
// of the claim's text, and of the other field that matched when the text
// did not.
type claimHitView struct {
	Text      []search.Segment
	MatchedIn string           // quote, tags, source, verdict; "" for the text
	Field     []search.Segment // the snippet of that field, if it is not the text
}

package claims

import (
	"context"
	"strings"
	"time"
)

// SourceType says what kind of speaker a source is. It decides, for
// example, whether "według X" relays a statement or an assessment.
type SourceType string

// Source types.
const (
	SourcePerson       SourceType = "person"
	SourceOrganization SourceType = "organization"
	SourceGovernment   SourceType = "government"
	SourceMedia        SourceType = "media"
	SourceThinkTank    SourceType = "think-tank"
	SourceAnonymous    SourceType = "anonymous"
	SourceOther        SourceType = "other"
)

// SourceTypes lists the source types in the order forms show them.
var SourceTypes = []SourceType{SourcePerson, SourceOrganization, SourceGovernment, SourceMedia, SourceThinkTank, SourceAnonymous, SourceOther}

// Source is who a claim is attributed to. Aliases are other spellings of the
// name (Łukaszenka, Lukashenko, Лукашенко) used when matching and searching.
type Source struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Type        SourceType `json:"type"`
	Aliases     []string   `json:"aliases"`
	URL         string     `json:"url"`
	Description string     `json:"description"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Normalize trims the name and cleans the alias list. Stores call it before
// Validate so that what is stored is what was checked.
func (s *Source) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	s.URL = strings.TrimSpace(s.URL)
	s.Aliases = cleanList(s.Aliases)
	if s.Type == "" {
		s.Type = SourceOther
	}
}

// Validate checks the source's fields.
func (s *Source) Validate() error {
	var p Problems
	checkRequired(&p, "name", s.Name, MaxNameLen)
	p.Check(oneOf(s.Type, SourceTypes), "type", "must be one of %s", JoinValues(SourceTypes))
	p.Check(len(s.Aliases) <= MaxListItems, "aliases", "at most %d aliases", MaxListItems)
	for _, a := range s.Aliases {
		checkText(&p, "aliases", a, MaxNameLen)
	}
	checkURL(&p, "url", s.URL)
	checkText(&p, "description", s.Description, MaxLongText)
	return p.Err()
}

// SourceFilter selects sources. Q matches the name or an alias.
type SourceFilter struct {
	Q      string
	Limit  int
	Cursor string
}

// Validate checks the filter's query and limit.
func (f *SourceFilter) Validate() error {
	var p Problems
	checkLimit(&p, f.Limit)
	checkText(&p, "q", f.Q, MaxShortText)
	return p.Err()
}

// SourceUpdate is a partial edit: nil fields are left as they are. Version
// must equal the stored version, or the update is ECONFLICT.
type SourceUpdate struct {
	Name        *string     `json:"name"`
	Type        *SourceType `json:"type"`
	Aliases     *[]string   `json:"aliases"`
	URL         *string     `json:"url"`
	Description *string     `json:"description"`
	Version     int         `json:"version"`
}

// Apply copies the set fields of u onto s.
func (u SourceUpdate) Apply(s *Source) {
	if u.Name != nil {
		s.Name = *u.Name
	}
	if u.Type != nil {
		s.Type = *u.Type
	}
	if u.Aliases != nil {
		s.Aliases = *u.Aliases
	}
	if u.URL != nil {
		s.URL = *u.URL
	}
	if u.Description != nil {
		s.Description = *u.Description
	}
}

// SourceService stores sources.
type SourceService interface {
	// CreateSource validates and stores s, setting ID, Version and times.
	CreateSource(ctx context.Context, actor Actor, s *Source) error
	// FindSourceByID returns ENOTFOUND when there is no such source.
	FindSourceByID(ctx context.Context, id string) (*Source, error)
	// FindSources returns a page of sources by name and the cursor of the
	// next page ("" on the last).
	FindSources(ctx context.Context, f SourceFilter) ([]*Source, string, error)
	// UpdateSource applies upd; a stale version is ECONFLICT.
	UpdateSource(ctx context.Context, actor Actor, id string, upd SourceUpdate) (*Source, error)
}

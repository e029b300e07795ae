package export

import (
	"strconv"

	"github.com/claimtrail/claimtrail/claims"
)

// Provenance is a claim's provenance chain in PROV-O
// (https://www.w3.org/TR/prov-o/) as JSON-LD: the statement as first made,
// attributed to whoever made it, and the statement as each later hop
// relayed it, derived from the hop before.
type Provenance struct {
	Context map[string]any `json:"@context"`
	Graph   []ProvNode     `json:"@graph"`
}

// provContext maps the short keys of the graph to PROV-O and RDFS terms.
// It is inline so that the export needs no network fetch to be read, and
// because W3C publishes no JSON-LD context for PROV-O.
var provContext = map[string]any{
	"prov":            "http://www.w3.org/ns/prov#",
	"rdfs":            "http://www.w3.org/2000/01/rdf-schema#",
	"xsd":             "http://www.w3.org/2001/XMLSchema#",
	"Entity":          "prov:Entity",
	"Agent":           "prov:Agent",
	"Person":          "prov:Person",
	"Organization":    "prov:Organization",
	"wasAttributedTo": map[string]string{"@id": "prov:wasAttributedTo", "@type": "@id"},
	"wasDerivedFrom":  map[string]string{"@id": "prov:wasDerivedFrom", "@type": "@id"},
	"wasQuotedFrom":   map[string]string{"@id": "prov:wasQuotedFrom", "@type": "@id"},
	"atLocation":      map[string]string{"@id": "prov:atLocation", "@type": "@id"},
	// Hop dates are calendar days. PROV-O's range is xsd:dateTime, but
	// inventing a time of day would claim a precision the chain does not
	// have, so the days are typed as what they are.
	"generatedAtTime": map[string]string{"@id": "prov:generatedAtTime", "@type": "xsd:date"},
	"value":           "prov:value",
	"label":           "rdfs:label",
	"comment":         "rdfs:comment",
	"seeAlso":         map[string]string{"@id": "rdfs:seeAlso", "@type": "@id"},
}

// ProvNode is an entity (a statement) or an agent (a source) of the graph.
type ProvNode struct {
	ID              string   `json:"@id"`
	Type            []string `json:"@type"`
	Label           string   `json:"label,omitempty"`
	Value           string   `json:"value,omitempty"`
	WasAttributedTo string   `json:"wasAttributedTo,omitempty"`
	WasQuotedFrom   string   `json:"wasQuotedFrom,omitempty"`
	WasDerivedFrom  string   `json:"wasDerivedFrom,omitempty"`
	GeneratedAtTime string   `json:"generatedAtTime,omitempty"`
	AtLocation      string   `json:"atLocation,omitempty"`
	Comment         string   `json:"comment,omitempty"`
	SeeAlso         string   `json:"seeAlso,omitempty"`
}

// NewProvenance returns c's chain as PROV-O. c must carry its source and
// hop sources (as FindClaimByID returns it).
//
// The claim itself (its page's URL) is the statement as first made,
// attributed to the chain's first hop when that hop originated it (role
// originator, or assessed-by: an assessment is its assessor's own
// statement), otherwise to the claim's attributed source. Every later hop
// is an entity <claim>#hop-N, the statement as that hop's source relayed
// it: quoted-by hops were quoted from the entity before (wasQuotedFrom,
// a kind of derivation), the others derived from it (wasDerivedFrom).
func NewProvenance(c *claims.Claim, site Site) *Provenance {
	p := &Provenance{Context: provContext}
	agents := map[string]bool{}
	agent := func(id string, s *claims.Source) string {
		iri := site.SourceURL(id)
		if agents[iri] {
			return iri
		}
		agents[iri] = true
		n := ProvNode{ID: iri, Type: []string{"Agent", "Organization"}}
		if s != nil {
			n.Label, n.SeeAlso = s.Name, s.URL
			if isPerson(s.Type) {
				n.Type[1] = "Person"
			}
		} else {
			n.Type = n.Type[:1]
		}
		p.Graph = append(p.Graph, n)
		return iri
	}
	claim := ProvNode{ID: site.ClaimURL(c.ID), Type: []string{"Entity"}, Value: c.Text}
	hops := c.Provenance
	if len(hops) > 0 && (hops[0].Role == claims.RoleOriginator || hops[0].Role == claims.RoleAssessedBy) {
		h := hops[0]
		claim.WasAttributedTo = agent(h.SourceID, h.Source)
		claim.Label = string(h.Role) + ": " + hopName(h)
		claim.GeneratedAtTime, claim.AtLocation, claim.Comment = h.Date, h.URL, h.Note
		hops = hops[1:]
	} else {
		claim.WasAttributedTo = agent(c.SourceID, c.Source)
	}
	entities := []ProvNode{claim}
	prev := claim.ID
	for i, h := range hops {
		n := ProvNode{
			ID:   site.ClaimURL(c.ID) + "#hop-" + strconv.Itoa(len(c.Provenance)-len(hops)+i+1),
			Type: []string{"Entity"}, Label: string(h.Role) + ": " + hopName(h),
			WasAttributedTo: agent(h.SourceID, h.Source),
			GeneratedAtTime: h.Date, AtLocation: h.URL, Comment: h.Note,
		}
		if h.Role == claims.RoleQuotedBy {
			n.WasQuotedFrom = prev
		} else {
			n.WasDerivedFrom = prev
		}
		entities = append(entities, n)
		prev = n.ID
	}
	p.Graph = append(entities, p.Graph...)
	return p
}

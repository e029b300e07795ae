package export

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/claimtrail/claimtrail/claims"
)

func TestNewProvenance(t *testing.T) {
	const claimIRI = "https://factcheck.example.pl/claims/claim-1"
	agent := func(s *claims.Source) string { return "https://factcheck.example.pl/sources/" + s.ID }
	for _, tc := range []struct {
		name   string
		source *claims.Source
		hops   []claims.Hop
		want   []ProvNode // the entities, in chain order
		agents []string
	}{
		{
			name: "QuotedThenReported", source: luka, hops: claim().Provenance,
			want: []ProvNode{
				{ID: claimIRI, Type: []string{"Entity"}, Label: "originator: Aleksander Łukaszenka", Value: claim().Text,
					WasAttributedTo: agent(luka), GeneratedAtTime: "2025-06-03", AtLocation: "https://president.gov.by/ru/events/1"},
				{ID: claimIRI + "#hop-2", Type: []string{"Entity"}, Label: "quoted-by: Instytut Badań nad Wojną",
					WasAttributedTo: agent(isw), WasQuotedFrom: claimIRI, AtLocation: "https://understandingwar.org/x", Comment: "ISW update"},
				{ID: claimIRI + "#hop-3", Type: []string{"Entity"}, Label: "reported-by: Redakcja portalu",
					WasAttributedTo: agent(portal), WasDerivedFrom: claimIRI + "#hop-2"},
			},
			agents: []string{agent(luka), agent(isw), agent(portal)},
		},
		{
			name: "Assessment", source: isw,
			hops: []claims.Hop{{SourceID: isw.ID, Source: isw, Role: claims.RoleAssessedBy}, {SourceID: portal.ID, Source: portal, Role: claims.RoleReportedBy, Date: "2025-06-04"}},
			want: []ProvNode{
				{ID: claimIRI, Type: []string{"Entity"}, Label: "assessed-by: Instytut Badań nad Wojną", Value: claim().Text, WasAttributedTo: agent(isw)},
				{ID: claimIRI + "#hop-2", Type: []string{"Entity"}, Label: "reported-by: Redakcja portalu",
					WasAttributedTo: agent(portal), WasDerivedFrom: claimIRI, GeneratedAtTime: "2025-06-04"},
			},
			agents: []string{agent(isw), agent(portal)},
		},
		{
			name: "OriginUnknown", source: portal,
			hops: []claims.Hop{{SourceID: portal.ID, Source: portal, Role: claims.RoleReportedBy}},
			want: []ProvNode{
				{ID: claimIRI, Type: []string{"Entity"}, Value: claim().Text, WasAttributedTo: agent(portal)},
				{ID: claimIRI + "#hop-1", Type: []string{"Entity"}, Label: "reported-by: Redakcja portalu",
					WasAttributedTo: agent(portal), WasDerivedFrom: claimIRI},
			},
			agents: []string{agent(portal)},
		},
		{
			name: "NoChain", source: luka,
			want:   []ProvNode{{ID: claimIRI, Type: []string{"Entity"}, Value: claim().Text, WasAttributedTo: agent(luka)}},
			agents: []string{agent(luka)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := claim()
			c.Source, c.SourceID, c.Provenance = tc.source, tc.source.ID, tc.hops
			p := NewProvenance(c, site)
			if got := p.Graph[:len(tc.want)]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("entities:\n got %+v\nwant %+v", got, tc.want)
			}
			var agents []string
			for _, n := range p.Graph[len(tc.want):] {
				agents = append(agents, n.ID)
				if n.Type[0] != "Agent" || n.Label == "" {
					t.Errorf("agent %+v", n)
				}
			}
			if !reflect.DeepEqual(agents, tc.agents) {
				t.Errorf("agents %v, want %v", agents, tc.agents)
			}
		})
	}
	t.Run("JSONLD", func(t *testing.T) {
		m := asMap(t, NewProvenance(claim(), site))
		ctx := m["@context"].(map[string]any)
		if ctx["prov"] != "http://www.w3.org/ns/prov#" {
			t.Errorf("prov prefix %v", ctx["prov"])
		}
		for _, term := range []string{"wasAttributedTo", "wasQuotedFrom", "wasDerivedFrom", "generatedAtTime"} {
			if ctx[term] == nil {
				t.Errorf("context does not define %s", term)
			}
		}
		if got := path(t, m, "@graph", 3, "@type", 1); got != "Person" {
			t.Errorf("Łukaszenka is a %v", got)
		}
		if got := path(t, m, "@graph", 4, "@type", 1); got != "Organization" {
			t.Errorf("ISW is a %v", got)
		}
		b, _ := json.Marshal(m)
		if !json.Valid(b) {
			t.Fatal("invalid JSON")
		}
	})
}

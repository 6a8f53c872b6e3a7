package directory

import (
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

func TestBuildShowsContactOnlyWithConsent(t *testing.T) {
	t.Parallel()
	members := []domain.Member{
		{Name: "Zeta Example Center", Type: domain.TypeOrganization, Sector: "labor", Status: domain.StatusActive,
			Email: "zeta@example.org", Phone: "555-0101", Representative: "Ana Invented", ShareContact: true,
			WorkingGroups: []domain.WorkingGroup{domain.Legislative, domain.BaseBuilding}},
		{Name: "Alfa Example Network", Type: domain.TypeOrganization, Sector: "education", Status: domain.StatusActive,
			Email: "alfa@example.org", Phone: "555-0102", Representative: "Ben Invented", Address: "1 Invented St"},
		{Name: "Gone Example Group", Status: domain.StatusWithdrawn, Email: "gone@example.org", ShareContact: true},
		{Name: "New Example Applicant", Status: domain.StatusApplicant, Email: "new@example.org", ShareContact: true},
	}
	g := Build(members, domain.English)
	if len(g) != 3 {
		t.Fatalf("Build = %d rows, want header + 2 Active members: %q", len(g), g)
	}
	if g[0][0] != "Name" || g[0][7] != "Email" {
		t.Errorf("header = %q", g[0])
	}
	alfa, zeta := g[1], g[2]
	if alfa[0] != "Alfa Example Network" || zeta[0] != "Zeta Example Center" {
		t.Fatalf("rows not by name: %q", g[1:])
	}
	if alfa[2] != "education" || alfa[1] != "Organization" {
		t.Errorf("Alfa row = %q, want type and sector shown without consent", alfa)
	}
	for i := 4; i < len(alfa); i++ {
		if alfa[i] != "" {
			t.Errorf("Alfa (no consent) column %s = %q, want empty", g[0][i], alfa[i])
		}
	}
	if zeta[7] != "zeta@example.org" || zeta[8] != "555-0101" || zeta[4] != "Ana Invented" {
		t.Errorf("Zeta (consent) row = %q, want contact details", zeta)
	}
	if zeta[3] != "Legislative, Base building" {
		t.Errorf("Zeta working groups = %q", zeta[3])
	}
	all := strings.Join(slices.Concat(g...), "|")
	for _, secret := range []string{"alfa@example.org", "555-0102", "1 Invented St", "gone@example.org", "new@example.org"} {
		if strings.Contains(all, secret) {
			t.Errorf("directory shows %q without consent or for a non-member", secret)
		}
	}
}

func TestBuildSpanishAndHash(t *testing.T) {
	t.Parallel()
	m := []domain.Member{{Name: "Casa Ejemplo", Status: domain.StatusActive}}
	es := Build(m, domain.Spanish)
	if es[0][0] != "Nombre" || es[0][7] != "Correo electrónico" {
		t.Errorf("Spanish header = %q", es[0])
	}
	if Hash(es) == Hash(Build(m, domain.English)) {
		t.Errorf("Hash does not tell the languages apart")
	}
	if Hash(es) != Hash(Build(m, domain.Spanish)) {
		t.Errorf("Hash is not stable")
	}
}

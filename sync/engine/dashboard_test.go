package engine

import (
	"slices"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

// balancedTabs is an invented coalition that brings every perspective, has
// no member needing attention and has held no meeting yet. Lee Example is
// voting but leaves before the next meeting; the applicant is not voting
// yet: neither counts among the next meeting's voting members.
func balancedTabs() map[string][][]string {
	tabs := sampleTabs()
	tabs["Members"] = [][]string{
		{"Name", "Type", "Sector", "Status", "Voting", "Joined", "Left", "Working groups"},
		{"Casa Ejemplo", "Organization", "Immigrant rights", "Active", "Yes", "2025-06-01", "", "Legislative"},
		{"Barrio Unido", "Organization", "Grassroots organizing", "Active", "Yes", "2025-06-01", "", "Base building"},
		{"Escuela Abierta", "Organization", "Education; Labor", "Active", "Yes", "2025-06-01", "", "Communications"},
		{"Clínica del Pueblo Ejemplo", "Organization", "healthcare", "Active", "No", "2025-06-01", "", "Legislative"},
		{"Derechos Ya", "Organization", "Civil rights", "Active", "Yes", "2025-06-01", "", "Legislative"},
		{"Lee Example", "Individual", "", "Active", "Yes", "2025-06-01", "2026-04-10", "Legislative"},
		{"Nueva Ejemplo", "Organization", "faith", "Applicant", "Yes", "", "", "Legislative"},
	}
	tabs["Attendance"] = [][]string{{"Name"}}
	tabs["Votes"] = [][]string{{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"}}
	return tabs
}

func TestPlanDashboard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tabs map[string][][]string
		lang domain.Lang
		want [][]string
	}{
		{"sample in English", sampleTabs(), domain.English, [][]string{
			{"What", "Now"},
			{"Next meeting", "Apr 27, 2026"},
			{"Voting members", "4"},
			{"Present needed for quorum", "3"},
			{"Last meeting", "Mar 23, 2026: No quorum: 2 of 4 voting members present; 3 needed"},
			{"Needs attention", "Río Abierto Collective (M-0002): Removal review due: absent without notice on Jan 26, 2026, Feb 23, 2026, Mar 23, 2026; No working group"},
			{"Needs attention", "Northside Worker Center (M-0004): Contrary action review"},
			{"Perspectives missing", "immigrant rights, grassroots, education, healthcare, civil rights, labor"},
			{"Problems in the sheets (see Sync issues)", "0"},
		}},
		{"sample in Spanish", sampleTabs(), domain.Spanish, [][]string{
			{"Qué", "Ahora"},
			{"Próxima reunión", "27 abr 2026"},
			{"Miembros con voto", "4"},
			{"Presentes necesarios para el quórum", "3"},
			{"Última reunión", "23 mar 2026: No hubo quórum: 2 de 4 miembros con voto presentes; hacían falta 3"},
			{"Necesita atención", "Río Abierto Collective (M-0002): Revisión de expulsión pendiente: faltó sin avisar los días 26 ene 2026, 23 feb 2026, 23 mar 2026; Sin grupo de trabajo"},
			{"Necesita atención", "Northside Worker Center (M-0004): Revisión por actuar en contra de la coalición"},
			{"Perspectivas que faltan", "derechos de los inmigrantes, organización de base, educación, salud, derechos civiles, trabajo y sindicatos"},
			{"Problemas en las hojas (vea Sync issues)", "0"},
		}},
		{"balanced, no meeting held", balancedTabs(), domain.English, [][]string{
			{"What", "Now"},
			{"Next meeting", "Apr 27, 2026"},
			{"Voting members", "4"},
			{"Present needed for quorum", "3"},
			{"Needs attention", "Nobody"},
			{"Perspectives missing", "None"},
			{"Problems in the sheets (see Sync issues)", "0"},
		}},
		{"balanced in Spanish", balancedTabs(), domain.Spanish, [][]string{
			{"Qué", "Ahora"},
			{"Próxima reunión", "27 abr 2026"},
			{"Miembros con voto", "4"},
			{"Presentes necesarios para el quórum", "3"},
			{"Necesita atención", "Nadie"},
			{"Perspectivas que faltan", "Ninguna"},
			{"Problemas en las hojas (vea Sync issues)", "0"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := sampleInput(tt.tabs)
			in.Settings.Lang = tt.lang
			got := MakePlan(in).After(in.Tabs)["Dashboard"]
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("Dashboard =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

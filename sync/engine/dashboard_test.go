package engine

import (
	"slices"
	"testing"
	"time"

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

// TestDashboardCountsAsTheMeetingWill checks that the voting members the
// Dashboard announces for the next meeting are the ones the Meetings numbers
// count once it is held, also for a member leaving on that day (it still
// votes) and two joining on that day (they do not vote yet).
func TestDashboardCountsAsTheMeetingWill(t *testing.T) {
	t.Parallel()
	tabs := sampleTabs()
	tabs["Members"] = append(tabs["Members"],
		[]string{"Sol Ejemplo", "Organization", "Withdrawn", "Yes", "2025-06-01", "", "", ""},
		[]string{"Luna Ejemplo", "Organization", "Active", "Yes", "2026-04-27", "Legislative", "", ""},
		[]string{"Estrella Ejemplo", "Organization", "Active", "Yes", "2026-04-27", "Legislative", "", ""})
	tabs["Members"][0] = append(tabs["Members"][0][:7:7], "Left")
	tabs["Members"][5] = append(tabs["Members"][5][:7:7], "2026-04-27")
	for i := range tabs["Attendance"] {
		tabs["Attendance"][i] = append(tabs["Attendance"][i], []string{"2026-04-27", "P", "A", "P", "P"}[i])
	}
	for _, name := range []string{"Sol Ejemplo", "Luna Ejemplo", "Estrella Ejemplo"} {
		tabs["Attendance"] = append(tabs["Attendance"], []string{name, "", "", "", "P"})
	}
	before := sampleInput(tabs) // April 1: the next meeting is April 27
	p := MakePlan(before)
	after := sampleInput(tabs)
	after.AsOf = domain.NewDate(2026, time.April, 28)
	held := MakePlan(after).Report.Meetings
	if len(held) == 0 || held[len(held)-1].Date != p.NextMeeting {
		t.Fatalf("meetings held by April 28 = %+v, want the last one on %v", held, p.NextMeeting)
	}
	// Casa, Río Abierto, Lena, Northside and Sol (leaving that day); not
	// Luna and Estrella (joining that day).
	if got, want := p.Report.NextVotingMembers, held[len(held)-1].VotingMembers; got != want || got != 5 {
		t.Errorf("Dashboard voting members for %v = %d, Meetings count once held = %d, want both 5", p.NextMeeting, got, want)
	}
	if got := p.After(before.Tabs)["Dashboard"][2]; !slices.Equal(got, []string{"Voting members", "5"}) {
		t.Errorf("Dashboard row 3 = %q, want Voting members 5", got)
	}
}

package domain

import (
	"slices"
	"testing"
)

func TestMissingPerspectives(t *testing.T) {
	t.Parallel()
	all := Perspectives
	tests := []struct {
		name    string
		members []Member
		want    []Perspective
	}{
		{"no members", nil, all},
		{"sector named in any case", []Member{{Status: StatusActive, Sector: "Immigrant Rights"}},
			[]Perspective{PerspectiveGrassroots, PerspectiveEducation, PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveLabor, PerspectiveIndividuals}},
		{"a sector naming several", []Member{{Status: StatusActive, Sector: "Education; LABOR; grassroots organizing"}},
			[]Perspective{PerspectiveImmigrantRights, PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveIndividuals}},
		{"an individual brings individuals", []Member{{Status: StatusActive, Type: TypeIndividual}},
			[]Perspective{PerspectiveImmigrantRights, PerspectiveGrassroots, PerspectiveEducation, PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveLabor}},
		{"only Active members count", []Member{
			{Status: StatusApplicant, Sector: "healthcare"},
			{Status: StatusRemoved, Sector: "civil rights"},
			{Status: StatusWithdrawn, Type: TypeIndividual},
		}, all},
		{"voting does not matter", []Member{{Status: StatusActive, Voting: false, Sector: "healthcare"}},
			[]Perspective{PerspectiveImmigrantRights, PerspectiveGrassroots, PerspectiveEducation, PerspectiveCivilRights, PerspectiveLabor, PerspectiveIndividuals}},
		{"every perspective", []Member{
			{Status: StatusActive, Sector: "immigrant rights, grassroots"},
			{Status: StatusActive, Sector: "education and healthcare"},
			{Status: StatusActive, Sector: "Civil rights / labor"},
			{Status: StatusActive, Type: TypeIndividual},
		}, nil},
		{"a sector that is no perspective", []Member{{Status: StatusActive, Sector: "faith"}}, all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MissingPerspectives(tt.members); !slices.Equal(got, tt.want) {
				t.Errorf("MissingPerspectives(%+v) = %q, want %q", tt.members, got, tt.want)
			}
		})
	}
}

func TestPerspectiveLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Perspective
		lang Lang
		want string
	}{
		{PerspectiveImmigrantRights, English, "immigrant rights"},
		{PerspectiveImmigrantRights, Spanish, "derechos de los inmigrantes"},
		{PerspectiveGrassroots, Spanish, "organización de base"},
		{PerspectiveEducation, Spanish, "educación"},
		{PerspectiveHealthcare, Spanish, "salud"},
		{PerspectiveCivilRights, English, "civil rights"},
		{PerspectiveCivilRights, Spanish, "derechos civiles"},
		{PerspectiveLabor, Spanish, "trabajo y sindicatos"},
		{PerspectiveIndividuals, Spanish, "personas individuales"},
		{"faith", Spanish, "faith"},
	}
	for _, tt := range tests {
		t.Run(string(tt.p)+" "+string(tt.lang), func(t *testing.T) {
			t.Parallel()
			if got := tt.p.Label(tt.lang); got != tt.want {
				t.Errorf("Perspective(%q).Label(%s) = %q, want %q", tt.p, tt.lang, got, tt.want)
			}
		})
	}
}

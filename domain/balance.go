package domain

import (
	"slices"
	"strings"
)

// Perspective is a kind of member the coalition seeks a balance of.
type Perspective string

// The perspectives the coalition seeks, as members write them in the Sector
// column (case does not matter).
const (
	PerspectiveImmigrantRights Perspective = "immigrant rights"
	PerspectiveGrassroots      Perspective = "grassroots"
	PerspectiveEducation       Perspective = "education"
	PerspectiveHealthcare      Perspective = "healthcare"
	PerspectiveCivilRights     Perspective = "civil rights"
	PerspectiveLabor           Perspective = "labor"
	PerspectiveIndividuals     Perspective = "individuals"
)

// Perspectives lists every perspective in the order people see them.
var Perspectives = []Perspective{PerspectiveImmigrantRights, PerspectiveGrassroots, PerspectiveEducation,
	PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveLabor, PerspectiveIndividuals}

// Label returns the perspective's name in lang, such as "immigrant rights"
// or "derechos de los inmigrantes"; an unknown perspective is written as it is.
func (p Perspective) Label(lang Lang) string {
	if !slices.Contains(Perspectives, p) {
		return string(p)
	}
	return T("rules.perspective." + strings.ReplaceAll(string(p), " ", "_")).In(lang)
}

// MissingPerspectives returns the perspectives no Active member brings, in
// the order of Perspectives (nil when none is missing). A member brings a
// perspective when its Sector names it, whatever the case ("Grassroots
// organizing" brings grassroots); an individual also brings individuals.
func MissingPerspectives(members []Member) []Perspective {
	have := make(map[Perspective]bool, len(Perspectives))
	for i := range members {
		m := &members[i]
		if m.Status != StatusActive {
			continue
		}
		if m.Type == TypeIndividual {
			have[PerspectiveIndividuals] = true
		}
		if m.Sector == "" {
			continue
		}
		sector := strings.ToLower(m.Sector)
		for _, p := range Perspectives {
			if strings.Contains(sector, string(p)) {
				have[p] = true
			}
		}
	}
	var out []Perspective
	for _, p := range Perspectives {
		if !have[p] {
			out = append(out, p)
		}
	}
	return out
}

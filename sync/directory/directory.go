// Package directory provides the member directory: the second spreadsheet,
// shared with all members, that shows each Active member's name, type,
// sector and working groups, and its contact details only when the member
// consented to share them (Members column "Share contact" = Yes).
package directory

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Tab is the directory spreadsheet's one tab.
const Tab = "Directory"

// Columns of the directory, in order. The first four are shown for every
// Active member; the rest only with the member's consent.
var columns = []struct {
	key     string
	consent bool
	value   func(m domain.Member) string
}{
	{msgName, false, func(m domain.Member) string { return m.Name }},
	{msgType, false, func(m domain.Member) string { return string(m.Type) }},
	{msgSector, false, func(m domain.Member) string { return m.Sector }},
	{msgWorkingGroups, false, func(m domain.Member) string {
		names := make([]string, len(m.WorkingGroups))
		for i, g := range m.WorkingGroups {
			names[i] = string(g)
		}
		return strings.Join(names, ", ")
	}},
	{msgRepresentative, true, func(m domain.Member) string { return m.Representative }},
	{msgTitle, true, func(m domain.Member) string { return m.Title }},
	{msgPronouns, true, func(m domain.Member) string { return m.Pronouns }},
	{msgEmail, true, func(m domain.Member) string { return m.Email }},
	{msgPhone, true, func(m domain.Member) string { return m.Phone }},
	{msgAddress, true, func(m domain.Member) string { return m.Address }},
}

// Build returns the directory's cells: a header row in lang, then one row
// per Active member, by name. Without consent, contact columns stay empty.
func Build(members []domain.Member, lang domain.Lang) [][]string {
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = domain.T(c.key).In(lang)
	}
	var rows [][]string
	for _, m := range members {
		if m.Status != domain.StatusActive || strings.TrimSpace(m.Name) == "" {
			continue
		}
		row := make([]string, len(columns))
		for i, c := range columns {
			if c.consent && !m.ShareContact {
				continue
			}
			row[i] = c.value(m)
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		return domain.NormalizeName(rows[i][0]) < domain.NormalizeName(rows[j][0])
	})
	return append([][]string{header}, rows...)
}

// Hash fingerprints a directory's cells, so a sync can tell whether the
// directory changed without reading it.
func Hash(grid [][]string) string {
	b, _ := json.Marshal(grid)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

package demo

import (
	"fmt"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/examples"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// coalitionTabs returns the demo's coalition: the invented sample, or,
// with members > 0, an invented coalition of that many members whose
// attendance covers the year of meetings before asOf.
func coalitionTabs(members int, asOf domain.Date) (map[string][][]string, error) {
	if members <= 0 {
		tabs, err := examples.Tabs()
		if err != nil {
			return nil, err
		}
		more, err := examples.ApplicationTabs()
		if err != nil {
			return nil, err
		}
		for k, v := range more {
			tabs[k] = v
		}
		return tabs, nil
	}
	return inventedTabs(members, asOf), nil
}

// inventedTabs makes up a coalition of n members: organizations and
// individuals in every sector and working group, a few withdrawn, some with
// an alternate, and a year of attendance (mostly present, some absences
// with and without notice). Every name and address is made up, under
// example.org.
func inventedTabs(n int, asOf domain.Date) map[string][][]string {
	sectors := []string{"Immigrant rights", "Grassroots", "Education", "Healthcare", "Civil rights", "Labor", "Faith"}
	groups := []string{"Legislative", "Communications", "Base building", "Legislative, Communications"}
	meetings := domain.MeetingDates(asOf.AddDays(-365), asOf.AddDays(-1))
	members := [][]string{{"Name", "Type", "Sector", "Status", "Voting", "Joined", "Working groups", "Email", "Alternates", "Share contact", "Language"}}
	attendance := [][]string{{"Name"}}
	for _, d := range meetings {
		attendance[0] = append(attendance[0], d.String())
	}
	for i := 1; i <= n; i++ {
		name, typ := fmt.Sprintf("Invented Organization %04d", i), "Organization"
		if i%7 == 0 {
			name, typ = fmt.Sprintf("Invented Person %04d", i), "Individual"
		}
		status := "Active"
		if i%25 == 0 {
			status = "Withdrawn"
		}
		alternate := ""
		if i%5 == 0 {
			alternate = fmt.Sprintf("Alternate %04d <alt%04d@example.org>", i, i)
		}
		share, lang := "No", "en"
		if i%2 == 0 {
			share = "Yes"
		}
		if i%3 == 0 {
			lang = "es"
		}
		members = append(members, []string{name, typ, sectors[i%len(sectors)], status, "Yes", "2024-01-15",
			groups[i%len(groups)], fmt.Sprintf("member%04d@example.org", i), alternate, share, lang})
		row := []string{name}
		for j := range meetings {
			code := "P"
			switch (i*7 + j*3) % 20 {
			case 0:
				code = "A"
			case 1, 2:
				code = "N"
			}
			row = append(row, code)
		}
		attendance = append(attendance, row)
	}
	votes := [][]string{{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"}}
	for j, d := range meetings {
		if j%3 == 0 {
			votes = append(votes, []string{d.String(), fmt.Sprintf("Invented motion %d", j/3+1), "Other", "", fmt.Sprint(n * 2 / 3), "1", "0"})
		}
	}
	return map[string][][]string{
		sheets.TabMembers:    members,
		sheets.TabAttendance: attendance,
		sheets.TabVotes:      votes,
		sheets.TabMeetings:   {{"Date", "Date override", "Cancelled", "Notes link"}},
	}
}

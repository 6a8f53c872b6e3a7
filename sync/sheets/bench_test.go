package sheets

import (
	"fmt"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

// benchTabs builds Members, Attendance and Votes tabs of n members and m
// monthly meetings, with a mix of statuses, marks and blank cells.
func benchTabs(n, m int) map[string][][]string {
	members := [][]string{Schema[0].Headers()}
	attendance := [][]string{{ColMemberID, ColName}}
	for j := range m {
		d := domain.FourthMonday(2020+j/12, time.Month(1+j%12))
		attendance[0] = append(attendance[0], fmt.Sprintf("%d/%d/%d", d.Month, d.Day, d.Year))
	}
	marks := []string{"P", "P", "N", "A", "", "present"}
	for i := range n {
		row := make([]string, len(members[0]))
		set := func(col, v string) {
			k, _ := Schema[0].Column(col)
			for c, h := range members[0] {
				if h == k.Name {
					row[c] = v
				}
			}
		}
		id, name := fmt.Sprintf("M-%04d", i+1), fmt.Sprintf("Invented Organization %d", i+1)
		set(ColMemberID, id)
		set(ColName, name)
		set(ColType, "Organization")
		set(ColStatus, []string{"Active", "Active", "Applicant", "Withdrawn"}[i%4])
		set(ColVoting, "Yes")
		set(ColJoined, "1/27/2020")
		set(ColWorkingGroups, "Legislative, Base building")
		set(ColEmail, fmt.Sprintf("m%d@example.org", i))
		members = append(members, row)
		a := []string{id, name}
		for j := range m {
			a = append(a, marks[(i+j)%len(marks)])
		}
		attendance = append(attendance, a)
	}
	votes := [][]string{{ColMeeting, ColMotion, ColKind, ColSubject, ColYes, ColNo, ColAbstain}}
	for j := range m {
		votes = append(votes, []string{attendance[0][2+j], "Motion", "Other", "", "10", "2", "1"})
	}
	return map[string][][]string{TabMembers: members, TabAttendance: attendance, TabVotes: votes}
}

func BenchmarkParse(b *testing.B) {
	for _, size := range []struct{ n, m int }{{50, 24}, {500, 24}, {5000, 240}} {
		tabs := benchTabs(size.n, size.m)
		b.Run(fmt.Sprintf("%dmembers_%dmeetings", size.n, size.m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p, err := Parse(tabs)
				if err != nil || len(p.Coalition.Members) != size.n {
					b.Fatalf("Parse: %d members, %v", len(p.Coalition.Members), err)
				}
			}
		})
	}
}

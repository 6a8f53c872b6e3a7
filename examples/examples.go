// Package examples provides the invented sample coalition as CSV files, the
// same ones the README's commands read, for the demo to load into its local
// spreadsheet. Every name, email and phone number in them is made up.
package examples

import (
	"bytes"
	"embed"
	"fmt"

	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// FS holds members.csv, attendance.csv, votes.csv, applications.csv and
// approvals.csv.
//
//go:embed members.csv attendance.csv votes.csv applications.csv approvals.csv
var FS embed.FS

// Tabs returns the sample as spreadsheet tabs: Members, Attendance, Votes.
func Tabs() (map[string][][]string, error) {
	return read(map[string]string{"members.csv": sheets.TabMembers, "attendance.csv": sheets.TabAttendance, "votes.csv": sheets.TabVotes})
}

// ApplicationTabs returns the sample's Applications tab (a form's response
// sheet: long questions as headers) and Approval requests tab. They are
// apart from Tabs so that what loads Tabs keeps loading the same three.
func ApplicationTabs() (map[string][][]string, error) {
	return read(map[string]string{"applications.csv": sheets.TabApplications, "approvals.csv": sheets.TabApprovalRequests})
}

// read reads each file as the tab it is named with.
func read(files map[string]string) (map[string][][]string, error) {
	tabs := map[string][][]string{}
	for file, tab := range files {
		b, err := FS.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read example %s: %w", file, err)
		}
		grid, err := sheets.ReadCSV(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("read example %s: %w", file, err)
		}
		tabs[tab] = grid
	}
	return tabs, nil
}

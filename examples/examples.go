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

// FS holds members.csv, attendance.csv and votes.csv.
//
//go:embed members.csv attendance.csv votes.csv
var FS embed.FS

// Tabs returns the sample as spreadsheet tabs: Members, Attendance, Votes.
func Tabs() (map[string][][]string, error) {
	tabs := map[string][][]string{}
	for file, tab := range map[string]string{"members.csv": sheets.TabMembers, "attendance.csv": sheets.TabAttendance, "votes.csv": sheets.TabVotes} {
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

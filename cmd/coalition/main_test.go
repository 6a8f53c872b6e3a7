package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// examples is the sample coalition of the README.
var examples = []string{
	"--members", "../../examples/members.csv",
	"--attendance", "../../examples/attendance.csv",
	"--votes", "../../examples/votes.csv",
}

// runAt runs the command line with the clock fixed at now and returns the
// exit code, stdout and stderr.
func runAt(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, env{stdout: &out, stderr: &errOut, now: func() time.Time { return now }})
	return code, out.String(), errOut.String()
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := realMain(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckExamplesText(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, append([]string{"check", "--as-of", "2026-11-22"}, examples...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr: %s", code, errOut)
	}
	// Worked out by hand from examples/*.csv: see examples/README.md.
	want := []string{
		"Coalition check as of Nov 22, 2026",
		"Next full-coalition meeting: Monday, Nov 23, 2026",
		"Meetings held (8)",
		"  Mar 23, 2026: Quorum: 10 of 11 voting members present; 8 needed",
		"  Apr 27, 2026: Quorum: 8 of 11 voting members present; 8 needed",
		"  May 25, 2026: Quorum: 8 of 11 voting members present; 8 needed",
		"  Jun 22, 2026: Quorum: 9 of 10 voting members present; 7 needed",
		"  Jul 27, 2026: No quorum: 4 of 10 voting members present; 7 needed",
		"  Oct 26, 2026: Quorum: 8 of 10 voting members present; 7 needed",
		"Members who need attention (3)",
		"  Río Claro Legal Aid (invented) (M-0003), Active, voting: 3 absences without notice",
		"    - Removal review due: absent without notice on Apr 27, 2026; Jun 22, 2026; Aug 24, 2026",
		"    - No working group",
		"    - Contrary action review",
		"Votes (6)",
		`  Votes row 4, May 25, 2026 meeting, Remove "Remove Green Valley Church": Passed: 7 yes, 0 no, 0 abstain; unanimous as removal requires`,
		"Failed: removal needs every one of the 8 eligible members to vote yes; 2 voted no",
		"  Votes row 6, Jul 27, 2026 meeting, Other \"Sign the letter on the state budget\": Not valid: no quorum at the Jul 27, 2026 meeting (4 of 10 voting members present; 7 needed)",
		"Problems to fix in the sheets (6)",
		`  Members tab, row 14, column Joined: "spring 2025" is not a date`,
		`  Attendance tab, row 13, column 10/26/2026: "late" is not an attendance mark`,
		`  Attendance tab, row 16, column Name: "Eastside Mutual Aid (invented)" is not in the Members tab`,
		`  Votes tab, row 7, column Yes: "eight" is not a number of votes`,
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q\n--- report:\n%s", w, out)
		}
	}
	// The 11/23/2026 column is after --as-of: not held yet.
	if strings.Contains(out, "Nov 23, 2026:") {
		t.Errorf("report lists the Nov 23 meeting as held:\n%s", out)
	}
}

func TestCheckExamplesSpanish(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, append([]string{"check", "--as-of", "2026-11-22", "--lang", "es"}, examples...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr: %s", code, errOut)
	}
	for _, w := range []string{
		"Revisión de la coalición al 22 nov 2026",
		"Próxima reunión de toda la coalición: lunes 23 nov 2026",
		"23 mar 2026: Hubo quórum: 10 de 11 miembros con voto presentes; hacían falta 8",
		"Revisión de expulsión pendiente: faltó sin avisar los días 27 abr 2026; 22 jun 2026; 24 ago 2026",
		`Pestaña Votes, fila 7, columna Yes: "eight" no es un número de votos`,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("Spanish report lacks %q\n--- report:\n%s", w, out)
		}
	}
}

// contract mirrors the JSON contract of issue 2, decoded strictly.
type contract struct {
	AsOf        string `json:"as_of"`
	NextMeeting string `json:"next_meeting"`
	Meetings    []struct {
		Date          string `json:"date"`
		VotingMembers int    `json:"voting_members"`
		Present       int    `json:"present"`
		QuorumNeeded  int    `json:"quorum_needed"`
		Quorum        bool   `json:"quorum"`
		Recorded      bool   `json:"recorded"`
	} `json:"meetings"`
	Members []struct {
		ID                string   `json:"id"`
		Name              string   `json:"name"`
		Status            string   `json:"status"`
		Voting            bool     `json:"voting"`
		UnexcusedAbsences int      `json:"unexcused_absences"`
		Flags             []string `json:"flags"`
	} `json:"members"`
	Votes []struct {
		Row     int    `json:"row"`
		Meeting string `json:"meeting"`
		Kind    string `json:"kind"`
		Subject string `json:"subject"`
		Valid   bool   `json:"valid"`
		Passed  bool   `json:"passed"`
		Reason  string `json:"reason"`
	} `json:"votes"`
	Issues []struct {
		Tab     string `json:"tab"`
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"issues"`
}

func TestCheckExamplesJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, append([]string{"check", "--as-of", "2026-11-22", "--format", "json"}, examples...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr: %s", code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var c contract
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, out)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &keys); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range keys {
		got = append(got, k)
	}
	slices.Sort(got)
	if want := []string{"as_of", "issues", "meetings", "members", "next_meeting", "votes"}; !slices.Equal(got, want) {
		t.Errorf("top-level keys = %q, want %q", got, want)
	}
	if c.AsOf != "2026-11-22" || c.NextMeeting != "2026-11-23" {
		t.Errorf("as_of, next_meeting = %q, %q, want 2026-11-22, 2026-11-23", c.AsOf, c.NextMeeting)
	}
	type meeting struct {
		date             string
		n, p, needed     int
		quorum, recorded bool
	}
	wantMeetings := []meeting{
		{"2026-03-23", 11, 10, 8, true, true},
		{"2026-04-27", 11, 8, 8, true, true},
		{"2026-05-25", 11, 8, 8, true, true},
		{"2026-06-22", 10, 9, 7, true, true},
		{"2026-07-27", 10, 4, 7, false, true},
		{"2026-08-24", 10, 9, 7, true, true},
		{"2026-09-28", 10, 9, 7, true, true},
		{"2026-10-26", 10, 8, 7, true, true},
	}
	var gotMeetings []meeting
	for _, m := range c.Meetings {
		gotMeetings = append(gotMeetings, meeting{m.Date, m.VotingMembers, m.Present, m.QuorumNeeded, m.Quorum, m.Recorded})
	}
	if !slices.Equal(gotMeetings, wantMeetings) {
		t.Errorf("meetings = %+v\nwant %+v", gotMeetings, wantMeetings)
	}
	if len(c.Members) != 16 {
		t.Fatalf("members = %d, want 16", len(c.Members))
	}
	type member struct {
		id, status string
		voting     bool
		absences   int
		flags      string
	}
	wantMembers := map[string]member{
		"Casa Ejemplo":                         {"M-0001", "active", true, 0, ""},
		"Northside Worker Center (invented)":   {"M-0002", "active", true, 1, ""},
		"Río Claro Legal Aid (invented)":       {"M-0003", "active", true, 3, "removal_review_due"},
		"Maple Street Clinic (invented)":       {"M-0004", "active", true, 0, "no_working_group"},
		"Teachers for Welcome (invented)":      {"M-0006", "active", true, 0, "contrary_action_review"},
		"Civil Rights Forum (invented)":        {"M-0008", "withdrawn", true, 1, ""},
		"Prairie Farmworkers Union (invented)": {"M-0010", "applicant", false, 0, ""},
		"Harbor Refugee Services (invented)":   {"M-0011", "active", true, 2, ""},
		"Green Valley Church (invented)":       {"M-0012", "removed", true, 1, ""},
		"Westside Tenants Union (invented)":    {"", "active", true, 1, ""},
		"Lake County Dreamers (invented)":      {"M-0015", "active", false, 0, ""},
	}
	seen := 0
	for _, m := range c.Members {
		w, ok := wantMembers[m.Name]
		if !ok {
			continue
		}
		seen++
		if m.Flags == nil {
			t.Errorf("%s: flags is null, want a list", m.Name)
		}
		got := member{m.ID, m.Status, m.Voting, m.UnexcusedAbsences, strings.Join(m.Flags, ",")}
		if got != w {
			t.Errorf("%s = %+v, want %+v", m.Name, got, w)
		}
	}
	if seen != len(wantMembers) {
		t.Errorf("found %d of the %d members checked by name", seen, len(wantMembers))
	}
	type vote struct {
		row           int
		meeting, kind string
		valid, passed bool
	}
	wantVotes := []vote{
		{2, "2026-04-27", "other", true, true},
		{3, "2026-05-25", "admit", true, true},
		{4, "2026-05-25", "remove", true, true},
		{5, "2026-06-22", "remove", true, false},
		{6, "2026-07-27", "other", false, false},
		{8, "2026-10-26", "admit", true, true},
	}
	var gotVotes []vote
	for _, v := range c.Votes {
		gotVotes = append(gotVotes, vote{v.Row, v.Meeting, v.Kind, v.Valid, v.Passed})
		if v.Reason == "" {
			t.Errorf("vote row %d has no reason", v.Row)
		}
	}
	if !slices.Equal(gotVotes, wantVotes) {
		t.Errorf("votes = %+v\nwant %+v", gotVotes, wantVotes)
	}
	type issue struct {
		tab    string
		row    int
		column string
	}
	wantIssues := []issue{
		{"Members", 14, "Joined"}, {"Members", 16, "Voting"}, {"Members", 17, "Left"},
		{"Attendance", 13, "10/26/2026"}, {"Attendance", 16, "Name"}, {"Votes", 7, "Yes"},
	}
	var gotIssues []issue
	for _, is := range c.Issues {
		gotIssues = append(gotIssues, issue{is.Tab, is.Row, is.Column})
	}
	if !slices.Equal(gotIssues, wantIssues) {
		t.Errorf("issues = %+v\nwant %+v", gotIssues, wantIssues)
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	members := writeFile(t, dir, "members.csv", "\uFEFFName,Status,Voting\nCasa Ejemplo,Active,Yes\n")
	attendance := writeFile(t, dir, "attendance.csv", "Name,2026-01-26\nCasa Ejemplo,P\n")
	noName := writeFile(t, dir, "roster.csv", "Nombre,Status,Voting\nCasa Ejemplo,Active,Yes\n")
	noWho := writeFile(t, dir, "asistencia.csv", "Who,2026-01-26\nCasa Ejemplo,P\n")
	badVotes := writeFile(t, dir, "votos.csv", "Meeting,Kind,Yes\n")
	missing := filepath.Join(dir, "nope.csv")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  []string // substrings of stderr
	}{
		{"no command", nil, exitUsage, []string{"Usage: coalition <command>"}},
		{"unknown command", []string{"chek"}, exitUsage, []string{`unknown command "chek"`}},
		{"no members", []string{"check", "--attendance", attendance}, exitUsage, []string{"--members is required"}},
		{"no attendance", []string{"check", "--members", members}, exitUsage, []string{"--attendance is required"}},
		{"unknown flag", []string{"check", "--member", members}, exitUsage, []string{"flag provided but not defined: -member"}},
		{"extra argument", []string{"check", "--members", members, "--attendance", attendance, "votes.csv"}, exitUsage, []string{`unexpected argument "votes.csv"`}},
		{"bad format", []string{"check", "--members", members, "--attendance", attendance, "--format", "xml"}, exitUsage, []string{`--format "xml"`}},
		{"bad lang", []string{"check", "--members", members, "--attendance", attendance, "--lang", "fr"}, exitUsage, []string{`--lang "fr"`}},
		{"bad as-of", []string{"check", "--members", members, "--attendance", attendance, "--as-of", "2026-02-30"}, exitUsage, []string{"--as-of", "does not exist"}},
		{"bad tz", []string{"check", "--members", members, "--attendance", attendance, "--tz", "Mars/Olympus"}, exitUsage, []string{`"Mars/Olympus" is not a time zone`}},
		{"unreadable file", []string{"check", "--members", missing, "--attendance", attendance}, exitUsage, []string{"cannot read " + missing}},
		{"missing Name column", []string{"check", "--members", noName, "--attendance", attendance}, exitUsage, []string{noName + `: the Members tab has no "Name" column`}},
		{"missing columns in two files", []string{"check", "--members", noName, "--attendance", noWho, "--votes", badVotes}, exitUsage, []string{
			noName + `: the Members tab has no "Name" column`,
			noWho + `: the Attendance tab has no "Member ID or Name" column`,
			badVotes + `: the Votes tab has no "No" column`,
		}},
		{"help", []string{"check", "-h"}, exitOK, []string{"Usage: coalition check --members FILE"}},
		{"fine", []string{"check", "--members", members, "--attendance", attendance, "--as-of", "1/26/2026"}, exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.wantCode, errOut)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr = %q, want it to contain %q", errOut, w)
				}
			}
			if tt.wantErr == nil && errOut != "" {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
		})
	}
}

func TestCheckDefaultAsOfUsesTimeZone(t *testing.T) {
	t.Parallel()
	// 03:00 UTC on Nov 23 is still the evening of Nov 22 in Chicago.
	now := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		name, tz, wantAsOf, wantNext string
	}{
		{"Chicago", "America/Chicago", "2026-11-22", "2026-11-23"},
		{"UTC", "UTC", "2026-11-23", "2026-12-28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAt(t, now, append([]string{"check", "--format", "json", "--tz", tt.tz}, examples...)...)
			if code != exitOK {
				t.Fatalf("exit %d; stderr: %s", code, errOut)
			}
			var c contract
			if err := json.Unmarshal([]byte(out), &c); err != nil {
				t.Fatal(err)
			}
			if c.AsOf != tt.wantAsOf || c.NextMeeting != tt.wantNext {
				t.Errorf("as_of, next_meeting = %s, %s, want %s, %s", c.AsOf, c.NextMeeting, tt.wantAsOf, tt.wantNext)
			}
		})
	}
}

func TestMeetings(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC) // Nov 30 in Chicago
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // stdout
		wantErr  string
	}{
		{"2026", []string{"--from", "2026-01", "--to", "2026-12"}, exitOK,
			"2026-01-26\n2026-02-23\n2026-03-23\n2026-04-27\n2026-05-25\n2026-06-22\n2026-07-27\n2026-08-24\n2026-09-28\n2026-10-26\n2026-11-23\n2026-12-28\n", ""},
		{"one month", []string{"--from", "2027-02", "--to", "2027-02"}, exitOK, "2027-02-22\n", ""},
		{"across the year", []string{"--from", "2026-12", "--to", "2027-01"}, exitOK, "2026-12-28\n2027-01-25\n", ""},
		{"default from is this month in Chicago", []string{"--to", "2026-12"}, exitOK, "2026-11-23\n2026-12-28\n", ""},
		{"default from in UTC", []string{"--to", "2027-01", "--tz", "UTC"}, exitOK, "2026-12-28\n2027-01-25\n", ""},
		{"to before from", []string{"--from", "2026-05", "--to", "2026-04"}, exitUsage, "", "--to (2026-04) is before --from (2026-05)"},
		{"bad from", []string{"--from", "2026-13", "--to", "2026-12"}, exitUsage, "", `--from: "2026-13" is not a month`},
		{"day given", []string{"--from", "2026-01-01"}, exitUsage, "", `"2026-01-01" is not a month`},
		{"bad tz", []string{"--tz", "Nowhere"}, exitUsage, "", `"Nowhere" is not a time zone`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runAt(t, now, append([]string{"meetings"}, tt.args...)...)
			if code != tt.wantCode || out != tt.want {
				t.Errorf("exit %d, stdout %q; want %d, %q (stderr %q)", code, out, tt.wantCode, tt.want, errOut)
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", errOut, tt.wantErr)
			}
		})
	}
}

func TestMeetingsDefaultIsTwelveMonths(t *testing.T) {
	t.Parallel()
	code, out, errOut := runAt(t, time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), "meetings")
	if code != exitOK {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	lines := strings.Fields(out)
	if len(lines) != 12 || lines[0] != "2026-03-23" || lines[11] != "2027-02-22" {
		t.Errorf("meetings = %q, want 12 dates from 2026-03-23 to 2027-02-22", lines)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help"}, {"--help"}} {
		code, out, _ := runCLI(t, args...)
		if code != exitOK {
			t.Errorf("%q: exit %d, want 0", args, code)
		}
		for _, c := range commands {
			if !strings.Contains(out, "  "+c.name) {
				t.Errorf("%q: help lacks command %q:\n%s", args, c.name, out)
			}
		}
	}
}

func TestCheckMeetingsTabMovesTheNextMeeting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, meetings, wantNext, wantLine string
	}{
		{"cancelled", "Date,Date override,Cancelled\n11/23/2026,,Yes\n", "2026-12-28", "Next full-coalition meeting: Monday, Dec 28, 2026"},
		{"moved", "Date,Date override,Cancelled\n2026-11-23,11/24/2026,\n", "2026-11-24", "Next full-coalition meeting: Nov 24, 2026"},
		{"nothing changed", "Date,Date override,Cancelled\n2026-11-23,,\n", "2026-11-23", "Next full-coalition meeting: Monday, Nov 23, 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, dir, strings.ReplaceAll(tt.name, " ", "_")+".csv", tt.meetings)
			args := append([]string{"check", "--as-of", "2026-11-22", "--meetings", path}, examples...)
			code, out, errOut := runCLI(t, append(args, "--format", "json")...)
			if code != exitOK {
				t.Fatalf("exit %d; stderr %s", code, errOut)
			}
			var c contract
			if err := json.Unmarshal([]byte(out), &c); err != nil {
				t.Fatal(err)
			}
			if c.NextMeeting != tt.wantNext {
				t.Errorf("next_meeting = %s, want %s", c.NextMeeting, tt.wantNext)
			}
			_, text, _ := runCLI(t, args...)
			if !strings.Contains(text, tt.wantLine) {
				t.Errorf("text lacks %q:\n%s", tt.wantLine, text)
			}
		})
	}
}

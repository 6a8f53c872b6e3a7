package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// lifeCycle is the contract's two lists, decoded strictly; the rest of the
// document is left raw.
type lifeCycle struct {
	AsOf         string          `json:"as_of"`
	NextMeeting  string          `json:"next_meeting"`
	Meetings     json.RawMessage `json:"meetings"`
	Members      json.RawMessage `json:"members"`
	Votes        json.RawMessage `json:"votes"`
	Issues       []issueJSON     `json:"issues"`
	Applications []appJSON       `json:"applications"`
	Approvals    []approvalJSON  `json:"approvals"`
}

type appJSON struct {
	Row     int    `json:"row"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Meeting string `json:"meeting"`
}

type approvalJSON struct {
	Row      int    `json:"row"`
	Status   string `json:"status"`
	Deadline string `json:"deadline"`
}

type issueJSON struct {
	Tab     string `json:"tab"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func decodeLifeCycle(t *testing.T, out string) lifeCycle {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var d lifeCycle
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, out)
	}
	return d
}

var lifeCycleExamples = append(slices.Clone(examples),
	"--applications", "../../examples/applications.csv",
	"--approvals", "../../examples/approvals.csv")

func TestCheckApplicationsAndApprovalsJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, append([]string{"check", "--as-of", "2026-11-22", "--format", "json"}, lifeCycleExamples...)...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr: %s", code, errOut)
	}
	d := decodeLifeCycle(t, out)
	// Worked out by hand from examples/applications.csv: see examples/README.md.
	wantApps := []appJSON{
		{2, "A-0001", "Sunflower Youth Collective (invented)", "admitted", "2026-05-25"},
		{3, "A-0002", "Valley Legal Clinic (invented)", "on_agenda", "2026-11-23"},
		{4, "A-0003", "Lakeside Families United (invented)", "received", ""},
		{5, "", "Fairview Mutual Aid Network (invented)", "on_agenda", "2026-11-23"},
		{6, "A-0004", "valley legal clinic (INVENTED)", "received", ""},
	}
	if !slices.Equal(d.Applications, wantApps) {
		t.Errorf("applications = %+v\nwant %+v", d.Applications, wantApps)
	}
	// As of the end of Nov 22 in Chicago (a day alone: its end).
	wantApprovals := []approvalJSON{
		{2, "approved", "2026-11-19T09:30"},
		{3, "objected", "2026-11-20T14:00"},
		{4, "overdue", "2026-11-21T11:00"},
		{5, "waiting", "2026-11-23T18:30"},
		{6, "waiting", ""},
		{7, "approved", "2026-11-22T08:00"},
	}
	if !slices.Equal(d.Approvals, wantApprovals) {
		t.Errorf("approvals = %+v\nwant %+v", d.Approvals, wantApprovals)
	}
	type place struct {
		tab    string
		row    int
		column string
	}
	var got []place
	for _, is := range d.Issues {
		if is.Tab == "Applications" || is.Tab == "Approval requests" {
			got = append(got, place{is.Tab, is.Row, is.Column})
		}
	}
	want := []place{
		{"Applications", 4, "Email"}, // named as the form's header says it
		{"Applications", 6, "Your organization's name"},
		{"Approval requests", 6, "Requested at"},
		{"Approval requests", 7, "Responses"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues = %+v\nwant %+v", got, want)
	}
}

func TestCheckWithoutTheNewTabsLeavesTheirKeysOut(t *testing.T) {
	t.Parallel()
	code, out, _ := runCLI(t, append([]string{"check", "--as-of", "2026-11-22", "--format", "json"}, examples...)...)
	if code != exitOK || strings.Contains(out, `"applications"`) || strings.Contains(out, `"approvals"`) {
		t.Errorf("exit %d; output has applications or approvals:\n%s", code, out)
	}
	// Given but empty: an empty list, not null.
	dir := t.TempDir()
	apps := writeFile(t, dir, "applications.csv", "Organization name,Email\n")
	approvals := writeFile(t, dir, "approvals.csv", "Requested at,What\n")
	code, out, errOut := runCLI(t, append([]string{"check", "--as-of", "2026-11-22", "--format", "json",
		"--applications", apps, "--approvals", approvals}, examples...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{`"applications": []`, `"approvals": []`} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %s:\n%s", w, out)
		}
	}
}

// TestCheckApprovalAcrossDST: a request at 8:00 PM on Saturday, March 7,
// 2026 in Chicago is due at 8:00 PM on Sunday, after the clocks went
// forward: 23 hours later.
func TestCheckApprovalAcrossDST(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	approvals := writeFile(t, dir, "approvals.csv", "Requested at,What,Responses\n"+
		"3/7/2026 20:00,Name on a letter,\n"+
		"3/7/2026 20:00,Logo on a flyer,\"Approved — Casa Ejemplo\nObjeción — Ana Invented\"\n"+
		"3/7/2026 20:00,Quote,Aprobada por Casa Ejemplo\n")
	tests := []struct {
		asOf string
		want []approvalJSON
	}{
		{"2026-03-08T19:59", []approvalJSON{{2, "waiting", "2026-03-08T20:00"}, {3, "objected", "2026-03-08T20:00"}, {4, "approved", "2026-03-08T20:00"}}},
		{"2026-03-08T20:01", []approvalJSON{{2, "overdue", "2026-03-08T20:00"}, {3, "objected", "2026-03-08T20:00"}, {4, "approved", "2026-03-08T20:00"}}},
		{"2026-03-08 20:00", []approvalJSON{{2, "waiting", "2026-03-08T20:00"}, {3, "objected", "2026-03-08T20:00"}, {4, "approved", "2026-03-08T20:00"}}},
		{"2026-03-07", []approvalJSON{{2, "waiting", "2026-03-08T20:00"}, {3, "objected", "2026-03-08T20:00"}, {4, "approved", "2026-03-08T20:00"}}},
		{"2026-03-08", []approvalJSON{{2, "overdue", "2026-03-08T20:00"}, {3, "objected", "2026-03-08T20:00"}, {4, "approved", "2026-03-08T20:00"}}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCLI(t, append([]string{"check", "--format", "json", "--tz", "America/Chicago",
				"--as-of", tt.asOf, "--approvals", approvals}, examples...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got := decodeLifeCycle(t, out).Approvals; !slices.Equal(got, tt.want) {
				t.Errorf("approvals = %+v\nwant %+v", got, tt.want)
			}
		})
	}
	// The deadline is written on the coalition's clock: in another zone the
	// same request is due at 20:00 there.
	code, out, _ := runCLI(t, append([]string{"check", "--format", "json", "--tz", "Europe/Madrid",
		"--as-of", "2026-03-08T19:59", "--approvals", approvals}, examples...)...)
	if got := decodeLifeCycle(t, out).Approvals; code != exitOK || got[0] != (approvalJSON{2, "waiting", "2026-03-08T20:00"}) {
		t.Errorf("Madrid: exit %d, approvals %+v", code, got)
	}
}

// TestCheckApplicationDecisions: a small invented coalition of three voting
// members, one present on Apr 27, 2026 (no quorum) and all three on May 25.
func TestCheckApplicationDecisions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	members := writeFile(t, dir, "members.csv", "Member ID,Name,Status,Voting,Joined,Working groups\n"+
		"M-0001,Uno (invented),Active,Yes,1/5/2026,Legislative\n"+
		"M-0002,Dos (invented),Active,Yes,1/5/2026,Legislative\n"+
		"M-0003,Tres (invented),Active,Yes,1/5/2026,Legislative\n")
	attendance := writeFile(t, dir, "attendance.csv", "Member ID,4/27/2026,5/25/2026\nM-0001,P,P\nM-0002,A,P\nM-0003,A,P\n")
	votes := writeFile(t, dir, "votes.csv", "Meeting,Kind,Subject,Yes,No\n"+
		"4/27/2026,Admit,A-0001,1,0\n"+ // no quorum
		"5/25/2026,Admit,  casa DOS (invented) ,3,0\n"+ // by name
		"5/25/2026,Admit,A-0003,1,2\n"+ // more no than yes
		"5/25/2026,Admit,A-0009,3,0\n") // no such application
	apps := writeFile(t, dir, "applications.csv", "Timestamp,Organization name,Email,Working groups,Application ID\n"+
		"4/1/2026 9:00,Casa Uno (invented),uno@example.org,Legislative,A-0001\n"+
		"4/2/2026 9:00,Casa Dos (invented),dos@example.org,,A-0002\n"+
		"4/3/2026 9:00,Casa Tres (invented),tres@example.org,,A-0003\n"+
		"5/26/2026 9:00,Casa Cuatro (invented),cuatro@example.org,,\n")
	code, out, errOut := runCLI(t, "check", "--format", "json", "--as-of", "2026-06-01", "--members", members,
		"--attendance", attendance, "--votes", votes, "--applications", apps)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	d := decodeLifeCycle(t, out)
	want := []appJSON{
		{2, "A-0001", "Casa Uno (invented)", "not_admitted", "2026-04-27"},
		{3, "A-0002", "Casa Dos (invented)", "admitted", "2026-05-25"},
		{4, "A-0003", "Casa Tres (invented)", "not_admitted", "2026-05-25"},
		{5, "", "Casa Cuatro (invented)", "on_agenda", "2026-06-22"},
	}
	if !slices.Equal(d.Applications, want) {
		t.Errorf("applications = %+v\nwant %+v", d.Applications, want)
	}
	found := false
	for _, is := range d.Issues {
		if is.Tab == "Votes" && is.Row == 5 && is.Column == "Subject" && strings.Contains(is.Message, `"A-0009"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no issue for the vote naming an unknown application: %+v", d.Issues)
	}

	// The same in words, in Spanish.
	code, out, errOut = runCLI(t, "check", "--lang", "es", "--as-of", "2026-06-01", "--members", members,
		"--attendance", attendance, "--votes", votes, "--applications", apps)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{
		"Solicitudes de ingreso (4)",
		"Fila 2 de Applications, Casa Uno (invented) (A-0001): No admitida el 27 abr 2026: No es válida: no hubo quórum",
		"Fila 3 de Applications, Casa Dos (invented) (A-0002): Admitida el 25 may 2026: Aprobada: 3 a favor",
		"Fila 4 de Applications, Casa Tres (invented) (A-0003): No admitida el 25 may 2026: No aprobada: 1 a favor, 2 en contra",
		"Fila 5 de Applications, Casa Cuatro (invented): En el orden del día de la reunión del 22 jun 2026",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("Spanish report lacks %q\n--- report:\n%s", w, out)
		}
	}
}

func TestCheckLifeCycleText(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, append([]string{"check", "--as-of", "2026-11-22"}, lifeCycleExamples...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{
		"Applications (5)",
		"  Applications row 3, Valley Legal Clinic (invented) (A-0002): On the agenda of the Nov 23, 2026 meeting",
		"  Applications row 4, Lakeside Families United (invented) (A-0003): Received, not on an agenda yet: it has no email",
		"Requests to approve the coalition's name or image (6)",
		`  Approval requests row 3, "Coalition logo on a rally flyer": Objected by Maple Street Clinic (invented) (answers due by Nov 20, 2026 2:00 PM)`,
		`  Approval requests row 4, "Quote in a press release": Overdue: no answer by Nov 21, 2026 11:00 AM`,
		`  Approval requests row 5, "Name on a joint statement": Waiting: 18 hours left (answers due by Nov 23, 2026 6:30 PM)`,
		`  Applications tab, row 4, column Email: This application has no email`,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q\n--- report:\n%s", w, out)
		}
	}
}

func TestCheckAsOfWithATime(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"2026-03-08T25:00", "2026-03-08T", "tomorrow 9:00"} {
		code, _, errOut := runCLI(t, append([]string{"check", "--as-of", bad}, examples...)...)
		if code != exitUsage || !strings.Contains(errOut, "--as-of") {
			t.Errorf("--as-of %q: exit %d, stderr %q; want a usage error", bad, code, errOut)
		}
	}
	code, out, _ := runCLI(t, append([]string{"check", "--format", "json", "--as-of", "2026-11-22T09:00"}, examples...)...)
	var d struct {
		AsOf string `json:"as_of"`
	}
	if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil || d.AsOf != "2026-11-22" {
		t.Errorf("exit %d, as_of %q, err %v; want 2026-11-22", code, d.AsOf, err)
	}
}

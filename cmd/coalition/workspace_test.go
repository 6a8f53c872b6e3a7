package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/demo"
	"github.com/coalitionsync/coalitionsync/service"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

func TestMain(m *testing.M) { firestoretest.Main(m) }

// cli runs the command line with settings from vars, against the local
// Google stand-in, and returns the exit code and what it printed.
func cli(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdout: &out, stderr: &errOut, lookup: envconfig.MapLookuper(vars),
		now: func() time.Time { return time.Date(2026, time.April, 1, 17, 0, 0, 0, time.UTC) }}
	code := run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

// consent returns an AUTHORIZED_USER value, as 'coalition auth' writes it,
// for a facilitator who consented to the service's scopes.
func consent(t *testing.T, ws *workspacetest.Server, email string) string {
	t.Helper()
	b, err := json.Marshal(map[string]string{"type": "authorized_user", "client_id": "123-invented.apps.googleusercontent.com",
		"client_secret": "invented", "refresh_token": ws.Consent(email, service.Scopes...)})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSetupPlanSync(t *testing.T) {
	ws := workspacetest.NewServer()
	defer ws.Close()
	// As at Google: only a person's account can create the files.
	ws.LimitServiceAccounts(true)
	vars := map[string]string{
		"COALITION_ID":         "invented",
		"GOOGLE_CLOUD_PROJECT": firestoretest.ProjectID(t),
		"WORKSPACE_ENDPOINT":   ws.URL,
		"LOG_LEVEL":            "error",
		"AUTHORIZED_USER":      consent(t, ws, "facilitator@example.org"),
	}
	firestoretest.Emulator(t)

	code, out, errOut := cli(t, vars, "setup", "--title", "Invented Coalition")
	if code != exitOK {
		t.Fatalf("setup = %d: %s%s", code, out, errOut)
	}
	m := regexp.MustCompile(`SPREADSHEET_ID=(\S+)`).FindStringSubmatch(out)
	d := regexp.MustCompile(`DIRECTORY_SPREADSHEET_ID=(\S+)`).FindStringSubmatch(out)
	if m == nil || d == nil {
		t.Fatalf("setup printed no IDs:\n%s", out)
	}
	vars["SPREADSHEET_ID"], vars["DIRECTORY_SPREADSHEET_ID"] = m[1], d[1]
	// A facilitator types the roster and two meetings of attendance.
	if err := ws.SetCells(m[1], "Members!A2", [][]string{{"", "Casa Ejemplo", "Organization"}, {"", "Lena Example", "Individual"}}); err != nil {
		t.Fatal(err)
	}
	header := ws.Values(m[1], "Members!1:1")[0]
	col := func(name string) string {
		for j, h := range header {
			if h == name {
				return string(rune('A' + j))
			}
		}
		t.Fatalf("no %s column in %q", name, header)
		return ""
	}
	for _, c := range []struct{ col, v string }{{"Status", "Active"}, {"Voting", "Yes"}, {"Working groups", "Legislative"}} {
		if err := ws.SetCells(m[1], "Members!"+col(c.col)+"2", [][]string{{c.v}, {c.v}}); err != nil {
			t.Fatal(err)
		}
	}

	ws.ResetCalls()
	code, out, errOut = cli(t, vars, "plan")
	if code != exitOK || !strings.Contains(out, "Members row 2 (Casa Ejemplo): new Member ID M-0001") {
		t.Fatalf("plan = %d:\n%s%s", code, out, errOut)
	}
	for method := range ws.Calls() {
		if strings.Contains(method, "update") || strings.Contains(method, "Update") || strings.Contains(method, "create") {
			t.Errorf("plan called %s", method)
		}
	}

	code, out, errOut = cli(t, vars, "sync")
	if code != exitOK || !strings.Contains(out, "Wrote") {
		t.Fatalf("sync = %d:\n%s%s", code, out, errOut)
	}
	if got := ws.Values(m[1], "Members!"+col("Member ID")+"2:"+col("Member ID")+"3"); len(got) != 2 || got[0][0] != "M-0001" || got[1][0] != "M-0002" {
		t.Errorf("Member IDs after sync = %q, want M-0001 and M-0002", got)
	}
	if dir := ws.Values(d[1], "Directory"); len(dir) != 3 {
		t.Errorf("member directory = %q, want a header and 2 members", dir)
	}
	cli(t, vars, "sync") // reads our own write-back
	code, out, _ = cli(t, vars, "sync")
	if code != exitOK || !strings.Contains(out, "Nothing changed since the last sync") {
		t.Errorf("third sync = %d: %s", code, out)
	}

	// Someone deletes the Name header: the sync refuses, says why, exits 3.
	if err := ws.SetCells(m[1], "Members!"+col("Name")+"1", [][]string{{""}}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = cli(t, vars, "sync")
	if code != exitBlocked || !strings.Contains(errOut, "Name") {
		t.Fatalf("sync without a Name column = %d: %s%s; want exit 3 naming the column", code, out, errOut)
	}
	if got := ws.Values(m[1], "Members!"+col("Member ID")+"2"); len(got) != 1 || got[0][0] != "M-0001" {
		t.Errorf("a blocked sync changed Members: %q", got)
	}
}

// A plain service account cannot create files or share them: setup says
// so before calling Google and how to give it files a person made, adopts
// those, and each sync says in the Sync issues tab why the directory is not
// shared, without asking Drive.
func TestPlainServiceAccountAdoptsWhatPeopleMade(t *testing.T) {
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.LimitServiceAccounts(true)
	vars := map[string]string{
		"COALITION_ID":         "invented",
		"GOOGLE_CLOUD_PROJECT": firestoretest.ProjectID(t),
		"WORKSPACE_ENDPOINT":   ws.URL,
		"LOG_LEVEL":            "error",
	}
	firestoretest.Emulator(t)

	code, out, errOut := cli(t, vars, "setup")
	if code != exitUsage || !strings.Contains(errOut, "does not allow to create files") || !strings.Contains(errOut, "Editor") ||
		!strings.Contains(errOut, "AUTHORIZED_USER") || !strings.Contains(errOut, "DELEGATED_SERVICE_ACCOUNT") {
		t.Fatalf("setup as a plain service account = %d:\n%s%s\nwant exit 2, how to share a file as Editor, and both other ways", code, out, errOut)
	}
	if n := ws.Calls()["sheets.spreadsheets.create"]; n != 0 {
		t.Errorf("setup asked Google to create a spreadsheet %d times; it should refuse before the call", n)
	}

	// A person makes both spreadsheets and shares them as Editor.
	vars["SPREADSHEET_ID"] = ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{
		"Members": {{"Name", "Type", "Status", "Voting", "Working groups", "Email"}, {"Casa Ejemplo", "Organization", "Active", "Yes", "Legislative", "casa@example.org"}}})
	vars["DIRECTORY_SPREADSHEET_ID"] = ws.CreateSpreadsheet("Invented Coalition member directory", map[string][][]string{"Directory": nil})
	code, out, errOut = cli(t, vars, "setup")
	if code != exitOK || ws.Calls()["sheets.spreadsheets.create"] != 0 {
		t.Fatalf("setup of a person's spreadsheet = %d (creates %d):\n%s%s", code, ws.Calls()["sheets.spreadsheets.create"], out, errOut)
	}
	ws.ResetCalls()
	code, out, errOut = cli(t, vars, "sync")
	if code != exitOK {
		t.Fatalf("sync = %d:\n%s%s", code, out, errOut)
	}
	for _, m := range []string{"drive.permissions.list", "drive.permissions.create"} {
		if n := ws.Calls()[m]; n != 0 {
			t.Errorf("sync as a plain service account called %s %d times; it should not ask Drive to share", m, n)
		}
	}
	issues := fmt.Sprint(ws.Values(vars["SPREADSHEET_ID"], "'Sync issues'"))
	if !strings.Contains(issues, "member directory is not shared") || !strings.Contains(issues, "AUTHORIZED_USER") {
		t.Errorf("Sync issues = %s, want the reason the directory is not shared and what to set", issues)
	}
	if dir := ws.Values(vars["DIRECTORY_SPREADSHEET_ID"], "Directory"); len(dir) != 2 {
		t.Errorf("member directory = %q, want it written (a header and 1 member)", dir)
	}
}

func TestSettingsErrorsSayWhatToSet(t *testing.T) {
	t.Parallel()
	code, _, errOut := cli(t, map[string]string{}, "sync")
	if code != exitUsage || !strings.Contains(errOut, "COALITION_ID is not set") || !strings.Contains(errOut, "GOOGLE_CLOUD_PROJECT is not set") {
		t.Errorf("sync without settings = %d, %q; want exit 2 naming what to set", code, errOut)
	}
	code, _, errOut = cli(t, map[string]string{"LANGUAGE": "fr"}, "setup")
	if code != exitUsage || !strings.Contains(errOut, "LANGUAGE") {
		t.Errorf("setup with LANGUAGE=fr = %d, %q; want exit 2 naming LANGUAGE", code, errOut)
	}
}

func TestDemo(t *testing.T) {
	code, out, errOut := cli(t, nil, "demo")
	if code != exitOK {
		t.Fatalf("demo = %d:\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"Yes — 10 of 11 voting members present; 8 needed",           // March 23: hand-computed in examples/README.md
		"No — 4 of 10 voting members present; 7 needed",             // July 27
		"Removal review due: absent without notice on Apr 27, 2026", // Río Claro
		"Nothing changed since the last sync",
		"Calls: drive.files.get 1; Firestore writes: 0",
		// Invitations: three meetings, twelve guests each, addresses hidden.
		"2026-11-23T18:00 Full coalition meeting — 12 guests, video meeting https://meet.google.com/",
		"guests see each other: false",
		"Invitation emails sent: 36, to 12 people",
		// A decline becomes N; a new member is invited alone.
		"N for Ana Invented: everyone invited for this member declined the invitation to the meeting of Nov 23, 2026",
		"Emails sent: 3, only to the new member (Puentes Nuevos (invented)); the other guests got none.",
		// The agenda a week ahead; an application admitted at the meeting.
		"The agenda of the meeting of Nov 23, 2026, made a week ahead in the shared folder",
		"Río Claro Legal Aid (invented) — absent without notice on Apr 27, 2026; Jun 22, 2026; Aug 24, 2026",
		"| Valley Legal Clinic (invented) | A-0002 | On the agenda of the Nov 23, 2026 meeting |",
		"| Quote in a press release | Nov 21, 2026 11:00 AM | Overdue: no answer by Nov 21, 2026 11:00 AM |",
		"new member admitted by a valid vote (application A-0002); new Member ID M-0019",
		"Shared folder: let Valley Legal Clinic (invented) (M-0019) edit it; no email is sent",
		"| M-0019 | Valley Legal Clinic (invented) | Active | Yes | 2026-11-23 | Legislative |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(out, "rioclaro@example.org") {
		t.Errorf("demo's directory shows the email of a member who did not consent")
	}
}

// The measured demo goes through the deployed handlers: its figures are
// counts, the same on any machine.
func TestDemoJSON(t *testing.T) {
	code, out, errOut := cli(t, nil, "demo", "--json", "--members", "60")
	if code != exitOK {
		t.Fatalf("demo --json = %d:\n%s%s", code, out, errOut)
	}
	var rep demo.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("demo --json printed no JSON document: %v\n%s", err, out)
	}
	// 58 Active members (2 of 60 withdrawn) and 10 alternates, three meetings.
	if rep.Members != 60 || rep.InvitesSent != 3*68 {
		t.Errorf("members %d, invitations %d; want 60 and %d", rep.Members, rep.InvitesSent, 3*68)
	}
	if rep.DriveGrants != 58 || rep.APICalls["calendar.events.insert"] != 3 {
		t.Errorf("first sync: %d grants, %d events; want 58 and 3 (%v)", rep.DriveGrants, rep.APICalls["calendar.events.insert"], rep.APICalls)
	}
	if e := rep.EditSync; e.SheetsCalls != 2 || e.WorkspaceWriteCalls != 1 {
		t.Errorf("edit sync = %+v, want one read and one write of the spreadsheet", e)
	}
	if r := rep.Rerun; r.WorkspaceWriteCalls != 0 {
		t.Errorf("rerun with nothing new = %+v, want no write at Google", r)
	}
	if r := rep.ReconcileRerun; r.WorkspaceWriteCalls != 0 || r.FirestoreWrites != 0 || r.WorkspaceCalls != 2 {
		t.Errorf("reconcile with nothing new = %+v, want 2 reads (the version, the answers) and no write", r)
	}
}

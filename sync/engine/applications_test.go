package engine_test

import (
	driveapi "google.golang.org/api/drive/v3"

	"context"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/sync/engine"
)

// applying is a small coalition whose March meeting had everyone present,
// with one application received before it and an Admit vote there.
func applying(yes, no string) map[string][][]string {
	return map[string][][]string{
		"Members": {
			{"Name", "Type", "Status", "Voting", "Joined", "Working groups", "Email"},
			{"Casa Ejemplo", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "casa@example.org"},
			{"Río Abierto Collective", "Organization", "Active", "Yes", "2025-06-01", "Communications", "rio@example.org"},
			{"Lena Example", "Individual", "Active", "Yes", "2025-06-01", "Base building", "lena@example.org"},
		},
		"Attendance": {
			{"Name", "3/23/2026"},
			{"Casa Ejemplo", "P"}, {"Río Abierto Collective", "P"}, {"Lena Example", "P"},
		},
		"Votes": {
			{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"},
			{"2026-03-23", "Admit Puente Nuevo", "Admit", "A-0001", yes, no, "0"},
		},
		"Meetings": {{"Date", "Date override", "Cancelled", "Notes link"}},
		"Applications": {
			{"Timestamp", "Organization name", "Email", "Working group", "Address", "Why do you want to join?"},
			{"3/1/2026 10:15:00", "Puente Nuevo (invented)", "puente@example.org", "Legislative", "1 Invented Way", "To work together"},
		},
	}
}

// rowsNamed counts the Members rows with a name.
func rowsNamed(e *env, name string) int {
	n := 0
	for _, r := range e.ws.Values(e.id, "Members") {
		if len(r) > 0 && r[0] == name {
			n++
		}
	}
	return n
}

func TestAdmittedApplicationBecomesAMemberOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, applying("3", "0"))
	res := e.run(t, engine.RunOptions{})
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 1 {
		t.Fatalf("Members rows for the admitted application = %d, want 1", got)
	}
	row := len(e.ws.Values(e.id, "Members"))
	for col, want := range map[string]string{"Status": "Active", "Voting": "Yes", "Joined": "2026-03-23",
		"Email": "puente@example.org", "Working groups": "Legislative", "Member ID": "M-0004"} {
		if got := e.cell(t, "Members", row, col); got != want {
			t.Errorf("new member's %s = %q, want %q", col, got, want)
		}
	}
	if got := e.cell(t, "Applications", 2, "Application ID"); got != "A-0001" {
		t.Errorf("Application ID = %q, want A-0001", got)
	}
	if got := e.cell(t, "Applications", 2, "Application status"); !strings.Contains(got, "dmitted") || strings.Contains(got, "Not") {
		t.Errorf("Application status = %q, want admitted", got)
	}
	if got := e.cell(t, "Attendance", 5, "Name"); got != "Puente Nuevo (invented)" {
		t.Errorf("Attendance row for the new member = %q, want its name", got)
	}
	said := strings.Join(res.Plan.Describe("en"), "\n")
	if !strings.Contains(said, "new member admitted by a valid vote (application A-0001)") {
		t.Errorf("the plan does not tell the admission:\n%s", said)
	}
	for range 2 {
		e.run(t, engine.RunOptions{Force: true})
	}
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 1 {
		t.Errorf("Members rows after three runs = %d, want 1", got)
	}
	// Renamed by a person: still never appended again.
	if err := e.ws.SetCells(e.id, "Members!A5", [][]string{{"Puente Nuevo Coalition (invented)"}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, engine.RunOptions{})
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 0 {
		t.Errorf("the renamed member was appended again (%d rows)", got)
	}
}

func TestAdmissionInterruptedBeforeTheSaveIsNotRepeated(t *testing.T) {
	t.Parallel()
	e := newEnv(t, applying("3", "0"))
	e.engine.Store = &failOnce{Coalition: e.coal}
	if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err == nil {
		t.Fatal("run with the save failing = nil error")
	}
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 1 {
		t.Fatalf("rows written before the crash = %d, want 1", got)
	}
	e.run(t, engine.RunOptions{})
	e.run(t, engine.RunOptions{Force: true})
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 1 {
		t.Errorf("Members rows after the crash and two runs = %d, want 1", got)
	}
}

func TestApplicationNotAdmitted(t *testing.T) {
	t.Parallel()
	noQuorum := applying("1", "0")
	noQuorum["Attendance"] = [][]string{{"Name", "3/23/2026"}, {"Casa Ejemplo", "P"}, {"Río Abierto Collective", "A"}, {"Lena Example", "N"}}
	for name, tabs := range map[string]map[string][][]string{"more no than yes": applying("1", "2"), "no quorum": noQuorum} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, tabs)
			e.run(t, engine.RunOptions{})
			if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 0 {
				t.Errorf("Members rows = %d, want none", got)
			}
			if got := e.cell(t, "Applications", 2, "Application status"); !strings.HasPrefix(got, "Not admitted") {
				t.Errorf("Application status = %q, want Not admitted…", got)
			}
		})
	}
}

func TestApprovalRequestsGetADeadlineAndAStatus(t *testing.T) {
	t.Parallel()
	tabs := invented()
	tabs["Approval requests"] = [][]string{
		{"Requested at", "What", "Link", "Requested by", "Responses"},
		{"3/31/2026 16:00", "Use our logo on the rally flyer", "https://example.org/flyer", "Casa Ejemplo", ""},
		{"3/30/2026 10:00", "Sign the letter on school meals", "", "Lena Example", ""},
		{"3/31/2026 9:00", "Quote the coalition in the paper", "", "Lena Example", "Approved — Casa Ejemplo"},
	}
	e := newEnv(t, tabs) // April 1, 15:00 UTC
	e.run(t, engine.RunOptions{})
	for row, want := range map[int][2]string{
		2: {"waiting", "Apr 1, 2026 4:00 PM"}, 3: {"overdue", "Mar 31, 2026 10:00 AM"}, 4: {"approved", "Apr 1, 2026 9:00 AM"},
	} {
		status := strings.ToLower(e.cell(t, "Approval requests", row, "Status"))
		if !strings.Contains(status, want[0]) {
			t.Errorf("row %d status = %q, want %s", row, status, want[0])
		}
		if d := e.cell(t, "Approval requests", row, "Deadline"); d != want[1] {
			t.Errorf("row %d deadline = %q, want %q (the same time the next day)", row, d, want[1])
		}
	}
	dash := strings.Join(flat(e.ws.Values(e.id, "Dashboard")), " | ")
	if !strings.Contains(dash, "Approval request waiting for answers | Use our logo on the rally flyer") ||
		!strings.Contains(dash, "Approval request past its deadline, with no answer | Sign the letter on school meals") {
		t.Errorf("the Dashboard does not show the open and overdue requests: %s", dash)
	}
	if strings.Contains(dash, "Quote the coalition") {
		t.Errorf("the Dashboard shows an approved request: %s", dash)
	}
}

// An admission in a run that also re-plans for the shared folder (access
// given by hand shows on the Dashboard) still appends the member, once.
func TestAdmissionWhileTheFolderIsShared(t *testing.T) {
	t.Parallel()
	e := newEnv(t, applying("3", "0"))
	folderID, person := withFolder(t, e)
	if _, err := person.Permissions.Create(folderID, &driveapi.Permission{Type: "user", Role: "reader", EmailAddress: "guest.speaker@example.com"}).
		SendNotificationEmail(false).SupportsAllDrives(true).Do(); err != nil {
		t.Fatal(err)
	}
	e.run(t, engine.RunOptions{})
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 1 {
		t.Fatalf("Members rows for the admitted application = %d, want 1", got)
	}
	if got := access(t, e, folderID)["puente@example.org"]; got != "writer" {
		t.Errorf("the admitted member's folder access = %q, want writer in the same run", got)
	}
	e.run(t, engine.RunOptions{Force: true})
	if got := rowsNamed(e, "Puente Nuevo (invented)"); got != 1 {
		t.Errorf("Members rows after another run = %d, want 1", got)
	}
}

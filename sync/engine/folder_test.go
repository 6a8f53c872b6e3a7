package engine_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// The coalition's shared folder, shared by the engine beside the member
// directory, against workspacetest and the Firestore emulator. Invented
// names and addresses only.

// withFolder makes the shared folder as setup does (drive.CreateFolder, by
// the account the service acts as) and lets the engine share it with the
// defaults (writer, no email). It returns the folder's ID and a Drive
// client acting as a facilitator by hand.
func withFolder(t *testing.T, e *env) (string, *driveapi.Service) {
	t.Helper()
	ds, err := driveapi.NewService(context.Background(), e.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	dc := drive.NewClient(ds)
	dc.Retry = fastRetry
	id, err := dc.CreateFolder(context.Background(), "Invented Coalition shared folder")
	if err != nil {
		t.Fatalf("CreateFolder: %v", err)
	}
	e.engine.FolderID, e.engine.Sharer = id, dc
	return id, ds
}

// folderMembers is a roster with an Alternates column: one member with two
// alternates (one written with a name), one without email.
func folderMembers() map[string][][]string {
	tabs := invented()
	tabs["Members"] = [][]string{
		{"Name", "Type", "Status", "Voting", "Joined", "Working groups", "Email", "Alternates"},
		{"Casa Ejemplo", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "casa@example.org", "Rosa Invented <rosa@example.net>; luis@example.net"},
		{"Río Abierto Collective", "Organization", "Active", "Yes", "2025-06-01", "Communications", "rio@example.org", ""},
		{"Lena Example", "Individual", "Active", "Yes", "2025-06-01", "Communications", "lena@example.org", ""},
		{"Northside", "Organization", "Active", "Yes", "2025-06-01", "Base building", "", ""},
	}
	return tabs
}

// access maps each address that can open fileID to its role.
func access(t *testing.T, e *env, fileID string) map[string]string {
	t.Helper()
	perms, err := e.ws.Permissions(fileID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range perms {
		if p.Role != "owner" {
			out[p.EmailAddress] = p.Role
		}
	}
	return out
}

// permissionCalls counts the run's calls that read or change who can open a file.
func permissionCalls(e *env) map[string]int {
	out := map[string]int{}
	for m, n := range e.ws.Calls() {
		if strings.HasPrefix(m, "drive.permissions.") {
			out[m] = n
		}
	}
	return out
}

// setStatus types a member's Status, a minute later.
func setStatus(t *testing.T, e *env, row int, status string) {
	t.Helper()
	if err := e.ws.SetCells(e.id, fmt.Sprintf("Members!C%d", row), [][]string{{status}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
}

func dashboard(e *env) string { return strings.Join(flat(e.ws.Values(e.id, "Dashboard")), " | ") }

func syncIssues(e *env) string { return strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ") }

// Members and their alternates get the folder as writers, without an
// email from Drive; the next runs, with nothing new, do not call Drive's
// permissions at all, even when forced to read and plan.
func TestFolderMembersAndAlternatesGetWriterWithoutEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	folderID, _ := withFolder(t, e)

	res := e.run(t, engine.RunOptions{})
	want := map[string]string{"casa@example.org": "writer", "rosa@example.net": "writer", "luis@example.net": "writer",
		"rio@example.org": "writer", "lena@example.org": "writer"}
	if got := access(t, e, folderID); !mapsEqualStr(got, want) {
		t.Errorf("folder access = %v, want %v", got, want)
	}
	if res.FolderSharing == nil || res.FolderSharing.Granted != 5 {
		t.Errorf("folder sharing = %+v, want 5 granted", res.FolderSharing)
	}
	if got := e.ws.SharingEmails(); len(got) != 0 {
		t.Errorf("Drive sent %d sharing emails, want none (SHARED_FOLDER_NOTIFY is off)", len(got))
	}
	if d := dashboard(e); !strings.Contains(d, "Shared folder: access given by hand | Nobody") {
		t.Errorf("Dashboard = %s, want the folder's access given by hand: nobody", d)
	}

	for _, opts := range []engine.RunOptions{{}, {}, {Force: true}} {
		e.ws.ResetCalls()
		res := e.run(t, opts)
		if got := permissionCalls(e); len(got) != 0 {
			t.Errorf("run %+v called %v, want no permission call", opts, got)
		}
		if res.FolderSharing != nil {
			t.Errorf("run %+v shared the folder again: %+v", opts, res.FolderSharing)
		}
	}
	st := loadState(t, e)
	if n := len(drive.ForFile(toGranted(st.GrantedPermissions), folderID)); n != 5 {
		t.Errorf("records of the folder = %d, want 5", n)
	}
}

// A member whose Status becomes Withdrawn loses the access the service
// gave; a guest a facilitator shared the folder with keeps it, and so does
// a member the facilitator shared it with by hand: the Dashboard lists
// them (the member by name, the guest only counted, never by address).
func TestFolderRemovalKeepsWhatPeopleGave(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	folderID, person := withFolder(t, e)
	for _, email := range []string{"guest.speaker@example.com", "lena@example.org"} {
		if _, err := person.Permissions.Create(folderID, &driveapi.Permission{Type: "user", Role: "commenter", EmailAddress: email}).
			SendNotificationEmail(false).SupportsAllDrives(true).Do(); err != nil {
			t.Fatalf("a facilitator shares by hand: %v", err)
		}
	}
	e.run(t, engine.RunOptions{})
	if got := access(t, e, folderID); got["lena@example.org"] != "commenter" || got["rio@example.org"] != "writer" {
		t.Fatalf("folder access = %v, want Lena left as the facilitator shared it and Río a writer", got)
	}

	setStatus(t, e, 3, "Withdrawn") // Río Abierto Collective
	setStatus(t, e, 4, "Withdrawn") // Lena Example
	res := e.run(t, engine.RunOptions{})
	got := access(t, e, folderID)
	if _, ok := got["rio@example.org"]; ok {
		t.Errorf("folder access = %v, want Río's access (the service's) taken away", got)
	}
	if got["guest.speaker@example.com"] != "commenter" || got["lena@example.org"] != "commenter" {
		t.Errorf("folder access = %v, want the guest's and Lena's access (given by hand) kept", got)
	}
	if res.FolderSharing == nil || res.FolderSharing.Revoked != 1 {
		t.Errorf("folder sharing = %+v, want 1 revoked", res.FolderSharing)
	}
	d := dashboard(e)
	if !strings.Contains(d, "Lena Example (M-0003, no longer an Active member), 1 other person") {
		t.Errorf("Dashboard = %s, want Lena named as a former member and the guest counted", d)
	}
	if strings.Contains(d, "guest.speaker") || strings.Contains(d, "@") {
		t.Errorf("Dashboard = %s, want no address", d)
	}
}

// More than max(3, 10%) revocations at once are all held back: a Sync
// issues row says why, and a new member still gets access. Once a
// facilitator removes those people by hand, the next sync that reads the
// sheet lets go of them and the row is gone.
func TestFolderRevocationGuardThenPersonConfirms(t *testing.T) {
	t.Parallel()
	tabs := invented()
	members := [][]string{{"Name", "Type", "Status", "Voting", "Joined", "Working groups", "Email"}}
	for i := 1; i <= 20; i++ {
		members = append(members, []string{fmt.Sprintf("Invented Group %02d", i), "Organization", "Active", "Yes", "2025-06-01", "Legislative", fmt.Sprintf("group%02d@example.org", i)})
	}
	tabs["Members"] = members
	tabs["Attendance"] = [][]string{{"Name"}}
	e := newEnv(t, tabs)
	folderID, person := withFolder(t, e)
	if res := e.run(t, engine.RunOptions{}); res.FolderSharing == nil || res.FolderSharing.Granted != 20 {
		t.Fatalf("first run: folder sharing %+v, want 20 granted", res.FolderSharing)
	}

	for row := 2; row <= 5; row++ { // four members leave at once
		setStatus(t, e, row, "Withdrawn")
	}
	if err := e.ws.SetCells(e.id, "Members!A22:G22", [][]string{{"Invented Newcomer", "Organization", "Active", "No", "2026-03-23", "Legislative", "newcomer@example.org"}}); err != nil {
		t.Fatal(err)
	}
	res := e.run(t, engine.RunOptions{})
	got := access(t, e, folderID)
	if len(got) != 21 || got["newcomer@example.org"] != "writer" || got["group01@example.org"] != "writer" {
		t.Errorf("folder access = %v, want nobody removed and the newcomer added (21)", got)
	}
	if fp := res.Plan.FolderSharing; fp == nil || !fp.IsBlocked() || len(fp.Held) != 4 || res.FolderSharing.Revoked != 0 || res.FolderSharing.Granted != 1 {
		t.Fatalf("folder plan %+v, result %+v; want 4 held back, none revoked, 1 granted", fp, res.FolderSharing)
	}
	if is := syncIssues(e); !strings.Contains(is, "4 people would lose access to the coalition's shared folder at once") {
		t.Errorf("Sync issues = %s, want why nothing was removed", is)
	}

	// A facilitator confirms: removes the four by hand in Drive.
	perms, err := e.ws.Permissions(folderID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range perms {
		switch p.EmailAddress {
		case "group01@example.org", "group02@example.org", "group03@example.org", "group04@example.org":
			if err := person.Permissions.Delete(folderID, p.Id).SupportsAllDrives(true).Do(); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.clock.add(24 * time.Hour) // the next day's reconcile reads the sheet again
	e.ws.ResetCalls()
	res = e.run(t, engine.RunOptions{})
	if fp := res.Plan.FolderSharing; fp == nil || fp.IsBlocked() || len(fp.Forgotten) != 4 || len(fp.Grants)+len(fp.Revokes) != 0 {
		t.Fatalf("folder plan after the facilitator removed them = %+v, want not blocked, 4 records let go, nothing else", fp)
	}
	if is := syncIssues(e); strings.Contains(is, "shared folder") {
		t.Errorf("Sync issues = %s, want the guard's row gone", is)
	}
	if n := len(drive.ForFile(toGranted(loadState(t, e).GrantedPermissions), folderID)); n != 17 {
		t.Errorf("records of the folder = %d, want 17 (16 members and the newcomer)", n)
	}
	e.clock.add(24 * time.Hour)
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{})
	if got := permissionCalls(e); len(got) != 0 {
		t.Errorf("the day after, with nothing new, the run called %v; want no permission call", got)
	}
}

// A plain service account cannot share: one Sync issues row says so, and
// Drive is never called about the folder.
func TestFolderPlainServiceAccountSaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	e.engine.FolderID, e.engine.CannotShare = "folder-shared-by-hand", true
	e.run(t, engine.RunOptions{})
	if got := permissionCalls(e); len(got) != 0 {
		t.Errorf("calls = %v, want no permission call", got)
	}
	is := syncIssues(e)
	if n := strings.Count(is, "The coalition's shared folder (SHARED_FOLDER_ID) is not shared with the members: the service acts as a plain service account"); n != 1 {
		t.Errorf("Sync issues = %s; want the plain service account's row once, got %d", is, n)
	}
}

// A folder a person made, with the service on the narrow drive.file
// scope: Drive will not let the service share it. The run does not fail;
// it records the refusal, says so in Sync issues, and asks Drive no more.
func TestFolderPersonMadeIsNotSharedAndSaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	folderID, _ := withFolder(t, e) // made by the fake's default caller: not the facilitator's app
	tok := e.ws.Consent("facilitator@example.org", "https://www.googleapis.com/auth/spreadsheets",
		"https://www.googleapis.com/auth/drive.metadata.readonly", "https://www.googleapis.com/auth/drive.file")
	ts := (&oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: "https://oauth2.googleapis.com/token"}}).
		TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, e.ws.HTTPClient()), &oauth2.Token{RefreshToken: tok})
	ds, err := driveapi.NewService(context.Background(), option.WithHTTPClient(&http.Client{Transport: &oauth2.Transport{Source: ts, Base: e.ws.HTTPClient().Transport}}))
	if err != nil {
		t.Fatal(err)
	}
	e.engine.Sharer = drive.NewClient(ds)

	if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err != nil {
		t.Fatalf("Run with a folder Drive will not let it share: %v, want no failure", err)
	}
	if got := access(t, e, folderID); len(got) != 0 {
		t.Errorf("folder access = %v, want none", got)
	}
	if st := loadState(t, e); st.FolderRefused != folderID {
		t.Errorf("recorded refusal = %q, want the folder %q", st.FolderRefused, folderID)
	}
	setStatus(t, e, 3, "Active") // an edit, so that the next run reads and plans
	if err := e.ws.SetCells(e.id, "Members!A6:G6", [][]string{{"Invented Newcomer", "Organization", "Active", "No", "2026-03-23", "Legislative", "newcomer@example.org"}}); err != nil {
		t.Fatal(err)
	}
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{})
	if got := permissionCalls(e); len(got) != 0 {
		t.Errorf("the next run asked Drive %v again", got)
	}
	if is := syncIssues(e); !strings.Contains(is, "Google Drive did not let the service share it") || !strings.Contains(is, "SHARED_FOLDER_ID") {
		t.Errorf("Sync issues = %s, want why the folder is not shared", is)
	}
}

// The member directory and the shared folder change in the same runs:
// the one record of the service's grants stays right for both across
// three runs (every record names a permission the file really has, for
// the right person), and a run with nothing new calls Drive not at all.
func TestDirectoryAndFolderKeepOneRecord(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	dirID := withDirectory(t, e)
	folderID, _ := withFolder(t, e)

	e.run(t, engine.RunOptions{})
	checkRecord(t, e, dirID, []string{"M-0001", "M-0002", "M-0003"})
	checkRecord(t, e, folderID, []string{"M-0001", "M-0001/alternate", "M-0001/alternate", "M-0002", "M-0003"})

	// Run 2: Río leaves, a newcomer joins: both files change.
	setStatus(t, e, 3, "Withdrawn")
	if err := e.ws.SetCells(e.id, "Members!A6:G6", [][]string{{"Invented Newcomer", "Organization", "Active", "No", "2026-03-23", "Legislative", "newcomer@example.org"}}); err != nil {
		t.Fatal(err)
	}
	res := e.run(t, engine.RunOptions{})
	if res.Sharing == nil || res.Sharing.Granted != 1 || res.Sharing.Revoked != 1 ||
		res.FolderSharing == nil || res.FolderSharing.Granted != 1 || res.FolderSharing.Revoked != 1 {
		t.Fatalf("run 2: directory %+v, folder %+v; want 1 granted and 1 revoked on each", res.Sharing, res.FolderSharing)
	}
	checkRecord(t, e, dirID, []string{"M-0001", "M-0003", "M-0005"})
	checkRecord(t, e, folderID, []string{"M-0001", "M-0001/alternate", "M-0001/alternate", "M-0003", "M-0005"})
	if got := readers(t, e, dirID); !slices.Equal(got, []string{"casa@example.org", "lena@example.org", "newcomer@example.org"}) {
		t.Errorf("directory readers = %v", got)
	}

	// Run 3: nothing new, forced to read and plan: no Drive permission call,
	// the record unchanged.
	before := loadState(t, e).GrantedPermissions
	e.clock.add(time.Minute)
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{Force: true})
	if got := permissionCalls(e); len(got) != 0 {
		t.Errorf("run 3 called %v, want no permission call", got)
	}
	if after := loadState(t, e).GrantedPermissions; !slices.Equal(after, before) {
		t.Errorf("run 3 record = %v, want it unchanged %v", after, before)
	}
}

// checkRecord checks the service's record of fileID: one record per
// wanted key (alternates by their Member ID and the alternate mark), each
// naming a permission the file has, with the role recorded.
func checkRecord(t *testing.T, e *env, fileID string, wantKeys []string) {
	t.Helper()
	rec := drive.ForFile(toGranted(loadState(t, e).GrantedPermissions), fileID)
	perms, err := e.ws.Permissions(fileID)
	if err != nil {
		t.Fatal(err)
	}
	roleOf := map[string]string{}
	for _, p := range perms {
		roleOf[p.Id] = p.Role
	}
	var keys []string
	for _, g := range rec {
		k := g.MemberID
		if id := drive.MemberOf(k); id != k {
			k = id + "/alternate"
		}
		keys = append(keys, k)
		if roleOf[g.PermissionID] != g.Role {
			t.Errorf("file %s: record %+v names a permission with role %q, want %q", fileID, g, roleOf[g.PermissionID], g.Role)
		}
	}
	slices.Sort(keys)
	slices.Sort(wantKeys)
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("file %s: records %v, want %v", fileID, keys, wantKeys)
	}
}

// The dry run says who would get the folder and with what, in English and
// Spanish, and changes nothing.
func TestDryRunDescribesTheFolder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	folderID, _ := withFolder(t, e)
	e.run(t, engine.RunOptions{})
	setStatus(t, e, 3, "Withdrawn")
	res := e.run(t, engine.RunOptions{DryRun: true})
	if got := access(t, e, folderID); got["rio@example.org"] != "writer" {
		t.Errorf("folder access after a dry run = %v, want Río's still there", got)
	}
	tests := []struct {
		lang domain.Lang
		want string
	}{
		{domain.English, "Shared folder: take away the access this service gave to member M-0002"},
		{domain.Spanish, "Carpeta compartida: quitar el acceso que este servicio dio al miembro M-0002"},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang), func(t *testing.T) {
			if got := strings.Join(res.Plan.Describe(tc.lang), "\n"); !strings.Contains(got, tc.want) {
				t.Errorf("Describe(%s) = %s, want %q", tc.lang, got, tc.want)
			}
		})
	}

	e2 := newEnv(t, folderMembers())
	withFolder(t, e2)
	res = e2.run(t, engine.RunOptions{DryRun: true})
	for _, tc := range []struct {
		lang domain.Lang
		want []string
	}{
		{domain.English, []string{"Shared folder: let Casa Ejemplo (M-0001) edit it; no email is sent",
			"Shared folder: let an alternate of Casa Ejemplo (M-0001) edit it; no email is sent"}},
		{domain.Spanish, []string{"Carpeta compartida: permitir que Casa Ejemplo (M-0001) la pueda editar; no se envía ningún correo",
			"Carpeta compartida: permitir que una persona suplente de Casa Ejemplo (M-0001) la pueda editar"}},
	} {
		got := strings.Join(res.Plan.Describe(tc.lang), "\n")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("Describe(%s) of a first run = %s, want %q", tc.lang, got, w)
			}
		}
	}
}

func loadState(t *testing.T, e *env) store.SyncState {
	t.Helper()
	st, err := e.coal.LoadSyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The record of the grants has documents of its own.
	if st.GrantedPermissions, err = e.coal.LoadGrants(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return st
}

func toGranted(gs []store.GrantedPermission) []drive.Granted {
	out := make([]drive.Granted, len(gs))
	for i, g := range gs {
		out[i] = drive.Granted(g)
	}
	return out
}

func mapsEqualStr(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

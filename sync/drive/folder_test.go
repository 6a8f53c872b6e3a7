package drive_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// The coalition's shared folder, against workspacetest through the
// official drive/v3 client. Invented members and addresses only.

type folderFixture struct {
	ws     *workspacetest.Server
	svc    *driveapi.Service // a person's own actions
	c      *drive.Client
	target drive.Target
}

// newFolderFixture makes the shared folder with CreateFolder, as setup does
// when SHARED_FOLDER_ID is not set, and shares it with the defaults.
func newFolderFixture(t *testing.T) *folderFixture {
	t.Helper()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	svc, err := driveapi.NewService(context.Background(), ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	c := drive.NewClient(svc)
	id, err := c.CreateFolder(context.Background(), "Coalition shared folder")
	if err != nil {
		t.Fatalf("CreateFolder: %v", err)
	}
	f, err := svc.Files.Get(id).Fields("mimeType,name").Do()
	if err != nil || f.MimeType != drive.MimeFolder || f.Name != "Coalition shared folder" {
		t.Fatalf("the created folder = %+v, %v; want a folder with its name", f, err)
	}
	return &folderFixture{ws: ws, svc: svc, c: c, target: drive.FolderTarget(id, "", false)}
}

// share is one run: read the permissions, plan, apply.
func (f *folderFixture) share(t *testing.T, members []domain.Member, rec []drive.Granted) (drive.SharingPlan, []drive.Granted, drive.ShareResult) {
	t.Helper()
	ctx := context.Background()
	perms, err := f.c.Permissions(ctx, f.target.FileID)
	if err != nil {
		t.Fatalf("Permissions: %v", err)
	}
	plan := drive.PlanTargetSharing(f.target, members, rec, perms)
	now, res, err := f.c.ApplySharing(ctx, plan)
	if err != nil {
		t.Fatalf("ApplySharing: %v", err)
	}
	return plan, now, res
}

func (f *folderFixture) access(t *testing.T) map[string]string {
	t.Helper()
	perms, err := f.ws.Permissions(f.target.FileID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range perms {
		out[p.EmailAddress] = p.Role
	}
	return out
}

func (f *folderFixture) personShares(t *testing.T, email, role string) {
	t.Helper()
	if _, err := f.svc.Permissions.Create(f.target.FileID, &driveapi.Permission{Type: "user", Role: role, EmailAddress: email}).
		SendNotificationEmail(false).SupportsAllDrives(true).Do(); err != nil {
		t.Fatalf("a person shares with %s: %v", email, err)
	}
}

func withAlternates(m domain.Member, alternates string) domain.Member {
	m.Alternates = alternates
	return m
}

func recordKeys(rec []drive.Granted) []string {
	var out []string
	for _, g := range rec {
		out = append(out, g.MemberID)
	}
	slices.Sort(out)
	return out
}

func sortedKeys(ks ...string) []string {
	slices.Sort(ks)
	return ks
}

// Members and their alternates get the folder as writers, with no email
// from Drive by default; a second run changes nothing and makes no call
// but the listing.
func TestFolderMembersAndAlternatesThenNothingChanged(t *testing.T) {
	t.Parallel()
	f := newFolderFixture(t)
	members := []domain.Member{
		withAlternates(member("M-0001", "alfa@example.org", active), "Rosa Quintero <Rosa.Alt@example.org>; tomas.alt@example.net, call first"),
		member("M-0002", "beta@example.org", active),
		withAlternates(member("M-0003", "gone@example.org", withdrawn), "gone.alt@example.org"),
		withAlternates(member("M-0004", "two@example.org; addresses@example.org", active), "delta.alt@example.org"),
		withAlternates(member("M-0005", "", active), "only names here"),
	}
	f.ws.ResetCalls()
	plan, rec, res := f.share(t, members, nil)

	want := map[string]string{
		workspacetest.ServiceAccountEmail: "owner",
		"alfa@example.org":                "writer", "rosa.alt@example.org": "writer", "tomas.alt@example.net": "writer",
		"beta@example.org": "writer", "delta.alt@example.org": "writer",
	}
	if got := f.access(t); !mapsEqual(got, want) {
		t.Errorf("access = %v, want %v", got, want)
	}
	if n := len(f.ws.SharingEmails()); n != 0 {
		t.Errorf("Drive sent %d sharing emails, want none (SHARED_FOLDER_NOTIFY is off by default)", n)
	}
	wantKeys := sortedKeys("M-0001", drive.AlternateKey("M-0001", "rosa.alt@example.org"), drive.AlternateKey("M-0001", "tomas.alt@example.net"),
		"M-0002", drive.AlternateKey("M-0004", "delta.alt@example.org"))
	if got := recordKeys(rec); !slices.Equal(got, wantKeys) {
		t.Errorf("record keys = %q, want %q", got, wantKeys)
	}
	for _, g := range rec {
		if g.Role != drive.RoleWriter || g.FileID != f.target.FileID {
			t.Errorf("record %+v, want a writer grant on the folder", g)
		}
		if strings.Contains(g.MemberID, "@") {
			t.Errorf("record key %q holds an address", g.MemberID)
		}
		if m := drive.MemberOf(g.MemberID); !strings.HasPrefix(m, "M-000") || strings.Contains(m, "/") {
			t.Errorf("MemberOf(%q) = %q, want the member's ID", g.MemberID, m)
		}
	}
	if res.Granted != 5 || res.Revoked != 0 || len(res.Skipped) != 1 || res.Skipped[0].MemberID != "M-0004" {
		t.Errorf("result = %+v, want 5 granted and M-0004's Email skipped", res)
	}
	if en := res.Skipped[0].Text.In(domain.English); !strings.Contains(en, "shared folder") {
		t.Errorf("skipped text = %q, want it to name the shared folder", en)
	}
	if c := f.ws.Calls(); c["drive.permissions.list"] != 1 || c["drive.permissions.create"] != 5 || c["drive.permissions.delete"] != 0 {
		t.Errorf("calls = %v, want 1 list and 5 creates", c)
	}
	if len(plan.ByHand) != 0 || plan.IsBlocked() {
		t.Errorf("ByHand = %+v, blocked %v; want nobody and no guard (the owner is not listed)", plan.ByHand, plan.IsBlocked())
	}

	key := drive.TargetSharingKey(f.target, members)
	if again := drive.TargetSharingKey(f.target, slices.Clone(members)); again != key {
		t.Errorf("TargetSharingKey changed with nothing changed")
	}
	moreAlt := slices.Clone(members)
	moreAlt[1] = withAlternates(moreAlt[1], "beta.alt@example.org")
	if drive.TargetSharingKey(f.target, moreAlt) == key {
		t.Errorf("TargetSharingKey did not change when an alternate was added")
	}
	if drive.TargetSharingKey(drive.FolderTarget(f.target.FileID, "reader", false), members) == key {
		t.Errorf("TargetSharingKey did not change with the role")
	}
	if drive.TargetSharingKey(drive.DirectoryTarget("x"), members) != drive.SharingKey(members) {
		t.Errorf("the directory's TargetSharingKey differs from SharingKey")
	}

	f.ws.ResetCalls()
	plan2, rec2, res2 := f.share(t, members, rec)
	if c := f.ws.Calls(); c["drive.permissions.list"] != 1 || c["drive.permissions.create"] != 0 || c["drive.permissions.delete"] != 0 {
		t.Errorf("second run calls = %v, want the listing only", c)
	}
	if !slices.Equal(rec2, rec) || res2.Granted != 0 || res2.Revoked != 0 || len(plan2.Grants) != 0 {
		t.Errorf("second run: record %+v result %+v, want the same record and nothing done", rec2, res2)
	}
}

func TestFolderNotifyAndRole(t *testing.T) {
	t.Parallel()
	f := newFolderFixture(t)
	f.target = drive.FolderTarget(f.target.FileID, "commenter", true)
	m := withAlternates(member("M-0001", "alfa@example.org", active), "alfa.alt@example.org")
	m.Language = "es"
	_, _, res := f.share(t, []domain.Member{m}, nil)
	if res.Granted != 2 {
		t.Fatalf("granted %d, want 2", res.Granted)
	}
	emails := f.ws.SharingEmails()
	if len(emails) != 2 {
		t.Fatalf("sharing emails = %+v, want one to each address", emails)
	}
	for _, e := range emails {
		if e.Role != "commenter" || e.Message != domain.T("folder.email_message").In(domain.Spanish) {
			t.Errorf("email %+v, want a commenter notice with the folder's note in Spanish", e)
		}
	}
}

// A member who is Removed or Withdrawn loses the access the service gave
// (its own and its alternates'); access a person gave by hand stays, to a
// guest or to a former member, and is listed.
func TestFolderRemovalKeepsWhatPeopleGave(t *testing.T) {
	t.Parallel()
	f := newFolderFixture(t)
	members := []domain.Member{
		withAlternates(member("M-0001", "alfa@example.org", active), "alfa.alt@example.org"),
		member("M-0002", "beta@example.org", active),
		member("M-0003", "gamma@example.org", active),
	}
	f.personShares(t, "gamma@example.org", "writer") // a facilitator shared with this member before the service did
	_, rec, res := f.share(t, members, nil)
	if res.Granted != 3 || res.AlreadyHaveAccess != 1 {
		t.Fatalf("first run = %+v, want 3 granted and gamma's own access left alone", res)
	}
	f.personShares(t, "guest@example.org", "reader") // a guest speaker, shared by hand

	members[0].Status = domain.StatusRemoved
	members[2].Status = withdrawn
	plan, rec2, res2 := f.share(t, members, rec)
	if res2.Revoked != 2 || res2.Granted != 0 || plan.IsBlocked() {
		t.Errorf("removal run = %+v (blocked %v), want alfa's two grants revoked", res2, plan.IsBlocked())
	}
	want := map[string]string{
		workspacetest.ServiceAccountEmail: "owner",
		"beta@example.org":                "writer", "gamma@example.org": "writer", "guest@example.org": "reader",
	}
	if got := f.access(t); !mapsEqual(got, want) {
		t.Errorf("access after the removal = %v, want %v", got, want)
	}
	if got := recordKeys(rec2); !slices.Equal(got, []string{"M-0002"}) {
		t.Errorf("record = %q, want M-0002 only", got)
	}
	byHand := map[string]drive.Person{}
	for _, p := range plan.ByHand {
		byHand[p.Email] = p
	}
	if len(byHand) != 2 {
		t.Errorf("ByHand = %+v, want the guest and gamma", plan.ByHand)
	}
	if g := byHand["guest@example.org"]; g.Role != "reader" || g.MemberID != "" || g.Type != "user" || g.Inherited {
		t.Errorf("the guest = %+v, want a reader who is no member", g)
	}
	if g := byHand["gamma@example.org"]; g.MemberID != "M-0003" || g.Active || g.Role != "writer" {
		t.Errorf("gamma = %+v, want the former member M-0003's hand-given access", g)
	}
}

// The revocation guard: more than max(3, 10% of the service's grants) at
// once holds every revocation back and says why; grants still go. The
// member directory keeps revoking at once (see DirectoryTarget).
func TestFolderRevocationGuard(t *testing.T) {
	t.Parallel()
	roster := func() []domain.Member {
		ms := make([]domain.Member, 20)
		for i := range ms {
			ms[i] = member(fmt.Sprintf("M-%04d", i+1), fmt.Sprintf("member%02d@example.org", i+1), active)
		}
		return ms
	}
	tests := []struct {
		name        string
		directory   bool
		leave       int
		wantRevoked int
		wantBlocked bool
	}{
		{"4 of 20 leave: held back", false, 4, 0, true},
		{"3 of 20 leave: revoked", false, 3, 3, false},
		{"the directory: 4 of 20 revoked at once", true, 4, 4, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFolderFixture(t)
			if tc.directory {
				f.target = drive.DirectoryTarget(f.target.FileID)
			}
			members := roster()
			_, rec, res := f.share(t, members, nil)
			if res.Granted != 20 {
				t.Fatalf("first run granted %d, want 20", res.Granted)
			}
			for i := range tc.leave {
				members[i].Status = withdrawn
			}
			members = append(members, member("M-0021", "newcomer@example.org", active))
			f.ws.ResetCalls()
			plan, rec2, res2 := f.share(t, members, rec)
			if res2.Revoked != tc.wantRevoked || res2.Granted != 1 {
				t.Errorf("revoked %d, granted %d; want %d and the newcomer", res2.Revoked, res2.Granted, tc.wantRevoked)
			}
			if d := f.ws.Calls()["drive.permissions.delete"]; d != tc.wantRevoked {
				t.Errorf("permissions.delete calls = %d, want %d", d, tc.wantRevoked)
			}
			if plan.IsBlocked() != tc.wantBlocked {
				t.Fatalf("blocked = %v, want %v", plan.IsBlocked(), tc.wantBlocked)
			}
			if !tc.wantBlocked {
				return
			}
			if len(plan.Held) != tc.leave || len(plan.Revokes) != 0 {
				t.Errorf("held %d, revokes %d; want %d held, none", len(plan.Held), len(plan.Revokes), tc.leave)
			}
			for _, id := range []string{"M-0001", "M-0004"} {
				if !slices.Contains(recordKeys(rec2), id) {
					t.Errorf("record lost %s, whose revocation was held back", id)
				}
			}
			if acc := f.access(t); acc["member01@example.org"] != "writer" || acc["member04@example.org"] != "writer" {
				t.Errorf("access = %v, want the held members still writers", acc)
			}
			en, es := plan.Blocked.In(domain.English), plan.Blocked.In(domain.Spanish)
			for _, w := range []string{"4 people", "shared folder", "more than the 3", "Nothing was removed", "Google Drive", "Share"} {
				if !strings.Contains(en, w) {
					t.Errorf("English reason %q, want %q in it", en, w)
				}
			}
			if !strings.Contains(es, "4 personas") || !strings.Contains(es, "carpeta compartida") || es == en {
				t.Errorf("Spanish reason = %q", es)
			}
			// A facilitator confirms by removing their access by hand: the
			// next run forgets those grants and the guard lets go.
			for _, g := range plan.Held {
				if err := f.svc.Permissions.Delete(f.target.FileID, g.PermissionID).Do(); err != nil {
					t.Fatal(err)
				}
			}
			plan3, rec3, res3 := f.share(t, members, rec2)
			if plan3.IsBlocked() || res3.Forgotten != tc.leave || res3.Revoked != 0 || len(rec3) != 17 {
				t.Errorf("after the hand removal: blocked %v, result %+v, %d records; want %d forgotten and 17 records",
					plan3.IsBlocked(), res3, len(rec3), tc.leave)
			}
		})
	}
}

// SHARED_FOLDER_ID may be a shared drive: members are added to it with the
// folder's role, as its organizer may; a service that is not the drive's
// manager cannot share, and says so.
func TestFolderSharedDrive(t *testing.T) {
	t.Parallel()
	f := newFolderFixture(t)
	driveID := f.ws.AddSharedDrive("Coalition shared drive")
	f.target = drive.FolderTarget(driveID, "", false)
	if err := f.ws.SetSharedDriveMember(driveID, "beta@example.org", "reader"); err != nil {
		t.Fatal(err)
	}
	members := []domain.Member{member("M-0001", "alfa@example.org", active), member("M-0002", "beta@example.org", active)}
	plan, rec, res := f.share(t, members, nil)
	if res.Granted != 1 || !slices.Equal(plan.AlreadyHaveAccess, []string{"M-0002"}) {
		t.Errorf("result %+v, already %q; want alfa added, beta's own membership left alone", res, plan.AlreadyHaveAccess)
	}
	if acc := f.access(t); acc["alfa@example.org"] != "writer" || acc["beta@example.org"] != "reader" {
		t.Errorf("members of the shared drive = %v, want alfa a writer (Contributor), beta still a reader", acc)
	}
	_, _, res2 := f.share(t, members, rec)
	if res2.Granted != 0 || res2.Revoked != 0 {
		t.Errorf("second run = %+v, want nothing done", res2)
	}

	// A folder inside the shared drive: the drive's members reach it by
	// inheritance, are listed as such, and are not granted again.
	folder, err := f.svc.Files.Create(&driveapi.File{Name: "Updates", MimeType: drive.MimeFolder, Parents: []string{driveID}}).
		SupportsAllDrives(true).Do()
	if err != nil {
		t.Fatal(err)
	}
	f.target = drive.FolderTarget(folder.Id, "", false)
	members = append(members, member("M-0003", "gamma@example.org", active))
	plan, _, res = f.share(t, members, nil)
	if res.Granted != 1 || len(plan.Grants) != 1 || plan.Grants[0].MemberID != "M-0003" {
		t.Errorf("folder in the shared drive: %+v, want gamma only granted", res)
	}
	inherited := 0
	for _, p := range plan.ByHand {
		if p.Inherited {
			inherited++
		}
	}
	if inherited != 3 { // the service (organizer), alfa and beta as members of the drive
		t.Errorf("ByHand = %+v, want the drive's 3 members listed as inherited", plan.ByHand)
	}

	// The service as a mere Contributor of the drive may not add members.
	if err := f.ws.SetSharedDriveMember(driveID, workspacetest.ServiceAccountEmail, "writer"); err != nil {
		t.Fatal(err)
	}
	f.target = drive.FolderTarget(driveID, "", false)
	perms, err := f.c.Permissions(context.Background(), driveID)
	if err != nil {
		t.Fatal(err)
	}
	members = append(members, member("M-0004", "delta@example.org", active))
	_, _, err = f.c.ApplySharing(context.Background(), drive.PlanTargetSharing(f.target, members, rec, perms))
	if !errors.Is(err, drive.ErrCannotShare) {
		t.Errorf("sharing a shared drive as a Contributor: %v, want ErrCannotShare", err)
	}
}

// With the drive.file scope, the service may share the folder it created
// itself, and not a folder a person made and shared with it.
func TestFolderNarrowScope(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	ctx := context.Background()
	person, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	made, err := person.Files.Create(&driveapi.File{Name: "Made by a person", MimeType: drive.MimeFolder}).Do()
	if err != nil {
		t.Fatal(err)
	}
	tok := ws.Consent("organizer@example.org", "https://www.googleapis.com/auth/drive.file")
	ts := (&oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: "https://oauth2.googleapis.com/token"}}).
		TokenSource(context.WithValue(ctx, oauth2.HTTPClient, ws.HTTPClient()), &oauth2.Token{RefreshToken: tok})
	svc, err := driveapi.NewService(ctx, option.WithHTTPClient(&http.Client{Transport: &oauth2.Transport{Source: ts, Base: ws.HTTPClient().Transport}}))
	if err != nil {
		t.Fatal(err)
	}
	c := drive.NewClient(svc)
	members := []domain.Member{member("M-0001", "alfa@example.org", active)}

	own, err := c.CreateFolder(ctx, "Coalition shared folder")
	if err != nil {
		t.Fatalf("CreateFolder with drive.file: %v", err)
	}
	perms, err := c.Permissions(ctx, own)
	if err != nil {
		t.Fatal(err)
	}
	if _, res, err := c.ApplySharing(ctx, drive.PlanTargetSharing(drive.FolderTarget(own, "", false), members, nil, perms)); err != nil || res.Granted != 1 {
		t.Errorf("sharing its own folder with drive.file: %+v, %v; want it shared", res, err)
	}

	perms, err = c.Permissions(ctx, made.Id)
	if err == nil {
		_, _, err = c.ApplySharing(ctx, drive.PlanTargetSharing(drive.FolderTarget(made.Id, "", false), members, nil, perms))
	}
	if !errors.Is(err, drive.ErrCannotShare) {
		t.Errorf("sharing a person's folder with drive.file: %v, want ErrCannotShare", err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestPlanTargetSharing(t *testing.T) {
	t.Parallel()
	folder := drive.FolderTarget("fold", "", false)
	altKey := drive.AlternateKey("M-0001", "alt@example.org")
	owner := perm("p-owner", "owner@example.org", "owner")
	many := func(n int) (ms []domain.Member, rec []drive.Granted, perms []*driveapi.Permission) {
		for i := range n {
			id, email := fmt.Sprintf("M-%04d", i+1), fmt.Sprintf("m%03d@example.org", i+1)
			ms = append(ms, member(id, email, active))
			rec = append(rec, gp("fold", "p-"+id, id, "writer"))
			perms = append(perms, perm("p-"+id, email, "writer"))
		}
		return ms, rec, perms
	}
	leave := func(ms []domain.Member, n int) []domain.Member {
		for i := range n {
			ms[i].Status = withdrawn
		}
		return ms
	}
	tests := []struct {
		name        string
		members     []domain.Member
		granted     []drive.Granted
		existing    []*driveapi.Permission
		wantGrants  []string
		wantRevokes int
		wantHeld    int
		wantKeep    []string // record keys, sorted
		wantByHand  []string // "email role member"
	}{
		{
			name:       "an alternate a person removed is not granted again; the member's own address still is",
			members:    []domain.Member{withAlternates(member("M-0001", "alfa@example.org", active), "alt@example.org")},
			granted:    []drive.Granted{gp("fold", "p-alt", altKey, "writer")},
			existing:   []*driveapi.Permission{owner},
			wantGrants: []string{"M-0001 alfa@example.org"},
			wantKeep:   []string{altKey},
		},
		{
			name:        "an alternate dropped from the cell loses the service's grant",
			members:     []domain.Member{member("M-0001", "alfa@example.org", active)},
			granted:     []drive.Granted{gp("fold", "p-alfa", "M-0001", "writer"), gp("fold", "p-alt", altKey, "writer")},
			existing:    []*driveapi.Permission{perm("p-alfa", "alfa@example.org", "writer"), perm("p-alt", "alt@example.org", "writer")},
			wantRevokes: 1,
			wantKeep:    []string{"M-0001"},
		},
		{
			name: "an alternate who becomes a member keeps the grant, handed over",
			members: []domain.Member{
				member("M-0001", "alfa@example.org", active), member("M-0002", "ALT@example.org", active),
			},
			granted:  []drive.Granted{gp("fold", "p-alfa", "M-0001", "writer"), gp("fold", "p-alt", altKey, "writer")},
			existing: []*driveapi.Permission{perm("p-alfa", "alfa@example.org", "writer"), perm("p-alt", "alt@example.org", "writer")},
			wantKeep: []string{"M-0001", "M-0002"},
		},
		{
			name:     "an address that is both a member's and another's alternate is granted once",
			members:  []domain.Member{member("M-0001", "alfa@example.org", active), withAlternates(member("M-0002", "beta@example.org", active), "alfa@example.org")},
			existing: []*driveapi.Permission{owner},
			wantGrants: []string{
				"M-0001 alfa@example.org", "M-0002 beta@example.org",
			},
		},
		{
			name:    "ByHand: everyone but the owner and the service's grants, links and domains included",
			members: []domain.Member{member("M-0001", "alfa@example.org", active), member("M-0002", "beta@example.org", domain.StatusRemoved)},
			granted: []drive.Granted{gp("fold", "p-alfa", "M-0001", "writer")},
			existing: []*driveapi.Permission{owner, perm("p-alfa", "alfa@example.org", "writer"), perm("p-beta", "Beta@example.org", "reader"),
				{Id: "anyoneWithLink", Type: "anyone", Role: "reader"}, {Id: "p-dom", Type: "domain", Domain: "example.net", Role: "commenter"}},
			wantKeep:   []string{"M-0001"},
			wantByHand: []string{"beta@example.org reader M-0002", " reader ", " commenter "},
		},
		{
			name:        "guard at 50 grants: 5 revocations go (max(3, 10%) = 5)",
			members:     func() []domain.Member { ms, _, _ := many(50); return leave(ms, 5) }(),
			granted:     func() []drive.Granted { _, r, _ := many(50); return r }(),
			existing:    func() []*driveapi.Permission { _, _, p := many(50); return p }(),
			wantRevokes: 5,
		},
		{
			name:     "guard at 50 grants: 6 are held back",
			members:  func() []domain.Member { ms, _, _ := many(50); return leave(ms, 6) }(),
			granted:  func() []drive.Granted { _, r, _ := many(50); return r }(),
			existing: func() []*driveapi.Permission { _, _, p := many(50); return p }(),
			wantHeld: 6,
		},
		{
			name:        "guard counts only live grants: 4 revocations of 4 grants is more than 3",
			members:     func() []domain.Member { ms, _, _ := many(4); return leave(ms, 4) }(),
			granted:     func() []drive.Granted { _, r, _ := many(4); return r }(),
			existing:    func() []*driveapi.Permission { _, _, p := many(4); return p }(),
			wantRevokes: 0,
			wantHeld:    4,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := drive.PlanTargetSharing(folder, tc.members, tc.granted, tc.existing)
			if got := grantedIDs(p); !slices.Equal(got, tc.wantGrants) {
				t.Errorf("Grants = %q, want %q", got, tc.wantGrants)
			}
			if len(p.Revokes) != tc.wantRevokes || len(p.Held) != tc.wantHeld || p.IsBlocked() != (tc.wantHeld > 0) {
				t.Errorf("revokes %d, held %d, blocked %v; want %d, %d", len(p.Revokes), len(p.Held), p.IsBlocked(), tc.wantRevokes, tc.wantHeld)
			}
			if tc.wantKeep != nil {
				if got := recordKeys(p.Keep); !slices.Equal(got, tc.wantKeep) {
					t.Errorf("Keep = %q, want %q", got, tc.wantKeep)
				}
			}
			var byHand []string
			for _, h := range p.ByHand {
				byHand = append(byHand, h.Email+" "+h.Role+" "+h.MemberID)
			}
			if !slices.Equal(byHand, tc.wantByHand) {
				t.Errorf("ByHand = %q, want %q", byHand, tc.wantByHand)
			}
			for _, g := range p.Grants {
				if g.Role != drive.RoleWriter {
					t.Errorf("grant %+v, want the folder's writer role", g)
				}
			}
		})
	}
}

// The directory and the folder share one record list: planned one after
// the other and applied, each keeps the other's records, and the two
// results merge by file.
func TestDirectoryAndFolderShareOneRecord(t *testing.T) {
	t.Parallel()
	f := newFolderFixture(t)
	dirID, err := f.c.CreateFolder(context.Background(), "stands in for the directory")
	if err != nil {
		t.Fatal(err)
	}
	dir := drive.DirectoryTarget(dirID)
	members := []domain.Member{withAlternates(member("M-0001", "alfa@example.org", active), "alfa.alt@example.org")}
	ctx := context.Background()
	run := func(rec []drive.Granted) []drive.Granted {
		dp, err := f.c.Permissions(ctx, dirID)
		if err != nil {
			t.Fatal(err)
		}
		fp, err := f.c.Permissions(ctx, f.target.FileID)
		if err != nil {
			t.Fatal(err)
		}
		dirPlan := drive.PlanTargetSharing(dir, members, rec, dp)
		folderPlan := drive.PlanTargetSharing(f.target, members, dirPlan.Keep, fp)
		dirNow, _, err := f.c.ApplySharing(ctx, dirPlan)
		if err != nil {
			t.Fatal(err)
		}
		folderNow, _, err := f.c.ApplySharing(ctx, folderPlan)
		if err != nil {
			t.Fatal(err)
		}
		return append(drive.ForFile(dirNow, dirID), drive.ForOtherFiles(folderNow, dirID)...)
	}
	rec := run(nil)
	if d, fo := len(drive.ForFile(rec, dirID)), len(drive.ForFile(rec, f.target.FileID)); d != 1 || fo != 2 || len(rec) != 3 {
		t.Fatalf("record = %+v, want 1 directory grant (Email only) and 2 folder grants (Email and alternate)", rec)
	}
	f.ws.ResetCalls()
	if again := run(rec); !slices.Equal(again, rec) {
		t.Errorf("second run record = %+v, want %+v", again, rec)
	}
	if c := f.ws.Calls(); c["drive.permissions.create"] != 0 || c["drive.permissions.delete"] != 0 {
		t.Errorf("second run calls = %v, want no change", c)
	}
}

package drive_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/logging"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// Invented members. Emails use example.org; none come from the seeds.
func member(id, email string, status domain.Status) domain.Member {
	return domain.Member{ID: id, Name: "Example member " + id, Email: email, Status: status}
}

var (
	active    = domain.StatusActive
	withdrawn = domain.StatusWithdrawn
)

func perm(id, email, role string) *driveapi.Permission {
	return &driveapi.Permission{Id: id, EmailAddress: email, Role: role, Type: "user"}
}

func gp(file, permID, memberID, role string) drive.Granted {
	return drive.Granted{FileID: file, PermissionID: permID, MemberID: memberID, Role: role}
}

func grantedIDs(p drive.SharingPlan) []string {
	var out []string
	for _, g := range p.Grants {
		out = append(out, g.MemberID+" "+g.Email)
	}
	return out
}

func TestPlanSharing(t *testing.T) {
	t.Parallel()
	owner := perm("p-owner", "owner@example.org", "owner")
	tests := []struct {
		name          string
		members       []domain.Member
		granted       []drive.Granted
		existing      []*driveapi.Permission
		wantGrants    []string // "memberID email"
		wantRevokes   []drive.Granted
		wantKeep      []drive.Granted
		wantForgotten []drive.Granted
		wantAlready   []string
		wantSkipped   []string
	}{
		{
			name: "only Active members with an email and an ID; consent plays no part",
			members: []domain.Member{
				{ID: "M-0001", Email: "ana@example.org", Status: active, ShareContact: true},
				{ID: "M-0002", Email: " Ben@Example.org ", Status: active, ShareContact: false},
				member("M-0003", "gone@example.org", withdrawn),
				member("M-0004", "new@example.org", domain.StatusApplicant),
				member("M-0005", "", active),
				member("", "noid@example.org", active),
			},
			existing:   []*driveapi.Permission{owner},
			wantGrants: []string{"M-0001 ana@example.org", "M-0002 Ben@Example.org"},
		},
		{
			name: "an Email that is not one address is skipped with a message",
			members: []domain.Member{
				member("M-0001", "ana@example.org, ben@example.org", active),
				member("M-0002", "Ana <ana@example.org>", active),
				member("M-0003", "not an address", active),
				member("M-0004", "cy@example.org", active),
			},
			wantGrants:  []string{"M-0004 cy@example.org"},
			wantSkipped: []string{"M-0001", "M-0002", "M-0003"},
		},
		{
			name:        "access a person gave, or ownership, is left alone and not recorded, whatever the case",
			members:     []domain.Member{member("M-0001", "Ana@Example.org", active), member("M-0002", "OWNER@example.org", active)},
			existing:    []*driveapi.Permission{owner, perm("p-ana", "ana@example.org", "writer")},
			wantAlready: []string{"M-0001", "M-0002"},
		},
		{
			name:     "the service's own grant stays while its member stays",
			members:  []domain.Member{member("M-0001", "ana@example.org", active)},
			granted:  []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
			existing: []*driveapi.Permission{owner, perm("p-ana", "ana@example.org", "reader")},
			wantKeep: []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
		},
		{
			name: "own grants of a withdrawn, a removed and a gone member are revoked; a person's share is not",
			members: []domain.Member{
				member("M-0001", "ana@example.org", withdrawn),
				member("M-0002", "ben@example.org", domain.StatusRemoved),
				member("M-0004", "dee@example.org", withdrawn),
			},
			granted: []drive.Granted{
				gp("dir", "p-ana", "M-0001", "reader"), gp("dir", "p-ben", "M-0002", "reader"), gp("dir", "p-cy", "M-0003", "reader"),
			},
			existing: []*driveapi.Permission{owner, perm("p-ana", "ana@example.org", "reader"), perm("p-ben", "ben@example.org", "reader"),
				perm("p-cy", "cy@example.org", "reader"), perm("p-dee", "dee@example.org", "reader")},
			wantRevokes: []drive.Granted{
				gp("dir", "p-ana", "M-0001", "reader"), gp("dir", "p-ben", "M-0002", "reader"), gp("dir", "p-cy", "M-0003", "reader"),
			},
		},
		{
			name:        "a member whose address changed: the old grant revoked, the new address granted",
			members:     []domain.Member{member("M-0001", "ana.new@example.org", active)},
			granted:     []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
			existing:    []*driveapi.Permission{perm("p-ana", "ana@example.org", "reader")},
			wantGrants:  []string{"M-0001 ana.new@example.org"},
			wantRevokes: []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
		},
		{
			name:          "a grant whose role a person changed is theirs now: forgotten, never revoked",
			members:       []domain.Member{member("M-0001", "ana@example.org", withdrawn)},
			granted:       []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
			existing:      []*driveapi.Permission{perm("p-ana", "ana@example.org", "writer")},
			wantForgotten: []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
		},
		{
			name:     "a grant a person removed is not granted again: a tombstone remembers it",
			members:  []domain.Member{member("M-0001", "ana@example.org", active)},
			granted:  []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
			existing: []*driveapi.Permission{owner},
			wantKeep: []drive.Granted{gp("dir", "p-ana", "M-0001", drive.RoleRemovedByPerson)},
		},
		{
			name:        "a tombstone stays while the member is Active, even if a person shares again",
			members:     []domain.Member{member("M-0001", "ana@example.org", active)},
			granted:     []drive.Granted{gp("dir", "p-ana", "M-0001", drive.RoleRemovedByPerson)},
			existing:    []*driveapi.Permission{perm("p-ana", "ana@example.org", "reader")},
			wantKeep:    []drive.Granted{gp("dir", "p-ana", "M-0001", drive.RoleRemovedByPerson)},
			wantAlready: nil,
		},
		{
			name:    "a tombstone and a removed grant of a member who left are forgotten",
			members: []domain.Member{member("M-0001", "ana@example.org", withdrawn)},
			granted: []drive.Granted{
				gp("dir", "p-ana", "M-0001", drive.RoleRemovedByPerson), gp("dir", "p-x", "M-0009", "reader"),
			},
			wantForgotten: []drive.Granted{
				gp("dir", "p-ana", "M-0001", drive.RoleRemovedByPerson), gp("dir", "p-x", "M-0009", "reader"),
			},
		},
		{
			name:     "records of other files pass through untouched",
			members:  []domain.Member{member("M-0001", "ana@example.org", active)},
			granted:  []drive.Granted{gp("other", "p-ana", "M-0001", "reader"), gp("other", "p-zed", "M-0099", "writer")},
			existing: []*driveapi.Permission{owner, perm("p-ana", "ana@example.org", "reader")},
			wantKeep: []drive.Granted{gp("other", "p-ana", "M-0001", "reader"), gp("other", "p-zed", "M-0099", "writer")},
			// p-ana on this file is not the service's on this file: a person's.
			wantAlready: []string{"M-0001"},
		},
		{
			name:       "two members with one address get one grant",
			members:    []domain.Member{member("M-0001", "shared@example.org", active), member("M-0002", "SHARED@example.org", active)},
			wantGrants: []string{"M-0001 shared@example.org"},
		},
		{
			name:     "a shared address whose member left is handed to the member still Active, not revoked",
			members:  []domain.Member{member("M-0001", "shared@example.org", withdrawn), member("M-0002", "shared@example.org", active)},
			granted:  []drive.Granted{gp("dir", "p-sh", "M-0001", "reader")},
			existing: []*driveapi.Permission{perm("p-sh", "shared@example.org", "reader")},
			wantKeep: []drive.Granted{gp("dir", "p-sh", "M-0002", "reader")},
		},
		{
			name:          "two records of one permission: one kept, the other forgotten",
			members:       []domain.Member{member("M-0001", "ana@example.org", active)},
			granted:       []drive.Granted{gp("dir", "p-ana", "M-0001", "reader"), gp("dir", "p-ana", "M-0001", "reader")},
			existing:      []*driveapi.Permission{perm("p-ana", "ana@example.org", "reader")},
			wantKeep:      []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
			wantForgotten: []drive.Granted{gp("dir", "p-ana", "M-0001", "reader")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := drive.PlanSharing("dir", tc.members, tc.granted, tc.existing)
			if got := grantedIDs(p); !slices.Equal(got, tc.wantGrants) {
				t.Errorf("Grants = %q, want %q", got, tc.wantGrants)
			}
			if !slices.Equal(p.Revokes, tc.wantRevokes) {
				t.Errorf("Revokes = %+v, want %+v", p.Revokes, tc.wantRevokes)
			}
			if !slices.Equal(p.Keep, tc.wantKeep) {
				t.Errorf("Keep = %+v, want %+v", p.Keep, tc.wantKeep)
			}
			if !slices.Equal(p.Forgotten, tc.wantForgotten) {
				t.Errorf("Forgotten = %+v, want %+v", p.Forgotten, tc.wantForgotten)
			}
			if !slices.Equal(p.AlreadyHaveAccess, tc.wantAlready) {
				t.Errorf("AlreadyHaveAccess = %q, want %q", p.AlreadyHaveAccess, tc.wantAlready)
			}
			var skipped []string
			for _, s := range p.Skipped {
				skipped = append(skipped, s.MemberID)
				if en := s.Text.In(domain.English); !strings.Contains(en, "Example member "+s.MemberID) || strings.Contains(en, "@") && !strings.Contains(en, "name@example.org") {
					t.Errorf("Skipped %s text = %q, want the member's name and no address of its own", s.MemberID, en)
				}
			}
			if !slices.Equal(skipped, tc.wantSkipped) {
				t.Errorf("Skipped = %q, want %q", skipped, tc.wantSkipped)
			}
			for _, g := range p.Grants {
				if g.Role != drive.RoleReader {
					t.Errorf("grant %s role = %q, want %q", g.MemberID, g.Role, drive.RoleReader)
				}
			}
			if again := drive.PlanSharing("dir", tc.members, tc.granted, tc.existing); !slices.EqualFunc(again.Grants, p.Grants, func(a, b drive.Grant) bool { return a == b }) {
				t.Errorf("PlanSharing is not deterministic: %+v then %+v", p.Grants, again.Grants)
			}
		})
	}
}

func TestPlanSharingLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cell string
		want domain.Lang
	}{
		{"es", domain.Spanish}, {" ES ", domain.Spanish}, {"es-MX", domain.Spanish}, {"Español", domain.Spanish}, {"Spanish", domain.Spanish},
		{"", domain.English}, {"en", domain.English}, {"English", domain.English}, {"estonian", domain.English},
	}
	for _, tc := range tests {
		t.Run(tc.cell, func(t *testing.T) {
			t.Parallel()
			m := member("M-0001", "ana@example.org", active)
			m.Language = tc.cell
			p := drive.PlanSharing("dir", []domain.Member{m}, nil, nil)
			if len(p.Grants) != 1 || p.Grants[0].Lang != tc.want {
				t.Fatalf("Language %q: grants %+v, want one in %s", tc.cell, p.Grants, tc.want)
			}
		})
	}
}

func TestSharingKey(t *testing.T) {
	t.Parallel()
	base := []domain.Member{member("M-0001", "ana@example.org", active), member("M-0002", "ben@example.org", active)}
	key := drive.SharingKey(base)
	with := func(edit func(ms []domain.Member) []domain.Member) string {
		return drive.SharingKey(edit(slices.Clone(base)))
	}
	same := []struct {
		name string
		edit func([]domain.Member) []domain.Member
	}{
		{"other order", func(ms []domain.Member) []domain.Member { slices.Reverse(ms); return ms }},
		{"address case and spaces", func(ms []domain.Member) []domain.Member { ms[0].Email = " ANA@example.org"; return ms }},
		{"consent, language, name", func(ms []domain.Member) []domain.Member {
			ms[0].ShareContact, ms[0].Language, ms[0].Name = true, "es", "Renamed"
			return ms
		}},
		{"a withdrawn member added", func(ms []domain.Member) []domain.Member {
			return append(ms, member("M-0003", "cy@example.org", withdrawn))
		}},
	}
	for _, tc := range same {
		if got := with(tc.edit); got != key {
			t.Errorf("SharingKey after %s = %s, want unchanged %s", tc.name, got, key)
		}
	}
	differ := []struct {
		name string
		edit func([]domain.Member) []domain.Member
	}{
		{"address changed", func(ms []domain.Member) []domain.Member { ms[0].Email = "ana.new@example.org"; return ms }},
		{"member withdrew", func(ms []domain.Member) []domain.Member { ms[1].Status = withdrawn; return ms }},
		{"member admitted", func(ms []domain.Member) []domain.Member {
			return append(ms, member("M-0003", "cy@example.org", active))
		}},
		{"member ID changed", func(ms []domain.Member) []domain.Member { ms[0].ID = "M-0009"; return ms }},
	}
	for _, tc := range differ {
		if got := with(tc.edit); got == key {
			t.Errorf("SharingKey after %s = %s, want a different key", tc.name, got)
		}
	}
	if strings.Contains(key, "@") || strings.Contains(key, "ana") {
		t.Errorf("SharingKey = %q holds an address", key)
	}
}

// Against workspacetest through the official drive/v3 client.

type fixture struct {
	ws   *workspacetest.Server
	svc  *driveapi.Service // for a person's own actions on the file
	c    *drive.Client
	file string
}

func newFixture(t *testing.T, transport func(base http.RoundTripper, ws *workspacetest.Server) http.RoundTripper) *fixture {
	t.Helper()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	ctx := context.Background()
	svc, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		t.Fatalf("drive.NewService: %v", err)
	}
	f, err := svc.Files.Create(&driveapi.File{Name: "Member directory", MimeType: "application/vnd.google-apps.spreadsheet"}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("create the directory file: %v", err)
	}
	hc := ws.HTTPClient()
	if transport != nil {
		hc = &http.Client{Transport: transport(hc.Transport, ws)}
	}
	csvc, err := driveapi.NewService(ctx, option.WithHTTPClient(hc))
	if err != nil {
		t.Fatalf("drive.NewService: %v", err)
	}
	return &fixture{ws: ws, svc: svc, c: drive.NewClient(csvc), file: f.Id}
}

// personShares is a person sharing the file by hand (no email sent).
func (f *fixture) personShares(t *testing.T, email, role string) string {
	t.Helper()
	p, err := f.svc.Permissions.Create(f.file, &driveapi.Permission{Type: "user", Role: role, EmailAddress: email}).
		SendNotificationEmail(false).Do()
	if err != nil {
		t.Fatalf("a person shares with %s: %v", email, err)
	}
	return p.Id
}

// access returns who can read the file: address → role.
func (f *fixture) access(t *testing.T) map[string]string {
	t.Helper()
	perms, err := f.ws.Permissions(f.file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range perms {
		out[p.EmailAddress] = p.Role
	}
	return out
}

// writes counts the permission changes made since the last ResetCalls.
func (f *fixture) calls() (list, create, del int) {
	c := f.ws.Calls()
	return c["drive.permissions.list"], c["drive.permissions.create"], c["drive.permissions.delete"]
}

// checkRecord fails unless record names exactly the service's live grants
// for the members, by their real permission IDs on the file.
func (f *fixture) checkRecord(t *testing.T, record []drive.Granted, wantMembers ...string) {
	t.Helper()
	perms, err := f.ws.Permissions(f.file)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range record {
		if g.Role == drive.RoleRemovedByPerson {
			continue
		}
		got = append(got, g.MemberID)
		if g.FileID != f.file || g.Role != "reader" || !slices.ContainsFunc(perms, func(p *driveapi.Permission) bool { return p.Id == g.PermissionID && p.Role == "reader" }) {
			t.Errorf("record %+v does not name a reader permission on file %s", g, f.file)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, wantMembers) {
		t.Errorf("recorded grants for %q, want %q", got, wantMembers)
	}
}

func TestShareFirstRunThenNothingChanged(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	members := []domain.Member{
		{ID: "M-0001", Name: "Alfa Example Network", Email: "alfa@example.org", Status: active, ShareContact: true},
		{ID: "M-0002", Name: "Casa Ejemplo", Email: "Casa@Example.org", Status: active, ShareContact: false, Language: "es"},
		{ID: "M-0003", Name: "Gone Example Group", Email: "gone@example.org", Status: withdrawn},
		{ID: "M-0004", Name: "New Example Applicant", Email: "new@example.org", Status: domain.StatusApplicant},
		{ID: "M-0005", Name: "No Email Example", Status: active},
		{ID: "M-0006", Name: "Two Addresses Example", Email: "one@example.org; two@example.org", Status: active},
	}
	rec, res, err := f.c.Share(ctx, f.file, members, nil)
	if err != nil {
		t.Fatalf("Share: %v", err)
	}
	f.checkRecord(t, rec, "M-0001", "M-0002")
	acc := f.access(t)
	if acc["alfa@example.org"] != "reader" || acc["casa@example.org"] != "reader" || len(acc) != 3 {
		t.Errorf("access after the first share = %v, want the owner and 2 readers", acc)
	}
	if res.Granted != 2 || res.Revoked != 0 || len(res.Skipped) != 1 || res.Skipped[0].MemberID != "M-0006" {
		t.Errorf("result = %+v, want 2 granted and M-0006 skipped", res)
	}
	if l, c, d := f.calls(); l != 1 || c != 2 || d != 0 {
		t.Errorf("calls = list %d, create %d, delete %d; want 1, 2, 0", l, c, d)
	}

	// The notices: one per grant, in the member's language, about consent.
	emails := f.ws.SharingEmails()
	byTo := map[string]string{}
	for _, e := range emails {
		byTo[e.To] = e.Message
		if e.Role != "reader" || e.FileID != f.file {
			t.Errorf("sharing email %+v, want a reader notice for the directory", e)
		}
	}
	if len(emails) != 2 {
		t.Fatalf("sharing emails = %d, want 2", len(emails))
	}
	wantEN, wantES := domain.T("share.email_message").In(domain.English), domain.T("share.email_message").In(domain.Spanish)
	if got := byTo["alfa@example.org"]; got != wantEN || !strings.Contains(got, "member directory") || !strings.Contains(got, "agreed to share") {
		t.Errorf("English notice = %q, want %q", got, wantEN)
	}
	if got := byTo["casa@example.org"]; got != wantES || !strings.Contains(got, "directorio de miembros") || got == wantEN {
		t.Errorf("Spanish notice = %q, want %q", got, wantES)
	}

	// Nothing changed: the key is the same, and even if the engine called
	// Share again it would read once and write nothing.
	key := drive.SharingKey(members)
	if again := drive.SharingKey(slices.Clone(members)); again != key {
		t.Errorf("SharingKey changed with nothing changed: %s then %s", key, again)
	}
	f.ws.ResetCalls()
	rec2, res2, err := f.c.Share(ctx, f.file, members, rec)
	if err != nil {
		t.Fatalf("second Share: %v", err)
	}
	if l, c, d := f.calls(); l != 1 || c != 0 || d != 0 {
		t.Errorf("second run calls = list %d, create %d, delete %d; want 1, 0, 0", l, c, d)
	}
	if !slices.Equal(rec2, rec) || res2.Granted != 0 || res2.Revoked != 0 {
		t.Errorf("second run = record %+v result %+v, want the same record and nothing done", rec2, res2)
	}
	if n := len(f.ws.SharingEmails()); n != 2 {
		t.Errorf("sharing emails after the second run = %d, want still 2", n)
	}
}

func TestSharePersonSharedAndWithdrawal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	f.personShares(t, "dora@example.org", "writer")
	f.personShares(t, "eli@example.org", "reader")
	members := []domain.Member{
		member("M-0001", "alfa@example.org", active),
		member("M-0002", "beta@example.org", active),
		member("M-0003", "Dora@example.org", active), // shared by a person as writer
		member("M-0004", "eli@example.org", active),  // shared by a person as reader
		member("M-0005", strings.ToUpper(workspacetest.ServiceAccountEmail), active),
	}
	rec, res, err := f.c.Share(ctx, f.file, members, nil)
	if err != nil {
		t.Fatalf("Share: %v", err)
	}
	f.checkRecord(t, rec, "M-0001", "M-0002")
	if res.AlreadyHaveAccess != 3 || res.Granted != 2 {
		t.Errorf("result = %+v, want 2 granted and 3 already with access", res)
	}
	if acc := f.access(t); acc["dora@example.org"] != "writer" || acc[workspacetest.ServiceAccountEmail] != "owner" {
		t.Errorf("access = %v, want the person's writer share and the owner untouched", acc)
	}

	// Beta and the two person-shared members withdraw: only the service's
	// own grant (Beta's) is revoked.
	for i := range members {
		if id := members[i].ID; id == "M-0002" || id == "M-0003" || id == "M-0004" {
			members[i].Status = withdrawn
		}
	}
	f.ws.ResetCalls()
	rec, res, err = f.c.Share(ctx, f.file, members, rec)
	if err != nil {
		t.Fatalf("Share after withdrawals: %v", err)
	}
	f.checkRecord(t, rec, "M-0001")
	acc := f.access(t)
	if _, ok := acc["beta@example.org"]; ok {
		t.Errorf("beta still has %q access after withdrawing, want revoked", acc["beta@example.org"])
	}
	if acc["dora@example.org"] != "writer" || acc["eli@example.org"] != "reader" || acc["alfa@example.org"] != "reader" {
		t.Errorf("access = %v, want the people's shares and Alfa's kept", acc)
	}
	if l, c, d := f.calls(); l != 1 || c != 0 || d != 1 || res.Revoked != 1 {
		t.Errorf("calls = list %d, create %d, delete %d, revoked %d; want 1, 0, 1, 1", l, c, d, res.Revoked)
	}
}

func TestShareDoesNotRegrantWhatAPersonRemoved(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	members := []domain.Member{member("M-0001", "alfa@example.org", active), member("M-0002", "beta@example.org", active)}
	rec, _, err := f.c.Share(ctx, f.file, members, nil)
	if err != nil {
		t.Fatalf("Share: %v", err)
	}
	var alfa string
	for _, g := range rec {
		if g.MemberID == "M-0001" {
			alfa = g.PermissionID
		}
	}
	if err := f.svc.Permissions.Delete(f.file, alfa).Do(); err != nil {
		t.Fatalf("a person removes Alfa: %v", err)
	}
	for run := 1; run <= 2; run++ {
		f.ws.ResetCalls()
		rec, _, err = f.c.Share(ctx, f.file, members, rec)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if _, ok := f.access(t)["alfa@example.org"]; ok {
			t.Errorf("run %d: Alfa can read the file again, want the person's removal to win", run)
		}
		if _, c, d := f.calls(); c != 0 || d != 0 {
			t.Errorf("run %d: create %d, delete %d; want none", run, c, d)
		}
		f.checkRecord(t, rec, "M-0002")
		if !slices.Contains(rec, gp(f.file, alfa, "M-0001", drive.RoleRemovedByPerson)) {
			t.Errorf("run %d: record %+v, want a tombstone for Alfa", run, rec)
		}
	}

	// Alfa leaves and is admitted again: a fresh decision, access again.
	members[0].Status = withdrawn
	if rec, _, err = f.c.Share(ctx, f.file, members, rec); err != nil {
		t.Fatal(err)
	}
	members[0].Status = active
	if rec, _, err = f.c.Share(ctx, f.file, members, rec); err != nil {
		t.Fatal(err)
	}
	f.checkRecord(t, rec, "M-0001", "M-0002")
}

// faultAfterFirstCreate injects one 500 on permissions.create once the
// first create has succeeded.
func faultAfterFirstCreate(base http.RoundTripper, ws *workspacetest.Server) http.RoundTripper {
	var once sync.Once
	return roundTrip(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if err == nil && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/permissions") && resp.StatusCode == http.StatusOK {
			once.Do(func() { ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.create", Status: 500, Times: 1}) })
		}
		return resp, err
	})
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestShareFailureMidwayKeepsWhatWasDone(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faultAfterFirstCreate)
	ctx := context.Background()
	members := []domain.Member{
		member("M-0001", "alfa@example.org", active),
		member("M-0002", "beta@example.org", active),
		member("M-0003", "gamma@example.org", active),
	}
	rec, res, err := f.c.Share(ctx, f.file, members, nil)
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) || gerr.Code != 500 {
		t.Fatalf("Share error = %v, want Drive's 500", err)
	}
	if strings.Contains(err.Error(), "@") || !strings.Contains(err.Error(), "M-0002") {
		t.Errorf("error = %q, want the member ID and no address", err)
	}
	f.checkRecord(t, rec, "M-0001")
	if res.Granted != 1 {
		t.Errorf("result = %+v, want 1 granted", res)
	}
	if acc := f.access(t); len(acc) != 2 || acc["alfa@example.org"] != "reader" {
		t.Errorf("access = %v, want the owner and Alfa only", acc)
	}

	// The retry grants the rest, and nothing twice.
	rec, res, err = f.c.Share(ctx, f.file, members, rec)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	f.checkRecord(t, rec, "M-0001", "M-0002", "M-0003")
	if res.Granted != 2 || len(rec) != 3 {
		t.Errorf("retry = result %+v, record %+v; want 2 granted, 3 records", res, rec)
	}
}

func TestShareLostAnswerIsLookedUp(t *testing.T) {
	t.Parallel()
	// The create reaches Drive, but its answer is lost on the way back.
	lose := func(base http.RoundTripper, _ *workspacetest.Server) http.RoundTripper {
		var once sync.Once
		return roundTrip(func(r *http.Request) (*http.Response, error) {
			resp, err := base.RoundTrip(r)
			if err == nil && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/permissions") {
				lost := false
				once.Do(func() { lost = true })
				if lost {
					resp.Body.Close()
					return nil, errors.New("connection reset by peer")
				}
			}
			return resp, err
		})
	}
	f := newFixture(t, lose)
	members := []domain.Member{member("M-0001", "alfa@example.org", active), member("M-0002", "beta@example.org", active)}
	rec, res, err := f.c.Share(context.Background(), f.file, members, nil)
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("Share error = %v, want the lost answer", err)
	}
	f.checkRecord(t, rec, "M-0001")
	if l, _, _ := f.calls(); l != 2 || res.Granted != 1 {
		t.Errorf("lists = %d, granted = %d; want 2 (one to look again), 1", l, res.Granted)
	}
}

func TestShareErrors(t *testing.T) {
	t.Parallel()
	members := []domain.Member{member("M-0001", "alfa@example.org", active), member("M-0002", "beta@example.org", active)}
	t.Run("a failed listing changes nothing", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, nil)
		f.ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.list", Status: 503})
		old := []drive.Granted{gp(f.file, "p-gone", "M-0009", "reader")}
		rec, _, err := f.c.Share(context.Background(), f.file, members, old)
		if err == nil {
			t.Fatal("Share with a failing listing: no error")
		}
		if !slices.Equal(rec, old) {
			t.Errorf("record = %+v, want the old one %+v", rec, old)
		}
		if _, c, d := f.calls(); c != 0 || d != 0 {
			t.Errorf("create %d, delete %d; want none", c, d)
		}
	})
	t.Run("an address Drive refuses is reported and the others still shared", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, nil)
		f.ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.create", Status: 400, Reason: "invalid", Times: 1})
		rec, res, err := f.c.Share(context.Background(), f.file, members, nil)
		if err != nil {
			t.Fatalf("Share: %v", err)
		}
		f.checkRecord(t, rec, "M-0002")
		if len(res.Failed) != 1 || res.Failed[0].MemberID != "M-0001" || !strings.Contains(res.Failed[0].Text.In(domain.Spanish), "no aceptó") {
			t.Errorf("Failed = %+v, want M-0001 with a message", res.Failed)
		}
	})
	t.Run("an address in Drive's error message is redacted", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, nil)
		f.ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.create", Status: 503, Message: "Backend trouble for ALFA@example.org."})
		_, _, err := f.c.Share(context.Background(), f.file, members, nil)
		if err == nil {
			t.Fatal("Share: no error")
		}
		if strings.Contains(strings.ToLower(err.Error()), "alfa@example.org") || !strings.Contains(err.Error(), logging.Redact("alfa@example.org")) {
			t.Errorf("error = %q, want the address replaced by its stand-in", err)
		}
		var gerr *googleapi.Error
		if !errors.As(err, &gerr) || gerr.Code != 503 {
			t.Errorf("error = %v, want Drive's 503 still reachable with errors.As", err)
		}
	})
	t.Run("a revoke that fails keeps its record", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, nil)
		rec, _, err := f.c.Share(context.Background(), f.file, members, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.delete", Status: 500, Times: 1})
		left := []domain.Member{members[0], member("M-0002", "beta@example.org", withdrawn)}
		rec2, _, err := f.c.Share(context.Background(), f.file, left, rec)
		if err == nil {
			t.Fatal("Share with a failing revoke: no error")
		}
		f.checkRecord(t, rec2, "M-0001", "M-0002")
		rec3, res, err := f.c.Share(context.Background(), f.file, left, rec2)
		if err != nil || res.Revoked != 1 {
			t.Fatalf("retry: revoked %d, err %v; want 1, nil", res.Revoked, err)
		}
		f.checkRecord(t, rec3, "M-0001")
	})
}

// Drive's reference for permissions.list, pageSize: "When not set for
// files in a shared drive, at most 100 results will be returned. When not
// set for files that are not in a shared drive, the entire list will be
// returned." (https://developers.google.com/drive/api/v3/reference/permissions/list)
// The client sets none: a My Drive file's list comes in one call, a shared
// drive file's in pages of 100, every page read.
func TestShareReadsEveryPageOfPermissions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		sharedDrive bool
		wantLists   int
	}{
		{"a My Drive file lists in one call", false, 1},
		{"a shared drive's file lists in pages of 100", true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			if tc.sharedDrive {
				driveID := f.ws.AddSharedDrive("Coalition shared drive")
				file, err := f.svc.Files.Create(&driveapi.File{Name: "Member directory", MimeType: "application/vnd.google-apps.spreadsheet",
					Parents: []string{driveID}}).SupportsAllDrives(true).Do()
				if err != nil {
					t.Fatal(err)
				}
				f.file = file.Id
			}
			for i := range 120 {
				_, err := f.svc.Permissions.Create(f.file, &driveapi.Permission{Type: "user", Role: "reader",
					EmailAddress: fmt.Sprintf("person%03d@example.org", i)}).SendNotificationEmail(false).SupportsAllDrives(true).Do()
				if err != nil {
					t.Fatal(err)
				}
			}
			last := "Person119@example.org"
			f.ws.ResetCalls()
			rec, res, err := f.c.Share(context.Background(), f.file, []domain.Member{member("M-0001", last, active)}, nil)
			if err != nil {
				t.Fatalf("Share: %v", err)
			}
			if l, c, _ := f.calls(); l != tc.wantLists || c != 0 || len(rec) != 0 || res.AlreadyHaveAccess != 1 {
				t.Errorf("lists %d, creates %d, record %+v, result %+v; want %d lists and the person's share left alone",
					l, c, rec, res, tc.wantLists)
			}
		})
	}
}

// BenchmarkPlanSharing plans a steady-state run at 5,000 members: every
// member already holds the service's grant, a few changed.
func BenchmarkPlanSharing(b *testing.B) {
	const n = 5000
	members := make([]domain.Member, n)
	granted := make([]drive.Granted, n)
	existing := make([]*driveapi.Permission, n)
	for i := range n {
		id, email := fmt.Sprintf("M-%04d", i), fmt.Sprintf("member%04d@example.org", i)
		members[i] = member(id, email, active)
		granted[i] = gp("dir", "p-"+id, id, "reader")
		existing[i] = perm("p-"+id, email, "reader")
	}
	for i := 0; i < n; i += 500 {
		members[i].Status = withdrawn
	}
	b.ReportAllocs()
	for b.Loop() {
		p := drive.PlanSharing("dir", members, granted, existing)
		if len(p.Revokes) != n/500 {
			b.Fatalf("revokes = %d, want %d", len(p.Revokes), n/500)
		}
	}
}

// BenchmarkSharingKey is the check every sync makes at 5,000 members.
func BenchmarkSharingKey(b *testing.B) {
	members := make([]domain.Member, 5000)
	for i := range members {
		members[i] = member(fmt.Sprintf("M-%04d", i), fmt.Sprintf("member%04d@example.org", i), active)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = drive.SharingKey(members)
	}
}

package workspacetest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// dcDrive starts a server and a drive/v3 client pointed at it.
func dcDrive(t *testing.T) (*workspacetest.Server, *drive.Service) {
	t.Helper()
	s := workspacetest.NewServer()
	t.Cleanup(s.Close)
	srv, err := drive.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		t.Fatalf("drive.NewService: %v", err)
	}
	return s, srv
}

// dcWantErr checks that err is Google's error with code and reason.
func dcWantErr(t *testing.T, err error, code int, reason string) *googleapi.Error {
	t.Helper()
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		t.Fatalf("error = %v, want a googleapi.Error %d %s", err, code, reason)
	}
	got := ""
	if len(gerr.Errors) > 0 {
		got = gerr.Errors[0].Reason
	}
	if gerr.Code != code || got != reason {
		t.Fatalf("error = %d %s (%s), want %d %s", gerr.Code, got, gerr.Message, code, reason)
	}
	return gerr
}

// stepClock is a settable clock for SetClock.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stepClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestDriveCreateGetAndDefaultFields(t *testing.T) {
	t.Parallel()
	_, srv := dcDrive(t)
	folder, err := srv.Files.Create(&drive.File{Name: "Coalition", MimeType: "application/vnd.google-apps.folder"}).
		Fields("id,name,mimeType,parents").Do()
	if err != nil {
		t.Fatalf("create folder: %v", err)
	}
	doc, err := srv.Files.Create(&drive.File{
		Name: "Agenda", MimeType: "application/vnd.google-apps.document", Parents: []string{folder.Id},
		AppProperties: map[string]string{"kind": "agenda", "meeting": "2026-01-26"},
	}).Fields("*").Do()
	if err != nil {
		t.Fatalf("create doc: %v", err)
	}
	if !slices.Equal(doc.Parents, []string{folder.Id}) || doc.AppProperties["kind"] != "agenda" || doc.Version != 1 {
		t.Errorf("created doc = parents %v appProperties %v version %d, want [%s] agenda 1", doc.Parents, doc.AppProperties, doc.Version, folder.Id)
	}
	if !strings.HasPrefix(doc.WebViewLink, "https://docs.google.com/document/d/"+doc.Id) {
		t.Errorf("webViewLink = %q, want a Docs link", doc.WebViewLink)
	}

	// Without fields Drive answers kind, id, name and mimeType only.
	plain, err := srv.Files.Get(doc.Id).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if plain.Name != "Agenda" || plain.MimeType != "application/vnd.google-apps.document" || plain.Parents != nil || plain.AppProperties != nil {
		t.Errorf("get without fields = %+v, want only kind/id/name/mimeType", plain)
	}
	masked, err := srv.Files.Get(doc.Id).Fields("id,appProperties").Do()
	if err != nil {
		t.Fatalf("get with fields: %v", err)
	}
	if masked.Name != "" || masked.AppProperties["meeting"] != "2026-01-26" {
		t.Errorf("get fields=id,appProperties = name %q appProperties %v, want no name and the properties", masked.Name, masked.AppProperties)
	}

	_, err = srv.Files.Get("nosuchfile").Do()
	gerr := dcWantErr(t, err, 404, "notFound")
	if gerr.Message != "File not found: nosuchfile." {
		t.Errorf("404 message = %q, want %q", gerr.Message, "File not found: nosuchfile.")
	}
	_, err = srv.Files.Create(&drive.File{Name: "x", Parents: []string{"missing"}}).Do()
	dcWantErr(t, err, 404, "notFound")
	_, err = srv.Files.Create(&drive.File{Name: "x", Parents: []string{folder.Id, "root"}}).Do()
	dcWantErr(t, err, 403, "cannotAddParent")
}

func TestDriveListQuery(t *testing.T) {
	t.Parallel()
	_, srv := dcDrive(t)
	mk := func(f *drive.File) string {
		t.Helper()
		got, err := srv.Files.Create(f).Do()
		if err != nil {
			t.Fatalf("create %s: %v", f.Name, err)
		}
		return got.Id
	}
	folder := mk(&drive.File{Name: "Coalition", MimeType: "application/vnd.google-apps.folder"})
	roster := mk(&drive.File{Name: "Roster", MimeType: "application/vnd.google-apps.spreadsheet", Parents: []string{folder},
		AppProperties: map[string]string{"coalition": "mo"}})
	agenda := mk(&drive.File{Name: "Agenda 'Jan'", MimeType: "application/vnd.google-apps.document", Parents: []string{folder},
		AppProperties: map[string]string{"coalition": "ks"}})
	old := mk(&drive.File{Name: "Old notes", MimeType: "application/vnd.google-apps.document", Parents: []string{folder}})
	if _, err := srv.Files.Update(old, &drive.File{Trashed: true}).Do(); err != nil {
		t.Fatalf("trash: %v", err)
	}
	tests := []struct {
		name string
		q    string
		want []string
	}{
		{"in parents", "'" + folder + "' in parents", []string{roster, agenda, old}},
		{"in parents not trashed", "'" + folder + "' in parents and trashed = false", []string{roster, agenda}},
		{"name with escaped quote", `name = 'Agenda \'Jan\''`, []string{agenda}},
		{"mimeType", "mimeType = 'application/vnd.google-apps.spreadsheet'", []string{roster}},
		{"folders in root", "'root' in parents and mimeType = 'application/vnd.google-apps.folder'", []string{folder}},
		{"appProperties", "appProperties has { key='coalition' and value='mo' } and trashed = false", []string{roster}},
		{"appProperties no match", "appProperties has { key='coalition' and value='tx' }", nil},
		{"trashed only", "trashed = true", []string{old}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list, err := srv.Files.List().Q(tc.q).Do()
			if err != nil {
				t.Fatalf("list q=%s: %v", tc.q, err)
			}
			var got []string
			for _, f := range list.Files {
				got = append(got, f.Id)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("list q=%s = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	for _, q := range []string{"name = 'a' or name = 'b'", "fullText contains 'x'", "name = 'unclosed", "name ="} {
		t.Run("rejects "+q, func(t *testing.T) {
			_, err := srv.Files.List().Q(q).Do()
			dcWantErr(t, err, 400, "invalid")
		})
	}
}

func TestDriveListPaging(t *testing.T) {
	t.Parallel()
	_, srv := dcDrive(t)
	var want []string
	for i := range 5 {
		f, err := srv.Files.Create(&drive.File{Name: "file " + string(rune('a'+i))}).Do()
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		want = append(want, f.Id)
	}
	var got []string
	pages := 0
	err := srv.Files.List().PageSize(2).Q("trashed = false").Pages(context.Background(), func(l *drive.FileList) error {
		pages++
		for _, f := range l.Files {
			got = append(got, f.Id)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("pages: %v", err)
	}
	if pages != 3 || !slices.Equal(got, want) {
		t.Errorf("paging = %d pages %v, want 3 pages %v", pages, got, want)
	}
	_, err = srv.Files.List().PageToken("bogus").Do()
	dcWantErr(t, err, 400, "invalid")
	first, err := srv.Files.List().PageSize(2).Do()
	if err != nil {
		t.Fatal(err)
	}
	// A token belongs to its query.
	_, err = srv.Files.List().Q("trashed = true").PageToken(first.NextPageToken).Do()
	dcWantErr(t, err, 400, "invalid")
}

func TestDriveUpdateMoveCopy(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	clock := &stepClock{t: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	s.SetClock(clock.now)
	a, _ := srv.Files.Create(&drive.File{Name: "A", MimeType: "application/vnd.google-apps.folder"}).Do()
	b, _ := srv.Files.Create(&drive.File{Name: "B", MimeType: "application/vnd.google-apps.folder"}).Do()
	f, err := srv.Files.Create(&drive.File{Name: "notes.txt", Parents: []string{a.Id}, AppProperties: map[string]string{"k": "v1"}}).
		Media(strings.NewReader("first")).Fields("*").Do()
	if err != nil {
		t.Fatalf("multipart create: %v", err)
	}
	if f.Size != 5 || f.MimeType == "" {
		t.Errorf("uploaded file size %d mimeType %q, want 5 and a type", f.Size, f.MimeType)
	}

	clock.add(time.Minute)
	up, err := srv.Files.Update(f.Id, &drive.File{Name: "renamed.txt", AppProperties: map[string]string{"k": "v2", "n": "1"}}).
		AddParents(b.Id).RemoveParents(a.Id).Fields("*").Do()
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if up.Name != "renamed.txt" || !slices.Equal(up.Parents, []string{b.Id}) || up.AppProperties["k"] != "v2" || up.AppProperties["n"] != "1" {
		t.Errorf("updated = %q %v %v, want renamed.txt [%s] k=v2 n=1", up.Name, up.Parents, up.AppProperties, b.Id)
	}
	if up.Version <= f.Version || up.ModifiedTime != f.ModifiedTime {
		t.Errorf("metadata update: version %d->%d modifiedTime %s->%s, want version up and modifiedTime kept", f.Version, up.Version, f.ModifiedTime, up.ModifiedTime)
	}
	// null removes one app property and keeps the others.
	cleared, err := srv.Files.Update(f.Id, &drive.File{AppProperties: map[string]string{"k": "v2"}, NullFields: []string{"AppProperties.n"}}).Fields("appProperties").Do()
	if err != nil {
		t.Fatalf("update with null property: %v", err)
	}
	if _, has := cleared.AppProperties["n"]; has || cleared.AppProperties["k"] != "v2" {
		t.Errorf("after null n = %v, want only k=v2", cleared.AppProperties)
	}
	_, err = srv.Files.Update(f.Id, &drive.File{}).AddParents(a.Id).Do()
	dcWantErr(t, err, 403, "cannotAddParent")
	_, err = srv.Files.Update(a.Id, &drive.File{}).AddParents(a.Id).RemoveParents("root").Do()
	dcWantErr(t, err, 400, "invalid")

	clock.add(time.Minute)
	up2, err := srv.Files.Update(f.Id, &drive.File{}).Media(strings.NewReader("second version")).Fields("version,modifiedTime,size").Do()
	if err != nil {
		t.Fatalf("content update: %v", err)
	}
	if up2.Version <= up.Version || up2.ModifiedTime != "2026-01-05T10:02:00.000Z" || up2.Size != 14 {
		t.Errorf("content update = version %d modifiedTime %s size %d, want > %d, 2026-01-05T10:02:00.000Z, 14", up2.Version, up2.ModifiedTime, up2.Size, up.Version)
	}
	resp, err := srv.Files.Get(f.Id).Download()
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "second version" {
		t.Errorf("download = %q, want %q", body, "second version")
	}

	cp, err := srv.Files.Copy(f.Id, &drive.File{}).Fields("*").Do()
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	if cp.Name != "Copy of renamed.txt" || cp.Id == f.Id || !slices.Equal(cp.Parents, []string{b.Id}) || cp.AppProperties["k"] != "v2" {
		t.Errorf("copy = %q %v %v, want Copy of renamed.txt in [%s] with k=v2", cp.Name, cp.Parents, cp.AppProperties, b.Id)
	}
	_, err = srv.Files.Copy(a.Id, &drive.File{}).Do()
	dcWantErr(t, err, 403, "fileNotCopyable")

	if err := srv.Files.Delete(cp.Id).Do(); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = srv.Files.Get(cp.Id).Do()
	dcWantErr(t, err, 404, "notFound")
}

func TestDriveEditFileBumpsVersion(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	clock := &stepClock{t: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)}
	s.SetClock(clock.now)
	f, err := srv.Files.Create(&drive.File{Name: "minutes.txt"}).Media(bytes.NewReader([]byte("v1"))).Fields("id,version,modifiedTime").Do()
	if err != nil {
		t.Fatal(err)
	}
	clock.add(time.Hour)
	if err := s.EditFile(f.Id, []byte("v2 by a person")); err != nil {
		t.Fatalf("EditFile: %v", err)
	}
	got, err := srv.Files.Get(f.Id).Fields("version,modifiedTime").Do()
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != f.Version+1 || got.ModifiedTime != "2026-02-01T10:00:00.000Z" {
		t.Errorf("after EditFile version %d modifiedTime %s, want %d 2026-02-01T10:00:00.000Z", got.Version, got.ModifiedTime, f.Version+1)
	}
	if content, _ := s.FileContent(f.Id); string(content) != "v2 by a person" {
		t.Errorf("FileContent = %q, want the edit", content)
	}
	if err := s.EditFile("missing", nil); err == nil {
		t.Error("EditFile(missing) = nil, want an error")
	}
}

func TestDriveSharedDrives(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	driveID := s.AddSharedDrive("Coalition shared")
	d, err := srv.Drives.Get(driveID).Do()
	if err != nil || d.Name != "Coalition shared" {
		t.Fatalf("drives.get = %v, %v; want the drive", d, err)
	}
	_, err = srv.Drives.Get("0Anothere").Do()
	dcWantErr(t, err, 404, "notFound")

	_, err = srv.Files.Create(&drive.File{Name: "doc", Parents: []string{driveID}}).Do()
	dcWantErr(t, err, 404, "notFound")
	f, err := srv.Files.Create(&drive.File{Name: "doc", Parents: []string{driveID}}).SupportsAllDrives(true).Fields("id,driveId").Do()
	if err != nil {
		t.Fatalf("create in shared drive: %v", err)
	}
	if f.DriveId != driveID {
		t.Errorf("driveId = %q, want %q", f.DriveId, driveID)
	}
	_, err = srv.Files.Get(f.Id).Do()
	dcWantErr(t, err, 404, "notFound")
	if _, err := srv.Files.Get(f.Id).SupportsAllDrives(true).Do(); err != nil {
		t.Errorf("get with supportsAllDrives: %v", err)
	}
	mine, _ := srv.Files.Create(&drive.File{Name: "mine"}).Do()

	tests := []struct {
		name string
		call *drive.FilesListCall
		want []string
	}{
		{"user corpus", srv.Files.List(), []string{mine.Id}},
		{"drive corpus", srv.Files.List().Corpora("drive").DriveId(driveID).IncludeItemsFromAllDrives(true).SupportsAllDrives(true), []string{f.Id}},
		{"all drives", srv.Files.List().Corpora("allDrives").IncludeItemsFromAllDrives(true).SupportsAllDrives(true), []string{f.Id, mine.Id}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tc.call.Do()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range l.Files {
				got = append(got, x.Id)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("list = %v, want %v", got, tc.want)
			}
		})
	}
	_, err = srv.Files.List().DriveId(driveID).SupportsAllDrives(true).IncludeItemsFromAllDrives(true).Do()
	dcWantErr(t, err, 400, "invalid")
	_, err = srv.Files.List().IncludeItemsFromAllDrives(true).Do()
	dcWantErr(t, err, 400, "invalid")
}

func TestDrivePermissions(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	f, _ := srv.Files.Create(&drive.File{Name: "Roster", MimeType: "application/vnd.google-apps.spreadsheet"}).Do()

	p, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "user", Role: "writer", EmailAddress: "ana@example.org"}).
		EmailMessage("Welcome").Do()
	if err != nil {
		t.Fatalf("create permission: %v", err)
	}
	if p.Role != "writer" || p.Type != "user" || p.Id == "" {
		t.Errorf("permission = %+v, want a user writer with an id", p)
	}
	quiet, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "group", Role: "reader", EmailAddress: "members@example.org"}).
		SendNotificationEmail(false).Do()
	if err != nil {
		t.Fatal(err)
	}
	emails := s.SharingEmails()
	if len(emails) != 1 || emails[0].To != "ana@example.org" || emails[0].Role != "writer" || emails[0].Message != "Welcome" {
		t.Errorf("SharingEmails = %+v, want one to ana@example.org (writer, Welcome)", emails)
	}

	// The same grant again answers with the existing permission.
	again, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "user", Role: "writer", EmailAddress: "Ana@Example.org"}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if again.Id != p.Id {
		t.Errorf("duplicate grant id = %q, want the existing %q", again.Id, p.Id)
	}
	anyone, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "anyone", Role: "reader"}).Do()
	if err != nil || anyone.Id != "anyoneWithLink" {
		t.Errorf("anyone permission = %v, %v; want id anyoneWithLink", anyone, err)
	}
	domain, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "domain", Role: "commenter", Domain: "example.org"}).Do()
	if err != nil {
		t.Fatal(err)
	}

	var ids []string
	err = srv.Permissions.List(f.Id).PageSize(2).Pages(context.Background(), func(l *drive.PermissionList) error {
		for _, x := range l.Permissions {
			ids = append(ids, x.Id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 5 || !slices.Contains(ids, quiet.Id) || !slices.Contains(ids, domain.Id) {
		t.Errorf("permissions.list = %v, want owner + 4 grants", ids)
	}

	up, err := srv.Permissions.Update(f.Id, p.Id, &drive.Permission{Role: "commenter"}).Do()
	if err != nil || up.Role != "commenter" {
		t.Errorf("update = %v, %v; want commenter", up, err)
	}
	if err := srv.Permissions.Delete(f.Id, p.Id).Do(); err != nil {
		t.Fatalf("delete: %v", err)
	}
	err = srv.Permissions.Delete(f.Id, p.Id).Do()
	dcWantErr(t, err, 404, "notFound")
	perms, _ := s.Permissions(f.Id)
	if len(perms) != 4 {
		t.Errorf("Permissions after delete = %d, want 4", len(perms))
	}

	errs := []struct {
		name   string
		perm   *drive.Permission
		code   int
		reason string
	}{
		{"organizer outside shared drive", &drive.Permission{Type: "user", Role: "organizer", EmailAddress: "b@example.org"}, 403, "invalidSharingRequest"},
		{"unknown role", &drive.Permission{Type: "user", Role: "editor", EmailAddress: "b@example.org"}, 400, "invalid"},
		{"user without email", &drive.Permission{Type: "user", Role: "reader"}, 400, "invalid"},
		{"owner without transfer", &drive.Permission{Type: "user", Role: "owner", EmailAddress: "b@example.org"}, 403, "forbidden"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := srv.Permissions.Create(f.Id, tc.perm).Do()
			dcWantErr(t, err, tc.code, tc.reason)
		})
	}

	driveID := s.AddSharedDrive("Shared")
	sf, _ := srv.Files.Create(&drive.File{Name: "in shared", Parents: []string{driveID}}).SupportsAllDrives(true).Do()
	_, err = srv.Permissions.List(sf.Id).Do()
	dcWantErr(t, err, 404, "notFound")
	org, err := srv.Permissions.Create(sf.Id, &drive.Permission{Type: "user", Role: "fileOrganizer", EmailAddress: "c@example.org"}).
		SupportsAllDrives(true).SendNotificationEmail(false).Do()
	if err != nil || org.Role != "fileOrganizer" {
		t.Errorf("fileOrganizer in shared drive = %v, %v", org, err)
	}
}

func TestDriveChanges(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	start, err := srv.Changes.GetStartPageToken().Do()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := srv.Files.Create(&drive.File{Name: "a"}).Do()
	b, _ := srv.Files.Create(&drive.File{Name: "b"}).Do()
	if err := s.EditFile(a.Id, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := srv.Files.Delete(b.Id).Do(); err != nil {
		t.Fatal(err)
	}

	type seen struct {
		id      string
		removed bool
	}
	var got []seen
	tok, pages := start.StartPageToken, 0
	var newStart string
	for tok != "" {
		l, err := srv.Changes.List(tok).PageSize(1).Fields("*").Do()
		if err != nil {
			t.Fatalf("changes.list: %v", err)
		}
		pages++
		for _, c := range l.Changes {
			got = append(got, seen{c.FileId, c.Removed})
			if !c.Removed && c.File.Id != c.FileId {
				t.Errorf("change file id %q, want %q", c.File.Id, c.FileId)
			}
		}
		if l.NextPageToken != "" && l.NewStartPageToken != "" {
			t.Errorf("page has both nextPageToken and newStartPageToken")
		}
		tok, newStart = l.NextPageToken, l.NewStartPageToken
	}
	// Each file once, in its latest state: a edited, b removed.
	want := []seen{{a.Id, false}, {b.Id, true}}
	if !slices.Equal(got, want) || pages != 2 {
		t.Errorf("changes = %v in %d pages, want %v in 2", got, pages, want)
	}
	l, err := srv.Changes.List(newStart).Do()
	if err != nil || len(l.Changes) != 0 || l.NewStartPageToken != newStart {
		t.Errorf("changes after newStartPageToken = %v, %v; want none and the same token", l, err)
	}
	_, err = srv.Changes.List("99999999").Do()
	dcWantErr(t, err, 400, "invalid")
}

func TestDriveResumableUpload(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	content := bytes.Repeat([]byte("coalition minutes\n"), 40000) // 720 kB: three 256 KiB chunks
	f, err := srv.Files.Create(&drive.File{Name: "minutes.txt", MimeType: "text/plain"}).
		Media(bytes.NewReader(content), googleapi.ChunkSize(googleapi.MinUploadChunkSize)).Fields("id,name,size").Do()
	if err != nil {
		t.Fatalf("resumable create: %v", err)
	}
	if f.Name != "minutes.txt" || f.Size != int64(len(content)) {
		t.Errorf("uploaded = %q size %d, want minutes.txt %d (fields kept from the first request)", f.Name, f.Size, len(content))
	}
	got, _ := s.FileContent(f.Id)
	if !bytes.Equal(got, content) {
		t.Errorf("stored %d bytes, want the %d uploaded", len(got), len(content))
	}
	if n := s.Calls()["drive.files.create"]; n != 4 {
		t.Errorf("drive.files.create calls = %d, want 4 (start + 3 chunks)", n)
	}
	more := append(content, content...)
	up, err := srv.Files.Update(f.Id, &drive.File{Name: "minutes-v2.txt"}).
		Media(bytes.NewReader(more), googleapi.ChunkSize(googleapi.MinUploadChunkSize)).Fields("name,size,version").Do()
	if err != nil {
		t.Fatalf("resumable update: %v", err)
	}
	if up.Name != "minutes-v2.txt" || up.Size != int64(len(more)) {
		t.Errorf("updated = %q size %d, want minutes-v2.txt %d", up.Name, up.Size, len(more))
	}
}

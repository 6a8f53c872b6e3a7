package agenda_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/agenda"
	"github.com/coalitionsync/coalitionsync/sync/retry"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

const (
	organizer = "organizer@example.org" // the account the service acts as
	key       = "mo-invented/2026-11-23"
)

var fastRetry = retry.Policy{Attempts: 3, Sleep: func(context.Context, time.Duration) error { return nil }}

type fixture struct {
	ws     *workspacetest.Server
	svc    *driveapi.Service // the organizer's, with drive.file only
	c      *agenda.Client
	folder string
}

// newFixture is the fake Google with the coalition's shared folder,
// created by the service acting as the organizer through a consent that
// grants drive.file only: the narrowest scope, enough for files the app
// created.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	tok := ws.Consent(organizer, driveapi.DriveFileScope)
	ts := (&oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: "https://oauth2.googleapis.com/token"}}).
		TokenSource(context.WithValue(ctx, oauth2.HTTPClient, ws.HTTPClient()), &oauth2.Token{RefreshToken: tok})
	svc, err := driveapi.NewService(ctx, option.WithHTTPClient(&http.Client{Transport: &oauth2.Transport{Source: ts, Base: ws.HTTPClient().Transport}}))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := svc.Files.Create(&driveapi.File{Name: "Coalition shared folder", MimeType: "application/vnd.google-apps.folder"}).Do()
	if err != nil {
		t.Fatalf("create the shared folder with drive.file: %v", err)
	}
	c := agenda.NewClient(svc)
	c.Retry = fastRetry
	return &fixture{ws: ws, svc: svc, c: c, folder: folder.Id}
}

// ensure builds a and calls Ensure with rec.
func (f *fixture) ensure(t *testing.T, a agenda.Agenda, rec *agenda.Record) (agenda.Record, agenda.Outcome) {
	t.Helper()
	title, page, items := agenda.Build(a, domain.English)
	got, out, err := f.c.Ensure(context.Background(), f.folder, key, title, page, items, rec)
	if err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	return got, out
}

// driveCalls is the number of Drive requests the fake has served.
func (f *fixture) driveCalls() int {
	n := 0
	for id, c := range f.ws.Calls() {
		if strings.HasPrefix(id, "drive.") {
			n += c
		}
	}
	return n
}

// agendas lists the files in the shared folder.
func (f *fixture) agendas(t *testing.T) []*driveapi.File {
	t.Helper()
	list, err := f.svc.Files.List().Q("'" + f.folder + "' in parents").Fields("files(id,mimeType,name)").Do()
	if err != nil {
		t.Fatal(err)
	}
	return list.Files
}

func (f *fixture) text(t *testing.T, id string) string {
	t.Helper()
	s, err := f.ws.DocContent(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) file(t *testing.T, id string) *driveapi.File {
	t.Helper()
	got, err := f.svc.Files.Get(id).Fields("id,version,modifiedTime,webViewLink,trashed").Do()
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// withApplication is a with one more application.
func withApplication(a agenda.Agenda, id, name string) agenda.Agenda {
	a.Applications = append(slices.Clone(a.Applications), agenda.Item{Key: id, Text: name})
	return a
}

func TestCreatedOnceThenNoCallsForTheSameContent(t *testing.T) {
	f := newFixture(t)
	rec, out := f.ensure(t, sample(), nil)
	if out.Kind != agenda.Created || out.Calls != 2 {
		t.Errorf("first Ensure = %v with %d calls, want created with 2 (look up by key, create)", out.Kind, out.Calls)
	}
	docs := f.agendas(t)
	if len(docs) != 1 || docs[0].MimeType != "application/vnd.google-apps.document" || docs[0].Id != rec.FileID ||
		docs[0].Name != "Agenda — full coalition meeting of Nov 23, 2026" {
		t.Fatalf("folder holds %+v, want one Google Doc named for the meeting with ID %s", docs, rec.FileID)
	}
	if want := "https://docs.google.com/document/d/" + rec.FileID + "/edit"; !strings.HasPrefix(rec.Link, want) {
		t.Errorf("Link = %q, want the Doc's address %s...", rec.Link, want)
	}
	if text := f.text(t, rec.FileID); !strings.Contains(text, "<script>alert('x')</script>\n") || !strings.Contains(text, "Red Inventada — absent without notice on Jul 27, 2026") {
		t.Errorf("the Doc reads:\n%s\nwant the applications and the removal review as text", text)
	}

	before := f.driveCalls()
	again, out := f.ensure(t, sample(), &rec)
	if out.Kind != agenda.Unchanged || out.Calls != 0 || f.driveCalls() != before {
		t.Errorf("second Ensure = %v, %d calls (Drive saw %d), want unchanged with none", out.Kind, out.Calls, f.driveCalls()-before)
	}
	if again.FileID != rec.FileID || again.Version != rec.Version {
		t.Errorf("record after a no-op = %+v, want %+v", again, rec)
	}
}

func TestALostRecordFindsTheDocByItsKey(t *testing.T) {
	f := newFixture(t)
	rec, _ := f.ensure(t, sample(), nil)
	t.Run("same content: read, not written", func(t *testing.T) {
		got, out := f.ensure(t, sample(), nil)
		if out.Kind != agenda.Current || got.FileID != rec.FileID || got.Version != rec.Version {
			t.Errorf("Ensure without a record = %v, %+v; want current, the same Doc at version %d", out.Kind, got, rec.Version)
		}
	})
	t.Run("new content: the same Doc regenerated", func(t *testing.T) {
		got, out := f.ensure(t, withApplication(sample(), "A-0003", "Coalición Nueva"), nil)
		if out.Kind != agenda.Updated || got.FileID != rec.FileID {
			t.Errorf("Ensure without a record = %v, file %s; want updated, %s", out.Kind, got.FileID, rec.FileID)
		}
	})
	if docs := f.agendas(t); len(docs) != 1 {
		t.Errorf("the folder holds %d Docs, want 1", len(docs))
	}
}

func TestRegeneratedWhileNobodyEditedIt(t *testing.T) {
	f := newFixture(t)
	rec, _ := f.ensure(t, sample(), nil)
	// Sharing the Doc moves its version but not its modification time: it
	// is still the service's to regenerate.
	if _, err := f.svc.Permissions.Create(rec.FileID, &driveapi.Permission{Type: "user", Role: "reader", EmailAddress: "invitada@example.org"}).
		SendNotificationEmail(false).Do(); err != nil {
		t.Fatal(err)
	}
	next, out := f.ensure(t, withApplication(sample(), "A-0003", "Coalición Nueva"), &rec)
	if out.Kind != agenda.Updated || out.Calls != 2 {
		t.Errorf("Ensure = %v with %d calls, want updated with 2 (get, update)", out.Kind, out.Calls)
	}
	if next.FileID != rec.FileID || next.Link != rec.Link || next.Version <= rec.Version {
		t.Errorf("record %+v after %+v: want the same Doc and link at a later version", next, rec)
	}
	if cur := f.file(t, rec.FileID); cur.Version != next.Version || cur.ModifiedTime != next.Modified {
		t.Errorf("Doc at version %d modified %s, record says %d %s", cur.Version, cur.ModifiedTime, next.Version, next.Modified)
	}
	if text := f.text(t, rec.FileID); !strings.Contains(text, "Coalición Nueva") {
		t.Errorf("the regenerated Doc lacks the new application:\n%s", text)
	}
	if !slices.Contains(next.Items, "application:A-0003") {
		t.Errorf("record items = %q, want the new application", next.Items)
	}
}

func TestAPersonsEditIsNeverOverwritten(t *testing.T) {
	f := newFixture(t)
	rec, _ := f.ensure(t, sample(), nil)
	const edited = "<h1>Agenda</h1><p>Welcome and introductions (Rosa)</p>"
	if err := f.ws.EditDoc(rec.FileID, "rosa@example.org", edited); err != nil {
		t.Fatal(err)
	}
	a := withApplication(sample(), "A-0003", "Coalición Nueva")
	rec2, out := f.ensure(t, a, &rec)
	if out.Kind != agenda.Edited || !slices.Equal(out.Added, []string{"application:A-0003"}) {
		t.Errorf("Ensure after a person's edit = %v, added %q; want edited, the new application", out.Kind, out.Added)
	}
	if !rec2.Edited || rec2.EditedBy != "rosa" || rec2.FileID != rec.FileID || !slices.Equal(rec2.Items, rec.Items) {
		t.Errorf("record = %+v, want edited by rosa, same Doc, items as last written", rec2)
	}
	if got := f.text(t, rec.FileID); got != "Agenda\nWelcome and introductions (Rosa)\n" {
		t.Errorf("the Doc reads %q, want the person's text untouched", got)
	}

	t.Run("later runs make no call and report everything added since", func(t *testing.T) {
		before := f.driveCalls()
		b := a
		b.ApprovalRequests = append(slices.Clone(b.ApprovalRequests), agenda.Item{Key: "approvals:4", Text: "Logo on a flyer"})
		_, out := f.ensure(t, b, &rec2)
		if out.Kind != agenda.Edited || out.Calls != 0 || f.driveCalls() != before {
			t.Errorf("Ensure = %v, %d calls, want edited with none", out.Kind, out.Calls)
		}
		if want := []string{"application:A-0003", "approval:approvals:4"}; !slices.Equal(out.Added, want) {
			t.Errorf("added = %q, want %q", out.Added, want)
		}
		if got := b.Describe(out.Added, domain.English); !slices.Equal(got, []string{
			"Applications to review: Coalición Nueva", "Open approval requests: Logo on a flyer"}) {
			t.Errorf("Describe(added) = %q", got)
		}
	})
	t.Run("with the record lost, the person's Doc is found and left alone", func(t *testing.T) {
		got, out := f.ensure(t, a, nil)
		if out.Kind != agenda.Edited || out.Added != nil || got.FileID != rec.FileID {
			t.Errorf("Ensure without a record = %v, added %q, file %s; want edited, unknown additions, %s", out.Kind, out.Added, got.FileID, rec.FileID)
		}
		if text := f.text(t, rec.FileID); !strings.Contains(text, "Rosa") {
			t.Errorf("the Doc was overwritten:\n%s", text)
		}
		if docs := f.agendas(t); len(docs) != 1 {
			t.Errorf("the folder holds %d Docs, want 1", len(docs))
		}
	})
}

func TestAWriteWhoseRecordWasLostIsStillTheServices(t *testing.T) {
	f := newFixture(t)
	rec1, _ := f.ensure(t, sample(), nil)
	// A run writes new content, then crashes before saving its record.
	if _, out := f.ensure(t, withApplication(sample(), "A-0003", "Coalición Nueva"), &rec1); out.Kind != agenda.Updated {
		t.Fatalf("second write = %v, want updated", out.Kind)
	}
	rec3, out := f.ensure(t, withApplication(sample(), "A-0004", "Otra Organización"), &rec1)
	if out.Kind != agenda.Updated || rec3.Edited {
		t.Errorf("Ensure with the older record = %v (edited %v), want updated: the service wrote the newer content", out.Kind, rec3.Edited)
	}
}

func TestTrashedOrDeletedDocs(t *testing.T) {
	t.Run("in the trash: left there", func(t *testing.T) {
		f := newFixture(t)
		rec, _ := f.ensure(t, sample(), nil)
		if _, err := f.svc.Files.Update(rec.FileID, &driveapi.File{Trashed: true}).Do(); err != nil {
			t.Fatal(err)
		}
		got, out := f.ensure(t, withApplication(sample(), "A-0003", "Coalición Nueva"), &rec)
		if out.Kind != agenda.Trashed || got.FileID != rec.FileID || !f.file(t, rec.FileID).Trashed {
			t.Errorf("Ensure = %v, file %s; want trashed and left in the trash", out.Kind, got.FileID)
		}
		if strings.Contains(f.text(t, rec.FileID), "Coalición Nueva") {
			t.Error("a Doc in the trash was written")
		}
	})
	t.Run("deleted for good: a new one", func(t *testing.T) {
		f := newFixture(t)
		rec, _ := f.ensure(t, sample(), nil)
		if err := f.svc.Files.Delete(rec.FileID).Do(); err != nil {
			t.Fatal(err)
		}
		got, out := f.ensure(t, withApplication(sample(), "A-0003", "Coalición Nueva"), &rec)
		if out.Kind != agenda.Created || got.FileID == rec.FileID || got.FileID == "" {
			t.Errorf("Ensure = %v, file %s; want a new Doc", out.Kind, got.FileID)
		}
	})
}

func TestEnsureRefusesAKeyDriveCannotHold(t *testing.T) {
	f := newFixture(t)
	title, page, items := agenda.Build(sample(), domain.English)
	_, out, err := f.c.Ensure(context.Background(), f.folder, strings.Repeat("k", 110), title, page, items, nil)
	if err == nil || out.Calls != 0 {
		t.Errorf("Ensure with a 110-byte key = %v after %d calls, want an error before any call", err, out.Calls)
	}
}

func TestEnsureReportsDriveErrors(t *testing.T) {
	f := newFixture(t)
	f.ws.InjectFault(workspacetest.Fault{Method: "drive.files.list", Status: http.StatusForbidden, Times: 1})
	title, page, items := agenda.Build(sample(), domain.English)
	_, _, err := f.c.Ensure(context.Background(), f.folder, key, title, page, items, nil)
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != http.StatusForbidden {
		t.Errorf("Ensure = %v, want Drive's 403 wrapped", err)
	}
	if docs := f.agendas(t); len(docs) != 0 {
		t.Errorf("the folder holds %d Docs after a failed look-up, want none", len(docs))
	}
}

func TestAgendaInASharedDrive(t *testing.T) {
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	svc, err := driveapi.NewService(context.Background(), ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	sharedDrive := ws.AddSharedDrive("Coalition")
	c := agenda.NewClient(svc)
	c.Retry = fastRetry
	title, page, items := agenda.Build(sample(), domain.English)
	rec, out, err := c.Ensure(context.Background(), sharedDrive, key, title, page, items, nil)
	if err != nil || out.Kind != agenda.Created {
		t.Fatalf("Ensure in a shared drive = %v, %v; want created", out.Kind, err)
	}
	again, out, err := c.Ensure(context.Background(), sharedDrive, key, title, page, items, nil)
	if err != nil || out.Kind != agenda.Current || again.FileID != rec.FileID {
		t.Errorf("Ensure without a record in a shared drive = %v, file %s, %v; want current, %s", out.Kind, again.FileID, err, rec.FileID)
	}
}

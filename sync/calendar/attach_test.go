package calendar_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	calendarapi "google.golang.org/api/calendar/v3"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/sync/calendar"
)

// agendaDoc makes a Google Doc on the fake Drive and returns its ID and
// web address.
func agendaDoc(t *testing.T, f *fixture) (string, string) {
	t.Helper()
	svc, err := driveapi.NewService(context.Background(), f.ws.DelegatedClientOptions(organizer)...)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := svc.Files.Create(&driveapi.File{Name: "Agenda", MimeType: "application/vnd.google-apps.document"}).
		Media(strings.NewReader("<p>Agenda</p>"), googleapi.ContentType("text/html")).Fields("id,webViewLink").Do()
	if err != nil {
		t.Fatal(err)
	}
	return doc.Id, doc.WebViewLink
}

// callsOf counts the fake's calls of one method.
func callsOf(f *fixture, method string) int { return f.ws.Calls()[method] }

func TestAttachKeepsOtherAttachmentsEmailsNobodyAndIsIdempotent(t *testing.T) {
	f := newFixture(t)
	f.sync(t, meeting("2026-11-23", "alfa@example.org", "bravo@example.org"))
	id := f.records()[0].ID
	if _, err := f.raw.Events.Patch(f.calID, id, &calendarapi.Event{Attachments: []*calendarapi.EventAttachment{
		{FileUrl: "https://example.org/minutes.pdf", Title: "Last minutes", MimeType: "application/pdf"}}}).
		SupportsAttachments(true).SendUpdates("none").Do(); err != nil {
		t.Fatal(err)
	}
	docID, link := agendaDoc(t, f)
	mails := len(f.ws.Invitations(f.calID))
	gets, patches := callsOf(f, "calendar.events.get"), callsOf(f, "calendar.events.patch")

	if err := f.c.Attach(context.Background(), id, link, "Agenda", "application/vnd.google-apps.document"); err != nil {
		t.Fatalf("Attach: %v", err)
	}
	if g, p := callsOf(f, "calendar.events.get")-gets, callsOf(f, "calendar.events.patch")-patches; g != 1 || p != 1 {
		t.Errorf("first Attach: %d gets, %d patches; want 1 and 1", g, p)
	}
	ev := f.event(t, id)
	if len(ev.Attachments) != 2 || ev.Attachments[0].Title != "Last minutes" ||
		ev.Attachments[1].FileUrl != link || ev.Attachments[1].FileId != docID || ev.Attachments[1].Title != "Agenda" {
		t.Errorf("attachments = %s, want the minutes kept and the agenda added with its file ID", describe(ev.Attachments))
	}
	if got := f.emails(mails); len(got) != 0 {
		t.Errorf("emails sent for an attachment: %v, want none", got)
	}

	for _, again := range []string{link, "https://docs.google.com/document/d/" + docID + "/edit"} {
		gets, patches = callsOf(f, "calendar.events.get"), callsOf(f, "calendar.events.patch")
		if err := f.c.Attach(context.Background(), id, again, "Agenda", "application/vnd.google-apps.document"); err != nil {
			t.Fatalf("Attach again: %v", err)
		}
		if g, p := callsOf(f, "calendar.events.get")-gets, callsOf(f, "calendar.events.patch")-patches; g != 1 || p != 0 {
			t.Errorf("Attach of %s when attached: %d gets, %d patches; want 1 and none", again, g, p)
		}
	}
	if n := len(f.event(t, id).Attachments); n != 2 {
		t.Errorf("%d attachments after attaching twice, want 2", n)
	}
}

func TestAttachRefusesPastCalendarsLimit(t *testing.T) {
	f := newFixture(t)
	f.sync(t, meeting("2026-11-23", "alfa@example.org"))
	id := f.records()[0].ID
	var full []*calendarapi.EventAttachment
	for i := range calendar.MaxAttachments {
		full = append(full, &calendarapi.EventAttachment{FileUrl: fmt.Sprintf("https://example.org/file%d.pdf", i), Title: "File"})
	}
	if _, err := f.raw.Events.Patch(f.calID, id, &calendarapi.Event{Attachments: full}).SupportsAttachments(true).Do(); err != nil {
		t.Fatal(err)
	}
	_, link := agendaDoc(t, f)
	patches := callsOf(f, "calendar.events.patch")
	err := f.c.Attach(context.Background(), id, link, "Agenda", "application/vnd.google-apps.document")
	if !errors.Is(err, calendar.ErrTooManyAttachments) || callsOf(f, "calendar.events.patch") != patches {
		t.Errorf("Attach to a full event = %v with %d patches, want ErrTooManyAttachments and none", err, callsOf(f, "calendar.events.patch")-patches)
	}
}

func TestAttachToAMissingEventOrWithoutAnAddress(t *testing.T) {
	f := newFixture(t)
	before := calendarCalls(f.ws)
	if err := f.c.Attach(context.Background(), "nosuchevent00", " ", "Agenda", ""); err == nil || calendarCalls(f.ws) != before {
		t.Errorf("Attach without an address = %v after %d calls, want an error before any call", err, calendarCalls(f.ws)-before)
	}
	err := f.c.Attach(context.Background(), "nosuchevent00", "https://docs.google.com/document/d/x/edit", "Agenda", "")
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != 404 {
		t.Errorf("Attach to a missing event = %v, want Calendar's 404 wrapped", err)
	}
}

func describe(atts []*calendarapi.EventAttachment) string {
	var parts []string
	for _, a := range atts {
		parts = append(parts, fmt.Sprintf("{%s %q %s}", a.FileUrl, a.Title, a.FileId))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

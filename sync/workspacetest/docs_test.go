package workspacetest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	calendarapi "google.golang.org/api/calendar/v3"
	"google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

const docFields = "id,name,mimeType,version,modifiedTime,webViewLink,appProperties,md5Checksum,size,lastModifyingUser"

func exportText(t *testing.T, srv *drive.Service, id, mimeType string) string {
	t.Helper()
	resp, err := srv.Files.Export(id, mimeType).Download()
	if err != nil {
		t.Fatalf("files.export %s as %s: %v", id, mimeType, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read export: %v", err)
	}
	return string(b)
}

func TestDocFromHTMLUploadThenUpdateAndExport(t *testing.T) {
	t.Parallel()
	ws, srv := dcDrive(t)
	folder, err := srv.Files.Create(&drive.File{Name: "Shared", MimeType: "application/vnd.google-apps.folder"}).Do()
	if err != nil {
		t.Fatalf("create folder: %v", err)
	}
	page := `<html><body><h1>Agenda</h1><ul><li>Casa &amp; Tierra</li><li>&lt;script&gt;</li></ul><script>x()</script></body></html>`
	doc, err := srv.Files.Create(&drive.File{Name: "Agenda", MimeType: "application/vnd.google-apps.document",
		Parents: []string{folder.Id}, AppProperties: map[string]string{"k": "v1"}}).
		Media(strings.NewReader(page), googleapi.ContentType("text/html")).Fields(docFields).Do()
	if err != nil {
		t.Fatalf("files.create with HTML media: %v", err)
	}
	if doc.MimeType != "application/vnd.google-apps.document" || doc.Md5Checksum != "" || doc.Size != 0 {
		t.Errorf("created = %s md5 %q size %d, want a Google Doc without checksum or size", doc.MimeType, doc.Md5Checksum, doc.Size)
	}
	if want := "https://docs.google.com/document/d/" + doc.Id + "/edit"; !strings.HasPrefix(doc.WebViewLink, want) {
		t.Errorf("webViewLink = %q, want it to start %q", doc.WebViewLink, want)
	}
	if doc.LastModifyingUser == nil || !doc.LastModifyingUser.Me {
		t.Errorf("lastModifyingUser = %+v, want the caller (me)", doc.LastModifyingUser)
	}
	if got, want := exportText(t, srv, doc.Id, "text/plain"), "\ufeffAgenda\nCasa & Tierra\n<script>\n"; got != want {
		t.Errorf("export text/plain = %q, want %q", got, want)
	}
	if got := exportText(t, srv, doc.Id, "text/html"); got != page {
		t.Errorf("export text/html = %q, want the HTML uploaded", got)
	}

	t.Run("found by appProperties", func(t *testing.T) {
		list, err := srv.Files.List().Q("appProperties has { key='k' and value='v1' }").Fields("files(id)").Do()
		if err != nil || len(list.Files) != 1 || list.Files[0].Id != doc.Id {
			t.Fatalf("list by appProperties = %v (err %v), want the Doc", list, err)
		}
	})
	t.Run("update with media replaces the content and moves the version", func(t *testing.T) {
		up, err := srv.Files.Update(doc.Id, &drive.File{AppProperties: map[string]string{"k": "v2"}}).
			Media(strings.NewReader("<p>New</p>"), googleapi.ContentType("text/html")).Fields(docFields).Do()
		if err != nil {
			t.Fatalf("files.update with media: %v", err)
		}
		if up.Version <= doc.Version || up.AppProperties["k"] != "v2" {
			t.Errorf("after update version %d (was %d), appProperties %v; want a later version and k=v2", up.Version, doc.Version, up.AppProperties)
		}
		if got, _ := ws.DocContent(doc.Id); got != "New\n" {
			t.Errorf("DocContent = %q, want %q", got, "New\n")
		}
	})
	t.Run("a person's edit", func(t *testing.T) {
		before, err := srv.Files.Get(doc.Id).Fields(docFields).Do()
		if err != nil {
			t.Fatal(err)
		}
		if err := ws.EditDoc(doc.Id, "Rosa@example.org", "<p>Edited</p>"); err != nil {
			t.Fatal(err)
		}
		after, err := srv.Files.Get(doc.Id).Fields(docFields).Do()
		if err != nil {
			t.Fatal(err)
		}
		if after.Version <= before.Version || after.ModifiedTime <= before.ModifiedTime {
			t.Errorf("after EditDoc version %d modified %s, before %d %s: want both later", after.Version, after.ModifiedTime, before.Version, before.ModifiedTime)
		}
		if u := after.LastModifyingUser; u == nil || u.Me || u.EmailAddress != "rosa@example.org" {
			t.Errorf("lastModifyingUser = %+v, want rosa@example.org, not me", u)
		}
	})
	t.Run("export errors", func(t *testing.T) {
		_, err := srv.Files.Export(doc.Id, "image/png").Download()
		dcWantErr(t, err, http.StatusBadRequest, "badRequest")
		_, err = srv.Files.Export(folder.Id, "text/plain").Download()
		dcWantErr(t, err, http.StatusForbidden, "fileNotExportable")
		_, err = srv.Files.Get(doc.Id).Download()
		dcWantErr(t, err, http.StatusForbidden, "fileNotDownloadable")
	})
	t.Run("an upload the fake cannot convert changes nothing", func(t *testing.T) {
		before, _ := ws.DocContent(doc.Id)
		_, err := srv.Files.Update(doc.Id, &drive.File{}).Media(strings.NewReader("PK"), googleapi.ContentType("application/zip")).Do()
		dcWantErr(t, err, http.StatusBadRequest, "badContent")
		if after, _ := ws.DocContent(doc.Id); after != before {
			t.Errorf("content after a refused upload = %q, want %q", after, before)
		}
	})
}

func TestDocText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"paragraphs", "<p>a</p><p>b <b>c</b></p>", "a\nb c\n"},
		{"entities", "<p>&lt;b&gt; &amp; &#39;x&#39;</p>", "<b> & 'x'\n"},
		{"style dropped", "<style>p{color:red}</style><p>x</p>", "x\n"},
		{"line break", "a<br>b", "a\nb\n"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := workspacetest.DocText([]byte(tc.in)); got != tc.want {
				t.Errorf("DocText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCalendarAttachmentOfADriveFileGetsItsFileID(t *testing.T) {
	t.Parallel()
	ws, dsrv := dcDrive(t)
	doc, err := dsrv.Files.Create(&drive.File{Name: "Agenda", MimeType: "application/vnd.google-apps.document"}).
		Media(strings.NewReader("<p>x</p>"), googleapi.ContentType("text/html")).Fields("id,webViewLink").Do()
	if err != nil {
		t.Fatal(err)
	}
	csrv, err := calendarapi.NewService(context.Background(), ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	start := &calendarapi.EventDateTime{DateTime: "2026-11-23T18:00:00-06:00"}
	end := &calendarapi.EventDateTime{DateTime: "2026-11-23T19:00:00-06:00"}
	ev, err := csrv.Events.Insert("primary", &calendarapi.Event{Summary: "Meeting", Start: start, End: end}).Do()
	if err != nil {
		t.Fatal(err)
	}
	got, err := csrv.Events.Patch("primary", ev.Id, &calendarapi.Event{Attachments: []*calendarapi.EventAttachment{
		{FileUrl: doc.WebViewLink, Title: "Agenda"}, {FileUrl: "https://example.org/notes.pdf", Title: "Notes"}}}).
		SupportsAttachments(true).Do()
	if err != nil {
		t.Fatalf("patch attachments: %v", err)
	}
	if len(got.Attachments) != 2 || got.Attachments[0].FileId != doc.Id || got.Attachments[1].FileId != "" {
		t.Errorf("attachments = %+v, want the Doc's fileId on the first only", got.Attachments)
	}
}

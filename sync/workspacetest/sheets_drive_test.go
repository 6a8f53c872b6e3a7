package workspacetest

import (
	"context"
	"strings"
	"testing"

	drive "google.golang.org/api/drive/v3"
	sheets "google.golang.org/api/sheets/v4"
)

// Google's answer to gspread's recorded test (WorksheetTest
// test_hide_show_worksheet): the last visible sheet cannot be hidden.
func TestHideLastVisibleSheet(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	ctx := context.Background()
	id := s.CreateSpreadsheet("Hide", map[string][][]string{"Sheet1": nil, "Sheet2": nil})
	book, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	hide := func(sheetID int64, hidden bool) error {
		_, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
			{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{
				Properties: &sheets.SheetProperties{SheetId: sheetID, Hidden: hidden, ForceSendFields: []string{"Hidden"}},
				Fields:     "hidden"}},
		}}).Context(ctx).Do()
		return err
	}
	first, second := book.Sheets[0].Properties.SheetId, book.Sheets[1].Properties.SheetId
	if err := hide(second, true); err != nil {
		t.Fatalf("hide the second of two sheets: %v", err)
	}
	err = hide(first, true)
	want := "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document."
	if err == nil || apiErr(t, err).Code != 400 || apiErr(t, err).Message != want {
		t.Fatalf("hide the last visible sheet: error %v, want 400 %q", err, want)
	}
	if err := hide(second, false); err != nil {
		t.Fatalf("show the second sheet again: %v", err)
	}
	if err := hide(first, true); err != nil {
		t.Errorf("hide the first sheet while the second shows: %v", err)
	}
}

// A spreadsheet is a Drive file: gspread's recordings show a file created
// through Drive with the spreadsheet type opening in Sheets under its name
// (SpreadsheetTest test_update_title). The other direction, a title set
// through Sheets renaming the file, and a file deleted through Drive
// ("permanently deletes", files.delete in Drive's discovery document)
// being gone from Sheets, follow from the two being one file; no recording
// shows them.
func TestSpreadsheetAndItsDriveFile(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	ctx := context.Background()
	dsrv, err := drive.NewService(ctx, s.ClientOptions()...)
	if err != nil {
		t.Fatalf("drive.NewService: %v", err)
	}
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Sheet1": nil})

	t.Run("a double-quoted q", func(t *testing.T) {
		// Drive answered 200 to gspread's recorded
		// q=mimeType="application/vnd.google-apps.spreadsheet" (ClientTest test_openall).
		list, err := dsrv.Files.List().Q(`mimeType="application/vnd.google-apps.spreadsheet" and name = "Roster"`).Context(ctx).Do()
		if err != nil {
			t.Fatalf("files.list: %v", err)
		}
		if len(list.Files) != 1 || list.Files[0].Id != id {
			t.Errorf("files = %+v, want the Roster spreadsheet %s", list.Files, id)
		}
	})
	t.Run("renamed through Sheets", func(t *testing.T) {
		_, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
			{UpdateSpreadsheetProperties: &sheets.UpdateSpreadsheetPropertiesRequest{
				Properties: &sheets.SpreadsheetProperties{Title: "Roster 2026"}, Fields: "title"}},
		}}).Context(ctx).Do()
		if err != nil {
			t.Fatalf("batchUpdate: %v", err)
		}
		f, err := dsrv.Files.Get(id).Fields("name").Context(ctx).Do()
		if err != nil {
			t.Fatalf("files.get: %v", err)
		}
		if f.Name != "Roster 2026" {
			t.Errorf("Drive name = %q, want Roster 2026", f.Name)
		}
	})
	t.Run("deleted through Drive", func(t *testing.T) {
		if err := dsrv.Files.Delete(id).Context(ctx).Do(); err != nil {
			t.Fatalf("files.delete: %v", err)
		}
		_, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
		if err == nil || apiErr(t, err).Code != 404 {
			t.Errorf("spreadsheets.get after delete: error %v, want 404", err)
		}
		_, err = srv.Spreadsheets.Values.Get(id, "Sheet1!A1").Context(ctx).Do()
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("values.get after delete: error %v, want 404", err)
		}
	})
}

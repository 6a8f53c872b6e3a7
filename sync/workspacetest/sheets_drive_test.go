package workspacetest

import (
	"context"
	"encoding/json"
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

// The wire shape of spreadsheets.get as Google sent it in gspread's
// recorded test traffic: "sheetId": 0 and "index": 0 are present, and the
// properties carry defaultFormat and spreadsheetTheme.
func TestGetWireShape(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	ctx := context.Background()
	created, err := srv.Spreadsheets.Create(&sheets.Spreadsheet{}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	resp, err := s.HTTPClient().Get("https://sheets.googleapis.com/v4/spreadsheets/" + created.SpreadsheetId + "?includeGridData=false")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	var got struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Sheets     []struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"sheets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decode: %v", err)
	}
	for _, k := range []string{"defaultFormat", "spreadsheetTheme", "locale", "timeZone", "autoRecalc"} {
		if _, ok := got.Properties[k]; !ok {
			t.Errorf("properties has no %s; keys: %v", k, keys(got.Properties))
		}
	}
	if len(got.Sheets) != 1 {
		t.Fatalf("%d sheets, want 1", len(got.Sheets))
	}
	for _, k := range []string{"sheetId", "index"} {
		if v := string(got.Sheets[0].Properties[k]); v != "0" {
			t.Errorf("Sheet1's %s = %q, want 0 sent", k, v)
		}
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// addSheet with index 0 puts the new sheet first (SheetProperties.index in
// the discovery document: "if this field is excluded then the sheet is
// added ... to the end"; 0 sent is not excluded).
func TestAddSheetAtIndexZero(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Order", map[string][][]string{"Sheet1": nil})
	resp, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
		{AddSheet: &sheets.AddSheetRequest{Properties: &sheets.SheetProperties{Title: "First", Index: 0, ForceSendFields: []string{"Index"}}}},
		{AddSheet: &sheets.AddSheetRequest{Properties: &sheets.SheetProperties{Title: "Last"}}},
	}}).Do()
	if err != nil {
		t.Fatalf("batchUpdate: %v", err)
	}
	got, err := srv.Spreadsheets.Get(id).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	var titles []string
	for _, sh := range got.Sheets {
		titles = append(titles, sh.Properties.Title)
	}
	if strings.Join(titles, ",") != "First,Sheet1,Last" || resp.Replies[0].AddSheet.Properties.Index != 0 {
		t.Errorf("sheets = %v (first reply index %d), want First,Sheet1,Last with First at 0", titles, resp.Replies[0].AddSheet.Properties.Index)
	}
}

// gspread's tests create every spreadsheet with Drive's files.create and
// the spreadsheet type; Sheets then answers it under the file's ID and
// name, with Sheet1 (sheetId 0) of 1000 rows and 26 columns (recorded, e.g.
// SpreadsheetTest test_update_title).
func TestSpreadsheetCreatedThroughDrive(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	ctx := context.Background()
	dsrv, err := drive.NewService(ctx, s.ClientOptions()...)
	if err != nil {
		t.Fatalf("drive.NewService: %v", err)
	}
	f, err := dsrv.Files.Create(&drive.File{Name: "Agenda votes", MimeType: "application/vnd.google-apps.spreadsheet"}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("files.create: %v", err)
	}
	got, err := srv.Spreadsheets.Get(f.Id).Context(ctx).Do()
	if err != nil {
		t.Fatalf("spreadsheets.get of the Drive file: %v", err)
	}
	p := got.Sheets[0].Properties
	if got.Properties.Title != "Agenda votes" || len(got.Sheets) != 1 || p.Title != "Sheet1" || p.SheetId != 0 ||
		p.GridProperties.RowCount != 1000 || p.GridProperties.ColumnCount != 26 {
		t.Errorf("spreadsheet = %q with %d sheets, first %+v; want Agenda votes with Sheet1 0 1000x26", got.Properties.Title, len(got.Sheets), p)
	}
	if err := s.SetCells(f.Id, "Sheet1!A1", [][]string{{"Motion"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := dsrv.Files.Update(f.Id, &drive.File{Name: "Votes"}).Context(ctx).Do(); err != nil {
		t.Fatalf("files.update: %v", err)
	}
	cp, err := dsrv.Files.Copy(f.Id, &drive.File{Name: "Votes copy"}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("files.copy: %v", err)
	}
	for id, want := range map[string]string{f.Id: "Votes", cp.Id: "Votes copy"} {
		got, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
		if err != nil {
			t.Fatalf("spreadsheets.get %s: %v", want, err)
		}
		if got.Properties.Title != want {
			t.Errorf("title = %q, want %q", got.Properties.Title, want)
		}
		if v := s.Values(id, "Sheet1!A1"); len(v) != 1 || v[0][0] != "Motion" {
			t.Errorf("%s A1 = %v, want Motion", want, v)
		}
	}
}

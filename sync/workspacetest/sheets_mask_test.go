package workspacetest

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/api/googleapi"
	sheets "google.golang.org/api/sheets/v4"
)

// Field masks of update requests take Google's full grammar: Google answers
// 200 to "gridProperties/rowCount,gridProperties/columnCount" and to
// "userEnteredFormat(backgroundColor,horizontalAlignment,textFormat)"
// (gspread's recorded test traffic, WorksheetTest test_resize, test_format).
func TestUpdateMasksTakeGooglesGrammar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fields string
		props        *sheets.SheetProperties
		wantFrozen   int64
		wantCols     int64
		wantTitle    string
		wantErr      string
	}{
		{"slash", "gridProperties/frozenRowCount",
			&sheets.SheetProperties{GridProperties: &sheets.GridProperties{FrozenRowCount: 2}}, 2, 26, "Sheet1", ""},
		{"dot", "gridProperties.frozenRowCount",
			&sheets.SheetProperties{GridProperties: &sheets.GridProperties{FrozenRowCount: 3}}, 3, 26, "Sheet1", ""},
		{"parentheses", "gridProperties(frozenRowCount,columnCount)",
			&sheets.SheetProperties{GridProperties: &sheets.GridProperties{FrozenRowCount: 1, ColumnCount: 8}}, 1, 8, "Sheet1", ""},
		{"two with slashes", "gridProperties/frozenRowCount,gridProperties/columnCount,title",
			&sheets.SheetProperties{Title: "Roster", GridProperties: &sheets.GridProperties{FrozenRowCount: 1, ColumnCount: 5}}, 1, 5, "Roster", ""},
		{"star", "*",
			&sheets.SheetProperties{Title: "All", GridProperties: &sheets.GridProperties{RowCount: 1000, ColumnCount: 4, FrozenRowCount: 1}}, 1, 4, "All", ""},
		{"star inside", "gridProperties.*",
			&sheets.SheetProperties{GridProperties: &sheets.GridProperties{RowCount: 1000, ColumnCount: 6}}, 0, 6, "Sheet1", ""},
		{"unknown field", "gridProperties/frozenRowCont",
			&sheets.SheetProperties{}, 0, 0, "", "Invalid field mask: gridProperties.frozenRowCont"},
		{"unclosed parenthesis", "gridProperties(frozenRowCount",
			&sheets.SheetProperties{}, 0, 0, "", "Invalid field mask: gridProperties(frozenRowCount"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, srv := newSheets(t)
			ctx := context.Background()
			id := s.CreateSpreadsheet("Masks", map[string][][]string{"Sheet1": nil})
			book, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			tc.props.SheetId = book.Sheets[0].Properties.SheetId
			_, err = srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
				{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{Properties: tc.props, Fields: tc.fields}},
			}}).Context(ctx).Do()
			if tc.wantErr != "" {
				if err == nil || apiErr(t, err).Code != 400 || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("batchUpdate error = %v, want 400 %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("batchUpdate: %v", err)
			}
			got, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			p := got.Sheets[0].Properties
			if p.GridProperties.FrozenRowCount != tc.wantFrozen || p.GridProperties.ColumnCount != tc.wantCols || p.Title != tc.wantTitle {
				t.Errorf("properties = %q frozen %d columns %d, want %q frozen %d columns %d",
					p.Title, p.GridProperties.FrozenRowCount, p.GridProperties.ColumnCount, tc.wantTitle, tc.wantFrozen, tc.wantCols)
			}
		})
	}
	t.Run("repeatCell with parentheses", func(t *testing.T) {
		t.Parallel()
		s, srv := newSheets(t)
		ctx := context.Background()
		id := s.CreateSpreadsheet("Masks", map[string][][]string{"Sheet1": {{"a", "b"}}})
		book, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		sheetID := book.Sheets[0].Properties.SheetId
		_, err = srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
			{RepeatCell: &sheets.RepeatCellRequest{
				Range: &sheets.GridRange{SheetId: sheetID, EndRowIndex: 1, EndColumnIndex: 2},
				Cell: &sheets.CellData{UserEnteredFormat: &sheets.CellFormat{BackgroundColor: &sheets.Color{Green: 1, Blue: 1},
					HorizontalAlignment: "CENTER", TextFormat: &sheets.TextFormat{Bold: true, FontSize: 12}}},
				Fields: "userEnteredFormat(backgroundColor,horizontalAlignment,textFormat)"}},
		}}).Context(ctx).Do()
		if err != nil {
			t.Fatalf("batchUpdate: %v", err)
		}
		got, err := srv.Spreadsheets.Get(id).Ranges("Sheet1!B1").IncludeGridData(true).Context(ctx).Do()
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		cd := got.Sheets[0].Data[0].RowData[0].Values[0]
		f := cd.UserEnteredFormat
		if f == nil || f.HorizontalAlignment != "CENTER" || f.TextFormat == nil || !f.TextFormat.Bold || f.BackgroundColor == nil || f.BackgroundColor.Blue != 1 {
			t.Errorf("format = %+v, want centred, bold, cyan", f)
		}
		if cd.FormattedValue != "b" {
			t.Errorf("value = %q, want b kept (the mask names formats only)", cd.FormattedValue)
		}
	})
}

// spreadsheets.get: "If a field mask is set, the includeGridData parameter
// is ignored" (its discovery document): a mask naming sheets.data returns
// the data without includeGridData.
func TestGetFieldsDecideGridData(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	ctx := context.Background()
	id := s.CreateSpreadsheet("Notes", map[string][][]string{"Sheet1": {{"Ana"}}})
	book, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	_, err = srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
		{RepeatCell: &sheets.RepeatCellRequest{
			Range: &sheets.GridRange{SheetId: book.Sheets[0].Properties.SheetId, EndRowIndex: 1, EndColumnIndex: 1},
			Cell:  &sheets.CellData{Note: "joined in January"}, Fields: "note"}},
	}}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("batchUpdate: %v", err)
	}
	tests := []struct {
		name, fields string
		grid         bool
		wantNote     string
	}{
		{"mask names the notes", "sheets.data.rowData.values.note", false, "joined in January"},
		{"mask names the notes, includeGridData false", "sheets(data(rowData(values(note))))", false, "joined in January"},
		{"mask without data, includeGridData true", "sheets.properties.title", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := srv.Spreadsheets.Get(id).Ranges("'Sheet1'").Fields(googleapi.Field(tc.fields)).
				IncludeGridData(tc.grid).Context(ctx).Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			note := ""
			if len(got.Sheets) == 1 && len(got.Sheets[0].Data) == 1 && len(got.Sheets[0].Data[0].RowData) > 0 &&
				len(got.Sheets[0].Data[0].RowData[0].Values) > 0 {
				note = got.Sheets[0].Data[0].RowData[0].Values[0].Note
			}
			if note != tc.wantNote {
				t.Errorf("note = %q, want %q", note, tc.wantNote)
			}
		})
	}
}

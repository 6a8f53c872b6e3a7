package workspacetest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	sheets "google.golang.org/api/sheets/v4"
)

func TestBatchUpdateSetup(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"Name", "Voting"}, {"Ana", "Yes"}}})
	rng := &sheets.GridRange{SheetId: 0, StartRowIndex: 1, EndRowIndex: 10, StartColumnIndex: 1, EndColumnIndex: 2}
	resp, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
		{AddSheet: &sheets.AddSheetRequest{Properties: &sheets.SheetProperties{Title: "Sync issues"}}},
		{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{
			Properties: &sheets.SheetProperties{SheetId: 0, GridProperties: &sheets.GridProperties{FrozenRowCount: 1}},
			Fields:     "gridProperties.frozenRowCount"}},
		{RepeatCell: &sheets.RepeatCellRequest{
			Range:  &sheets.GridRange{SheetId: 0, StartRowIndex: 0, EndRowIndex: 1},
			Cell:   &sheets.CellData{UserEnteredFormat: &sheets.CellFormat{TextFormat: &sheets.TextFormat{Bold: true}}},
			Fields: "userEnteredFormat.textFormat.bold"}},
		{SetDataValidation: &sheets.SetDataValidationRequest{Range: rng, Rule: &sheets.DataValidationRule{
			Condition: &sheets.BooleanCondition{Type: "ONE_OF_LIST", Values: []*sheets.ConditionValue{{UserEnteredValue: "Yes"}, {UserEnteredValue: "No"}}}}}},
		{AddProtectedRange: &sheets.AddProtectedRangeRequest{ProtectedRange: &sheets.ProtectedRange{Range: rng, WarningOnly: true, Description: "service columns"}}},
		{AddConditionalFormatRule: &sheets.AddConditionalFormatRuleRequest{Rule: &sheets.ConditionalFormatRule{
			Ranges:      []*sheets.GridRange{rng},
			BooleanRule: &sheets.BooleanRule{Condition: &sheets.BooleanCondition{Type: "TEXT_EQ", Values: []*sheets.ConditionValue{{UserEnteredValue: "No"}}}, Format: &sheets.CellFormat{TextFormat: &sheets.TextFormat{Italic: true}}}}}},
		{CreateDeveloperMetadata: &sheets.CreateDeveloperMetadataRequest{DeveloperMetadata: &sheets.DeveloperMetadata{
			MetadataKey: "coalitionsync.tab", MetadataValue: "members", Visibility: "DOCUMENT",
			Location: &sheets.DeveloperMetadataLocation{SheetId: 0}}}},
		{AddChart: &sheets.AddChartRequest{Chart: &sheets.EmbeddedChart{Spec: &sheets.ChartSpec{Title: "Attendance"},
			Position: &sheets.EmbeddedObjectPosition{NewSheet: true}}}},
		{InsertDimension: &sheets.InsertDimensionRequest{Range: &sheets.DimensionRange{SheetId: 0, Dimension: "ROWS", StartIndex: 1, EndIndex: 2}}},
		{AppendDimension: &sheets.AppendDimensionRequest{SheetId: 0, Dimension: "COLUMNS", Length: 4}},
		{UpdateSpreadsheetProperties: &sheets.UpdateSpreadsheetPropertiesRequest{
			Properties: &sheets.SpreadsheetProperties{TimeZone: "America/Chicago"}, Fields: "timeZone"}},
	}}).Do()
	if err != nil {
		t.Fatalf("batchUpdate: %v", err)
	}
	if len(resp.Replies) != 11 || resp.Replies[0].AddSheet == nil || resp.Replies[0].AddSheet.Properties.Title != "Sync issues" ||
		resp.Replies[1].AddSheet != nil || resp.Replies[4].AddProtectedRange == nil || resp.Replies[6].CreateDeveloperMetadata == nil ||
		resp.Replies[7].AddChart == nil {
		t.Fatalf("replies = %+v, want 11 in order with addSheet, addProtectedRange, createDeveloperMetadata, addChart", resp.Replies)
	}
	got, err := srv.Spreadsheets.Get(id).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	m := got.Sheets[0]
	if m.Properties.GridProperties.FrozenRowCount != 1 || m.Properties.GridProperties.RowCount != 1001 || m.Properties.GridProperties.ColumnCount != 30 {
		t.Errorf("grid = %+v, want 1 frozen, 1001 rows, 30 columns", m.Properties.GridProperties)
	}
	if m.Properties.Title != "Members" {
		t.Errorf("title = %q after a frozen-row-only update, want Members", m.Properties.Title)
	}
	if len(m.ProtectedRanges) != 1 || !m.ProtectedRanges[0].WarningOnly || len(m.ConditionalFormats) != 1 || len(m.DeveloperMetadata) != 1 {
		t.Errorf("sheet = %d protected, %d rules, %d metadata; want 1 each", len(m.ProtectedRanges), len(m.ConditionalFormats), len(m.DeveloperMetadata))
	}
	if got.Properties.TimeZone != "America/Chicago" || got.Properties.Title != "Roster" {
		t.Errorf("properties = %+v, want Roster in America/Chicago", got.Properties)
	}
	if v := s.Values(id, "Members!A1:B3"); !reflect.DeepEqual(v, [][]string{{"Name", "Voting"}, {}, {"Ana", "Yes"}}) {
		t.Errorf("after insertDimension = %v, want a blank second row", v)
	}
	grid, err := srv.Spreadsheets.Get(id).Ranges("Members!A1").IncludeGridData(true).Do()
	if err != nil {
		t.Fatalf("get grid: %v", err)
	}
	c := grid.Sheets[0].Data[0].RowData[0].Values[0]
	if c.FormattedValue != "Name" || c.UserEnteredFormat == nil || !c.UserEnteredFormat.TextFormat.Bold {
		t.Errorf("A1 = %+v, want Name in bold", c)
	}
	found, err := srv.Spreadsheets.DeveloperMetadata.Search(id, &sheets.SearchDeveloperMetadataRequest{DataFilters: []*sheets.DataFilter{
		{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{MetadataKey: "coalitionsync.tab"}}}}).Do()
	if err != nil || len(found.MatchedDeveloperMetadata) != 1 || found.MatchedDeveloperMetadata[0].DeveloperMetadata.MetadataValue != "members" {
		t.Fatalf("search = %+v, %v; want the members tag", found, err)
	}
	md, err := srv.Spreadsheets.DeveloperMetadata.Get(id, found.MatchedDeveloperMetadata[0].DeveloperMetadata.MetadataId).Do()
	if err != nil || md.MetadataKey != "coalitionsync.tab" || md.Location.LocationType != "SHEET" {
		t.Errorf("metadata get = %+v, %v", md, err)
	}
}

func TestBatchUpdateIsAtomic(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"a"}}})
	tests := []struct {
		name string
		bad  *sheets.Request
		msg  string
	}{
		{"duplicate sheet", &sheets.Request{AddSheet: &sheets.AddSheetRequest{Properties: &sheets.SheetProperties{Title: "New duplicate sheet"}}},
			`Invalid requests[2].addSheet: A sheet with the name "New duplicate sheet" already exists.`},
		{"unknown sheet", &sheets.Request{DeleteSheet: &sheets.DeleteSheetRequest{SheetId: 42}},
			"Invalid requests[2].deleteSheet: No sheet with id: 42"},
		{"bad field mask", &sheets.Request{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{
			Properties: &sheets.SheetProperties{SheetId: 0, Title: "x"}, Fields: "tilte"}},
			"Invalid requests[2].updateSheetProperties: Invalid field mask: tilte"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
				{AddSheet: &sheets.AddSheetRequest{Properties: &sheets.SheetProperties{Title: "New " + tc.name}}},
				{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{Properties: &sheets.SheetProperties{SheetId: 0, Title: "Renamed"}, Fields: "title"}},
				tc.bad,
			}}).Do()
			ge := apiErr(t, err)
			if ge.Code != 400 || !strings.HasPrefix(ge.Message, tc.msg) {
				t.Errorf("error = %d %q, want 400 starting %q", ge.Code, ge.Message, tc.msg)
			}
			got, err := srv.Spreadsheets.Get(id).Fields("sheets.properties.title").Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			if len(got.Sheets) != 1 || got.Sheets[0].Properties.Title != "Members" {
				t.Errorf("after a failed batch sheets = %v, want only Members", got.Sheets)
			}
		})
	}
}

// Google's answers to gspread's recorded addProtectedRange requests
// (WorksheetTest test_add_protected_range_normal and _warning): the reply
// has requestingUserCanEdit true and empty editors; the range read back
// lists the caller among editors.users.
func TestAddProtectedRangeListsTheCaller(t *testing.T) {
	t.Parallel()
	for _, warningOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("warningOnly=%v", warningOnly), func(t *testing.T) {
			t.Parallel()
			s, srv := newSheets(t)
			id := s.CreateSpreadsheet("Protect", map[string][][]string{"Sheet1": nil})
			book, err := srv.Spreadsheets.Get(id).Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			rng := &sheets.GridRange{SheetId: book.Sheets[0].Properties.SheetId, EndRowIndex: 2, EndColumnIndex: 2}
			resp, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
				{AddProtectedRange: &sheets.AddProtectedRangeRequest{ProtectedRange: &sheets.ProtectedRange{
					Range: rng, WarningOnly: warningOnly, Editors: &sheets.Editors{}}}},
			}}).Do()
			if err != nil {
				t.Fatalf("batchUpdate: %v", err)
			}
			reply := resp.Replies[0].AddProtectedRange.ProtectedRange
			if !reply.RequestingUserCanEdit || reply.Editors == nil || len(reply.Editors.Users) != 0 || reply.ProtectedRangeId == 0 {
				t.Errorf("reply = %+v, want an ID, requestingUserCanEdit and empty editors", reply)
			}
			got, err := srv.Spreadsheets.Get(id).Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			pr := got.Sheets[0].ProtectedRanges[0]
			if !pr.RequestingUserCanEdit || pr.Editors == nil || !reflect.DeepEqual(pr.Editors.Users, []string{ServiceAccountEmail}) {
				t.Errorf("protected range read back = %+v (editors %+v), want requestingUserCanEdit and editors.users [%s]",
					pr, pr.Editors, ServiceAccountEmail)
			}
		})
	}
}

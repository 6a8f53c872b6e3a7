package workspacetest

import (
	"context"
	"reflect"
	"testing"

	sheets "google.golang.org/api/sheets/v4"
)

// Google's answers to gspread's recorded test
// (WorksheetTest.test_get_all_values_date_time_render_options): values
// entered USER_ENTERED, read back with each render option.
func TestUserEnteredDatesAsGoogleAnswered(t *testing.T) {
	t.Parallel()
	_, srv := newSheets(t)
	ctx := context.Background()
	created, err := srv.Spreadsheets.Create(&sheets.Spreadsheet{}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	id := created.SpreadsheetId
	// As recorded: the sheet is cut to 2 rows and 4 columns first, with a
	// mask in the a/b form.
	_, err = srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
		{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{
			Properties: &sheets.SheetProperties{SheetId: created.Sheets[0].Properties.SheetId,
				GridProperties: &sheets.GridProperties{RowCount: 2, ColumnCount: 4}},
			Fields: "gridProperties/rowCount,gridProperties/columnCount"}},
	}}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("batchUpdate: %v", err)
	}
	_, err = srv.Spreadsheets.Values.Update(id, "'Sheet1'!A1:D2", &sheets.ValueRange{Values: [][]any{
		{"=4/2", "2020-01-01", "string", 53}, {"=3/2", 0.12, "1999-01-02", ""}}}).
		ValueInputOption("USER_ENTERED").Context(ctx).Do()
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	tests := []struct {
		render, dateTime string
		want             [][]any
	}{
		{"UNFORMATTED_VALUE", "SERIAL_NUMBER", [][]any{{2.0, 43831.0, "string", 53.0}, {1.5, 0.12, 36162.0}}},
		{"UNFORMATTED_VALUE", "FORMATTED_STRING", [][]any{{2.0, "2020-01-01", "string", 53.0}, {1.5, 0.12, "1999-01-02"}}},
		{"FORMATTED_VALUE", "SERIAL_NUMBER", [][]any{{"2", "2020-01-01", "string", "53"}, {"1.5", "0.12", "1999-01-02"}}},
		{"FORMATTED_VALUE", "FORMATTED_STRING", [][]any{{"2", "2020-01-01", "string", "53"}, {"1.5", "0.12", "1999-01-02"}}},
		{"FORMULA", "SERIAL_NUMBER", [][]any{{"=4/2", 43831.0, "string", 53.0}, {"=3/2", 0.12, 36162.0}}},
	}
	for _, tc := range tests {
		t.Run(tc.render+" "+tc.dateTime, func(t *testing.T) {
			got, err := srv.Spreadsheets.Values.Get(id, "'Sheet1'").ValueRenderOption(tc.render).
				DateTimeRenderOption(tc.dateTime).Context(ctx).Do()
			if err != nil {
				t.Fatalf("values.get: %v", err)
			}
			if got.Range != "Sheet1!A1:D2" || !reflect.DeepEqual(got.Values, tc.want) {
				t.Errorf("values.get = %s %v, want Sheet1!A1:D2 %v", got.Range, got.Values, tc.want)
			}
		})
	}
}

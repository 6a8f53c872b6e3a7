package workspacetest

import (
	"context"
	"testing"

	sheets "google.golang.org/api/sheets/v4"
)

// Sheets answers colours in 1/255 steps: blue 0.5 set as a tab colour
// reads back as 0.49803922 (gspread pull request 1199, Google's answer).
func TestColorsComeBackInSteps(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Colours", map[string][][]string{"Sheet1": nil})
	ctx := context.Background()
	book, err := srv.Spreadsheets.Get(id).Context(ctx).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	sheetID := book.Sheets[0].Properties.SheetId
	tests := []struct {
		name string
		sent float64
		want float64
	}{
		{"half, as recorded at Google", 0.5, 0.49803922},
		{"an exact step", 0.8, 0.8},
		{"a step sent back", 0.49803922, 0.49803922},
		{"a step sent as k/255", 153.0 / 255, 0.6},
		{"one", 1, 1},
		{"the service's flag orange, red", 0.988, 0.9843137},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			color := &sheets.Color{Red: 1, Blue: tc.sent}
			_, err := srv.Spreadsheets.BatchUpdate(id, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{
				{UpdateSheetProperties: &sheets.UpdateSheetPropertiesRequest{
					Properties: &sheets.SheetProperties{SheetId: sheetID, TabColorStyle: &sheets.ColorStyle{RgbColor: color}},
					Fields:     "tabColorStyle"}},
				{RepeatCell: &sheets.RepeatCellRequest{
					Range:  &sheets.GridRange{SheetId: sheetID, EndRowIndex: 1, EndColumnIndex: 1},
					Cell:   &sheets.CellData{UserEnteredFormat: &sheets.CellFormat{BackgroundColor: color}},
					Fields: "userEnteredFormat.backgroundColor"}},
			}}).Context(ctx).Do()
			if err != nil {
				t.Fatalf("batchUpdate: %v", err)
			}
			got, err := srv.Spreadsheets.Get(id).Ranges("Sheet1!A1").IncludeGridData(true).Context(ctx).Do()
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			tab := got.Sheets[0].Properties.TabColorStyle.RgbColor
			bg := got.Sheets[0].Data[0].RowData[0].Values[0].UserEnteredFormat.BackgroundColor
			for what, c := range map[string]*sheets.Color{"tab colour": tab, "background": bg} {
				if c.Blue != tc.want || c.Red != 1 {
					t.Errorf("%s = red %v blue %v, want red 1 blue %v", what, c.Red, c.Blue, tc.want)
				}
			}
		})
	}
}

func TestQuantizeChannel(t *testing.T) {
	t.Parallel()
	for k := range 256 { // every step, sent as k/255 or as read back, stays put
		x := float64(k) / 255
		q := quantizeChannel(x)
		if again := quantizeChannel(q); again != q {
			t.Errorf("quantizeChannel(quantizeChannel(%d/255)) = %v, want %v", k, again, q)
		}
		if diff := q*255 - float64(k); diff > 1e-4 || diff < -1e-4 {
			t.Errorf("quantizeChannel(%d/255) = %v, want %d/255", k, q, k)
		}
	}
}

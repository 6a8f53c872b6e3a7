package workspacetest

import (
	"context"
	"testing"

	sheets "google.golang.org/api/sheets/v4"
)

// The counts Google gave in answer to gspread's recorded writes (all RAW,
// on a fresh 1000x26 Sheet1).
func TestWriteCountsAsGoogleAnswered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rng                string
		values                   [][]any
		wantRange                string
		wantRows, wantCols, want int64
	}{
		{"nulls are not written (test_update_cell_objects)", "'Sheet1'!A1:B2",
			[][]any{{nil, "cell row 1, col 2"}, {"cell row 2 col 1", nil}}, "Sheet1!A1:B2", 2, 2, 2},
		{"corners only (test_update_cells_noncontiguous)", "'Sheet1'!A1:D6",
			[][]any{{"top_left", nil, nil, nil}, {nil, nil, nil, nil}, {nil, nil, nil, nil}, {nil, nil, nil, nil}, {nil, nil, nil, nil}, {nil, nil, nil, "bottom_right"}},
			"Sheet1!A1:D6", 2, 2, 2},
		{"ragged rows (test_get_all_records_pad_one_key)", "'Sheet1'!A1:D2",
			[][]any{{"A1", "B1", "C1"}, {1, 2, 3, 4}}, "Sheet1!A1:D2", 2, 4, 7},
		{"empty strings are written (test_get_all_records_with_all_values_blank)", "'Sheet1'!A1:D4",
			[][]any{{"a", "b", "c", "d"}, {"", "", "", ""}, {"", "", "", ""}, {"", "", "", ""}}, "Sheet1!A1:D4", 4, 4, 16},
		{"fewer rows than the range (test_client_export_spreadsheet)", "'Sheet1'!A1:B2",
			[][]any{{"a1", "B2"}}, "Sheet1!A1:B1", 1, 2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, srv := newSheets(t)
			id := s.CreateSpreadsheet("Counts", map[string][][]string{"Sheet1": nil})
			got, err := srv.Spreadsheets.Values.Update(id, tc.rng, &sheets.ValueRange{Values: tc.values}).
				ValueInputOption("RAW").Context(context.Background()).Do()
			if err != nil {
				t.Fatalf("values.update: %v", err)
			}
			if got.UpdatedRange != tc.wantRange || got.UpdatedRows != tc.wantRows || got.UpdatedColumns != tc.wantCols || got.UpdatedCells != tc.want {
				t.Errorf("values.update = %s, %d rows, %d columns, %d cells; want %s, %d, %d, %d",
					got.UpdatedRange, got.UpdatedRows, got.UpdatedColumns, got.UpdatedCells, tc.wantRange, tc.wantRows, tc.wantCols, tc.want)
			}
		})
	}
	t.Run("batchUpdate counts a column once (test_batch_update)", func(t *testing.T) {
		t.Parallel()
		s, srv := newSheets(t)
		id := s.CreateSpreadsheet("Counts", map[string][][]string{"Sheet1": nil})
		got, err := srv.Spreadsheets.Values.BatchUpdate(id, &sheets.BatchUpdateValuesRequest{ValueInputOption: "RAW", Data: []*sheets.ValueRange{
			{Range: "'Sheet1'!A1:D1", Values: [][]any{{"A1", "B1", "", "D1"}}},
			{Range: "'Sheet1'!A4:D4", Values: [][]any{{"A4", "B4", "", "D4"}}},
		}}).Context(context.Background()).Do()
		if err != nil {
			t.Fatalf("values.batchUpdate: %v", err)
		}
		if got.TotalUpdatedRows != 2 || got.TotalUpdatedColumns != 4 || got.TotalUpdatedCells != 8 || got.TotalUpdatedSheets != 1 {
			t.Errorf("totals = %d rows, %d columns, %d cells, %d sheets; want 2, 4, 8, 1",
				got.TotalUpdatedRows, got.TotalUpdatedColumns, got.TotalUpdatedCells, got.TotalUpdatedSheets)
		}
		if len(got.Responses) != 2 || got.Responses[1].UpdatedRange != "Sheet1!A4:D4" || got.Responses[1].UpdatedColumns != 4 {
			t.Errorf("responses = %+v, want two, the second Sheet1!A4:D4 with 4 columns", got.Responses)
		}
	})
}

package workspacetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/api/googleapi"
	sheets "google.golang.org/api/sheets/v4"
)

func newSheets(t *testing.T) (*Server, *sheets.Service) {
	t.Helper()
	s := NewServer()
	t.Cleanup(s.Close)
	srv, err := sheets.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		t.Fatalf("sheets.NewService: %v", err)
	}
	return s, srv
}

func apiErr(t *testing.T, err error) *googleapi.Error {
	t.Helper()
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error = %v, want a *googleapi.Error", err)
	}
	return ge
}

func TestCreateAndGet(t *testing.T) {
	t.Parallel()
	_, srv := newSheets(t)
	ctx := context.Background()
	created, err := srv.Spreadsheets.Create(&sheets.Spreadsheet{
		Properties: &sheets.SpreadsheetProperties{Title: "Roster"},
		Sheets: []*sheets.Sheet{
			{Properties: &sheets.SheetProperties{Title: "Members"}},
			{Properties: &sheets.SheetProperties{Title: "Sync issues"}},
		},
	}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.SpreadsheetId == "" || created.Properties.Title != "Roster" || len(created.Sheets) != 2 {
		t.Fatalf("create = %+v, want an ID, title Roster and 2 sheets", created)
	}
	if gp := created.Sheets[1].Properties.GridProperties; gp.RowCount != 1000 || gp.ColumnCount != 26 {
		t.Errorf("grid = %dx%d, want 1000x26", gp.RowCount, gp.ColumnCount)
	}
	got, err := srv.Spreadsheets.Get(created.SpreadsheetId).Fields("sheets(properties(title,index))").Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.SpreadsheetId != "" || got.Properties != nil {
		t.Errorf("masked get has ID %q and properties %+v, want neither", got.SpreadsheetId, got.Properties)
	}
	var titles []string
	for _, sh := range got.Sheets {
		titles = append(titles, sh.Properties.Title)
		if sh.Properties.GridProperties != nil {
			t.Errorf("masked get has gridProperties for %q", sh.Properties.Title)
		}
	}
	if want := []string{"Members", "Sync issues"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("titles = %v, want %v", titles, want)
	}
	one, err := srv.Spreadsheets.Get(created.SpreadsheetId).Ranges("'Sync issues'!A1:B2").IncludeGridData(false).Do()
	if err != nil {
		t.Fatalf("get with ranges: %v", err)
	}
	if len(one.Sheets) != 1 || one.Sheets[0].Properties.Title != "Sync issues" || one.Sheets[0].Data != nil {
		t.Errorf("get with ranges = %+v, want only Sync issues without data", one.Sheets)
	}
	_, err = srv.Spreadsheets.Get("nope").Do()
	if ge := apiErr(t, err); ge.Code != 404 {
		t.Errorf("get unknown: code %d, want 404", ge.Code)
	}
}

func TestValuesRoundTrip(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": nil, "Bob's tab": nil, "Sync issues": nil})
	ctx := context.Background()
	write := func(rng, input string, rows [][]any) *sheets.UpdateValuesResponse {
		t.Helper()
		resp, err := srv.Spreadsheets.Values.Update(id, rng, &sheets.ValueRange{Values: rows}).
			ValueInputOption(input).Context(ctx).Do()
		if err != nil {
			t.Fatalf("update %s: %v", rng, err)
		}
		return resp
	}
	resp := write("Members!A1", "USER_ENTERED", [][]any{
		{"Name", "Joined", "Dues", "Voting", "Sum", "Note"},
		{"Ana", "1/26/2026", "12.5", "TRUE", "=C2*2", "'007"},
		{"Luis", "2026-02-23", 3, false, "=SUM(C2:C3)", "=VLOOKUP(A2,A:B,2)"},
	})
	if resp.UpdatedRange != "Members!A1:F3" || resp.UpdatedRows != 3 || resp.UpdatedColumns != 6 || resp.UpdatedCells != 18 {
		t.Errorf("update response = %s %d rows %d cols %d cells, want Members!A1:F3 3 6 18",
			resp.UpdatedRange, resp.UpdatedRows, resp.UpdatedColumns, resp.UpdatedCells)
	}
	write("'Sync issues'!B2", "RAW", [][]any{{"=1+1", "1/26/2026"}})
	write("'Bob''s tab'!A1:B2", "RAW", [][]any{{"x"}, {"", "y"}})

	tests := []struct {
		name, rng, render, dt, major string
		want                         [][]any
	}{
		{"formatted", "Members!A2:F3", "FORMATTED_VALUE", "", "",
			[][]any{{"Ana", "1/26/2026", "12.5", "TRUE", "25", "007"}, {"Luis", "2026-02-23", "3", "FALSE", "15.5", "=VLOOKUP(A2,A:B,2)"}}}, // typed ISO dates keep their look (sheets_input_test.go)
		{"unformatted serial", "Members!B2:E2", "UNFORMATTED_VALUE", "", "",
			[][]any{{46048.0, 12.5, true, 25.0}}},
		{"unformatted date string", "Members!B2", "UNFORMATTED_VALUE", "FORMATTED_STRING", "",
			[][]any{{"1/26/2026"}}},
		{"formula", "Members!E2:E3", "FORMULA", "", "", [][]any{{"=C2*2"}, {"=SUM(C2:C3)"}}},
		{"columns", "Members!A1:B2", "FORMATTED_VALUE", "", "COLUMNS", [][]any{{"Name", "Ana"}, {"Joined", "1/26/2026"}}},
		{"open rows", "Members!A2:A", "FORMATTED_VALUE", "", "", [][]any{{"Ana"}, {"Luis"}}},
		{"whole column", "Members!A:A", "FORMATTED_VALUE", "", "", [][]any{{"Name"}, {"Ana"}, {"Luis"}}},
		{"raw keeps formula text", "'Sync issues'!B2:C2", "FORMULA", "", "", [][]any{{"=1+1", "1/26/2026"}}},
		{"raw is text", "'Sync issues'", "FORMATTED_VALUE", "", "", [][]any{{}, {"", "=1+1", "1/26/2026"}}},
		{"quoted title", "'Bob''s tab'!A1:B2", "FORMATTED_VALUE", "", "", [][]any{{"x"}, {"", "y"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			call := srv.Spreadsheets.Values.Get(id, tc.rng).ValueRenderOption(tc.render)
			if tc.dt != "" {
				call = call.DateTimeRenderOption(tc.dt)
			}
			if tc.major != "" {
				call = call.MajorDimension(tc.major)
			}
			got, err := call.Do()
			if err != nil {
				t.Fatalf("get %s: %v", tc.rng, err)
			}
			if len(got.Values) != len(tc.want) {
				t.Fatalf("get %s = %v, want %v", tc.rng, got.Values, tc.want)
			}
			for i := range tc.want {
				if len(got.Values[i]) != len(tc.want[i]) || (len(tc.want[i]) > 0 && !reflect.DeepEqual(got.Values[i], tc.want[i])) {
					t.Errorf("get %s row %d = %#v, want %#v", tc.rng, i, got.Values[i], tc.want[i])
				}
			}
		})
	}
	g, err := srv.Spreadsheets.Values.Get(id, "Members!A2:D").Do()
	if err != nil || g.Range != "Members!A2:D1000" {
		t.Errorf("open range reported as %q (err %v), want Members!A2:D1000", g.Range, err)
	}
	if got := s.Formulas(id, "'Sync issues'!B2"); !reflect.DeepEqual(got, [][]string{{"=1+1"}}) {
		t.Errorf("Formulas = %v, want [[=1+1]]", got)
	}
}

func TestValuesErrors(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"a"}}})
	tests := []struct {
		name    string
		do      func() error
		code    int
		message string
	}{
		{"unknown sheet", func() error {
			_, err := srv.Spreadsheets.Values.Get(id, "Nope!A1").Do()
			return err
		}, 400, "Unable to parse range: Nope!A1"},
		{"past the grid", func() error {
			_, err := srv.Spreadsheets.Values.Update(id, "Members!A1001", &sheets.ValueRange{Values: [][]any{{"x"}}}).ValueInputOption("RAW").Do()
			return err
		}, 400, "exceeds grid limits. Max rows: 1000, max columns: 26"},
		{"data outside the range", func() error {
			_, err := srv.Spreadsheets.Values.Update(id, "Members!A1:B1", &sheets.ValueRange{Values: [][]any{{"x"}, {"y"}}}).ValueInputOption("RAW").Do()
			return err
		}, 400, "but tried writing to row [2]"},
		{"no valueInputOption", func() error {
			_, err := srv.Spreadsheets.Values.Update(id, "Members!A1", &sheets.ValueRange{Values: [][]any{{"x"}}}).Do()
			return err
		}, 400, "'valueInputOption' is required"},
		{"bad enum", func() error {
			_, err := srv.Spreadsheets.Values.Get(id, "Members!A1").ValueRenderOption("PRETTY").Do()
			return err
		}, 400, `Invalid value at 'value_render_option'`},
		{"a cell over 50,000 characters", func() error {
			_, err := srv.Spreadsheets.Values.Update(id, "Members!A1", &sheets.ValueRange{Values: [][]any{{strings.Repeat("é", 50001)}}}).ValueInputOption("RAW").Do()
			return err
		}, 400, "Your input contains more than the maximum of 50000 characters in a single cell."},
		{"a batch with one cell over 50,000 characters writes nothing", func() error {
			_, err := srv.Spreadsheets.Values.BatchUpdate(id, &sheets.BatchUpdateValuesRequest{ValueInputOption: "RAW", Data: []*sheets.ValueRange{
				{Range: "Members!A1", Values: [][]any{{"changed"}}},
				{Range: "Members!B1", Values: [][]any{{strings.Repeat("x", 50001)}}},
			}}).Do()
			return err
		}, 400, "Invalid data[1]: Your input contains more than the maximum of 50000 characters in a single cell."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ge := apiErr(t, tc.do())
			if ge.Code != tc.code || !strings.Contains(ge.Message, tc.message) {
				t.Errorf("error = %d %q, want %d containing %q", ge.Code, ge.Message, tc.code, tc.message)
			}
		})
	}
	if got := s.Values(id, "Members"); !reflect.DeepEqual(got, [][]string{{"a"}}) {
		t.Errorf("after failed writes Members = %v, want [[a]]", got)
	}
}

func TestAppendClearAndBatch(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"Name", "Email"}, {"Ana", "a@example.org"}}})
	ap, err := srv.Spreadsheets.Values.Append(id, "Members!A:B", &sheets.ValueRange{Values: [][]any{{"Luis", "l@example.org"}}}).
		ValueInputOption("RAW").IncludeValuesInResponse(true).Do()
	if err != nil {
		t.Fatalf("append: %v", err)
	}
	if ap.TableRange != "Members!A1:B2" || ap.Updates.UpdatedRange != "Members!A3:B3" || len(ap.Updates.UpdatedData.Values) != 1 {
		t.Errorf("append = table %q updated %q data %v, want Members!A1:B2, Members!A3:B3, one row",
			ap.TableRange, ap.Updates.UpdatedRange, ap.Updates.UpdatedData.Values)
	}
	// append grows a full grid
	small := s.CreateSpreadsheet("Small", map[string][][]string{"T": nil})
	if _, err := srv.Spreadsheets.BatchUpdate(small, &sheets.BatchUpdateSpreadsheetRequest{Requests: []*sheets.Request{{
		DeleteDimension: &sheets.DeleteDimensionRequest{Range: &sheets.DimensionRange{SheetId: 0, Dimension: "ROWS", StartIndex: 1, EndIndex: 1000}},
	}}}).Do(); err != nil {
		t.Fatalf("shrink: %v", err)
	}
	for i := 0; i < 3; i++ {
		if _, err := srv.Spreadsheets.Values.Append(small, "T", &sheets.ValueRange{Values: [][]any{{i}}}).ValueInputOption("RAW").Do(); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	if got := s.Values(small, "T"); !reflect.DeepEqual(got, [][]string{{"0"}, {"1"}, {"2"}}) {
		t.Errorf("after appends T = %v, want 0,1,2", got)
	}

	bu, err := srv.Spreadsheets.Values.BatchUpdate(id, &sheets.BatchUpdateValuesRequest{
		ValueInputOption: "USER_ENTERED",
		Data: []*sheets.ValueRange{
			{Range: "Members!C1", Values: [][]any{{"Flags"}}},
			{Range: "Members!C2:C3", Values: [][]any{{"ok"}, {"ok"}}},
		},
	}).Do()
	if err != nil {
		t.Fatalf("values.batchUpdate: %v", err)
	}
	if bu.TotalUpdatedCells != 3 || bu.TotalUpdatedSheets != 1 || len(bu.Responses) != 2 {
		t.Errorf("batchUpdate = %d cells %d sheets %d responses, want 3 1 2", bu.TotalUpdatedCells, bu.TotalUpdatedSheets, len(bu.Responses))
	}
	// a batch with one bad range changes nothing
	_, err = srv.Spreadsheets.Values.BatchUpdate(id, &sheets.BatchUpdateValuesRequest{
		ValueInputOption: "RAW",
		Data: []*sheets.ValueRange{
			{Range: "Members!D1", Values: [][]any{{"lost"}}},
			{Range: "Nope!A1", Values: [][]any{{"x"}}},
		},
	}).Do()
	if ge := apiErr(t, err); ge.Code != 400 {
		t.Errorf("bad batch code = %d, want 400", ge.Code)
	}
	if got := s.Values(id, "Members!D1"); len(got) != 0 {
		t.Errorf("after failed batch D1 = %v, want empty", got)
	}
	cl, err := srv.Spreadsheets.Values.Clear(id, "Members!C2:C3", &sheets.ClearValuesRequest{}).Do()
	if err != nil || cl.ClearedRange != "Members!C2:C3" {
		t.Fatalf("clear = %v, %v; want Members!C2:C3", cl, err)
	}
	bc, err := srv.Spreadsheets.Values.BatchClear(id, &sheets.BatchClearValuesRequest{Ranges: []string{"Members!C1"}}).Do()
	if err != nil || len(bc.ClearedRanges) != 1 {
		t.Fatalf("batchClear = %v, %v", bc, err)
	}
	bg, err := srv.Spreadsheets.Values.BatchGet(id).Ranges("Members!A1:C", "Members!A3").Do()
	if err != nil {
		t.Fatalf("batchGet: %v", err)
	}
	if len(bg.ValueRanges) != 2 || len(bg.ValueRanges[0].Values) != 3 || len(bg.ValueRanges[0].Values[0]) != 2 || bg.ValueRanges[1].Values[0][0] != "Luis" {
		t.Errorf("batchGet = %+v, want 3 rows of 2 and Luis", bg.ValueRanges)
	}
}

func TestCellOfExactly50000Characters(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"a"}}})
	full := strings.Repeat("é", 50000)
	if _, err := srv.Spreadsheets.Values.Update(id, "Members!A1", &sheets.ValueRange{Values: [][]any{{full}}}).ValueInputOption("RAW").Do(); err != nil {
		t.Fatalf("update of 50,000 characters: %v, want it accepted", err)
	}
	if got := s.Values(id, "Members"); len(got) != 1 || got[0][0] != full {
		t.Errorf("A1 has %d bytes, want the 50,000 characters written", len(got[0][0]))
	}
}

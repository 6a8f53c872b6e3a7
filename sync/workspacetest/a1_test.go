package workspacetest

import "testing"

func TestParseA1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want a1Range
		bad  bool
	}{
		{in: "Members", want: a1Range{Sheet: "Members"}},
		{in: "'Sync issues'", want: a1Range{Sheet: "Sync issues"}},
		{in: "'Bob''s tab'!A1:B2", want: a1Range{Sheet: "Bob's tab", HasCells: true, EndRow: 2, EndCol: 2}},
		{in: "'Sync issues'!A1:Z", want: a1Range{Sheet: "Sync issues", HasCells: true, EndRow: -1, EndCol: 26}},
		{in: "Members!A2:D", want: a1Range{Sheet: "Members", HasCells: true, StartRow: 1, EndRow: -1, EndCol: 4}},
		{in: "A:A", want: a1Range{HasCells: true, EndRow: -1, EndCol: 1}},
		{in: "B3", want: a1Range{HasCells: true, StartRow: 2, StartCol: 1, EndRow: 3, EndCol: 2}},
		{in: "2:4", want: a1Range{HasCells: true, StartRow: 1, EndRow: 4, EndCol: -1}},
		{in: "$AA$10", want: a1Range{HasCells: true, StartRow: 9, StartCol: 26, EndRow: 10, EndCol: 27}},
		{in: "'Sheet1'!A1:1", want: a1Range{Sheet: "Sheet1", HasCells: true, EndRow: 1, EndCol: -1}},
		{in: "A2:5", want: a1Range{HasCells: true, StartRow: 1, EndRow: 5, EndCol: -1}},
		{in: "C5:2", want: a1Range{HasCells: true, StartRow: 1, StartCol: 2, EndRow: 5, EndCol: -1}},
		{in: "Members!", bad: true},
		{in: "'Open", bad: true},
		{in: "X!A0", bad: true},
		{in: "", bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseA1(tc.in)
			if tc.bad {
				if err == nil {
					t.Errorf("parseA1(%q) = %+v, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("parseA1(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
		})
	}
	for title, want := range map[string]string{"Members": "Members", "Sync issues": "'Sync issues'", "Bob's tab": "'Bob''s tab'", "A1": "'A1'"} {
		if got := quoteSheet(title); got != want {
			t.Errorf("quoteSheet(%q) = %s, want %s", title, got, want)
		}
	}
}

func FuzzParseA1(f *testing.F) {
	for _, s := range []string{"Members", "'Bob''s tab'!A1:B2", "A2:D", "1:3", "'x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseA1(s)
		if err != nil || !r.HasCells {
			return
		}
		if r.StartRow < 0 || r.StartCol < 0 || (r.EndRow >= 0 && r.EndRow <= r.StartRow) || (r.EndCol >= 0 && r.EndCol <= r.StartCol) {
			t.Errorf("parseA1(%q) = %+v: bounds out of order", s, r)
		}
	})
}

// Google answered values.get of 'Sheet1'!A1:1 with the range Sheet1!A1:Z1
// and of 'Sheet1'!A2:2 with Sheet1!A2:Z2 on a 26-column sheet (gspread's
// recorded test traffic, WorksheetTest test_append_row, test_delete_row).
func TestCellToRowRanges(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Rows", map[string][][]string{"Sheet1": {{"a", "b"}, {"c", "d"}, {"e"}}})
	tests := []struct{ rng, wantRange string }{
		{"'Sheet1'!A1:1", "Sheet1!A1:Z1"},
		{"'Sheet1'!A2:2", "Sheet1!A2:Z2"},
		{"Sheet1!B2:5", "Sheet1!B2:Z5"},
	}
	for _, tc := range tests {
		t.Run(tc.rng, func(t *testing.T) {
			got, err := srv.Spreadsheets.Values.Get(id, tc.rng).Do()
			if err != nil {
				t.Fatalf("values.get: %v", err)
			}
			if got.Range != tc.wantRange {
				t.Errorf("range = %s, want %s", got.Range, tc.wantRange)
			}
		})
	}
}

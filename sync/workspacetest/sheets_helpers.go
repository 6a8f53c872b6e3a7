package workspacetest

import (
	"fmt"
	"sort"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

// CreateSpreadsheet seeds a spreadsheet titled title with one sheet per tab
// (in name order; none gives one "Sheet1") and the given cells from A1,
// entered as a user types them (USER_ENTERED). The grid is at least
// 1000 rows by 26 columns, larger if the cells need it. It also becomes a
// Drive file, as at Google. It returns the spreadsheet's ID.
func (s *Server) CreateSpreadsheet(title string, tabs map[string][][]string) string {
	names := make([]string, 0, len(tabs))
	for n := range tabs {
		names = append(names, n)
	}
	sort.Strings(names)
	req := &sheetsv4.Spreadsheet{Properties: &sheetsv4.SpreadsheetProperties{Title: title}}
	for _, n := range names {
		rows, cols := 1000, 26
		rows = max(rows, len(tabs[n]))
		for _, r := range tabs[n] {
			cols = max(cols, len(r))
		}
		req.Sheets = append(req.Sheets, &sheetsv4.Sheet{Properties: &sheetsv4.SheetProperties{
			Title: n, GridProperties: &sheetsv4.GridProperties{RowCount: int64(rows), ColumnCount: int64(cols)},
		}})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.newSpreadsheetLocked(req)
	if err != nil {
		panic(fmt.Sprintf("workspacetest.CreateSpreadsheet: %v", err))
	}
	for _, sh := range b.sheets {
		writeUserRows(sh, 0, 0, tabs[sh.props.Title])
	}
	return b.id
}

func writeUserRows(sh *sheet, r0, c0 int, rows [][]string) {
	for i, row := range rows {
		for j, v := range row {
			r, c := r0+i, c0+j
			growGrid(sh, r+1, c+1)
			old := sh.at(r, c)
			nc := userEnteredString(v, old.format)
			nc.validation, nc.note = old.validation, old.note
			sh.set(r, c, nc)
		}
	}
}

// SetCells writes rows into a range starting at its top-left cell, as a
// person typing into the spreadsheet would (USER_ENTERED: "=..." is a
// formula, "1/26/2026" a date, "'" forces text; "" empties a cell). The
// grid grows if needed. Like a real edit it moves the Drive file's version
// and fires push notifications; it is not counted as an API call. It
// returns an error for an unknown spreadsheet or a range Sheets would
// not parse.
func (s *Server) SetCells(spreadsheetID, a1Range string, rows [][]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.changeBookLocked(spreadsheetID, func(b *spreadsheet) (any, error) {
		p, err := parseA1(a1Range)
		if err != nil {
			return nil, badRequest("Unable to parse range: %s", a1Range)
		}
		rr, err := b.resolveForWrite(a1Range, p)
		if err != nil {
			return nil, err
		}
		writeUserRows(rr.sh, rr.startRow, rr.startCol, rows)
		return nil, nil
	})
	if err != nil {
		return fmt.Errorf("workspacetest: set cells %s in %s: %w", a1Range, spreadsheetID, err)
	}
	return nil
}

// Values returns a range as a user sees it (FORMATTED_VALUE), with
// trailing empty cells and rows dropped as values.get does. It returns
// nil for an unknown spreadsheet or range.
func (s *Server) Values(spreadsheetID, a1Range string) [][]string {
	return s.read(spreadsheetID, a1Range, "FORMATTED_VALUE")
}

// Formulas returns a range as written: formulas as their text, other
// values formatted (valueRenderOption=FORMULA, shown as strings).
func (s *Server) Formulas(spreadsheetID, a1Range string) [][]string {
	return s.read(spreadsheetID, a1Range, "FORMULA")
}

func (s *Server) read(id, a1, render string) [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.sheets.books[id]
	if !ok {
		return nil
	}
	rr, err := b.resolve(a1)
	if err != nil {
		return nil
	}
	vr := b.readRange(rr, "ROWS", renderOpts{value: render, dateTime: "SERIAL_NUMBER"})
	out := make([][]string, len(vr.Values))
	for i, row := range vr.Values {
		out[i] = make([]string, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case string:
				out[i][j] = x
			case float64:
				out[i][j] = formatNumber(x, nil)
			case bool:
				out[i][j] = text(cell{kind: cBool, b: x})
			}
		}
	}
	return out
}

// SpreadsheetIDs lists the IDs of every spreadsheet on the server.
func (s *Server) SpreadsheetIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.sheets.books))
	for id := range s.sheets.books {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

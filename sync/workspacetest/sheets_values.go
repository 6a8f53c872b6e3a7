package workspacetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

func renderOptions(q url.Values, valueKey, dateKey string) renderOpts {
	o := renderOpts{value: q.Get(valueKey), dateTime: q.Get(dateKey)}
	if o.value == "" {
		o.value = "FORMATTED_VALUE"
	}
	if o.dateTime == "" {
		o.dateTime = "SERIAL_NUMBER"
	}
	return o
}

// readRange renders a range as values.get does: trailing empty cells and
// rows dropped, columns first if asked.
func (b *spreadsheet) readRange(rr resolved, major string, o renderOpts) *sheetsv4.ValueRange {
	if major == "" || major == "DIMENSION_UNSPECIFIED" {
		major = "ROWS"
	}
	vr := &sheetsv4.ValueRange{Range: rr.a1(), MajorDimension: major}
	outer, inner := rr.endRow-rr.startRow, rr.endCol-rr.startCol
	if major == "COLUMNS" {
		outer, inner = inner, outer
	}
	if major == "ROWS" {
		outer = max(0, min(outer, len(rr.sh.rows)-rr.startRow))
	}
	var lines [][]any
	lastLine := -1
	for i := 0; i < outer; i++ {
		var line []any
		last := -1
		for j := 0; j < inner; j++ {
			r, c := rr.startRow+i, rr.startCol+j
			if major == "COLUMNS" {
				r, c = rr.startRow+j, rr.startCol+i
			}
			v := b.render(rr.sh, r, c, o)
			if v == nil {
				v = ""
			} else {
				last = j
			}
			line = append(line, v)
		}
		line = line[:last+1]
		if last >= 0 {
			lastLine = i
		}
		if line == nil {
			line = []any{}
		}
		lines = append(lines, line)
	}
	if lastLine >= 0 {
		vr.Values = lines[:lastLine+1]
	}
	return vr
}

func (s *Server) valuesGet(w http.ResponseWriter, r *http.Request, p map[string]string) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bookLocked(p["spreadsheetId"])
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	rr, err := b.resolve(p["range"])
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, b.readRange(rr, q.Get("majorDimension"), renderOptions(q, "valueRenderOption", "dateTimeRenderOption")))
}

func (s *Server) valuesBatchGet(w http.ResponseWriter, r *http.Request, p map[string]string) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bookLocked(p["spreadsheetId"])
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	resp := &sheetsv4.BatchGetValuesResponse{SpreadsheetId: b.id}
	for _, a1 := range q["ranges"] {
		rr, err := b.resolve(a1)
		if err != nil {
			writeSheetsError(w, err)
			return
		}
		resp.ValueRanges = append(resp.ValueRanges, b.readRange(rr, q.Get("majorDimension"), renderOptions(q, "valueRenderOption", "dateTimeRenderOption")))
	}
	writeJSON(w, http.StatusOK, resp)
}

// valueRange is a ValueRange as decoded for writing: values keep JSON
// numbers exact and nulls (cells to leave alone) visible.
type valueRange struct {
	Range          string  `json:"range"`
	MajorDimension string  `json:"majorDimension"`
	Values         [][]any `json:"values"`
}

// maxCellChars is the most characters Sheets accepts in one cell. Google
// refuses a longer value with 400 INVALID_ARGUMENT "Your input contains more
// than the maximum of 50000 characters in a single cell." (reported from
// values.update in freelabz/secator issue #96 and airbytehq/airbyte issue
// #15500; values.batchUpdate prefixes it with "Invalid data[i]: ", as
// gspread users logged, e.g. bellingcat's auto-archiver). The batch then
// writes nothing. Not confirmed: whether Google counts characters as
// Unicode code points or UTF-16 units; the fake counts code points.
const maxCellChars = 50000

// checkCellLengths refuses a write with a text longer than maxCellChars.
func checkCellLengths(values [][]any) *sheetsError {
	for _, line := range values {
		for _, v := range line {
			if s, ok := v.(string); ok && len(s) > maxCellChars && utf8.RuneCountInString(s) > maxCellChars {
				return badRequest("Your input contains more than the maximum of %d characters in a single cell.", maxCellChars)
			}
		}
	}
	return nil
}

func decodeValueRange(raw json.RawMessage) (valueRange, error) {
	var vr valueRange
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err := dec.Decode(&vr)
	return vr, err
}

// writeOpts are the options of a values write.
type writeOpts struct {
	input           string // RAW or USER_ENTERED
	includeValues   bool
	render          renderOpts
	failOutsideGrid bool // values.update: past the grid is an error; append grows it
	// written, when set, collects the rows and columns of every cell
	// written (values.batchUpdate's totals count them once each).
	written map[*sheet]*writtenLines
}

// writtenLines are the rows and columns of one sheet that a write set
// cells in.
type writtenLines struct{ rows, cols map[int]bool }

// writeValues writes vr into range a1 of b and returns the response.
func (b *spreadsheet) writeValues(a1 string, vr valueRange, o writeOpts) (*sheetsv4.UpdateValuesResponse, error) {
	if o.input != "RAW" && o.input != "USER_ENTERED" {
		return nil, badRequest("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
	}
	if vr.Range != "" && !sameRange(vr.Range, a1) {
		return nil, badRequest("Requested range [%s] does not match the range in the request body [%s]", a1, vr.Range)
	}
	p, err := parseA1(a1)
	if err != nil {
		return nil, badRequest("Unable to parse range: %s", a1)
	}
	rr, err := b.resolveForWrite(a1, p)
	if err != nil {
		return nil, err
	}
	if err := checkCellLengths(vr.Values); err != nil {
		return nil, err
	}
	lines := vr.Values
	cols := vr.MajorDimension == "COLUMNS"
	// Counts as Google gave them to gspread's recorded writes
	// (WorksheetTest test_update_cell_objects, test_update_cells_noncontiguous,
	// test_get_all_records_pad_one_key): updatedRange spans the values
	// sent, nulls included; updatedCells counts the cells written (nulls
	// leave a cell alone and are not counted; "" is written); updatedRows
	// and updatedColumns count the rows and columns holding a written cell.
	rowsSent, colsSent := 0, 0
	rowSet, colSet := map[int]bool{}, map[int]bool{}
	resp := &sheetsv4.UpdateValuesResponse{SpreadsheetId: b.id}
	for i, line := range lines {
		for j, v := range line {
			r, c := rr.startRow+i, rr.startCol+j
			if cols {
				r, c = rr.startRow+j, rr.startCol+i
			}
			if r >= rr.endRow {
				return nil, badRequest("Requested writing within range [%s], but tried writing to row [%d]", a1, r+1)
			}
			if c >= rr.endCol {
				return nil, badRequest("Requested writing within range [%s], but tried writing to column [%s]", a1, columnName(c))
			}
			if r >= rr.sh.rowCount() || c >= rr.sh.colCount() {
				if o.failOutsideGrid {
					return nil, badRequest("Range ('%s'!%s) exceeds grid limits. Max rows: %d, max columns: %d",
						strings.ReplaceAll(rr.sh.props.Title, "'", "''"), columnName(c)+itoa(r+1), rr.sh.rowCount(), rr.sh.colCount())
				}
				growGrid(rr.sh, r+1, c+1)
			}
			rowsSent = max(rowsSent, r-rr.startRow+1)
			colsSent = max(colsSent, c-rr.startCol+1)
			if v == nil {
				continue // null leaves the cell as it is
			}
			old := rr.sh.at(r, c)
			var nc cell
			if o.input == "RAW" {
				nc = raw(v, old.format)
			} else {
				nc = userEntered(v, old.format)
			}
			nc.validation, nc.note = old.validation, old.note
			rr.sh.set(r, c, nc)
			resp.UpdatedCells++
			rowSet[r], colSet[c] = true, true
		}
	}
	if o.written != nil && resp.UpdatedCells > 0 {
		wl := o.written[rr.sh]
		if wl == nil {
			wl = &writtenLines{rows: map[int]bool{}, cols: map[int]bool{}}
			o.written[rr.sh] = wl
		}
		for r := range rowSet {
			wl.rows[r] = true
		}
		for c := range colSet {
			wl.cols[c] = true
		}
	}
	rowsWritten, colsWritten := rowsSent, colsSent // what updatedData shows
	if resp.UpdatedCells > 0 {
		resp.UpdatedRows, resp.UpdatedColumns = int64(len(rowSet)), int64(len(colSet))
		resp.UpdatedRange = formatA1(rr.sh.props.Title, rr.startRow, rr.startCol, rr.startRow+rowsSent, rr.startCol+colsSent)
	} else {
		resp.UpdatedRange = formatA1(rr.sh.props.Title, rr.startRow, rr.startCol, rr.startRow+1, rr.startCol+1)
	}
	if o.includeValues {
		out := resolved{sh: rr.sh, startRow: rr.startRow, startCol: rr.startCol,
			endRow: rr.startRow + max(rowsWritten, 1), endCol: rr.startCol + max(colsWritten, 1)}
		resp.UpdatedData = b.readRange(out, vr.MajorDimension, o.render)
	}
	return resp, nil
}

func itoa(n int) string { return formatNumber(float64(n), nil) }

// sameRange reports whether two A1 ranges name the same cells, as Sheets
// compares a body's range with the URL's.
func sameRange(a, b string) bool {
	pa, err1 := parseA1(a)
	pb, err2 := parseA1(b)
	return err1 == nil && err2 == nil && pa == pb || a == b
}

// resolveForWrite binds a write range: its start must be inside the grid;
// its end may be open (to be checked against the data written).
func (b *spreadsheet) resolveForWrite(a1 string, p a1Range) (resolved, error) {
	var sh *sheet
	if p.Sheet != "" && !p.HasCells {
		sh = b.sheetByTitle(p.Sheet)
		if sh == nil {
			if cells, err := parseCells(p.Sheet); err == nil && len(b.sheets) > 0 {
				p, sh = cells, b.sheets[0]
			}
		}
	} else if p.Sheet != "" {
		sh = b.sheetByTitle(p.Sheet)
	} else if len(b.sheets) > 0 {
		sh = b.sheets[0]
	}
	if sh == nil {
		return resolved{}, badRequest("Unable to parse range: %s", a1)
	}
	const unbounded = 1 << 30
	rr := resolved{sh: sh, endRow: unbounded, endCol: unbounded, open: true}
	if p.HasCells {
		rr.startRow, rr.startCol = p.StartRow, p.StartCol
		if p.EndRow >= 0 {
			rr.endRow = p.EndRow
		}
		if p.EndCol >= 0 {
			rr.endCol = p.EndCol
		}
		if p.EndRow == p.StartRow+1 && p.EndCol == p.StartCol+1 { // one cell: where writing starts
			rr.endRow, rr.endCol = unbounded, unbounded
		}
	}
	return rr, nil
}

// growGrid makes the grid at least rows by cols, as append does.
func growGrid(sh *sheet, rows, cols int) {
	gp := sh.props.GridProperties
	gp.RowCount = int64(max(int(gp.RowCount), rows))
	gp.ColumnCount = int64(max(int(gp.ColumnCount), cols))
}

func requireInput(q url.Values) (string, error) {
	v := q.Get("valueInputOption")
	if v == "" {
		return "", badRequest("'valueInputOption' is required but not specified")
	}
	return v, nil
}

// readValueRange reads the ValueRange body and the valueInputOption of
// values.update and values.append. On error it has answered and returns
// false.
func (s *Server) readValueRange(w http.ResponseWriter, r *http.Request, q url.Values) (valueRange, string, bool) {
	var rawBody json.RawMessage
	if !s.decodeBody(w, r, "sheets", "ValueRange", &rawBody) {
		return valueRange{}, "", false
	}
	input, err := requireInput(q)
	if err != nil {
		writeSheetsError(w, err)
		return valueRange{}, "", false
	}
	vr, err := decodeValueRange(rawBody)
	if err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return valueRange{}, "", false
	}
	return vr, input, true
}

func (s *Server) valuesUpdate(w http.ResponseWriter, r *http.Request, p map[string]string) {
	q := r.URL.Query()
	vr, input, ok := s.readValueRange(w, r, q)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.changeBookLocked(p["spreadsheetId"], func(b *spreadsheet) (any, error) {
		return b.writeValues(p["range"], vr, writeOpts{
			input: input, includeValues: q.Get("includeValuesInResponse") == "true",
			render: renderOptions(q, "responseValueRenderOption", "responseDateTimeRenderOption"), failOutsideGrid: true,
		})
	})
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// changeBookLocked applies change to a copy of the spreadsheet and keeps
// the copy only if it succeeds, so that a request is all or nothing; then
// it tells Drive the file changed. Call with s.mu held.
func (s *Server) changeBookLocked(id string, change func(*spreadsheet) (any, error)) (any, error) {
	b, err := s.bookLocked(id)
	if err != nil {
		return nil, err
	}
	nb := b.clone()
	resp, err := change(nb)
	if err != nil {
		return nil, err
	}
	s.sheets.books[id] = nb
	if f, ok := s.drive.files[id]; ok && nb.props != nil && nb.props.Title != "" {
		f.name = nb.props.Title // the spreadsheet's title is its Drive file's name
	}
	s.touchFileLocked(id)
	return resp, nil
}

func (s *Server) valuesBatchUpdate(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var req struct {
		ValueInputOption             string            `json:"valueInputOption"`
		Data                         []json.RawMessage `json:"data"`
		IncludeValuesInResponse      bool              `json:"includeValuesInResponse"`
		ResponseValueRenderOption    string            `json:"responseValueRenderOption"`
		ResponseDateTimeRenderOption string            `json:"responseDateTimeRenderOption"`
	}
	if !s.decodeBody(w, r, "sheets", "BatchUpdateValuesRequest", &req) {
		return
	}
	if req.ValueInputOption == "" || req.ValueInputOption == "INPUT_VALUE_OPTION_UNSPECIFIED" {
		writeSheetsError(w, badRequest("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"))
		return
	}
	o := writeOpts{input: req.ValueInputOption, includeValues: req.IncludeValuesInResponse, failOutsideGrid: true,
		render: renderOptions(url.Values{"v": {req.ResponseValueRenderOption}, "d": {req.ResponseDateTimeRenderOption}}, "v", "d")}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.changeBookLocked(p["spreadsheetId"], func(b *spreadsheet) (any, error) {
		out := &sheetsv4.BatchUpdateValuesResponse{SpreadsheetId: b.id}
		o := o
		o.written = map[*sheet]*writtenLines{}
		for i, raw := range req.Data {
			vr, err := decodeValueRange(raw)
			if err != nil {
				return nil, badRequest("Invalid data[%d]: %v", i, err)
			}
			if vr.Range == "" {
				return nil, badRequest("Invalid data[%d]: range is required", i)
			}
			if err := checkCellLengths(vr.Values); err != nil {
				return nil, badRequest("Invalid data[%d]: %s", i, err.msg)
			}
			one, err := b.writeValues(vr.Range, vr, o)
			if err != nil {
				return nil, err
			}
			out.Responses = append(out.Responses, one)
			out.TotalUpdatedCells += one.UpdatedCells
		}
		// Google answered A1:D1 and A4:D4 in one batch with 2 rows, 4
		// columns, 8 cells, 1 sheet (gspread's recorded test traffic,
		// WorksheetTest test_batch_update): a column written in two
		// ranges counts once. The fake counts rows the same way, per sheet.
		for _, wl := range o.written {
			out.TotalUpdatedRows += int64(len(wl.rows))
			out.TotalUpdatedColumns += int64(len(wl.cols))
		}
		out.TotalUpdatedSheets = int64(len(o.written))
		return out, nil
	})
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) valuesAppend(w http.ResponseWriter, r *http.Request, p map[string]string) {
	q := r.URL.Query()
	vr, input, ok := s.readValueRange(w, r, q)
	if !ok {
		return
	}
	a1 := p["range"]
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.changeBookLocked(p["spreadsheetId"], func(b *spreadsheet) (any, error) {
		pr, err := parseA1(a1)
		if err != nil {
			return nil, badRequest("Unable to parse range: %s", a1)
		}
		rr, err := b.resolveForWrite(a1, pr)
		if err != nil {
			return nil, err
		}
		sh := rr.sh
		endCol := min(rr.endCol, sh.colCount())
		// The table is the last row with data at or below the range's start
		// within its columns; new rows go right after it.
		last := -1
		for row := rr.startRow; row < len(sh.rows); row++ {
			for c := rr.startCol; c < endCol; c++ {
				if sh.at(row, c).kind != cEmpty {
					last = row
					break
				}
			}
		}
		out := &sheetsv4.AppendValuesResponse{SpreadsheetId: b.id}
		at := rr.startRow
		if last >= 0 {
			out.TableRange = formatA1(sh.props.Title, rr.startRow, rr.startCol, last+1, endCol)
			at = last + 1
		}
		n := len(vr.Values)
		if vr.MajorDimension == "COLUMNS" {
			n = 0
			for _, col := range vr.Values {
				n = max(n, len(col))
			}
		}
		if q.Get("insertDataOption") == "INSERT_ROWS" && at < len(sh.rows) {
			b.shiftDimension(sh, dimChange{sheetID: sh.props.SheetId, rows: true, kind: dimInsert, start: at, end: at + n})
			growDim(sh, true, n)
		}
		growGrid(sh, at+n, 0)
		endIncl := 18277 // ZZZ, the widest a grid gets
		if rr.endCol < 1<<30 {
			endIncl = rr.endCol - 1
		}
		target := quoteSheet(sh.props.Title) + "!" + columnName(rr.startCol) + itoa(at+1) + ":" + columnName(endIncl)
		vr.Range = ""
		up, err := b.writeValues(target, vr, writeOpts{input: input, includeValues: q.Get("includeValuesInResponse") == "true",
			render: renderOptions(q, "responseValueRenderOption", "responseDateTimeRenderOption")})
		if err != nil {
			return nil, err
		}
		out.Updates = up
		return out, nil
	})
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) valuesClear(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var req sheetsv4.ClearValuesRequest
	if !s.decodeBody(w, r, "sheets", "ClearValuesRequest", &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.changeBookLocked(p["spreadsheetId"], func(b *spreadsheet) (any, error) {
		cleared, err := b.clearRange(p["range"])
		if err != nil {
			return nil, err
		}
		return &sheetsv4.ClearValuesResponse{SpreadsheetId: b.id, ClearedRange: cleared}, nil
	})
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) valuesBatchClear(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var req sheetsv4.BatchClearValuesRequest
	if !s.decodeBody(w, r, "sheets", "BatchClearValuesRequest", &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.changeBookLocked(p["spreadsheetId"], func(b *spreadsheet) (any, error) {
		out := &sheetsv4.BatchClearValuesResponse{SpreadsheetId: b.id}
		for _, a1 := range req.Ranges {
			cleared, err := b.clearRange(a1)
			if err != nil {
				return nil, err
			}
			out.ClearedRanges = append(out.ClearedRanges, cleared)
		}
		return out, nil
	})
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// clearRange empties the values of a range, keeping formats, and returns
// the range as Sheets reports it.
func (b *spreadsheet) clearRange(a1 string) (string, error) {
	rr, err := b.resolve(a1)
	if err != nil {
		return "", err
	}
	for r := rr.startRow; r < min(rr.endRow, len(rr.sh.rows)); r++ {
		for c := rr.startCol; c < min(rr.endCol, len(rr.sh.rows[r])); c++ {
			cl := rr.sh.rows[r][c]
			cl.kind, cl.str, cl.num, cl.b = cEmpty, "", 0, false
			rr.sh.rows[r][c] = cl
		}
	}
	return rr.a1(), nil
}

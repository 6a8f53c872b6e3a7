package workspacetest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

// sheetsState holds the fake's Sheets data. Guarded by Server.mu.
type sheetsState struct {
	books map[string]*spreadsheet
}

func newSheetsState() *sheetsState { return &sheetsState{books: map[string]*spreadsheet{}} }

// spreadsheet is one spreadsheet. Writes go to a clone that replaces it
// only when the whole request succeeded, so every request is atomic.
type spreadsheet struct {
	id       string
	props    *sheetsv4.SpreadsheetProperties
	sheets   []*sheet
	metadata []*sheetsv4.DeveloperMetadata // every location, spreadsheet to column
	nextID   int64                         // next metadata / protected range ID
}

// sheet is one tab: its properties, its cells (rows of cells, ragged) and
// the structures setup requests attach to it.
type sheet struct {
	props              *sheetsv4.SheetProperties
	rows               [][]cell
	conditionalFormats []*sheetsv4.ConditionalFormatRule
	protectedRanges    []*sheetsv4.ProtectedRange
	charts             []*sheetsv4.EmbeddedChart
	basicFilter        *sheetsv4.BasicFilter
}

type cellKind int

const (
	cEmpty cellKind = iota
	cString
	cNumber
	cBool
	cFormula
	cError // only ever computed: a formula's error (str its code, "#REF!")
)

// cell is one cell's user-entered value and what is attached to it.
// Formats and validation rules are replaced, never changed in place, so
// clones may share them.
type cell struct {
	kind       cellKind
	str        string // string value, or formula text with its "="
	num        float64
	b          bool
	format     *sheetsv4.CellFormat
	validation *sheetsv4.DataValidationRule
	note       string
}

func (c cell) isBlank() bool {
	return c.kind == cEmpty && c.format == nil && c.validation == nil && c.note == ""
}

func (b *spreadsheet) clone() *spreadsheet {
	nb := &spreadsheet{id: b.id, nextID: b.nextID}
	copyJSON(b.props, &nb.props)
	copyJSON(b.metadata, &nb.metadata)
	for _, sh := range b.sheets {
		ns := &sheet{}
		copyJSON(sh.props, &ns.props)
		copyJSON(sh.conditionalFormats, &ns.conditionalFormats)
		copyJSON(sh.protectedRanges, &ns.protectedRanges)
		copyJSON(sh.charts, &ns.charts)
		copyJSON(sh.basicFilter, &ns.basicFilter)
		ns.rows = make([][]cell, len(sh.rows))
		for i, r := range sh.rows {
			ns.rows[i] = append([]cell(nil), r...)
		}
		nb.sheets = append(nb.sheets, ns)
	}
	return nb
}

// copyJSON deep-copies a value of the sheets/v4 types through JSON.
func copyJSON(src, dst any) {
	raw, err := json.Marshal(src)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		panic(err)
	}
}

func (b *spreadsheet) sheetByTitle(title string) *sheet {
	for _, sh := range b.sheets {
		if sh.props.Title == title {
			return sh
		}
	}
	return nil
}

func (b *spreadsheet) sheetByID(id int64) *sheet {
	for _, sh := range b.sheets {
		if sh.props.SheetId == id {
			return sh
		}
	}
	return nil
}

func (b *spreadsheet) newSheetID() int64 {
	for {
		id := int64(mrand.Int32N(2_000_000_000)) + 1
		if b.sheetByID(id) == nil {
			return id
		}
	}
}

func (b *spreadsheet) reindex() {
	for i, sh := range b.sheets {
		sh.props.Index = int64(i)
	}
}

func (sh *sheet) rowCount() int { return int(sh.props.GridProperties.RowCount) }
func (sh *sheet) colCount() int { return int(sh.props.GridProperties.ColumnCount) }

func (sh *sheet) at(r, c int) cell {
	if r < len(sh.rows) && c < len(sh.rows[r]) {
		return sh.rows[r][c]
	}
	return cell{}
}

func (sh *sheet) set(r, c int, v cell) {
	for len(sh.rows) <= r {
		sh.rows = append(sh.rows, nil)
	}
	for len(sh.rows[r]) <= c {
		sh.rows[r] = append(sh.rows[r], cell{})
	}
	sh.rows[r][c] = v
}

// newSpreadsheetID makes an ID shaped like Google's (44 URL-safe characters).
func newSpreadsheetID() string {
	b := make([]byte, 33)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sheetsError is a Sheets failure to answer with: 400 invalid argument
// unless code says otherwise.
type sheetsError struct {
	code   int
	reason string
	msg    string
}

func (e *sheetsError) Error() string { return e.msg }

func badRequest(format string, args ...any) *sheetsError {
	return &sheetsError{code: http.StatusBadRequest, reason: "badRequest", msg: fmt.Sprintf(format, args...)}
}

func writeSheetsError(w http.ResponseWriter, err error) {
	if e, ok := err.(*sheetsError); ok {
		writeError(w, e.code, e.reason, e.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, "internalError", err.Error())
}

var errNotFound = &sheetsError{code: http.StatusNotFound, reason: "notFound", msg: "Requested entity was not found."}

// resolved is a range bound to a sheet and clipped to its grid.
type resolved struct {
	sh                                 *sheet
	startRow, startCol, endRow, endCol int
	open                               bool // rows or columns left open
}

func (r resolved) a1() string {
	return formatA1(r.sh.props.Title, r.startRow, r.startCol, r.endRow, r.endCol)
}

// resolve binds an A1 range to a sheet of b. A range with no sheet names
// the first one. forWrite allows an end beyond the grid for the caller to
// check against what it writes.
func (b *spreadsheet) resolve(a1 string) (resolved, error) {
	p, err := parseA1(a1)
	if err != nil {
		return resolved{}, badRequest("Unable to parse range: %s", a1)
	}
	var sh *sheet
	switch {
	case p.Sheet != "" && !p.HasCells:
		sh = b.sheetByTitle(p.Sheet)
		if sh == nil { // not a sheet: perhaps a cell range on the first sheet
			if cells, err := parseCells(p.Sheet); err == nil && len(b.sheets) > 0 {
				p, sh = cells, b.sheets[0]
			}
		}
	case p.Sheet != "":
		sh = b.sheetByTitle(p.Sheet)
	case len(b.sheets) > 0:
		sh = b.sheets[0]
	}
	if sh == nil {
		return resolved{}, badRequest("Unable to parse range: %s", a1)
	}
	r := resolved{sh: sh, endRow: sh.rowCount(), endCol: sh.colCount(), open: !p.HasCells}
	if p.HasCells {
		r.startRow, r.startCol = p.StartRow, p.StartCol
		if p.EndRow >= 0 {
			r.endRow = p.EndRow
		} else {
			r.open = true
		}
		if p.EndCol >= 0 {
			r.endCol = p.EndCol
		} else {
			r.open = true
		}
	}
	if r.endRow > sh.rowCount() || r.endCol > sh.colCount() || r.startRow >= sh.rowCount() || r.startCol >= sh.colCount() {
		return resolved{}, badRequest("Range (%s!%s) exceeds grid limits. Max rows: %d, max columns: %d",
			"'"+strings.ReplaceAll(sh.props.Title, "'", "''")+"'", strings.SplitN(formatA1("x", r.startRow, r.startCol, max(r.endRow, r.startRow+1), max(r.endCol, r.startCol+1)), "!", 2)[1],
			sh.rowCount(), sh.colCount())
	}
	return r, nil
}

// renderOpts are values.get's rendering options.
type renderOpts struct {
	value    string // FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA
	dateTime string // SERIAL_NUMBER, FORMATTED_STRING
}

// render returns one cell as values.get shows it; nil for an empty cell.
func (b *spreadsheet) render(sh *sheet, r, c int, o renderOpts) any {
	cl := sh.at(r, c)
	if cl.kind == cEmpty {
		return nil
	}
	if cl.kind == cFormula && o.value == "FORMULA" {
		return cl.str
	}
	v := b.effective(sh, r, c, nil)
	nf := numberFormat(cl.format)
	switch v.kind {
	case cString, cError: // values.get gives an error as its code, "#REF!"
		return v.str
	case cBool:
		if o.value == "FORMATTED_VALUE" {
			return strings.ToUpper(strconv.FormatBool(v.b))
		}
		return v.b
	case cNumber:
		if o.value == "FORMATTED_VALUE" || (isDateFormat(nf) && o.dateTime == "FORMATTED_STRING") {
			return formatNumber(v.num, nf)
		}
		return v.num
	}
	return nil
}

// cellKey names one cell while formulas are computed.
type cellKey struct {
	sh   *sheet
	r, c int
}

// evalState is what one computation of formulas shares: each formula cell
// is computed once (so ranges of formulas over ranges stay linear rather
// than exponential), and a cell met again while it is still being computed
// is a circular dependency.
type evalState struct {
	done   map[cellKey]cell
	active map[cellKey]bool
}

// errCircular is what Sheets shows in every cell of a loop of formulas:
// #REF! with the message in errorMessages (errornotes.dev "Fix Circular
// dependency detected Error in Google Sheets", spreadsheetclass.com "How to
// fix the Circular dependency detected error in Google Sheets", both
// quoting Sheets).
var errCircular = cell{kind: cError, str: "#REF!"}

// errorMessages are the messages of the errors the fake produces, by code
// (kept out of cell, which every grid cell carries). The #DIV/0! message
// is the one Sheets shows for =1/0 as remembered, not confirmed against a
// recording.
var errorMessages = map[string]string{
	"#REF!":   "Circular dependency detected. To resolve with iterative calculation, see File > Settings.",
	"#DIV/0!": "Function DIVIDE parameter 2 cannot be zero.",
}

// effective is a cell's computed value: its own value, or its formula's.
// st is nil for a fresh computation.
func (b *spreadsheet) effective(sh *sheet, r, c int, st *evalState) cell {
	cl := sh.at(r, c)
	if cl.kind != cFormula {
		return cl
	}
	if st == nil {
		st = &evalState{done: map[cellKey]cell{}, active: map[cellKey]bool{}}
	}
	k := cellKey{sh, r, c}
	if v, ok := st.done[k]; ok {
		return v
	}
	if st.active[k] {
		return errCircular
	}
	st.active[k] = true
	v, ok := b.evaluate(sh, cl.str[1:], st)
	delete(st.active, k)
	if !ok {
		v = cell{kind: cString, str: cl.str} // cannot evaluate: show the formula text
	}
	st.done[k] = v
	return v
}

func numberFormat(f *sheetsv4.CellFormat) *sheetsv4.NumberFormat {
	if f == nil {
		return nil
	}
	return f.NumberFormat
}

func isDateFormat(nf *sheetsv4.NumberFormat) bool {
	return nf != nil && (nf.Type == "DATE" || nf.Type == "DATE_TIME" || nf.Type == "TIME")
}

// formatNumber shows a number as Sheets does for the en_US locale.
func formatNumber(n float64, nf *sheetsv4.NumberFormat) string {
	if nf != nil {
		switch nf.Type {
		case "DATE", "DATE_TIME", "TIME":
			p := nf.Pattern
			if p == "" {
				p = map[string]string{"DATE": "M/d/yyyy", "DATE_TIME": "M/d/yyyy H:mm:ss", "TIME": "h:mm:ss am/pm"}[nf.Type]
			}
			return formatSerial(n, p)
		case "PERCENT":
			return strconv.FormatFloat(roundTo(n*100, 2), 'f', -1, 64) + "%"
		}
	}
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return strconv.FormatFloat(n, 'f', 0, 64)
	}
	return strconv.FormatFloat(roundTo(n, 10), 'f', -1, 64)
}

func roundTo(n float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(n*p) / p
}

// cellForGrid returns the CellData of a cell for includeGridData.
func (b *spreadsheet) cellForGrid(sh *sheet, r, c int) *sheetsv4.CellData {
	cl := sh.at(r, c)
	cd := &sheetsv4.CellData{UserEnteredFormat: cl.format, DataValidation: cl.validation, Note: cl.note}
	if cl.kind != cEmpty {
		cd.UserEnteredValue = extended(cl)
		cd.EffectiveValue = extended(b.effective(sh, r, c, nil))
		if s, ok := b.render(sh, r, c, renderOpts{value: "FORMATTED_VALUE"}).(string); ok {
			cd.FormattedValue = s
		}
	}
	return cd
}

func extended(cl cell) *sheetsv4.ExtendedValue {
	switch cl.kind {
	case cString:
		return &sheetsv4.ExtendedValue{StringValue: &cl.str, ForceSendFields: []string{"StringValue"}}
	case cNumber:
		return &sheetsv4.ExtendedValue{NumberValue: &cl.num, ForceSendFields: []string{"NumberValue"}}
	case cBool:
		return &sheetsv4.ExtendedValue{BoolValue: &cl.b, ForceSendFields: []string{"BoolValue"}}
	case cFormula:
		return &sheetsv4.ExtendedValue{FormulaValue: &cl.str}
	case cError:
		return &sheetsv4.ExtendedValue{ErrorValue: &sheetsv4.ErrorValue{Type: errorTypes[cl.str], Message: errorMessages[cl.str]}}
	}
	return nil
}

// errorTypes maps an error's code to its ErrorValue type (sheets/v4
// ErrorValue.type enum).
var errorTypes = map[string]string{"#REF!": "REF", "#DIV/0!": "DIVIDE_BY_ZERO", "#VALUE!": "VALUE", "#NAME?": "NAME_INVALID"}

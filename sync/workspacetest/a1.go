package workspacetest

import (
	"errors"
	"strconv"
	"strings"
)

// a1Range is a parsed A1-notation range. Rows and columns are 0-based; the
// ends are exclusive and -1 means "to the end of the grid".
type a1Range struct {
	Sheet    string // sheet title; "" when the range named none
	HasCells bool   // false for a whole-sheet range such as "Members"
	StartRow int
	StartCol int
	EndRow   int
	EndCol   int
}

var errBadRange = errors.New("bad range")

// parseA1 splits a range into its sheet title and cells. A string that is
// not a cell reference (such as "Members" or "'Sync issues'") names a whole
// sheet.
func parseA1(s string) (a1Range, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return a1Range{}, errBadRange
	}
	var sheet, cells string
	hasBang := false
	if strings.HasPrefix(s, "'") {
		var b strings.Builder
		i := 1
		closed := false
		for i < len(s) {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				closed = true
				i++
				break
			}
			b.WriteByte(s[i])
			i++
		}
		if !closed || b.Len() == 0 {
			return a1Range{}, errBadRange
		}
		sheet = b.String()
		rest := s[i:]
		switch {
		case rest == "":
			return a1Range{Sheet: sheet}, nil
		case strings.HasPrefix(rest, "!"):
			cells, hasBang = rest[1:], true
		default:
			return a1Range{}, errBadRange
		}
	} else if i := strings.LastIndex(s, "!"); i >= 0 {
		sheet, cells, hasBang = s[:i], s[i+1:], true
		if sheet == "" || strings.ContainsAny(sheet, "'") {
			return a1Range{}, errBadRange
		}
	} else {
		cells = s
	}
	r, err := parseCells(cells)
	if err != nil {
		if hasBang {
			return a1Range{}, err
		}
		return a1Range{Sheet: s}, nil // a bare sheet title
	}
	r.Sheet = sheet
	return r, nil
}

// parseCells parses the part after '!': A1, A1:B2, A:A, A2:D, 1:3.
func parseCells(s string) (a1Range, error) {
	r := a1Range{HasCells: true, EndRow: -1, EndCol: -1}
	from, to, isPair := strings.Cut(s, ":")
	c1, r1, err := parseRef(from)
	if err != nil {
		return r, err
	}
	if !isPair {
		if c1 < 0 || r1 < 0 {
			return r, errBadRange
		}
		return a1Range{HasCells: true, StartRow: r1, StartCol: c1, EndRow: r1 + 1, EndCol: c1 + 1}, nil
	}
	c2, r2, err := parseRef(to)
	if err != nil {
		return r, err
	}
	// Each side may leave out its row or its column; a side with neither
	// is invalid, and so are a whole column joined to a whole row.
	switch {
	case c1 < 0 && c2 >= 0, r1 < 0 && r2 >= 0 && c1 < 0:
		return r, errBadRange
	}
	if c1 < 0 { // rows only: 1:3
		if r2 < 0 {
			return r, errBadRange
		}
		r.StartRow, r.EndRow = min(r1, r2), max(r1, r2)+1
		return r, nil
	}
	if c2 < 0 {
		// A cell to a row number, A1:1 or A2:5: from the cell's column to
		// the last column. Google read 'Sheet1'!A1:1 as Sheet1!A1:Z1 on a
		// 26-column sheet (gspread's recorded test traffic,
		// WorksheetTest test_append_row and test_delete_row).
		if r1 < 0 || r2 < 0 {
			return r, errBadRange
		}
		r.StartCol = c1
		r.StartRow, r.EndRow = min(r1, r2), max(r1, r2)+1
		return r, nil
	}
	r.StartCol, r.EndCol = min(c1, c2), max(c1, c2)+1
	switch {
	case r1 >= 0 && r2 >= 0:
		r.StartRow, r.EndRow = min(r1, r2), max(r1, r2)+1
	case r1 >= 0: // A2:D
		r.StartRow = r1
	case r2 >= 0: // A:D5 reads as A1:D5
		r.EndRow = r2 + 1
	}
	return r, nil
}

// parseRef parses "B12", "B", "12" or "$B$12" into 0-based column and row,
// -1 for a part left out.
func parseRef(s string) (col, row int, err error) {
	s = strings.ReplaceAll(s, "$", "")
	i := 0
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	letters, digits := s[:i], s[i:]
	if letters == "" && digits == "" {
		return 0, 0, errBadRange
	}
	col, row = -1, -1
	if letters != "" {
		if len(letters) > 3 {
			return 0, 0, errBadRange
		}
		col = 0
		for _, c := range strings.ToUpper(letters) {
			col = col*26 + int(c-'A'+1)
		}
		col--
	}
	if digits != "" {
		n, err := strconv.Atoi(digits)
		if err != nil || n < 1 || digits[0] == '+' || digits[0] == '-' {
			return 0, 0, errBadRange
		}
		row = n - 1
	}
	return col, row, nil
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// columnName turns a 0-based column index into its letters: 0 -> A, 26 -> AA.
func columnName(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}

// quoteSheet writes a sheet title as Sheets does in ranges: plain when it
// is a simple name, otherwise in single quotes with quotes doubled.
func quoteSheet(title string) string {
	simple := title != ""
	for i := 0; i < len(title); i++ {
		c := title[i]
		if !(isLetter(c) || c >= '0' && c <= '9' || c == '_') {
			simple = false
			break
		}
	}
	if simple {
		if c, r, err := parseRef(title); err == nil && (c >= 0 || r >= 0) && (title[0] < '0' || title[0] > '9') {
			simple = false // looks like a cell, such as "A1"
		}
		if title[0] >= '0' && title[0] <= '9' {
			simple = false
		}
	}
	if simple {
		return title
	}
	return "'" + strings.ReplaceAll(title, "'", "''") + "'"
}

// formatA1 writes a bounded range as Sheets reports it: Sheet!A1 for one
// cell, Sheet!A1:C3 otherwise.
func formatA1(title string, startRow, startCol, endRow, endCol int) string {
	start := columnName(startCol) + strconv.Itoa(startRow+1)
	if endRow-startRow == 1 && endCol-startCol == 1 {
		return quoteSheet(title) + "!" + start
	}
	return quoteSheet(title) + "!" + start + ":" + columnName(endCol-1) + strconv.Itoa(endRow)
}

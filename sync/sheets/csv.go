package sheets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// ReadCSV reads a tab downloaded as CSV (File > Download > Comma-separated
// values) into a grid. A UTF-8 byte order mark at the start is dropped; cells
// are otherwise kept exactly as written (no trimming), rows may have
// different lengths, and trailing blank cells are dropped as the Sheets API
// does. Blank lines stay as empty rows so that row numbers match the sheet.
func ReadCSV(r io.Reader) ([][]string, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var grid [][]string
	lastLine := 0 // the line the previous record ended on
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return grid, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read CSV: %w", err)
		}
		// encoding/csv skips blank lines; a sheet keeps them as empty rows,
		// and row numbers in issues must match the sheet's.
		start, _ := cr.FieldPos(0)
		for l := lastLine + 1; l < start; l++ {
			grid = append(grid, nil)
		}
		end, _ := cr.FieldPos(len(rec) - 1)
		lastLine = end + strings.Count(rec[len(rec)-1], "\n")
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		grid = append(grid, rec[:n:n])
	}
}

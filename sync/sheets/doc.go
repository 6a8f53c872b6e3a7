// Package sheets provides the sheet codec: it reads the coalition's
// spreadsheet tabs, given as grids of strings, into domain values, and
// records where every column and record sits so that writers can address the
// service's own cells.
//
// A grid is a tab's rows of cells exactly as the Sheets API returns them with
// valueRenderOption=FORMATTED_VALUE (ragged rows, trailing blank cells
// dropped) or as a CSV download gives them (see ReadCSV). Row 0 of the grid is
// the header row, sheet row 1. Columns are found by header text, ignoring case
// and extra spaces, in any order; columns people add are remembered and never
// interpreted.
//
// Problems in what people typed never stop the reading: each becomes a
// domain.Issue naming the tab, the sheet row and the column, with a message in
// plain English and Spanish, and the rest of the tab is still read. Only a
// missing required column (MissingColumnError) or tab (MissingTabError) is an
// error.
//
// The codec (schema.go, header.go, parse.go, codec.go, csv.go) does no I/O
// and knows no Google types, so the offline check command uses it as is;
// Client, the Sheets adapter beside it, moves grids to and from Google.
package sheets

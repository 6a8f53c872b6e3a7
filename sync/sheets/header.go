package sheets

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/coalitionsync/coalitionsync/domain"
)

// NormalizeHeader returns the form header texts are compared in: lower case,
// surrounding spaces trimmed and inner runs of spaces collapsed to one.
func NormalizeHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// HeaderCell is one non-blank cell of a header row.
type HeaderCell struct {
	Index  int    // 0-based column index: 0 is column A
	Text   string // the cell as people wrote it
	Column string // the known column it matched (a Col constant), or "" for an extra column
}

// Header is the index of a tab's header row: where each known column is, and
// which other columns people added. The service writes only owned known
// columns, at the index recorded here, and never the extra ones.
type Header struct {
	Tab    string
	Schema TabSchema
	// Cells lists every non-blank header cell, left to right.
	Cells []HeaderCell
	// Width is the number of columns up to the last non-blank header cell.
	Width int
	known map[string]int // normalized known column -> index
	exact map[string]int // schema column name as spelled in Schema -> index, -1 when absent: the fast path for Col constants
}

// IndexHeader indexes row, the first row of tab. Known columns are matched by
// text ignoring case and extra spaces, in any order; other non-blank cells are
// kept as extra columns. A known column written twice is reported (header row,
// the later cell) and the first one is used.
//
// On a tab with FormHeaders (one a Google Form may fill), a header that is
// no column's name is then matched, in this order: by a column's name with
// a trailing ':', '?' or '*' left out ("Email:"); by an alias; by key words
// (TabSchema.Recognize), for a form's long questions. A column found that
// way that the header already has is not reported: the cell is kept as an
// extra column (a form may ask twice for something close).
func IndexHeader(tab string, row []string) (*Header, []domain.Issue) {
	schema, _ := SchemaFor(tab)
	h := &Header{Tab: tab, Schema: schema, known: map[string]int{}, exact: map[string]int{}}
	var issues []domain.Issue
	for i, text := range row {
		if strings.TrimSpace(text) == "" {
			continue
		}
		h.Width = i + 1
		cell := HeaderCell{Index: i, Text: text}
		if c, ok := schema.byName(NormalizeHeader(text)); ok {
			n := NormalizeHeader(c.Name)
			if first, dup := h.known[n]; dup {
				issues = append(issues, domain.Issue{Tab: tab, Row: 1, Column: c.Name,
					Message: domain.T(msgDuplicateHeader, c.Name, ColumnLetter(first), ColumnLetter(i))})
			} else {
				h.known[n] = i
				h.exact[c.Name] = i
				cell.Column = c.Name
			}
		}
		h.Cells = append(h.Cells, cell)
	}
	if schema.FormHeaders {
		for _, match := range []func(string) (string, bool){
			func(text string) (string, bool) { c, ok := schema.byName(cleanQuestion(text)); return c.Name, ok },
			func(text string) (string, bool) { c, ok := schema.byAlias(cleanQuestion(text)); return c.Name, ok },
			schema.recognize,
		} {
			for k := range h.Cells {
				cell := &h.Cells[k]
				if cell.Column != "" {
					continue
				}
				name, ok := match(cell.Text)
				if !ok {
					continue
				}
				if _, taken := h.known[NormalizeHeader(name)]; taken {
					continue
				}
				h.known[NormalizeHeader(name)] = cell.Index
				h.exact[name] = cell.Index
				cell.Column = name
			}
		}
	}
	for _, c := range schema.Columns {
		if _, ok := h.exact[c.Name]; !ok {
			h.exact[c.Name] = -1 // known to be absent: no need to normalize
		}
	}
	return h, issues
}

// byName returns the column whose name normalizes to n.
func (s TabSchema) byName(n string) (Column, bool) {
	for _, c := range s.Columns {
		if NormalizeHeader(c.Name) == n {
			return c, true
		}
	}
	return Column{}, false
}

// byAlias returns the column with an alias that normalizes to n.
func (s TabSchema) byAlias(n string) (Column, bool) {
	for _, c := range s.Columns {
		for _, a := range c.Aliases {
			if NormalizeHeader(a) == n {
				return c, true
			}
		}
	}
	return Column{}, false
}

// recognize returns the column the first of the tab's Recognize rules that
// matches text stands for.
func (s TabSchema) recognize(text string) (string, bool) {
	for _, r := range s.Recognize {
		if MatchesTerms(text, r.Terms) {
			return r.Column, true
		}
	}
	return "", false
}

// cleanQuestion returns a header as NormalizeHeader does, without the
// ':', '?' or '*' (a required question) a form may end it with.
func cleanQuestion(text string) string {
	return NormalizeHeader(strings.TrimRight(strings.TrimSpace(text), ":?*： "))
}

// MatchesTerms reports whether header holds every term, each at the start
// of a word: compared in lower case, accents left out (á as a), so that
// "c(3)" is found in "Status (c(6), c(4), c(3)):" and "organi" in "Nombre
// de la organización", but "tax" is not found in "syntax".
func MatchesTerms(header string, terms []string) bool {
	h := foldHeader(header)
	for _, t := range terms {
		if !hasWordStart(h, foldHeader(t)) {
			return false
		}
	}
	return len(terms) > 0
}

// hasWordStart reports whether term occurs in s where no letter or digit
// comes just before it.
func hasWordStart(s, term string) bool {
	if term == "" {
		return false
	}
	for i := 0; i+len(term) <= len(s); {
		j := strings.Index(s[i:], term)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 {
			return true
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:at])
		if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
			return true
		}
		i = at + 1
	}
	return false
}

// accents maps the accented letters of English and Spanish headers to plain
// ones.
var accents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "à", "a", "è", "e", "ì", "i", "ò", "o", "ù", "u")

// foldHeader returns s lower-cased, spaces collapsed, accents left out.
func foldHeader(s string) string { return accents.Replace(NormalizeHeader(s)) }

// Index returns the 0-based index of known column name, and whether the
// header has it.
func (h *Header) Index(name string) (int, bool) {
	if h == nil {
		return 0, false
	}
	if i, ok := h.exact[name]; ok {
		return i, i >= 0
	}
	i, ok := h.known[NormalizeHeader(name)]
	return i, ok
}

// AsWritten returns the header cell of known column name as people (or a
// form) wrote it, trimmed and without a closing colon, such as
// "Organization Name" for a form's "Organization Name:"; name itself when the header does not have the column. Issues about
// a form's tab name the column so, for people to find it.
func (h *Header) AsWritten(name string) string {
	i, ok := h.Index(name)
	if !ok {
		return name
	}
	for _, c := range h.Cells {
		if c.Index == i {
			// Without a form's closing colon: an issue reads "column
			// Email: ...", not "column Email:: ...".
			return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(c.Text), ":："))
		}
	}
	return name
}

// Has reports whether the header has known column name.
func (h *Header) Has(name string) bool {
	_, ok := h.Index(name)
	return ok
}

// Letter returns the column letter ("A", "AB") of known column name.
func (h *Header) Letter(name string) (string, bool) {
	i, ok := h.Index(name)
	if !ok {
		return "", false
	}
	return ColumnLetter(i), true
}

// Extra returns the header cells that match no known column, left to right.
// The service never writes these columns.
func (h *Header) Extra() []HeaderCell {
	var out []HeaderCell
	for _, c := range h.Cells {
		if c.Column == "" {
			out = append(out, c)
		}
	}
	return out
}

// Missing returns the schema's columns the header lacks, in schema order.
// Setup adds them after the last column so nothing people wrote moves. A
// column that combines others (Column.Combines) is never missing, and the
// columns it combines are not missing when the header has it.
func (h *Header) Missing() []Column {
	covered := map[string]bool{}
	for _, c := range h.Schema.Columns {
		if len(c.Combines) > 0 && h.Has(c.Name) {
			for _, n := range c.Combines {
				covered[n] = true
			}
		}
	}
	var out []Column
	for _, c := range h.Schema.Columns {
		if len(c.Combines) == 0 && !covered[c.Name] && !h.Has(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// Cell returns the trimmed cell of known column name in row, or "" when the
// header or the row does not have it (rows may be ragged).
func (h *Header) Cell(row []string, name string) string {
	i, ok := h.Index(name)
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// require returns a MissingColumnError for each Required schema column the
// header lacks.
func (h *Header) require() []error {
	var errs []error
	for _, c := range h.Schema.Columns {
		if c.Required && !h.Has(c.Name) {
			errs = append(errs, &MissingColumnError{Tab: h.Tab, Column: c.Name})
		}
	}
	return errs
}

// MissingColumnError says a tab lacks a column it cannot be read without.
// Find it with errors.As; Parse may join several.
type MissingColumnError struct {
	Tab    string
	Column string // the missing header, such as "Name"; alternatives joined with " or "
}

// Error says which column to add, in plain words.
func (e *MissingColumnError) Error() string {
	return fmt.Sprintf("the %s tab has no %q column: add a header cell %q in its first row", e.Tab, e.Column, e.Column)
}

// MissingTabError says the spreadsheet (or the set of files) lacks a tab it
// cannot be read without.
type MissingTabError struct {
	Tab string
}

// Error says which tab is missing.
func (e *MissingTabError) Error() string {
	return fmt.Sprintf("there is no %s tab", e.Tab)
}

// ColumnLetter returns the A1 letters of 0-based column index i: 0 -> "A",
// 25 -> "Z", 26 -> "AA".
func ColumnLetter(i int) string {
	if i < 0 {
		return ""
	}
	var b []byte
	for i >= 0 {
		b = append([]byte{byte('A' + i%26)}, b...)
		i = i/26 - 1
	}
	return string(b)
}

// A1 returns the A1 reference of one cell, with the tab name quoted as the
// Sheets API expects: A1("Approval requests", 2, 5) = "'Approval requests'!C5".
// col is 0-based, row is the sheet row number.
func A1(tab string, col, row int) string {
	return quoteTab(tab) + "!" + ColumnLetter(col) + fmt.Sprint(row)
}

func quoteTab(tab string) string {
	return "'" + strings.ReplaceAll(tab, "'", "''") + "'"
}

package setup

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// MetadataKey is the developer metadata key setup puts on every tab it has
// laid out. Its value is a short hash of the layout (see layoutHash), then
// where setup laid its lists (see metaValue); a tab whose hash still
// matches, and whose warnings, colors and chart are all there, is left
// alone.
const MetadataKey = "coalitionsync.setup"

// specVersion changes whenever setup lays tabs out differently, so that
// every tab is laid out again once.
const specVersion = "setup/1"

// Plan is what setup would do to a spreadsheet: at most one
// spreadsheets.create and one spreadsheets.batchUpdate. It is a value: no
// I/O happens behind it.
type Plan struct {
	// SpreadsheetID is the spreadsheet adopted, or "" when Create is set.
	SpreadsheetID string
	// Create is the body of spreadsheets.create, nil when adopting.
	Create *sheetsapi.Spreadsheet
	// Requests are the requests of the one spreadsheets.batchUpdate, in
	// order; empty when there is nothing to do.
	Requests []*sheetsapi.Request
	// Added says what the plan adds, one line each, in plain words in the
	// language of Options.Lang.
	Added []string
}

// Empty reports whether the plan makes no write call at all.
func (p *Plan) Empty() bool { return p.Create == nil && len(p.Requests) == 0 }

// tab is one tab of the contract as setup will leave it.
type tab struct {
	schema   sheets.TabSchema
	title    string           // the title it has, or will have
	id       int64            // sheet ID
	sheet    *sheetsapi.Sheet // nil for a tab setup adds
	header   []string         // header row once setup has run (people's cells + added ones)
	added    []string         // headers setup adds, from column len(header)-len(added)
	colCount int64            // grid columns once setup has run
	index    *sheets.Header   // header index (nil for tabs the service owns)
}

// isNew reports whether setup adds the tab.
func (t *tab) isNew() bool { return t.sheet == nil }

// draft is setup's plan before row 2 is read: every tab as setup will
// leave it and what is decided about its formats. Like Plan, it is a value
// with no I/O behind it.
type draft struct {
	ss      *sheetsapi.Spreadsheet
	opts    Options
	tabs    []*tab
	formats []tabFormats // by tab, in the order of tabs
}

// newDraft drafts setup's plan. ss is the spreadsheet as read (sheets'
// properties, protected ranges, conditional formats, charts and developer
// metadata), nil to create one; headers holds row 1 of each existing tab of
// the contract, by the tab's title as ss names it.
func newDraft(ss *sheetsapi.Spreadsheet, headers map[string][]string, opts Options) *draft {
	lang := opts.lang()
	d := &draft{ss: ss, opts: opts}
	var byName map[string]*tab
	d.tabs, byName = planTabs(ss, headers, lang)
	for _, t := range d.tabs {
		d.formats = append(d.formats, formatsOf(t, byName, lang))
	}
	return d
}

// plan finishes the draft with row 2 as read: seen holds the data
// validation of row 2 on the columns checks asked for (nil when it asked
// for none, and then no list is cleared).
func (d *draft) plan(seen validations) *Plan {
	lang := d.opts.lang()
	p := &Plan{}
	if d.ss != nil {
		p.SpreadsheetID = d.ss.SpreadsheetId
	}

	// Tabs and headers.
	if d.ss == nil {
		p.Create = createBody(d.tabs, d.opts)
		var names []string
		for _, t := range d.tabs {
			names = append(names, t.title)
		}
		p.Added = append(p.Added, say(lang, msgCreated, d.opts.Title, list(names)))
	}
	for _, t := range d.tabs {
		p.planTab(t, d.ss == nil, lang)
	}
	// Formats, tab by tab.
	for i, t := range d.tabs {
		p.planFormats(t, d.formats[i], seen, lang)
	}
	return p
}

// planTabs returns every tab of the contract as setup will leave it, in
// the contract's order, and by schema name.
func planTabs(ss *sheetsapi.Spreadsheet, headers map[string][]string, lang domain.Lang) ([]*tab, map[string]*tab) {
	existing := map[string]*sheetsapi.Sheet{}
	used := map[int64]bool{}
	if ss != nil {
		for _, sh := range ss.Sheets {
			if sh.Properties == nil {
				continue
			}
			used[sh.Properties.SheetId] = true
			n := sheets.NormalizeHeader(sh.Properties.Title)
			if _, dup := existing[n]; !dup {
				existing[n] = sh
			}
		}
	}
	nextID := int64(1)
	newID := func() int64 {
		for used[nextID] {
			nextID++
		}
		used[nextID] = true
		return nextID
	}

	tabs := make([]*tab, 0, len(sheets.Schema))
	byName := map[string]*tab{}
	for _, schema := range sheets.Schema {
		t := &tab{schema: schema, title: schema.Name}
		if sh, ok := existing[sheets.NormalizeHeader(schema.Name)]; ok {
			t.sheet, t.title, t.id = sh, sh.Properties.Title, sh.Properties.SheetId
			if g := sh.Properties.GridProperties; g != nil {
				t.colCount = g.ColumnCount
			}
			t.header, t.added = plannedHeader(schema, headers[t.title], lang)
		} else {
			t.id = newID()
			t.header, t.added = plannedHeader(schema, nil, lang)
			t.colCount = int64(max(26, len(t.header)))
		}
		t.colCount = max(t.colCount, int64(len(t.header)))
		if !schema.Owned {
			t.index, _ = sheets.IndexHeader(schema.Name, t.header)
		}
		tabs = append(tabs, t)
		byName[schema.Name] = t
	}
	return tabs, byName
}

// plannedHeader returns the header row a tab will have: people's cells as
// they are, then the missing columns after the last non-blank cell. A tab
// the service owns gets the sync engine's header only when its first row
// is blank. Attendance gets Member ID and Name only when it has neither:
// one of them is enough to read it.
func plannedHeader(schema sheets.TabSchema, row []string, lang domain.Lang) (header, added []string) {
	width := 0
	for i, c := range row {
		if strings.TrimSpace(c) != "" {
			width = i + 1
		}
	}
	header = slices.Clone(row[:width])
	switch {
	case schema.Owned:
		if width == 0 {
			added = ownedHeader(schema.Name, lang)
		}
	case schema.DateColumns:
		h, _ := sheets.IndexHeader(schema.Name, header)
		if !h.Has(sheets.ColMemberID) && !h.Has(sheets.ColName) {
			added = schema.Headers()
		}
	default:
		h, _ := sheets.IndexHeader(schema.Name, header)
		for _, c := range h.Missing() {
			added = append(added, c.Name)
		}
	}
	return append(header, added...), added
}

// ownedHeader is the header row the sync engine writes on the tabs it owns,
// in the same words (sheets.OwnedHeader), so that setup and sync never undo
// each other.
func ownedHeader(name string, lang domain.Lang) []string { return sheets.OwnedHeader(name, lang) }

// createBody is the spreadsheets.create request: every tab with its header
// row in bold and frozen.
func createBody(tabs []*tab, opts Options) *sheetsapi.Spreadsheet {
	body := &sheetsapi.Spreadsheet{Properties: &sheetsapi.SpreadsheetProperties{Title: opts.Title, TimeZone: opts.TimeZone}}
	for i, t := range tabs {
		props := sheetProps(t)
		props.Index = int64(i)
		body.Sheets = append(body.Sheets, &sheetsapi.Sheet{
			Properties: props,
			Data:       []*sheetsapi.GridData{{RowData: []*sheetsapi.RowData{headerRow(t.header)}}},
		})
	}
	return body
}

func sheetProps(t *tab) *sheetsapi.SheetProperties {
	return &sheetsapi.SheetProperties{
		SheetId: t.id, Title: t.title, ForceSendFields: []string{"SheetId"},
		GridProperties: &sheetsapi.GridProperties{RowCount: 1000, ColumnCount: t.colCount, FrozenRowCount: 1},
	}
}

// headerRow is a row of bold text cells. Text is sent as a string value, so
// a header is never read as a number, a date or a formula.
func headerRow(cells []string) *sheetsapi.RowData {
	rd := &sheetsapi.RowData{}
	for _, c := range cells {
		rd.Values = append(rd.Values, &sheetsapi.CellData{
			UserEnteredValue:  &sheetsapi.ExtendedValue{StringValue: &c},
			UserEnteredFormat: &sheetsapi.CellFormat{TextFormat: &sheetsapi.TextFormat{Bold: true}},
		})
	}
	return rd
}

const headerFields = "userEnteredValue,userEnteredFormat.textFormat.bold"

// planTab adds a missing tab, missing headers and the frozen header row.
func (p *Plan) planTab(t *tab, creating bool, lang domain.Lang) {
	if creating {
		return // the create body has it all
	}
	if t.isNew() {
		p.Requests = append(p.Requests,
			&sheetsapi.Request{AddSheet: &sheetsapi.AddSheetRequest{Properties: sheetProps(t)}},
			&sheetsapi.Request{UpdateCells: &sheetsapi.UpdateCellsRequest{
				Start:  &sheetsapi.GridCoordinate{SheetId: t.id, ForceSendFields: []string{"SheetId"}},
				Rows:   []*sheetsapi.RowData{headerRow(t.header)},
				Fields: headerFields,
			}})
		p.Added = append(p.Added, say(lang, msgAddTab, t.title))
		return
	}
	g := t.sheet.Properties.GridProperties
	if g == nil {
		g = &sheetsapi.GridProperties{}
	}
	if len(t.added) > 0 {
		if extra := t.colCount - g.ColumnCount; extra > 0 {
			p.Requests = append(p.Requests, &sheetsapi.Request{AppendDimension: &sheetsapi.AppendDimensionRequest{
				SheetId: t.id, Dimension: "COLUMNS", Length: extra, ForceSendFields: []string{"SheetId"},
			}})
		}
		p.Requests = append(p.Requests, &sheetsapi.Request{UpdateCells: &sheetsapi.UpdateCellsRequest{
			Start: &sheetsapi.GridCoordinate{SheetId: t.id, ColumnIndex: int64(len(t.header) - len(t.added)),
				ForceSendFields: []string{"SheetId"}},
			Rows:   []*sheetsapi.RowData{headerRow(t.added)},
			Fields: headerFields,
		}})
		p.Added = append(p.Added, say(lang, msgAddHeaders, t.title, list(t.added)))
	}
	if g.FrozenRowCount < 1 {
		p.Requests = append(p.Requests, &sheetsapi.Request{UpdateSheetProperties: &sheetsapi.UpdateSheetPropertiesRequest{
			Properties: &sheetsapi.SheetProperties{SheetId: t.id, ForceSendFields: []string{"SheetId"},
				GridProperties: &sheetsapi.GridProperties{FrozenRowCount: 1}},
			Fields: "gridProperties.frozenRowCount",
		}})
		p.Added = append(p.Added, say(lang, msgFreeze, t.title))
	}
}

// layoutHash is the value of the tab's setup metadata: a short hash of the
// spec version, the language of the words setup wrote, and the positions of
// the columns its formats depend on (the Meetings columns too for the
// Dashboard, whose chart reads them). For Attendance, meeting columns are
// left out and the grid's width is in: the sync engine adds a meeting in
// the blank columns setup already gave the P/N/A list, which needs nothing
// new, but columns it appends to the grid do.
func layoutHash(t *tab, byName map[string]*tab, lang domain.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%d", specVersion, lang, t.schema.Name, t.id)
	layout := func(t *tab) {
		if t.index == nil {
			return
		}
		for _, c := range t.index.Cells {
			switch {
			case c.Column != "":
				fmt.Fprintf(&b, "|%s@%d", sheets.NormalizeHeader(c.Column), c.Index)
			case t.schema.DateColumns && !isDate(c.Text):
				fmt.Fprintf(&b, "|extra@%d", c.Index)
			}
		}
		if t.schema.DateColumns {
			fmt.Fprintf(&b, "|cols=%d", t.colCount)
		}
	}
	layout(t)
	if t.schema.Name == sheets.TabDashboard {
		if m := byName[sheets.TabMeetings]; m != nil {
			fmt.Fprintf(&b, "|meetings=%d", m.id)
			layout(m)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:6])
}

// isDate reports whether s is a date as the sheet codec reads an Attendance
// header (domain.ReadDate): "Aug 24 2026" is a meeting column too.
func isDate(s string) bool {
	_, err := domain.ReadDate(s)
	return err == nil
}

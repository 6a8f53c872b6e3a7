package workspacetest

import (
	"fmt"
	"net/http"
	"strconv"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

// registerSheets adds the Sheets methods to the router.
func (s *Server) registerSheets() {
	s.handle("POST", "/v4/spreadsheets", "sheets.spreadsheets.create", s.sheetsCreate)
	s.handle("GET", "/v4/spreadsheets/{spreadsheetId}", "sheets.spreadsheets.get", s.sheetsGet)
	s.handle("POST", "/v4/spreadsheets/{spreadsheetId}:batchUpdate", "sheets.spreadsheets.batchUpdate", s.sheetsBatchUpdate)
	s.handle("GET", "/v4/spreadsheets/{spreadsheetId}/developerMetadata/{metadataId}", "sheets.spreadsheets.developerMetadata.get", s.sheetsMetadataGet)
	s.handle("POST", "/v4/spreadsheets/{spreadsheetId}/developerMetadata:search", "sheets.spreadsheets.developerMetadata.search", s.sheetsMetadataSearch)
	s.handle("GET", "/v4/spreadsheets/{spreadsheetId}/values/{range}", "sheets.spreadsheets.values.get", s.valuesGet)
	s.handle("GET", "/v4/spreadsheets/{spreadsheetId}/values:batchGet", "sheets.spreadsheets.values.batchGet", s.valuesBatchGet)
	s.handle("PUT", "/v4/spreadsheets/{spreadsheetId}/values/{range}", "sheets.spreadsheets.values.update", s.valuesUpdate)
	s.handle("POST", "/v4/spreadsheets/{spreadsheetId}/values:batchUpdate", "sheets.spreadsheets.values.batchUpdate", s.valuesBatchUpdate)
	s.handle("POST", "/v4/spreadsheets/{spreadsheetId}/values/{range}:append", "sheets.spreadsheets.values.append", s.valuesAppend)
	s.handle("POST", "/v4/spreadsheets/{spreadsheetId}/values/{range}:clear", "sheets.spreadsheets.values.clear", s.valuesClear)
	s.handle("POST", "/v4/spreadsheets/{spreadsheetId}/values:batchClear", "sheets.spreadsheets.values.batchClear", s.valuesBatchClear)
}

// newSpreadsheetLocked builds a spreadsheet from a create request's body and
// stores it. Call with s.mu held.
func (s *Server) newSpreadsheetLocked(req *sheetsv4.Spreadsheet) (*spreadsheet, error) {
	return s.newBookLocked(newSpreadsheetID(), req)
}

// newBookLocked is newSpreadsheetLocked with the ID given (a spreadsheet
// created through Drive keeps its file's ID). Call with s.mu held.
func (s *Server) newBookLocked(id string, req *sheetsv4.Spreadsheet) (*spreadsheet, error) {
	b := &spreadsheet{id: id, props: &sheetsv4.SpreadsheetProperties{}, nextID: 1}
	if req.Properties != nil {
		copyJSON(req.Properties, b.props)
	}
	if b.props.Title == "" {
		b.props.Title = "Untitled spreadsheet"
	}
	if b.props.Locale == "" {
		b.props.Locale = "en_US"
	}
	if b.props.TimeZone == "" {
		b.props.TimeZone = "Etc/GMT"
	}
	if b.props.AutoRecalc == "" {
		b.props.AutoRecalc = "ON_CHANGE"
	}
	if b.props.DefaultFormat == nil {
		b.props.DefaultFormat = defaultFormat()
	}
	if b.props.SpreadsheetTheme == nil {
		b.props.SpreadsheetTheme = defaultTheme()
	}
	reqSheets := req.Sheets
	if len(reqSheets) == 0 {
		reqSheets = []*sheetsv4.Sheet{{}}
	}
	for i, rs := range reqSheets {
		sh := &sheet{props: &sheetsv4.SheetProperties{}}
		if rs.Properties != nil {
			copyJSON(rs.Properties, sh.props)
		}
		if sh.props.Title == "" {
			sh.props.Title = "Sheet" + strconv.Itoa(i+1)
		}
		if b.sheetByTitle(sh.props.Title) != nil {
			return nil, badRequest("Invalid sheets[%d]: A sheet with the name %q already exists. Please enter another name.", i, sh.props.Title)
		}
		if rs.Properties == nil || rs.Properties.SheetId == 0 {
			if i == 0 {
				sh.props.SheetId = 0
			} else {
				sh.props.SheetId = b.newSheetID()
			}
		}
		fillSheetDefaults(sh.props)
		sh.conditionalFormats = rs.ConditionalFormats
		sh.protectedRanges = rs.ProtectedRanges
		sh.charts = rs.Charts
		sh.basicFilter = rs.BasicFilter
		for _, gd := range rs.Data {
			for r, rd := range gd.RowData {
				for c, cd := range rd.Values {
					applyCellData(sh, int(gd.StartRow)+r, int(gd.StartColumn)+c, cd, "*")
				}
			}
		}
		b.sheets = append(b.sheets, sh)
	}
	b.reindex()
	s.sheets.books[b.id] = b
	s.addSpreadsheetFileLocked(b.id, b.props.Title)
	return b, nil
}

// defaultFormat is the default cell format of a new spreadsheet, as Google
// answered spreadsheets.get in gspread's recorded test traffic (every
// spreadsheet there, e.g. WorksheetTest test_add_protected_range_normal).
// Its false booleans (bold, italic, ...) are left out of the fake's answer.
func defaultFormat() *sheetsv4.CellFormat {
	white := func() *sheetsv4.Color { return &sheetsv4.Color{Red: 1, Green: 1, Blue: 1} }
	return &sheetsv4.CellFormat{
		BackgroundColor:      white(),
		BackgroundColorStyle: &sheetsv4.ColorStyle{RgbColor: white()},
		Padding:              &sheetsv4.Padding{Top: 2, Right: 3, Bottom: 2, Left: 3},
		VerticalAlignment:    "BOTTOM",
		WrapStrategy:         "OVERFLOW_CELL",
		TextFormat: &sheetsv4.TextFormat{
			ForegroundColor: &sheetsv4.Color{}, ForegroundColorStyle: &sheetsv4.ColorStyle{RgbColor: &sheetsv4.Color{}},
			FontFamily: "arial,sans,sans-serif", FontSize: 10,
		},
	}
}

// defaultTheme is a new spreadsheet's theme, from the same recordings.
func defaultTheme() *sheetsv4.SpreadsheetTheme {
	c := func(typ string, r, g, b float64) *sheetsv4.ThemeColorPair {
		return &sheetsv4.ThemeColorPair{ColorType: typ, Color: &sheetsv4.ColorStyle{RgbColor: &sheetsv4.Color{Red: r, Green: g, Blue: b}}}
	}
	return &sheetsv4.SpreadsheetTheme{PrimaryFontFamily: "Arial", ThemeColors: []*sheetsv4.ThemeColorPair{
		c("TEXT", 0, 0, 0),
		c("BACKGROUND", 1, 1, 1),
		c("ACCENT1", 0.25882354, 0.52156866, 0.95686275),
		c("ACCENT2", 0.91764706, 0.2627451, 0.20784314),
		c("ACCENT3", 0.9843137, 0.7372549, 0.015686275),
		c("ACCENT4", 0.20392157, 0.65882355, 0.3254902),
		c("ACCENT5", 1, 0.42745098, 0.003921569),
		c("ACCENT6", 0.27450982, 0.7411765, 0.7764706),
		c("LINK", 0.06666667, 0.33333334, 0.8),
	}}
}

// sheetPropsOut is a sheet's properties as answered: Google sends sheetId
// and index even when they are 0 ("sheetId": 0, "index": 0 in every
// recorded spreadsheets.get of gspread's tests), which the Go types would
// leave out.
func sheetPropsOut(p *sheetsv4.SheetProperties) *sheetsv4.SheetProperties {
	out := *p
	out.ForceSendFields = append([]string{"SheetId", "Index"}, p.ForceSendFields...)
	return &out
}

func fillSheetDefaults(p *sheetsv4.SheetProperties) {
	if p.SheetType == "" {
		p.SheetType = "GRID"
	}
	if p.GridProperties == nil {
		p.GridProperties = &sheetsv4.GridProperties{}
	}
	if p.GridProperties.RowCount == 0 {
		p.GridProperties.RowCount = 1000
	}
	if p.GridProperties.ColumnCount == 0 {
		p.GridProperties.ColumnCount = 26
	}
}

func (s *Server) sheetsCreate(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	var req sheetsv4.Spreadsheet
	if !s.decodeBody(w, r, "sheets", "Spreadsheet", &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.newSpreadsheetLocked(&req)
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, b.toAPI(false, nil))
}

// bookLocked finds a spreadsheet. Call with s.mu held.
func (s *Server) bookLocked(id string) (*spreadsheet, error) {
	b, ok := s.sheets.books[id]
	if !ok {
		return nil, errNotFound
	}
	return b, nil
}

func (s *Server) sheetsGet(w http.ResponseWriter, r *http.Request, p map[string]string) {
	q := r.URL.Query()
	grid := q.Get("includeGridData") == "true"
	if fields := q.Get("fields"); fields != "" {
		// "If a field mask is set, the includeGridData parameter is
		// ignored" (spreadsheets.get in the discovery document): the
		// mask alone decides whether grid data comes back.
		grid = selectsGridData(fields)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bookLocked(p["spreadsheetId"])
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	var ranges []resolved
	for _, a1 := range q["ranges"] {
		rr, err := b.resolve(a1)
		if err != nil {
			writeSheetsError(w, err)
			return
		}
		ranges = append(ranges, rr)
	}
	writeJSON(w, http.StatusOK, b.toAPI(grid, ranges))
}

// selectsGridData tells whether a spreadsheets.get fields mask selects
// sheets.data (also through sheets or *).
func selectsGridData(fields string) bool {
	m, err := parseFieldMask(fields)
	if err != nil {
		return false
	}
	sub, ok := m["sheets"]
	if !ok {
		sub, ok = m["*"]
	}
	if !ok {
		return false
	}
	if sub == nil {
		return true
	}
	_, data := sub["data"]
	_, all := sub["*"]
	return data || all
}

// toAPI renders the spreadsheet resource. With ranges, only the sheets they
// touch are listed (and only those cells with grid data).
func (b *spreadsheet) toAPI(grid bool, ranges []resolved) *sheetsv4.Spreadsheet {
	out := &sheetsv4.Spreadsheet{
		SpreadsheetId:  b.id,
		SpreadsheetUrl: "https://docs.google.com/spreadsheets/d/" + b.id + "/edit",
		Properties:     b.props,
	}
	for _, md := range b.metadata {
		if md.Location != nil && md.Location.Spreadsheet {
			out.DeveloperMetadata = append(out.DeveloperMetadata, md)
		}
	}
	for _, sh := range b.sheets {
		var mine []resolved
		for _, rr := range ranges {
			if rr.sh == sh {
				mine = append(mine, rr)
			}
		}
		if len(ranges) > 0 && len(mine) == 0 {
			continue
		}
		as := &sheetsv4.Sheet{
			Properties:         sheetPropsOut(sh.props),
			ConditionalFormats: sh.conditionalFormats,
			ProtectedRanges:    sh.protectedRanges,
			Charts:             sh.charts,
			BasicFilter:        sh.basicFilter,
		}
		for _, md := range b.metadata {
			if md.Location != nil && md.Location.SheetId == sh.props.SheetId && md.Location.DimensionRange == nil && !md.Location.Spreadsheet {
				as.DeveloperMetadata = append(as.DeveloperMetadata, md)
			}
		}
		if grid {
			if len(mine) == 0 {
				mine = []resolved{{sh: sh, endRow: min(len(sh.rows), sh.rowCount()), endCol: sh.usedCols()}}
			}
			for _, rr := range mine {
				as.Data = append(as.Data, b.gridData(rr))
			}
		}
		out.Sheets = append(out.Sheets, as)
	}
	return out
}

func (sh *sheet) usedCols() int {
	n := 0
	for _, r := range sh.rows {
		n = max(n, len(r))
	}
	return min(n, sh.colCount())
}

func (b *spreadsheet) gridData(rr resolved) *sheetsv4.GridData {
	gd := &sheetsv4.GridData{StartRow: int64(rr.startRow), StartColumn: int64(rr.startCol)}
	endRow := min(rr.endRow, len(rr.sh.rows))
	for r := rr.startRow; r < endRow; r++ {
		rd := &sheetsv4.RowData{}
		last := -1
		for c := rr.startCol; c < rr.endCol; c++ {
			if !rr.sh.at(r, c).isBlank() {
				last = c
			}
		}
		for c := rr.startCol; c <= last; c++ {
			rd.Values = append(rd.Values, b.cellForGrid(rr.sh, r, c))
		}
		gd.RowData = append(gd.RowData, rd)
	}
	return gd
}

func (s *Server) sheetsMetadataGet(w http.ResponseWriter, r *http.Request, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bookLocked(p["spreadsheetId"])
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	id, err := strconv.ParseInt(p["metadataId"], 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "badRequest",
			fmt.Sprintf("Invalid value at 'metadata_id' (TYPE_INT32), %q", p["metadataId"]))
		return
	}
	for _, md := range b.metadata {
		if md.MetadataId == id {
			writeJSON(w, http.StatusOK, md)
			return
		}
	}
	writeError(w, http.StatusNotFound, "notFound", fmt.Sprintf("No developer metadata with ID: %d", id))
}

func (s *Server) sheetsMetadataSearch(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var req sheetsv4.SearchDeveloperMetadataRequest
	if !s.decodeBody(w, r, "sheets", "SearchDeveloperMetadataRequest", &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.bookLocked(p["spreadsheetId"])
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	resp, err := b.searchMetadata(req.DataFilters)
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// searchMetadata finds developer metadata matching any of the filters:
// a developerMetadataLookup, or an A1 or grid range that intersects the
// metadata's location.
func (b *spreadsheet) searchMetadata(filters []*sheetsv4.DataFilter) (*sheetsv4.SearchDeveloperMetadataResponse, error) {
	resp := &sheetsv4.SearchDeveloperMetadataResponse{}
	for _, f := range filters {
		if err := b.checkFilter(f); err != nil {
			if l := f.DeveloperMetadataLookup; l != nil && l.MetadataId != 0 {
				continue // search simply finds nothing for an unknown ID
			}
			return nil, err
		}
	}
	for _, md := range b.metadata {
		var matched []*sheetsv4.DataFilter
		for _, f := range filters {
			ok, err := b.filterMatches(md, f)
			if err != nil {
				return nil, err
			}
			if ok {
				matched = append(matched, f)
			}
		}
		if len(matched) > 0 {
			resp.MatchedDeveloperMetadata = append(resp.MatchedDeveloperMetadata,
				&sheetsv4.MatchedDeveloperMetadata{DeveloperMetadata: md, DataFilters: matched})
		}
	}
	return resp, nil
}

func metadataMatches(md *sheetsv4.DeveloperMetadata, l *sheetsv4.DeveloperMetadataLookup) bool {
	if l.MetadataId != 0 && l.MetadataId != md.MetadataId {
		return false
	}
	if l.MetadataKey != "" && l.MetadataKey != md.MetadataKey {
		return false
	}
	if l.MetadataValue != "" && l.MetadataValue != md.MetadataValue {
		return false
	}
	if l.Visibility != "" && l.Visibility != "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED" && l.Visibility != md.Visibility {
		return false
	}
	loc := md.Location
	if l.LocationType != "" && l.LocationType != "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED" && (loc == nil || loc.LocationType != l.LocationType) {
		return false
	}
	if ml := l.MetadataLocation; ml != nil && loc != nil {
		if ml.Spreadsheet && !loc.Spreadsheet {
			return false
		}
		if (ml.SheetId != 0 || containsString(ml.ForceSendFields, "SheetId")) && ml.SheetId != loc.SheetId {
			return false
		}
		if want := ml.DimensionRange; want != nil {
			got := loc.DimensionRange
			if got == nil || got.SheetId != want.SheetId || got.Dimension != want.Dimension {
				return false
			}
			if l.LocationMatchingStrategy == "INTERSECTING_LOCATION" {
				return spansOverlap(got, want)
			}
			return got.StartIndex == want.StartIndex && got.EndIndex == want.EndIndex
		}
	}
	return true
}

// spansOverlap reports whether two dimension ranges share an index (an
// unset end runs to the edge of the grid).
func spansOverlap(a, b *sheetsv4.DimensionRange) bool {
	end := func(d *sheetsv4.DimensionRange) int64 {
		if d.EndIndex == 0 {
			return 1 << 40
		}
		return d.EndIndex
	}
	return a.StartIndex < end(b) && b.StartIndex < end(a)
}

func containsString(list []string, s string) bool { return contains(list, s) }

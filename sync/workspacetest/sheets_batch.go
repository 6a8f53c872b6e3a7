package workspacetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

func (s *Server) sheetsBatchUpdate(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var raw json.RawMessage
	if !s.decodeBody(w, r, "sheets", "BatchUpdateSpreadsheetRequest", &raw) {
		return
	}
	var req sheetsv4.BatchUpdateSpreadsheetRequest
	var kinds struct {
		Requests []map[string]json.RawMessage `json:"requests"`
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return
	}
	_ = json.Unmarshal(raw, &kinds)
	for i, k := range kinds.Requests {
		names := make([]string, 0, len(k))
		for n := range k {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) > 1 {
			writeSheetsError(w, badRequest("Invalid JSON payload received. Oneof field 'kind' is already set. Cannot set '%s' at 'requests[%d]'", names[1], i))
			return
		}
	}
	for i, k := range kinds.Requests { // an addSheet index of 0, sent, puts the sheet first
		var as struct {
			Properties struct {
				Index json.RawMessage `json:"index"`
			} `json:"properties"`
		}
		if raw, ok := k["addSheet"]; ok && json.Unmarshal(raw, &as) == nil && as.Properties.Index != nil &&
			i < len(req.Requests) && req.Requests[i].AddSheet != nil && req.Requests[i].AddSheet.Properties != nil {
			p := req.Requests[i].AddSheet.Properties
			p.ForceSendFields = append(p.ForceSendFields, "Index")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.changeBookLocked(p["spreadsheetId"], func(b *spreadsheet) (any, error) {
		out := &sheetsv4.BatchUpdateSpreadsheetResponse{SpreadsheetId: b.id}
		for i, rq := range req.Requests {
			kind := ""
			if i < len(kinds.Requests) {
				for n := range kinds.Requests[i] {
					kind = n
				}
			}
			reply, err := b.apply(rq)
			if err != nil {
				if e, ok := err.(*sheetsError); ok {
					return nil, badRequest("Invalid requests[%d].%s: %s", i, kind, e.msg)
				}
				return nil, err
			}
			if reply == nil {
				reply = &sheetsv4.Response{}
			}
			out.Replies = append(out.Replies, reply)
		}
		if req.IncludeSpreadsheetInResponse {
			var ranges []resolved
			for _, a1 := range req.ResponseRanges {
				rr, err := b.resolve(a1)
				if err != nil {
					return nil, err
				}
				ranges = append(ranges, rr)
			}
			out.UpdatedSpreadsheet = b.toAPI(req.ResponseIncludeGridData, ranges)
		}
		return out, nil
	})
	if err != nil {
		writeSheetsError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// apply carries out one request of spreadsheets.batchUpdate on b (a copy).
func (b *spreadsheet) apply(rq *sheetsv4.Request) (*sheetsv4.Response, error) {
	switch {
	case rq.AddSheet != nil:
		return b.addSheet(rq.AddSheet)
	case rq.DeleteSheet != nil:
		if b.sheetByID(rq.DeleteSheet.SheetId) == nil {
			return nil, badRequest("No sheet with id: %d", rq.DeleteSheet.SheetId)
		}
		if len(b.sheets) == 1 {
			return nil, badRequest("You can't remove all the sheets in a document.")
		}
		for i, sh := range b.sheets {
			if sh.props.SheetId == rq.DeleteSheet.SheetId {
				b.sheets = append(b.sheets[:i], b.sheets[i+1:]...)
				break
			}
		}
		kept := b.metadata[:0]
		for _, md := range b.metadata { // metadata goes with its sheet
			if loc := md.Location; loc == nil || loc.Spreadsheet || loc.SheetId != rq.DeleteSheet.SheetId {
				kept = append(kept, md)
			}
		}
		b.metadata = kept
		b.reindex()
		return nil, nil
	case rq.UpdateSheetProperties != nil:
		return nil, b.updateSheetProperties(rq.UpdateSheetProperties)
	case rq.UpdateSpreadsheetProperties != nil:
		u := rq.UpdateSpreadsheetProperties
		if u.Properties == nil {
			u.Properties = &sheetsv4.SpreadsheetProperties{}
		}
		return nil, maskCopy(b.props, u.Properties, u.Fields, "SpreadsheetProperties")
	case rq.RepeatCell != nil:
		rc := rq.RepeatCell
		if err := checkMask(rc.Fields, "CellData"); err != nil {
			return nil, err
		}
		sh, r0, r1, c0, c1, err := b.gridRange(rc.Range)
		if err != nil {
			return nil, err
		}
		cd := rc.Cell
		if cd == nil {
			cd = &sheetsv4.CellData{}
		}
		for r := r0; r < r1; r++ {
			for c := c0; c < c1; c++ {
				applyCellData(sh, r, c, cd, rc.Fields)
			}
		}
		return nil, nil
	case rq.UpdateCells != nil:
		return nil, b.updateCells(rq.UpdateCells)
	case rq.SetDataValidation != nil:
		sh, r0, r1, c0, c1, err := b.gridRange(rq.SetDataValidation.Range)
		if err != nil {
			return nil, err
		}
		for r := r0; r < r1; r++ {
			for c := c0; c < c1; c++ {
				cl := sh.at(r, c)
				cl.validation = rq.SetDataValidation.Rule
				sh.set(r, c, cl)
			}
		}
		return nil, nil
	case rq.AddProtectedRange != nil:
		pr := rq.AddProtectedRange.ProtectedRange
		if pr == nil || pr.Range == nil {
			return nil, badRequest("A protected range needs a range.")
		}
		sh, _, _, _, _, err := b.gridRange(pr.Range)
		if err != nil {
			return nil, err
		}
		if pr.ProtectedRangeId == 0 {
			pr.ProtectedRangeId = b.nextID
			b.nextID++
		}
		// As Google answered gspread's recorded requests
		// (WorksheetTest test_add_protected_range_normal and _warning): the
		// reply says requestingUserCanEdit and lists the editors as sent
		// (an empty object for none), and the range read back afterwards
		// lists the caller among editors.users, warning-only or not.
		// Where the caller goes among other users sent is not recorded.
		pr.RequestingUserCanEdit = true
		reply := &sheetsv4.ProtectedRange{}
		copyJSON(pr, reply)
		if reply.Editors == nil {
			reply.Editors = &sheetsv4.Editors{}
		}
		if pr.Editors == nil {
			pr.Editors = &sheetsv4.Editors{}
		}
		if !slices.Contains(pr.Editors.Users, ServiceAccountEmail) {
			pr.Editors.Users = append(pr.Editors.Users, ServiceAccountEmail)
		}
		sh.protectedRanges = append(sh.protectedRanges, pr)
		return &sheetsv4.Response{AddProtectedRange: &sheetsv4.AddProtectedRangeResponse{ProtectedRange: reply}}, nil
	case rq.AddConditionalFormatRule != nil:
		rule := rq.AddConditionalFormatRule.Rule
		if rule == nil || len(rule.Ranges) == 0 {
			return nil, badRequest("A conditional format rule needs at least one range.")
		}
		if (rule.BooleanRule == nil) == (rule.GradientRule == nil) {
			return nil, badRequest("A conditional format rule needs exactly one of booleanRule and gradientRule.")
		}
		sh, _, _, _, _, err := b.gridRange(rule.Ranges[0])
		if err != nil {
			return nil, err
		}
		at := int(rq.AddConditionalFormatRule.Index)
		if at < 0 || at > len(sh.conditionalFormats) {
			return nil, badRequest("Index %d is out of bounds: the sheet has %d rules.", at, len(sh.conditionalFormats))
		}
		sh.conditionalFormats = append(sh.conditionalFormats[:at], append([]*sheetsv4.ConditionalFormatRule{rule}, sh.conditionalFormats[at:]...)...)
		return nil, nil
	case rq.CreateDeveloperMetadata != nil:
		return b.createMetadata(rq.CreateDeveloperMetadata.DeveloperMetadata)
	case rq.AddChart != nil:
		ch := rq.AddChart.Chart
		if ch == nil || ch.Spec == nil {
			return nil, badRequest("A chart needs a spec.")
		}
		if ch.ChartId == 0 {
			ch.ChartId = b.nextID
			b.nextID++
		}
		sh := b.sheets[0]
		if ch.Position != nil && ch.Position.OverlayPosition != nil && ch.Position.OverlayPosition.AnchorCell != nil {
			if sh = b.sheetByID(ch.Position.OverlayPosition.AnchorCell.SheetId); sh == nil {
				return nil, badRequest("No grid with id: %d", ch.Position.OverlayPosition.AnchorCell.SheetId)
			}
		} else if ch.Position != nil && ch.Position.SheetId != 0 {
			if sh = b.sheetByID(ch.Position.SheetId); sh == nil {
				return nil, badRequest("No grid with id: %d", ch.Position.SheetId)
			}
		}
		sh.charts = append(sh.charts, ch)
		return &sheetsv4.Response{AddChart: &sheetsv4.AddChartResponse{Chart: ch}}, nil
	case rq.SetBasicFilter != nil:
		f := rq.SetBasicFilter.Filter
		if f == nil || f.Range == nil {
			return nil, badRequest("A basic filter needs a range.")
		}
		sh, _, _, _, _, err := b.gridRange(f.Range)
		if err != nil {
			return nil, err
		}
		sh.basicFilter = f
		return nil, nil
	case rq.InsertDimension != nil:
		return nil, b.insertDimension(rq.InsertDimension.Range)
	case rq.DeleteDimension != nil:
		return nil, b.deleteDimension(rq.DeleteDimension.Range)
	case rq.MoveDimension != nil:
		return nil, b.moveDimension(rq.MoveDimension)
	case rq.DeleteProtectedRange != nil:
		return nil, b.deleteProtectedRange(rq.DeleteProtectedRange.ProtectedRangeId)
	case rq.DeleteConditionalFormatRule != nil:
		return b.deleteConditionalFormatRule(rq.DeleteConditionalFormatRule)
	case rq.DeleteEmbeddedObject != nil:
		return nil, b.deleteEmbeddedObject(rq.DeleteEmbeddedObject.ObjectId)
	case rq.UpdateDeveloperMetadata != nil:
		return b.updateMetadata(rq.UpdateDeveloperMetadata)
	case rq.DeleteDeveloperMetadata != nil:
		return b.deleteMetadata(rq.DeleteDeveloperMetadata)
	case rq.AppendDimension != nil:
		ad := rq.AppendDimension
		sh := b.sheetByID(ad.SheetId)
		if sh == nil {
			return nil, badRequest("No grid with id: %d", ad.SheetId)
		}
		if ad.Length <= 0 {
			return nil, badRequest("length must be greater than 0")
		}
		if ad.Dimension == "COLUMNS" {
			sh.props.GridProperties.ColumnCount += ad.Length
		} else if ad.Dimension == "ROWS" {
			sh.props.GridProperties.RowCount += ad.Length
		} else {
			return nil, badRequest("dimension must be ROWS or COLUMNS")
		}
		return nil, nil
	}
	raw, _ := json.Marshal(rq)
	return nil, badRequest("the fake Sheets server does not implement this request: %s", raw)
}

func (b *spreadsheet) addSheet(a *sheetsv4.AddSheetRequest) (*sheetsv4.Response, error) {
	props := &sheetsv4.SheetProperties{}
	if a.Properties != nil {
		copyJSON(a.Properties, props)
	}
	if props.Title == "" {
		for n := len(b.sheets) + 1; ; n++ {
			if t := fmt.Sprintf("Sheet%d", n); b.sheetByTitle(t) == nil {
				props.Title = t
				break
			}
		}
	}
	for _, sh := range b.sheets {
		if strings.EqualFold(sh.props.Title, props.Title) {
			return nil, badRequest("A sheet with the name %q already exists. Please enter another name.", props.Title)
		}
	}
	if props.SheetId == 0 {
		props.SheetId = b.newSheetID()
	} else if b.sheetByID(props.SheetId) != nil {
		return nil, badRequest("Sheet with id %d already exists.", props.SheetId)
	}
	fillSheetDefaults(props)
	at := len(b.sheets)
	if a.Properties != nil && (a.Properties.Index > 0 || slices.Contains(a.Properties.ForceSendFields, "Index")) &&
		int(a.Properties.Index) < at {
		at = int(a.Properties.Index)
	}
	sh := &sheet{props: props}
	b.sheets = append(b.sheets[:at], append([]*sheet{sh}, b.sheets[at:]...)...)
	b.reindex()
	return &sheetsv4.Response{AddSheet: &sheetsv4.AddSheetResponse{Properties: sheetPropsOut(props)}}, nil
}

func (b *spreadsheet) updateSheetProperties(u *sheetsv4.UpdateSheetPropertiesRequest) error {
	if u.Properties == nil {
		return badRequest("properties is required")
	}
	sh := b.sheetByID(u.Properties.SheetId)
	if sh == nil {
		return badRequest("No grid with id: %d", u.Properties.SheetId)
	}
	if maskNames(u.Fields, "title") {
		for _, o := range b.sheets {
			if o != sh && strings.EqualFold(o.props.Title, u.Properties.Title) {
				return badRequest("A sheet with the name %q already exists. Please enter another name.", u.Properties.Title)
			}
		}
		if u.Properties.Title == "" {
			return badRequest("The sheet name cannot be empty.")
		}
	}
	oldIndex := sh.props.Index
	if err := maskCopy(sh.props, u.Properties, u.Fields, "SheetProperties"); err != nil {
		return err
	}
	sh.props.SheetId = u.Properties.SheetId
	fillSheetDefaults(sh.props)
	if sh.props.Hidden && !slices.ContainsFunc(b.sheets, func(o *sheet) bool { return !o.props.Hidden }) {
		// Google's answer to gspread's recorded test
		// (WorksheetTest test_hide_show_worksheet).
		return badRequest("You can't hide all the sheets in a document.")
	}
	gp := sh.props.GridProperties
	if gp.FrozenRowCount >= gp.RowCount {
		return badRequest("You can't freeze all visible rows on the sheet.")
	}
	if gp.FrozenColumnCount >= gp.ColumnCount {
		return badRequest("You can't freeze all visible columns on the sheet.")
	}
	if gp.RowCount < int64(len(sh.rows)) {
		sh.rows = sh.rows[:gp.RowCount]
	}
	if sh.props.Index != oldIndex { // move the sheet
		at := int(min(max(sh.props.Index, 0), int64(len(b.sheets)-1)))
		for i, o := range b.sheets {
			if o == sh {
				b.sheets = append(b.sheets[:i], b.sheets[i+1:]...)
				break
			}
		}
		b.sheets = append(b.sheets[:at], append([]*sheet{sh}, b.sheets[at:]...)...)
	}
	b.reindex()
	return nil
}

func (b *spreadsheet) updateCells(u *sheetsv4.UpdateCellsRequest) error {
	if err := checkMask(u.Fields, "CellData"); err != nil {
		return err
	}
	var sh *sheet
	var r0, c0, r1, c1 int
	switch {
	case u.Start != nil:
		sh = b.sheetByID(u.Start.SheetId)
		if sh == nil {
			return badRequest("No grid with id: %d", u.Start.SheetId)
		}
		r0, c0 = int(u.Start.RowIndex), int(u.Start.ColumnIndex)
		r1, c1 = sh.rowCount(), sh.colCount()
	case u.Range != nil:
		var err error
		sh, r0, r1, c0, c1, err = b.gridRange(u.Range)
		if err != nil {
			return err
		}
		if u.Fields != "" { // a range with fewer rows given clears the rest
			empty := &sheetsv4.CellData{}
			for r := r0; r < r1; r++ {
				for c := c0; c < c1; c++ {
					applyCellData(sh, r, c, empty, u.Fields)
				}
			}
		}
	default:
		return badRequest("Either start or range must be set.")
	}
	for i, rd := range u.Rows {
		for j, cd := range rd.Values {
			r, c := r0+i, c0+j
			if r >= r1 || c >= c1 {
				return badRequest("Range (%s) exceeds grid limits. Max rows: %d, max columns: %d",
					formatA1(sh.props.Title, r, c, r+1, c+1), sh.rowCount(), sh.colCount())
			}
			applyCellData(sh, r, c, cd, u.Fields)
		}
	}
	return nil
}

func (b *spreadsheet) createMetadata(md *sheetsv4.DeveloperMetadata) (*sheetsv4.Response, error) {
	if md == nil || md.Location == nil {
		return nil, badRequest("Developer metadata must have a location.")
	}
	if md.Visibility == "" || md.Visibility == "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED" {
		return nil, badRequest("Developer metadata must have a visibility.")
	}
	if md.MetadataKey == "" {
		return nil, badRequest("Developer metadata must have a key.")
	}
	if err := b.placeMetadata(md); err != nil {
		return nil, err
	}
	if md.MetadataId == 0 {
		md.MetadataId = b.nextID
		b.nextID++
	}
	for _, o := range b.metadata {
		if o.MetadataId == md.MetadataId {
			return nil, badRequest("Developer metadata with ID %d already exists.", md.MetadataId)
		}
	}
	b.metadata = append(b.metadata, md)
	return &sheetsv4.Response{CreateDeveloperMetadata: &sheetsv4.CreateDeveloperMetadataResponse{DeveloperMetadata: md}}, nil
}

func (b *spreadsheet) insertDimension(dr *sheetsv4.DimensionRange) error {
	sh, start, end, err := b.dimensionRange(dr)
	if err != nil {
		return err
	}
	rows := dr.Dimension == "ROWS"
	if count := dimCount(sh, rows); start > count {
		return badRequest("Index %d is out of bounds for a sheet with %d %s.", start, count, strings.ToLower(dr.Dimension))
	}
	b.shiftDimension(sh, dimChange{sheetID: sh.props.SheetId, rows: rows, kind: dimInsert, start: start, end: end})
	growDim(sh, rows, end-start)
	return nil
}

func (b *spreadsheet) deleteDimension(dr *sheetsv4.DimensionRange) error {
	sh, start, end, err := b.dimensionRange(dr)
	if err != nil {
		return err
	}
	rows := dr.Dimension == "ROWS"
	count := dimCount(sh, rows)
	end = min(end, count)
	if start >= count {
		return badRequest("Index %d is out of bounds for a sheet with %d %s.", start, count, strings.ToLower(dr.Dimension))
	}
	if start == 0 && end >= count {
		return badRequest("You can't delete all the %s on the sheet.", strings.ToLower(dr.Dimension))
	}
	b.shiftDimension(sh, dimChange{sheetID: sh.props.SheetId, rows: rows, kind: dimDelete, start: start, end: end})
	growDim(sh, rows, start-end)
	return nil
}

// moveDimension moves rows or columns as dragging them in Sheets does.
// destinationIndex counts before the source is taken out.
func (b *spreadsheet) moveDimension(m *sheetsv4.MoveDimensionRequest) error {
	sh, start, end, err := b.dimensionRange(m.Source)
	if err != nil {
		return err
	}
	rows := m.Source.Dimension == "ROWS"
	count := dimCount(sh, rows)
	if end > count {
		return badRequest("Index %d is out of bounds for a sheet with %d %s.", end-1, count, strings.ToLower(m.Source.Dimension))
	}
	if m.DestinationIndex < 0 || int(m.DestinationIndex) > count {
		return badRequest("destinationIndex %d is out of bounds for a sheet with %d %s.", m.DestinationIndex, count, strings.ToLower(m.Source.Dimension))
	}
	b.shiftDimension(sh, dimChange{sheetID: sh.props.SheetId, rows: rows, kind: dimMove, start: start, end: end, dest: int(m.DestinationIndex)})
	return nil
}

func dimCount(sh *sheet, rows bool) int {
	if rows {
		return sh.rowCount()
	}
	return sh.colCount()
}

func growDim(sh *sheet, rows bool, by int) {
	if rows {
		sh.props.GridProperties.RowCount += int64(by)
	} else {
		sh.props.GridProperties.ColumnCount += int64(by)
	}
}

func (b *spreadsheet) dimensionRange(dr *sheetsv4.DimensionRange) (*sheet, int, int, error) {
	if dr == nil {
		return nil, 0, 0, badRequest("range is required")
	}
	sh := b.sheetByID(dr.SheetId)
	if sh == nil {
		return nil, 0, 0, badRequest("No grid with id: %d", dr.SheetId)
	}
	if dr.Dimension != "ROWS" && dr.Dimension != "COLUMNS" {
		return nil, 0, 0, badRequest("dimension must be ROWS or COLUMNS")
	}
	if dr.StartIndex < 0 || dr.EndIndex <= dr.StartIndex {
		return nil, 0, 0, badRequest("The end index (%d) must be greater than the start index (%d).", dr.EndIndex, dr.StartIndex)
	}
	return sh, int(dr.StartIndex), int(dr.EndIndex), nil
}

// gridRange binds a GridRange; missing ends run to the grid's edge.
func (b *spreadsheet) gridRange(gr *sheetsv4.GridRange) (sh *sheet, r0, r1, c0, c1 int, err error) {
	if gr == nil {
		return nil, 0, 0, 0, 0, badRequest("range is required")
	}
	sh = b.sheetByID(gr.SheetId)
	if sh == nil {
		return nil, 0, 0, 0, 0, badRequest("No grid with id: %d", gr.SheetId)
	}
	r0, c0, r1, c1 = int(gr.StartRowIndex), int(gr.StartColumnIndex), int(gr.EndRowIndex), int(gr.EndColumnIndex)
	if r1 == 0 {
		r1 = sh.rowCount()
	}
	if c1 == 0 {
		c1 = sh.colCount()
	}
	if r0 < 0 || c0 < 0 || r1 < r0 || c1 < c0 || r1 > sh.rowCount() || c1 > sh.colCount() {
		return nil, 0, 0, 0, 0, badRequest("Range ('%s'!%s) exceeds grid limits. Max rows: %d, max columns: %d",
			strings.ReplaceAll(sh.props.Title, "'", "''"), strings.SplitN(formatA1("x", r0, c0, max(r1, r0+1), max(c1, c0+1)), "!", 2)[1],
			sh.rowCount(), sh.colCount())
	}
	return sh, r0, r1, c0, c1, nil
}

// applyCellData writes the fields of cd named by the mask into a cell.
func applyCellData(sh *sheet, r, c int, cd *sheetsv4.CellData, fields string) {
	nc := sh.at(r, c)
	paths, _ := maskPaths(fields) // checked by the caller
	for _, path := range paths {
		top, rest := path[0], strings.Join(path[1:], ".")
		all := top == "*"
		if all || top == "userEnteredValue" {
			v := fromExtended(cd.UserEnteredValue)
			nc.kind, nc.str, nc.num, nc.b = v.kind, v.str, v.num, v.b
		}
		if all || top == "userEnteredFormat" {
			if rest == "" || cd.UserEnteredFormat == nil && nc.format == nil {
				nc.format = cd.UserEnteredFormat
			} else {
				f := &sheetsv4.CellFormat{}
				if nc.format != nil {
					copyJSON(nc.format, f)
				}
				src := cd.UserEnteredFormat
				if src == nil {
					src = &sheetsv4.CellFormat{}
				}
				_ = maskCopy(f, src, rest, "")
				nc.format = f
			}
		}
		if all || top == "dataValidation" {
			nc.validation = cd.DataValidation
		}
		if all || top == "note" {
			nc.note = cd.Note
		}
	}
	sh.set(r, c, nc)
}

func fromExtended(v *sheetsv4.ExtendedValue) cell {
	switch {
	case v == nil:
		return cell{}
	case v.FormulaValue != nil:
		return cell{kind: cFormula, str: *v.FormulaValue}
	case v.StringValue != nil:
		return cell{kind: cString, str: *v.StringValue}
	case v.NumberValue != nil:
		return cell{kind: cNumber, num: *v.NumberValue}
	case v.BoolValue != nil:
		return cell{kind: cBool, b: *v.BoolValue}
	}
	return cell{}
}

// maskPaths reads the field mask of an update request (a FieldMask in its
// JSON form) into paths of field names. Google accepts the partial-response
// grammar there too: "a.b" and "a/b" for a field inside another, "a(b,c)"
// for several, "*" for all. gspread's recorded traffic sends
// "gridProperties/rowCount,gridProperties/columnCount" in
// updateSheetProperties and "userEnteredFormat(backgroundColor,...)" in
// repeatCell, and Google answers 200 to both.
func maskPaths(fields string) ([][]string, error) {
	if v, ok := maskCache.Load(fields); ok { // read-only once stored
		return v.([][]string), nil
	}
	m, err := parseFieldMask(fields)
	if err != nil {
		return nil, badRequest("Invalid field mask: %s", fields)
	}
	var out [][]string
	var walk func(m fieldMask, prefix []string)
	walk = func(m fieldMask, prefix []string) {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			p := append(append([]string(nil), prefix...), n)
			if m[n] == nil || n == "*" {
				out = append(out, p)
				continue
			}
			walk(m[n], p)
		}
	}
	walk(m, nil)
	maskCache.Store(fields, out)
	return out, nil
}

// maskCache keeps parsed masks: repeatCell applies its mask to every cell
// of its range.
var maskCache sync.Map

// checkMask checks a request's field mask against a schema of the Sheets
// discovery document: every path must name fields that exist ("*" stands
// for all of a level).
func checkMask(fields, schema string) error {
	if strings.TrimSpace(fields) == "" {
		return badRequest("At least one field must be specified in 'fields'.")
	}
	paths, err := maskPaths(fields)
	if err != nil || schema == "" {
		return err
	}
	d, err := discovery("sheets")
	if err != nil {
		return err
	}
	v := &validator{doc: d}
	for _, path := range paths {
		s := d.Schemas[schema]
		for _, seg := range path {
			if seg == "*" {
				break
			}
			s = v.resolve(s)
			if s == nil || s.Properties == nil {
				return badRequest("Invalid field mask: %s", strings.Join(path, "."))
			}
			next, ok := s.Properties[seg]
			if !ok {
				return badRequest("Invalid field mask: %s", strings.Join(path, "."))
			}
			s = next
		}
	}
	return nil
}

// maskNames tells whether a field mask names the top-level field name
// (itself, a part of it, or "*").
func maskNames(fields, name string) bool {
	paths, _ := maskPaths(fields)
	for _, p := range paths {
		if p[0] == name || p[0] == "*" {
			return true
		}
	}
	return false
}

// maskCopy copies the fields named by mask from src to dst (both sheets/v4
// values of one type): a named field absent in src is reset, as Google's
// update requests do. "*" copies everything (at its level).
func maskCopy(dst, src any, mask, schema string) error {
	if err := checkMask(mask, schema); err != nil {
		return err
	}
	paths, err := maskPaths(mask)
	if err != nil {
		return err
	}
	var dm, sm map[string]any
	copyJSON(dst, &dm)
	copyJSON(src, &sm)
	if dm == nil {
		dm = map[string]any{}
	}
	for _, path := range paths {
		copyPath(dm, sm, path)
	}
	raw, err := json.Marshal(dm)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(dst).Elem()
	v.Set(reflect.Zero(v.Type())) // fields left out of dm are reset
	return json.Unmarshal(raw, dst)
}

func copyPath(dst, src map[string]any, segs []string) {
	k := segs[0]
	if k == "*" { // every field of this level
		for n := range dst {
			delete(dst, n)
		}
		for n, v := range src {
			dst[n] = v
		}
		return
	}
	var sv any
	if src != nil {
		sv = src[k]
	}
	if len(segs) == 1 {
		if sv == nil {
			delete(dst, k)
		} else {
			dst[k] = sv
		}
		return
	}
	sub, _ := dst[k].(map[string]any)
	if sub == nil {
		sub = map[string]any{}
		dst[k] = sub
	}
	ssub, _ := sv.(map[string]any)
	copyPath(sub, ssub, segs[1:])
}

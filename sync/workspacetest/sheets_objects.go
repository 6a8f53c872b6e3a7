package workspacetest

import (
	"strings"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

// deleteProtectedRange removes the protected range with the given ID,
// wherever it is.
func (b *spreadsheet) deleteProtectedRange(id int64) error {
	for _, sh := range b.sheets {
		for i, pr := range sh.protectedRanges {
			if pr.ProtectedRangeId == id {
				sh.protectedRanges = append(sh.protectedRanges[:i:i], sh.protectedRanges[i+1:]...)
				return nil
			}
		}
	}
	return badRequest("No protected range with id: %d", id)
}

// deleteConditionalFormatRule removes a sheet's rule at an index; the
// rules after it move up one. The reply holds the rule removed.
func (b *spreadsheet) deleteConditionalFormatRule(d *sheetsv4.DeleteConditionalFormatRuleRequest) (*sheetsv4.Response, error) {
	sh := b.sheetByID(d.SheetId)
	if sh == nil {
		return nil, badRequest("No grid with id: %d", d.SheetId)
	}
	i := int(d.Index)
	if i < 0 || i >= len(sh.conditionalFormats) {
		return nil, badRequest("No conditional format on sheet: %d at index: %d", d.SheetId, d.Index)
	}
	rule := sh.conditionalFormats[i]
	sh.conditionalFormats = append(sh.conditionalFormats[:i:i], sh.conditionalFormats[i+1:]...)
	return &sheetsv4.Response{DeleteConditionalFormatRule: &sheetsv4.DeleteConditionalFormatRuleResponse{Rule: rule}}, nil
}

// deleteEmbeddedObject removes the chart with the given ID.
func (b *spreadsheet) deleteEmbeddedObject(id int64) error {
	for _, sh := range b.sheets {
		for i, ch := range sh.charts {
			if ch.ChartId == id {
				sh.charts = append(sh.charts[:i:i], sh.charts[i+1:]...)
				return nil
			}
		}
	}
	return badRequest("No embedded object with id: %d", id)
}

// updateMetadata sets the fields named by the mask on every developer
// metadata any of the filters selects; the reply lists them as updated.
func (b *spreadsheet) updateMetadata(u *sheetsv4.UpdateDeveloperMetadataRequest) (*sheetsv4.Response, error) {
	if len(u.DataFilters) == 0 {
		return nil, badRequest("At least one data filter must be specified.")
	}
	if err := checkMask(u.Fields, "DeveloperMetadata"); err != nil {
		return nil, err
	}
	src := u.DeveloperMetadata
	if src == nil {
		src = &sheetsv4.DeveloperMetadata{}
	}
	matched, err := b.matchMetadata(u.DataFilters)
	if err != nil {
		return nil, err
	}
	out := &sheetsv4.UpdateDeveloperMetadataResponse{}
	for _, md := range matched {
		updated := &sheetsv4.DeveloperMetadata{}
		copyJSON(md, updated)
		if err := maskCopy(updated, src, u.Fields, "DeveloperMetadata"); err != nil {
			return nil, err
		}
		if updated.MetadataId != 0 && updated.MetadataId != md.MetadataId {
			return nil, badRequest("Cannot change the ID of developer metadata %d.", md.MetadataId)
		}
		updated.MetadataId = md.MetadataId
		if updated.MetadataKey == "" {
			return nil, badRequest("Developer metadata must have a key.")
		}
		if updated.Visibility == "" || updated.Visibility == "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED" {
			return nil, badRequest("Developer metadata must have a visibility.")
		}
		if err := b.placeMetadata(updated); err != nil {
			return nil, err
		}
		*md = *updated
		reply := &sheetsv4.DeveloperMetadata{}
		copyJSON(md, reply)
		out.DeveloperMetadata = append(out.DeveloperMetadata, reply)
	}
	return &sheetsv4.Response{UpdateDeveloperMetadata: out}, nil
}

// deleteMetadata removes every developer metadata the filter selects; the
// reply lists what was deleted.
func (b *spreadsheet) deleteMetadata(d *sheetsv4.DeleteDeveloperMetadataRequest) (*sheetsv4.Response, error) {
	if d.DataFilter == nil {
		return nil, badRequest("A data filter must be specified.")
	}
	matched, err := b.matchMetadata([]*sheetsv4.DataFilter{d.DataFilter})
	if err != nil {
		return nil, err
	}
	gone := map[*sheetsv4.DeveloperMetadata]bool{}
	out := &sheetsv4.DeleteDeveloperMetadataResponse{}
	for _, md := range matched {
		gone[md] = true
		out.DeletedDeveloperMetadata = append(out.DeletedDeveloperMetadata, md)
	}
	kept := b.metadata[:0:0]
	for _, md := range b.metadata {
		if !gone[md] {
			kept = append(kept, md)
		}
	}
	b.metadata = kept
	return &sheetsv4.Response{DeleteDeveloperMetadata: out}, nil
}

// matchMetadata returns the developer metadata any of the filters selects,
// each once, in the spreadsheet's order. A lookup naming a metadataId that
// does not exist is an error.
func (b *spreadsheet) matchMetadata(filters []*sheetsv4.DataFilter) ([]*sheetsv4.DeveloperMetadata, error) {
	for _, f := range filters {
		if err := b.checkFilter(f); err != nil {
			return nil, err
		}
	}
	var out []*sheetsv4.DeveloperMetadata
	for _, md := range b.metadata {
		for _, f := range filters {
			ok, err := b.filterMatches(md, f)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, md)
				break
			}
		}
	}
	return out, nil
}

// checkFilter rejects a data filter that sets other than one criterion, and
// a lookup by a metadata ID the spreadsheet does not have.
func (b *spreadsheet) checkFilter(f *sheetsv4.DataFilter) error {
	if f == nil {
		return badRequest("A data filter must be specified.")
	}
	n := 0
	for _, set := range []bool{f.DeveloperMetadataLookup != nil, f.A1Range != "", f.GridRange != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return badRequest("A data filter must set exactly one of developerMetadataLookup, a1Range or gridRange.")
	}
	if l := f.DeveloperMetadataLookup; l != nil && l.MetadataId != 0 {
		for _, md := range b.metadata {
			if md.MetadataId == l.MetadataId {
				return nil
			}
		}
		return badRequest("No developer metadata with ID: %d", l.MetadataId)
	}
	return nil
}

// filterMatches reports whether one data filter selects md: a lookup by
// its fields, or a range that intersects the rows or columns md is on (or
// lies on md's sheet, for sheet metadata).
func (b *spreadsheet) filterMatches(md *sheetsv4.DeveloperMetadata, f *sheetsv4.DataFilter) (bool, error) {
	if f.DeveloperMetadataLookup != nil {
		return metadataMatches(md, f.DeveloperMetadataLookup), nil
	}
	var sh *sheet
	var r0, r1, c0, c1 int
	if f.GridRange != nil {
		var err error
		if sh, r0, r1, c0, c1, err = b.gridRange(f.GridRange); err != nil {
			return false, err
		}
	} else {
		rr, err := b.resolve(f.A1Range)
		if err != nil {
			return false, err
		}
		sh, r0, r1, c0, c1 = rr.sh, rr.startRow, rr.endRow, rr.startCol, rr.endCol
	}
	loc := md.Location
	if loc == nil || loc.Spreadsheet || loc.SheetId != sh.props.SheetId {
		return false, nil
	}
	dr := loc.DimensionRange
	if dr == nil {
		return true, nil
	}
	lo, hi := c0, c1
	if dr.Dimension == "ROWS" {
		lo, hi = r0, r1
	}
	end := int(dr.EndIndex)
	if end == 0 {
		end = dimCount(sh, dr.Dimension == "ROWS")
	}
	return int(dr.StartIndex) < hi && lo < end, nil
}

// placeMetadata checks a metadata's location and fills its locationType
// and sheetId as Sheets reports them.
func (b *spreadsheet) placeMetadata(md *sheetsv4.DeveloperMetadata) error {
	loc := md.Location
	if loc == nil {
		return badRequest("Developer metadata must have a location.")
	}
	switch {
	case loc.Spreadsheet:
		loc.LocationType, loc.SheetId, loc.DimensionRange = "SPREADSHEET", 0, nil
	case loc.DimensionRange != nil:
		dr := loc.DimensionRange
		sh := b.sheetByID(dr.SheetId)
		if sh == nil {
			return badRequest("No grid with id: %d", dr.SheetId)
		}
		if dr.Dimension != "ROWS" && dr.Dimension != "COLUMNS" {
			return badRequest("dimension must be ROWS or COLUMNS")
		}
		if dr.StartIndex < 0 || (dr.EndIndex != 0 && dr.EndIndex <= dr.StartIndex) || int(dr.EndIndex) > dimCount(sh, dr.Dimension == "ROWS") {
			return badRequest("Invalid dimension range for developer metadata: %d to %d.", dr.StartIndex, dr.EndIndex)
		}
		loc.LocationType = strings.TrimSuffix(dr.Dimension, "S")
		loc.SheetId = dr.SheetId
	default:
		if b.sheetByID(loc.SheetId) == nil {
			return badRequest("No grid with id: %d", loc.SheetId)
		}
		loc.LocationType = "SHEET"
	}
	return nil
}

package workspacetest

import (
	"encoding/json"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

// dimChange is one insertDimension, deleteDimension or moveDimension: how
// it renumbers the rows or columns of one sheet. Everything anchored to
// that dimension (cells, protected ranges, conditional formats, the basic
// filter, chart sources and anchors, developer metadata) moves with it.
type dimChange struct {
	sheetID    int64
	rows       bool // ROWS, else COLUMNS
	kind       dimKind
	start, end int // the span inserted, deleted or moved
	dest       int // moveDimension's destinationIndex (before removal)
}

type dimKind int

const (
	dimInsert dimKind = iota
	dimDelete
	dimMove
)

// unbounded marks a span's end left open (GridRange and DimensionRange
// leave endIndex unset for "to the edge of the grid").
const unbounded = -1

func (d dimChange) n() int { return d.end - d.start }

// moveTarget is where a moved block starts once the source is taken out.
func (d dimChange) moveTarget() int {
	if d.dest < d.start {
		return d.dest
	}
	return d.dest - d.n()
}

// noop reports a move that leaves everything where it is.
func (d dimChange) noop() bool {
	return d.kind == dimMove && d.dest >= d.start && d.dest <= d.end
}

// index maps one row or column index; ok is false when it was deleted.
func (d dimChange) index(i int) (int, bool) {
	switch d.kind {
	case dimInsert:
		if i >= d.start {
			return i + d.n(), true
		}
		return i, true
	case dimDelete:
		switch {
		case i < d.start:
			return i, true
		case i < d.end:
			return 0, false
		}
		return i - d.n(), true
	}
	if d.noop() {
		return i, true
	}
	t := d.moveTarget()
	if i >= d.start && i < d.end {
		return t + i - d.start, true
	}
	r := i
	if i >= d.end {
		r = i - d.n()
	}
	if r >= t {
		r += d.n()
	}
	return r, true
}

// span maps a span [a, b) (b may be unbounded) as Sheets moves a range:
// inserting inside a range widens it, inserting at its start pushes it
// along, deleting takes the deleted part out, and a range left empty is
// gone (ok false). A whole row or column (0 to unbounded) never changes.
// A moved block carries the ranges inside it; a range that only partly
// overlaps a moved block keeps its other cells, as if the block were
// deleted and inserted at the destination.
func (d dimChange) span(a, b int) (int, int, bool) {
	if a == 0 && b == unbounded {
		return a, b, true
	}
	switch d.kind {
	case dimInsert:
		if a >= d.start {
			a += d.n()
		}
		if b != unbounded && b > d.start {
			b += d.n()
		}
		return a, b, true
	case dimDelete:
		switch {
		case a >= d.end:
			a -= d.n()
		case a >= d.start:
			a = d.start
		}
		if b != unbounded {
			switch {
			case b > d.end:
				b -= d.n()
			case b > d.start:
				b = d.start
			}
			if a >= b {
				return 0, 0, false
			}
		}
		return a, b, true
	}
	if d.noop() {
		return a, b, true
	}
	if b != unbounded && a >= d.start && b <= d.end { // inside the moved block
		t := d.moveTarget()
		return t + a - d.start, t + b - d.start, true
	}
	a, b, ok := dimChange{kind: dimDelete, start: d.start, end: d.end}.span(a, b)
	if !ok {
		return 0, 0, false
	}
	t := d.moveTarget()
	return dimChange{kind: dimInsert, start: t, end: t + d.n()}.span(a, b)
}

// gridRange moves a GridRange in place; false when nothing of it is left.
// Ranges on other sheets are left alone.
func (d dimChange) gridRange(gr *sheetsv4.GridRange) bool {
	if gr == nil || gr.SheetId != d.sheetID {
		return true
	}
	start, end := &gr.StartColumnIndex, &gr.EndColumnIndex
	if d.rows {
		start, end = &gr.StartRowIndex, &gr.EndRowIndex
	}
	b := int(*end)
	if b == 0 {
		b = unbounded
	}
	na, nb, ok := d.span(int(*start), b)
	if !ok {
		return false
	}
	*start = int64(na)
	if nb == unbounded {
		*end = 0
	} else {
		*end = int64(nb)
	}
	return true
}

// coordinate moves a GridCoordinate (a chart's anchor cell); a deleted
// row or column leaves it at the first row or column after the deletion.
func (d dimChange) coordinate(gc *sheetsv4.GridCoordinate) {
	if gc == nil || gc.SheetId != d.sheetID {
		return
	}
	i := &gc.ColumnIndex
	if d.rows {
		i = &gc.RowIndex
	}
	if n, ok := d.index(int(*i)); ok {
		*i = int64(n)
	} else {
		*i = int64(d.start)
	}
}

// dimensionRange moves a DimensionRange of the same sheet and dimension.
func (d dimChange) dimensionRange(dr *sheetsv4.DimensionRange) bool {
	if dr == nil || dr.SheetId != d.sheetID || (dr.Dimension == "ROWS") != d.rows {
		return true
	}
	b := int(dr.EndIndex)
	if b == 0 {
		b = unbounded
	}
	na, nb, ok := d.span(int(dr.StartIndex), b)
	if !ok {
		return false
	}
	dr.StartIndex = int64(na)
	if nb == unbounded {
		dr.EndIndex = 0
	} else {
		dr.EndIndex = int64(nb)
	}
	return true
}

// shiftDimension renumbers the rows or columns of sh as d says: its cells
// (values, formats, validation, notes), then everything in the spreadsheet
// anchored to them. The grid's size is the caller's business.
func (b *spreadsheet) shiftDimension(sh *sheet, d dimChange) {
	if d.noop() {
		return
	}
	if d.rows {
		sh.rows = moveCells(sh.rows, d)
	} else {
		for i, row := range sh.rows {
			sh.rows[i] = moveCells(row, d)
		}
	}

	kept := sh.protectedRanges[:0]
	for _, pr := range sh.protectedRanges {
		if !d.gridRange(pr.Range) {
			continue // its cells are gone, and so is the protection
		}
		var un []*sheetsv4.GridRange
		for _, u := range pr.UnprotectedRanges {
			if d.gridRange(u) {
				un = append(un, u)
			}
		}
		pr.UnprotectedRanges = un
		kept = append(kept, pr)
	}
	sh.protectedRanges = kept

	rules := sh.conditionalFormats[:0]
	for _, r := range sh.conditionalFormats {
		var ranges []*sheetsv4.GridRange
		for _, gr := range r.Ranges {
			if d.gridRange(gr) {
				ranges = append(ranges, gr)
			}
		}
		if len(ranges) == 0 {
			continue // a rule with no cells left is removed
		}
		r.Ranges = ranges
		rules = append(rules, r)
	}
	sh.conditionalFormats = rules

	if sh.basicFilter != nil && !d.gridRange(sh.basicFilter.Range) {
		sh.basicFilter = nil
	}

	for _, o := range b.sheets { // charts anywhere may read this sheet
		for i, ch := range o.charts {
			o.charts[i] = shiftChart(ch, d)
		}
	}

	md := b.metadata[:0]
	for _, m := range b.metadata {
		if m.Location != nil && !d.dimensionRange(m.Location.DimensionRange) {
			continue // metadata goes with the rows or columns it was on
		}
		md = append(md, m)
	}
	b.metadata = md
}

// moveCells renumbers one ragged slice of cells (rows of a sheet, or cells
// of a row) by d.
func moveCells[T any](s []T, d dimChange) []T {
	switch d.kind {
	case dimInsert:
		if d.start >= len(s) {
			return s
		}
		return append(s[:d.start:d.start], append(make([]T, d.n()), s[d.start:]...)...)
	case dimDelete:
		if d.start >= len(s) {
			return s
		}
		return append(s[:d.start:d.start], s[min(d.end, len(s)):]...)
	}
	if d.start >= len(s) && d.dest >= len(s) {
		return s // only blank cells move
	}
	size := max(len(s), d.end, d.dest)
	full := make([]T, size)
	copy(full, s)
	out := make([]T, size)
	for i, v := range full {
		j, _ := d.index(i)
		out[j] = v
	}
	return out
}

// shiftChart moves the grid ranges a chart reads and its anchor cell. It
// walks the chart's JSON, so every chart type's sources are covered:
// every "sources" list holds GridRanges and "anchorCell" is a
// GridCoordinate. A source left with no cells is dropped from its list.
func shiftChart(ch *sheetsv4.EmbeddedChart, d dimChange) *sheetsv4.EmbeddedChart {
	var tree any
	copyJSON(ch, &tree)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, sub := range x {
				switch k {
				case "sources":
					list, _ := sub.([]any)
					kept := list[:0]
					for _, item := range list {
						var gr sheetsv4.GridRange
						copyJSON(item, &gr)
						if !d.gridRange(&gr) {
							continue
						}
						var back any
						copyJSON(&gr, &back)
						kept = append(kept, back)
					}
					x[k] = kept
				case "anchorCell":
					var gc sheetsv4.GridCoordinate
					copyJSON(sub, &gc)
					d.coordinate(&gc)
					var back any
					copyJSON(&gc, &back)
					x[k] = back
				default:
					walk(sub)
				}
			}
		case []any:
			for _, item := range x {
				walk(item)
			}
		}
	}
	walk(tree)
	raw, err := json.Marshal(tree)
	if err != nil {
		panic(err)
	}
	out := &sheetsv4.EmbeddedChart{}
	if err := json.Unmarshal(raw, out); err != nil {
		panic(err)
	}
	return out
}

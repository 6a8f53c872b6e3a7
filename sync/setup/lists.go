package setup

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// Where setup laid its lists, and taking them off columns that no longer
// should have them.
//
// Sheets moves a column's data validation with the column when people drag
// it, but not when they retype or paste a header row in a new order: then
// setup's list stays on the column that used to have that header. Setup
// replaces its protected ranges, colors and chart by their IDs, but a list
// has no ID, so setup remembers where it laid each list, in its developer
// metadata value after the layout hash. When it lays the lists again, every
// column it listed before and does not list now is a column to check: if
// its row 2 still holds the very rule setup laid there, setup clears that
// column's validation; if it holds anything else (after a drag, another
// column with people's own list, or nothing), setup leaves it alone.

// meetingsKey names the P/N/A list of the Attendance meeting columns in a
// laid record; the other lists are named by their column (dropdown.column).
const meetingsKey = "meetings"

// laid is one list setup laid: the columns [start, end) of a tab from row
// 2 down (end 0: to the edge of the grid), and which list (its key).
type laid struct {
	key        string
	start, end int
}

// metaValue is the value of setup's developer metadata on a tab: the
// layout hash, then each list laid, as "hash;Type=2-3;meetings=4-".
func metaValue(hash string, lists []laid) string {
	var b strings.Builder
	b.WriteString(hash)
	for _, l := range lists {
		fmt.Fprintf(&b, ";%s=%d-", l.key, l.start)
		if l.end > 0 {
			b.WriteString(strconv.Itoa(l.end))
		}
	}
	return b.String()
}

// parseMetaValue splits a metadata value written by metaValue. A value with
// the hash alone (written before setup recorded its lists) has no lists;
// an entry that does not read is skipped, so its columns are never cleared.
func parseMetaValue(v string) (hash string, lists []laid) {
	hash, rest, _ := strings.Cut(v, ";")
	if rest == "" {
		return hash, nil
	}
	for _, e := range strings.Split(rest, ";") {
		key, span, ok := strings.Cut(e, "=")
		if !ok || key == "" {
			continue
		}
		from, to, ok := strings.Cut(span, "-")
		if !ok {
			continue
		}
		start, err := strconv.Atoi(from)
		if err != nil || start < 0 {
			continue
		}
		end := 0
		if to != "" {
			if end, err = strconv.Atoi(to); err != nil || end <= start {
				continue
			}
		}
		lists = append(lists, laid{key: key, start: start, end: end})
	}
	return hash, lists
}

// ourList returns the rule of the list named key, with its help text in
// lang; nil for an unknown key.
func ourList(key string, lang domain.Lang) *sheetsapi.DataValidationRule {
	if key == meetingsKey {
		help := say(lang, msgHelpAttendance, domain.Present.Label(lang), domain.Notified.Label(lang), domain.Absent.Label(lang))
		return listRule(codes, false, help) // codec also reads "Present", "Absent"...: warn, never refuse
	}
	for _, d := range dropdowns {
		if d.column != key {
			continue
		}
		help := say(lang, msgHelpList, list(d.values))
		if !d.strict {
			help = say(lang, msgHelpWorkingGroup, list(d.values))
		}
		return listRule(d.values, d.strict, help)
	}
	return nil
}

// isOurList reports whether r is the list named key exactly as setup lays
// it, in any language: the same values in the same order, the same
// strictness and setup's help text. A list people made, or changed, is
// never taken for setup's.
func isOurList(key string, r *sheetsapi.DataValidationRule) bool {
	if r == nil || r.Condition == nil {
		return false
	}
	for lang := range texts[msgHelpList] {
		want := ourList(key, lang)
		if want == nil {
			return false
		}
		if r.Condition.Type == want.Condition.Type && r.Strict == want.Strict && r.InputMessage == want.InputMessage &&
			slices.EqualFunc(r.Condition.Values, want.Condition.Values, func(a, b *sheetsapi.ConditionValue) bool {
				return a != nil && a.UserEnteredValue == b.UserEnteredValue && a.RelativeDate == ""
			}) {
			return true
		}
	}
	return false
}

// stale is a column where an earlier run laid the list named key and the
// layout now lays none.
type stale struct {
	col int
	key string
}

// staleLists returns the columns, ascending, that the lists in old cover
// and the lists in now do not, inside the grid as read (gridCols columns).
func staleLists(old, now []laid, gridCols int) []stale {
	covered := func(c int) bool {
		return slices.ContainsFunc(now, func(l laid) bool { return c >= l.start && (l.end == 0 || c < l.end) })
	}
	byCol := map[int]string{}
	for _, l := range old {
		end := l.end
		if end == 0 || end > gridCols {
			end = gridCols
		}
		for c := l.start; c < end; c++ {
			if _, dup := byCol[c]; !dup && !covered(c) {
				byCol[c] = l.key
			}
		}
	}
	out := make([]stale, 0, len(byCol))
	for c, k := range byCol {
		out = append(out, stale{col: c, key: k})
	}
	slices.SortFunc(out, func(a, b stale) int { return a.col - b.col })
	return out
}

// validations holds the data validation of row 2, by sheet ID and column
// index (nil rule: none).
type validations map[int64]map[int]*sheetsapi.DataValidationRule

// listCheck is a tab whose row 2 setup reads before laying its lists
// again: the columns it listed before and lists no more.
type listCheck struct {
	sheetID int64
	title   string
	cols    []int // ascending
}

// checks returns the tabs setup is about to lay out again on which an
// earlier run laid lists it will not lay now: the draft's plan clears only
// columns asked for here.
func (d *draft) checks() []listCheck {
	var out []listCheck
	for i, t := range d.tabs {
		f := d.formats[i]
		if !f.relay || len(f.stale) == 0 {
			continue
		}
		c := listCheck{sheetID: t.id, title: t.title}
		for _, s := range f.stale {
			c.cols = append(c.cols, s.col)
		}
		out = append(out, c)
	}
	return out
}

// validationFields asks for row 2's data validation and where it starts.
const validationFields = "sheets(properties.sheetId,data(startColumn,rowData.values.dataValidation))"

// readValidations reads the data validation of row 2 on the checked
// columns, in one spreadsheets.get: one range a tab, from its first checked
// column to its last.
func readValidations(ctx context.Context, svc *sheetsapi.Service, id string, checks []listCheck) (validations, error) {
	ranges := make([]string, 0, len(checks))
	for _, c := range checks {
		first, last := c.cols[0], c.cols[len(c.cols)-1]
		ranges = append(ranges, sheets.A1(c.title, first, 2)+":"+sheets.ColumnLetter(last)+"2")
	}
	ss, err := svc.Spreadsheets.Get(id).Ranges(ranges...).IncludeGridData(true).Fields(validationFields).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("read the lists on row 2 of %s: %w", strings.Join(ranges, ", "), err)
	}
	out := validations{}
	for _, sh := range ss.Sheets {
		var sheetID int64 // Google leaves out a sheet ID of 0
		if sh.Properties != nil {
			sheetID = sh.Properties.SheetId
		}
		for _, gd := range sh.Data {
			if len(gd.RowData) == 0 {
				continue
			}
			for i, cd := range gd.RowData[0].Values {
				if cd == nil || cd.DataValidation == nil {
					continue
				}
				if out[sheetID] == nil {
					out[sheetID] = map[int]*sheetsapi.DataValidationRule{}
				}
				out[sheetID][int(gd.StartColumn)+i] = cd.DataValidation
			}
		}
	}
	return out, nil
}

// clearLists returns the requests that take setup's old lists off the
// stale columns of t whose row 2 still holds setup's very rule: no rule
// from row 2 down. A column not read (seen has no entry) is left alone.
func clearLists(t *tab, stales []stale, seen validations) []*sheetsapi.Request {
	var out []*sheetsapi.Request
	for _, s := range stales {
		if !isOurList(s.key, seen[t.id][s.col]) {
			continue
		}
		out = append(out, &sheetsapi.Request{SetDataValidation: &sheetsapi.SetDataValidationRequest{
			Range: &sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 1, StartColumnIndex: int64(s.col), EndColumnIndex: int64(s.col + 1),
				ForceSendFields: []string{"SheetId"}},
		}})
	}
	return out
}

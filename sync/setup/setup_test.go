package setup

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"
)

func newService(t *testing.T) (*workspacetest.Server, *sheetsapi.Service) {
	t.Helper()
	s := workspacetest.NewServer()
	t.Cleanup(s.Close)
	svc, err := sheetsapi.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		t.Fatalf("sheets.NewService: %v", err)
	}
	return s, svc
}

func writeCalls(s *workspacetest.Server) int {
	return s.CallsByBucket()[workspacetest.QuotaSheetsWrite]
}

// book reads what setup lays on a spreadsheet (extra read calls: measure
// calls before calling it, or reset them after).
func book(t *testing.T, svc *sheetsapi.Service, id string) *sheetsapi.Spreadsheet {
	t.Helper()
	ss, err := svc.Spreadsheets.Get(id).Fields("properties,sheets(properties,protectedRanges,conditionalFormats,charts,developerMetadata)").Do()
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return ss
}

func sheetNamed(t *testing.T, ss *sheetsapi.Spreadsheet, title string) *sheetsapi.Sheet {
	t.Helper()
	for _, sh := range ss.Sheets {
		if sh.Properties.Title == title {
			return sh
		}
	}
	t.Fatalf("no %s tab; tabs: %v", title, titles(ss))
	return nil
}

func titles(ss *sheetsapi.Spreadsheet) []string {
	var out []string
	for _, sh := range ss.Sheets {
		out = append(out, sh.Properties.Title)
	}
	return out
}

// validation returns the data validation rule of one cell (col 0-based,
// row as in the sheet).
func validation(t *testing.T, svc *sheetsapi.Service, id, tab string, col, row int) *sheetsapi.DataValidationRule {
	t.Helper()
	ss, err := svc.Spreadsheets.Get(id).Ranges(sheets.A1(tab, col, row)).IncludeGridData(true).
		Fields("sheets.data.rowData.values.dataValidation").Do()
	if err != nil {
		t.Fatalf("get validation of %s: %v", sheets.A1(tab, col, row), err)
	}
	if len(ss.Sheets) == 0 || len(ss.Sheets[0].Data) == 0 || len(ss.Sheets[0].Data[0].RowData) == 0 ||
		len(ss.Sheets[0].Data[0].RowData[0].Values) == 0 {
		return nil
	}
	return ss.Sheets[0].Data[0].RowData[0].Values[0].DataValidation
}

func listValues(r *sheetsapi.DataValidationRule) []string {
	if r == nil || r.Condition == nil || r.Condition.Type != "ONE_OF_LIST" {
		return nil
	}
	var out []string
	for _, v := range r.Condition.Values {
		out = append(out, v.UserEnteredValue)
	}
	return out
}

// ownedSpans returns the column spans [start, end) of setup's protected
// ranges on a sheet, and checks each is warning only.
func ownedSpans(t *testing.T, sh *sheetsapi.Sheet) [][2]int64 {
	t.Helper()
	var out [][2]int64
	for _, pr := range sh.ProtectedRanges {
		if !slices.Contains(everyWording(msgDescColumn), pr.Description) && !slices.Contains(everyWording(msgDescTab), pr.Description) {
			continue
		}
		if !pr.WarningOnly {
			t.Errorf("%s: protected range %q is not warning only", sh.Properties.Title, pr.Description)
		}
		out = append(out, [2]int64{pr.Range.StartColumnIndex, pr.Range.EndColumnIndex})
	}
	return out
}

// wantOwnedColumns checks that setup's protected ranges on a tab cover
// exactly the owned columns of its header.
func wantOwnedColumns(t *testing.T, sh *sheetsapi.Sheet, header []string) {
	t.Helper()
	schema, _ := sheets.SchemaFor(sh.Properties.Title)
	covered := map[int]bool{}
	for _, sp := range ownedSpans(t, sh) {
		for c := sp[0]; c < sp[1]; c++ {
			covered[int(c)] = true
		}
	}
	for i, h := range header {
		owned := false
		if c, ok := schema.Column(h); ok && c.Owned {
			owned = true
		}
		if covered[i] != owned {
			t.Errorf("%s column %s (%q): protected = %v, want %v", sh.Properties.Title, sheets.ColumnLetter(i), h, covered[i], owned)
		}
	}
}

func indexOf(header []string, name string) int {
	for i, h := range header {
		if sheets.NormalizeHeader(h) == sheets.NormalizeHeader(name) {
			return i
		}
	}
	return -1
}

func TestCreate(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	ctx := context.Background()
	res, err := Run(ctx, svc, Options{Title: "Coalición Ejemplo", TimeZone: "America/Chicago", Lang: domain.English})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	calls := s.Calls()
	if got, want := calls["sheets.spreadsheets.create"], 1; got != want {
		t.Errorf("spreadsheets.create calls = %d, want %d", got, want)
	}
	if got, want := calls["sheets.spreadsheets.batchUpdate"], 1; got != want {
		t.Errorf("spreadsheets.batchUpdate calls = %d, want %d", got, want)
	}
	if got := len(calls); got != 2 {
		t.Errorf("calls = %v, want only create and batchUpdate", calls)
	}
	if !res.Created || res.SpreadsheetID == "" || res.Writes != 2 || res.Reads != 0 || res.Requests == 0 {
		t.Errorf("Result = %+v, want Created with an ID, 2 writes, 0 reads, some requests", res)
	}
	if len(res.Added) == 0 || !strings.Contains(res.Added[0], "Coalición Ejemplo") {
		t.Errorf("Added = %q, want the creation first", res.Added)
	}
	id := res.SpreadsheetID

	ss := book(t, svc, id)
	if got := ss.Properties.TimeZone; got != "America/Chicago" {
		t.Errorf("timeZone = %q, want America/Chicago", got)
	}
	var want []string
	for _, sc := range sheets.Schema {
		want = append(want, sc.Name)
	}
	if got := titles(ss); !slices.Equal(got, want) {
		t.Errorf("tabs = %q, want %q", got, want)
	}
	for _, sc := range sheets.Schema {
		t.Run(sc.Name, func(t *testing.T) {
			sh := sheetNamed(t, ss, sc.Name)
			if got := sh.Properties.GridProperties.FrozenRowCount; got != 1 {
				t.Errorf("frozen rows = %d, want 1", got)
			}
			header := s.Values(id, "'"+sc.Name+"'!1:1")
			var got []string
			if len(header) > 0 {
				got = header[0]
			}
			wantHeader := sc.Headers()
			if sc.Owned {
				wantHeader = ownedHeader(sc.Name, domain.English)
			}
			if !slices.Equal(got, wantHeader) {
				t.Errorf("header = %q, want %q", got, wantHeader)
			}
			if rows := s.Values(id, "'"+sc.Name+"'!2:1000"); len(rows) != 0 {
				t.Errorf("rows below the header = %q, want none", rows)
			}
			if sc.Owned {
				if spans := ownedSpans(t, sh); len(spans) != 1 || spans[0] != [2]int64{0, 0} {
					t.Errorf("protected = %v, want the whole tab", spans)
				}
			} else {
				wantOwnedColumns(t, sh, got)
			}
			if n := len(sh.DeveloperMetadata); n != 1 || sh.DeveloperMetadata[0].MetadataKey != MetadataKey {
				t.Errorf("developer metadata = %+v, want one %s", sh.DeveloperMetadata, MetadataKey)
			}
		})
	}

	// Lists on the right columns, and none on the others.
	members := sheets.Schema[0].Headers()
	cases := []struct {
		name   string
		tab    string
		col    int
		values []string
		strict bool
	}{
		{"Type", sheets.TabMembers, indexOf(members, sheets.ColType), []string{"Organization", "Individual"}, true},
		{"Status", sheets.TabMembers, indexOf(members, sheets.ColStatus), []string{"Applicant", "Active", "Removed", "Withdrawn"}, true},
		{"Voting", sheets.TabMembers, indexOf(members, sheets.ColVoting), []string{"Yes", "No"}, true},
		{"Working groups", sheets.TabMembers, indexOf(members, sheets.ColWorkingGroups), []string{"Legislative", "Communications", "Base building"}, false},
		{"Share contact", sheets.TabMembers, indexOf(members, sheets.ColShareContact), []string{"Yes", "No"}, true},
		{"Name has none", sheets.TabMembers, indexOf(members, sheets.ColName), nil, false},
		{"Flags has none", sheets.TabMembers, indexOf(members, sheets.ColFlags), nil, false},
		{"Kind", sheets.TabVotes, 2, []string{"Admit", "Remove", "Other"}, true},
		{"Attendance meeting columns", sheets.TabAttendance, 2, []string{"P", "N", "A"}, false},
		{"Attendance far right", sheets.TabAttendance, 25, []string{"P", "N", "A"}, false},
		{"Attendance Name has none", sheets.TabAttendance, 1, nil, false},
	}
	for _, c := range cases {
		t.Run("list "+c.name, func(t *testing.T) {
			for _, row := range []int{2, 500} {
				r := validation(t, svc, id, c.tab, c.col, row)
				if got := listValues(r); !slices.Equal(got, c.values) {
					t.Fatalf("%s row %d list = %q, want %q", sheets.A1(c.tab, c.col, row), row, got, c.values)
				}
				if r != nil && (r.Strict != c.strict || !r.ShowCustomUi) {
					t.Errorf("%s strict = %v, showCustomUi = %v; want %v, true", sheets.A1(c.tab, c.col, row), r.Strict, r.ShowCustomUi, c.strict)
				}
			}
			if r := validation(t, svc, id, c.tab, c.col, 1); r != nil {
				t.Errorf("header cell has a list: %+v", r.Condition)
			}
		})
	}

	// Colors.
	flags := sheetNamed(t, ss, sheets.TabMembers).ConditionalFormats
	if len(flags) != 1 || flags[0].Ranges[0].StartColumnIndex != int64(indexOf(members, sheets.ColFlags)) ||
		flags[0].BooleanRule.Condition.Type != "NOT_BLANK" || flags[0].Ranges[0].StartRowIndex != 1 {
		t.Errorf("Members conditional formats = %+v, want one NOT_BLANK over Flags from row 2", flags)
	}
	meetings := sheets.Schema[1].Headers()
	quorum := sheetNamed(t, ss, sheets.TabMeetings).ConditionalFormats
	if len(quorum) != 1 || quorum[0].Ranges[0].StartColumnIndex != int64(indexOf(meetings, sheets.ColQuorum)) ||
		quorum[0].BooleanRule.Condition.Type != "TEXT_STARTS_WITH" || quorum[0].BooleanRule.Condition.Values[0].UserEnteredValue != "No" {
		t.Errorf("Meetings conditional formats = %+v, want one TEXT_STARTS_WITH No over Quorum", quorum)
	}

	// The chart reads the Meetings columns and sits right of column C.
	dash := sheetNamed(t, ss, sheets.TabDashboard)
	if len(dash.Charts) != 1 {
		t.Fatalf("Dashboard charts = %d, want 1", len(dash.Charts))
	}
	checkChart(t, dash.Charts[0], sheetNamed(t, ss, sheets.TabMeetings).Properties.SheetId, meetings)

	// The sync engine's codec reads the new spreadsheet.
	tabs, err := sheets.NewClient(svc, id).ReadTabs(ctx, want)
	if err != nil {
		t.Fatalf("ReadTabs: %v", err)
	}
	if _, err := sheets.Parse(tabs); err != nil {
		t.Errorf("sheets.Parse of a new spreadsheet: %v", err)
	}
}

func checkChart(t *testing.T, c *sheetsapi.EmbeddedChart, meetingsID int64, meetings []string) {
	t.Helper()
	a := c.Position.OverlayPosition.AnchorCell
	if a.ColumnIndex < 3 {
		t.Errorf("chart anchored at column %s, want right of column C", sheets.ColumnLetter(int(a.ColumnIndex)))
	}
	bc := c.Spec.BasicChart
	col := func(d *sheetsapi.ChartData) int64 {
		r := d.SourceRange.Sources[0]
		if r.SheetId != meetingsID {
			t.Errorf("chart reads sheet %d, want Meetings (%d)", r.SheetId, meetingsID)
		}
		return r.StartColumnIndex
	}
	if got, want := col(bc.Domains[0].Domain), int64(indexOf(meetings, sheets.ColDate)); got != want {
		t.Errorf("chart domain column = %d, want %d (Date)", got, want)
	}
	for i, name := range []string{sheets.ColVotingMembers, sheets.ColPresent, sheets.ColQuorumNeeded} {
		if got, want := col(bc.Series[i].Series), int64(indexOf(meetings, name)); got != want {
			t.Errorf("chart series %d column = %d, want %d (%s)", i, got, want, name)
		}
	}
}

// coalitionTabs is a spreadsheet a coalition already keeps by hand
// (invented): columns in its own order, a column of its own, owned columns
// missing, no Dashboard, Sync issues, Applications or Approval requests.
func coalitionTabs() map[string][][]string {
	return map[string][][]string{
		"Members": {
			{"Name", "Status", "Type", "Favorite color", "Member ID", "Voting", "Email", "Flags", "", "Working groups"},
			{"Casa Girasol", "Active", "Organization", "blue", "M-0001", "Yes", "hola@girasol.example", "", "", "Legislative, Communications"},
			{"Río Verde Workers", "active", "org", "green", "M-0002", "No", "", "No working group", "a note in a blank column", ""},
			{"=1+1", "Applicant", "Individual", "'=2+2", "", "", "ana@example.org", "", "", "Base building"},
			{"", "", "", "", "", "", "", "", "", ""},
			{"Escuela Luna", "Withdrawn", "Organization", "", "M-0004", "No"},
		},
		"Meetings": {
			{"Date", "Cancelled", "Present", "Voting members", "Quorum needed", "Quorum", "Our notes"},
			{"2026-01-26", "", "10", "15", "10", "Yes — 10 of 15 voting members present; 10 needed", "snow day plan"},
			{"2026-02-23", "Yes", "", "", "", "", ""},
		},
		"Attendance": {
			{"Member ID", "Name", "2026-01-26", "2026-02-23"},
			{"M-0001", "Casa Girasol", "P", "A"},
			{"M-0002", "Río Verde Workers", "N", ""},
		},
		"votes": {
			{"Meeting", "Kind", "Motion", "Subject", "Yes", "No", "Abstain", "Result"},
			{"2026-01-26", "Admit", "Admit Escuela Luna", "Escuela Luna", "9", "1", "0", "Passed"},
		},
		"Phone tree": {
			{"Who", "Calls whom"},
			{"Casa Girasol", "Escuela Luna"},
		},
	}
}

func TestAdopt(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	ctx := context.Background()
	before := coalitionTabs()
	id := s.CreateSpreadsheet("Our roster", before)

	// People's own protection and color, which setup must leave alone.
	theirs := &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{
		{AddProtectedRange: &sheetsapi.AddProtectedRangeRequest{ProtectedRange: &sheetsapi.ProtectedRange{
			Range:       &sheetsapi.GridRange{SheetId: sheetID(t, svc, id, "Members"), StartColumnIndex: 3, EndColumnIndex: 4, ForceSendFields: []string{"SheetId"}},
			Description: "Only Maria edits colors", WarningOnly: true}}},
		{AddConditionalFormatRule: &sheetsapi.AddConditionalFormatRuleRequest{Rule: &sheetsapi.ConditionalFormatRule{
			Ranges:      []*sheetsapi.GridRange{{SheetId: sheetID(t, svc, id, "Members"), StartColumnIndex: 1, EndColumnIndex: 2, ForceSendFields: []string{"SheetId"}}},
			BooleanRule: &sheetsapi.BooleanRule{Condition: &sheetsapi.BooleanCondition{Type: "NOT_BLANK"}, Format: &sheetsapi.CellFormat{BackgroundColor: &sheetsapi.Color{Green: 1}}},
		}}},
	}}
	if _, err := svc.Spreadsheets.BatchUpdate(id, theirs).Do(); err != nil {
		t.Fatalf("add people's own protection and color: %v", err)
	}
	formulas := map[string][][]string{}
	values := map[string][][]string{}
	for tab := range before {
		formulas[tab] = s.Formulas(id, "'"+tab+"'")
		values[tab] = s.Values(id, "'"+tab+"'")
	}
	s.ResetCalls()

	res, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	calls := s.Calls()
	for method, want := range map[string]int{
		"sheets.spreadsheets.get": 1, "sheets.spreadsheets.values.batchGet": 1, "sheets.spreadsheets.batchUpdate": 1,
	} {
		if got := calls[method]; got != want {
			t.Errorf("%s calls = %d, want %d", method, got, want)
		}
	}
	if len(calls) != 3 || res.Created || res.Reads != 2 || res.Writes != 1 {
		t.Errorf("calls = %v, Result = %+v; want get, batchGet and one batchUpdate", calls, res)
	}
	t.Logf("adopt: %d requests; %q", res.Requests, res.Added)

	// Everything people wrote is as it was, cell for cell (formulas too);
	// missing headers come after their last header cell.
	wantAdded := map[string][]string{
		"Members": {"Unexcused absences", "Left", "Joined", "Last review", "Core team", "Contrary action", "Sector", "Tax status",
			"Representative", "Title", "Pronouns", "Phone", "Address", "Alternates", "Share contact", "Language", "Last synced"},
		"Meetings":   {"Date override", "Calendar event", "Agenda", "Notes link"},
		"Attendance": nil,
		"votes":      nil,
		"Phone tree": nil,
	}
	for tab := range before {
		t.Run(tab, func(t *testing.T) {
			for name, got := range map[string][][]string{"formulas": s.Formulas(id, "'"+tab+"'"), "values": s.Values(id, "'"+tab+"'")} {
				old := map[string][][]string{"formulas": formulas[tab], "values": values[tab]}[name]
				if len(got) != len(old) {
					t.Fatalf("%s: %d rows, want %d", name, len(got), len(old))
				}
				for r := 1; r < len(old); r++ {
					if !slices.Equal(got[r], old[r]) {
						t.Errorf("%s row %d = %q, want %q (untouched)", name, r+1, got[r], old[r])
					}
				}
				head := old[0]
				if len(got[0]) < len(head) || !slices.Equal(got[0][:len(head)], head) {
					t.Fatalf("%s header = %q, want it to start with %q", name, got[0], head)
				}
				added := got[0][len(head):]
				want := wantAdded[tab]
				if !sameSet(added, want) {
					t.Errorf("%s headers added = %q, want %q", name, added, want)
				}
			}
		})
	}
	if got := s.Formulas(id, "Members!A4"); got[0][0] != "=1+1" {
		t.Errorf("Members A4 = %q, want the person's formula =1+1 kept", got)
	}

	ss := book(t, svc, id)
	for _, tab := range []string{"Applications", "Approval requests", "Dashboard", "Sync issues"} {
		sh := sheetNamed(t, ss, tab)
		if sh.Properties.GridProperties.FrozenRowCount != 1 {
			t.Errorf("%s frozen rows = %d, want 1", tab, sh.Properties.GridProperties.FrozenRowCount)
		}
	}
	if got := sheetNamed(t, ss, "Phone tree"); len(got.ProtectedRanges) != 0 || len(got.DeveloperMetadata) != 0 {
		t.Errorf("Phone tree was laid out: %+v", got)
	}
	memberHeader := s.Values(id, "Members!1:1")[0]
	members := sheetNamed(t, ss, "Members")
	wantOwnedColumns(t, members, memberHeader)
	if !slices.ContainsFunc(members.ProtectedRanges, func(p *sheetsapi.ProtectedRange) bool { return p.Description == "Only Maria edits colors" }) {
		t.Errorf("people's own protected range is gone: %+v", members.ProtectedRanges)
	}
	if n := len(members.ConditionalFormats); n != 2 {
		t.Errorf("Members conditional formats = %d, want theirs and the Flags color", n)
	}
	if got := listValues(validation(t, svc, id, "Members", 2, 3)); !slices.Equal(got, memberTypes) {
		t.Errorf("list on Members C3 (Type) = %q, want %q", got, memberTypes)
	}
	if got := validation(t, svc, id, "Members", 3, 3); got != nil {
		t.Errorf("list on Members D3 (their Favorite color) = %+v, want none", got.Condition)
	}
	if got := listValues(validation(t, svc, id, "votes", 1, 2)); !slices.Equal(got, kinds) {
		t.Errorf("list on votes B2 (Kind) = %q, want %q", got, kinds)
	}
	meetingsHeader := s.Values(id, "Meetings!1:1")[0]
	checkChart(t, sheetNamed(t, ss, "Dashboard").Charts[0], sheetNamed(t, ss, "Meetings").Properties.SheetId, meetingsHeader)

	// Again: nothing to do, no write call.
	s.ResetCalls()
	again, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English})
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if w := writeCalls(s); w != 0 || again.Requests != 0 || len(again.Added) != 0 {
		t.Errorf("second run: %d write calls, Result %+v; want none", w, again)
	}
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func sheetID(t *testing.T, svc *sheetsapi.Service, id, title string) int64 {
	t.Helper()
	ss, err := svc.Spreadsheets.Get(id).Fields("sheets.properties(sheetId,title)").Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	for _, sh := range ss.Sheets {
		if sh.Properties.Title == title {
			return sh.Properties.SheetId
		}
	}
	t.Fatalf("no tab %s", title)
	return 0
}

func TestTwiceWritesNothing(t *testing.T) {
	t.Parallel()
	for _, lang := range []domain.Lang{domain.English, domain.Spanish} {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			s, svc := newService(t)
			ctx := context.Background()
			first, err := Run(ctx, svc, Options{Title: "Twice", Lang: lang})
			if err != nil {
				t.Fatalf("first Run: %v", err)
			}
			// The sync engine then fills its tabs and rows: setup still has
			// nothing to do.
			if err := s.SetCells(first.SpreadsheetID, "Dashboard!A2:B3", [][]string{{"Next meeting", "Jan 26, 2026"}, {"Voting members", "12"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetCells(first.SpreadsheetID, "Members!A2:B2", [][]string{{"M-0001", "Casa Girasol"}}); err != nil {
				t.Fatal(err)
			}
			s.ResetCalls()
			second, err := Run(ctx, svc, Options{SpreadsheetID: first.SpreadsheetID, Lang: lang})
			if err != nil {
				t.Fatalf("second Run: %v", err)
			}
			if w := writeCalls(s); w != 0 {
				t.Errorf("second run made %d write calls (%v), want 0", w, s.Calls())
			}
			if second.Requests != 0 || len(second.Added) != 0 || second.Reads != 2 {
				t.Errorf("second Result = %+v, want 2 reads and nothing added", second)
			}
		})
	}
}

func TestDryRun(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	ctx := context.Background()

	p, err := DryRun(ctx, svc, Options{Title: "Not yet"})
	if err != nil {
		t.Fatalf("DryRun to create: %v", err)
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("dry run to create made calls %v, want none", s.Calls())
	}
	if p.Create == nil || len(p.Create.Sheets) != len(sheets.Schema) || len(p.Requests) == 0 || len(p.Added) == 0 {
		t.Errorf("plan to create = %d tabs, %d requests, %d lines; want every tab, requests and lines", len(p.Create.Sheets), len(p.Requests), len(p.Added))
	}
	if ids := s.SpreadsheetIDs(); len(ids) != 0 {
		t.Errorf("spreadsheets after a dry run = %v, want none", ids)
	}

	id := s.CreateSpreadsheet("Ours", coalitionTabs())
	before := s.Formulas(id, "Members")
	s.ResetCalls()
	p, err = DryRun(ctx, svc, Options{SpreadsheetID: id})
	if err != nil {
		t.Fatalf("DryRun to adopt: %v", err)
	}
	if w := writeCalls(s); w != 0 {
		t.Errorf("dry run to adopt made %d write calls (%v), want 0", w, s.Calls())
	}
	if p.Create != nil || len(p.Requests) == 0 || p.Empty() {
		t.Errorf("plan to adopt: Create %v, %d requests; want requests only", p.Create != nil, len(p.Requests))
	}
	if after := s.Formulas(id, "Members"); !slices.EqualFunc(after, before, slices.Equal) {
		t.Errorf("Members after a dry run = %q, want %q", after, before)
	}
	if got := titles(book(t, svc, id)); len(got) != len(coalitionTabs()) {
		t.Errorf("tabs after a dry run = %q, want only the coalition's", got)
	}

	// Then the run does exactly what the dry run said.
	res, err := Run(ctx, svc, Options{SpreadsheetID: id})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Requests != len(p.Requests) || !slices.Equal(res.Added, p.Added) {
		t.Errorf("Run = %d requests %q; dry run said %d %q", res.Requests, res.Added, len(p.Requests), p.Added)
	}
}

func TestSpanish(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	res, err := Run(context.Background(), svc, Options{Title: "Coalición", Lang: domain.Spanish})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	id := res.SpreadsheetID
	cases := []struct {
		name, rng string
		want      []string
	}{
		{"Dashboard header", "Dashboard!1:1", []string{"Qué", "Ahora"}},
		{"Sync issues header", "'Sync issues'!1:1", []string{"Pestaña", "Fila", "Columna", "Problema y qué hacer"}},
		{"Members header stays English", "Members!1:1", sheets.Schema[0].Headers()},
	}
	for _, c := range cases {
		if got := s.Values(id, c.rng); len(got) == 0 || !slices.Equal(got[0], c.want) {
			t.Errorf("%s = %q, want %q", c.name, got, c.want)
		}
	}
	ss := book(t, svc, id)
	var wantTabs []string
	for _, sc := range sheets.Schema {
		wantTabs = append(wantTabs, sc.Name)
	}
	if got := titles(ss); !slices.Equal(got, wantTabs) {
		t.Errorf("tabs = %q, want the English names %q", got, wantTabs)
	}
	if got := sheetNamed(t, ss, "Dashboard").Charts[0].Spec.Title; got != "Asistencia y quórum por reunión" {
		t.Errorf("chart title = %q, want Spanish", got)
	}
	if got := sheetNamed(t, ss, "Members").ProtectedRanges[0].Description; got != "Lo llena coalitionsync; sus cambios aquí serán reemplazados" {
		t.Errorf("protected range description = %q, want Spanish", got)
	}
	if r := validation(t, svc, id, "Attendance", 2, 2); r == nil || !strings.Contains(r.InputMessage, "ausente sin aviso") {
		t.Errorf("Attendance help = %+v, want Spanish", r)
	}
	if !strings.HasPrefix(res.Added[0], "Se creó la hoja de cálculo") {
		t.Errorf("Added[0] = %q, want Spanish", res.Added[0])
	}
}

func TestNoTitle(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	if _, err := Run(context.Background(), svc, Options{Title: "  "}); err != ErrNoTitle {
		t.Errorf("Run without a title: err = %v, want ErrNoTitle", err)
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("calls = %v, want none", s.Calls())
	}
}

func TestUnknownSpreadsheet(t *testing.T) {
	t.Parallel()
	_, svc := newService(t)
	_, err := Run(context.Background(), svc, Options{SpreadsheetID: "no-such-sheet"})
	if err == nil || !strings.Contains(err.Error(), "read the spreadsheet no-such-sheet") {
		t.Errorf("Run on an unknown spreadsheet: err = %v, want a read error naming it", err)
	}
}

func TestCreateThenLayoutFails(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	s.InjectFault(workspacetest.Fault{Method: "sheets.spreadsheets.batchUpdate", Status: 503, Times: 1})
	res, err := Run(context.Background(), svc, Options{Title: "Half done"})
	if err == nil || !strings.Contains(err.Error(), "run setup again with this ID") {
		t.Fatalf("Run with a failing batchUpdate: err = %v, want it to say to run again", err)
	}
	if res == nil || !res.Created || res.SpreadsheetID == "" || len(res.Added) != 1 {
		t.Fatalf("Result = %+v, want the new spreadsheet's ID and only its creation", res)
	}
	// Running again with the ID finishes the job, without a second spreadsheet.
	again, err := Run(context.Background(), svc, Options{SpreadsheetID: res.SpreadsheetID})
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if again.Requests == 0 || len(s.SpreadsheetIDs()) != 1 {
		t.Errorf("second Run = %+v with %d spreadsheets, want the layout done on the one spreadsheet", again, len(s.SpreadsheetIDs()))
	}
	ss := book(t, svc, res.SpreadsheetID)
	if len(sheetNamed(t, ss, "Dashboard").Charts) != 1 {
		t.Errorf("no chart after the second run")
	}
}

// rowValidations returns the data validation of each cell of one row of a
// tab (row as in the sheet), by column.
func rowValidations(t *testing.T, svc *sheetsapi.Service, id, tab string, row int) map[int]*sheetsapi.DataValidationRule {
	t.Helper()
	a1 := sheets.A1(tab, 0, row)                                    // 'Tab'!A2
	n := strings.TrimPrefix(a1[strings.LastIndex(a1, "!")+1:], "A") // 2
	rng := a1[:strings.LastIndex(a1, "!")+1] + n + ":" + n          // 'Tab'!2:2
	ss, err := svc.Spreadsheets.Get(id).Ranges(rng).IncludeGridData(true).Fields("sheets.data.rowData.values.dataValidation").Do()
	if err != nil {
		t.Fatalf("get validation of %s: %v", rng, err)
	}
	out := map[int]*sheetsapi.DataValidationRule{}
	if len(ss.Sheets) == 0 || len(ss.Sheets[0].Data) == 0 || len(ss.Sheets[0].Data[0].RowData) == 0 {
		return out
	}
	for c, cd := range ss.Sheets[0].Data[0].RowData[0].Values {
		if cd.DataValidation != nil {
			out[c] = cd.DataValidation
		}
	}
	return out
}

// TestRunAfterPeopleRearrangeMembers sets a spreadsheet up, lets people
// type members, add a warning and a color of their own and then rearrange
// the Members columns as they do in Sheets (dragging columns is
// moveDimension; inserting or deleting a column shifts the others), and
// runs setup again: it lays its lists, warnings and colors on the new
// places, removes only what it laid itself, writes no cell below the
// header, and a third run makes no write call at all.
func TestRunAfterPeopleRearrangeMembers(t *testing.T) {
	t.Parallel()
	dim := func(sheet int64, start, end int) *sheetsapi.DimensionRange {
		return &sheetsapi.DimensionRange{SheetId: sheet, Dimension: "COLUMNS", StartIndex: int64(start), EndIndex: int64(end), ForceSendFields: []string{"SheetId"}}
	}
	cases := []struct {
		name string
		// rearrange makes people's changes, one action per batchUpdate as
		// each is one gesture in Sheets, and may type more cells.
		rearrange func(t *testing.T, s *workspacetest.Server, svc *sheetsapi.Service, id string, sheet int64, header []string)
		// added are the headers the second run adds at the end.
		added []string
		// theirs are lists people made themselves (rearrange lays them),
		// by header: each must be there after the second run, unchanged.
		theirs map[string]*sheetsapi.DataValidationRule
		// retyped: people typed headers over, which moves no cells, so
		// people's own warning stays on the cells where they laid it.
		retyped bool
	}{
		{
			name: "Type dragged after Email, Flags dragged next to Member ID",
			rearrange: func(t *testing.T, _ *workspacetest.Server, svc *sheetsapi.Service, id string, sheet int64, header []string) {
				typ, email := indexOf(header, sheets.ColType), indexOf(header, sheets.ColEmail)
				drag(t, svc, id, &sheetsapi.MoveDimensionRequest{Source: dim(sheet, typ, typ+1), DestinationIndex: int64(email + 1)})
				now := membersHeader(t, svc, id)
				flags := indexOf(now, sheets.ColFlags)
				drag(t, svc, id, &sheetsapi.MoveDimensionRequest{Source: dim(sheet, flags, flags+1), DestinationIndex: 1})
			},
		},
		{
			name: "a column of their own inserted before Voting",
			rearrange: func(t *testing.T, s *workspacetest.Server, svc *sheetsapi.Service, id string, sheet int64, header []string) {
				at := indexOf(header, sheets.ColVoting)
				drag(t, svc, id, &sheetsapi.InsertDimensionRequest{Range: dim(sheet, at, at+1)})
				if err := s.SetCells(id, sheets.A1("Members", at, 1), [][]string{{"Our notes"}, {"met in March"}}); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "the Working groups column deleted",
			rearrange: func(t *testing.T, _ *workspacetest.Server, svc *sheetsapi.Service, id string, sheet int64, header []string) {
				at := indexOf(header, sheets.ColWorkingGroups)
				drag(t, svc, id, &sheetsapi.DeleteDimensionRequest{Range: dim(sheet, at, at+1)})
			},
			added: []string{sheets.ColWorkingGroups},
		},
		{
			// Retyping (or pasting) headers moves no validation: setup's
			// Type list stays on the column now headed Email until setup
			// takes it off.
			name: "Type and Email headers retyped in each other's place",
			rearrange: func(t *testing.T, _ *workspacetest.Server, svc *sheetsapi.Service, id string, _ int64, header []string) {
				typ, email := indexOf(header, sheets.ColType), indexOf(header, sheets.ColEmail)
				retype(t, svc, id, map[int]string{typ: sheets.ColEmail, email: sheets.ColType})
			},
			retyped: true,
		},
		{
			// Setup once listed Voting at the index Core team is dragged
			// to; people then make their own Yes/No list there (in Sheets,
			// with no help text): same values and strictness as setup's
			// Voting list, and still theirs.
			name: "Core team dragged where Voting was, then their own Yes/No list on it",
			rearrange: func(t *testing.T, _ *workspacetest.Server, svc *sheetsapi.Service, id string, sheet int64, header []string) {
				core, voting := indexOf(header, sheets.ColCoreTeam), indexOf(header, sheets.ColVoting)
				drag(t, svc, id, &sheetsapi.MoveDimensionRequest{Source: dim(sheet, core, core+1), DestinationIndex: int64(voting)})
				if got := indexOf(membersHeader(t, svc, id), sheets.ColCoreTeam); got != voting {
					t.Fatalf("Core team dragged to column %d, want %d where Voting was", got, voting)
				}
				rule := coreTeamList()
				if _, err := svc.Spreadsheets.BatchUpdate(id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{
					{SetDataValidation: &sheetsapi.SetDataValidationRequest{Rule: rule, Range: &sheetsapi.GridRange{SheetId: sheet,
						StartRowIndex: 1, StartColumnIndex: int64(voting), EndColumnIndex: int64(voting + 1), ForceSendFields: []string{"SheetId"}}}},
				}}).Do(); err != nil {
					t.Fatalf("people's own list: %v", err)
				}
			},
			theirs: map[string]*sheetsapi.DataValidationRule{sheets.ColCoreTeam: coreTeamList()},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, svc := newService(t)
			ctx := context.Background()
			first, err := Run(ctx, svc, Options{Title: "Rearranged", Lang: domain.English})
			if err != nil {
				t.Fatalf("first Run: %v", err)
			}
			id := first.SpreadsheetID
			members := sheetID(t, svc, id, "Members")
			header := membersHeader(t, svc, id)

			// People type two members (invented) and lay a warning and a
			// color of their own.
			rows := [][]string{make([]string, len(header)), make([]string, len(header))}
			for col, vals := range map[string][2]string{
				sheets.ColName: {"Casa Esperanza", "=1+1"}, sheets.ColType: {"Organization", "Individual"},
				sheets.ColStatus: {"Active", "Removed"}, sheets.ColVoting: {"Yes", "No"},
				sheets.ColWorkingGroups: {"Legislative, Communications", ""}, sheets.ColEmail: {"hola@esperanza.example", ""},
				sheets.ColFlags: {"No working group", ""},
			} {
				rows[0][indexOf(header, col)], rows[1][indexOf(header, col)] = vals[0], vals[1]
			}
			if err := s.SetCells(id, "Members!A2", rows); err != nil {
				t.Fatal(err)
			}
			col := func(name string) *sheetsapi.GridRange {
				i := int64(indexOf(header, name))
				return &sheetsapi.GridRange{SheetId: members, StartRowIndex: 1, StartColumnIndex: i, EndColumnIndex: i + 1, ForceSendFields: []string{"SheetId"}}
			}
			theirColor := &sheetsapi.Color{Red: 1, Green: 0.2, Blue: 0.2}
			if _, err := svc.Spreadsheets.BatchUpdate(id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{
				{AddProtectedRange: &sheetsapi.AddProtectedRangeRequest{ProtectedRange: &sheetsapi.ProtectedRange{
					Range: col(sheets.ColEmail), Description: "Only the secretary edits emails", WarningOnly: true}}},
				{AddConditionalFormatRule: &sheetsapi.AddConditionalFormatRuleRequest{Index: 1, Rule: &sheetsapi.ConditionalFormatRule{
					Ranges: []*sheetsapi.GridRange{col(sheets.ColStatus)},
					BooleanRule: &sheetsapi.BooleanRule{Condition: &sheetsapi.BooleanCondition{Type: "TEXT_EQ",
						Values: []*sheetsapi.ConditionValue{{UserEnteredValue: "Removed"}}}, Format: &sheetsapi.CellFormat{BackgroundColor: theirColor}}}}},
			}}).Do(); err != nil {
				t.Fatalf("people's own warning and color: %v", err)
			}

			tc.rearrange(t, s, svc, id, members, header)
			moved := membersHeader(t, svc, id)
			typed := map[string][][]string{}
			for _, tab := range []string{"Members", "Meetings", "Attendance", "Votes"} {
				typed[tab] = s.Formulas(id, tab)
			}

			// Second run: setup follows the columns.
			s.ResetCalls()
			second, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English})
			if err != nil {
				t.Fatalf("second Run: %v", err)
			}
			if calls := s.Calls(); calls["sheets.spreadsheets.batchUpdate"] != 1 || writeCalls(s) != 1 {
				t.Errorf("second run calls = %v, want one batchUpdate", calls)
			}
			// Every case leaves a column setup listed with no list of
			// setup's: its row 2 is read, in one more spreadsheets.get.
			if calls := s.Calls(); calls["sheets.spreadsheets.get"] != 2 || calls["sheets.spreadsheets.values.batchGet"] != 1 || second.Reads != 3 {
				t.Errorf("second run calls = %v, Reads = %d; want 2 spreadsheets.get, 1 values.batchGet, 3 reads", calls, second.Reads)
			}
			if !slices.Contains(second.Added, say(domain.English, msgMoved, "Members")) {
				t.Errorf("second run Added = %q, want it to say the Members formats moved", second.Added)
			}
			final := membersHeader(t, svc, id)
			if !slices.Equal(final, append(slices.Clone(moved), tc.added...)) {
				t.Errorf("header after the second run = %q, want %q then %q", final, moved, tc.added)
			}

			// Every cell people typed, below the header, is as they left it.
			for tab, before := range typed {
				after := s.Formulas(id, tab)
				if len(after) != len(before) {
					t.Errorf("%s: %d rows, want %d", tab, len(after), len(before))
					continue
				}
				for r := 1; r < len(before); r++ {
					if !slices.Equal(after[r], before[r]) {
						t.Errorf("%s row %d = %q, want %q", tab, r+1, after[r], before[r])
					}
				}
			}
			byHeader := func(row []string, name string) string {
				if i := indexOf(final, name); i >= 0 && i < len(row) {
					return row[i]
				}
				return ""
			}
			if got := typed["Members"]; len(got) < 3 || byHeader(got[1], sheets.ColName) != "Casa Esperanza" ||
				byHeader(got[2], sheets.ColStatus) != "Removed" || byHeader(got[2], sheets.ColName) != "=1+1" {
				t.Errorf("Members rows = %q, want each value still under its header", got)
			}

			// Lists on the new places, and on no other column.
			wantLists := map[string][]string{}
			for _, d := range dropdowns {
				if d.tab == sheets.TabMembers {
					wantLists[d.column] = d.values
				}
			}
			for name, r := range tc.theirs {
				wantLists[name] = listValues(r)
			}
			for _, row := range []int{2, 500} {
				got := rowValidations(t, svc, id, "Members", row)
				for i, name := range final {
					if want, gotList := wantLists[name], listValues(got[i]); !slices.Equal(gotList, want) {
						t.Errorf("Members %s (%q) row %d list = %q, want %q", sheets.ColumnLetter(i), name, row, gotList, want)
					}
					if want, ok := tc.theirs[name]; ok && got[i] != nil &&
						(got[i].Strict != want.Strict || got[i].InputMessage != want.InputMessage || got[i].ShowCustomUi != want.ShowCustomUi) {
						t.Errorf("Members %s (%q) row %d list = %+v, want people's own %+v", sheets.ColumnLetter(i), name, row, got[i], want)
					}
				}
			}

			// Setup's warnings cover exactly the owned columns; people's
			// own is where its column went.
			sh := sheetNamed(t, book(t, svc, id), "Members")
			wantOwnedColumns(t, sh, final)
			var theirs []*sheetsapi.ProtectedRange
			for _, pr := range sh.ProtectedRanges {
				if pr.Description == "Only the secretary edits emails" {
					theirs = append(theirs, pr)
				}
			}
			email := int64(indexOf(final, sheets.ColEmail))
			if tc.retyped {
				email = int64(indexOf(header, sheets.ColEmail))
			}
			if len(theirs) != 1 || theirs[0].Range.StartColumnIndex != email {
				t.Errorf("people's protected ranges = %+v, want one over column %d", theirs, email)
			}

			// Setup's color on Flags, people's on Status, nothing else.
			var ours, theirRules int
			for _, r := range sh.ConditionalFormats {
				switch {
				case isOurRule(r):
					ours++
					if got, want := r.Ranges[0].StartColumnIndex, int64(indexOf(final, sheets.ColFlags)); got != want || r.Ranges[0].StartRowIndex != 1 {
						t.Errorf("setup's Flags color on column %d from row %d, want column %d from row 2", got, r.Ranges[0].StartRowIndex+1, want)
					}
				case sameColor(r.BooleanRule.Format.BackgroundColor, theirColor):
					theirRules++
					if got, want := r.Ranges[0].StartColumnIndex, int64(indexOf(final, sheets.ColStatus)); got != want {
						t.Errorf("people's Status color on column %d, want %d", got, want)
					}
				default:
					t.Errorf("unexpected conditional format %+v", r.BooleanRule)
				}
			}
			if ours != 1 || theirRules != 1 {
				t.Errorf("conditional formats: %d of setup's, %d of people's; want 1 and 1", ours, theirRules)
			}
			if n := len(sh.DeveloperMetadata); n != 1 {
				t.Errorf("Members developer metadata = %d, want 1", n)
			}

			// Third run: nothing left to do.
			s.ResetCalls()
			third, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English})
			if err != nil {
				t.Fatalf("third Run: %v", err)
			}
			if w := writeCalls(s); w != 0 || third.Requests != 0 || len(third.Added) != 0 || third.Reads != 2 {
				t.Errorf("third run: %d write calls (%v), Result %+v; want none, 2 reads", w, s.Calls(), third)
			}
		})
	}
}

// coreTeamList is a list people make in Sheets for Core team: Yes or No,
// rejecting anything else, with no help text.
func coreTeamList() *sheetsapi.DataValidationRule {
	return &sheetsapi.DataValidationRule{Strict: true, ShowCustomUi: true, Condition: &sheetsapi.BooleanCondition{
		Type: "ONE_OF_LIST", Values: []*sheetsapi.ConditionValue{{UserEnteredValue: "Yes"}, {UserEnteredValue: "No"}}}}
}

// retype types Members header cells over, by column, as one paste: the
// cells change, their data validation stays where it was.
func retype(t *testing.T, svc *sheetsapi.Service, id string, cells map[int]string) {
	t.Helper()
	req := &sheetsapi.BatchUpdateValuesRequest{ValueInputOption: "RAW"}
	for col, text := range cells {
		req.Data = append(req.Data, &sheetsapi.ValueRange{Range: sheets.A1("Members", col, 1), Values: [][]any{{text}}})
	}
	if _, err := svc.Spreadsheets.Values.BatchUpdate(id, req).Do(); err != nil {
		t.Fatalf("retype Members headers: %v", err)
	}
}

// drag sends one person's gesture on the spreadsheet as its own batchUpdate.
func drag(t *testing.T, svc *sheetsapi.Service, id string, gesture any) {
	t.Helper()
	r := &sheetsapi.Request{}
	switch g := gesture.(type) {
	case *sheetsapi.MoveDimensionRequest:
		g.ForceSendFields = append(g.ForceSendFields, "DestinationIndex")
		r.MoveDimension = g
	case *sheetsapi.InsertDimensionRequest:
		r.InsertDimension = g
	case *sheetsapi.DeleteDimensionRequest:
		r.DeleteDimension = g
	default:
		t.Fatalf("drag: unknown gesture %T", gesture)
	}
	if _, err := svc.Spreadsheets.BatchUpdate(id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{r}}).Do(); err != nil {
		t.Fatalf("people's %T: %v", gesture, err)
	}
}

// membersHeader reads row 1 of Members through the API.
func membersHeader(t *testing.T, svc *sheetsapi.Service, id string) []string {
	t.Helper()
	vr, err := svc.Spreadsheets.Values.Get(id, "Members!1:1").Do()
	if err != nil {
		t.Fatalf("read the Members header: %v", err)
	}
	var out []string
	if len(vr.Values) > 0 {
		for _, v := range vr.Values[0] {
			text, _ := v.(string)
			out = append(out, text)
		}
	}
	return out
}

// TestRunAfterPeopleTypeAColumnAmongMeetings: setup laid the P/N/A list on
// every Attendance column right of Name; people then type a column of
// their own there. Setup takes its list off that column, unless people
// put a list of their own on it, and a third run writes nothing.
func TestRunAfterPeopleTypeAColumnAmongMeetings(t *testing.T) {
	t.Parallel()
	howJoined := &sheetsapi.DataValidationRule{ShowCustomUi: true, Condition: &sheetsapi.BooleanCondition{
		Type: "ONE_OF_LIST", Values: []*sheetsapi.ConditionValue{{UserEnteredValue: "Video"}, {UserEnteredValue: "Phone"}}}}
	cases := []struct {
		name   string
		theirs *sheetsapi.DataValidationRule // people's own list on their column, if any
	}{
		{"no list of their own", nil},
		{"their own list", howJoined},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, svc := newService(t)
			ctx := context.Background()
			first, err := Run(ctx, svc, Options{Title: "Attendance", Lang: domain.English})
			if err != nil {
				t.Fatalf("first Run: %v", err)
			}
			id := first.SpreadsheetID
			// The sync engine adds a meeting in C; people type a column of
			// their own in D and a member in row 2.
			if err := s.SetCells(id, "Attendance!A1:D2", [][]string{{"Member ID", "Name", "2026-01-26", "How joined"},
				{"M-0001", "Casa Esperanza", "P", "Video"}}); err != nil {
				t.Fatal(err)
			}
			if tc.theirs != nil {
				if _, err := svc.Spreadsheets.BatchUpdate(id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{
					{SetDataValidation: &sheetsapi.SetDataValidationRequest{Rule: tc.theirs, Range: &sheetsapi.GridRange{
						SheetId: sheetID(t, svc, id, "Attendance"), StartRowIndex: 1, StartColumnIndex: 3, EndColumnIndex: 4,
						ForceSendFields: []string{"SheetId"}}}},
				}}).Do(); err != nil {
					t.Fatalf("people's own list: %v", err)
				}
			}

			s.ResetCalls()
			second, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English})
			if err != nil {
				t.Fatalf("second Run: %v", err)
			}
			if calls := s.Calls(); calls["sheets.spreadsheets.get"] != 2 || writeCalls(s) != 1 || second.Reads != 3 {
				t.Errorf("second run calls = %v, Reads = %d; want 2 spreadsheets.get (row 2 of D) and one batchUpdate", calls, second.Reads)
			}
			var wantD []string
			if tc.theirs != nil {
				wantD = listValues(tc.theirs)
			}
			for _, row := range []int{2, 500} {
				got := rowValidations(t, svc, id, "Attendance", row)
				for col, want := range map[int][]string{1: nil, 2: codes, 3: wantD, 4: codes, 25: codes} {
					if gotList := listValues(got[col]); !slices.Equal(gotList, want) {
						t.Errorf("Attendance %s%d list = %q, want %q", sheets.ColumnLetter(col), row, gotList, want)
					}
				}
			}
			if got := s.Values(id, "Attendance!A1:D2"); len(got) != 2 || !slices.Equal(got[1], []string{"M-0001", "Casa Esperanza", "P", "Video"}) {
				t.Errorf("Attendance A1:D2 = %q, want people's cells kept", got)
			}

			s.ResetCalls()
			third, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English})
			if err != nil {
				t.Fatalf("third Run: %v", err)
			}
			if w := writeCalls(s); w != 0 || third.Requests != 0 || third.Reads != 2 {
				t.Errorf("third run: %d write calls (%v), Result %+v; want none, 2 reads", w, s.Calls(), third)
			}
		})
	}
}

// failRowTwo makes the workspacetest server answer 503 to the read of row
// 2's lists (the spreadsheets.get with ranges), and only to it.
type failRowTwo struct {
	s    *workspacetest.Server
	base http.RoundTripper
}

func (f failRowTwo) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && r.URL.Query().Has("ranges") && !strings.Contains(r.URL.Path, "/values") {
		f.s.InjectFault(workspacetest.Fault{Method: "sheets.spreadsheets.get", Status: 503, Times: 1})
	}
	return f.base.RoundTrip(r)
}

// TestRunWhenRowTwoCannotBeRead: when the read of row 2 fails, setup
// writes nothing at all, says so, and the next run finishes the job.
func TestRunWhenRowTwoCannotBeRead(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	ctx := context.Background()
	first, err := Run(ctx, svc, Options{Title: "Retyped", Lang: domain.English})
	if err != nil {
		t.Fatalf("first Run: %v", err)
	}
	id := first.SpreadsheetID
	header := membersHeader(t, svc, id)
	typ, email := indexOf(header, sheets.ColType), indexOf(header, sheets.ColEmail)
	retype(t, svc, id, map[int]string{typ: sheets.ColEmail, email: sheets.ColType})

	hc := s.HTTPClient()
	hc.Transport = failRowTwo{s: s, base: hc.Transport}
	failing, err := sheetsapi.NewService(ctx, option.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	s.ResetCalls()
	res, err := Run(ctx, failing, Options{SpreadsheetID: id, Lang: domain.English})
	if err == nil || !strings.Contains(err.Error(), "read the lists on row 2") {
		t.Fatalf("Run with row 2 unreadable: err = %v, want it to say row 2 could not be read", err)
	}
	if w := writeCalls(s); w != 0 || res.Reads != 3 || res.Writes != 0 {
		t.Errorf("Run with row 2 unreadable: %d write calls (%v), Result %+v; want none, 3 reads", w, s.Calls(), res)
	}
	if got := listValues(validation(t, svc, id, "Members", typ, 2)); !slices.Equal(got, memberTypes) {
		t.Errorf("list on %s after the failed run = %q, want setup's Type list still there (nothing written)", sheets.A1("Members", typ, 2), got)
	}

	if _, err := Run(ctx, svc, Options{SpreadsheetID: id, Lang: domain.English}); err != nil {
		t.Fatalf("next Run: %v", err)
	}
	for col, want := range map[int][]string{typ: nil, email: memberTypes} {
		if got := listValues(validation(t, svc, id, "Members", col, 2)); !slices.Equal(got, want) {
			t.Errorf("list on %s after the next run = %q, want %q", sheets.A1("Members", col, 2), got, want)
		}
	}
}

// Sheets gives colors back in 1/255 steps (blue 0.5 comes back 0.49803922,
// gspread pull request 1199), and so does workspacetest: setup's own
// colors, read back a little off, are still its own, and a second run
// changes nothing.
func TestTwiceWritesNothingWithColorsInSteps(t *testing.T) {
	t.Parallel()
	s, svc := newService(t)
	ctx := context.Background()
	first, err := Run(ctx, svc, Options{Title: "Steps", Lang: domain.English})
	if err != nil {
		t.Fatalf("first Run: %v", err)
	}
	rules := sheetNamed(t, book(t, svc, first.SpreadsheetID), sheets.TabMembers).ConditionalFormats
	if len(rules) != 1 {
		t.Fatalf("Members has %d conditional formats, want setup's 1", len(rules))
	}
	got := rules[0].BooleanRule.Format.BackgroundColor
	if got.Red == flagColor.Red && got.Green == flagColor.Green && got.Blue == flagColor.Blue {
		t.Errorf("flag color read back = %+v, exactly as sent; want it in 1/255 steps", *got)
	}
	if !sameColor(got, flagColor) {
		t.Errorf("sameColor(%+v, %+v) = false, want true", *got, *flagColor)
	}
	s.ResetCalls()
	second, err := Run(ctx, svc, Options{SpreadsheetID: first.SpreadsheetID, Lang: domain.English})
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if w := writeCalls(s); w != 0 || second.Requests != 0 || len(second.Added) != 0 {
		t.Errorf("second run: %d write calls, Result %+v; want none", w, second)
	}
}

func TestSameColor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		got, want sheetsapi.Color
		same      bool
	}{
		{"flag orange truncated to steps", sheetsapi.Color{Red: 251.0 / 255, Green: 215.0 / 255, Blue: 175.0 / 255}, *flagColor, true},
		{"flag orange rounded to steps", sheetsapi.Color{Red: 252.0 / 255, Green: 216.0 / 255, Blue: 176.0 / 255}, *flagColor, true},
		{"flag orange as sent", *flagColor, *flagColor, true},
		{"quorum red, single precision", sheetsapi.Color{Red: 0.95686275, Green: 0.7764706, Blue: 0.7647059}, *quorumColor, true},
		{"one step further is someone else's", sheetsapi.Color{Red: 250.0 / 255, Green: 215.0 / 255, Blue: 175.0 / 255}, *flagColor, false},
		{"another color", sheetsapi.Color{Red: 1, Green: 1}, *flagColor, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sameColor(&tc.got, &tc.want); got != tc.same {
				t.Errorf("sameColor(%+v, %+v) = %v, want %v", tc.got, tc.want, got, tc.same)
			}
		})
	}
}

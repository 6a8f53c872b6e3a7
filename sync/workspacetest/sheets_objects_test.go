package workspacetest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	sheets "google.golang.org/api/sheets/v4"
)

// fixture is a spreadsheet with one of every object setup lays: its IDs.
type fixture struct {
	s                     *Server
	srv                   *sheets.Service
	id                    string
	members, dash         int64
	ours, theirs          int64 // protected range IDs
	chart                 int64
	sheetMD, colMD, rowMD int64 // developer metadata on Members: the sheet, column D, row 2
	bookMD                int64 // developer metadata on the spreadsheet
	rules                 []string
	grid                  [][]string
}

// newFixture makes a Members tab (Name, Type, Voting, Flags, Member ID and
// two rows), a Dashboard, and on Members: a protected range over Member ID
// ("ours") and one over Name ("theirs"), three conditional format rules
// from row 2 (NOT_BLANK on Flags, TEXT_EQ on Type, BLANK on Voting), a
// list on Type rows 2-4, a chart reading Name and Voting anchored at G7,
// and developer metadata on the sheet, on column D, on row 2 and on the
// spreadsheet.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, srv := newSheets(t)
	f := &fixture{s: s, srv: srv}
	f.grid = [][]string{
		{"Name", "Type", "Voting", "Flags", "Member ID"},
		{"Ana", "Organization", "Yes", "", "M-0001"},
		{"Luis", "Individual", "No", "No working group", "M-0002"},
	}
	f.id = s.CreateSpreadsheet("Roster", map[string][][]string{"Dashboard": nil, "Members": f.grid})
	ss, err := srv.Spreadsheets.Get(f.id).Fields("sheets.properties(sheetId,title)").Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	for _, sh := range ss.Sheets {
		switch sh.Properties.Title {
		case "Members":
			f.members = sh.Properties.SheetId
		case "Dashboard":
			f.dash = sh.Properties.SheetId
		}
	}
	col := func(c int64) *sheets.GridRange {
		return &sheets.GridRange{SheetId: f.members, StartRowIndex: 1, StartColumnIndex: c, EndColumnIndex: c + 1, ForceSendFields: []string{"SheetId"}}
	}
	rule := func(c int64, kind string) *sheets.Request {
		return &sheets.Request{AddConditionalFormatRule: &sheets.AddConditionalFormatRuleRequest{
			Index: 99, // set below: each rule goes last
			Rule: &sheets.ConditionalFormatRule{Ranges: []*sheets.GridRange{col(c)},
				BooleanRule: &sheets.BooleanRule{Condition: &sheets.BooleanCondition{Type: kind}, Format: &sheets.CellFormat{TextFormat: &sheets.TextFormat{Bold: true}}}}}}
	}
	f.rules = []string{"NOT_BLANK", "TEXT_EQ", "BLANK"}
	reqs := []*sheets.Request{
		{AddProtectedRange: &sheets.AddProtectedRangeRequest{ProtectedRange: &sheets.ProtectedRange{
			Range: &sheets.GridRange{SheetId: f.members, StartColumnIndex: 4, EndColumnIndex: 5, ForceSendFields: []string{"SheetId"}}, Description: "ours", WarningOnly: true}}},
		{AddProtectedRange: &sheets.AddProtectedRangeRequest{ProtectedRange: &sheets.ProtectedRange{
			Range: &sheets.GridRange{SheetId: f.members, StartColumnIndex: 0, EndColumnIndex: 1, ForceSendFields: []string{"SheetId"}}, Description: "theirs", WarningOnly: true}}},
		rule(3, "NOT_BLANK"), rule(1, "TEXT_EQ"), rule(2, "BLANK"),
		{SetDataValidation: &sheets.SetDataValidationRequest{
			Range: &sheets.GridRange{SheetId: f.members, StartRowIndex: 1, EndRowIndex: 4, StartColumnIndex: 1, EndColumnIndex: 2, ForceSendFields: []string{"SheetId"}},
			Rule: &sheets.DataValidationRule{Condition: &sheets.BooleanCondition{Type: "ONE_OF_LIST",
				Values: []*sheets.ConditionValue{{UserEnteredValue: "Organization"}, {UserEnteredValue: "Individual"}}}, Strict: true}}},
		{AddChart: &sheets.AddChartRequest{Chart: &sheets.EmbeddedChart{
			Spec: &sheets.ChartSpec{Title: "Votes", BasicChart: &sheets.BasicChartSpec{ChartType: "COLUMN",
				Domains: []*sheets.BasicChartDomain{{Domain: &sheets.ChartData{SourceRange: &sheets.ChartSourceRange{Sources: []*sheets.GridRange{col(0)}}}}},
				Series:  []*sheets.BasicChartSeries{{Series: &sheets.ChartData{SourceRange: &sheets.ChartSourceRange{Sources: []*sheets.GridRange{col(2)}}}}}}},
			Position: &sheets.EmbeddedObjectPosition{OverlayPosition: &sheets.OverlayPosition{
				AnchorCell: &sheets.GridCoordinate{SheetId: f.members, RowIndex: 6, ColumnIndex: 6, ForceSendFields: []string{"SheetId"}}}}}}},
		{CreateDeveloperMetadata: &sheets.CreateDeveloperMetadataRequest{DeveloperMetadata: &sheets.DeveloperMetadata{
			MetadataKey: "k", MetadataValue: "sheet", Visibility: "DOCUMENT",
			Location: &sheets.DeveloperMetadataLocation{SheetId: f.members, ForceSendFields: []string{"SheetId"}}}}},
		{CreateDeveloperMetadata: &sheets.CreateDeveloperMetadataRequest{DeveloperMetadata: &sheets.DeveloperMetadata{
			MetadataKey: "col", MetadataValue: "flags", Visibility: "DOCUMENT",
			Location: &sheets.DeveloperMetadataLocation{DimensionRange: &sheets.DimensionRange{
				SheetId: f.members, Dimension: "COLUMNS", StartIndex: 3, EndIndex: 4, ForceSendFields: []string{"SheetId"}}}}}},
		{CreateDeveloperMetadata: &sheets.CreateDeveloperMetadataRequest{DeveloperMetadata: &sheets.DeveloperMetadata{
			MetadataKey: "row", MetadataValue: "ana", Visibility: "DOCUMENT",
			Location: &sheets.DeveloperMetadataLocation{DimensionRange: &sheets.DimensionRange{
				SheetId: f.members, Dimension: "ROWS", StartIndex: 1, EndIndex: 2, ForceSendFields: []string{"SheetId"}}}}}},
		{CreateDeveloperMetadata: &sheets.CreateDeveloperMetadataRequest{DeveloperMetadata: &sheets.DeveloperMetadata{
			MetadataKey: "k", MetadataValue: "book", Visibility: "DOCUMENT",
			Location: &sheets.DeveloperMetadataLocation{Spreadsheet: true}}}},
	}
	for i, r := range reqs[2:5] {
		r.AddConditionalFormatRule.Index = int64(i)
		r.AddConditionalFormatRule.ForceSendFields = []string{"Index"}
	}
	resp, err := srv.Spreadsheets.BatchUpdate(f.id, &sheets.BatchUpdateSpreadsheetRequest{Requests: reqs}).Do()
	if err != nil {
		t.Fatalf("lay the fixture: %v", err)
	}
	f.ours = resp.Replies[0].AddProtectedRange.ProtectedRange.ProtectedRangeId
	f.theirs = resp.Replies[1].AddProtectedRange.ProtectedRange.ProtectedRangeId
	f.chart = resp.Replies[6].AddChart.Chart.ChartId
	f.sheetMD = resp.Replies[7].CreateDeveloperMetadata.DeveloperMetadata.MetadataId
	f.colMD = resp.Replies[8].CreateDeveloperMetadata.DeveloperMetadata.MetadataId
	f.rowMD = resp.Replies[9].CreateDeveloperMetadata.DeveloperMetadata.MetadataId
	f.bookMD = resp.Replies[10].CreateDeveloperMetadata.DeveloperMetadata.MetadataId
	return f
}

func (f *fixture) batch(reqs ...*sheets.Request) (*sheets.BatchUpdateSpreadsheetResponse, error) {
	return f.srv.Spreadsheets.BatchUpdate(f.id, &sheets.BatchUpdateSpreadsheetRequest{Requests: reqs}).Context(context.Background()).Do()
}

func (f *fixture) members0(t *testing.T) *sheets.Sheet {
	t.Helper()
	ss, err := f.srv.Spreadsheets.Get(f.id).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	for _, sh := range ss.Sheets {
		if sh.Properties.SheetId == f.members {
			return sh
		}
	}
	t.Fatal("no Members tab")
	return nil
}

func lookup(id int64) []*sheets.DataFilter {
	return []*sheets.DataFilter{{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{MetadataId: id}}}
}

func metadataValues(mds []*sheets.DeveloperMetadata) []string {
	var out []string
	for _, md := range mds {
		out = append(out, md.MetadataKey+"="+md.MetadataValue)
	}
	slices.Sort(out)
	return out
}

func TestDeleteAndUpdateObjects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		req   func(f *fixture) *sheets.Request
		check func(t *testing.T, f *fixture, reply *sheets.Response)
	}{
		{"deleteProtectedRange keeps the others",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{DeleteProtectedRange: &sheets.DeleteProtectedRangeRequest{ProtectedRangeId: f.ours}}
			},
			func(t *testing.T, f *fixture, _ *sheets.Response) {
				var got []string
				for _, pr := range f.members0(t).ProtectedRanges {
					got = append(got, pr.Description)
				}
				if !slices.Equal(got, []string{"theirs"}) {
					t.Errorf("protected ranges = %q, want only theirs", got)
				}
			}},
		{"deleteConditionalFormatRule moves the later rules up",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{DeleteConditionalFormatRule: &sheets.DeleteConditionalFormatRuleRequest{
					SheetId: f.members, Index: 0, ForceSendFields: []string{"SheetId", "Index"}}}
			},
			func(t *testing.T, f *fixture, reply *sheets.Response) {
				if r := reply.DeleteConditionalFormatRule; r == nil || r.Rule == nil || r.Rule.BooleanRule.Condition.Type != "NOT_BLANK" {
					t.Errorf("reply = %+v, want the NOT_BLANK rule deleted", r)
				}
				var got []string
				for _, r := range f.members0(t).ConditionalFormats {
					got = append(got, r.BooleanRule.Condition.Type)
				}
				if want := []string{"TEXT_EQ", "BLANK"}; !slices.Equal(got, want) {
					t.Errorf("rules = %q, want %q", got, want)
				}
			}},
		{"deleteEmbeddedObject removes the chart",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{DeleteEmbeddedObject: &sheets.DeleteEmbeddedObjectRequest{ObjectId: f.chart}}
			},
			func(t *testing.T, f *fixture, _ *sheets.Response) {
				if n := len(f.members0(t).Charts); n != 0 {
					t.Errorf("charts = %d, want 0", n)
				}
			}},
		{"updateDeveloperMetadata sets only the masked field",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
					DataFilters: lookup(f.sheetMD), Fields: "metadataValue",
					DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "v2", MetadataKey: "ignored"}}}
			},
			func(t *testing.T, f *fixture, reply *sheets.Response) {
				if got := metadataValues(reply.UpdateDeveloperMetadata.DeveloperMetadata); !slices.Equal(got, []string{"k=v2"}) {
					t.Errorf("reply = %q, want [k=v2]", got)
				}
				md, err := f.srv.Spreadsheets.DeveloperMetadata.Get(f.id, f.sheetMD).Do()
				if err != nil || md.MetadataKey != "k" || md.MetadataValue != "v2" || md.Location.LocationType != "SHEET" || md.Visibility != "DOCUMENT" {
					t.Errorf("get = %+v, %v; want k=v2 on the sheet, DOCUMENT", md, err)
				}
			}},
		{"updateDeveloperMetadata by key updates every match",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
					DataFilters: []*sheets.DataFilter{{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{MetadataKey: "k"}}},
					Fields:      "metadataValue", DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "same"}}}
			},
			func(t *testing.T, f *fixture, reply *sheets.Response) {
				if got := metadataValues(reply.UpdateDeveloperMetadata.DeveloperMetadata); !slices.Equal(got, []string{"k=same", "k=same"}) {
					t.Errorf("reply = %q, want two k=same", got)
				}
			}},
		{"updateDeveloperMetadata moves it to another location",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
					DataFilters: lookup(f.colMD), Fields: "location",
					DeveloperMetadata: &sheets.DeveloperMetadata{Location: &sheets.DeveloperMetadataLocation{SheetId: f.dash, ForceSendFields: []string{"SheetId"}}}}}
			},
			func(t *testing.T, f *fixture, _ *sheets.Response) {
				md, err := f.srv.Spreadsheets.DeveloperMetadata.Get(f.id, f.colMD).Do()
				if err != nil || md.Location.LocationType != "SHEET" || md.Location.SheetId != f.dash || md.Location.DimensionRange != nil || md.MetadataKey != "col" {
					t.Errorf("get = %+v, %v; want col on the Dashboard sheet", md.Location, err)
				}
			}},
		{"deleteDeveloperMetadata lists what it deleted",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{DeleteDeveloperMetadata: &sheets.DeleteDeveloperMetadataRequest{
					DataFilter: &sheets.DataFilter{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{MetadataKey: "k"}}}}
			},
			func(t *testing.T, f *fixture, reply *sheets.Response) {
				if got := metadataValues(reply.DeleteDeveloperMetadata.DeletedDeveloperMetadata); !slices.Equal(got, []string{"k=book", "k=sheet"}) {
					t.Errorf("deleted = %q, want k=book and k=sheet", got)
				}
				_, err := f.srv.Spreadsheets.DeveloperMetadata.Get(f.id, f.sheetMD).Do()
				if ge := apiErr(t, err); ge.Code != 404 || ge.Message != fmt.Sprintf("No developer metadata with ID: %d", f.sheetMD) {
					t.Errorf("get deleted = %d %q, want 404", ge.Code, ge.Message)
				}
				if _, err := f.srv.Spreadsheets.DeveloperMetadata.Get(f.id, f.colMD).Do(); err != nil {
					t.Errorf("other metadata: %v, want it kept", err)
				}
			}},
		{"deleteDeveloperMetadata by a range takes what lies on it",
			func(f *fixture) *sheets.Request {
				return &sheets.Request{DeleteDeveloperMetadata: &sheets.DeleteDeveloperMetadataRequest{
					DataFilter: &sheets.DataFilter{A1Range: "Members!D5:E9"}}}
			},
			func(t *testing.T, f *fixture, reply *sheets.Response) {
				if got := metadataValues(reply.DeleteDeveloperMetadata.DeletedDeveloperMetadata); !slices.Equal(got, []string{"col=flags", "k=sheet"}) {
					t.Errorf("deleted = %q, want the column D and sheet metadata, not row 2's", got)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			resp, err := f.batch(tc.req(f))
			if err != nil {
				t.Fatalf("batchUpdate: %v", err)
			}
			if len(resp.Replies) != 1 {
				t.Fatalf("replies = %d, want 1", len(resp.Replies))
			}
			tc.check(t, f, resp.Replies[0])
		})
	}
}

func TestObjectErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before := f.state(t)
	tests := []struct {
		name string
		req  *sheets.Request
		want string
	}{
		{"unknown protected range", &sheets.Request{DeleteProtectedRange: &sheets.DeleteProtectedRangeRequest{ProtectedRangeId: 999}},
			"Invalid requests[0].deleteProtectedRange: No protected range with id: 999"},
		{"no rule at index", &sheets.Request{DeleteConditionalFormatRule: &sheets.DeleteConditionalFormatRuleRequest{SheetId: f.members, Index: 3}},
			fmt.Sprintf("Invalid requests[0].deleteConditionalFormatRule: No conditional format on sheet: %d at index: 3", f.members)},
		{"rule on unknown sheet", &sheets.Request{DeleteConditionalFormatRule: &sheets.DeleteConditionalFormatRuleRequest{SheetId: 12345}},
			"Invalid requests[0].deleteConditionalFormatRule: No grid with id: 12345"},
		{"unknown chart", &sheets.Request{DeleteEmbeddedObject: &sheets.DeleteEmbeddedObjectRequest{ObjectId: 999}},
			"Invalid requests[0].deleteEmbeddedObject: No embedded object with id: 999"},
		{"update unknown metadata", &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
			DataFilters: lookup(999), Fields: "metadataValue", DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "x"}}},
			"Invalid requests[0].updateDeveloperMetadata: No developer metadata with ID: 999"},
		{"update without fields", &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
			DataFilters: lookup(f.sheetMD), DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "x"}}},
			"Invalid requests[0].updateDeveloperMetadata: At least one field must be specified in 'fields'."},
		{"update with a misspelled mask", &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
			DataFilters: lookup(f.sheetMD), Fields: "metadataVal", DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "x"}}},
			"Invalid requests[0].updateDeveloperMetadata: Invalid field mask: metadataVal"},
		{"update without filters", &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
			Fields: "metadataValue", DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "x"}}},
			"Invalid requests[0].updateDeveloperMetadata: At least one data filter must be specified."},
		{"update clearing the key", &sheets.Request{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{
			DataFilters: lookup(f.sheetMD), Fields: "metadataKey", DeveloperMetadata: &sheets.DeveloperMetadata{}}},
			"Invalid requests[0].updateDeveloperMetadata: Developer metadata must have a key."},
		{"delete unknown metadata", &sheets.Request{DeleteDeveloperMetadata: &sheets.DeleteDeveloperMetadataRequest{
			DataFilter: lookup(999)[0]}},
			"Invalid requests[0].deleteDeveloperMetadata: No developer metadata with ID: 999"},
		{"move past the grid", &sheets.Request{MoveDimension: &sheets.MoveDimensionRequest{
			Source: &sheets.DimensionRange{SheetId: f.members, Dimension: "COLUMNS", StartIndex: 0, EndIndex: 1}, DestinationIndex: 27}},
			"Invalid requests[0].moveDimension: destinationIndex 27 is out of bounds for a sheet with 26 columns."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.batch(tc.req)
			if ge := apiErr(t, err); ge.Code != 400 || ge.Message != tc.want {
				t.Errorf("error = %d %q, want 400 %q", ge.Code, ge.Message, tc.want)
			}
		})
	}
	raw := []struct{ name, body, want string }{
		{"misspelled protectedRangeId", `{"requests":[{"deleteProtectedRange":{"protectedRangeID":1}}]}`,
			`Invalid JSON payload received. Unknown name "protectedRangeID" at 'requests[0].delete_protected_range': Cannot find field.`},
		{"index as text", `{"requests":[{"deleteConditionalFormatRule":{"sheetId":0,"index":"first"}}]}`,
			`Invalid value at 'requests[0].delete_conditional_format_rule.index' (TYPE_INT32), "first"`},
		{"misspelled dataFilter", `{"requests":[{"deleteDeveloperMetadata":{"dataFilters":[]}}]}`,
			`Invalid JSON payload received. Unknown name "dataFilters" at 'requests[0].delete_developer_metadata': Cannot find field.`},
		{"misspelled destination", `{"requests":[{"moveDimension":{"destination":3}}]}`,
			`Invalid JSON payload received. Unknown name "destination" at 'requests[0].move_dimension': Cannot find field.`},
	}
	for _, tc := range raw {
		t.Run(tc.name, func(t *testing.T) {
			code, body := rawCall(t, f.s, "POST", "/v4/spreadsheets/"+f.id+":batchUpdate", tc.body)
			e, _ := body["error"].(map[string]any)
			if code != 400 || e["message"] != tc.want {
				t.Errorf("got %d %v, want 400 %q", code, e["message"], tc.want)
			}
		})
	}
	if after := f.state(t); after != before {
		t.Errorf("failed requests changed the spreadsheet:\n got %s\nwant %s", after, before)
	}
}

// state is everything the fixture holds, as JSON: the spreadsheet with its
// grid data, and every developer metadata.
func (f *fixture) state(t *testing.T) string {
	t.Helper()
	ss, err := f.srv.Spreadsheets.Get(f.id).IncludeGridData(true).Do()
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	md, err := f.srv.Spreadsheets.DeveloperMetadata.Search(f.id, &sheets.SearchDeveloperMetadataRequest{
		DataFilters: []*sheets.DataFilter{{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{}}}}).Do()
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	raw, _ := json.Marshal([]any{ss, md.MatchedDeveloperMetadata})
	return string(raw)
}

func TestBatchWithNewRequestsIsAtomic(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before := f.state(t)
	good := []*sheets.Request{
		{DeleteProtectedRange: &sheets.DeleteProtectedRangeRequest{ProtectedRangeId: f.ours}},
		{DeleteConditionalFormatRule: &sheets.DeleteConditionalFormatRuleRequest{SheetId: f.members, Index: 1, ForceSendFields: []string{"SheetId", "Index"}}},
		{DeleteEmbeddedObject: &sheets.DeleteEmbeddedObjectRequest{ObjectId: f.chart}},
		{UpdateDeveloperMetadata: &sheets.UpdateDeveloperMetadataRequest{DataFilters: lookup(f.sheetMD), Fields: "metadataValue",
			DeveloperMetadata: &sheets.DeveloperMetadata{MetadataValue: "changed"}}},
		{DeleteDeveloperMetadata: &sheets.DeleteDeveloperMetadataRequest{DataFilter: lookup(f.colMD)[0]}},
		{MoveDimension: &sheets.MoveDimensionRequest{Source: &sheets.DimensionRange{SheetId: f.members, Dimension: "COLUMNS", StartIndex: 1, EndIndex: 2,
			ForceSendFields: []string{"SheetId"}}, DestinationIndex: 5}},
		{InsertDimension: &sheets.InsertDimensionRequest{Range: &sheets.DimensionRange{SheetId: f.members, Dimension: "ROWS", StartIndex: 0, EndIndex: 2,
			ForceSendFields: []string{"SheetId"}}}},
	}
	bad := &sheets.Request{DeleteProtectedRange: &sheets.DeleteProtectedRangeRequest{ProtectedRangeId: f.ours}} // already deleted above
	_, err := f.batch(append(good, bad)...)
	want := fmt.Sprintf("Invalid requests[%d].deleteProtectedRange: No protected range with id: %d", len(good), f.ours)
	if ge := apiErr(t, err); ge.Code != 400 || ge.Message != want {
		t.Fatalf("error = %d %q, want 400 %q", ge.Code, ge.Message, want)
	}
	if after := f.state(t); after != before {
		t.Errorf("a failed batch changed the spreadsheet:\n got %s\nwant %s", after, before)
	}
	if got := f.s.Values(f.id, "Members"); !reflect.DeepEqual(got, f.grid) {
		t.Errorf("Members = %q, want %q", got, f.grid)
	}
	// The same batch without the bad request goes through.
	if _, err := f.batch(good...); err != nil {
		t.Fatalf("good batch: %v", err)
	}
	if f.state(t) == before {
		t.Error("the good batch changed nothing")
	}
}

// layoutView is what a dimension change moves, in a comparable form.
type layoutView struct {
	Header     []string
	Protected  map[string][2]int64 // description: column span
	Rules      map[string][3]int64 // condition type: first row, first column, end column
	Validated  [][2]int            // cells (row, column) that have the list, in A1:J8
	Chart      [2]int64            // columns of the domain and the series (-1: no source left)
	Anchor     [2]int64            // anchor cell: row, column
	Metadata   map[string][2]int64 // key: span of its row or column (absent: deleted)
	MembersRow []string            // Ana's row (the one with M-0001)
}

func (f *fixture) view(t *testing.T) layoutView {
	t.Helper()
	sh := f.members0(t)
	v := layoutView{Protected: map[string][2]int64{}, Rules: map[string][3]int64{}, Metadata: map[string][2]int64{}}
	vals := f.s.Values(f.id, "Members")
	if len(vals) > 0 {
		v.Header = vals[0]
	}
	for _, row := range vals {
		if slices.Contains(row, "M-0001") {
			v.MembersRow = row
		}
	}
	for _, pr := range sh.ProtectedRanges {
		v.Protected[pr.Description] = [2]int64{pr.Range.StartColumnIndex, pr.Range.EndColumnIndex}
	}
	for _, r := range sh.ConditionalFormats {
		g := r.Ranges[0]
		v.Rules[r.BooleanRule.Condition.Type] = [3]int64{g.StartRowIndex, g.StartColumnIndex, g.EndColumnIndex}
	}
	for _, c := range sh.Charts {
		bc := c.Spec.BasicChart
		first := func(d *sheets.ChartData) int64 {
			if len(d.SourceRange.Sources) == 0 {
				return -1
			}
			return d.SourceRange.Sources[0].StartColumnIndex
		}
		v.Chart = [2]int64{first(bc.Domains[0].Domain), first(bc.Series[0].Series)}
		a := c.Position.OverlayPosition.AnchorCell
		v.Anchor = [2]int64{a.RowIndex, a.ColumnIndex}
	}
	grid, err := f.srv.Spreadsheets.Get(f.id).Ranges("Members!A1:J8").IncludeGridData(true).Do()
	if err != nil {
		t.Fatalf("get grid: %v", err)
	}
	for r, rd := range grid.Sheets[0].Data[0].RowData {
		for c, cd := range rd.Values {
			if cd.DataValidation != nil {
				v.Validated = append(v.Validated, [2]int{r, c})
			}
		}
	}
	found, err := f.srv.Spreadsheets.DeveloperMetadata.Search(f.id, &sheets.SearchDeveloperMetadataRequest{
		DataFilters: []*sheets.DataFilter{{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{LocationType: "COLUMN"}},
			{DeveloperMetadataLookup: &sheets.DeveloperMetadataLookup{LocationType: "ROW"}}}}).Do()
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	for _, m := range found.MatchedDeveloperMetadata {
		dr := m.DeveloperMetadata.Location.DimensionRange
		v.Metadata[m.DeveloperMetadata.MetadataKey] = [2]int64{dr.StartIndex, dr.EndIndex}
	}
	return v
}

func TestDimensionChangesMoveWhatIsAnchored(t *testing.T) {
	t.Parallel()
	// The fixture as laid: see newFixture.
	base := layoutView{
		Header:     []string{"Name", "Type", "Voting", "Flags", "Member ID"},
		Protected:  map[string][2]int64{"ours": {4, 5}, "theirs": {0, 1}},
		Rules:      map[string][3]int64{"NOT_BLANK": {1, 3, 4}, "TEXT_EQ": {1, 1, 2}, "BLANK": {1, 2, 3}},
		Validated:  [][2]int{{1, 1}, {2, 1}, {3, 1}},
		Chart:      [2]int64{0, 2},
		Anchor:     [2]int64{6, 6},
		Metadata:   map[string][2]int64{"col": {3, 4}, "row": {1, 2}},
		MembersRow: []string{"Ana", "Organization", "Yes", "", "M-0001"},
	}
	dim := func(f *fixture, d string, start, end int64) *sheets.DimensionRange {
		return &sheets.DimensionRange{SheetId: f.members, Dimension: d, StartIndex: start, EndIndex: end, ForceSendFields: []string{"SheetId"}}
	}
	tests := []struct {
		name string
		req  func(f *fixture) *sheets.Request
		want func(v *layoutView)
	}{
		{"insert two columns before Type", func(f *fixture) *sheets.Request {
			return &sheets.Request{InsertDimension: &sheets.InsertDimensionRequest{Range: dim(f, "COLUMNS", 1, 3)}}
		}, func(v *layoutView) {
			v.Header = []string{"Name", "", "", "Type", "Voting", "Flags", "Member ID"}
			v.Protected["ours"] = [2]int64{6, 7}
			v.Rules = map[string][3]int64{"NOT_BLANK": {1, 5, 6}, "TEXT_EQ": {1, 3, 4}, "BLANK": {1, 4, 5}}
			v.Validated = [][2]int{{1, 3}, {2, 3}, {3, 3}}
			v.Chart = [2]int64{0, 4}
			v.Anchor = [2]int64{6, 8}
			v.Metadata["col"] = [2]int64{5, 6}
			v.MembersRow = []string{"Ana", "", "", "Organization", "Yes", "", "M-0001"}
		}},
		{"insert a row above the header", func(f *fixture) *sheets.Request {
			return &sheets.Request{InsertDimension: &sheets.InsertDimensionRequest{Range: dim(f, "ROWS", 0, 1)}}
		}, func(v *layoutView) {
			v.Header = []string{} // row 1 is blank now
			v.Rules = map[string][3]int64{"NOT_BLANK": {2, 3, 4}, "TEXT_EQ": {2, 1, 2}, "BLANK": {2, 2, 3}}
			v.Validated = [][2]int{{2, 1}, {3, 1}, {4, 1}}
			v.Anchor = [2]int64{7, 6}
			v.Metadata["row"] = [2]int64{2, 3}
		}},
		{"delete the Flags column", func(f *fixture) *sheets.Request {
			return &sheets.Request{DeleteDimension: &sheets.DeleteDimensionRequest{Range: dim(f, "COLUMNS", 3, 4)}}
		}, func(v *layoutView) {
			v.Header = []string{"Name", "Type", "Voting", "Member ID"}
			v.Protected["ours"] = [2]int64{3, 4}
			delete(v.Rules, "NOT_BLANK") // its only range is gone
			delete(v.Metadata, "col")    // metadata goes with its column
			v.Anchor = [2]int64{6, 5}
			v.MembersRow = []string{"Ana", "Organization", "Yes", "M-0001"}
		}},
		{"delete Name and Type", func(f *fixture) *sheets.Request {
			return &sheets.Request{DeleteDimension: &sheets.DeleteDimensionRequest{Range: dim(f, "COLUMNS", 0, 2)}}
		}, func(v *layoutView) {
			v.Header = []string{"Voting", "Flags", "Member ID"}
			v.Protected = map[string][2]int64{"ours": {2, 3}} // theirs covered Name only
			v.Rules = map[string][3]int64{"NOT_BLANK": {1, 1, 2}, "BLANK": {1, 0, 1}}
			v.Validated = nil
			v.Chart = [2]int64{-1, 0} // the domain's only source is gone
			v.Anchor = [2]int64{6, 4}
			v.Metadata["col"] = [2]int64{1, 2}
			v.MembersRow = []string{"Yes", "", "M-0001"}
		}},
		{"drag Type to the end", func(f *fixture) *sheets.Request {
			return &sheets.Request{MoveDimension: &sheets.MoveDimensionRequest{Source: dim(f, "COLUMNS", 1, 2), DestinationIndex: 5}}
		}, func(v *layoutView) {
			v.Header = []string{"Name", "Voting", "Flags", "Member ID", "Type"}
			v.Protected["ours"] = [2]int64{3, 4}
			v.Rules = map[string][3]int64{"NOT_BLANK": {1, 2, 3}, "TEXT_EQ": {1, 4, 5}, "BLANK": {1, 1, 2}}
			v.Validated = [][2]int{{1, 4}, {2, 4}, {3, 4}}
			v.Chart = [2]int64{0, 1}
			v.Metadata["col"] = [2]int64{2, 3}
			v.MembersRow = []string{"Ana", "Yes", "", "M-0001", "Organization"}
		}},
		{"drag Member ID to the front", func(f *fixture) *sheets.Request {
			return &sheets.Request{MoveDimension: &sheets.MoveDimensionRequest{Source: dim(f, "COLUMNS", 4, 5), DestinationIndex: 0, ForceSendFields: []string{"DestinationIndex"}}}
		}, func(v *layoutView) {
			v.Header = []string{"Member ID", "Name", "Type", "Voting", "Flags"}
			v.Protected = map[string][2]int64{"ours": {0, 1}, "theirs": {1, 2}}
			v.Rules = map[string][3]int64{"NOT_BLANK": {1, 4, 5}, "TEXT_EQ": {1, 2, 3}, "BLANK": {1, 3, 4}}
			v.Validated = [][2]int{{1, 2}, {2, 2}, {3, 2}}
			v.Chart = [2]int64{1, 3}
			v.Metadata["col"] = [2]int64{4, 5}
			v.MembersRow = []string{"M-0001", "Ana", "Organization", "Yes"}
		}},
		{"drag Ana's row below Luis's", func(f *fixture) *sheets.Request {
			return &sheets.Request{MoveDimension: &sheets.MoveDimensionRequest{Source: dim(f, "ROWS", 1, 2), DestinationIndex: 3}}
		}, func(v *layoutView) {
			v.Metadata["row"] = [2]int64{2, 3} // row metadata goes with its row
		}},
		{"a move onto itself changes nothing", func(f *fixture) *sheets.Request {
			return &sheets.Request{MoveDimension: &sheets.MoveDimensionRequest{Source: dim(f, "COLUMNS", 1, 3), DestinationIndex: 2}}
		}, func(v *layoutView) {}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if got := f.view(t); !reflect.DeepEqual(got, base) {
				t.Fatalf("fixture = %+v, want %+v", got, base)
			}
			if _, err := f.batch(tc.req(f)); err != nil {
				t.Fatalf("batchUpdate: %v", err)
			}
			want := base
			want.Protected = clone(base.Protected)
			want.Rules = clone(base.Rules)
			want.Metadata = clone(base.Metadata)
			tc.want(&want)
			if got := f.view(t); !reflect.DeepEqual(got, want) {
				t.Errorf("after the change\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func clone[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestAppendInsertRowsMovesRanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// INSERT_ROWS inserts a row after the table (row 4): nothing anchored
	// above it moves, the chart anchored on row 7 does.
	if _, err := f.srv.Spreadsheets.Values.Append(f.id, "Members!A1:E1", &sheets.ValueRange{Values: [][]any{{"Rosa"}}}).
		ValueInputOption("RAW").InsertDataOption("INSERT_ROWS").Do(); err != nil {
		t.Fatalf("append: %v", err)
	}
	if got := f.view(t).Anchor; got != [2]int64{7, 6} {
		t.Errorf("anchor = %v, want row 7 (index) after a row inserted above it", got)
	}
}

func TestDimChangeSpan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		d          dimChange
		a, b       int
		wa, wb     int
		wantExists bool
	}{
		{"insert before", dimChange{kind: dimInsert, start: 1, end: 3}, 2, 4, 4, 6, true},
		{"insert at start pushes", dimChange{kind: dimInsert, start: 2, end: 3}, 2, 4, 3, 5, true},
		{"insert inside widens", dimChange{kind: dimInsert, start: 3, end: 4}, 2, 4, 2, 5, true},
		{"insert at end leaves", dimChange{kind: dimInsert, start: 4, end: 5}, 2, 4, 2, 4, true},
		{"insert keeps a whole column", dimChange{kind: dimInsert, start: 0, end: 2}, 0, unbounded, 0, unbounded, true},
		{"insert moves an open range", dimChange{kind: dimInsert, start: 0, end: 2}, 1, unbounded, 3, unbounded, true},
		{"delete before", dimChange{kind: dimDelete, start: 0, end: 1}, 2, 4, 1, 3, true},
		{"delete inside shrinks", dimChange{kind: dimDelete, start: 2, end: 3}, 1, 4, 1, 3, true},
		{"delete overlapping start", dimChange{kind: dimDelete, start: 1, end: 3}, 2, 5, 1, 3, true},
		{"delete all of it", dimChange{kind: dimDelete, start: 1, end: 5}, 2, 4, 0, 0, false},
		{"delete after", dimChange{kind: dimDelete, start: 5, end: 6}, 2, 4, 2, 4, true},
		{"move the block itself", dimChange{kind: dimMove, start: 1, end: 2, dest: 5}, 1, 2, 4, 5, true},
		{"move over a range", dimChange{kind: dimMove, start: 1, end: 2, dest: 5}, 2, 4, 1, 3, true},
		{"move into a range widens it", dimChange{kind: dimMove, start: 0, end: 1, dest: 3}, 1, 4, 0, 4, true},
		{"move out of a range shrinks it", dimChange{kind: dimMove, start: 2, end: 3, dest: 6}, 1, 4, 1, 3, true},
		{"move onto itself", dimChange{kind: dimMove, start: 1, end: 3, dest: 2}, 1, 4, 1, 4, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b, ok := tc.d.span(tc.a, tc.b)
			if ok != tc.wantExists || (ok && (a != tc.wa || b != tc.wb)) {
				t.Errorf("span(%d, %d) = %d, %d, %v; want %d, %d, %v", tc.a, tc.b, a, b, ok, tc.wa, tc.wb, tc.wantExists)
			}
		})
	}
	// index is a permutation for moves.
	d := dimChange{kind: dimMove, start: 1, end: 3, dest: 6}
	seen := map[int]bool{}
	for i := 0; i < 8; i++ {
		j, _ := d.index(i)
		if seen[j] {
			t.Errorf("move: index %d maps to %d twice", i, j)
		}
		seen[j] = true
	}
	if got := strings.Join(func() []string {
		var out []string
		for i := 0; i < 8; i++ {
			j, _ := d.index(i)
			out = append(out, fmt.Sprint(j))
		}
		return out
	}(), ","); got != "0,4,5,1,2,3,6,7" {
		t.Errorf("move [1,3) to 6 maps 0..7 to %s, want 0,4,5,1,2,3,6,7", got)
	}
}

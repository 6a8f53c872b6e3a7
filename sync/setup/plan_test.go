package setup

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

func TestPlannedHeader(t *testing.T) {
	t.Parallel()
	members, _ := sheets.SchemaFor(sheets.TabMembers)
	attendance, _ := sheets.SchemaFor(sheets.TabAttendance)
	dashboard, _ := sheets.SchemaFor(sheets.TabDashboard)
	meetings, _ := sheets.SchemaFor(sheets.TabMeetings)
	cases := []struct {
		name      string
		schema    sheets.TabSchema
		row       []string
		lang      domain.Lang
		wantAdded []string
		wantAt    int // column index of the first added header
	}{
		{"empty tab gets every column", meetings, nil, domain.English, meetings.Headers(), 0},
		{"complete tab in another order gets nothing", meetings,
			[]string{"Quorum", "Date", "Notes link", "Cancelled", "Date override", "Calendar event", "Agenda", "Voting members", "Present", "Quorum needed"},
			domain.English, nil, 10},
		{"headers matched ignoring case and spaces", meetings,
			[]string{"  quorum ", "DATE", "notes   link", "cancelled", "date override", "calendar event", "agenda", "voting members", "present", "quorum needed"},
			domain.English, nil, 10},
		{"missing columns go after the last non-blank cell, past blank ones", meetings,
			[]string{"Date", "", "Their column", "", "", "Quorum", "", ""},
			domain.English, []string{"Date override", "Cancelled", "Calendar event", "Agenda", "Voting members", "Present", "Quorum needed", "Notes link"}, 6},
		{"Members missing one owned column", members,
			slices.DeleteFunc(members.Headers(), func(h string) bool { return h == sheets.ColFlags }),
			domain.English, []string{sheets.ColFlags}, len(members.Headers()) - 1},
		{"Attendance with a Name column only needs nothing", attendance,
			[]string{"Name", "2026-01-26"}, domain.English, nil, 2},
		{"Attendance with neither key column gets both", attendance,
			[]string{"", "2026-01-26"}, domain.English, []string{"Member ID", "Name"}, 2},
		{"blank Dashboard gets sync's header in Spanish", dashboard, []string{"", ""}, domain.Spanish, []string{"Qué", "Ahora"}, 0},
		{"Dashboard with anything in row 1 is left alone", dashboard, []string{"Summary"}, domain.English, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			header, added := plannedHeader(c.schema, c.row, c.lang)
			if !slices.Equal(added, c.wantAdded) {
				t.Errorf("added = %q, want %q", added, c.wantAdded)
			}
			if at := len(header) - len(added); at != c.wantAt {
				t.Errorf("added from column %d, want %d", at, c.wantAt)
			}
			for i := 0; i < c.wantAt && i < len(c.row); i++ {
				if header[i] != c.row[i] {
					t.Errorf("header[%d] = %q, want people's %q kept", i, header[i], c.row[i])
				}
			}
		})
	}
}

func TestMeetingSpans(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		header []string
		cols   int64
		want   [][2]int
	}{
		{"new tab: blank columns right of Name", []string{"Member ID", "Name"}, 26, [][2]int{{2, 0}}},
		{"dates run into the blank columns", []string{"Member ID", "Name", "2026-01-26", "2/23/2026"}, 26, [][2]int{{2, 0}}},
		{"their own column between dates is left out", []string{"Name", "2026-01-26", "Notes", "2026-02-23", "2026-03-23", "Phone"}, 26,
			[][2]int{{1, 2}, {3, 5}, {6, 0}}},
		{"a full grid has no blank columns", []string{"Name", "2026-01-26"}, 2, [][2]int{{1, 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			idx, _ := sheets.IndexHeader(sheets.TabAttendance, c.header)
			got := meetingSpans(&tab{index: idx, colCount: c.cols})
			if !slices.Equal(got, c.want) {
				t.Errorf("meetingSpans(%q) = %v, want %v", c.header, got, c.want)
			}
		})
	}
}

func TestTextsInEveryLanguage(t *testing.T) {
	t.Parallel()
	// The owned tabs' headers are the words the sync engine writes there
	// (sheets.OwnedHeader): a renamed key would show a note naming the key.
	for _, tab := range []string{sheets.TabDashboard, sheets.TabSyncIssues} {
		for _, lang := range []domain.Lang{domain.English, domain.Spanish} {
			for _, h := range ownedHeader(tab, lang) {
				if strings.Contains(h, "sheets.header_") || h == "" {
					t.Errorf("%s header in %s has %q, want words from domain's catalog", tab, lang, h)
				}
			}
		}
	}
	for key, byLang := range texts {
		for _, lang := range []domain.Lang{domain.English, domain.Spanish} {
			if strings.TrimSpace(byLang[lang]) == "" {
				t.Errorf("%s has no %s wording", key, lang)
			}
		}
		if en, es := strings.Count(byLang[domain.English], "%"), strings.Count(byLang[domain.Spanish], "%"); en != es {
			t.Errorf("%s: English has %d verbs, Spanish %d", key, en, es)
		}
	}
}

// setUp creates a spreadsheet with setup and reads it back as setup reads it.
func setUp(t *testing.T, lang domain.Lang) (ss *sheetsapi.Spreadsheet, headers map[string][]string) {
	t.Helper()
	_, svc := newService(t)
	ctx := context.Background()
	res, err := Run(ctx, svc, Options{Title: "Plan", Lang: lang})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	ss, headers, _, err = read(ctx, svc, res.SpreadsheetID)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return ss, headers
}

// clone deep-copies a spreadsheet as read, for one case to change.
func clone(t *testing.T, ss *sheetsapi.Spreadsheet, headers map[string][]string) (*sheetsapi.Spreadsheet, map[string][]string) {
	t.Helper()
	var out sheetsapi.Spreadsheet
	b, _ := json.Marshal(ss)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	h := map[string][]string{}
	for k, v := range headers {
		h[k] = slices.Clone(v)
	}
	return &out, h
}

func find(ss *sheetsapi.Spreadsheet, title string) *sheetsapi.Sheet {
	for _, sh := range ss.Sheets {
		if sh.Properties.Title == title {
			return sh
		}
	}
	return nil
}

// kinds counts a plan's requests by kind ("addProtectedRange").
func requestKinds(t *testing.T, reqs []*sheetsapi.Request) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range reqs {
		var m map[string]json.RawMessage
		b, _ := json.Marshal(r)
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			out[k]++
		}
	}
	return out
}

// TestPlanAfterSetup plans again over a spreadsheet setup laid out, after
// the changes people may make: setup removes only what it laid itself, and
// only where something changed.
func TestPlanAfterSetup(t *testing.T) {
	t.Parallel()
	base, baseHeaders := setUp(t, domain.English)
	members := find(base, sheets.TabMembers)
	var ourMembersProtects []int64
	for _, pr := range members.ProtectedRanges {
		ourMembersProtects = append(ourMembersProtects, pr.ProtectedRangeId)
	}
	theirProtect := &sheetsapi.ProtectedRange{ProtectedRangeId: 9001, Description: "Only the treasurer edits this",
		Range: &sheetsapi.GridRange{SheetId: members.Properties.SheetId, StartColumnIndex: 2, EndColumnIndex: 3}}
	theirRule := &sheetsapi.ConditionalFormatRule{
		Ranges:      []*sheetsapi.GridRange{{SheetId: members.Properties.SheetId, StartColumnIndex: 1, EndColumnIndex: 2}},
		BooleanRule: &sheetsapi.BooleanRule{Condition: &sheetsapi.BooleanCondition{Type: "NOT_BLANK"}, Format: &sheetsapi.CellFormat{BackgroundColor: &sheetsapi.Color{Green: 1}}},
	}

	cases := []struct {
		name      string
		change    func(ss *sheetsapi.Spreadsheet, h map[string][]string)
		lang      domain.Lang
		wantKinds map[string]int // request kinds, exactly
		wantAdded []string
		// wantChecks are the columns whose row 2 setup reads first, by
		// tab (none: no extra read).
		wantChecks map[string][]int
		// seen is row 2's data validation as that read returns it.
		seen  func(ss *sheetsapi.Spreadsheet) validations
		check func(t *testing.T, p *Plan)
	}{
		{
			name: "unchanged", change: func(*sheetsapi.Spreadsheet, map[string][]string) {},
			wantKinds: map[string]int{},
		},
		{
			name: "people's own protection and color are not setup's business",
			change: func(ss *sheetsapi.Spreadsheet, _ map[string][]string) {
				m := find(ss, sheets.TabMembers)
				m.ProtectedRanges = append(m.ProtectedRanges, theirProtect)
				m.ConditionalFormats = append([]*sheetsapi.ConditionalFormatRule{theirRule}, m.ConditionalFormats...)
			},
			wantKinds: map[string]int{},
		},
		{
			name: "Name and Member ID swapped on Members",
			change: func(ss *sheetsapi.Spreadsheet, h map[string][]string) {
				m := find(ss, sheets.TabMembers)
				m.ProtectedRanges = append(m.ProtectedRanges, theirProtect)
				m.ConditionalFormats = append([]*sheetsapi.ConditionalFormatRule{theirRule}, m.ConditionalFormats...)
				row := h[sheets.TabMembers]
				row[0], row[1] = row[1], row[0]
			},
			wantKinds: map[string]int{
				"deleteProtectedRange": 3, "deleteConditionalFormatRule": 1, "repeatCell": 1, "setDataValidation": 5,
				"addProtectedRange": 3, "addConditionalFormatRule": 1, "updateDeveloperMetadata": 1,
			},
			wantAdded: []string{"Updated the lists, warnings and colors of Members to where its columns are now"},
			check: func(t *testing.T, p *Plan) {
				var deleted []int64
				for _, r := range p.Requests {
					if r.DeleteProtectedRange != nil {
						deleted = append(deleted, r.DeleteProtectedRange.ProtectedRangeId)
					}
					if r.DeleteConditionalFormatRule != nil && r.DeleteConditionalFormatRule.Index != 1 {
						t.Errorf("deletes conditional format %d, want 1 (setup's, after people's rule at 0)", r.DeleteConditionalFormatRule.Index)
					}
					if a := r.AddProtectedRange; a != nil && a.ProtectedRange.Range.StartColumnIndex == 1 {
						if a.ProtectedRange.Range.EndColumnIndex != 2 {
							t.Errorf("protects columns [1,%d), want Member ID alone, now in B", a.ProtectedRange.Range.EndColumnIndex)
						}
					}
					if a := r.AddProtectedRange; a != nil && a.ProtectedRange.Range.StartColumnIndex == 0 {
						t.Errorf("protects column A, which is now Name")
					}
				}
				if !sameIDs(deleted, ourMembersProtects) {
					t.Errorf("deletes protected ranges %v, want setup's own %v (never 9001)", deleted, ourMembersProtects)
				}
			},
		},
		{
			name: "Type and Email retyped in each other's place: setup's Type list comes off Email",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				swapHeaders(h[sheets.TabMembers], sheets.ColType, sheets.ColEmail)
			},
			wantChecks: map[string][]int{sheets.TabMembers: {membersAt(sheets.ColType)}},
			seen: func(ss *sheetsapi.Spreadsheet) validations {
				return validations{find(ss, sheets.TabMembers).Properties.SheetId: {membersAt(sheets.ColType): ourList(sheets.ColType, domain.English)}}
			},
			wantKinds: map[string]int{
				"deleteProtectedRange": 3, "deleteConditionalFormatRule": 1, "repeatCell": 1, "setDataValidation": 5 + 1,
				"addProtectedRange": 3, "addConditionalFormatRule": 1, "updateDeveloperMetadata": 1,
			},
			wantAdded: []string{"Updated the lists, warnings and colors of Members to where its columns are now"},
			check: func(t *testing.T, p *Plan) {
				typ, email := membersAt(sheets.ColType), membersAt(sheets.ColEmail) // before the swap
				cleared, laidType := -1, -1
				for i, r := range p.Requests {
					v := r.SetDataValidation
					if v == nil {
						continue
					}
					if v.Rule == nil {
						if g := v.Range; g.StartColumnIndex != int64(typ) || g.EndColumnIndex != int64(typ+1) || g.StartRowIndex != 1 || g.EndRowIndex != 0 {
							t.Errorf("clears %+v, want column %d (now Email) from row 2 down", g, typ)
						}
						cleared = i
						continue
					}
					if slices.Equal(listValues(v.Rule), memberTypes) {
						if v.Range.StartColumnIndex != int64(email) {
							t.Errorf("lays the Type list on column %d, want %d (now Type)", v.Range.StartColumnIndex, email)
						}
						laidType = i
					}
				}
				if cleared < 0 || laidType < 0 || cleared > laidType {
					t.Errorf("clear at request %d, Type list at %d; want both, the clear first", cleared, laidType)
				}
				for _, r := range p.Requests {
					if u := r.UpdateDeveloperMetadata; u != nil {
						if _, lists := parseMetaValue(u.DeveloperMetadata.MetadataValue); !slices.Contains(lists, laid{sheets.ColType, email, email + 1}) {
							t.Errorf("metadata value %q does not record the Type list on column %d", u.DeveloperMetadata.MetadataValue, email)
						}
					}
				}
			},
		},
		{
			name: "Type and Email retyped, and people's own list on the column now headed Email: kept",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				swapHeaders(h[sheets.TabMembers], sheets.ColType, sheets.ColEmail)
			},
			wantChecks: map[string][]int{sheets.TabMembers: {membersAt(sheets.ColType)}},
			seen: func(ss *sheetsapi.Spreadsheet) validations {
				theirs := ourList(sheets.ColType, domain.English)
				theirs.InputMessage = "" // made in Sheets: the same values, no help text
				return validations{find(ss, sheets.TabMembers).Properties.SheetId: {membersAt(sheets.ColType): theirs}}
			},
			wantKinds: map[string]int{
				"deleteProtectedRange": 3, "deleteConditionalFormatRule": 1, "repeatCell": 1, "setDataValidation": 5,
				"addProtectedRange": 3, "addConditionalFormatRule": 1, "updateDeveloperMetadata": 1,
			},
			wantAdded: []string{"Updated the lists, warnings and colors of Members to where its columns are now"},
		},
		{
			name: "Type and Email retyped, row 2 not read: nothing cleared",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				swapHeaders(h[sheets.TabMembers], sheets.ColType, sheets.ColEmail)
			},
			wantChecks: map[string][]int{sheets.TabMembers: {membersAt(sheets.ColType)}},
			wantKinds: map[string]int{
				"deleteProtectedRange": 3, "deleteConditionalFormatRule": 1, "repeatCell": 1, "setDataValidation": 5,
				"addProtectedRange": 3, "addConditionalFormatRule": 1, "updateDeveloperMetadata": 1,
			},
			wantAdded: []string{"Updated the lists, warnings and colors of Members to where its columns are now"},
		},
		{
			name: "a Meetings column moved: the chart follows",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				row := h[sheets.TabMeetings]
				i, j := indexOf(row, sheets.ColPresent), indexOf(row, sheets.ColNotesLink)
				row[i], row[j] = row[j], row[i]
			},
			wantKinds: map[string]int{
				// Meetings: its warnings (owned columns were A and D:I, now A,
				// D:F and H:J) and color again; Dashboard: its chart and tab
				// warning again.
				"deleteProtectedRange": 2 + 1, "deleteConditionalFormatRule": 1, "deleteEmbeddedObject": 1, "repeatCell": 2,
				"addProtectedRange": 3 + 1, "addConditionalFormatRule": 1, "addChart": 1, "updateDeveloperMetadata": 2,
			},
			wantAdded: []string{
				"Updated the lists, warnings and colors of Meetings to where its columns are now",
				"Updated the lists, warnings and colors of Dashboard to where its columns are now",
			},
			check: func(t *testing.T, p *Plan) {
				for _, r := range p.Requests {
					if r.AddChart != nil {
						got := r.AddChart.Chart.Spec.BasicChart.Series[1].Series.SourceRange.Sources[0].StartColumnIndex
						if want := int64(indexOf(sheets.Schema[1].Headers(), sheets.ColNotesLink)); got != want {
							t.Errorf("chart reads Present from column %d, want %d where it is now", got, want)
						}
					}
				}
			},
		},
		{
			name: "setup's warning deleted by someone is put back",
			change: func(ss *sheetsapi.Spreadsheet, _ map[string][]string) {
				v := find(ss, sheets.TabVotes)
				v.ProtectedRanges = nil
			},
			wantKinds: map[string]int{"repeatCell": 1, "setDataValidation": 1, "addProtectedRange": 1, "updateDeveloperMetadata": 1},
			wantAdded: []string{"Put back on Votes the lists, warnings and colors that were missing"},
		},
		{
			name: "setup's metadata gone: laid out again, its old warnings removed first",
			change: func(ss *sheetsapi.Spreadsheet, _ map[string][]string) {
				find(ss, sheets.TabVotes).DeveloperMetadata = nil
			},
			wantKinds: map[string]int{"deleteProtectedRange": 1, "repeatCell": 1, "setDataValidation": 1, "addProtectedRange": 1, "createDeveloperMetadata": 1},
			wantAdded: []string{"Put the header row of Votes in bold", "Added lists to choose from in Votes: Kind",
				"Marked the columns of Votes that coalitionsync fills in, so editing them shows a warning: Result"},
		},
		{
			name: "the sync engine added meeting columns to Attendance: nothing to do",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				h[sheets.TabAttendance] = append(h[sheets.TabAttendance], "2026-01-26", "2026-02-23")
			},
			wantKinds: map[string]int{},
		},
		{
			name: "Attendance grid grew: the P/N/A list reaches the new columns",
			change: func(ss *sheetsapi.Spreadsheet, _ map[string][]string) {
				find(ss, sheets.TabAttendance).Properties.GridProperties.ColumnCount += 5
			},
			wantKinds: map[string]int{"repeatCell": 1, "setDataValidation": 1, "updateDeveloperMetadata": 1},
			wantAdded: []string{"Updated the lists, warnings and colors of Attendance to where its columns are now"},
		},
		{
			name: "people added a column of their own to Attendance: meetings after it still get the list",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				h[sheets.TabAttendance] = append(h[sheets.TabAttendance], "2026-01-26", "Notes")
			},
			wantChecks: map[string][]int{sheets.TabAttendance: {3}},
			wantKinds:  map[string]int{"repeatCell": 1, "setDataValidation": 2, "updateDeveloperMetadata": 1},
			wantAdded:  []string{"Updated the lists, warnings and colors of Attendance to where its columns are now"},
		},
		{
			name: "people's Notes column among the meetings still has setup's P/N/A list: it comes off",
			change: func(_ *sheetsapi.Spreadsheet, h map[string][]string) {
				h[sheets.TabAttendance] = append(h[sheets.TabAttendance], "2026-01-26", "Notes")
			},
			wantChecks: map[string][]int{sheets.TabAttendance: {3}},
			seen: func(ss *sheetsapi.Spreadsheet) validations {
				return validations{find(ss, sheets.TabAttendance).Properties.SheetId: {3: ourList(meetingsKey, domain.English)}}
			},
			wantKinds: map[string]int{"repeatCell": 1, "setDataValidation": 2 + 1, "updateDeveloperMetadata": 1},
			wantAdded: []string{"Updated the lists, warnings and colors of Attendance to where its columns are now"},
		},
		{
			name: "header row unfrozen",
			change: func(ss *sheetsapi.Spreadsheet, _ map[string][]string) {
				find(ss, "Sync issues").Properties.GridProperties.FrozenRowCount = 0
			},
			wantKinds: map[string]int{"updateSheetProperties": 1},
			wantAdded: []string{"Kept the header row of Sync issues in view while scrolling"},
		},
		{
			name: "a tab deleted by someone comes back, after the others",
			change: func(ss *sheetsapi.Spreadsheet, h map[string][]string) {
				ss.Sheets = slices.DeleteFunc(ss.Sheets, func(sh *sheetsapi.Sheet) bool { return sh.Properties.Title == "Approval requests" })
				delete(h, "Approval requests")
			},
			wantKinds: map[string]int{"addSheet": 1, "updateCells": 1, "addProtectedRange": 1, "createDeveloperMetadata": 1},
			wantAdded: []string{"Added the Approval requests tab",
				"Marked the columns of Approval requests that coalitionsync fills in, so editing them shows a warning: Deadline, Status"},
			check: func(t *testing.T, p *Plan) {
				for _, r := range p.Requests {
					if r.AddSheet != nil {
						for _, sh := range base.Sheets {
							if sh.Properties.SheetId == r.AddSheet.Properties.SheetId && sh.Properties.Title != "Approval requests" {
								t.Errorf("new tab reuses the sheet ID %d of %s", sh.Properties.SheetId, sh.Properties.Title)
							}
						}
					}
				}
			},
		},
		{
			name:   "language changed: words setup wrote are rewritten, headers are not",
			change: func(*sheetsapi.Spreadsheet, map[string][]string) {},
			lang:   domain.Spanish,
			check: func(t *testing.T, p *Plan) {
				k := requestKinds(t, p.Requests)
				if k["updateCells"] != 0 || k["addSheet"] != 0 {
					t.Errorf("kinds = %v, want no header written", k)
				}
				if k["updateDeveloperMetadata"] != len(sheets.Schema) {
					t.Errorf("updateDeveloperMetadata = %d, want every tab", k["updateDeveloperMetadata"])
				}
				if k["deleteProtectedRange"] != k["addProtectedRange"] || k["deleteEmbeddedObject"] != 1 {
					t.Errorf("kinds = %v, want every warning and the chart replaced", k)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ss, h := clone(t, base, baseHeaders)
			c.change(ss, h)
			lang := c.lang
			if lang == "" {
				lang = domain.English
			}
			opts := Options{SpreadsheetID: ss.SpreadsheetId, Lang: lang}
			got := map[string][]int{}
			d := newDraft(ss, h, opts)
			for _, ch := range d.checks() {
				got[ch.title] = ch.cols
			}
			if len(got) != len(c.wantChecks) || !maps.EqualFunc(got, c.wantChecks, slices.Equal) {
				t.Errorf("checks = %v, want %v", got, c.wantChecks)
			}
			var seen validations
			if c.seen != nil {
				seen = c.seen(ss)
			}
			p := d.plan(seen)
			if c.wantKinds != nil {
				if got := requestKinds(t, p.Requests); !mapsEqual(got, c.wantKinds) {
					t.Errorf("request kinds = %v, want %v", got, c.wantKinds)
				}
				if !slices.Equal(p.Added, c.wantAdded) {
					t.Errorf("Added = %q, want %q", p.Added, c.wantAdded)
				}
			}
			if p.Create != nil {
				t.Errorf("plan creates a spreadsheet, want it adopted")
			}
			if c.check != nil {
				c.check(t, p)
			}
		})
	}
}

// membersAt is the column of a Members header as setup creates the tab.
func membersAt(name string) int { return indexOf(sheets.Schema[0].Headers(), name) }

// swapHeaders retypes two header cells in each other's place.
func swapHeaders(row []string, a, b string) {
	i, j := indexOf(row, a), indexOf(row, b)
	row[i], row[j] = row[j], row[i]
}

func sameIDs(a, b []int64) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestIsOurRule(t *testing.T) {
	t.Parallel()
	rule := func(typ string, c *sheetsapi.Color) *sheetsapi.ConditionalFormatRule {
		return &sheetsapi.ConditionalFormatRule{BooleanRule: &sheetsapi.BooleanRule{
			Condition: &sheetsapi.BooleanCondition{Type: typ}, Format: &sheetsapi.CellFormat{BackgroundColor: c}}}
	}
	single := &sheetsapi.Color{Red: float64(float32(flagColor.Red)), Green: float64(float32(flagColor.Green)), Blue: float64(float32(flagColor.Blue))}
	cases := []struct {
		name string
		rule *sheetsapi.ConditionalFormatRule
		want bool
	}{
		{"setup's flags color", rule("NOT_BLANK", flagColor), true},
		{"setup's color as Sheets stores it (single precision)", rule("NOT_BLANK", single), true},
		{"setup's quorum color", rule("TEXT_STARTS_WITH", quorumColor), true},
		{"people's color on the same condition", rule("NOT_BLANK", &sheetsapi.Color{Red: 1}), false},
		{"setup's color on another condition", rule("TEXT_CONTAINS", flagColor), false},
		{"a gradient", &sheetsapi.ConditionalFormatRule{GradientRule: &sheetsapi.GradientRule{}}, false},
	}
	for _, c := range cases {
		if got := isOurRule(c.rule); got != c.want {
			t.Errorf("%s: isOurRule = %v, want %v", c.name, got, c.want)
		}
	}
}

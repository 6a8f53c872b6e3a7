package setup

import (
	"math"
	"slices"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// dropdown is a list to choose from in one column, from row 2 down.
type dropdown struct {
	tab, column string
	values      []string
	// strict rejects any other text. Lists that are not strict offer the
	// values and keep anything else, with a small warning mark.
	strict bool
}

var (
	yesNo    = []string{"Yes", "No"}
	statuses = []string{domain.StatusApplicant.String(), domain.StatusActive.String(),
		domain.StatusRemoved.String(), domain.StatusWithdrawn.String()}
	kinds        = []string{domain.KindAdmit.String(), domain.KindRemove.String(), domain.KindOther.String()}
	memberTypes  = []string{string(domain.TypeOrganization), string(domain.TypeIndividual)}
	codes        = []string{domain.Present.String(), domain.Notified.String(), domain.Absent.String()}
	groupsValues = func() []string {
		out := make([]string, len(domain.WorkingGroups))
		for i, g := range domain.WorkingGroups {
			out[i] = string(g)
		}
		return out
	}()
)

// dropdowns are the lists setup puts on people's columns. Values stay in
// English: they are what the codec reads in every language.
var dropdowns = []dropdown{
	{sheets.TabMembers, sheets.ColType, memberTypes, true},
	{sheets.TabMembers, sheets.ColStatus, statuses, true},
	{sheets.TabMembers, sheets.ColVoting, yesNo, true},
	// Sheets' ONE_OF_LIST accepts exactly one item of the list per cell, and
	// a member may be in several working groups ("Legislative,
	// Communications"). So this list is not strict: the dropdown offers the
	// three groups, and a cell naming several is still accepted (with a
	// warning mark) and read by the codec.
	{sheets.TabMembers, sheets.ColWorkingGroups, groupsValues, false},
	{sheets.TabMembers, sheets.ColShareContact, yesNo, true},
	{sheets.TabVotes, sheets.ColKind, kinds, true},
}

// highlight is a conditional format setup adds: cells of one column, from
// row 2 down, that meet a condition get a background color. The color
// tells setup's own rules from people's.
type highlight struct {
	tab, column string
	condition   *sheetsapi.BooleanCondition
	color       *sheetsapi.Color
	msg         string
}

var (
	flagColor   = &sheetsapi.Color{Red: 0.988, Green: 0.847, Blue: 0.69} // soft orange
	quorumColor = &sheetsapi.Color{Red: 0.957, Green: 0.78, Blue: 0.765} // soft red
)

var highlights = []highlight{
	{sheets.TabMembers, sheets.ColFlags, &sheetsapi.BooleanCondition{Type: "NOT_BLANK"}, flagColor, msgHighlightFlags},
	{sheets.TabMeetings, sheets.ColQuorum, &sheetsapi.BooleanCondition{Type: "TEXT_STARTS_WITH",
		Values: []*sheetsapi.ConditionValue{{UserEnteredValue: "No"}}}, quorumColor, msgHighlightQuorum},
}

// chartColumns are the Meetings columns the Dashboard chart shows: the
// domain (one bar group per meeting) then the series.
var chartColumns = []string{sheets.ColDate, sheets.ColVotingMembers, sheets.ColPresent, sheets.ColQuorumNeeded}

// chartAnchorColumn is where the chart's top-left corner sits: column D,
// right of the Dashboard's text (the sync engine writes A:B), so the two
// never overlap.
const chartAnchorColumn = 3

// layout is what setup lays on one tab, apart from headers and frozen rows.
type layout struct {
	requests []*sheetsapi.Request
	lines    []string
	lists    []laid // where the lists go, in the order of requests
	protects int    // protected ranges
	rules    int    // conditional format rules
	chart    bool   // the Dashboard chart
}

// tabLayout returns the formats of t: lists, warnings over the columns the
// service fills in, colors, and the Dashboard's chart.
func tabLayout(t *tab, byName map[string]*tab, lang domain.Lang) layout {
	var l layout
	add := func(r *sheetsapi.Request) { l.requests = append(l.requests, r) }
	col := func(i int) *sheetsapi.GridRange { // a column from row 2 down
		return &sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 1, StartColumnIndex: int64(i), EndColumnIndex: int64(i + 1),
			ForceSendFields: []string{"SheetId"}}
	}

	// Lists to choose from.
	var listed []string
	for _, d := range dropdowns {
		if d.tab != t.schema.Name {
			continue
		}
		i, ok := t.index.Index(d.column)
		if !ok {
			continue
		}
		add(&sheetsapi.Request{SetDataValidation: &sheetsapi.SetDataValidationRequest{
			Range: col(i), Rule: ourList(d.column, lang)}})
		l.lists = append(l.lists, laid{key: d.column, start: i, end: i + 1})
		listed = append(listed, d.column)
	}
	if len(listed) > 0 {
		l.lines = append(l.lines, say(lang, msgDropdowns, t.title, list(listed)))
	}
	if t.schema.DateColumns {
		rule := ourList(meetingsKey, lang)
		for _, span := range meetingSpans(t) {
			r := &sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 1, StartColumnIndex: int64(span[0]),
				ForceSendFields: []string{"SheetId"}}
			if span[1] > 0 {
				r.EndColumnIndex = int64(span[1])
			}
			add(&sheetsapi.Request{SetDataValidation: &sheetsapi.SetDataValidationRequest{Range: r, Rule: rule}})
			l.lists = append(l.lists, laid{key: meetingsKey, start: span[0], end: span[1]})
		}
		l.lines = append(l.lines, say(lang, msgAttendanceCodes, t.title))
	}

	// Warnings over what the service fills in.
	if t.schema.Owned {
		add(protect(&sheetsapi.GridRange{SheetId: t.id, ForceSendFields: []string{"SheetId"}}, say(lang, msgDescTab)))
		l.protects++
		l.lines = append(l.lines, say(lang, msgProtectTab, t.title))
	} else {
		var owned []int
		var names []string
		for _, c := range t.index.Cells {
			if c.Column != "" && t.schema.IsOwned(c.Column) {
				owned = append(owned, c.Index)
				names = append(names, c.Column)
			}
		}
		slices.Sort(owned)
		for i := 0; i < len(owned); {
			j := i + 1
			for j < len(owned) && owned[j] == owned[j-1]+1 {
				j++
			}
			add(protect(&sheetsapi.GridRange{SheetId: t.id, StartColumnIndex: int64(owned[i]), EndColumnIndex: int64(owned[j-1] + 1),
				ForceSendFields: []string{"SheetId"}}, say(lang, msgDescColumn)))
			l.protects++
			i = j
		}
		if len(names) > 0 {
			l.lines = append(l.lines, say(lang, msgProtectColumns, t.title, list(names)))
		}
	}

	// Colors.
	for _, h := range highlights {
		if h.tab != t.schema.Name {
			continue
		}
		i, ok := t.index.Index(h.column)
		if !ok {
			continue
		}
		add(&sheetsapi.Request{AddConditionalFormatRule: &sheetsapi.AddConditionalFormatRuleRequest{
			Index: 0, ForceSendFields: []string{"Index"},
			Rule: &sheetsapi.ConditionalFormatRule{
				Ranges: []*sheetsapi.GridRange{col(i)},
				BooleanRule: &sheetsapi.BooleanRule{Condition: h.condition,
					Format: &sheetsapi.CellFormat{BackgroundColor: h.color, TextFormat: &sheetsapi.TextFormat{Bold: true}}},
			},
		}})
		l.rules++
		l.lines = append(l.lines, say(lang, h.msg, h.column, t.title))
	}

	// The Dashboard's chart.
	if t.schema.Name == sheets.TabDashboard {
		if c := dashboardChart(t, byName[sheets.TabMeetings], lang); c != nil {
			add(&sheetsapi.Request{AddChart: &sheetsapi.AddChartRequest{Chart: c}})
			l.chart = true
			l.lines = append(l.lines, say(lang, msgChart, t.title))
		}
	}
	return l
}

func listRule(values []string, strict bool, help string) *sheetsapi.DataValidationRule {
	cv := make([]*sheetsapi.ConditionValue, len(values))
	for i, v := range values {
		cv[i] = &sheetsapi.ConditionValue{UserEnteredValue: v}
	}
	return &sheetsapi.DataValidationRule{
		Condition:    &sheetsapi.BooleanCondition{Type: "ONE_OF_LIST", Values: cv},
		Strict:       strict,
		ShowCustomUi: true,
		InputMessage: help,
	}
}

func protect(r *sheetsapi.GridRange, description string) *sheetsapi.Request {
	return &sheetsapi.Request{AddProtectedRange: &sheetsapi.AddProtectedRangeRequest{ProtectedRange: &sheetsapi.ProtectedRange{
		Range: r, Description: description, WarningOnly: true,
	}}}
}

// meetingSpans returns the Attendance columns that hold meetings, as
// [start, end) column spans: each run of date columns, and the blank
// columns right of the last header, where the sync engine adds the next
// meetings (end 0: to the edge of the grid).
func meetingSpans(t *tab) [][2]int {
	var spans [][2]int
	for _, c := range t.index.Cells {
		if c.Column != "" || !isDate(c.Text) {
			continue
		}
		if n := len(spans); n > 0 && spans[n-1][1] == c.Index {
			spans[n-1][1]++
			continue
		}
		spans = append(spans, [2]int{c.Index, c.Index + 1})
	}
	if int64(t.index.Width) < t.colCount {
		if n := len(spans); n > 0 && spans[n-1][1] == t.index.Width {
			spans[n-1][1] = 0
		} else {
			spans = append(spans, [2]int{t.index.Width, 0})
		}
	}
	return spans
}

// dashboardChart is a combo chart of Voting members and Present (columns)
// and Quorum needed (a line) per meeting, read from the Meetings tab's
// columns wherever they are. nil when Meetings lacks one of them.
func dashboardChart(dash, meetings *tab, lang domain.Lang) *sheetsapi.EmbeddedChart {
	if meetings == nil || meetings.index == nil {
		return nil
	}
	src := make([]*sheetsapi.ChartData, len(chartColumns))
	for i, name := range chartColumns {
		c, ok := meetings.index.Index(name)
		if !ok {
			return nil
		}
		src[i] = &sheetsapi.ChartData{SourceRange: &sheetsapi.ChartSourceRange{Sources: []*sheetsapi.GridRange{{
			SheetId: meetings.id, StartColumnIndex: int64(c), EndColumnIndex: int64(c + 1), ForceSendFields: []string{"SheetId"},
		}}}}
	}
	series := []*sheetsapi.BasicChartSeries{
		{Series: src[1], TargetAxis: "LEFT_AXIS", Type: "COLUMN"},
		{Series: src[2], TargetAxis: "LEFT_AXIS", Type: "COLUMN"},
		{Series: src[3], TargetAxis: "LEFT_AXIS", Type: "LINE"},
	}
	return &sheetsapi.EmbeddedChart{
		Spec: &sheetsapi.ChartSpec{
			Title: say(lang, msgChartTitle),
			BasicChart: &sheetsapi.BasicChartSpec{
				ChartType:      "COMBO",
				LegendPosition: "BOTTOM_LEGEND",
				HeaderCount:    1,
				Axis: []*sheetsapi.BasicChartAxis{
					{Position: "BOTTOM_AXIS", Title: say(lang, msgChartMeeting)},
					{Position: "LEFT_AXIS", Title: say(lang, msgChartMembers)},
				},
				Domains: []*sheetsapi.BasicChartDomain{{Domain: src[0]}},
				Series:  series,
			},
		},
		Position: &sheetsapi.EmbeddedObjectPosition{OverlayPosition: &sheetsapi.OverlayPosition{
			AnchorCell:    &sheetsapi.GridCoordinate{SheetId: dash.id, RowIndex: 0, ColumnIndex: chartAnchorColumn, ForceSendFields: []string{"SheetId"}},
			OffsetXPixels: 16, OffsetYPixels: 8, WidthPixels: 640, HeightPixels: 380,
		}},
	}
}

// ours lists what an earlier setup run laid on a sheet: its metadata, its
// protected ranges (by their description), its colors (by their color and
// condition) and its chart (by its title).
type ours struct {
	metadata *sheetsapi.DeveloperMetadata
	protects []int64 // protected range IDs
	rules    []int   // conditional format rule indexes, ascending
	charts   []int64 // chart IDs
}

func findOurs(sh *sheetsapi.Sheet) ours {
	var o ours
	if sh == nil {
		return o
	}
	for _, md := range sh.DeveloperMetadata {
		if md.MetadataKey == MetadataKey && o.metadata == nil {
			o.metadata = md
		}
	}
	descs := append(everyWording(msgDescColumn), everyWording(msgDescTab)...)
	for _, pr := range sh.ProtectedRanges {
		if slices.Contains(descs, pr.Description) {
			o.protects = append(o.protects, pr.ProtectedRangeId)
		}
	}
	for i, r := range sh.ConditionalFormats {
		if isOurRule(r) {
			o.rules = append(o.rules, i)
		}
	}
	titles := everyWording(msgChartTitle)
	for _, c := range sh.Charts {
		if c.Spec != nil && slices.Contains(titles, c.Spec.Title) {
			o.charts = append(o.charts, c.ChartId)
		}
	}
	return o
}

func isOurRule(r *sheetsapi.ConditionalFormatRule) bool {
	if r == nil || r.BooleanRule == nil || r.BooleanRule.Condition == nil || r.BooleanRule.Format == nil {
		return false
	}
	for _, h := range highlights {
		if r.BooleanRule.Condition.Type == h.condition.Type && sameColor(r.BooleanRule.Format.BackgroundColor, h.color) {
			return true
		}
	}
	return false
}

// sameColor tells whether a, read back from Sheets, is the color b that
// setup asked for. Sheets keeps each of red, green and blue in 1/255 steps
// and answers them in single precision: blue 0.5 comes back as 0.49803922,
// 127/255 (gspread pull request 1199, from Google's answer). Whether it
// truncates or rounds other values is not documented, so a channel matches
// when its step is b's truncated or rounded: setup's orange red 0.988 comes
// back 0.98431 (truncated) or 0.98824 (rounded), both its own.
func sameColor(a, b *sheetsapi.Color) bool {
	if a == nil || b == nil {
		return false
	}
	near := func(got, want float64) bool {
		step := math.Round(got * 255)
		if math.Abs(got*255-step) > 1e-3 { // not a step: compare as sent
			return math.Abs(got-want) < 1e-6
		}
		return step == math.Floor(want*255+1e-4) || step == math.Round(want*255)
	}
	return near(a.Red, b.Red) && near(a.Green, b.Green) && near(a.Blue, b.Blue)
}

// tabFormats is what planFormats decides for one tab.
type tabFormats struct {
	want  string // the layout hash
	l     layout
	o     ours
	relay bool    // lay the formats (again)
	moved bool    // the layout hash changed since the last run
	stale []stale // columns setup listed before and lists no more
}

// formatsOf decides whether t's formats are laid again: unless an earlier
// run already laid them for the same layout and everything it laid is
// still there. The metadata's hash alone decides: the lists recorded after
// it say where the last run laid them, which may differ from where they go
// now with no new layout (the sync engine adds meetings under the P/N/A
// list setup already laid right of them).
func formatsOf(t *tab, byName map[string]*tab, lang domain.Lang) tabFormats {
	f := tabFormats{want: layoutHash(t, byName, lang), l: tabLayout(t, byName, lang), o: findOurs(t.sheet)}
	if f.o.metadata == nil {
		f.relay = true
		return f
	}
	hash, old := parseMetaValue(f.o.metadata.MetadataValue)
	f.moved = hash != f.want
	f.relay = f.moved || len(f.o.protects) != f.l.protects || len(f.o.rules) != f.l.rules || len(f.o.charts) != b2i(f.l.chart)
	if f.relay && t.sheet.Properties != nil && t.sheet.Properties.GridProperties != nil {
		f.stale = staleLists(old, f.l.lists, int(t.sheet.Properties.GridProperties.ColumnCount))
	}
	return f
}

// planFormats lays the formats on t, as f (formatsOf) decided: unless an
// earlier run already did for the same layout and everything it laid is
// still there. Laying them again
// first removes what setup itself laid before (never people's own): its
// warnings, colors and chart by their IDs, and its lists from the columns
// it listed before and lists no more, where row 2 (seen) still holds the
// rule it laid there.
func (p *Plan) planFormats(t *tab, f tabFormats, seen validations, lang domain.Lang) {
	if !f.relay {
		return
	}
	want, l, o := f.want, f.l, f.o
	switch {
	case o.metadata == nil:
		if !t.isNew() {
			p.Added = append(p.Added, say(lang, msgBold, t.title))
		}
		p.Added = append(p.Added, l.lines...)
	case f.moved:
		p.Added = append(p.Added, say(lang, msgMoved, t.title))
	default:
		p.Added = append(p.Added, say(lang, msgRestored, t.title))
	}
	p.Requests = append(p.Requests, clearLists(t, f.stale, seen)...)
	for _, id := range o.protects {
		p.Requests = append(p.Requests, &sheetsapi.Request{DeleteProtectedRange: &sheetsapi.DeleteProtectedRangeRequest{
			ProtectedRangeId: id, ForceSendFields: []string{"ProtectedRangeId"}}})
	}
	for i := len(o.rules) - 1; i >= 0; i-- { // from the last, so indexes hold
		p.Requests = append(p.Requests, &sheetsapi.Request{DeleteConditionalFormatRule: &sheetsapi.DeleteConditionalFormatRuleRequest{
			SheetId: t.id, Index: int64(o.rules[i]), ForceSendFields: []string{"SheetId", "Index"}}})
	}
	for _, id := range o.charts {
		p.Requests = append(p.Requests, &sheetsapi.Request{DeleteEmbeddedObject: &sheetsapi.DeleteEmbeddedObjectRequest{
			ObjectId: id, ForceSendFields: []string{"ObjectId"}}})
	}
	if !t.isNew() {
		p.Requests = append(p.Requests, &sheetsapi.Request{RepeatCell: &sheetsapi.RepeatCellRequest{
			Range:  &sheetsapi.GridRange{SheetId: t.id, StartRowIndex: 0, EndRowIndex: 1, ForceSendFields: []string{"SheetId"}},
			Cell:   &sheetsapi.CellData{UserEnteredFormat: &sheetsapi.CellFormat{TextFormat: &sheetsapi.TextFormat{Bold: true}}},
			Fields: "userEnteredFormat.textFormat.bold",
		}})
	}
	p.Requests = append(p.Requests, l.requests...)
	if o.metadata != nil {
		p.Requests = append(p.Requests, &sheetsapi.Request{UpdateDeveloperMetadata: &sheetsapi.UpdateDeveloperMetadataRequest{
			DataFilters: []*sheetsapi.DataFilter{{DeveloperMetadataLookup: &sheetsapi.DeveloperMetadataLookup{
				MetadataId: o.metadata.MetadataId}}},
			DeveloperMetadata: &sheetsapi.DeveloperMetadata{MetadataValue: metaValue(want, l.lists)},
			Fields:            "metadataValue",
		}})
		return
	}
	p.Requests = append(p.Requests, &sheetsapi.Request{CreateDeveloperMetadata: &sheetsapi.CreateDeveloperMetadataRequest{
		DeveloperMetadata: &sheetsapi.DeveloperMetadata{
			MetadataKey: MetadataKey, MetadataValue: metaValue(want, l.lists), Visibility: "DOCUMENT",
			Location: &sheetsapi.DeveloperMetadataLocation{SheetId: t.id, ForceSendFields: []string{"SheetId"}},
		}}})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

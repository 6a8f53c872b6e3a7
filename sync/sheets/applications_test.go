package sheets

import (
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

// formHeader is an invented response sheet of an application form: long
// question texts, worded like the coalition's own form, with a question of
// the form's own about tax status that says "Status".
var formHeader = []string{
	"Timestamp", "Your organization's name:", "Status (c(3), c(4) or c(6))?", "Mailing address",
	"Representative's name and title", "Phone number:", "Email:", "Tell us briefly about your organization.",
	"How do you work with immigrants in your community?",
	"Which working group would you join (legislative, base building, communications)?*",
	"Application ID", "Application status",
}

func TestIndexHeaderRecognisesFormQuestions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		row       []string
		want      map[string]int // column -> index
		wantExtra []string
		wantMiss  []string
	}{
		{
			name: "English form",
			row:  formHeader,
			want: map[string]int{ColTimestamp: 0, ColOrganizationName: 1, ColTaxStatus: 2, ColAddress: 3,
				ColRepresentativeAndTitle: 4, ColPhone: 5, ColEmail: 6, ColWorkingGroups: 9, ColApplicationID: 10, ColApplicationStatus: 11},
			wantExtra: []string{"Tell us briefly about your organization.", "How do you work with immigrants in your community?"},
			wantMiss:  []string{ColType, ColSector},
		},
		{
			name: "Spanish form, with the email Google collects and a question of its own",
			row: []string{"Marca temporal", "Dirección de correo electrónico", "Nombre de la organización", "Estatus fiscal (501(c)(3))",
				"Dirección", "Nombre y cargo del representante", "Teléfono", "Correo electrónico de contacto", "¿A qué grupo de trabajo se uniría?"},
			want: map[string]int{ColTimestamp: 0, ColEmail: 1, ColOrganizationName: 2, ColTaxStatus: 3, ColAddress: 4,
				ColRepresentativeAndTitle: 5, ColPhone: 6, ColWorkingGroups: 8},
			wantExtra: []string{"Correo electrónico de contacto"},
			wantMiss:  []string{ColApplicationID, ColType, ColSector, ColApplicationStatus},
		},
		{
			name: "the header an earlier setup wrote: Name is the organization's, plain Status is neither",
			row:  []string{"Application ID", "Timestamp", "Name", "Type", "Sector", "Email", "Phone", "Working groups", "Status"},
			want: map[string]int{ColApplicationID: 0, ColTimestamp: 1, ColOrganizationName: 2, ColType: 3, ColSector: 4,
				ColEmail: 5, ColPhone: 6, ColWorkingGroups: 7},
			wantExtra: []string{"Status"},
			wantMiss:  []string{ColTaxStatus, ColRepresentative, ColTitle, ColAddress, ColApplicationStatus},
		},
		{
			name:      "a name is preferred to a close question, whatever the order",
			row:       []string{"Email address", "Email:", "Address of your office", "Contact phone", "Tax", "Syntax notes", "Title"},
			want:      map[string]int{ColEmail: 1, ColAddress: 2, ColPhone: 3, ColTaxStatus: 4, ColTitle: 6},
			wantExtra: []string{"Email address", "Syntax notes"},
			wantMiss:  []string{ColApplicationID, ColTimestamp, ColOrganizationName, ColType, ColSector, ColRepresentative, ColWorkingGroups, ColApplicationStatus},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, issues := IndexHeader(TabApplications, tt.row)
			if len(issues) != 0 {
				t.Errorf("issues = %+v, want none", issues)
			}
			got := map[string]int{}
			for _, c := range h.Cells {
				if c.Column != "" {
					got[c.Column] = c.Index
				}
			}
			if !mapsEqual(got, tt.want) {
				t.Errorf("columns = %v\nwant %v", got, tt.want)
			}
			var extra []string
			for _, c := range h.Extra() {
				extra = append(extra, c.Text)
			}
			if !slices.Equal(extra, tt.wantExtra) {
				t.Errorf("Extra() = %q, want %q", extra, tt.wantExtra)
			}
			var miss []string
			for _, c := range h.Missing() {
				miss = append(miss, c.Name)
			}
			if !slices.Equal(miss, tt.wantMiss) {
				t.Errorf("Missing() = %q, want %q", miss, tt.wantMiss)
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestMatchesTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		terms  []string
		want   bool
	}{
		{"Status (c(6), c(4), c(3)):", []string{"c(3)"}, true},
		{"Nombre de la ORGANIZACIÓN", []string{"nombre", "organi"}, true},
		{"Syntax", []string{"tax"}, false},
		{"Tax-exempt status", []string{"tax"}, true},
		{"Organization", []string{"organi", "name"}, false},
		{"anything", nil, false},
	}
	for _, tt := range tests {
		if got := MatchesTerms(tt.header, tt.terms); got != tt.want {
			t.Errorf("MatchesTerms(%q, %q) = %v, want %v", tt.header, tt.terms, got, tt.want)
		}
	}
}

func TestSchemaApplicationsAndApprovals(t *testing.T) {
	t.Parallel()
	apps := mustSchema(t, TabApplications)
	if got, want := apps.Headers(), []string{ColApplicationID, ColTimestamp, ColOrganizationName, ColType, ColTaxStatus, ColSector,
		ColRepresentative, ColTitle, ColEmail, ColPhone, ColAddress, ColWorkingGroups, ColApplicationStatus}; !slices.Equal(got, want) {
		t.Errorf("Applications headers = %q\nwant %q", got, want)
	}
	if got, want := mustSchema(t, TabApprovalRequests).Headers(), []string{ColRequestedAt, ColWhat, ColLink, ColRequestedBy, ColResponses, ColDeadline, ColStatus}; !slices.Equal(got, want) {
		t.Errorf("Approval requests headers = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		tab, col string
		want     bool
	}{
		{TabApplications, ColApplicationStatus, true},
		{TabApplications, ColStatus, false},
		{TabApplications, ColTaxStatus, false},
		{TabApprovalRequests, ColStatus, true},
		{TabApprovalRequests, ColResponses, false},
	} {
		if got := mustSchema(t, tt.tab).IsOwned(tt.col); got != tt.want {
			t.Errorf("%s.IsOwned(%q) = %v, want %v", tt.tab, tt.col, got, tt.want)
		}
	}
	// The rules name these columns in their issues: the same words.
	for _, pair := range [][2]string{
		{domain.TabApplications, TabApplications}, {domain.TabApprovalRequests, TabApprovalRequests}, {domain.TabVotes, TabVotes},
		{domain.ColumnOrganizationName, ColOrganizationName}, {domain.ColumnEmail, ColEmail}, {domain.ColumnSubject, ColSubject},
	} {
		if pair[0] != pair[1] {
			t.Errorf("domain says %q where the sheet says %q", pair[0], pair[1])
		}
	}
}

func TestParseApplications(t *testing.T) {
	t.Parallel()
	grid := [][]string{
		formHeader,
		{"5/8/2026 14:30:00", "Casa Nueva (invented)", "501(c)(3)", "1 Example St, Springfield", "Lu Inventada, Executive Director",
			"(314) 555-0190", "casanueva@example.org", "We run a food pantry.", "", "Legislative, Base building", "A-0001", "On the agenda"},
		{"", "", "", "", "", "", "", "", "", "", "A-0002", "Received"}, // only the service's cells: skipped
		{"May 9, 2026", "  Ana   Ficticia ", "", "", "Ana Ficticia", "", "ana.f@example.org", "", "I volunteer.", "Not sure yet"},
		nil,
		{"sometime in May", "Escuela Inventada", "", "", "Sam Placeholder – Principal", "", "escuela@example.org", "", "", "", "a-0001"},
	}
	apps, layout, issues, err := ParseApplications(grid)
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 3 || !slices.Equal(layout.Rows, []int{2, 4, 6}) {
		t.Fatalf("apps = %+v, rows %v; want rows 2, 4, 6", apps, layout.Rows)
	}
	casa := apps[0]
	if casa.ID != "A-0001" || casa.Name != "Casa Nueva (invented)" || casa.TaxStatus != "501(c)(3)" || casa.Address != "1 Example St, Springfield" ||
		casa.Representative != "Lu Inventada" || casa.Title != "Executive Director" || casa.Phone != "(314) 555-0190" ||
		casa.Email != "casanueva@example.org" || !slices.Equal(casa.WorkingGroups, []domain.WorkingGroup{domain.Legislative, domain.BaseBuilding}) ||
		casa.Received != (domain.DateTime{Date: domain.NewDate(2026, 5, 8), Hour: 14, Minute: 30, HasTime: true}) {
		t.Errorf("casa = %+v", casa)
	}
	if want := []domain.Answer{{Question: "Tell us briefly about your organization.", Text: "We run a food pantry."}}; !slices.Equal(casa.Answers, want) {
		t.Errorf("answers = %+v, want %+v", casa.Answers, want)
	}
	ana := apps[1]
	if ana.Name != "Ana Ficticia" || ana.Representative != "Ana Ficticia" || ana.Title != "" || ana.Received.Date != domain.NewDate(2026, 5, 9) || ana.Received.HasTime {
		t.Errorf("ana = %+v", ana)
	}
	if esc := apps[2]; esc.Representative != "Sam Placeholder" || esc.Title != "Principal" || !esc.Received.IsZero() {
		t.Errorf("escuela = %+v", esc)
	}
	type issue struct {
		row      int
		col, key string
	}
	var got []issue
	for _, is := range issues {
		got = append(got, issue{is.Row, is.Column, is.Message.Key})
	}
	want := []issue{
		{4, domain.Excerpt(formHeader[9]), msgBadWorkingGroups}, // named as the form asks it
		{6, ColApplicationID, msgDuplicateApplication},
		{6, ColTimestamp, msgBadTimestamp},
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues = %+v\nwant %+v", got, want)
	}
	checkIssues(t, TabApplications, grid, issues)
}

func TestParseApplicationsWithoutANameColumn(t *testing.T) {
	t.Parallel()
	grid := [][]string{{"Timestamp", "Email"}, {"5/8/2026", "x@example.org"}}
	apps, layout, issues, err := ParseApplications(grid)
	if err != nil || len(apps) != 0 || !slices.Equal(layout.Skipped, []int{2}) {
		t.Fatalf("apps %+v, skipped %v, err %v; want none read, row 2 skipped", apps, layout.Skipped, err)
	}
	if len(issues) != 1 || issues[0].Row != 1 || issues[0].Message.Key != msgNoNameColumn {
		t.Errorf("issues = %+v, want one about the missing column", issues)
	}
	// A tab with headers only says nothing.
	if _, _, issues, _ := ParseApplications(grid[:1]); len(issues) != 0 {
		t.Errorf("headers only: issues = %+v", issues)
	}
}

func TestSplitNameAndTitle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, name, title string }{
		{"Lu Inventada, Executive Director", "Lu Inventada", "Executive Director"},
		{"Dr. Lee Madeup, MD, Clinic Director", "Dr. Lee Madeup, MD", "Clinic Director"},
		{"Sam Placeholder — Principal", "Sam Placeholder", "Principal"},
		{"Ana Ficticia", "Ana Ficticia", ""},
		{"Ana-Luz Ficticia", "Ana-Luz Ficticia", ""},
	} {
		if name, title := SplitNameAndTitle(tt.in); name != tt.name || title != tt.title {
			t.Errorf("SplitNameAndTitle(%q) = %q, %q; want %q, %q", tt.in, name, title, tt.name, tt.title)
		}
	}
}

func TestParseApprovals(t *testing.T) {
	t.Parallel()
	grid := [][]string{
		{"Requested at", "What", "Link", "Requested by", "Approved/Objected", "Deadline", "Status"},
		{"2026-05-08 14:30", "Sign-on letter", "https://example.org/letter", "Casa Ejemplo", "Approved — Casa Ejemplo\nObjeción: Río Claro", "May 9", "x"},
		{"", "Press release", "", "Ana Invented"},
		{"May 8, 2026 at noon", "Logo on a flyer", "", "", "maybe later"},
		{"", "", "", "", "", "May 9, 2026 2:30 PM", "Waiting"}, // only the service's cells: skipped
	}
	reqs, layout, issues, err := ParseApprovals(grid)
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 3 || !slices.Equal(layout.Rows, []int{2, 3, 4}) {
		t.Fatalf("requests = %+v, rows %v", reqs, layout.Rows)
	}
	first := reqs[0]
	if first.RequestedAt != (domain.DateTime{Date: domain.NewDate(2026, 5, 8), Hour: 14, Minute: 30, HasTime: true}) ||
		first.What != "Sign-on letter" || first.Link != "https://example.org/letter" || first.RequestedBy != "Casa Ejemplo" ||
		!slices.Equal(first.Responses, []domain.Response{{Verdict: domain.Approved, Who: "Casa Ejemplo"}, {Verdict: domain.Objected, Who: "Río Claro"}}) {
		t.Errorf("first request = %+v", first)
	}
	type issue struct {
		row      int
		col, key string
	}
	var got []issue
	for _, is := range issues {
		got = append(got, issue{is.Row, is.Column, is.Message.Key})
	}
	want := []issue{
		{3, ColRequestedAt, msgRequestedAtMissing},
		{4, ColRequestedAt, msgBadRequestedAt},
		{4, ColApprovedObjected, msgBadResponse}, // named as the header says it
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues = %+v\nwant %+v", got, want)
	}
	checkIssues(t, TabApprovalRequests, grid, issues)
	if s := issues[1].Message.String(); !strings.Contains(s, "The time of day cannot be read") {
		t.Errorf("unreadable time message = %q", s)
	}
}

func TestParseReadsApplicationsAndApprovals(t *testing.T) {
	t.Parallel()
	p, err := Parse(map[string][][]string{
		TabMembers:             {{"Name"}, {"Casa Ejemplo"}},
		"applications":         {{"Organization name", "Email"}, {"Casa Nueva", "x@example.org"}},
		" Approval  Requests ": {{"Requested at", "What"}, {"5/8/2026 10:00", "Letter"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Coalition.Applications) != 1 || p.Coalition.Applications[0].Name != "Casa Nueva" || p.Layout.Applications == nil {
		t.Errorf("applications = %+v", p.Coalition.Applications)
	}
	if len(p.Approvals) != 1 || p.Approvals[0].What != "Letter" || p.Layout.Approvals == nil {
		t.Errorf("approvals = %+v", p.Approvals)
	}
	if a1, ok := p.Layout.Applications.A1(0, ColOrganizationName); !ok || a1 != "'Applications'!A2" {
		t.Errorf("A1 = %q, %v", a1, ok)
	}
}

func TestNameColumnsAsWritten(t *testing.T) {
	t.Parallel()
	p, err := Parse(map[string][][]string{
		TabMembers:          {{"Name"}, {"Casa Ejemplo"}},
		TabApplications:     {{" Nombre de la organización: ", "Email"}, {"Casa Nueva", ""}},
		TabApprovalRequests: {{"Requested at", "Approved/Objected"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	issues := []domain.Issue{
		{Tab: TabApplications, Row: 2, Column: ColOrganizationName},
		{Tab: TabApplications, Row: 2, Column: ColEmail},
		{Tab: TabApplications, Row: 2, Column: ColPhone}, // not in the header: kept
		{Tab: TabApprovalRequests, Row: 2, Column: ColResponses},
		{Tab: TabMembers, Row: 2, Column: ColOrganizationName}, // another tab: kept
	}
	p.NameColumnsAsWritten(issues)
	var got []string
	for _, is := range issues {
		got = append(got, is.Column)
	}
	if want := []string{"Nombre de la organización", "Email", ColPhone, ColApprovedObjected, ColOrganizationName}; !slices.Equal(got, want) {
		t.Errorf("columns = %q, want %q", got, want)
	}
}

func FuzzParseApplications(f *testing.F) {
	f.Add(strings.Join(formHeader, ",") + "\n5/8/2026 14:30:00,Casa,c(3),addr,\"Lu, Director\",555,a@example.org,x,y,Legislative,A-0001,\n,,,,,,,,,,A-0002,x\n")
	f.Add("Name,Timestamp,Working group,Type\nCasa,soon,art,robot\n,,,\nCasa,5/8/2026 25:00,,\n")
	f.Add("Timestamp,Email\n5/8/2026,x\n")
	f.Fuzz(func(t *testing.T, in string) {
		grid, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		apps, layout, issues, err := ParseApplications(grid)
		if err != nil {
			t.Fatalf("ParseApplications: %v", err)
		}
		checkIssues(t, TabApplications, grid, issues)
		if len(layout.Rows) != len(apps) {
			t.Fatalf("len(Rows) = %d, want %d", len(layout.Rows), len(apps))
		}
		for i, a := range apps {
			if a.Row != layout.Rows[i] || a.Row < 2 || a.Row > len(grid) {
				t.Errorf("application %d = %+v, rows %v", i, a, layout.Rows)
			}
		}
		// The rules take whatever was read without failing.
		r := domain.Evaluate(domain.Coalition{Applications: apps}, domain.DefaultPolicy(), domain.NewDate(2026, 5, 1))
		if len(r.Applications) != len(apps) {
			t.Fatalf("%d results for %d applications", len(r.Applications), len(apps))
		}
	})
}

func FuzzParseApprovals(f *testing.F) {
	f.Add("Requested at,What,Responses,Deadline,Status\n2026-05-08 14:30,x,\"Approved — Casa\nObjected - Ana\",a,b\n,y,maybe\n")
	f.Add("Approved/Objected,Requested at\nAprobado: X,5/8/2026 2:30 PM\n")
	f.Fuzz(func(t *testing.T, in string) {
		grid, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		reqs, layout, issues, err := ParseApprovals(grid)
		if err != nil {
			t.Fatalf("ParseApprovals: %v", err)
		}
		checkIssues(t, TabApprovalRequests, grid, issues)
		if len(layout.Rows) != len(reqs) {
			t.Fatalf("len(Rows) = %d, want %d", len(layout.Rows), len(reqs))
		}
	})
}

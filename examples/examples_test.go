package examples

import (
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

func TestTabs(t *testing.T) {
	t.Parallel()
	tabs, err := Tabs()
	if err != nil {
		t.Fatal(err)
	}
	for tab, rows := range map[string]int{"Members": 17, "Attendance": 16, "Votes": 8} {
		if got := len(tabs[tab]); got != rows {
			t.Errorf("%s has %d rows, want %d (header included)", tab, got, rows)
		}
	}
	if got := tabs["Members"][0][1]; got != "Name" {
		t.Errorf("Members header B = %q, want Name", got)
	}
	if len(tabs) != 3 {
		t.Errorf("Tabs() has %d tabs, want the same three as always", len(tabs))
	}
}

// TestApplicationTabs reads the two tabs as the sync would, with the rest of
// the sample, and checks what examples/README.md works out by hand.
func TestApplicationTabs(t *testing.T) {
	t.Parallel()
	tabs, err := Tabs()
	if err != nil {
		t.Fatal(err)
	}
	more, err := ApplicationTabs()
	if err != nil {
		t.Fatal(err)
	}
	for tab, rows := range map[string]int{sheets.TabApplications: 6, sheets.TabApprovalRequests: 7} {
		if got := len(more[tab]); got != rows {
			t.Errorf("%s has %d rows, want %d (header included)", tab, got, rows)
		}
		tabs[tab] = more[tab]
	}
	p, err := sheets.Parse(tabs)
	if err != nil {
		t.Fatal(err)
	}
	// Every column of the form's sheet is recognised but the two free
	// questions, which are kept as answers.
	if extra := p.Layout.Applications.Header.Extra(); len(extra) != 2 {
		t.Errorf("extra Applications columns = %+v, want the two free questions", extra)
	}
	r := domain.Evaluate(p.Coalition, domain.DefaultPolicy(), domain.NewDate(2026, 11, 22))
	want := []domain.ApplicationStatus{domain.ApplicationAdmitted, domain.ApplicationOnAgenda, domain.ApplicationReceived,
		domain.ApplicationOnAgenda, domain.ApplicationReceived}
	if len(r.Applications) != len(want) {
		t.Fatalf("applications = %+v", r.Applications)
	}
	for i, a := range r.Applications {
		if a.Status != want[i] {
			t.Errorf("application row %d: %v (%s), want %v", a.Row, a.Status, a.Describe(), want[i])
		}
	}
	// Sunflower is admitted and already in Members: nothing to add.
	if a := r.Applications[0]; a.Member != nil || a.MemberIndex < 0 {
		t.Errorf("Sunflower: %+v, want its Members row and no member to add", a)
	}
	if got := p.Coalition.Applications[3].WorkingGroups; len(got) != 1 || got[0] != domain.BaseBuilding {
		t.Errorf("Fairview's working groups = %v, want Base building", got)
	}
}

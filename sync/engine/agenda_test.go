package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/sync/agenda"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
)

// withAgendas gives the engine a shared folder to write the agendas in,
// and the calendar to attach them to.
func withAgendas(t *testing.T, e *env) {
	t.Helper()
	withCalendar(t, e)
	ds, err := driveapi.NewService(context.Background(), e.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	folder, err := drive.NewClient(ds).CreateFolder(context.Background(), "Invented Coalition")
	if err != nil {
		t.Fatal(err)
	}
	a := agenda.NewClient(ds)
	a.Retry = fastRetry
	e.engine.Agendas, e.engine.FolderID = a, folder
}

// agendaTabs is the invented coalition with an application received in
// April: on the agenda of April 27, with Río Abierto's removal review.
func agendaTabs() map[string][][]string {
	tabs := invented()
	tabs["Applications"] = [][]string{
		{"Timestamp", "Organization name", "Email", "Working group"},
		{"4/5/2026 09:00:00", "Puente Nuevo (invented)", "puente@example.org", "Legislative"},
	}
	return tabs
}

func agendaDoc(t *testing.T, e *env) (id, text string) {
	t.Helper()
	st, err := e.coal.LoadSyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Agendas) != 1 {
		t.Fatalf("agendas recorded = %+v, want one", st.Agendas)
	}
	id = st.Agendas[0].Doc.FileID
	text, err = e.ws.DocContent(id)
	if err != nil {
		t.Fatal(err)
	}
	return id, text
}

func TestAgendaIsMadeInAdvanceAndLeftToPeopleOnceEdited(t *testing.T) {
	t.Parallel()
	e := newEnv(t, agendaTabs())
	withAgendas(t, e)
	// Ten days before the meeting: no agenda yet.
	e.clock.add(time.Date(2026, time.April, 17, 15, 0, 0, 0, time.UTC).Sub(e.clock.now()))
	e.run(t, engine.RunOptions{})
	if st, _ := e.coal.LoadSyncState(context.Background()); len(st.Agendas) != 0 {
		t.Fatalf("agenda made 10 days ahead: %+v", st.Agendas)
	}
	// Six days before: made, with what the rules put on the meeting.
	e.clock.add(4 * 24 * time.Hour)
	res := e.run(t, engine.RunOptions{Force: true})
	if said := strings.Join(res.Plan.DescribeBeyond("en"), "\n"); !strings.Contains(said, "Agenda of the meeting of Apr 27, 2026: make the document") {
		t.Errorf("the plan does not tell the agenda:\n%s", said)
	}
	id, text := agendaDoc(t, e)
	for _, want := range []string{"Apr 27, 2026", "Puente Nuevo (invented)", "Río Abierto Collective", "https://meet.google.com/", "Legislative"} {
		if !strings.Contains(text, want) {
			t.Errorf("agenda lacks %q:\n%s", want, text)
		}
	}
	link := ""
	for _, r := range e.ws.Values(e.id, "Meetings") {
		for _, v := range r {
			if strings.Contains(v, id) {
				link = v
			}
		}
	}
	if link == "" {
		t.Errorf("the Meetings tab does not link the agenda: %v", e.ws.Values(e.id, "Meetings"))
	}
	attached := false
	for _, ev := range live(t, e) {
		for _, a := range ev.Attachments {
			attached = attached || a.FileId == id
		}
	}
	if !attached {
		t.Errorf("the agenda is not attached to the meeting's event")
	}

	// Nothing new: no Drive write, no Calendar call.
	e.run(t, engine.RunOptions{})
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{Force: true})
	if w := writes(e.ws.Calls()); len(w) > 0 {
		t.Errorf("a run with nothing new wrote %v", w)
	}

	// A new application: the same Doc is regenerated.
	g := e.ws.Values(e.id, "Applications")
	if err := e.ws.SetCells(e.id, "Applications!A"+itoa(len(g)+1)+":D"+itoa(len(g)+1), [][]string{{"4/20/2026 10:00:00", "Casa Nueva (invented)", "nueva@example.org", "Communications"}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, engine.RunOptions{})
	if id2, text := agendaDoc(t, e); id2 != id || !strings.Contains(text, "Casa Nueva (invented)") {
		t.Errorf("after a new application: Doc %s (was %s), text has it: %v", id2, id, strings.Contains(text, "Casa Nueva"))
	}

	// A facilitator edits the Doc; then one more application arrives.
	if err := e.ws.EditDoc(id, "facilitator@example.org", "<p>Our own agenda, typed by hand.</p>"); err != nil {
		t.Fatal(err)
	}
	g = e.ws.Values(e.id, "Applications")
	if err := e.ws.SetCells(e.id, "Applications!A"+itoa(len(g)+1)+":D"+itoa(len(g)+1), [][]string{{"4/21/2026 10:00:00", "Tercera Voz (invented)", "tercera@example.org", "Base building"}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, engine.RunOptions{})
	if _, text := agendaDoc(t, e); !strings.Contains(text, "typed by hand") || strings.Contains(text, "Tercera Voz") {
		t.Errorf("the edited agenda was overwritten:\n%s", text)
	}
	issues := strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ")
	if !strings.Contains(issues, "Someone edited the agenda of the meeting of") || !strings.Contains(issues, "Tercera Voz (invented)") {
		t.Errorf("Sync issues do not list what to add by hand: %s", issues)
	}
}

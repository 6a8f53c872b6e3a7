package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// applicationStory tells an application's way to membership: on the
// agenda of the next meeting, admitted there by a valid vote, then a
// Members row with a Member ID, invitations and the shared folder, all in
// the sync after the meeting; and the approval requests' deadlines.
func (p *printer) applicationStory(ctx context.Context, ws *workspacetest.Server, e *engine.Engine, id string, opts Options, now *time.Time) error {
	p.table("Applications tab (the application form's answers; the service adds the ID and the status)",
		ws.Values(id, sheets.TabApplications), []string{"Your organization's name:", sheets.ColApplicationID, sheets.ColApplicationStatus})
	p.table("Approval requests tab (answers due within a day)",
		ws.Values(id, "'"+sheets.TabApprovalRequests+"'"), []string{"What", sheets.ColDeadline, sheets.ColStatus})

	p.step("The meeting of Nov 23 is held: everyone attends, and the coalition votes to admit application A-0002; the sync the day after")
	g := ws.Values(id, sheets.TabAttendance)
	col := slices.Index(g[0], "11/23/2026")
	if col < 0 {
		return fmt.Errorf("no Attendance column for Nov 23: %v", g[0])
	}
	idCol := slices.Index(g[0], sheets.ColMemberID)
	for i, r := range g[1:] {
		if idCol >= 0 && idCol < len(r) && r[idCol] != "" {
			if err := ws.SetCells(id, sheets.A1(sheets.TabAttendance, col, i+2), [][]string{{"P"}}); err != nil {
				return err
			}
		}
	}
	votes := ws.Values(id, sheets.TabVotes)
	if err := ws.SetCells(id, sheets.A1(sheets.TabVotes, 0, len(votes)+1),
		[][]string{{"11/23/2026", "Admit Valley Legal Clinic", "Admit", "A-0002", "8", "0", "0"}}); err != nil {
		return err
	}
	*now = now.Add(48 * time.Hour)
	ws.ResetCalls()
	res, err := e.Run(ctx, engine.RunOptions{Trigger: "demo"})
	if err != nil {
		return err
	}
	var lines []string
	for _, l := range append(res.Plan.DescribeSheet(opts.Lang), res.Plan.DescribeBeyond(opts.Lang)...) {
		if strings.Contains(l, "Valley Legal Clinic") || strings.Contains(l, "A-0002") || strings.Contains(l, "Calendar") ||
			strings.Contains(l, "valley") || strings.Contains(l, "M-0018") || strings.Contains(l, "Agenda") {
			lines = append(lines, l)
		}
	}
	p.list(lines, opts.MaxLines)
	p.line(res.Summary(opts.Lang))
	p.line("Calls: " + calls(ws.Calls()))
	members := ws.Values(id, sheets.TabMembers)
	p.table("The new Members row", [][]string{members[0], members[len(members)-1]},
		[]string{sheets.ColMemberID, sheets.ColName, sheets.ColStatus, sheets.ColVoting, sheets.ColJoined, sheets.ColWorkingGroups})
	e.Run(ctx, engine.RunOptions{Trigger: "demo"}) // settles the version after our own write
	return nil
}

// agendas shows the agenda Doc the first sync made for the next meeting.
func (p *printer) agendas(ctx context.Context, coal *store.Coalition, ws *workspacetest.Server) error {
	st, err := coal.LoadSyncState(ctx)
	if err != nil {
		return err
	}
	for _, a := range st.Agendas {
		text, err := ws.DocContent(a.Doc.FileID)
		if err != nil {
			return err
		}
		p.step(fmt.Sprintf("The agenda of the meeting of %s, made a week ahead in the shared folder and attached to the invitation", domain.FormatDate(a.Meeting, domain.English)))
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		p.list(lines, 20)
	}
	return nil
}

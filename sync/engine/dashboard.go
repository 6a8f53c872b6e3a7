package engine

import (
	"strconv"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// planDashboard plans the Dashboard tab: the next meeting, how many voting
// members it will have and how many make quorum, the last meeting's quorum,
// who needs attention, and which perspectives are missing. The numbers are
// the rules' (domain.Evaluate's report); this only lays them out. It holds
// no clock time, so an unchanged coalition leaves it unchanged.
func (p *Plan) planDashboard(in Input) {
	lang := in.Settings.Lang
	r := &p.Report
	want := [][]string{
		sheets.OwnedHeader(sheets.TabDashboard, lang),
		{domain.T(msgDashNextMeeting).In(lang), domain.FormatDate(p.NextMeeting, lang)},
		{domain.T(msgDashVoting).In(lang), strconv.Itoa(r.NextVotingMembers)},
		{domain.T(msgDashQuorumNeeded).In(lang), strconv.Itoa(r.NextQuorumNeeded)},
	}
	if n := len(r.Meetings); n > 0 {
		last := r.Meetings[n-1]
		want = append(want, []string{domain.T(msgDashLastMeeting).In(lang), domain.FormatDate(last.Date, lang) + ": " + last.Explain().In(lang)})
	}
	attention := 0
	for _, m := range r.Members {
		if len(m.Flags) == 0 {
			continue
		}
		attention++
		want = append(want, []string{domain.T(msgDashAttention).In(lang), m.Name + " (" + m.ID + "): " + domain.FormatFlags(m.Flags, lang)})
	}
	if attention == 0 {
		want = append(want, []string{domain.T(msgDashAttention).In(lang), domain.T(msgDashNobody).In(lang)})
	}
	missing := domain.T(msgDashNone).In(lang)
	if len(r.MissingPerspectives) > 0 {
		names := make([]string, len(r.MissingPerspectives))
		for i, m := range r.MissingPerspectives {
			names[i] = m.Label(lang)
		}
		missing = strings.Join(names, ", ")
	}
	want = append(want, []string{domain.T(msgDashPerspectives).In(lang), missing})
	want = append(want, []string{domain.T(msgDashIssues).In(lang), strconv.Itoa(len(p.Issues))})
	p.planTab(in, sheets.TabDashboard, want, domain.T(msgDashboard))
}

package engine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
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
	for i, a := range p.Approvals {
		var key string
		switch a.Status {
		case domain.ApprovalWaiting:
			key = msgDashApprovalOpen
		case domain.ApprovalOverdue:
			key = msgDashApprovalOverdue
		default:
			continue
		}
		what := domain.Excerpt(p.Parsed.Approvals[i].What)
		want = append(want, []string{domain.T(key).In(lang), domain.T(msgDashApprovalLine, what, domain.FormatDateTime(a.Deadline, lang)).In(lang)})
	}
	if line := p.declinedNotice(in); line != "" {
		want = append(want, []string{domain.T(msgDashDeclined).In(lang), line})
	}
	if h := in.FolderByHand; h != nil {
		want = append(want, []string{domain.T(msgDashFolderByHand).In(lang), p.folderByHand(*h, lang)})
	}
	want = append(want, []string{domain.T(msgDashIssues).In(lang), strconv.Itoa(len(p.Issues))})
	p.planTab(in, sheets.TabDashboard, want, domain.T(msgDashboard))
}

// declinedNotice names the members whose N the service wrote because they
// declined the meeting's invitation, with the meeting: so that the cells
// it filled are marked as its own, and people can check them.
func (p *Plan) declinedNotice(in Input) string {
	if in.Calendar == nil || len(p.FilledN) == 0 {
		return ""
	}
	names := map[string]string{}
	for _, m := range p.Parsed.Coalition.Members {
		names[m.ID] = m.Name
	}
	held := map[domain.Date]domain.Date{}
	for _, ev := range in.Calendar.Events {
		if ev.Part == 0 {
			held[ev.Key] = ev.Date
		}
	}
	keys := make([]domain.Date, 0, len(p.FilledN))
	for k := range p.FilledN {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, domain.Date.Compare)
	var parts []string
	for _, k := range keys {
		for _, id := range p.FilledN[k] {
			if name, ok := names[id]; ok && !strings.HasPrefix(id, "!") {
				parts = append(parts, name+" ("+domain.FormatDate(held[k], in.Settings.Lang)+")")
			}
		}
	}
	return strings.Join(parts, "; ")
}

// folderByHand says who has access to the shared folder that the service
// did not give (a facilitator shared it by hand, or it comes from the
// shared drive): members by name and Member ID, those no longer Active
// marked so (their access stays until a person removes it), and everyone
// else only counted by kind ("3 other people, 1 whole domain").
//
// The Dashboard is a tab of the coalition's spreadsheet, which many
// people may read; the address of someone outside the coalition (a guest
// speaker, a partner) is theirs and is never written there. A facilitator
// who needs the addresses sees them in Google Drive, in the folder's Share
// dialog. Members are named because the Members tab already names them.
func (p *Plan) folderByHand(h store.HandAccess, lang domain.Lang) string {
	byID := map[string]domain.Member{}
	for _, m := range p.Parsed.Coalition.Members {
		if _, ok := byID[m.ID]; !ok && m.ID != "" {
			byID[m.ID] = m
		}
	}
	var parts []string
	for _, id := range h.MemberIDs {
		m, ok := byID[id]
		switch {
		case !ok:
			parts = append(parts, domain.T(msgDashFormerMember, id, id).In(lang))
		case m.Status != domain.StatusActive:
			parts = append(parts, domain.T(msgDashFormerMember, m.Name, id).In(lang))
		default:
			parts = append(parts, m.Name+" ("+id+")")
		}
	}
	count := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, domain.T(one).In(lang))
		case n > 1:
			parts = append(parts, domain.T(many, n).In(lang))
		}
	}
	count(h.People, msgDashPeopleOne, msgDashPeople)
	count(h.Groups, msgDashGroupsOne, msgDashGroups)
	count(h.Domains, msgDashDomainsOne, msgDashDomains)
	if h.Anyone > 0 {
		parts = append(parts, domain.T(msgDashAnyone).In(lang))
	}
	if len(parts) == 0 {
		return domain.T(msgDashNobody).In(lang)
	}
	return strings.Join(parts, ", ")
}

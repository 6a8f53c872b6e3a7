package engine

import (
	"strconv"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// Perspectives are the kinds of members the coalition seeks a balance of.
// A member brings a perspective when its Sector names it; individuals bring
// their own by Type.
var Perspectives = []string{"immigrant rights", "grassroots", "education", "healthcare", "civil rights", "labor", "individuals"}

// MissingPerspectives returns the perspectives no Active member brings.
func MissingPerspectives(members []domain.Member) []string {
	have := map[string]bool{}
	for _, m := range members {
		if m.Status != domain.StatusActive {
			continue
		}
		if m.Type == domain.TypeIndividual {
			have["individuals"] = true
		}
		sector := strings.ToLower(m.Sector)
		for _, p := range Perspectives {
			if strings.Contains(sector, p) {
				have[p] = true
			}
		}
	}
	var out []string
	for _, p := range Perspectives {
		if !have[p] {
			out = append(out, p)
		}
	}
	return out
}

// planDashboard plans the Dashboard tab: the next meeting, how many voting
// members there are and how many make quorum, the last meeting's quorum, who
// needs attention, and which perspectives are missing. It holds no clock
// time, so an unchanged coalition leaves it unchanged.
func (p *Plan) planDashboard(in Input) {
	lang := in.Settings.Lang
	w := func(key string, args ...any) string { return domain.T(key, args...).In(lang) }
	voting := 0
	for _, m := range p.Parsed.Coalition.Members {
		if m.Status == domain.StatusActive && m.Voting && (m.Left.IsZero() || !m.Left.Before(p.NextMeeting)) {
			voting++
		}
	}
	want := [][]string{
		{w(msgDashItem), w(msgDashValue)},
		{w(msgDashNextMeeting), domain.FormatDate(p.NextMeeting, lang)},
		{w(msgDashVoting), strconv.Itoa(voting)},
		{w(msgDashQuorumNeeded), strconv.Itoa((2*voting + 2) / 3)},
	}
	if n := len(p.Report.Meetings); n > 0 {
		last := p.Report.Meetings[n-1]
		want = append(want, []string{w(msgDashLastMeeting), domain.FormatDate(last.Date, lang) + ": " + last.Explain().In(lang)})
	}
	attention := 0
	for _, r := range p.Report.Members {
		if len(r.Flags) == 0 {
			continue
		}
		attention++
		want = append(want, []string{w(msgDashAttention), r.Name + " (" + r.ID + "): " + domain.FormatFlags(r.Flags, lang)})
	}
	if attention == 0 {
		want = append(want, []string{w(msgDashAttention), w(msgDashNobody)})
	}
	missing := MissingPerspectives(p.Parsed.Coalition.Members)
	value := w(msgDashNone)
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = w("sync.perspective." + m)
		}
		value = strings.Join(names, ", ")
	}
	want = append(want, []string{w(msgDashPerspectives), value})
	want = append(want, []string{w(msgDashIssues), strconv.Itoa(len(p.Issues))})
	p.planTab(in, sheets.TabDashboard, want, domain.T(msgDashboard))
}

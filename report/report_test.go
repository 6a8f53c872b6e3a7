package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

func TestWords(t *testing.T) {
	t.Parallel()
	statuses := []struct {
		s    domain.Status
		want string
	}{
		{domain.StatusApplicant, "applicant"}, {domain.StatusActive, "active"}, {domain.StatusRemoved, "removed"},
		{domain.StatusWithdrawn, "withdrawn"}, {domain.StatusUnknown, "unknown"}, {domain.Status(42), "unknown"},
	}
	for _, tt := range statuses {
		if got := statusWord(tt.s); got != tt.want {
			t.Errorf("statusWord(%d) = %q, want %q", tt.s, got, tt.want)
		}
	}
	kinds := []struct {
		k    domain.VoteKind
		want string
	}{
		{domain.KindAdmit, "admit"}, {domain.KindRemove, "remove"}, {domain.KindOther, "other"},
		{domain.KindUnknown, "unknown"}, {domain.VoteKind(9), "unknown"},
	}
	for _, tt := range kinds {
		if got := kindWord(tt.k); got != tt.want {
			t.Errorf("kindWord(%d) = %q, want %q", tt.k, got, tt.want)
		}
	}
}

func TestWriteJSONEmptyListsAreNotNull(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	c := Check{Report: domain.Report{AsOf: domain.NewDate(2026, 1, 1), Members: []domain.MemberResult{{Name: "Casa Ejemplo"}}}}
	if err := WriteJSON(&b, c, domain.English); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, w := range []string{`"meetings": []`, `"votes": []`, `"issues": []`, `"flags": []`, `"next_meeting": ""`, `"as_of": "2026-01-01"`, `"status": "unknown"`} {
		if !strings.Contains(out, w) {
			t.Errorf("JSON lacks %s:\n%s", w, out)
		}
	}
}

func TestWriteJSONKeepsTextRaw(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	c := Check{Report: domain.Report{Members: []domain.MemberResult{{Name: `=HYPERLINK("x") <b>&`}}}}
	if err := WriteJSON(&b, c, domain.English); err != nil {
		t.Fatal(err)
	}
	var d Document
	if err := json.Unmarshal(b.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if got := d.Members[0].Name; got != `=HYPERLINK("x") <b>&` {
		t.Errorf("name = %q, want it unchanged", got)
	}
	if strings.Contains(b.String(), `\u003c`) {
		t.Errorf("JSON escapes HTML characters: %s", b.String())
	}
}

func TestMergeIssues(t *testing.T) {
	t.Parallel()
	is := func(tab string, row int, col string) domain.Issue {
		return domain.Issue{Tab: tab, Row: row, Column: col}
	}
	got := MergeIssues(
		[]domain.Issue{is("Votes", 3, "Yes"), is("Members", 9, "Joined"), is("Attendance", 2, "P"), is("Members", 9, "Type")},
		[]domain.Issue{is("Members", 4, "Left"), is("Elsewhere", 1, ""), is("Members", 9, "Left"), is("Meetings", 5, "Date")},
	)
	want := []domain.Issue{
		is("Members", 4, "Left"), is("Members", 9, "Joined"), is("Members", 9, "Type"), is("Members", 9, "Left"),
		is("Meetings", 5, "Date"), is("Attendance", 2, "P"), is("Votes", 3, "Yes"), is("Elsewhere", 1, ""),
	}
	var g, w []string
	for _, x := range got {
		g = append(g, x.Tab+"/"+x.Column)
	}
	for _, x := range want {
		w = append(w, x.Tab+"/"+x.Column)
	}
	if !slices.Equal(g, w) {
		t.Errorf("MergeIssues = %q, want %q", g, w)
	}
}

func TestWriteText(t *testing.T) {
	t.Parallel()
	d := domain.NewDate
	c := Check{
		Coalition: domain.Coalition{Votes: []domain.Vote{{Row: 2, Motion: "Adopt the plan"}}},
		Report: domain.Report{
			AsOf:        d(2026, 2, 1),
			NextMeeting: d(2026, 2, 24), // a Tuesday: a moved meeting
			Meetings:    []domain.MeetingResult{{Date: d(2026, 1, 26), VotingMembers: 3, Present: 2, QuorumNeeded: 2, Quorum: true, Recorded: true}},
			Members: []domain.MemberResult{
				{Name: "Casa Ejemplo", ID: "M-1", Status: domain.StatusActive, Voting: true, UnexcusedAbsences: 3,
					Flags: []domain.Flag{{Kind: domain.FlagRemovalReviewDue, Dates: []domain.Date{d(2025, 11, 24), d(2025, 12, 22), d(2026, 1, 26)}}}},
				{Name: "Ana Invented", Status: domain.StatusActive},
			},
			Votes: []domain.VoteResult{{Row: 2, Meeting: d(2026, 1, 26), Kind: domain.KindOther, Valid: true, Passed: true, Reason: domain.T("rules.vote.majority_passed", 2, 0, 0)}},
		},
		Issues: []domain.Issue{
			{Tab: "Members", Row: 0, Column: "Voting", Message: domain.T("sheets.no_voting_column", "Voting")},
			{Tab: "Members", Row: 5, Column: "Joined", Message: domain.T("sheets.bad_date", "soon", domain.DateHint(nil))},
			{Tab: "Votes", Row: 3, Message: domain.T("sheets.vote_no_meeting")},
		},
	}
	tests := []struct {
		lang domain.Lang
		want []string
	}{
		{domain.English, []string{
			"Coalition check as of Feb 1, 2026\n",
			"Next full-coalition meeting: Feb 24, 2026\n",
			"Meetings held (1)\n  Jan 26, 2026: Quorum: 2 of 3 voting members present; 2 needed\n",
			"Members who need attention (1)\n  Casa Ejemplo (M-1), Active, voting: 3 absences without notice\n    - Removal review due: absent without notice on Nov 24, 2025; Dec 22, 2025; Jan 26, 2026\n",
			`  Votes row 2, Jan 26, 2026 meeting, Other "Adopt the plan": Passed: 2 yes, 0 no, 0 abstain; more yes than no` + "\n",
			"Problems to fix in the sheets (3)\n  Members tab: This tab has no \"Voting\" column",
			"  Members tab, row 5, column Joined: \"soon\" is not a date",
			"  Votes tab, row 3: The meeting date is blank",
		}},
		{domain.Spanish, []string{
			"Revisión de la coalición al 1 feb 2026\n",
			"Próxima reunión de toda la coalición: 24 feb 2026\n",
			"26 ene 2026: Hubo quórum: 2 de 3 miembros con voto presentes; hacían falta 2\n",
			"Miembros que necesitan atención (1)\n  Casa Ejemplo (M-1), Activo, con voto: 3 faltas sin aviso\n",
			"Pestaña Members, fila 5, columna Joined: \"soon\" no es una fecha",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := WriteText(&b, c, tt.lang); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("text lacks %q\n--- text:\n%s", w, b.String())
				}
			}
			if strings.Contains(b.String(), "Ana Invented") {
				t.Errorf("a member with no flag is listed as needing attention:\n%s", b.String())
			}
		})
	}
}

func TestWriteTextEmpty(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteText(&b, Check{}, domain.English); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"No meetings held yet.", "No member needs attention.", "No votes recorded.", "No problems found in the sheets."} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("empty report lacks %q:\n%s", w, b.String())
		}
	}
}

// randomCoalition builds a coalition no one wrote by hand.
func randomCoalition(r *rand.Rand) domain.Coalition {
	d := domain.NewDate
	var c domain.Coalition
	for j := range r.IntN(8) {
		c.Meetings = append(c.Meetings, domain.FourthMonday(2026, 1+timeMonth(j)))
	}
	for i := range r.IntN(12) {
		m := domain.Member{ID: "M-" + string(rune('A'+i)), Name: "Member " + string(rune('A'+i)),
			Status: domain.Status(r.IntN(5)), Voting: r.IntN(3) > 0}
		if r.IntN(3) == 0 {
			m.Joined = d(2026, 1+timeMonth(r.IntN(8)), 1)
		}
		if r.IntN(4) == 0 {
			m.Left = d(2026, 1+timeMonth(r.IntN(8)), 24)
		}
		if r.IntN(2) == 0 {
			m.WorkingGroups = []domain.WorkingGroup{domain.Legislative}
		}
		row := make([]domain.Code, len(c.Meetings))
		for j := range row {
			row[j] = domain.Code(r.IntN(4))
		}
		c.Members = append(c.Members, m)
		c.Attendance = append(c.Attendance, row)
	}
	for k := range r.IntN(5) {
		v := domain.Vote{Row: k + 2, Kind: domain.VoteKind(r.IntN(4)), Yes: r.IntN(6), No: r.IntN(3), Abstain: r.IntN(2)}
		if len(c.Meetings) > 0 {
			v.Meeting = c.Meetings[r.IntN(len(c.Meetings))]
		}
		if len(c.Members) > 0 {
			v.Subject = c.Members[r.IntN(len(c.Members))].Name
		}
		c.Votes = append(c.Votes, v)
	}
	return c
}

func timeMonth(i int) time.Month { return time.Month(i % 12) }

// TestJSONContractOnRandomCoalitions checks the JSON contract against
// domain.Report on coalitions no one wrote by hand, and the quorum
// arithmetic against its plain statement: needed = ceil(2N/3), quorum iff
// recorded and N > 0 and present >= needed.
func TestJSONContractOnRandomCoalitions(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	asOf := domain.NewDate(2026, 6, 30)
	flagKinds := []string{"removal_review_due", "no_working_group", "contrary_action_review"}
	statusWords := []string{"applicant", "active", "removed", "withdrawn", "unknown"}
	for n := range 300 {
		c := randomCoalition(r)
		rep := domain.Evaluate(c, domain.DefaultPolicy(), asOf)
		var b bytes.Buffer
		if err := WriteJSON(&b, Check{Coalition: c, Report: rep, Issues: rep.Issues}, domain.Spanish); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(&b)
		dec.DisallowUnknownFields()
		var d Document
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("case %d: decode: %v", n, err)
		}
		if d.AsOf != "2026-06-30" || len(d.Meetings) != len(rep.Meetings) || len(d.Members) != len(c.Members) || len(d.Votes) != len(c.Votes) || len(d.Issues) != len(rep.Issues) {
			t.Fatalf("case %d: document %+v does not match the report", n, d)
		}
		for k, m := range d.Meetings {
			needed := (2*m.VotingMembers + 2) / 3
			if m.Date != rep.Meetings[k].Date.String() || m.Date > d.AsOf {
				t.Errorf("case %d: meeting %d date %q, report %v, as of %s", n, k, m.Date, rep.Meetings[k].Date, d.AsOf)
			}
			if m.QuorumNeeded != needed || m.Quorum != (m.Recorded && m.VotingMembers > 0 && m.Present >= needed) || m.Present > m.VotingMembers {
				t.Errorf("case %d: meeting %+v breaks the quorum rule", n, m)
			}
		}
		for i, m := range d.Members {
			if m.Name != c.Members[i].Name || m.ID != c.Members[i].ID || m.Voting != c.Members[i].Voting || !slices.Contains(statusWords, m.Status) || m.Flags == nil {
				t.Errorf("case %d: member %+v, from %+v", n, m, c.Members[i])
			}
			for _, f := range m.Flags {
				if !slices.Contains(flagKinds, f) {
					t.Errorf("case %d: unknown flag %q", n, f)
				}
			}
			if len(m.Flags) > 0 && m.Status != "active" {
				t.Errorf("case %d: %s is %s but flagged %v", n, m.Name, m.Status, m.Flags)
			}
		}
		for k, v := range d.Votes {
			if v.Row != c.Votes[k].Row || v.Reason == "" || (v.Passed && !v.Valid) {
				t.Errorf("case %d: vote %+v", n, v)
			}
		}
	}
}

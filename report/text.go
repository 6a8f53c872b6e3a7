package report

import "github.com/coalitionsync/coalitionsync/domain"

// Message keys of the check report: headings and line shapes for people
// reading it in a terminal or a file.
const (
	msgTitle            = "report.title"
	msgNextMeeting      = "report.next_meeting"
	msgNextMeetingMoved = "report.next_meeting_moved"
	msgMeetings         = "report.meetings"
	msgNoMeetings       = "report.no_meetings"
	msgAttention        = "report.attention"
	msgNoAttention      = "report.no_attention"
	msgMemberLine       = "report.member_line"
	msgNoId             = "report.no_id"
	msgVoting           = "report.voting"
	msgNotVoting        = "report.not_voting"
	msgVotes            = "report.votes"
	msgNoVotes          = "report.no_votes"
	msgVoteLine         = "report.vote_line"
	msgIssues           = "report.issues"
	msgNoIssues         = "report.no_issues"
	msgIssueCell        = "report.issue_cell"
	msgIssueRow         = "report.issue_row"
	msgIssueTab         = "report.issue_tab"
	msgApplications     = "report.applications"
	msgNoApplications   = "report.no_applications"
	msgApplicationLine  = "report.application_line"
	msgApprovals        = "report.approvals"
	msgNoApprovals      = "report.no_approvals"
	msgApprovalLine     = "report.approval_line"
	msgDeadline         = "report.deadline"
)

// The report's wording, in every language.
var texts = map[string]map[domain.Lang]string{
	msgTitle:            {domain.English: "Coalition check as of %s", domain.Spanish: "Revisión de la coalición al %s"},
	msgNextMeeting:      {domain.English: "Next full-coalition meeting: Monday, %s", domain.Spanish: "Próxima reunión de toda la coalición: lunes %s"},
	msgNextMeetingMoved: {domain.English: "Next full-coalition meeting: %s", domain.Spanish: "Próxima reunión de toda la coalición: %s"},
	msgMeetings:         {domain.English: "Meetings held (%d)", domain.Spanish: "Reuniones celebradas (%d)"},
	msgNoMeetings:       {domain.English: "No meetings held yet.", domain.Spanish: "Todavía no se ha celebrado ninguna reunión."},
	msgAttention:        {domain.English: "Members who need attention (%d)", domain.Spanish: "Miembros que necesitan atención (%d)"},
	msgNoAttention:      {domain.English: "No member needs attention.", domain.Spanish: "Ningún miembro necesita atención."},
	msgMemberLine:       {domain.English: "%s (%s), %s: %d absences without notice", domain.Spanish: "%s (%s), %s: %d faltas sin aviso"},
	msgNoId:             {domain.English: "no Member ID yet", domain.Spanish: "todavía sin Member ID"},
	msgVoting:           {domain.English: "voting", domain.Spanish: "con voto"},
	msgNotVoting:        {domain.English: "not voting", domain.Spanish: "sin voto"},
	msgVotes:            {domain.English: "Votes (%d)", domain.Spanish: "Votaciones (%d)"},
	msgNoVotes:          {domain.English: "No votes recorded.", domain.Spanish: "No hay votaciones anotadas."},
	msgVoteLine:         {domain.English: "Votes row %d, %s meeting, %s: %s", domain.Spanish: "Fila %d de Votes, reunión del %s, %s: %s"},
	msgIssues:           {domain.English: "Problems to fix in the sheets (%d)", domain.Spanish: "Problemas que corregir en las hojas (%d)"},
	msgNoIssues:         {domain.English: "No problems found in the sheets.", domain.Spanish: "No se encontraron problemas en las hojas."},
	msgIssueCell:        {domain.English: "%s tab, row %d, column %s: %s", domain.Spanish: "Pestaña %s, fila %d, columna %s: %s"},
	msgIssueRow:         {domain.English: "%s tab, row %d: %s", domain.Spanish: "Pestaña %s, fila %d: %s"},
	msgIssueTab:         {domain.English: "%s tab: %s", domain.Spanish: "Pestaña %s: %s"},
	msgApplications:     {domain.English: "Applications (%d)", domain.Spanish: "Solicitudes de ingreso (%d)"},
	msgNoApplications:   {domain.English: "No applications.", domain.Spanish: "No hay solicitudes de ingreso."},
	msgApplicationLine:  {domain.English: "Applications row %d, %s: %s", domain.Spanish: "Fila %d de Applications, %s: %s"},
	msgApprovals:        {domain.English: "Requests to approve the coalition's name or image (%d)", domain.Spanish: "Solicitudes para aprobar el uso del nombre o la imagen de la coalición (%d)"},
	msgNoApprovals:      {domain.English: "No requests.", domain.Spanish: "No hay solicitudes."},
	msgApprovalLine:     {domain.English: "Approval requests row %d, %q: %s", domain.Spanish: "Fila %d de Approval requests, %q: %s"},
	msgDeadline:         {domain.English: "(answers due by %s)", domain.Spanish: "(plazo para responder: %s)"},
}

var _ = domain.Register(texts)

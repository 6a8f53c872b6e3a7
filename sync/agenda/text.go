package agenda

import "github.com/coalitionsync/coalitionsync/domain"

// Message keys of the agenda document.
const (
	msgTitle        = "agenda.title"
	msgDate         = "agenda.date"
	msgTime         = "agenda.time"
	msgMeet         = "agenda.meet"
	msgQuorum       = "agenda.quorum"
	msgNoVoting     = "agenda.no_voting"
	msgApplications = "agenda.applications"
	msgRemovals     = "agenda.removals"
	msgAbsences     = "agenda.absences"
	msgContrary     = "agenda.contrary"
	msgMotions      = "agenda.motions"
	msgMotionFrom   = "agenda.motion_from"
	msgGroups       = "agenda.groups"
	msgGroupReport  = "agenda.group_report"
	msgApprovals    = "agenda.approvals"
	msgNone         = "agenda.none"
	msgFooter       = "agenda.footer"
	msgAdded        = "agenda.added"
)

// The agenda's wording, in every language.
var texts = map[string]map[domain.Lang]string{
	msgTitle: {
		domain.English: "Agenda — full coalition meeting of %s",
		domain.Spanish: "Orden del día — reunión plenaria de la coalición del %s",
	},
	msgDate: {domain.English: "Date: %s", domain.Spanish: "Fecha: %s"},
	msgTime: {domain.English: "Time: %s (%s time)", domain.Spanish: "Hora: %s (hora de %s)"},
	msgMeet: {
		domain.English: "Video call (Google Meet):",
		domain.Spanish: "Videollamada (Google Meet):",
	},
	msgQuorum: {
		domain.English: "Voting members: %d. Quorum: at least %d of them present.",
		domain.Spanish: "Miembros con voto: %d. Quórum: al menos %d de ellos presentes.",
	},
	msgNoVoting: {
		domain.English: "There are no voting members on this date, so no vote can be valid; the meeting can still discuss.",
		domain.Spanish: "No hay miembros con voto en esta fecha, así que ninguna votación puede ser válida; la reunión sí puede conversar.",
	},
	msgApplications: {domain.English: "Applications to review", domain.Spanish: "Solicitudes de ingreso para revisar"},
	msgRemovals:     {domain.English: "Removal reviews due", domain.Spanish: "Revisiones de expulsión pendientes"},
	msgAbsences: {
		domain.English: "absent without notice on %s",
		domain.Spanish: "faltó sin avisar: %s",
	},
	msgContrary: {
		domain.English: "Reviews for acting against the coalition's direction",
		domain.Spanish: "Revisiones por actuar en contra de la coalición",
	},
	msgMotions: {
		domain.English: "Motions to vote on again (not valid for lack of quorum)",
		domain.Spanish: "Mociones para votar de nuevo (no fueron válidas por falta de quórum)",
	},
	msgMotionFrom: {domain.English: "from the meeting of %s", domain.Spanish: "de la reunión del %s"},
	msgGroups:     {domain.English: "Working group reports", domain.Spanish: "Informes de los grupos de trabajo"},
	msgGroupReport: {
		domain.English: "%s: report",
		domain.Spanish: "%s: informe",
	},
	msgApprovals: {domain.English: "Open approval requests", domain.Spanish: "Solicitudes de aprobación abiertas"},
	msgNone:      {domain.English: "None.", domain.Spanish: "Ninguna."},
	msgFooter: {
		domain.English: "The coalition's service prepared this agenda and updates it until someone edits it. After an edit, it is yours: the service never changes it again and lists anything new in the Sync issues tab.",
		domain.Spanish: "El servicio de la coalición preparó este orden del día y lo actualiza hasta que alguien lo edite. Después de una edición, es de ustedes: el servicio no lo vuelve a cambiar y anota lo nuevo en la pestaña Sync issues.",
	},
	msgAdded: {domain.English: "%s: %s", domain.Spanish: "%s: %s"},
}

var _ = domain.Register(texts)

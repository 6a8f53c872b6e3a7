package domain

import "strings"

// The rules' wording. Keys start with "rules."; every key has English and
// Spanish with the same verbs in the same order (a test checks).
func init() {
	add := func(key, en, es string) { catalog[key] = map[Lang]string{English: en, Spanish: es} }

	// Flags: labels as the Flags column and the reports show them.
	add("rules.flag.removal_review_due", "Removal review due", "Revisión de expulsión pendiente")
	add("rules.flag.no_working_group", "No working group", "Sin grupo de trabajo")
	add("rules.flag.contrary_action_review", "Contrary action review", "Revisión por actuar en contra de la coalición")
	add("rules.flag.removal_review_due.detail_one", "absent without notice on %s", "faltó sin avisar el %s")
	add("rules.flag.removal_review_due.detail_many", "absent without notice on %s", "faltó sin avisar los días %s")

	// Statuses, kinds of vote and attendance codes, for people to read.
	add("rules.status.applicant", "Applicant", "Solicitante")
	add("rules.status.active", "Active", "Activo")
	add("rules.status.removed", "Removed", "Expulsado")
	add("rules.status.withdrawn", "Withdrawn", "Retirado")
	add("rules.kind.admit", "Admit", "Admitir")
	add("rules.kind.remove", "Remove", "Expulsar")
	add("rules.kind.other", "Other", "Otra")
	add("rules.code.present", "present", "presente")
	add("rules.code.notified", "absent, notified", "ausente con aviso")
	add("rules.code.absent", "absent without notice", "ausente sin aviso")
	add("rules.code.unrecorded", "not recorded", "sin anotar")

	// Perspectives the coalition seeks a balance of (the Dashboard lists
	// the missing ones).
	add("rules.perspective.immigrant_rights", "immigrant rights", "derechos de los inmigrantes")
	add("rules.perspective.grassroots", "grassroots", "organización de base")
	add("rules.perspective.education", "education", "educación")
	add("rules.perspective.healthcare", "healthcare", "salud")
	add("rules.perspective.civil_rights", "civil rights", "derechos civiles")
	add("rules.perspective.labor", "labor", "trabajo y sindicatos")
	add("rules.perspective.individuals", "individuals", "personas individuales")

	// Meetings.
	add("rules.meeting.not_recorded",
		"No attendance recorded yet",
		"Todavía no hay asistencia anotada")
	add("rules.meeting.no_voting_members",
		"No quorum: there were no voting members on that date",
		"No hubo quórum: en esa fecha no había miembros con voto")
	add("rules.meeting.quorum",
		"Quorum: %d of %d voting members present; %d needed",
		"Hubo quórum: %d de %d miembros con voto presentes; hacían falta %d")
	add("rules.meeting.no_quorum",
		"No quorum: %d of %d voting members present; %d needed",
		"No hubo quórum: %d de %d miembros con voto presentes; hacían falta %d")

	// Votes: why a vote counted or not, passed or not.
	add("rules.vote.no_date",
		"Not valid: the vote has no meeting date",
		"No es válida: la votación no tiene la fecha de la reunión")
	add("rules.vote.not_held_yet",
		"Not valid: the %s meeting has not been held yet",
		"No es válida: la reunión del %s todavía no se ha celebrado")
	add("rules.vote.not_recorded",
		"Not valid: no meeting on %s has attendance recorded",
		"No es válida: no hay asistencia anotada de ninguna reunión el %s")
	add("rules.vote.unknown_kind",
		"Not valid: the kind of vote must be Admit, Remove or Other",
		"No es válida: el tipo de votación debe ser Admitir, Expulsar u Otra")
	add("rules.vote.negative",
		"Not valid: a number of votes is below zero",
		"No es válida: hay un número de votos menor que cero")
	add("rules.vote.no_quorum",
		"Not valid: no quorum at the %s meeting (%d of %d voting members present; %d needed)",
		"No es válida: no hubo quórum en la reunión del %s (%d de %d miembros con voto presentes; hacían falta %d)")
	add("rules.vote.too_many",
		"Not valid: %d votes counted but only %d voting members present could vote",
		"No es válida: se contaron %d votos, pero solo %d miembros con voto presentes podían votar")
	add("rules.vote.too_many_removal",
		"Not valid: %d votes counted but only %d voting members present could vote (the member under review does not vote)",
		"No es válida: se contaron %d votos, pero solo %d miembros con voto presentes podían votar (el miembro en revisión no vota)")
	add("rules.vote.majority_passed",
		"Passed: %d yes, %d no, %d abstain; more yes than no",
		"Aprobada: %d a favor, %d en contra, %d abstenciones; más votos a favor que en contra")
	add("rules.vote.majority_failed",
		"Failed: %d yes, %d no, %d abstain; it needs more yes than no",
		"No aprobada: %d a favor, %d en contra, %d abstenciones; hacen falta más votos a favor que en contra")
	add("rules.vote.removal_passed",
		"Passed: %d yes, %d no, %d abstain; unanimous as removal requires",
		"Aprobada: %d a favor, %d en contra, %d abstenciones; unánime, como exige una expulsión")
	add("rules.vote.removal_nobody",
		"Failed: no voting member present could vote on the removal",
		"No aprobada: ningún miembro con voto presente podía votar la expulsión")
	add("rules.vote.removal_failed",
		"Failed: removal needs every one of the %d eligible members to vote yes; %s",
		"No aprobada: una expulsión necesita el voto a favor de todos los %d miembros que podían votar; %s")
	add("rules.vote.count_no", "%d voted no", "votos en contra: %d")
	add("rules.vote.count_abstain", "%d abstained", "abstenciones: %d")
	add("rules.vote.count_missing", "%d did not vote", "no votaron: %d")
	add("rules.vote.with_note", "%s. Note: %s", "%s. Nota: %s")
	add("rules.vote.subject_not_found",
		`no member in the Members tab matches "%s"`,
		`ningún miembro de la pestaña Members coincide con "%s"`)
	add("rules.vote.subject_blank",
		"the vote does not say which member it is about",
		"la votación no dice de qué miembro se trata")

	// Issues the rules find in what people typed.
	add("rules.issue.no_left",
		"The status is %s but the Left date is blank: write the day the member left, such as 1/26/2026",
		"El estado es %s pero falta la fecha de salida (columna Left): escriba el día en que el miembro salió, por ejemplo 1/26/2026")
	add("rules.issue.joined_future",
		"The Joined date %s is after today, so this member counts as a voting member only from that day. If it is a typing slip, correct the date.",
		"La fecha de ingreso (Joined) %s es posterior a hoy, así que este miembro cuenta como miembro con voto solo desde ese día. Si es un error al escribir, corrija la fecha.")
	add("rules.issue.duplicate_meeting",
		"The meeting of %s has more than one column; only the first one is used",
		"La reunión del %s tiene más de una columna; solo se usa la primera")
}

// Label returns the flag's name in lang: in English exactly "Removal review
// due", "No working group" or "Contrary action review".
func (f Flag) Label(lang Lang) string {
	switch f.Kind {
	case FlagRemovalReviewDue, FlagNoWorkingGroup, FlagContraryActionReview:
		return T("rules.flag." + string(f.Kind)).In(lang)
	}
	return string(f.Kind)
}

// Detail returns what supports the flag in lang, or "" when there is nothing
// to add: for a removal review, the meetings missed without notice, such as
// "absent without notice on Jan 26, 2026; Feb 23, 2026; Mar 23, 2026".
func (f Flag) Detail(lang Lang) string { return f.detail(lang, "; ") }

// detail writes the flag's detail with sep between dates.
func (f Flag) detail(lang Lang, sep string) string {
	if f.Kind != FlagRemovalReviewDue || len(f.Dates) == 0 {
		return ""
	}
	parts := make([]string, len(f.Dates))
	for i, d := range f.Dates {
		parts[i] = FormatDate(d, lang)
	}
	key := "rules.flag.removal_review_due.detail_many"
	if len(parts) == 1 {
		key = "rules.flag.removal_review_due.detail_one"
	}
	return T(key, strings.Join(parts, sep)).In(lang)
}

// FormatFlags writes flags on one line for the Flags column: labels
// separated by "; ", each followed by ": " and its detail when it has one,
// such as "Removal review due: absent without notice on Jan 26, 2026,
// Feb 23, 2026, Mar 23, 2026; No working group". Inside a detail, dates are
// separated by ", " so that "; " only ever separates flags.
func FormatFlags(flags []Flag, lang Lang) string {
	var b strings.Builder
	for i, f := range flags {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Label(lang))
		if d := f.detail(lang, ", "); d != "" {
			b.WriteString(": ")
			b.WriteString(d)
		}
	}
	return b.String()
}

// Wording of what to type instead of a date that could not be read
// (DateError.Hint): the forms suggested can be read only one way.
func init() {
	add := func(key, en, es string) { catalog[key] = map[Lang]string{English: en, Spanish: es} }
	add("date.how_to_write",
		"Write the date as year-month-day, like 2026-08-24, or with the month in words, like Aug 24, 2026.",
		"Escriba la fecha como año-mes-día, por ejemplo 2026-08-24, o con el mes en letras, por ejemplo 24 ago 2026.")
	add("date.no_year",
		"The year is missing: write the date with its year, like Aug 24, 2026.",
		"Falta el año: escriba la fecha con su año, por ejemplo 24 ago 2026.")
	add("date.no_day",
		"The day is missing: write the whole date, like Aug 24, 2026.",
		"Falta el día: escriba la fecha completa, por ejemplo 24 ago 2026.")
	add("date.short_year",
		"The year has only two digits: write all four, like 2026-08-24 or Aug 24, 2026.",
		"El año tiene solo dos cifras: escriba las cuatro, por ejemplo 2026-08-24 o 24 ago 2026.")
	add("date.day_first",
		"It seems to have the day first, but dates with slashes are read month first here (5/8/2026 is May 8). Write it with the month in words, like 24 Aug 2026, or as 2026-08-24.",
		"Parece tener el día primero, pero aquí las fechas con barras se leen con el mes primero (5/8/2026 es el 8 de mayo). Escríbala con el mes en letras, por ejemplo 24 ago 2026, o como 2026-08-24.")
	add("date.no_such_day",
		"That day does not exist: check the day and the month.",
		"Ese día no existe: revise el día y el mes.")
	add("date.extra_text",
		"Write only the date, with nothing else in the cell, like Aug 24, 2026; notes can go in another column or in a note on the cell.",
		"Escriba solo la fecha, sin nada más en la celda, por ejemplo 24 ago 2026; las notas pueden ir en otra columna o en una nota de la celda.")
	add("date.how_to_write_time",
		"Write the date and the time, like 2026-05-08 14:30 or May 8, 2026 2:30 PM.",
		"Escriba la fecha y la hora, por ejemplo 2026-05-08 14:30 u 8 may 2026 14:30.")
	add("date.bad_time",
		"The time of day cannot be read: write it after the date as hours and minutes, like 5/8/2026 14:30 or May 8, 2026 2:30 PM.",
		"La hora no se puede leer: escríbala después de la fecha, en horas y minutos, por ejemplo 5/8/2026 14:30 o 8 may 2026 2:30 PM.")
	add("date.wrong_weekday",
		"It says %s, but that date is a %s: check which day is meant, then correct the date or the day of the week.",
		"Dice %s, pero esa fecha es %s: revise qué día es el correcto y corrija la fecha o el día de la semana.")
}

// Wording of applications and approval requests: the statuses the service
// writes in their tabs and the problems it finds there.
func init() {
	add := func(key, en, es string) { catalog[key] = map[Lang]string{English: en, Spanish: es} }

	add("rules.vote.subject_not_found_anywhere",
		`no member in the Members tab and no application in the Applications tab matches "%s"`,
		`ningún miembro de la pestaña Members ni ninguna solicitud de la pestaña Applications coincide con "%s"`)

	// Application statuses, as the Application status cell says them.
	add("rules.application.received",
		"Received, not on an agenda yet",
		"Recibida, todavía no está en el orden del día")
	add("rules.application.received_why",
		"Received, not on an agenda yet: %s",
		"Recibida, todavía no está en el orden del día: %s")
	add("rules.application.on_agenda",
		"On the agenda of the %s meeting",
		"En el orden del día de la reunión del %s")
	add("rules.application.on_agenda_note",
		"On the agenda of the %s meeting; the vote there does not count yet: %s",
		"En el orden del día de la reunión del %s; la votación de esa reunión todavía no cuenta: %s")
	add("rules.application.admitted",
		"Admitted on %s: %s",
		"Admitida el %s: %s")
	add("rules.application.not_admitted",
		"Not admitted on %s: %s",
		"No admitida el %s: %s")
	add("rules.application.why_no_name",
		"it has no organization name",
		"no tiene el nombre de la organización")
	add("rules.application.why_no_email",
		"it has no email",
		"no tiene correo electrónico")
	add("rules.application.why_duplicate",
		"it repeats the application on row %d",
		"repite la solicitud de la fila %d")
	add("rules.application.why_member",
		"it is already an active member (Members row %d)",
		"ya es miembro activo (fila %d de Members)")
	add("rules.application.why_no_date",
		"it has no Timestamp, so the meeting it goes to is not known",
		"no tiene fecha (columna Timestamp), así que no se sabe a qué reunión va")

	// Problems in the Applications tab, and in Admit votes about applications.
	add("rules.application.issue_no_name",
		"This application has no organization name, so it is not put on an agenda. Write the name of the organization (or of the person, for an individual).",
		"Esta solicitud no tiene el nombre de la organización, así que no se pone en el orden del día. Escriba el nombre de la organización (o de la persona, si se une a título individual).")
	add("rules.application.issue_no_email",
		"This application has no email, so it is not put on an agenda. Write the email the coalition can write to.",
		"Esta solicitud no tiene correo electrónico, así que no se pone en el orden del día. Escriba el correo al que la coalición puede escribir.")
	add("rules.application.issue_duplicate_name",
		"This application has the same organization name as the one on row %d, so only that one goes on an agenda. If it was sent twice, delete this row; if it is another organization, make the names different.",
		"Esta solicitud tiene el mismo nombre de organización que la de la fila %d, así que solo esa va al orden del día. Si se envió dos veces, borre esta fila; si es otra organización, haga que los nombres sean distintos.")
	add("rules.application.issue_duplicate_email",
		"This application has the same email as the one on row %d, so only that one goes on an agenda. If it was sent twice, delete this row; if it is another organization, correct the email.",
		"Esta solicitud tiene el mismo correo electrónico que la de la fila %d, así que solo esa va al orden del día. Si se envió dos veces, borre esta fila; si es otra organización, corrija el correo.")
	add("rules.application.issue_member",
		`"%s" is already an active member (Members row %d), so this application is not put on an agenda. If it is another organization, correct the name or the email.`,
		`"%s" ya es miembro activo (fila %d de Members), así que esta solicitud no se pone en el orden del día. Si es otra organización, corrija el nombre o el correo.`)
	add("rules.application.issue_unknown_subject",
		`This Admit vote names "%s", which is neither a member in the Members tab nor an application in the Applications tab. Write the Application ID (such as A-0001) or the organization's name as the Applications tab has it.`,
		`Esta votación de admisión (Admit) nombra a "%s", que no es un miembro de la pestaña Members ni una solicitud de la pestaña Applications. Escriba el Application ID (por ejemplo A-0001) o el nombre de la organización tal como aparece en la pestaña Applications.`)

	// Approval request statuses, as the Status cell says them.
	add("rules.approval.approved", "Approved", "Aprobada")
	add("rules.approval.approved_by", "Approved by %s", "Aprobada por %s")
	add("rules.approval.objected", "Objected", "Con objeción")
	add("rules.approval.objected_by", "Objected by %s", "Con objeción de %s")
	add("rules.approval.overdue",
		"Overdue: no answer by %s",
		"Vencida: nadie respondió antes del %s")
	add("rules.approval.waiting_no_deadline",
		"Waiting for answers; the deadline is not known until Requested at says when the request came",
		"Esperando respuestas; no se sabe el plazo hasta que Requested at diga cuándo llegó la solicitud")
	add("rules.approval.waiting_hours", "Waiting: %d hours left", "Esperando: quedan %d horas")
	add("rules.approval.waiting_hour", "Waiting: 1 hour left", "Esperando: queda 1 hora")
	add("rules.approval.waiting_minutes", "Waiting: less than an hour left", "Esperando: queda menos de una hora")
}

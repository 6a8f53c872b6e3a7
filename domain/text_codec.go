package domain

// Wording of the problems the sheet codec (sync/sheets) finds in what people
// typed. Every message says what is wrong and what to do, in plain words.
func init() {
	for k, v := range codecCatalog {
		catalog[k] = v
	}
}

var codecCatalog = map[string]map[Lang]string{
	"sheets.duplicate_header": {
		English: "The header %q is in both column %s and column %s. Only the first one is read: rename or delete the other.",
		Spanish: "El encabezado %q está en la columna %s y en la columna %s. Solo se lee la primera: cambie el nombre de la otra o bórrela.",
	},
	"sheets.no_voting_column": {
		English: "This tab has no %q column, so no member counts as a voting member and no meeting can have quorum. Add the column and write Yes for each voting member.",
		Spanish: "Esta pestaña no tiene la columna %q, así que ningún miembro cuenta como miembro con voto y ninguna reunión puede tener quórum. Agregue la columna y escriba Sí para cada miembro con voto.",
	},
	"sheets.no_status_column": {
		English: "This tab has no %q column, so no member counts as active. Add the column and write Applicant, Active, Removed or Withdrawn for each member.",
		Spanish: "Esta pestaña no tiene la columna %q, así que ningún miembro cuenta como activo. Agregue la columna y escriba Applicant, Active, Removed o Withdrawn para cada miembro.",
	},
	"sheets.name_missing": {
		English: "This row has no name, so it was skipped. Write the member's name in the Name column, or clear the row.",
		Spanish: "Esta fila no tiene nombre, así que no se tomó en cuenta. Escriba el nombre del miembro en la columna Name, o borre la fila.",
	},
	"sheets.duplicate_id": {
		English: "The Member ID %s is also on row %d. Each member needs its own ID: do not copy IDs between rows.",
		Spanish: "El Member ID %s también está en la fila %d. Cada miembro necesita su propio ID: no copie IDs de una fila a otra.",
	},
	"sheets.bad_date": {
		English: "%q is not a date, so this cell is read as blank. %s",
		Spanish: "%q no es una fecha, así que esta celda se lee como vacía. %s",
	},
	"sheets.bad_meeting_header": {
		English: "The header %q of column %s looks like a meeting date but cannot be read, so the marks in this column are not counted. %s",
		Spanish: "El encabezado %q de la columna %s parece la fecha de una reunión pero no se puede leer, así que las marcas de esta columna no se cuentan. %s",
	},
	"sheets.bad_type": {
		English: "%q is not a kind of member, so this cell is read as blank. Write Organization or Individual.",
		Spanish: "%q no es un tipo de miembro, así que esta celda se lee como vacía. Escriba Organization (organización) o Individual (persona).",
	},
	"sheets.bad_status": {
		English: "%q is not a status, so this member is not counted. Write Applicant, Active, Removed or Withdrawn.",
		Spanish: "%q no es un estado, así que este miembro no se cuenta. Escriba Applicant, Active, Removed o Withdrawn.",
	},
	"sheets.blank_status": {
		English: "The status is blank, so this member is not counted. Write Applicant, Active, Removed or Withdrawn.",
		Spanish: "El estado está vacío, así que este miembro no se cuenta. Escriba Applicant, Active, Removed o Withdrawn.",
	},
	"sheets.bad_yes_no": {
		English: "%q is not Yes or No, so it is read as No. Write Yes, or leave the cell blank for No.",
		Spanish: "%q no es Sí ni No, así que se lee como No. Escriba Sí, o deje la celda vacía para decir No.",
	},
	"sheets.bad_working_groups": {
		English: "%q is not a working group, so it is ignored. Write Legislative, Communications or Base building, separated by commas.",
		Spanish: "%q no es un grupo de trabajo, así que no se toma en cuenta. Escriba Legislative, Communications o Base building, separados por comas.",
	},
	"sheets.attendance_no_member": {
		English: "This row has marks but no Member ID and no name, so they are not counted. Write the member's name.",
		Spanish: "Esta fila tiene marcas pero no tiene Member ID ni nombre, así que no se cuentan. Escriba el nombre del miembro.",
	},
	"sheets.attendance_unmatched": {
		English: "%q is not in the Members tab, so this row is not counted. Check the spelling, or copy the Member ID from the Members tab.",
		Spanish: "%q no está en la pestaña Members, así que esta fila no se cuenta. Revise cómo está escrito, o copie el Member ID de la pestaña Members.",
	},
	"sheets.attendance_ambiguous": {
		English: "More than one member is called %q, so this row is not counted. Copy the right Member ID from the Members tab into this row.",
		Spanish: "Hay más de un miembro llamado %q, así que esta fila no se cuenta. Copie el Member ID correcto de la pestaña Members en esta fila.",
	},
	"sheets.attendance_duplicate": {
		English: "This member already has a row (row %d), so this row is not counted. Move its marks to that row and clear this one.",
		Spanish: "Este miembro ya tiene una fila (la fila %d), así que esta fila no se cuenta. Pase las marcas a esa fila y borre esta.",
	},
	"sheets.bad_code": {
		English: "%q is not an attendance mark, so this cell is not counted. Write P (present), N (absent, told the facilitator) or A (absent without notice).",
		Spanish: "%q no es una marca de asistencia, así que esta celda no se cuenta. Escriba P (presente), N (ausente, avisó a la facilitación) o A (ausente sin avisar).",
	},
	"sheets.duplicate_meeting": {
		English: "The meeting of %s already has a column (column %s), so this column is not read. Move its marks to that column and delete this one.",
		Spanish: "La reunión del %s ya tiene una columna (la columna %s), así que esta columna no se lee. Pase las marcas a esa columna y borre esta.",
	},
	"sheets.vote_no_meeting": {
		English: "The meeting date is blank, so this vote is not counted. Write the date of the meeting where the vote was taken.",
		Spanish: "La fecha de la reunión está vacía, así que este voto no se cuenta. Escriba la fecha de la reunión en que se votó.",
	},
	"sheets.vote_bad_meeting": {
		English: "%q is not a date, so this vote is not counted. %s",
		Spanish: "%q no es una fecha, así que este voto no se cuenta. %s",
	},
	"sheets.vote_no_kind": {
		English: "The kind of vote is blank, so this vote is not counted. Write Admit, Remove or Other.",
		Spanish: "El tipo de votación está vacío, así que este voto no se cuenta. Escriba Admit (admitir), Remove (quitar) u Other (otra).",
	},
	"sheets.vote_bad_kind": {
		English: "%q is not a kind of vote, so this vote is not counted. Write Admit, Remove or Other.",
		Spanish: "%q no es un tipo de votación, así que este voto no se cuenta. Escriba Admit (admitir), Remove (quitar) u Other (otra).",
	},
	"sheets.vote_bad_count": {
		English: "%q is not a number of votes, so this vote is not counted. Write a whole number such as 0 or 12, or leave the cell blank for 0.",
		Spanish: "%q no es un número de votos, así que este voto no se cuenta. Escriba un número entero como 0 o 12, o deje la celda vacía para 0.",
	},
	"sheets.meeting_no_date": {
		English: "This row has no meeting date, so it is not read. Write the date in the Date column, or clear the row.",
		Spanish: "Esta fila no tiene fecha de reunión, así que no se lee. Escriba la fecha en la columna Date, o borre la fila.",
	},
	"sheets.duplicate_meeting_row": {
		English: "The meeting of %s already has a row (row %d), so this row is not read. Keep one row per meeting.",
		Spanish: "La reunión del %s ya tiene una fila (la fila %d), así que esta fila no se lee. Deje una sola fila por reunión.",
	},
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
	add("date.wrong_weekday",
		"It says %s, but that date is a %s: check which day is meant, then correct the date or the day of the week.",
		"Dice %s, pero esa fecha es %s: revise qué día es el correcto y corrija la fecha o el día de la semana.")
}

// Wording of the check report (package report): headings and line shapes
// for people reading it in a terminal or a file.
func init() {
	add := func(key, en, es string) { catalog[key] = map[Lang]string{English: en, Spanish: es} }
	add("report.title", "Coalition check as of %s", "Revisión de la coalición al %s")
	add("report.next_meeting", "Next full-coalition meeting: Monday, %s", "Próxima reunión de toda la coalición: lunes %s")
	add("report.next_meeting_moved", "Next full-coalition meeting: %s", "Próxima reunión de toda la coalición: %s")
	add("report.meetings", "Meetings held (%d)", "Reuniones celebradas (%d)")
	add("report.no_meetings", "No meetings held yet.", "Todavía no se ha celebrado ninguna reunión.")
	add("report.attention", "Members who need attention (%d)", "Miembros que necesitan atención (%d)")
	add("report.no_attention", "No member needs attention.", "Ningún miembro necesita atención.")
	add("report.member_line", "%s (%s), %s: %d absences without notice", "%s (%s), %s: %d faltas sin aviso")
	add("report.no_id", "no Member ID yet", "todavía sin Member ID")
	add("report.voting", "voting", "con voto")
	add("report.not_voting", "not voting", "sin voto")
	add("report.votes", "Votes (%d)", "Votaciones (%d)")
	add("report.no_votes", "No votes recorded.", "No hay votaciones anotadas.")
	add("report.vote_line", "Votes row %d, %s meeting, %s: %s", "Fila %d de Votes, reunión del %s, %s: %s")
	add("report.issues", "Problems to fix in the sheets (%d)", "Problemas que corregir en las hojas (%d)")
	add("report.no_issues", "No problems found in the sheets.", "No se encontraron problemas en las hojas.")
	add("report.issue_cell", "%s tab, row %d, column %s: %s", "Pestaña %s, fila %d, columna %s: %s")
	add("report.issue_row", "%s tab, row %d: %s", "Pestaña %s, fila %d: %s")
	add("report.issue_tab", "%s tab: %s", "Pestaña %s: %s")
}

package sheets

import "github.com/coalitionsync/coalitionsync/domain"

// Message keys of the header rows of the tabs the service writes whole
// (Dashboard, Sync issues): setup lays them out and the sync engine fills
// the tabs, both in these words, so that neither undoes the other. The
// codec's own keys are in parse.go.
const (
	msgHeaderTab     = "sheets.header_tab"
	msgHeaderRow     = "sheets.header_row"
	msgHeaderColumn  = "sheets.header_column"
	msgHeaderProblem = "sheets.header_problem"
	msgHeaderItem    = "sheets.header_item"
	msgHeaderValue   = "sheets.header_value"
)

// OwnedHeader returns the header row the service writes on an owned tab
// (Dashboard or Sync issues) in lang, and nil for any other tab. In English
// it is the schema's column names.
func OwnedHeader(tab string, lang domain.Lang) []string {
	var keys []string
	switch tab {
	case TabDashboard:
		keys = []string{msgHeaderItem, msgHeaderValue}
	case TabSyncIssues:
		keys = []string{msgHeaderTab, msgHeaderRow, msgHeaderColumn, msgHeaderProblem}
	}
	if keys == nil {
		return nil
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = domain.T(k).In(lang)
	}
	return out
}

// The package's wording, in every language: the problems the codec finds in
// what people typed, each saying what is wrong and what to do in plain
// words, and the owned tabs' headers.
var _ = domain.Register(texts)

var texts = map[string]map[domain.Lang]string{
	"sheets.duplicate_header": {
		domain.English: "The header %q is in both column %s and column %s. Only the first one is read: rename or delete the other.",
		domain.Spanish: "El encabezado %q está en la columna %s y en la columna %s. Solo se lee la primera: cambie el nombre de la otra o bórrela.",
	},
	"sheets.no_voting_column": {
		domain.English: "This tab has no %q column, so no member counts as a voting member and no meeting can have quorum. Add the column and write Yes for each voting member.",
		domain.Spanish: "Esta pestaña no tiene la columna %q, así que ningún miembro cuenta como miembro con voto y ninguna reunión puede tener quórum. Agregue la columna y escriba Sí para cada miembro con voto.",
	},
	"sheets.no_status_column": {
		domain.English: "This tab has no %q column, so no member counts as active. Add the column and write Applicant, Active, Removed or Withdrawn for each member.",
		domain.Spanish: "Esta pestaña no tiene la columna %q, así que ningún miembro cuenta como activo. Agregue la columna y escriba Applicant, Active, Removed o Withdrawn para cada miembro.",
	},
	"sheets.name_missing": {
		domain.English: "This row has no name, so it was skipped. Write the member's name in the Name column, or clear the row.",
		domain.Spanish: "Esta fila no tiene nombre, así que no se tomó en cuenta. Escriba el nombre del miembro en la columna Name, o borre la fila.",
	},
	"sheets.duplicate_id": {
		domain.English: "The Member ID %s is also on row %d. Each member needs its own ID: do not copy IDs between rows.",
		domain.Spanish: "El Member ID %s también está en la fila %d. Cada miembro necesita su propio ID: no copie IDs de una fila a otra.",
	},
	"sheets.bad_date": {
		domain.English: "%q is not a date, so this cell is read as blank. %s",
		domain.Spanish: "%q no es una fecha, así que esta celda se lee como vacía. %s",
	},
	"sheets.bad_meeting_header": {
		domain.English: "The header %q of column %s looks like a meeting date but cannot be read, so the marks in this column are not counted. %s",
		domain.Spanish: "El encabezado %q de la columna %s parece la fecha de una reunión pero no se puede leer, así que las marcas de esta columna no se cuentan. %s",
	},
	"sheets.bad_type": {
		domain.English: "%q is not a kind of member, so this cell is read as blank. Write Organization or Individual.",
		domain.Spanish: "%q no es un tipo de miembro, así que esta celda se lee como vacía. Escriba Organization (organización) o Individual (persona).",
	},
	"sheets.bad_status": {
		domain.English: "%q is not a status, so this member is not counted. Write Applicant, Active, Removed or Withdrawn.",
		domain.Spanish: "%q no es un estado, así que este miembro no se cuenta. Escriba Applicant, Active, Removed o Withdrawn.",
	},
	"sheets.blank_status": {
		domain.English: "The status is blank, so this member is not counted. Write Applicant, Active, Removed or Withdrawn.",
		domain.Spanish: "El estado está vacío, así que este miembro no se cuenta. Escriba Applicant, Active, Removed o Withdrawn.",
	},
	"sheets.bad_yes_no": {
		domain.English: "%q is not Yes or No, so it is read as No. Write Yes, or leave the cell blank for No.",
		domain.Spanish: "%q no es Sí ni No, así que se lee como No. Escriba Sí, o deje la celda vacía para decir No.",
	},
	"sheets.formula_error": {
		domain.English: "The cell shows %s: its formula does not work, so it is read as blank. Fix the formula, or type the text itself.",
		domain.Spanish: "La celda muestra %s: su fórmula no funciona, así que se lee como vacía. Corrija la fórmula o escriba el texto directamente.",
	},
	"sheets.bad_working_groups": {
		domain.English: "%q is not a working group, so it is ignored. Write Legislative, Communications or Base building, separated by commas.",
		domain.Spanish: "%q no es un grupo de trabajo, así que no se toma en cuenta. Escriba Legislative, Communications o Base building, separados por comas.",
	},
	"sheets.attendance_no_member": {
		domain.English: "This row has marks but no Member ID and no name, so they are not counted. Write the member's name.",
		domain.Spanish: "Esta fila tiene marcas pero no tiene Member ID ni nombre, así que no se cuentan. Escriba el nombre del miembro.",
	},
	"sheets.attendance_unmatched": {
		domain.English: "%q is not in the Members tab, so this row is not counted. Check the spelling, or copy the Member ID from the Members tab.",
		domain.Spanish: "%q no está en la pestaña Members, así que esta fila no se cuenta. Revise cómo está escrito, o copie el Member ID de la pestaña Members.",
	},
	"sheets.attendance_ambiguous": {
		domain.English: "More than one member is called %q, so this row is not counted. Copy the right Member ID from the Members tab into this row.",
		domain.Spanish: "Hay más de un miembro llamado %q, así que esta fila no se cuenta. Copie el Member ID correcto de la pestaña Members en esta fila.",
	},
	"sheets.attendance_duplicate": {
		domain.English: "This member already has a row (row %d), so this row is not counted. Move its marks to that row and clear this one.",
		domain.Spanish: "Este miembro ya tiene una fila (la fila %d), así que esta fila no se cuenta. Pase las marcas a esa fila y borre esta.",
	},
	"sheets.bad_code": {
		domain.English: "%q is not an attendance mark, so this cell is not counted. Write P (present), N (absent, told the facilitator) or A (absent without notice).",
		domain.Spanish: "%q no es una marca de asistencia, así que esta celda no se cuenta. Escriba P (presente), N (ausente, avisó a la facilitación) o A (ausente sin avisar).",
	},
	"sheets.duplicate_meeting": {
		domain.English: "The meeting of %s already has a column (column %s), so this column is not read. Move its marks to that column and delete this one.",
		domain.Spanish: "La reunión del %s ya tiene una columna (la columna %s), así que esta columna no se lee. Pase las marcas a esa columna y borre esta.",
	},
	"sheets.vote_no_meeting": {
		domain.English: "The meeting date is blank, so this vote is not counted. Write the date of the meeting where the vote was taken.",
		domain.Spanish: "La fecha de la reunión está vacía, así que este voto no se cuenta. Escriba la fecha de la reunión en que se votó.",
	},
	"sheets.vote_bad_meeting": {
		domain.English: "%q is not a date, so this vote is not counted. %s",
		domain.Spanish: "%q no es una fecha, así que este voto no se cuenta. %s",
	},
	"sheets.vote_no_kind": {
		domain.English: "The kind of vote is blank, so this vote is not counted. Write Admit, Remove or Other.",
		domain.Spanish: "El tipo de votación está vacío, así que este voto no se cuenta. Escriba Admit (admitir), Remove (quitar) u Other (otra).",
	},
	"sheets.vote_bad_kind": {
		domain.English: "%q is not a kind of vote, so this vote is not counted. Write Admit, Remove or Other.",
		domain.Spanish: "%q no es un tipo de votación, así que este voto no se cuenta. Escriba Admit (admitir), Remove (quitar) u Other (otra).",
	},
	"sheets.vote_bad_count": {
		domain.English: "%q is not a number of votes, so this vote is not counted. Write a whole number such as 0 or 12, or leave the cell blank for 0.",
		domain.Spanish: "%q no es un número de votos, así que este voto no se cuenta. Escriba un número entero como 0 o 12, o deje la celda vacía para 0.",
	},
	"sheets.meeting_no_date": {
		domain.English: "This row has no meeting date, so it is not read. Write the date in the Date column, or clear the row.",
		domain.Spanish: "Esta fila no tiene fecha de reunión, así que no se lee. Escriba la fecha en la columna Date, o borre la fila.",
	},
	"sheets.duplicate_meeting_row": {
		domain.English: "The meeting of %s already has a row (row %d), so this row is not read. Keep one row per meeting.",
		domain.Spanish: "La reunión del %s ya tiene una fila (la fila %d), así que esta fila no se lee. Deje una sola fila por reunión.",
	},
	msgNoNameColumn: {
		domain.English: "This tab has no %q column, so no application is read. Add a header cell with that name in the first row (a form's question that says \"organization\" and \"name\" works too).",
		domain.Spanish: "Esta pestaña no tiene la columna %q, así que no se lee ninguna solicitud. Agregue un encabezado con ese nombre en la primera fila (también sirve una pregunta del formulario que diga \"organization\" y \"name\", u \"organización\" y \"nombre\").",
	},
	msgNoRequestedAtColumn: {
		domain.English: "This tab has no %q column, so no request has a deadline. Add the column and write when each request came, like 5/8/2026 14:30.",
		domain.Spanish: "Esta pestaña no tiene la columna %q, así que ninguna solicitud tiene plazo. Agregue la columna y escriba cuándo llegó cada solicitud, por ejemplo 5/8/2026 14:30.",
	},
	msgBadTimestamp: {
		domain.English: "%q is not a date, so the application is put on the agenda of the next meeting from today. %s",
		domain.Spanish: "%q no es una fecha, así que la solicitud se pone en el orden del día de la próxima reunión a partir de hoy. %s",
	},
	msgRequestedAtMissing: {
		domain.English: "This request does not say when it came, so it has no deadline. Write the date and time in Requested at, like 5/8/2026 14:30.",
		domain.Spanish: "Esta solicitud no dice cuándo llegó, así que no tiene plazo. Escriba la fecha y la hora en Requested at, por ejemplo 5/8/2026 14:30.",
	},
	msgBadRequestedAt: {
		domain.English: "%q is not a date and time, so this request has no deadline. %s",
		domain.Spanish: "%q no es una fecha y hora, así que esta solicitud no tiene plazo. %s",
	},
	msgBadResponse: {
		domain.English: "The line %q is not read as an answer. Write one answer a line: Approved — and the member's name, or Objected — and the member's name.",
		domain.Spanish: "La línea %q no se lee como una respuesta. Escriba una respuesta por línea: Aprobado — y el nombre del miembro, u Objeción — y el nombre del miembro.",
	},
	msgDuplicateApplication: {
		domain.English: "The Application ID %s is also on row %d. Each application needs its own ID: do not copy IDs between rows.",
		domain.Spanish: "El Application ID %s también está en la fila %d. Cada solicitud necesita su propio ID: no copie IDs de una fila a otra.",
	},
	msgHeaderTab:     {domain.English: "Tab", domain.Spanish: "Pestaña"},
	msgHeaderRow:     {domain.English: "Row", domain.Spanish: "Fila"},
	msgHeaderColumn:  {domain.English: "Column", domain.Spanish: "Columna"},
	msgHeaderProblem: {domain.English: "Problem and what to do", domain.Spanish: "Problema y qué hacer"},
	msgHeaderItem:    {domain.English: "What", domain.Spanish: "Qué"},
	msgHeaderValue:   {domain.English: "Now", domain.Spanish: "Ahora"},
}

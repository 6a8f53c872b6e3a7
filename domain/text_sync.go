package domain

// The sync engine's wording (keys in sync/messages.go): what the dry run
// says it would change, the Sync issues and Dashboard tabs, and the
// problems only a sync can find.
func init() {
	for k, v := range map[string]map[Lang]string{
		"sync.blocked_read": {
			English: "Nothing was synced: %s. Fix the header row, then the next sync will run normally.",
			Spanish: "No se sincronizó nada: %s. Corrija la fila de encabezados y la próxima sincronización funcionará con normalidad.",
		},
		"sync.foreign_id": {
			English: "The Member ID %q was not given by this service, so this row was left as it is. Put back the ID it had, or clear the cell to get a new one.",
			Spanish: "El ID de miembro %q no lo asignó este servicio, así que esta fila quedó sin cambios. Vuelva a poner el ID que tenía o borre la celda para recibir uno nuevo.",
		},
		"sync.duplicate_id": {
			English: "The Member ID %s is also in row %s. Each member needs its own ID: keep it on the right row and clear it on the other, which then gets a new one.",
			Spanish: "El ID de miembro %s también está en la fila %s. Cada miembro necesita su propio ID: déjelo en la fila correcta y bórrelo en la otra, que recibirá uno nuevo.",
		},
		"sync.deletion_guard": {
			English: "Nothing was synced: %d of the %d members the service knows are no longer in the Members tab, more than the %d it accepts at once. If rows were cleared or sorted by mistake, undo that; if they really left, set their Status to Withdrawn instead of deleting the rows.",
			Spanish: "No se sincronizó nada: %d de los %d miembros que conoce el servicio ya no están en la pestaña Members, más de los %d que acepta de una vez. Si se borraron u ordenaron filas por error, deshágalo; si de verdad se fueron, ponga su estado en Withdrawn en lugar de borrar las filas.",
		},
		"sync.add_column": {
			English: "add the column %q",
			Spanish: "agregar la columna %q",
		},
		"sync.new_id": {
			English: "new Member ID %s",
			Spanish: "nuevo ID de miembro %s",
		},
		"sync.absences": {
			English: "absences without notice: %d",
			Spanish: "ausencias sin aviso: %d",
		},
		"sync.flags": {
			English: "flag %s",
			Spanish: "aviso %s",
		},
		"sync.flags_cleared": {
			English: "no flags any more",
			Spanish: "ya no tiene avisos",
		},
		"sync.where_member": {
			English: "Members row %d (%s)",
			Spanish: "Members, fila %d (%s)",
		},
		"sync.meeting_row": {
			English: "add the meeting",
			Spanish: "agregar la reunión",
		},
		"sync.meeting_cancelled": {
			English: "No — the meeting was cancelled",
			Spanish: "No — la reunión se canceló",
		},
		"sync.quorum_yes": {
			English: "Yes — %d of %d voting members present; %d needed",
			Spanish: "Sí — %d de %d miembros con voto presentes; se necesitan %d",
		},
		"sync.quorum_no": {
			English: "No — %d of %d voting members present; %d needed",
			Spanish: "No — %d de %d miembros con voto presentes; se necesitan %d",
		},
		"sync.quorum_unrecorded": {
			English: "No — attendance was not recorded for this meeting",
			Spanish: "No — no se anotó la asistencia de esta reunión",
		},
		"sync.quorum_nobody": {
			English: "No — there were no voting members on this date",
			Spanish: "No — no había miembros con voto en esta fecha",
		},
		"sync.meeting_numbers": {
			English: "voting members %v, present %v, quorum needed %v",
			Spanish: "miembros con voto %v, presentes %v, quórum necesario %v",
		},
		"sync.meeting_quorum": {
			English: "quorum %q",
			Spanish: "quórum %q",
		},
		"sync.attendance_column": {
			English: "add a column for the meeting of %s",
			Spanish: "agregar una columna para la reunión del %s",
		},
		"sync.attendance_row": {
			English: "add a row for %s",
			Spanish: "agregar una fila para %s",
		},
		"sync.vote_result": {
			English: "%s",
			Spanish: "%s",
		},
		"sync.missing": {
			English: "Member %s is no longer in the Members tab: its history is kept and it is marked missing",
			Spanish: "El miembro %s ya no está en la pestaña Members: se guarda su historial y se marca como ausente de la hoja",
		},
		"sync.returned": {
			English: "Member %s is back in the Members tab",
			Spanish: "El miembro %s volvió a la pestaña Members",
		},
		"sync.nothing_to_change": {
			English: "Nothing to change in the spreadsheet.",
			Spanish: "No hay nada que cambiar en la hoja de cálculo.",
		},
		"sync.save": {
			English: "Record: %d new, %d updated, %d marked missing, %d back, %d flags raised, %d flags cleared, %d unchanged.",
			Spanish: "Registro: %d nuevos, %d actualizados, %d marcados como ausentes de la hoja, %d de vuelta, %d avisos nuevos, %d avisos retirados, %d sin cambios.",
		},
		"sync.summary": {
			English: "Wrote %d cells in the spreadsheet and %d in the member directory; %d problems listed in Sync issues.",
			Spanish: "Se escribieron %d celdas en la hoja y %d en el directorio de miembros; %d problemas en Sync issues.",
		},
		"sync.summary_unchanged": {
			English: "Nothing changed since the last sync: nothing was read or written.",
			Spanish: "Nada cambió desde la última sincronización: no se leyó ni se escribió nada.",
		},
		"sync.summary_as_left": {
			English: "The spreadsheet is as the last sync left it: read once, nothing written but the version seen.",
			Spanish: "La hoja está como la dejó la última sincronización: se leyó una vez y solo se anotó la versión vista.",
		},
		"sync.summary_sharing": {
			English: "Member directory: access given to %d members, taken back from %d; %d members could not be given access (see the run report).",
			Spanish: "Directorio de miembros: acceso dado a %d miembros y retirado a %d; %d miembros no pudieron recibir acceso (vea el informe de la sincronización).",
		},
		"sync.summary_busy": {
			English: "Another sync is running; it will run once more to include these changes.",
			Spanish: "Hay otra sincronización en curso; volverá a correr para incluir estos cambios.",
		},
		"sync.where_meeting": {
			English: "Meetings row %d (%s)",
			Spanish: "Meetings, fila %d (%s)",
		},
		"sync.where_row": {
			English: "%s row %d",
			Spanish: "%s, fila %d",
		},
		"sync.where_tab": {
			English: "%s tab",
			Spanish: "Pestaña %s",
		},
		"sync.header_tab":     {English: "Tab", Spanish: "Pestaña"},
		"sync.header_row":     {English: "Row", Spanish: "Fila"},
		"sync.header_column":  {English: "Column", Spanish: "Columna"},
		"sync.header_problem": {English: "Problem and what to do", Spanish: "Problema y qué hacer"},
		"sync.no_issues": {
			English: "No problems found in the last sync.",
			Spanish: "La última sincronización no encontró problemas.",
		},
		"sync.sync_issues": {
			English: "list %d problems",
			Spanish: "mostrar %d problemas",
		},
		"sync.dashboard":          {English: "update the summary", Spanish: "actualizar el resumen"},
		"sync.dash_item":          {English: "What", Spanish: "Qué"},
		"sync.dash_value":         {English: "Now", Spanish: "Ahora"},
		"sync.dash_next_meeting":  {English: "Next meeting", Spanish: "Próxima reunión"},
		"sync.dash_voting":        {English: "Voting members", Spanish: "Miembros con voto"},
		"sync.dash_quorum_needed": {English: "Present needed for quorum", Spanish: "Presentes necesarios para el quórum"},
		"sync.dash_last_meeting":  {English: "Last meeting", Spanish: "Última reunión"},
		"sync.dash_attention":     {English: "Needs attention", Spanish: "Necesita atención"},
		"sync.dash_nobody":        {English: "Nobody", Spanish: "Nadie"},
		"sync.dash_perspectives":  {English: "Perspectives missing", Spanish: "Perspectivas que faltan"},
		"sync.dash_none":          {English: "None", Spanish: "Ninguna"},
		"sync.dash_issues":        {English: "Problems in the sheets (see Sync issues)", Spanish: "Problemas en las hojas (vea Sync issues)"},
	} {
		catalog[k] = v
	}
}

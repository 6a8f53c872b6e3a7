package engine

import "github.com/coalitionsync/coalitionsync/domain"

// The sync engine's wording (keys in messages.go), in every language: what
// the dry run says it would change, the Sync issues and Dashboard tabs, and
// the problems only a sync can find. The owned tabs' header rows are
// sync/sheets' (setup writes them too).
var texts = map[string]map[domain.Lang]string{
	"sync.blocked_read": {
		domain.English: "Nothing was synced: %s. Fix the header row, then the next sync will run normally.",
		domain.Spanish: "No se sincronizó nada: %s. Corrija la fila de encabezados y la próxima sincronización funcionará con normalidad.",
	},
	"sync.foreign_id": {
		domain.English: "The Member ID %q was not given by this service, so this row was left as it is. Put back the ID it had, or clear the cell to get a new one.",
		domain.Spanish: "El ID de miembro %q no lo asignó este servicio, así que esta fila quedó sin cambios. Vuelva a poner el ID que tenía o borre la celda para recibir uno nuevo.",
	},
	"sync.duplicate_id": {
		domain.English: "The Member ID %s is also in row %s. Each member needs its own ID: keep it on the right row and clear it on the other, which then gets a new one.",
		domain.Spanish: "El ID de miembro %s también está en la fila %s. Cada miembro necesita su propio ID: déjelo en la fila correcta y bórrelo en la otra, que recibirá uno nuevo.",
	},
	"sync.deletion_guard": {
		domain.English: "Nothing was synced: %d of the %d members the service knows are no longer in the Members tab, more than the %d it accepts at once. If rows were cleared or sorted by mistake, undo that; if they really left, set their Status to Withdrawn instead of deleting the rows.",
		domain.Spanish: "No se sincronizó nada: %d de los %d miembros que conoce el servicio ya no están en la pestaña Members, más de los %d que acepta de una vez. Si se borraron u ordenaron filas por error, deshágalo; si de verdad se fueron, ponga su estado en Withdrawn en lugar de borrar las filas.",
	},
	"sync.add_column": {
		domain.English: "add the column %q",
		domain.Spanish: "agregar la columna %q",
	},
	"sync.new_id": {
		domain.English: "new Member ID %s",
		domain.Spanish: "nuevo ID de miembro %s",
	},
	"sync.absences": {
		domain.English: "absences without notice: %d",
		domain.Spanish: "ausencias sin aviso: %d",
	},
	"sync.flags": {
		domain.English: "flag %s",
		domain.Spanish: "aviso %s",
	},
	"sync.flags_cleared": {
		domain.English: "no flags any more",
		domain.Spanish: "ya no tiene avisos",
	},
	"sync.where_member": {
		domain.English: "Members row %d (%s)",
		domain.Spanish: "Members, fila %d (%s)",
	},
	"sync.meeting_row": {
		domain.English: "add the meeting",
		domain.Spanish: "agregar la reunión",
	},
	"sync.meeting_cancelled": {
		domain.English: "No — the meeting was cancelled",
		domain.Spanish: "No — la reunión se canceló",
	},
	"sync.quorum_yes": {
		domain.English: "Yes — %d of %d voting members present; %d needed",
		domain.Spanish: "Sí — %d de %d miembros con voto presentes; se necesitan %d",
	},
	"sync.quorum_no": {
		domain.English: "No — %d of %d voting members present; %d needed",
		domain.Spanish: "No — %d de %d miembros con voto presentes; se necesitan %d",
	},
	"sync.quorum_unrecorded": {
		domain.English: "No — attendance was not recorded for this meeting",
		domain.Spanish: "No — no se anotó la asistencia de esta reunión",
	},
	"sync.quorum_nobody": {
		domain.English: "No — there were no voting members on this date",
		domain.Spanish: "No — no había miembros con voto en esta fecha",
	},
	"sync.meeting_numbers": {
		domain.English: "voting members %v, present %v, quorum needed %v",
		domain.Spanish: "miembros con voto %v, presentes %v, quórum necesario %v",
	},
	"sync.meeting_quorum": {
		domain.English: "quorum %q",
		domain.Spanish: "quórum %q",
	},
	"sync.attendance_column": {
		domain.English: "add a column for the meeting of %s",
		domain.Spanish: "agregar una columna para la reunión del %s",
	},
	"sync.attendance_row": {
		domain.English: "add a row for %s",
		domain.Spanish: "agregar una fila para %s",
	},
	"sync.vote_result": {
		domain.English: "%s",
		domain.Spanish: "%s",
	},
	"sync.missing": {
		domain.English: "Member %s is no longer in the Members tab: its history is kept and it is marked missing",
		domain.Spanish: "El miembro %s ya no está en la pestaña Members: se guarda su historial y se marca como ausente de la hoja",
	},
	"sync.returned": {
		domain.English: "Member %s is back in the Members tab",
		domain.Spanish: "El miembro %s volvió a la pestaña Members",
	},
	"sync.nothing_to_change": {
		domain.English: "Nothing to change in the spreadsheet.",
		domain.Spanish: "No hay nada que cambiar en la hoja de cálculo.",
	},
	"sync.save": {
		domain.English: "Record: %d new, %d updated, %d marked missing, %d back, %d flags raised, %d flags cleared, %d unchanged.",
		domain.Spanish: "Registro: %d nuevos, %d actualizados, %d marcados como ausentes de la hoja, %d de vuelta, %d avisos nuevos, %d avisos retirados, %d sin cambios.",
	},
	"sync.summary": {
		domain.English: "Wrote %d cells in the spreadsheet and %d in the member directory; %d problems listed in Sync issues.",
		domain.Spanish: "Se escribieron %d celdas en la hoja y %d en el directorio de miembros; %d problemas en Sync issues.",
	},
	"sync.summary_unchanged": {
		domain.English: "Nothing changed since the last sync: nothing was read or written.",
		domain.Spanish: "Nada cambió desde la última sincronización: no se leyó ni se escribió nada.",
	},
	"sync.summary_as_left": {
		domain.English: "The spreadsheet is as the last sync left it: read once, nothing written but the version seen.",
		domain.Spanish: "La hoja está como la dejó la última sincronización: se leyó una vez y solo se anotó la versión vista.",
	},
	"sync.summary_sharing": {
		domain.English: "Member directory: access given to %d members, taken back from %d; %d members could not be given access (see the run report).",
		domain.Spanish: "Directorio de miembros: acceso dado a %d miembros y retirado a %d; %d miembros no pudieron recibir acceso (vea el informe de la sincronización).",
	},
	"sync.summary_busy": {
		domain.English: "Another sync is running; it will run once more to include these changes.",
		domain.Spanish: "Hay otra sincronización en curso; volverá a correr para incluir estos cambios.",
	},
	"sync.where_meeting": {
		domain.English: "Meetings row %d (%s)",
		domain.Spanish: "Meetings, fila %d (%s)",
	},
	"sync.where_row": {
		domain.English: "%s row %d",
		domain.Spanish: "%s, fila %d",
	},
	"sync.where_tab": {
		domain.English: "%s tab",
		domain.Spanish: "Pestaña %s",
	},
	"sync.no_issues": {
		domain.English: "No problems found in the last sync.",
		domain.Spanish: "La última sincronización no encontró problemas.",
	},
	"sync.sync_issues": {
		domain.English: "list %d problems",
		domain.Spanish: "mostrar %d problemas",
	},
	"sync.dashboard":          {domain.English: "update the summary", domain.Spanish: "actualizar el resumen"},
	"sync.dash_next_meeting":  {domain.English: "Next meeting", domain.Spanish: "Próxima reunión"},
	"sync.dash_voting":        {domain.English: "Voting members", domain.Spanish: "Miembros con voto"},
	"sync.dash_quorum_needed": {domain.English: "Present needed for quorum", domain.Spanish: "Presentes necesarios para el quórum"},
	"sync.dash_last_meeting":  {domain.English: "Last meeting", domain.Spanish: "Última reunión"},
	"sync.dash_attention":     {domain.English: "Needs attention", domain.Spanish: "Necesita atención"},
	"sync.dash_nobody":        {domain.English: "Nobody", domain.Spanish: "Nadie"},
	"sync.dash_perspectives":  {domain.English: "Perspectives missing", domain.Spanish: "Perspectivas que faltan"},
	"sync.dash_none":          {domain.English: "None", domain.Spanish: "Ninguna"},
	"sync.dash_issues":        {domain.English: "Problems in the sheets (see Sync issues)", domain.Spanish: "Problemas en las hojas (vea Sync issues)"},

	"sync.plan_directory": {
		domain.English: "Member directory: write %d cells (only what members agreed to share)",
		domain.Spanish: "Directorio de miembros: escribir %d celdas (solo lo que los miembros aceptaron compartir)",
	},
	"sync.plan_grant": {
		domain.English: "Member directory: let %s (%s) open it; Google Drive emails them a short notice",
		domain.Spanish: "Directorio de miembros: permitir que %s (%s) lo abra; Google Drive le envía un breve aviso por correo",
	},
	"sync.plan_revoke": {
		domain.English: "Member directory: take away the access this service gave to member %s",
		domain.Spanish: "Directorio de miembros: quitar el acceso que este servicio dio al miembro %s",
	},
	"sync.plan_forget": {
		domain.English: "Member directory: %d accesses that a person changed or removed are left as that person decided",
		domain.Spanish: "Directorio de miembros: %d accesos que una persona cambió o quitó se dejan como esa persona decidió",
	},
	"sync.cannot_invite": {
		domain.English: "Meeting invitations are not sent: the service acts as a plain service account, which Google Calendar does not allow to invite guests. Let the service act as the coalition's own account (with Google Workspace: DELEGATED_SERVICE_ACCOUNT and ORGANIZER_EMAIL; with other Google accounts: 'coalition auth' and AUTHORIZED_USER). The deploy guide, step 5, says how. Everything else still syncs.",
		domain.Spanish: "No se envían las invitaciones a las reuniones: el servicio actúa como una cuenta de servicio simple, y Google Calendar no le permite invitar a nadie. Deje que el servicio actúe como la cuenta de la coalición (con Google Workspace: DELEGATED_SERVICE_ACCOUNT y ORGANIZER_EMAIL; con otras cuentas de Google: 'coalition auth' y AUTHORIZED_USER). La guía de instalación, paso 5, explica cómo. Todo lo demás se sigue sincronizando.",
	},
	"sync.guest_refused": {
		domain.English: "Google Calendar did not accept the Email of %s as a guest, so this member gets no meeting invitation. Check the address for a typing mistake.",
		domain.Spanish: "Google Calendar no aceptó el correo (Email) de %s como invitado, así que este miembro no recibe invitación a las reuniones. Revise si la dirección tiene un error.",
	},
	"sync.alternate_refused": {
		domain.English: "Google Calendar did not accept an address in the Alternates of %s as a guest, so that alternate gets no meeting invitation. Check the addresses for a typing mistake.",
		domain.Spanish: "Google Calendar no aceptó una dirección de los suplentes (Alternates) de %s como invitado, así que ese suplente no recibe invitación a las reuniones. Revise si las direcciones tienen un error.",
	},
	"sync.declined_n": {
		domain.English: "N for %s: everyone invited for this member declined the invitation to the meeting of %s, which counts as notice",
		domain.Spanish: "N para %s: todas las personas invitadas por este miembro rechazaron la invitación a la reunión del %s, lo que cuenta como aviso",
	},
	"sync.decline_withdrawn": {
		domain.English: "clear the N of %s: the invitation to the meeting of %s is no longer declined",
		domain.Spanish: "borrar la N de %s: la invitación a la reunión del %s ya no está rechazada",
	},
	"sync.calendar_link": {
		domain.English: "link to the meeting's event in Google Calendar",
		domain.Spanish: "enlace al evento de la reunión en Google Calendar",
	},
	"sync.event_title": {
		domain.English: "Full coalition meeting",
		domain.Spanish: "Reunión de toda la coalición",
	},
	"sync.event_description": {
		domain.English: "The coalition's monthly meeting. The agenda is added before the meeting. If you cannot come, please answer No to this invitation: the facilitators will count it as notice of your absence. Guests cannot see each other's addresses.",
		domain.Spanish: "La reunión mensual de la coalición. La agenda se agrega antes de la reunión. Si no puede venir, responda No a esta invitación: las personas facilitadoras lo contarán como aviso de su ausencia. Las personas invitadas no ven las direcciones de las demás.",
	},
	"sync.plan_event_create": {
		domain.English: "Calendar: make the event of the meeting of %s; guests invited: %d",
		domain.Spanish: "Calendario: crear el evento de la reunión del %s; personas invitadas: %d",
	},
	"sync.plan_event_newcomers": {
		domain.English: "Calendar: the meeting of %s; new guests invited: %d, on an event of their own with the same video meeting (so that only they get an email)",
		domain.Spanish: "Calendario: la reunión del %s; personas nuevas invitadas: %d, en un evento propio con la misma videollamada (para que solo ellas reciban el correo)",
	},
	"sync.plan_event_update": {
		domain.English: "Calendar: update the event of the meeting of %s (%d invited, %d taken off)",
		domain.Spanish: "Calendario: actualizar el evento de la reunión del %s (%d invitadas, %d quitadas)",
	},
	"sync.plan_event_cancel": {
		domain.English: "Calendar: cancel the event of the meeting of %s, with notice to its guests",
		domain.Spanish: "Calendario: cancelar el evento de la reunión del %s, con aviso a las personas invitadas",
	},
	"sync.summary_calendar": {
		domain.English: "Calendar: %d events made, %d updated, %d cancelled; %d invitations sent.",
		domain.Spanish: "Calendario: %d eventos creados, %d actualizados, %d cancelados; %d invitaciones enviadas.",
	},
	"sync.invites_deferred": {
		domain.English: "Some meeting invitations wait until tomorrow: Google Calendar limits how many invitations one account may send in a day, so the service sends them over several days, the nearest meeting first. Nothing needs to be done.",
		domain.Spanish: "Algunas invitaciones a las reuniones esperan hasta mañana: Google Calendar limita cuántas invitaciones puede enviar una cuenta en un día, así que el servicio las envía en varios días, primero las de la reunión más cercana. No hace falta hacer nada.",
	},
	"sync.application_id": {
		domain.English: "new Application ID %s",
		domain.Spanish: "nuevo ID de solicitud %s",
	},
	"sync.application_status": {
		domain.English: "application status: %s",
		domain.Spanish: "estado de la solicitud: %s",
	},
	"sync.admitted_row": {
		domain.English: "new member admitted by a valid vote (application %s)",
		domain.Spanish: "nuevo miembro admitido por una votación válida (solicitud %s)",
	},
	"sync.approval_deadline": {
		domain.English: "answers due by %s",
		domain.Spanish: "respuestas hasta el %s",
	},
	"sync.approval_status": {
		domain.English: "status: %s",
		domain.Spanish: "estado: %s",
	},
	"sync.agenda_link": {
		domain.English: "link to the meeting's agenda",
		domain.Spanish: "enlace a la agenda de la reunión",
	},
	"sync.agenda_edited": {
		domain.English: "Someone edited the agenda of the meeting of %s, so the service no longer changes it. Please add by hand what came up since: %s.",
		domain.Spanish: "Alguien editó la agenda de la reunión del %s, así que el servicio ya no la cambia. Agregue a mano lo que surgió desde entonces: %s.",
	},
	"sync.plan_agenda_make": {
		domain.English: "Agenda of the meeting of %s: make the document in the shared folder (%d items)",
		domain.Spanish: "Agenda de la reunión del %s: crear el documento en la carpeta compartida (%d puntos)",
	},
	"sync.plan_agenda_update": {
		domain.English: "Agenda of the meeting of %s: update the document (%d items)",
		domain.Spanish: "Agenda de la reunión del %s: actualizar el documento (%d puntos)",
	},
	"sync.dash_approval_open": {
		domain.English: "Approval request waiting for answers",
		domain.Spanish: "Solicitud de aprobación esperando respuestas",
	},
	"sync.dash_approval_overdue": {
		domain.English: "Approval request past its deadline, with no answer",
		domain.Spanish: "Solicitud de aprobación vencida, sin respuesta",
	},
	"sync.dash_approval_line": {
		domain.English: "%s (answers due by %s)",
		domain.Spanish: "%s (respuestas hasta el %s)",
	},
	"sync.invites_no_permission": {
		domain.English: "Meeting invitations are not sent: Google did not let the service use Calendar for the organizer account. With Google Workspace, add https://www.googleapis.com/auth/calendar.events to the service's line in the Admin console (deploy guide, step 5, way A); with a facilitator's consent, run 'coalition auth' again and allow Calendar (way B). Everything else still syncs, and the service tries again tomorrow.",
		domain.Spanish: "No se envían las invitaciones a las reuniones: Google no dejó que el servicio use Calendar con la cuenta organizadora. Con Google Workspace, agregue https://www.googleapis.com/auth/calendar.events a la línea del servicio en la consola de administración (guía de instalación, paso 5, forma A); con el permiso de una persona facilitadora, vuelva a ejecutar 'coalition auth' y permita Calendar (forma B). Todo lo demás se sigue sincronizando, y el servicio lo intenta de nuevo mañana.",
	},
	"sync.invites_no_calendar": {
		domain.English: "Meeting invitations are not sent: Google Calendar did not find the calendar set in CALENDAR_ID for the organizer account. Use primary (the organizer's own calendar) or the ID shown in that calendar's settings, under Integrate calendar. Everything else still syncs, and the service tries again tomorrow.",
		domain.Spanish: "No se envían las invitaciones a las reuniones: Google Calendar no encontró el calendario indicado en CALENDAR_ID para la cuenta organizadora. Use primary (el calendario propio de la cuenta organizadora) o el ID que aparece en la configuración de ese calendario, en Integrar el calendario. Todo lo demás se sigue sincronizando, y el servicio lo intenta de nuevo mañana.",
	},
	"sync.dash_declined": {
		domain.English: "Absent with notice, from a declined invitation (N written by the service)",
		domain.Spanish: "Ausencia con aviso, por una invitación rechazada (N escrita por el servicio)",
	},
	"sync.cannot_share": {
		domain.English: "The member directory is not shared with the members: the service acts as a plain service account, which Google does not allow to share files. Share it by hand, or let the service act as the coalition's own account (with Google Workspace: DELEGATED_SERVICE_ACCOUNT and ORGANIZER_EMAIL; with other Google accounts: 'coalition auth' and AUTHORIZED_USER). The deploy guide, step 5, says how.",
		domain.Spanish: "El directorio de miembros no se comparte con los miembros: el servicio actúa como una cuenta de servicio simple, y Google no le permite compartir archivos. Compártalo a mano, o deje que el servicio actúe como la cuenta de la coalición (con Google Workspace: DELEGATED_SERVICE_ACCOUNT y ORGANIZER_EMAIL; con otras cuentas de Google: 'coalition auth' y AUTHORIZED_USER). La guía de instalación, paso 5, explica cómo.",
	},
	"sync.share_refused_file": {
		domain.English: "The member directory is not shared with the members: Google Drive did not let the service share it. With the access it asks for, the service may share only files it created itself, and this one was made by a person (or the coalition's account may not share it). Share it by hand, or unset DIRECTORY_SPREADSHEET_ID and run 'coalition setup' so that the service makes a directory it can share.",
		domain.Spanish: "El directorio de miembros no se comparte con los miembros: Google Drive no le permitió al servicio compartirlo. Con el acceso que pide, el servicio solo puede compartir archivos que creó él mismo, y este lo creó una persona (o la cuenta de la coalición no puede compartirlo). Compártalo a mano, o quite DIRECTORY_SPREADSHEET_ID y ejecute 'coalition setup' para que el servicio cree un directorio que sí pueda compartir.",
	},

	"sync.unknown_id": {
		domain.English: "The Member ID %s was not given by this service (the last one it gave is %s), so this row was left as it is. If the row is a member the service already knows, put back the ID it had; if it is a new member, clear the cell and it gets a new ID.",
		domain.Spanish: "El ID de miembro %s no lo asignó este servicio (el último que asignó es %s), así que esta fila quedó sin cambios. Si la fila es un miembro que el servicio ya conoce, vuelva a poner el ID que tenía; si es un miembro nuevo, borre la celda y recibirá un ID nuevo.",
	},
	"sync.no_id_column": {
		domain.English: "Nothing was synced: the Members tab has no Member ID column (was its header renamed, or the column deleted?). Without it the service cannot tell which row is which member. Put the header Member ID back on that column, or undo the change (Edit, Undo).",
		domain.Spanish: "No se sincronizó nada: la pestaña Members no tiene la columna Member ID (¿se cambió su encabezado o se borró la columna?). Sin ella el servicio no puede saber qué fila es cada miembro. Vuelva a poner el encabezado Member ID en esa columna, o deshaga el cambio (Editar, Deshacer).",
	},
	"sync.mass_rename": {
		domain.English: "Nothing was synced: %d of the %d members now have another name next to their Member ID (%d of them the name of another member). That usually means one column was sorted on its own, moving names away from their IDs. Undo the sort (Edit, Undo), or sort the whole table by Member ID (select every column first). If the names really changed, change them a few at a time.",
		domain.Spanish: "No se sincronizó nada: %d de los %d miembros tienen ahora otro nombre junto a su ID de miembro (%d de ellos el nombre de otro miembro). Eso suele significar que se ordenó una sola columna, separando los nombres de sus ID. Deshaga el orden (Editar, Deshacer), u ordene toda la tabla por Member ID (seleccione antes todas las columnas). Si los nombres cambiaron de verdad, cámbielos de a pocos.",
	},
	"sync.tab_gone": {
		domain.English: "Nothing was synced: the %s tab is gone (deleted, or renamed?), and the coalition's records come from it. Put it back: Edit, Undo, or File, Version history; or give the tab its name back.",
		domain.Spanish: "No se sincronizó nada: la pestaña %s ya no está (¿se borró o se le cambió el nombre?), y los registros de la coalición vienen de ella. Recupérela: Editar, Deshacer, o Archivo, Historial de versiones; o vuelva a ponerle su nombre.",
	},
	"sync.restored_id": {
		domain.English: "put back its Member ID %s (the cell was cleared; the name is that member's)",
		domain.Spanish: "volver a poner su ID de miembro %s (la celda se había borrado; el nombre es el de ese miembro)",
	},

	"sync.folder_cannot_share": {
		domain.English: "The coalition's shared folder (SHARED_FOLDER_ID) is not shared with the members: the service acts as a plain service account, which Google does not allow to share files. Share it by hand, or let the service act as the coalition's own account (with Google Workspace: DELEGATED_SERVICE_ACCOUNT and ORGANIZER_EMAIL; with other Google accounts: 'coalition auth' and AUTHORIZED_USER). The deploy guide, step 5, says how.",
		domain.Spanish: "La carpeta compartida de la coalición (SHARED_FOLDER_ID) no se comparte con los miembros: el servicio actúa como una cuenta de servicio simple, y Google no le permite compartir archivos. Compártala a mano, o deje que el servicio actúe como la cuenta de la coalición (con Google Workspace: DELEGATED_SERVICE_ACCOUNT y ORGANIZER_EMAIL; con otras cuentas de Google: 'coalition auth' y AUTHORIZED_USER). La guía de instalación, paso 5, explica cómo.",
	},
	"sync.folder_refused": {
		domain.English: "The coalition's shared folder (SHARED_FOLDER_ID) is not shared with the members: Google Drive did not let the service share it. A folder a person made needs the broader Drive access and an account allowed to share it (in a shared drive, a Manager or a Content manager); docs/shared-folder.md says what each kind of folder needs. Share it by hand, or unset SHARED_FOLDER_ID and run 'coalition setup' so that the service makes a folder it can share.",
		domain.Spanish: "La carpeta compartida de la coalición (SHARED_FOLDER_ID) no se comparte con los miembros: Google Drive no le permitió al servicio compartirla. Una carpeta creada por una persona necesita el acceso amplio a Drive y una cuenta que pueda compartirla (en una unidad compartida, un Administrador o un Administrador de contenido); docs/shared-folder.md explica lo que necesita cada tipo de carpeta. Compártala a mano, o quite SHARED_FOLDER_ID y ejecute 'coalition setup' para que el servicio cree una carpeta que sí pueda compartir.",
	},
	"sync.plan_folder_grant": {
		domain.English: "Shared folder: let %s (%s) %s it; no email is sent",
		domain.Spanish: "Carpeta compartida: permitir que %s (%s) la pueda %s; no se envía ningún correo",
	},
	"sync.plan_folder_grant_email": {
		domain.English: "Shared folder: let %s (%s) %s it; Google Drive emails them a short notice",
		domain.Spanish: "Carpeta compartida: permitir que %s (%s) la pueda %s; Google Drive le envía un breve aviso por correo",
	},
	"sync.plan_folder_revoke": {
		domain.English: "Shared folder: take away the access this service gave to member %s",
		domain.Spanish: "Carpeta compartida: quitar el acceso que este servicio dio al miembro %s",
	},
	"sync.plan_folder_revoke_alternate": {
		domain.English: "Shared folder: take away the access this service gave to an alternate of member %s",
		domain.Spanish: "Carpeta compartida: quitar el acceso que este servicio dio a una persona suplente del miembro %s",
	},
	"sync.plan_folder_forget": {
		domain.English: "Shared folder: %d accesses that a person changed or removed are left as that person decided",
		domain.Spanish: "Carpeta compartida: %d accesos que una persona cambió o quitó se dejan como esa persona decidió",
	},
	"sync.folder_alternate": {
		domain.English: "an alternate of %s",
		domain.Spanish: "una persona suplente de %s",
	},
	"sync.summary_folder": {
		domain.English: "Shared folder: access given to %d people, taken back from %d, %d removals held back; %d members could not be given access (see the run report).",
		domain.Spanish: "Carpeta compartida: acceso dado a %d personas y retirado a %d, %d retiros en espera; %d miembros no pudieron recibir acceso (vea el informe de la sincronización).",
	},
	"sync.dash_folder_by_hand": {domain.English: "Shared folder: access given by hand", domain.Spanish: "Carpeta compartida: acceso dado a mano"},
	"sync.dash_former_member":  {domain.English: "%s (%s, no longer an Active member)", domain.Spanish: "%s (%s, ya no es miembro activo)"},
	"sync.dash_people_one":     {domain.English: "1 other person", domain.Spanish: "1 persona más"},
	"sync.dash_people":         {domain.English: "%d other people", domain.Spanish: "%d personas más"},
	"sync.dash_groups_one":     {domain.English: "1 group", domain.Spanish: "1 grupo"},
	"sync.dash_groups":         {domain.English: "%d groups", domain.Spanish: "%d grupos"},
	"sync.dash_domains_one":    {domain.English: "1 whole domain", domain.Spanish: "1 dominio entero"},
	"sync.dash_domains":        {domain.English: "%d whole domains", domain.Spanish: "%d dominios enteros"},
	"sync.dash_anyone":         {domain.English: "anyone with the link", domain.Spanish: "cualquier persona con el enlace"},
	"sync.role_reader":         {domain.English: "view", domain.Spanish: "ver"},
	"sync.role_commenter":      {domain.English: "comment on", domain.Spanish: "comentar"},
	"sync.role_writer":         {domain.English: "edit", domain.Spanish: "editar"},
	"sync.role_file_organizer": {domain.English: "organize", domain.Spanish: "organizar"},
	"sync.role_organizer":      {domain.English: "manage", domain.Spanish: "administrar"},
}

var _ = domain.Register(texts)

package domain

// The sync engine's wording for the parts of a plan beyond the spreadsheet
// (keys in sync/engine/messages.go): what the dry run says it would do to
// the member directory and to who can open it.
func init() {
	for k, v := range map[string]map[Lang]string{
		"sync.plan_directory": {
			English: "Member directory: write %d cells (only what members agreed to share)",
			Spanish: "Directorio de miembros: escribir %d celdas (solo lo que los miembros aceptaron compartir)",
		},
		"sync.plan_grant": {
			English: "Member directory: let %s (%s) open it; Google Drive emails them a short notice",
			Spanish: "Directorio de miembros: permitir que %s (%s) lo abra; Google Drive le envía un breve aviso por correo",
		},
		"sync.plan_revoke": {
			English: "Member directory: take away the access this service gave to member %s",
			Spanish: "Directorio de miembros: quitar el acceso que este servicio dio al miembro %s",
		},
		"sync.plan_forget": {
			English: "Member directory: %d accesses that a person changed or removed are left as that person decided",
			Spanish: "Directorio de miembros: %d accesos que una persona cambió o quitó se dejan como esa persona decidió",
		},
		"sync.cannot_share": {
			English: "The member directory is not shared with the members: the service acts as a plain service account, which Google does not allow to share files. Share it by hand, or let the service act as the coalition's own account (with Google Workspace: DELEGATED_SERVICE_ACCOUNT and ORGANIZER_EMAIL; with other Google accounts: 'coalition auth' and AUTHORIZED_USER). The deploy guide, step 5, says how.",
			Spanish: "El directorio de miembros no se comparte con los miembros: el servicio actúa como una cuenta de servicio simple, y Google no le permite compartir archivos. Compártalo a mano, o deje que el servicio actúe como la cuenta de la coalición (con Google Workspace: DELEGATED_SERVICE_ACCOUNT y ORGANIZER_EMAIL; con otras cuentas de Google: 'coalition auth' y AUTHORIZED_USER). La guía de instalación, paso 5, explica cómo.",
		},
		"sync.share_refused_file": {
			English: "The member directory is not shared with the members: Google Drive did not let the service share it. With the access it asks for, the service may share only files it created itself, and this one was made by a person (or the coalition's account may not share it). Share it by hand, or unset DIRECTORY_SPREADSHEET_ID and run 'coalition setup' so that the service makes a directory it can share.",
			Spanish: "El directorio de miembros no se comparte con los miembros: Google Drive no le permitió al servicio compartirlo. Con el acceso que pide, el servicio solo puede compartir archivos que creó él mismo, y este lo creó una persona (o la cuenta de la coalición no puede compartirlo). Compártalo a mano, o quite DIRECTORY_SPREADSHEET_ID y ejecute 'coalition setup' para que el servicio cree un directorio que sí pueda compartir.",
		},
	} {
		catalog[k] = v
	}
}

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
	} {
		catalog[k] = v
	}
}

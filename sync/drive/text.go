package drive

import "github.com/coalitionsync/coalitionsync/domain"

// The wording of sharing the member directory with members (share.go): the
// note in Drive's sharing email, and what people read when a member could
// not be given access, in every language.
var texts = map[string]map[domain.Lang]string{
	"share.email_message": {
		domain.English: "This is the coalition's member directory. " +
			"A member's contact details appear in it only if that member agreed to share them.",
		domain.Spanish: "Este es el directorio de miembros de la coalición. " +
			"Los datos de contacto de un miembro aparecen solo si ese miembro aceptó compartirlos.",
	},
	"share.bad_email": {
		domain.English: "%s: the Email column does not hold one email address, so the member directory " +
			"was not shared with this member. Write a single address, such as name@example.org.",
		domain.Spanish: "%s: la columna Email no tiene una sola dirección de correo, así que " +
			"el directorio de miembros no se compartió con este miembro. Escriba una sola dirección, " +
			"por ejemplo nombre@example.org.",
	},
	"share.refused": {
		domain.English: "%s: Google Drive did not accept this member's email address, so the member " +
			"directory was not shared with this member. Check the address in the Email column.",
		domain.Spanish: "%s: Google Drive no aceptó la dirección de correo de este miembro, así que el " +
			"directorio de miembros no se compartió con este miembro. Revise la dirección en la " +
			"columna Email.",
	},
}

var _ = domain.Register(texts)

package drive

import "github.com/coalitionsync/coalitionsync/domain"

// The wording of sharing the member directory and the coalition's shared
// folder with members (share.go, target.go): the note in Drive's sharing
// email, what people read when a member could not be given access, and why
// no access was removed when too many would have lost it at once, in every
// language.
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
	"share.revoke_guard": {
		domain.English: "%d people would lose access to the member directory at once, more than the %d the service removes in one sync " +
			"(it gave access to %d). Nothing was removed; new members still got access. If these members really left, remove " +
			"their access yourself in Google Drive (open the directory, Share, and remove each person): the service then sees " +
			"it and goes on. If their Status was changed by mistake, undo that (Edit, Undo).",
		domain.Spanish: "%d personas perderían el acceso al directorio de miembros a la vez, más de las %d a las que el servicio " +
			"quita el acceso en una sincronización (dio acceso a %d). No se quitó nada; los miembros nuevos sí recibieron acceso. " +
			"Si estos miembros de verdad se fueron, quíteles el acceso usted en Google Drive (abra el directorio, Compartir, y " +
			"quite a cada persona): el servicio lo verá y seguirá. Si su estado se cambió por error, deshágalo (Editar, Deshacer).",
	},
	"folder.email_message": {
		domain.English: "This is the coalition's shared folder, where members keep the coalition's shared updates.",
		domain.Spanish: "Esta es la carpeta compartida de la coalición, donde los miembros guardan las novedades que comparten.",
	},
	"folder.bad_email": {
		domain.English: "%s: the Email column does not hold one email address, so the coalition's shared folder " +
			"was not shared with this member. Write a single address, such as name@example.org.",
		domain.Spanish: "%s: la columna Email no tiene una sola dirección de correo, así que la carpeta compartida " +
			"de la coalición no se compartió con este miembro. Escriba una sola dirección, por ejemplo nombre@example.org.",
	},
	"folder.refused": {
		domain.English: "%s: Google Drive did not accept one of this member's email addresses (Email or Alternates), so the " +
			"coalition's shared folder was not shared with it. Check the addresses in those columns.",
		domain.Spanish: "%s: Google Drive no aceptó una de las direcciones de correo de este miembro (Email o Alternates), así " +
			"que la carpeta compartida de la coalición no se compartió con ella. Revise las direcciones en esas columnas.",
	},
	"folder.revoke_guard": {
		domain.English: "%d people would lose access to the coalition's shared folder at once, more than the %d the service " +
			"removes in one sync (it gave access to %d). Nothing was removed; new members still got access. If these members " +
			"or alternates really left, remove their access yourself in Google Drive (open the folder, Share, and remove each " +
			"person): the service then sees it and goes on. If their Status was changed by mistake, undo that (Edit, Undo).",
		domain.Spanish: "%d personas perderían el acceso a la carpeta compartida de la coalición a la vez, más de las %d a las " +
			"que el servicio quita el acceso en una sincronización (dio acceso a %d). No se quitó nada; los miembros nuevos sí " +
			"recibieron acceso. Si estos miembros o suplentes de verdad se fueron, quíteles el acceso usted en Google Drive " +
			"(abra la carpeta, Compartir, y quite a cada persona): el servicio lo verá y seguirá. Si su estado se cambió por " +
			"error, deshágalo (Editar, Deshacer).",
	},
}

var _ = domain.Register(texts)

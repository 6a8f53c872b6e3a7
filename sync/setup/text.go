package setup

import (
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Message keys of setup. Only setup uses them, so their wording is here,
// registered with domain's catalog; every key has English and Spanish (a
// test checks).
const (
	msgCreated          = "setup.created"
	msgFolderName       = "setup.folder_name"
	msgAddTab           = "setup.add_tab"
	msgAddHeaders       = "setup.add_headers"
	msgFreeze           = "setup.freeze"
	msgBold             = "setup.bold"
	msgDropdowns        = "setup.dropdowns"
	msgAttendanceCodes  = "setup.attendance_codes"
	msgProtectColumns   = "setup.protect_columns"
	msgProtectTab       = "setup.protect_tab"
	msgHighlightFlags   = "setup.highlight_flags"
	msgHighlightQuorum  = "setup.highlight_quorum"
	msgChart            = "setup.chart"
	msgMoved            = "setup.moved"
	msgRestored         = "setup.restored"
	msgDescColumn       = "setup.desc_column"
	msgDescTab          = "setup.desc_tab"
	msgChartTitle       = "setup.chart_title"
	msgChartMeeting     = "setup.chart_meeting"
	msgChartMembers     = "setup.chart_members"
	msgHelpAttendance   = "setup.help_attendance"
	msgHelpWorkingGroup = "setup.help_working_groups"
	msgHelpList         = "setup.help_list"
)

var texts = map[string]map[domain.Lang]string{
	msgFolderName: {
		domain.English: "%s shared folder",
		domain.Spanish: "%s: carpeta compartida",
	},
	msgCreated: {
		domain.English: "Created the spreadsheet %q with the tabs %s",
		domain.Spanish: "Se creó la hoja de cálculo %q con las pestañas %s",
	},
	msgAddTab: {
		domain.English: "Added the %s tab",
		domain.Spanish: "Se agregó la pestaña %s",
	},
	msgAddHeaders: {
		domain.English: "Added columns to %s, after the last one already there: %s",
		domain.Spanish: "Se agregaron columnas a %s, después de la última que ya había: %s",
	},
	msgFreeze: {
		domain.English: "Kept the header row of %s in view while scrolling",
		domain.Spanish: "Se dejó fija la fila de encabezados de %s al desplazarse",
	},
	msgBold: {
		domain.English: "Put the header row of %s in bold",
		domain.Spanish: "Se puso en negrita la fila de encabezados de %s",
	},
	msgDropdowns: {
		domain.English: "Added lists to choose from in %s: %s",
		domain.Spanish: "Se agregaron listas para elegir en %s: %s",
	},
	msgAttendanceCodes: {
		domain.English: "Added the choices P, N and A to the meeting columns of %s",
		domain.Spanish: "Se agregaron las opciones P, N y A a las columnas de reuniones de %s",
	},
	msgProtectColumns: {
		domain.English: "Marked the columns of %s that coalitionsync fills in, so editing them shows a warning: %s",
		domain.Spanish: "Se marcaron las columnas de %s que llena coalitionsync, para que editarlas muestre un aviso: %s",
	},
	msgProtectTab: {
		domain.English: "Marked the %s tab as filled in by coalitionsync, so editing it shows a warning",
		domain.Spanish: "Se marcó la pestaña %s como llenada por coalitionsync, para que editarla muestre un aviso",
	},
	msgHighlightFlags: {
		domain.English: "Made the %s cells of %s that are not empty stand out in color",
		domain.Spanish: "Se resaltaron en color las celdas de %s en %s que no están vacías",
	},
	msgHighlightQuorum: {
		domain.English: "Made the %s cells of %s that begin with \"No\" stand out in color",
		domain.Spanish: "Se resaltaron en color las celdas de %s en %s que empiezan con \"No\"",
	},
	msgChart: {
		domain.English: "Added a chart of attendance and quorum per meeting to the %s tab",
		domain.Spanish: "Se agregó a la pestaña %s un gráfico de asistencia y quórum por reunión",
	},
	msgMoved: {
		domain.English: "Updated the lists, warnings and colors of %s to where its columns are now",
		domain.Spanish: "Se actualizaron las listas, avisos y colores de %s según dónde están ahora sus columnas",
	},
	msgRestored: {
		domain.English: "Put back on %s the lists, warnings and colors that were missing",
		domain.Spanish: "Se volvieron a poner en %s las listas, avisos y colores que faltaban",
	},
	msgDescColumn: {
		domain.English: "Filled in by coalitionsync; your changes here will be replaced",
		domain.Spanish: "Lo llena coalitionsync; sus cambios aquí serán reemplazados",
	},
	msgDescTab: {
		domain.English: "Filled in by coalitionsync; your changes on this tab will be replaced",
		domain.Spanish: "Lo llena coalitionsync; sus cambios en esta pestaña serán reemplazados",
	},
	msgChartTitle: {
		domain.English: "Attendance and quorum per meeting",
		domain.Spanish: "Asistencia y quórum por reunión",
	},
	msgChartMeeting: {
		domain.English: "Meeting",
		domain.Spanish: "Reunión",
	},
	msgChartMembers: {
		domain.English: "Members",
		domain.Spanish: "Miembros",
	},
	msgHelpAttendance: {
		domain.English: "P: %s. N: %s. A: %s.",
		domain.Spanish: "P: %s. N: %s. A: %s.",
	},
	msgHelpWorkingGroup: {
		domain.English: "Pick one, or write several separated by commas: %s",
		domain.Spanish: "Elija uno, o escriba varios separados por comas: %s",
	},
	msgHelpList: {
		domain.English: "Choose one: %s",
		domain.Spanish: "Elija uno: %s",
	},
}

var _ = domain.Register(texts)

// say returns the wording of key in lang (English when lang is unknown).
func say(lang domain.Lang, key string, args ...any) string {
	return domain.T(key, args...).In(lang)
}

// everyWording returns key's wording in every language, to recognize what
// setup wrote in an earlier run, whatever its language.
func everyWording(key string) []string {
	var out []string
	for _, lang := range domain.Languages {
		if t, ok := domain.Wording(key, lang); ok {
			out = append(out, t)
		}
	}
	return out
}

// list joins names for people: "a, b, c".
func list(names []string) string { return strings.Join(names, ", ") }

package domain

// The member directory's column headers (sync/directory).
func init() {
	for k, v := range map[string]map[Lang]string{
		"directory.name":           {English: "Name", Spanish: "Nombre"},
		"directory.type":           {English: "Type", Spanish: "Tipo"},
		"directory.sector":         {English: "Sector", Spanish: "Sector"},
		"directory.working_groups": {English: "Working groups", Spanish: "Grupos de trabajo"},
		"directory.representative": {English: "Representative", Spanish: "Representante"},
		"directory.title":          {English: "Title", Spanish: "Cargo"},
		"directory.pronouns":       {English: "Pronouns", Spanish: "Pronombres"},
		"directory.email":          {English: "Email", Spanish: "Correo electrónico"},
		"directory.phone":          {English: "Phone", Spanish: "Teléfono"},
		"directory.address":        {English: "Address", Spanish: "Dirección"},
	} {
		catalog[k] = v
	}
}

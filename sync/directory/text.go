package directory

import "github.com/coalitionsync/coalitionsync/domain"

// Message keys of the member directory's column headers.
const (
	msgName           = "directory.name"
	msgType           = "directory.type"
	msgSector         = "directory.sector"
	msgWorkingGroups  = "directory.working_groups"
	msgRepresentative = "directory.representative"
	msgTitle          = "directory.title"
	msgPronouns       = "directory.pronouns"
	msgEmail          = "directory.email"
	msgPhone          = "directory.phone"
	msgAddress        = "directory.address"
)

// The directory's wording, in every language.
var texts = map[string]map[domain.Lang]string{
	msgName:           {domain.English: "Name", domain.Spanish: "Nombre"},
	msgType:           {domain.English: "Type", domain.Spanish: "Tipo"},
	msgSector:         {domain.English: "Sector", domain.Spanish: "Sector"},
	msgWorkingGroups:  {domain.English: "Working groups", domain.Spanish: "Grupos de trabajo"},
	msgRepresentative: {domain.English: "Representative", domain.Spanish: "Representante"},
	msgTitle:          {domain.English: "Title", domain.Spanish: "Cargo"},
	msgPronouns:       {domain.English: "Pronouns", domain.Spanish: "Pronombres"},
	msgEmail:          {domain.English: "Email", domain.Spanish: "Correo electrónico"},
	msgPhone:          {domain.English: "Phone", domain.Spanish: "Teléfono"},
	msgAddress:        {domain.English: "Address", domain.Spanish: "Dirección"},
}

var _ = domain.Register(texts)

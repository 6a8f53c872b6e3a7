package agenda

import "github.com/coalitionsync/coalitionsync/domain"

// Texts gives the external tests the package's wording.
func Texts() map[string]map[domain.Lang]string { return texts }

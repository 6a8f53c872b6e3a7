package domain

import (
	"regexp"
	"slices"
	"strings"
)

// TEMPORARY until the folder branch's EmailsIn is merged.
var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// EmailsIn returns the email addresses in free text, lower case, each once.
func EmailsIn(text string) []string {
	var out []string
	for _, m := range emailRE.FindAllString(text, -1) {
		m = strings.ToLower(m)
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

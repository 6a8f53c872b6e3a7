package domain

import (
	"fmt"
)

// Lang is a language people can read the service's words in.
type Lang string

// The languages the service writes.
const (
	English Lang = "en"
	Spanish Lang = "es"
)

// Text is a message for people, kept as a key and its arguments so it can be
// shown in any supported language. Arguments of type Date and []Date are
// written the way the language writes dates; an argument with an
// In(Lang) string method (such as another Text) or a Label(Lang) string
// method (such as Status or VoteKind) is written in the language too.
type Text struct {
	Key  string
	Args []any
}

// T builds a Text.
func T(key string, args ...any) Text { return Text{Key: key, Args: args} }

// String returns the English wording.
func (t Text) String() string { return t.In(English) }

// In returns the wording in lang, falling back to English.
func (t Text) In(lang Lang) string {
	tmpl, ok := catalog[t.Key][lang]
	if !ok {
		tmpl, ok = catalog[t.Key][English]
	}
	if !ok {
		return t.Key
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch v := a.(type) {
		case Date:
			args[i] = FormatDate(v, lang)
		case []Date:
			args[i] = FormatDates(v, lang)
		case interface{ In(Lang) string }: // a Text inside a Text
			args[i] = v.In(lang)
		case interface{ Label(Lang) string }: // Status, VoteKind, Code, Flag
			args[i] = v.Label(lang)
		default:
			args[i] = v
		}
	}
	return fmt.Sprintf(tmpl, args...)
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var monthsES = [...]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}

// FormatDate writes d for people: "Jan 26, 2026" or "26 ene 2026".
func FormatDate(d Date, lang Lang) string {
	if d.IsZero() {
		return ""
	}
	if lang == Spanish {
		return fmt.Sprintf("%d %s %d", d.Day, monthsES[d.Month-1], d.Year)
	}
	return fmt.Sprintf("%s %d, %d", monthsEN[d.Month-1], d.Day, d.Year)
}

// FormatDates writes a list of dates for people, separated by "; ".
func FormatDates(ds []Date, lang Lang) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += "; "
		}
		out += FormatDate(d, lang)
	}
	return out
}

// catalog holds every message's wording, by key and language. Each key must
// have English and Spanish with the same verbs (a test checks).
var catalog = map[string]map[Lang]string{}

// ExcerptLength is how many characters of what a person typed a message
// quotes: enough to find the cell, never a whole pasted text.
const ExcerptLength = 80

// Excerpt returns s as a message quotes it: whole when it has at most
// ExcerptLength characters, else its first ExcerptLength characters and
// "…". A cell can hold 50,000 characters, and a message that quoted one
// whole could not be written back into a cell. Characters are never cut
// in two.
func Excerpt(s string) string {
	if len(s) <= ExcerptLength {
		return s
	}
	count := 0
	for i := range s {
		if count == ExcerptLength {
			return s[:i] + "…"
		}
		count++
	}
	return s
}

package domain

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Lang is a language people can read the service's words in.
type Lang string

// The languages the service writes.
const (
	English Lang = "en"
	Spanish Lang = "es"
)

// Languages lists every language the service writes: each message has
// wording in all of them.
var Languages = []Lang{English, Spanish}

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

// In returns the wording in lang, falling back to English. A key with no
// wording at all (a mistake the tests are there to catch) is written as a
// plain sentence saying so, with the key and the details, and is noted for
// Missing. The zero Text (no key) is no message: it is written "".
func (t Text) In(lang Lang) string {
	if t.Key == "" {
		return ""
	}
	tmpl, ok := catalog[t.Key][lang]
	if !ok {
		if slices.Contains(Languages, lang) {
			noteMissing(t.Key, lang)
		}
		tmpl, ok = catalog[t.Key][English]
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
	if !ok {
		return noWording(t.Key, args, lang)
	}
	return fmt.Sprintf(tmpl, args...)
}

// noWording is what people read in place of a message that has no wording:
// that something is missing, what to do, and what it was about.
func noWording(key string, args []any, lang Lang) string {
	details := make([]string, len(args))
	for i, a := range args {
		details[i] = fmt.Sprint(a)
	}
	if lang == Spanish {
		s := fmt.Sprintf("(Falta el texto de este mensaje [%s]; avise a quien mantiene coalitionsync.", key)
		if len(details) > 0 {
			s += " Datos: " + strings.Join(details, "; ") + "."
		}
		return s + ")"
	}
	s := fmt.Sprintf("(This message has no wording yet [%s]; please tell whoever maintains coalitionsync.", key)
	if len(details) > 0 {
		s += " Details: " + strings.Join(details, "; ") + "."
	}
	return s + ")"
}

// missing holds the keys looked up with no wording (see Missing).
var missing struct {
	sync.Mutex
	keys map[string]bool
}

func noteMissing(key string, lang Lang) {
	missing.Lock()
	defer missing.Unlock()
	if missing.keys == nil {
		missing.keys = map[string]bool{}
	}
	missing.keys[key+" ("+string(lang)+")"] = true
}

// Missing returns, sorted, the messages looked up since the program started
// that had no wording in the language asked, as "key (lang)": a test can
// check it is empty after exercising a package.
func Missing() []string {
	missing.Lock()
	defer missing.Unlock()
	out := make([]string, 0, len(missing.keys))
	for k := range missing.keys {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Wording returns the wording of key in lang as registered (with its fmt
// verbs, not filled in), and whether there is one.
func Wording(key string, lang Lang) (string, bool) {
	s, ok := catalog[key][lang]
	return s, ok
}

// Register adds a package's wording to the catalog: for each key, the
// wording in every language (see Languages), with the same fmt verbs in
// each. Each package registers the messages it alone uses, once, from a
// package-level variable or init function, before any message is shown:
// the catalog is not guarded for changes while it is read. Register panics
// on a blank key or a key already registered, which would make one of two
// packages say the other's words. It returns true, so that
// `var _ = domain.Register(texts)` registers at package initialization.
func Register(texts map[string]map[Lang]string) bool {
	for key, byLang := range texts {
		if strings.TrimSpace(key) == "" {
			panic("domain.Register: a message has a blank key")
		}
		if _, dup := catalog[key]; dup {
			panic(fmt.Sprintf("domain.Register: the message key %q is registered twice", key))
		}
		catalog[key] = byLang
	}
	return true
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

// catalog holds every message's wording, by key and language: the rules'
// own (text_rules.go) and what other packages Register. Each key must have
// English and Spanish with the same verbs (each package's tests check theirs).
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

package domain

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold returns s trimmed, lower-cased, with runs of spaces collapsed to one
// and Spanish accents taken off (á→a, é→e, í→i, ó→o, ú→u, ü→u), so that "Sí",
// " SI " and "si" compare equal. It allocates only when s needs changing.
func fold(s string) string {
	s = strings.TrimSpace(s)
	clean := true
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '\t' || c == '\n' || c == '\r' || (c == ' ' && prevSpace) {
			clean = false
			break
		}
		prevSpace = c == ' '
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevSpace = false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !prevSpace {
				b.WriteByte(' ')
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		r = unicode.ToLower(r)
		switch r {
		case 'á', 'à':
			r = 'a'
		case 'é', 'è':
			r = 'e'
		case 'í', 'ì':
			r = 'i'
		case 'ó', 'ò':
			r = 'o'
		case 'ú', 'ù', 'ü':
			r = 'u'
		case '\u0301', '\u0300', '\u0308': // combining accents (decomposed "Sí")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormalizeName returns a name as the rules compare names: trimmed, lower
// case, runs of spaces collapsed. "  Casa  de la Paz " and "casa de la paz"
// normalize to the same string. Accents are kept: "José" and "Jose" differ.
func NormalizeName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// SameName reports whether two names are the same for the rules: equal
// ignoring case and extra spaces. It allocates nothing.
func SameName(a, b string) bool { return sameNormalized(a, b) }

// SameID reports whether two member IDs are the same: equal ignoring case
// and surrounding spaces. A blank ID matches nothing.
func SameID(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// nameRunes walks a name as NormalizeName writes it, without building it:
// words lower-cased, one space between them, none around.
type nameRunes struct {
	s       string
	i       int
	pending bool // a space is owed before the next word
	started bool
}

// next returns the next rune of the normalized name, or false at the end.
func (n *nameRunes) next() (rune, bool) {
	for n.i < len(n.s) {
		r, size := rune(n.s[n.i]), 1
		if r < utf8.RuneSelf { // ASCII: no decoding, no tables
			if r == ' ' || '\t' <= r && r <= '\r' {
				n.i++
				n.pending = n.started
				continue
			}
			if n.pending {
				n.pending = false
				return ' ', true
			}
			n.i++
			n.started = true
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			return r, true
		}
		r, size = utf8.DecodeRuneInString(n.s[n.i:])
		if unicode.IsSpace(r) {
			n.i += size
			n.pending = n.started
			continue
		}
		if n.pending {
			n.pending = false
			return ' ', true
		}
		n.i += size
		n.started = true
		return unicode.ToLower(r), true
	}
	return 0, false
}

// sameNormalized reports whether NormalizeName(a) == NormalizeName(b).
func sameNormalized(a, b string) bool {
	x, y := nameRunes{s: a}, nameRunes{s: b}
	for {
		ra, oka := x.next()
		rb, okb := y.next()
		if oka != okb || ra != rb {
			return false
		}
		if !oka {
			return true
		}
	}
}

// FNV-1a style hashing, one rune at a time.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func mix(h uint64, r rune) uint64 { return (h ^ uint64(r)) * fnvPrime }

// hashName hashes NormalizeName(s); ok is false for a blank name.
func hashName(s string) (h uint64, ok bool) {
	h = fnvOffset
	n := nameRunes{s: s}
	for {
		r, more := n.next()
		if !more {
			return h, ok
		}
		ok = true
		h = mix(h, r)
	}
}

// hashID hashes s so that IDs SameID finds equal hash equal; ok is false
// for a blank ID.
func hashID(s string) (h uint64, ok bool) {
	s = strings.TrimSpace(s)
	h = fnvOffset
	for _, r := range s {
		h = mix(h, foldRune(r))
	}
	return h, s != ""
}

// foldRune returns one rune for all the runes strings.EqualFold takes as
// equal to r: the smallest of them, in lower case when that is an ASCII
// letter (so "K", "k" and the Kelvin sign all give 'k').
func foldRune(r rune) rune {
	least := r
	if r >= utf8.RuneSelf || r == 'k' || r == 'K' || r == 's' || r == 'S' {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
	}
	if 'A' <= least && least <= 'Z' {
		least += 'a' - 'A'
	}
	return least
}

// String returns the status as the Members tab writes it in English
// ("Active"), or "" for StatusUnknown.
func (s Status) String() string {
	switch s {
	case StatusUnknown:
		return ""
	case StatusApplicant:
		return "Applicant"
	case StatusActive:
		return "Active"
	case StatusRemoved:
		return "Removed"
	case StatusWithdrawn:
		return "Withdrawn"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Label returns the status in lang for people to read ("Activo" in Spanish).
func (s Status) Label(lang Lang) string {
	if s < StatusApplicant || s > StatusWithdrawn {
		return s.String()
	}
	return T("rules.status." + strings.ToLower(s.String())).In(lang)
}

// ParseStatus reads the Status column: Applicant, Active, Removed or
// Withdrawn, or the Spanish Solicitante, Activo/Activa, Expulsado/Expulsada,
// Retirado/Retirada; case, accents and surrounding spaces do not matter.
// Blank is not a status: it returns StatusUnknown and false, as does any
// other text, and the caller decides whether a blank is allowed.
func ParseStatus(s string) (Status, bool) {
	switch fold(s) {
	case "applicant", "solicitante":
		return StatusApplicant, true
	case "active", "activo", "activa":
		return StatusActive, true
	case "removed", "expulsado", "expulsada":
		return StatusRemoved, true
	case "withdrawn", "retirado", "retirada":
		return StatusWithdrawn, true
	}
	return StatusUnknown, false
}

// ParseYesNo reads a yes-or-no cell such as Voting or Core team. Yes, Y,
// True, Sí, Si, X and Verdadero (a checkbox in a Spanish-language sheet) mean
// yes; No, N, False, Falso and blank mean no; case, accents and surrounding
// spaces do not matter. ok is false for any other text (the value is then
// false), so the caller can report it.
func ParseYesNo(s string) (val bool, ok bool) {
	switch fold(s) {
	case "yes", "y", "true", "si", "x", "verdadero":
		return true, true
	case "no", "n", "false", "falso", "":
		return false, true
	}
	return false, false
}

// ParseYes reports whether s means yes, as ParseYesNo reads it; anything
// else, blank or not understood, is no.
func ParseYes(s string) bool {
	v, _ := ParseYesNo(s)
	return v
}

// String returns the code as the Attendance tab writes it: "P", "N", "A",
// or "" for Unrecorded.
func (c Code) String() string {
	switch c {
	case Unrecorded:
		return ""
	case Present:
		return "P"
	case Notified:
		return "N"
	case Absent:
		return "A"
	}
	return "Code(" + strconv.Itoa(int(c)) + ")"
}

// Label returns the code's meaning in lang ("present", "absent, notified",
// "absent without notice", "not recorded").
func (c Code) Label(lang Lang) string {
	switch c {
	case Unrecorded:
		return T("rules.code.unrecorded").In(lang)
	case Present:
		return T("rules.code.present").In(lang)
	case Notified:
		return T("rules.code.notified").In(lang)
	case Absent:
		return T("rules.code.absent").In(lang)
	}
	return c.String()
}

// ParseCode reads an attendance cell: P or Present; N, Notified or Excused;
// A or Absent; case and surrounding spaces do not matter. Blank is
// Unrecorded and fine (true). Anything else is Unrecorded and false, so the
// caller can report it; it is never counted.
func ParseCode(s string) (Code, bool) {
	// Most cells are one letter: read them without folding (no allocation).
	switch s {
	case "":
		return Unrecorded, true
	case "P", "p":
		return Present, true
	case "N", "n":
		return Notified, true
	case "A", "a":
		return Absent, true
	}
	switch fold(s) {
	case "":
		return Unrecorded, true
	case "p", "present":
		return Present, true
	case "n", "notified", "excused":
		return Notified, true
	case "a", "absent":
		return Absent, true
	}
	return Unrecorded, false
}

// String returns the kind as the Votes tab writes it in English ("Remove"),
// or "" for KindUnknown.
func (k VoteKind) String() string {
	switch k {
	case KindUnknown:
		return ""
	case KindAdmit:
		return "Admit"
	case KindRemove:
		return "Remove"
	case KindOther:
		return "Other"
	}
	return "VoteKind(" + strconv.Itoa(int(k)) + ")"
}

// Label returns the kind in lang for people to read.
func (k VoteKind) Label(lang Lang) string {
	if k < KindAdmit || k > KindOther {
		return k.String()
	}
	return T("rules.kind." + strings.ToLower(k.String())).In(lang)
}

// ParseVoteKind reads the Kind column of the Votes tab: Admit, Remove or
// Other, or the Spanish Admitir/Admisión, Expulsar/Expulsión, Otro/Otra; case,
// accents and surrounding spaces do not matter. Blank or anything else is
// KindUnknown and false.
func ParseVoteKind(s string) (VoteKind, bool) {
	switch fold(s) {
	case "admit", "admission", "admitir", "admision":
		return KindAdmit, true
	case "remove", "removal", "expulsar", "expulsion":
		return KindRemove, true
	case "other", "otro", "otra":
		return KindOther, true
	}
	return KindUnknown, false
}

var groupDashes = strings.NewReplacer("-", " ", "_", " ")

// groupWords takes off the words around a working group's name that a form's
// answer may carry: "the legislative working group", "Grupo de trabajo de
// comunicaciones" (f is folded, dashes made spaces).
func groupWords(f string) string {
	f = strings.TrimPrefix(f, "the ")
	for _, w := range []string{" working groups", " working group", " group"} {
		if s, ok := strings.CutSuffix(f, w); ok {
			return s
		}
	}
	for _, w := range []string{"grupo de trabajo de ", "grupo de trabajo ", "grupo de "} {
		if s, ok := strings.CutPrefix(f, w); ok {
			return s
		}
	}
	return f
}

// ParseWorkingGroups reads the Working groups column: names separated by
// commas or semicolons, case, accents and extra spaces ignored.
// "Base building", "base-building" and "basebuilding" are all Base building,
// and the Spanish names Legislativo, Comunicaciones and Construcción de base
// are accepted too, as are the words a form's answer may put around a name
// ("the legislative working group", "Grupo de trabajo de comunicaciones").
// groups comes back in the order of WorkingGroups, each
// once; unknown holds every other non-blank piece as typed (trimmed), so the
// caller can report it.
func ParseWorkingGroups(s string) (groups []WorkingGroup, unknown []string) {
	var seen [3]bool
	for piece := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' }) {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		f := groupDashes.Replace(fold(piece))
		f = strings.Join(strings.Fields(f), " ")
		f = groupWords(f)
		switch f {
		case "legislative", "legislativo", "legislativa":
			seen[0] = true
		case "communications", "communication", "comunicaciones", "comunicacion":
			seen[1] = true
		case "base building", "basebuilding", "construccion de base":
			seen[2] = true
		default:
			unknown = append(unknown, piece)
		}
	}
	for i, g := range [...]WorkingGroup{Legislative, Communications, BaseBuilding} {
		if seen[i] {
			groups = append(groups, g)
		}
	}
	return groups, unknown
}

// EmailsIn returns every email address written in free text such as the
// Alternates cell ("Ana Ruiz <ana@example.org>; luis@example.net, or call
// Luis"), lower-cased, each once, in the order they first appear. Names,
// phone numbers and other words around the addresses are left out, as is
// anything that is not one plain address Google could share with: an
// address with accented letters, no dot in its domain, or two @ signs. It
// never fails: text without an address gives nil.
func EmailsIn(text string) []string {
	var out []string
	for token := range strings.FieldsFuncSeq(text, emailSeparator) {
		token = strings.Trim(token, ".'`") // a sentence's full stop, quotes
		if !isEmail(token) {
			continue
		}
		e := strings.ToLower(token)
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// emailSeparator reports whether r can only sit between addresses: spaces,
// and punctuation an address cannot hold (`<a@x.org>`, `mailto:a@x.org`,
// `a@x.org/b@y.org`, quotes and brackets in any script).
func emailSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || strings.ContainsRune("\"(),:;<>[\\]/|", r) || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r)
}

// isEmail reports whether s is one plain ASCII address: a local part of
// letters, digits and the marks addresses commonly use, with no dot at
// either end or two in a row; one @; and a domain of at least two labels
// of letters, digits and inner hyphens, the last one letters only.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || len(s) > 254 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !isAlnum(c) && !strings.ContainsRune(".!#$%&'*+=?^_`{}~-", rune(c)) {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for i, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if !isAlnum(c) && c != '-' {
				return false
			}
			if i == len(labels)-1 && !('a' <= c|0x20 && c|0x20 <= 'z') {
				return false // a top-level domain is letters: "a@b.c1" is not an address
			}
		}
	}
	return len(labels[len(labels)-1]) >= 2
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

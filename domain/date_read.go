package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DateProblem says why ReadDate could not read a date, so that a message
// can say what to type instead.
type DateProblem int

// The problems ReadDate reports. Every one but NotADate means the text looks
// like a date that could not be read, such as a meeting column's header
// typed in a form the service does not read: that must be reported, never
// skipped in silence.
const (
	// NotADate: the text does not look like a date at all ("Notes").
	NotADate DateProblem = iota
	// DateUnknownForm: it looks like a date, but not in a form that can be
	// read without guessing ("05.08.2026", "8-24-2026").
	DateUnknownForm
	// DateNoYear: the year is missing ("Aug 24", "8/24").
	DateNoYear
	// DateNoDay: the day is missing ("August 2026").
	DateNoDay
	// DateShortYear: the year has two digits ("8/24/26"), which could
	// mean more than one century.
	DateShortYear
	// DateDayFirst: slashes with the day first ("24/08/2026"). Slashes are
	// read month first, as Google Sheets writes dates in a US-English
	// spreadsheet, so 05/08/2026 is May 8; a day-first date is reported
	// rather than turned around, since its neighbours may be misread.
	DateDayFirst
	// DateNoSuchDay: the day does not exist ("Feb 30, 2026").
	DateNoSuchDay
	// DateWrongWeekday: the text names a day of the week that the date is
	// not ("Monday, Aug 25, 2026"), so it is not clear which day is meant.
	DateWrongWeekday
	// DateExtraText: a date with other words or a time of day next to it
	// ("Meeting 8/24/2026", "8/24/2026 18:00").
	DateExtraText
	// DateBadTime: a date followed by a time of day that cannot be read
	// ("5/8/2026 25:00", "5/8/2026 2:3"); ReadDateTime only.
	DateBadTime
)

// DateError is the error ReadDate returns. It wraps ErrDate.
type DateError struct {
	Input   string
	Problem DateProblem
	// Named and Actual are the weekday the text names and the one the date
	// falls on (DateWrongWeekday only).
	Named, Actual time.Weekday
	// WithTime is true for ReadDateTime's errors: the general hint then
	// shows a date with a time.
	WithTime bool
}

// Error says in English what is wrong, quoting the input by its start.
func (e *DateError) Error() string {
	return fmt.Sprintf("%q: %v: %s", Excerpt(e.Input), ErrDate, e.Hint().String())
}

// Unwrap returns ErrDate.
func (e *DateError) Unwrap() error { return ErrDate }

// Hint says what to type instead, in any language.
func (e *DateError) Hint() Text {
	switch e.Problem {
	case DateNoYear:
		return T("date.no_year")
	case DateNoDay:
		return T("date.no_day")
	case DateShortYear:
		return T("date.short_year")
	case DateDayFirst:
		return T("date.day_first")
	case DateNoSuchDay:
		return T("date.no_such_day")
	case DateWrongWeekday:
		return T("date.wrong_weekday", weekday(e.Named), weekday(e.Actual))
	case DateExtraText:
		return T("date.extra_text")
	case DateBadTime:
		return T("date.bad_time")
	}
	if e.WithTime {
		return T("date.how_to_write_time")
	}
	return T("date.how_to_write")
}

// DateHint returns what to type instead of a date ReadDate or ParseDate
// could not read: err's hint, or the general one.
func DateHint(err error) Text {
	var de *DateError
	if errors.As(err, &de) {
		return de.Hint()
	}
	return T("date.how_to_write")
}

// LooksLikeDate reports whether s reads as a date or looks like one that
// could not be read (any problem but NotADate).
func LooksLikeDate(s string) bool {
	_, err := ReadDate(s)
	var de *DateError
	return err == nil || errors.As(err, &de) && de.Problem != NotADate
}

// weekday is a day of the week written in a language.
type weekday time.Weekday

// Label returns the day's name in lang.
func (w weekday) Label(lang Lang) string {
	if lang == Spanish {
		return weekdaysES[w]
	}
	return time.Weekday(w).String()
}

var weekdaysES = [...]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}

// monthWords are the month names and abbreviations ReadDate reads, in
// English and Spanish, as fold writes them (lower case, no accents).
var monthWords = map[string]time.Month{
	"jan": 1, "january": 1, "ene": 1, "enero": 1,
	"feb": 2, "february": 2, "febrero": 2,
	"mar": 3, "march": 3, "marzo": 3,
	"apr": 4, "april": 4, "abr": 4, "abril": 4,
	"may": 5, "mayo": 5,
	"jun": 6, "june": 6, "junio": 6,
	"jul": 7, "july": 7, "julio": 7,
	"aug": 8, "august": 8, "ago": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "set": 9, "septiembre": 9, "setiembre": 9,
	"oct": 10, "october": 10, "octubre": 10,
	"nov": 11, "november": 11, "noviembre": 11,
	"dec": 12, "december": 12, "dic": 12, "diciembre": 12,
}

// weekdayWords are the weekday names and abbreviations ReadDate accepts
// (and checks) in front of a date. "mar" is March unless another month is
// named: then it is martes.
var weekdayWords = map[string]time.Weekday{
	"sun": 0, "sunday": 0, "dom": 0, "domingo": 0,
	"mon": 1, "monday": 1, "lun": 1, "lunes": 1,
	"tue": 2, "tues": 2, "tuesday": 2, "martes": 2,
	"wed": 3, "wednesday": 3, "mie": 3, "miercoles": 3,
	"thu": 4, "thur": 4, "thurs": 4, "thursday": 4, "jue": 4, "jueves": 4,
	"fri": 5, "friday": 5, "vie": 5, "viernes": 5,
	"sat": 6, "saturday": 6, "sab": 6, "sabado": 6,
}

// fillerWords may stand between the parts of a date: "24 de agosto de
// 2026", "the 24th of August, 2026".
var fillerWords = map[string]bool{"de": true, "del": true, "of": true, "the": true}

// ordinalSuffixes may follow a day: "24th", "1st", "1º".
var ordinalSuffixes = map[string]bool{"st": true, "nd": true, "rd": true, "th": true, "º": true, "o": true}

// dateToken is one piece of a date as typed: a number or a word, and the
// separator before it (0 for none).
type dateToken struct {
	text   string
	number bool
	sep    rune
}

// maxDateInput bounds the text ReadDate looks at: a date, even with its
// weekday in full, is far shorter.
const maxDateInput = 64

// sepRank orders separators so that the one that matters is kept when
// several stand between two pieces: ':' (a time) over '/', '-' and '.'
// (a numeric date) over ',' over spaces.
func sepRank(r rune) int {
	switch r {
	case 0:
		return 0
	case ' ':
		return 1
	case ',':
		return 2
	case ':':
		return 4
	}
	return 3
}

// tokenizeDate splits s (folded) into numbers, words and other characters,
// each of which is a piece of its own.
func tokenizeDate(s string) (toks []dateToken) {
	var sep rune
	for i := 0; i < len(s); {
		r := rune(s[i])
		switch {
		case r == ' ' || r == ',' || r == '.' || r == '/' || r == '-' || r == ':':
			if sepRank(r) > sepRank(sep) {
				sep = r
			}
			i++
		case '0' <= r && r <= '9':
			j := i
			for j < len(s) && '0' <= s[j] && s[j] <= '9' {
				j++
			}
			toks = append(toks, dateToken{text: s[i:j], number: true, sep: sep})
			sep, i = 0, j
		default:
			j := i
			for j < len(s) {
				c, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(c) {
					break
				}
				j += size
			}
			if j == i { // a character no date has, such as "(": a piece of its own
				_, size := utf8.DecodeRuneInString(s[i:])
				j = i + size
			}
			toks = append(toks, dateToken{text: s[i:j], sep: sep})
			sep, i = 0, j
		}
	}
	return toks
}

// ReadDate reads a date as people type it in a spreadsheet. Besides what
// ParseDate reads (2026-08-24, 8/24/2026) it reads:
//
//   - year first with any separator and one-digit parts: 2026-8-24,
//     2026/08/24, 2026.8.24;
//   - a month written in English or Spanish, in full or short, in any
//     order with the day and the year: Aug 24 2026, August 24, 2026,
//     24-Aug-2026, 24 de agosto de 2026, 24th of August 2026;
//   - either kind after the day of the week (Monday, August 24, 2026;
//     lunes 24 ago 2026; Mon 8/24/2026), which must then be right.
//
// Slashes with the year last are read month first (as ParseDate does);
// anything that could be read two ways (24/08/2026, 24.08.2026, 8-24-2026,
// 8/24/26) is an error, never a guess. Every error is a *DateError, whose
// Problem says whether the text even looks like a date and whose Hint says
// what to type.
func ReadDate(s string) (Date, error) {
	if d, err := ParseDate(s); err == nil {
		return d, nil
	}
	fail := func(p DateProblem) (Date, error) { return Date{}, &DateError{Input: s, Problem: p} }
	t := strings.TrimSpace(s)
	if t == "" || len(t) > maxDateInput {
		return fail(NotADate)
	}
	toks := tokenizeDate(fold(t))
	var nums []dateToken
	var months, weekdays []string
	others, timeOfDay := 0, false
	for i, tk := range toks {
		timeOfDay = timeOfDay || tk.sep == ':'
		switch {
		case tk.number:
			nums = append(nums, tk)
		case monthWords[tk.text] != 0:
			months = append(months, tk.text)
		case isWeekdayWord(tk.text):
			weekdays = append(weekdays, tk.text)
		case fillerWords[tk.text]:
		case ordinalSuffixes[tk.text] && i > 0 && toks[i-1].number && tk.sep == 0:
		default:
			others++
		}
	}
	// "mar" is martes when another month is named: "mar 25 ago 2026".
	if len(months) == 2 && (months[0] == "mar") != (months[1] == "mar") {
		if months[0] == "mar" {
			months = months[1:]
		} else {
			months = months[:1]
		}
		weekdays = append(weekdays, "martes")
	}
	dateLike := len(months) > 0 && len(nums) > 0 || len(nums) >= 3 && numericSeps(nums[:3])
	switch {
	case others > 0 || timeOfDay:
		// Other words or a time next to what may be a date: "Meeting Aug
		// 24 2026", "8/24/2026 18:00". Reported if it looks like one.
		if dateLike {
			return fail(DateExtraText)
		}
		return fail(NotADate)
	case len(months) > 1 || len(weekdays) > 1:
		return fail(DateUnknownForm)
	}
	var d Date
	if len(months) == 0 {
		var err error
		if d, err = readNumericDate(s, nums); err != nil {
			return Date{}, err
		}
	} else {
		var day, year []string
		for _, n := range nums {
			switch {
			case len(n.text) == 4:
				year = append(year, n.text)
			case len(n.text) <= 2:
				day = append(day, n.text)
			default:
				return fail(DateUnknownForm)
			}
		}
		switch {
		case len(year) == 0 && len(day) == 2:
			return fail(DateShortYear)
		case len(year) == 0 && len(day) == 1:
			return fail(DateNoYear)
		case len(year) == 1 && len(day) == 0:
			return fail(DateNoDay)
		case len(year) != 1 || len(day) != 1:
			if len(nums) == 0 {
				return fail(NotADate) // a month alone: "March"
			}
			return fail(DateUnknownForm)
		}
		var ok bool
		if d, ok = makeDate(atoi(year[0]), int(monthWords[months[0]]), atoi(day[0])); !ok {
			return fail(DateNoSuchDay)
		}
	}
	if len(weekdays) == 1 {
		if w := weekdayWords[weekdays[0]]; w != d.Weekday() {
			return Date{}, &DateError{Input: s, Problem: DateWrongWeekday, Named: w, Actual: d.Weekday()}
		}
	}
	return d, nil
}

func isWeekdayWord(w string) bool {
	_, ok := weekdayWords[w]
	return ok
}

// numericSeps reports whether the numbers after the first are each joined
// to the one before by the same '/', '-' or '.'.
func numericSeps(nums []dateToken) bool {
	if len(nums) < 2 {
		return false
	}
	first := nums[1].sep
	if first != '/' && first != '-' && first != '.' {
		return false
	}
	for _, n := range nums[2:] {
		if n.sep != first {
			return false
		}
	}
	return true
}

// readNumericDate reads a date written with numbers only (perhaps after a
// weekday, which the caller checks).
func readNumericDate(s string, nums []dateToken) (Date, error) {
	fail := func(p DateProblem) (Date, error) { return Date{}, &DateError{Input: s, Problem: p} }
	if !numericSeps(nums) {
		return fail(NotADate)
	}
	if len(nums) == 2 {
		a, b := nums[0].text, nums[1].text
		if nums[1].sep == '/' && len(a) <= 2 && len(b) <= 2 && atoi(a) >= 1 && atoi(b) >= 1 && atoi(a) <= 31 && atoi(b) <= 31 {
			return fail(DateNoYear) // "8/24"
		}
		return fail(NotADate)
	}
	if len(nums) != 3 {
		return fail(DateUnknownForm)
	}
	a, b, c := nums[0].text, nums[1].text, nums[2].text
	switch {
	case len(a) == 4 && len(b) <= 2 && len(c) <= 2: // year first: read one way only
		if d, ok := makeDate(atoi(a), atoi(b), atoi(c)); ok {
			return d, nil
		}
		return fail(DateNoSuchDay)
	case len(a) > 2 || len(b) > 2:
		return fail(DateUnknownForm)
	case len(c) == 2:
		return fail(DateShortYear)
	case len(c) != 4:
		return fail(DateUnknownForm)
	}
	m, d, y := atoi(a), atoi(b), atoi(c)
	switch {
	case nums[1].sep == '/' && m >= 1 && m <= 12 && d >= 1 && d <= 31:
		if out, ok := makeDate(y, m, d); ok { // month first, as ParseDate reads it
			return out, nil
		}
		return fail(DateNoSuchDay)
	case m > 12 && m <= 31 && d >= 1 && d <= 12:
		return fail(DateDayFirst)
	}
	return fail(DateUnknownForm)
}

// makeDate returns the date y-m-d when that day exists (year 1 to 9999).
func makeDate(y, m, d int) (Date, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	out := NewDate(y, time.Month(m), d)
	if out.Year != y || int(out.Month) != m || out.Day != d {
		return Date{}, false
	}
	return out, true
}

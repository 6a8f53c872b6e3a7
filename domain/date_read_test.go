package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestReadDate(t *testing.T) {
	t.Parallel()
	aug24 := Date{2026, time.August, 24}
	tests := []struct {
		in      string
		want    Date
		problem DateProblem // when want is zero
	}{
		// What ParseDate reads, ReadDate reads.
		{"2026-08-24", aug24, 0},
		{"8/24/2026", aug24, 0},
		{" 08/24/2026 ", aug24, 0},
		// Year first: one reading only.
		{"2026-8-24", aug24, 0},
		{"2026/08/24", aug24, 0},
		{"2026.8.24", aug24, 0},
		// A month in words, English or Spanish, in any order.
		{"Aug 24 2026", aug24, 0},
		{"Aug 24, 2026", aug24, 0},
		{"Aug. 24, 2026", aug24, 0},
		{"August 24, 2026", aug24, 0},
		{"AUGUST 24 2026", aug24, 0},
		{"24 Aug 2026", aug24, 0},
		{"24-Aug-2026", aug24, 0},
		{"24 August 2026", aug24, 0},
		{"August 24th, 2026", aug24, 0},
		{"the 24th of August, 2026", aug24, 0},
		{"2026 Aug 24", aug24, 0},
		{"24 ago 2026", aug24, 0},
		{"24 ago. 2026", aug24, 0},
		{"24 de agosto de 2026", aug24, 0},
		{"24 de Agosto del 2026", aug24, 0},
		{"1 sept 2026", Date{2026, time.September, 1}, 0},
		{"1º de septiembre de 2026", Date{2026, time.September, 1}, 0},
		{"3 mar 2026", Date{2026, time.March, 3}, 0},
		{"26 ene 2026", Date{2026, time.January, 26}, 0},
		{"7 dic. 2026", Date{2026, time.December, 7}, 0},
		// With the right day of the week.
		{"Monday, August 24, 2026", aug24, 0},
		{"Mon Aug 24 2026", aug24, 0},
		{"lunes, 24 de agosto de 2026", aug24, 0},
		{"Lun 24 ago 2026", aug24, 0},
		{"mar 25 ago 2026", Date{2026, time.August, 25}, 0}, // martes, not March
		{"miércoles 26 ago 2026", Date{2026, time.August, 26}, 0},
		{"Mon 8/24/2026", aug24, 0},
		// Looks like a date, cannot be read: reported, never guessed.
		{"Tuesday, August 24, 2026", Date{}, DateWrongWeekday},
		{"24/08/2026", Date{}, DateDayFirst},
		{"24-08-2026", Date{}, DateDayFirst},
		{"24.08.2026", Date{}, DateDayFirst},
		{"05.08.2026", Date{}, DateUnknownForm}, // May 8 or 5 August
		{"08-05-2026", Date{}, DateUnknownForm},
		{"8/24/26", Date{}, DateShortYear},
		{"Aug 24 26", Date{}, DateShortYear},
		{"Aug 24", Date{}, DateNoYear},
		{"24 de agosto", Date{}, DateNoYear},
		{"8/24", Date{}, DateNoYear},
		{"August 2026", Date{}, DateNoDay},
		{"Feb 30, 2026", Date{}, DateNoSuchDay},
		{"2/30/2026", Date{}, DateNoSuchDay},
		{"2026-02-30", Date{}, DateNoSuchDay},
		{"2026-13-01", Date{}, DateNoSuchDay},
		{"13/13/2026", Date{}, DateUnknownForm},
		{"8/24/2026 18:00", Date{}, DateExtraText},
		{"Meeting Aug 24 2026", Date{}, DateExtraText},
		{"Meeting 8/24/2026", Date{}, DateExtraText},
		{"8/24/2026 (moved)", Date{}, DateExtraText},
		{"Aug 24 2026*", Date{}, DateExtraText},
		{"(notes)", Date{}, NotADate},
		{"Aug Sep 24 2026", Date{}, DateUnknownForm},
		{"Aug 24 2026 2027", Date{}, DateUnknownForm},
		// Not dates at all.
		{"", Date{}, NotADate},
		{"Notes", Date{}, NotADate},
		{"Not a date 2026", Date{}, NotADate},
		{"March", Date{}, NotADate},
		{"March notes", Date{}, NotADate},
		{"2026", Date{}, NotADate},
		{"Phone 2", Date{}, NotADate},
		{"10-12", Date{}, NotADate},
		{"18:00", Date{}, NotADate},
		{"Aug 24 2026" + strings.Repeat(" of", 30), Date{}, NotADate}, // too long to be a date
		{"１/２/２０２６", Date{}, NotADate},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ReadDate(tt.in)
			if !tt.want.IsZero() {
				if err != nil || got != tt.want {
					t.Fatalf("ReadDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
				}
				if !LooksLikeDate(tt.in) {
					t.Errorf("LooksLikeDate(%q) = false for a date it reads", tt.in)
				}
				return
			}
			var de *DateError
			if !errors.As(err, &de) || !errors.Is(err, ErrDate) || got != (Date{}) {
				t.Fatalf("ReadDate(%q) = %v, %v; want the zero Date and a *DateError wrapping ErrDate", tt.in, got, err)
			}
			if de.Problem != tt.problem {
				t.Errorf("ReadDate(%q) problem = %d, want %d", tt.in, de.Problem, tt.problem)
			}
			if got, want := LooksLikeDate(tt.in), tt.problem != NotADate; got != want {
				t.Errorf("LooksLikeDate(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestDateHints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		wantEN string
		wantES string
	}{
		{"Notes", "2026-08-24", "2026-08-24"},
		{"Aug 24", "year is missing", "Falta el año"},
		{"August 2026", "day is missing", "Falta el día"},
		{"8/24/26", "two digits", "dos cifras"},
		{"24/08/2026", "read month first", "mes primero"},
		{"Feb 30, 2026", "does not exist", "no existe"},
		{"8/24/2026 (virtual)", "Write only the date", "Escriba solo la fecha"},
		{"Tuesday, August 24, 2026", "It says Tuesday, but that date is a Monday", "Dice martes, pero esa fecha es lunes"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ReadDate(tt.in)
			h := DateHint(err)
			if en := h.In(English); !strings.Contains(en, tt.wantEN) || strings.Contains(en, "%!") {
				t.Errorf("English hint for %q = %q, want it to say %q", tt.in, en, tt.wantEN)
			}
			if es := h.In(Spanish); !strings.Contains(es, tt.wantES) || strings.Contains(es, "%!") {
				t.Errorf("Spanish hint for %q = %q, want it to say %q", tt.in, es, tt.wantES)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.in) || !strings.Contains(msg, tt.wantEN) {
				t.Errorf("error = %q, want the input and the hint", msg)
			}
		})
	}
	if got := DateHint(errors.New("other")).Key; got != "date.how_to_write" {
		t.Errorf("DateHint of another error = %s, want the general hint", got)
	}
}

func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"Aug 24 2026", "August 24, 2026", "24/08/2026", "24.08.2026", "8/24/26", "Aug 24",
		"lunes, 24 de agosto de 2026", "mar 25 ago 2026", "Tuesday, August 24, 2026", "2026/8/24", "24th of Aug 2026",
		"1º sept 2026", "Meeting 8/24/2026", "8/24/2026 18:00", "Feb 29 2025", "9999-12-31", "Dec 31 9999", "ene 1 0001",
		"  ", "Notes", "１/２/２０２６", "24-Aug-2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ReadDate(s)
		if err != nil {
			var de *DateError
			if !errors.As(err, &de) || !errors.Is(err, ErrDate) || d != (Date{}) {
				t.Fatalf("ReadDate(%q) = %v, %v: an error must be a *DateError wrapping ErrDate with the zero Date", s, d, err)
			}
			if h := de.Hint(); strings.Contains(h.In(English), "%!") || strings.Contains(h.In(Spanish), "%!") {
				t.Fatalf("hint for %q does not render: %q", s, h.In(English))
			}
			if LooksLikeDate(s) != (de.Problem != NotADate) {
				t.Fatalf("LooksLikeDate(%q) disagrees with problem %d", s, de.Problem)
			}
			return
		}
		// A date read is a real day, and reads back the same in the forms
		// the service and people write.
		if d.Year < 1 || d.Year > 9999 || d != NewDate(d.Year, d.Month, d.Day) {
			t.Fatalf("ReadDate(%q) = %#v, not a real day", s, d)
		}
		if p, err := ParseDate(s); err == nil && p != d {
			t.Fatalf("ReadDate(%q) = %v, but ParseDate reads %v", s, d, p)
		}
		forms := []string{d.String(), fmt.Sprintf("%d/%d/%04d", int(d.Month), d.Day, d.Year)}
		if d.Year >= 1000 { // FormatDate writes the year as it is: "Jan 1, 1"
			forms = append(forms, FormatDate(d, English), FormatDate(d, Spanish))
		}
		for _, again := range forms {
			if back, err := ReadDate(again); err != nil || back != d {
				t.Fatalf("ReadDate(%q) = %v, but ReadDate(%q) = %v, %v", s, d, again, back, err)
			}
		}
		if !LooksLikeDate(s) {
			t.Fatalf("LooksLikeDate(%q) = false for a date it reads", s)
		}
	})
}

// TestErrorsQuoteInputShort checks that errors about a text quote only its
// start: the text may be a whole pasted page.
func TestErrorsQuoteInputShort(t *testing.T) {
	t.Parallel()
	long := "8/" + strings.Repeat("9", 49988)
	tests := []struct {
		name string
		err  func() error
	}{
		{"ParseDate", func() error { _, err := ParseDate(long); return err }},
		{"ParseDate, a day that does not exist", func() error { _, err := ParseDate("2/30/2026" + strings.Repeat(" ", 49990) + "x"); return err }},
		{"ReadDate", func() error { _, err := ReadDate(long); return err }},
		{"meeting start time", func() error { _, _, err := Policy{MeetingStart: long}.MeetingStartTime(); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.err()
			if err == nil {
				t.Fatal("no error")
			}
			if n := len(err.Error()); n > 400 {
				t.Errorf("error has %d bytes, want at most 400: %.100s…", n, err.Error())
			}
		})
	}
}

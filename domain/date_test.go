package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-01-26", Date{2026, time.January, 26}, false},
		{"1/26/2026", Date{2026, time.January, 26}, false},
		{"01/26/2026", Date{2026, time.January, 26}, false},
		{"12/1/2025", Date{2025, time.December, 1}, false},
		{"  2026-02-23\t", Date{2026, time.February, 23}, false},
		{"\u00a02/23/2026\u00a0", Date{2026, time.February, 23}, false},
		{"2024-02-29", Date{2024, time.February, 29}, false},
		{"2/29/2024", Date{2024, time.February, 29}, false},
		{"0001-01-01", Date{1, time.January, 1}, false},
		{"", Date{}, true},
		{"2025-02-29", Date{}, true},
		{"2/30/2026", Date{}, true},
		{"13/1/2026", Date{}, true},
		{"0/1/2026", Date{}, true},
		{"1/0/2026", Date{}, true},
		{"2026-13-01", Date{}, true},
		{"2026-00-10", Date{}, true},
		{"2026-1-26", Date{}, true},
		{"26-01-2026", Date{}, true},
		{"1/26/26", Date{}, true},
		{"1/26/20266", Date{}, true},
		{"0000-01-01", Date{}, true},
		{"2026/01/26", Date{}, true},
		{"+1/26/2026", Date{}, true},
		{"1/ 6/2026", Date{}, true},
		{"Jan 26, 2026", Date{}, true},
		{"2026-01-26T18:00", Date{}, true},
		{"1/26/2026 18:00:00", Date{}, true},
		{"١/٢/٢٠٢٦", Date{}, true}, // Arabic-Indic digits are not read as numbers
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDate(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseDate(%q) = %v, %v; want error %v", tt.in, got, err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrDate) {
					t.Errorf("ParseDate(%q) error %v does not wrap ErrDate", tt.in, err)
				}
				if got != (Date{}) {
					t.Errorf("ParseDate(%q) = %v with an error, want the zero Date", tt.in, got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestDateMethods(t *testing.T) {
	t.Parallel()
	a, b := Date{2026, time.January, 26}, Date{2026, time.February, 23}
	if !a.Before(b) || a.After(b) || b.Before(a) || !b.After(a) || a.Compare(a) != 0 {
		t.Errorf("ordering of %v and %v is wrong", a, b)
	}
	if got := a.AddDays(28); got != b {
		t.Errorf("%v + 28 days = %v, want %v", a, got, b)
	}
	if got := (Date{2026, time.December, 31}).AddDays(1); got != (Date{2027, time.January, 1}) {
		t.Errorf("Dec 31 + 1 = %v, want 2027-01-01", got)
	}
	if got := a.Weekday(); got != time.Monday {
		t.Errorf("%v is a %v, want Monday", a, got)
	}
	if got := (Date{}).String(); got != "" {
		t.Errorf("blank date String() = %q, want empty", got)
	}
	if got := (Date{33, time.March, 5}).String(); got != "0033-03-05" {
		t.Errorf("String() = %q, want 0033-03-05", got)
	}
	chicago := time.FixedZone("CST", -6*3600)
	if got := DateOf(a.Time(chicago)); got != a {
		t.Errorf("DateOf(Time) = %v, want %v", got, a)
	}
	for _, tt := range []struct {
		d    Date
		lang Lang
		want string
	}{
		{a, English, "Jan 26, 2026"},
		{a, Spanish, "26 ene 2026"},
		{Date{}, English, ""},
	} {
		if got := FormatDate(tt.d, tt.lang); got != tt.want {
			t.Errorf("FormatDate(%v, %s) = %q, want %q", tt.d, tt.lang, got, tt.want)
		}
	}
	if got, want := FormatDates([]Date{a, b}, English), "Jan 26, 2026; Feb 23, 2026"; got != want {
		t.Errorf("FormatDates = %q, want %q", got, want)
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	type doc struct {
		When  Date `json:"when"`
		Blank Date `json:"blank"`
	}
	in := doc{When: Date{2026, time.March, 23}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"when":"2026-03-23","blank":""}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
	if err := json.Unmarshal([]byte(`{"when":"2026-02-30"}`), &out); !errors.Is(err, ErrDate) {
		t.Errorf("unmarshal of a day that does not exist: err = %v, want ErrDate", err)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-26", "1/26/2026", "12/31/9999", "2/29/2024", "2025-02-29", "", "1/1/0000",
		"99-99-9999", "--", "//", " 3/3/2033 ", "2026-01-26T00:00", "１/２/２０２６"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDate) || d != (Date{}) {
				t.Fatalf("ParseDate(%q) = %v, %v: an error must wrap ErrDate and give the zero Date", s, d, err)
			}
			return
		}
		// A parsed date is a real day, and reads back the same in both formats.
		if d.IsZero() || d.Year < 1 || d.Year > 9999 || d != NewDate(d.Year, d.Month, d.Day) {
			t.Fatalf("ParseDate(%q) = %#v, not a real day", s, d)
		}
		for _, again := range []string{d.String(), fmt.Sprintf("%d/%d/%04d", int(d.Month), d.Day, d.Year)} {
			if back, err := ParseDate(again); err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %v, but ParseDate(%q) = %v, %v", s, d, again, back, err)
			}
		}
		var u Date
		if err := u.UnmarshalText([]byte(d.String())); err != nil || u != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", d.String(), u, err, d)
		}
	})
}

package domain

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReadDateTime(t *testing.T) {
	t.Parallel()
	may8 := NewDate(2026, 5, 8)
	tests := []struct {
		in          string
		want        DateTime
		wantProblem DateProblem // when an error is wanted
		wantErr     bool
	}{
		{"2026-05-08 14:30", DateTime{Date: may8, Hour: 14, Minute: 30, HasTime: true}, 0, false},
		{"2026-05-08T14:30", DateTime{Date: may8, Hour: 14, Minute: 30, HasTime: true}, 0, false},
		{"2026-05-08T14:30:15.250", DateTime{Date: may8, Hour: 14, Minute: 30, Second: 15, HasTime: true}, 0, false},
		{"5/8/2026 14:30:00", DateTime{Date: may8, Hour: 14, Minute: 30, HasTime: true}, 0, false}, // a Google Forms timestamp
		{"5/8/2026 9:05:07", DateTime{Date: may8, Hour: 9, Minute: 5, Second: 7, HasTime: true}, 0, false},
		{"May 8, 2026 2:30 PM", DateTime{Date: may8, Hour: 14, Minute: 30, HasTime: true}, 0, false},
		{"May 8, 2026, 12:10 a.m.", DateTime{Date: may8, Hour: 0, Minute: 10, HasTime: true}, 0, false},
		{"Friday, May 8, 2026 at 12:00 pm", DateTime{Date: may8, Hour: 12, HasTime: true}, 0, false},
		{"8 de mayo de 2026 a las 20:45", DateTime{Date: may8, Hour: 20, Minute: 45, HasTime: true}, 0, false},
		{" 5/8/2026 ", DateTime{Date: may8}, 0, false},
		{"May 8, 2026 at 9 pm", DateTime{Date: may8, Hour: 21, HasTime: true}, 0, false},
		{"5/8/2026 12 A.M.", DateTime{Date: may8, Hour: 0, HasTime: true}, 0, false},
		{"5/8/2026 noon", DateTime{}, DateBadTime, true},
		{"5/8/2026 13 pm", DateTime{}, DateBadTime, true},
		{"Meeting 9 pm", DateTime{}, NotADate, true},
		{"5/8/2026 25:00", DateTime{}, DateBadTime, true},
		{"5/8/2026 2:3", DateTime{}, DateBadTime, true},
		{"5/8/2026 13:00 PM", DateTime{}, DateBadTime, true},
		{"5/8/2026 14:30 CST", DateTime{}, DateBadTime, true},
		{"24/08/2026 10:00", DateTime{}, DateDayFirst, true},
		{"8/24/26 10:00", DateTime{}, DateShortYear, true},
		{"soon", DateTime{}, NotADate, true},
		{"05.08.2026 10:00", DateTime{}, DateUnknownForm, true},
		{"46150.6041666667", DateTime{}, NotADate, true}, // a serial number: not read
		{"", DateTime{}, NotADate, true},
		{"Notes: 10:00", DateTime{}, NotADate, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ReadDateTime(tt.in)
			if tt.wantErr {
				var de *DateError
				if !errors.As(err, &de) || de.Problem != tt.wantProblem || !errors.Is(err, ErrDate) {
					t.Fatalf("ReadDateTime(%q) = %v, %v; want a DateError with problem %d", tt.in, got, err, tt.wantProblem)
				}
				if h := de.Hint(); h.Key == "" || strings.Contains(h.In(Spanish), "date.") || h.Key == "date.how_to_write" {
					t.Errorf("hint = %#v, want one that speaks of a date and time", h)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ReadDateTime(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzReadDateTime(f *testing.F) {
	for _, s := range []string{"2026-05-08 14:30", "5/8/2026 14:30:00", "May 8, 2026 2:30 PM", "8 de mayo de 2026 a las 20:45",
		"2026-05-08T14:30:00.5", "5/8/2026 12:00 a. m.", "1:2:3:4", ":", "9:", "5/8/2026 T 10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dt, err := ReadDateTime(s)
		if err != nil {
			var de *DateError
			if !errors.As(err, &de) {
				t.Fatalf("ReadDateTime(%q) error %v is not a *DateError", s, err)
			}
			return
		}
		if dt.IsZero() || dt.Hour < 0 || dt.Hour > 23 || dt.Minute < 0 || dt.Minute > 59 || dt.Second < 0 || dt.Second > 59 {
			t.Fatalf("ReadDateTime(%q) = %+v", s, dt)
		}
		// What it read reads back the same.
		back, err := ReadDateTime(dt.String())
		if err != nil || back.Date != dt.Date || back.Hour != dt.Hour || back.Minute != dt.Minute || back.Second != dt.Second {
			t.Fatalf("ReadDateTime(%q) = %+v, but its String %q reads %+v, %v", s, dt, dt.String(), back, err)
		}
	})
}

func TestParseResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		in         string
		want       []Response
		wantUnread []string
	}{
		{"em dash", "Approved — Casa Ejemplo", []Response{{Approved, "Casa Ejemplo"}}, nil},
		{"several lines, separators of every kind",
			"Approved - Casa Ejemplo\r\nObjected – Río Claro\n\nAprobado: Ana Invented\napproved, Harbor\nOBJETADA — Lake County\n",
			[]Response{{Approved, "Casa Ejemplo"}, {Objected, "Río Claro"}, {Approved, "Ana Invented"}, {Approved, "Harbor"}, {Objected, "Lake County"}}, nil},
		{"Spanish words, accents or not", "Objeción — Casa\nobjecion - Casa Dos\nAprobada por Escuela\nObjetado de Centro",
			[]Response{{Objected, "Casa"}, {Objected, "Casa Dos"}, {Approved, "Escuela"}, {Objected, "Centro"}}, nil},
		{"by, and no name", "Approved by Westside\nObjected", []Response{{Approved, "Westside"}, {Objected, ""}}, nil},
		{"the name first", "Casa Ejemplo — Approved\nRío-Claro - objected", []Response{{Approved, "Casa Ejemplo"}, {Objected, "Río-Claro"}}, nil},
		{"lines it cannot read", "Approved plan\nmaybe later\nCasa — yes", nil, []string{"Approved plan", "maybe later", "Casa — yes"}},
		{"blank", "  \n ", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, unread := ParseResponses(tt.in)
			if !slices.Equal(got, tt.want) || !slices.Equal(unread, tt.wantUnread) {
				t.Errorf("ParseResponses(%q) = %+v, %q; want %+v, %q", tt.in, got, unread, tt.want, tt.wantUnread)
			}
		})
	}
}

func FuzzParseResponses(f *testing.F) {
	f.Add("Approved — Casa Ejemplo\nObjected - Ana\nAprobado: X\nmaybe")
	f.Add("Casa — Objeción\n—\n-:,\nApproved by")
	f.Fuzz(func(t *testing.T, s string) {
		got, unread := ParseResponses(s)
		lines := 0
		for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if len(got)+len(unread) != lines {
			t.Fatalf("ParseResponses(%q): %d read + %d unread, want %d lines", s, len(got), len(unread), lines)
		}
		for _, r := range got {
			if r.Verdict != Approved && r.Verdict != Objected {
				t.Fatalf("ParseResponses(%q) verdict %d", s, r.Verdict)
			}
		}
	})
}

func TestApprovalDeadlineAcrossDST(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	// Clocks go forward at 2:00 AM on Sunday, March 8, 2026, in Chicago.
	req := ApprovalRequest{Row: 2, RequestedAt: DateTime{Date: NewDate(2026, 3, 7), Hour: 20, HasTime: true}}
	deadline := time.Date(2026, 3, 8, 20, 0, 0, 0, chicago)
	if got := Deadline(req.RequestedAt, chicago); !got.Equal(deadline) {
		t.Fatalf("Deadline = %v, want %v", got, deadline)
	}
	if got := deadline.Sub(req.RequestedAt.In(chicago)); got != 23*time.Hour {
		t.Errorf("time from request to deadline = %v, want 23h (the clocks went forward)", got)
	}
	// And back at 2:00 AM on Sunday, November 1, 2026: 25 hours.
	fall := DateTime{Date: NewDate(2026, 10, 31), Hour: 20, HasTime: true}
	if got := Deadline(fall, chicago).Sub(fall.In(chicago)); got != 25*time.Hour {
		t.Errorf("time from request to deadline in the fall = %v, want 25h", got)
	}
	requested := req.RequestedAt.In(chicago)
	tests := []struct {
		name     string
		at       time.Time
		req      ApprovalRequest
		want     ApprovalStatus
		wantLeft time.Duration
		wantText string
	}{
		{"23 h 59 on the clock (22 h 59 elapsed): waiting", time.Date(2026, 3, 8, 19, 59, 0, 0, chicago), req, ApprovalWaiting, time.Minute, "Waiting: less than an hour left"},
		{"24 h 01 on the clock (23 h 01 elapsed): overdue", time.Date(2026, 3, 8, 20, 1, 0, 0, chicago), req, ApprovalOverdue, 0, "Overdue: no answer by Mar 8, 2026 8:00 PM"},
		{"23 h 01 elapsed, read in UTC: overdue all the same", requested.Add(23*time.Hour + time.Minute).UTC(), req, ApprovalOverdue, 0, "Overdue: no answer by Mar 8, 2026 8:00 PM"},
		{"at the deadline itself: not yet overdue", deadline, req, ApprovalWaiting, 0, "Waiting: less than an hour left"},
		{"just after the request", requested.Add(time.Minute), req, ApprovalWaiting, 23*time.Hour - time.Minute, "Waiting: 22 hours left"},
		{"an approval before the deadline", requested.Add(time.Hour), withResponses(req, "Approved — Casa"), ApprovalApproved, 0, "Approved by Casa"},
		{"an approval after the deadline is not overdue", deadline.Add(time.Hour), withResponses(req, "Approved — Casa"), ApprovalApproved, 0, "Approved by Casa"},
		{"an objection wins over approvals", deadline.Add(time.Hour), withResponses(req, "Approved — Casa\nObjected — Ana\nObjected — Río\nApproved — Harbor"), ApprovalObjected, 0, "Objected by Ana, Río"},
		{"no request time: waiting, never overdue", deadline.Add(240 * time.Hour), ApprovalRequest{Row: 3}, ApprovalWaiting, 0, "Waiting for answers; the deadline is not known until Requested at says when the request came"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := EvaluateApproval(tt.req, chicago, tt.at)
			if got.Status != tt.want || got.Left != tt.wantLeft {
				t.Errorf("at %v: status %v, left %v; want %v, %v", tt.at, got.Status, got.Left, tt.want, tt.wantLeft)
			}
			if s := got.Describe().String(); s != tt.wantText {
				t.Errorf("Describe() = %q, want %q", s, tt.wantText)
			}
			if s := got.Describe().In(Spanish); strings.Contains(s, "rules.") || strings.Contains(s, "%!") || s == tt.wantText {
				t.Errorf("Describe() in Spanish = %q", s)
			}
		})
	}
	// The same request at the same instants, evaluated without a time zone
	// change (UTC), is 24 hours: 23 h 59 waiting, 24 h 01 overdue.
	utcReq := req.RequestedAt.In(time.UTC)
	for _, tt := range []struct {
		after time.Duration
		want  ApprovalStatus
	}{{23*time.Hour + 59*time.Minute, ApprovalWaiting}, {24*time.Hour + time.Minute, ApprovalOverdue}} {
		if got := EvaluateApproval(req, time.UTC, utcReq.Add(tt.after)); got.Status != tt.want {
			t.Errorf("UTC, %v after: %v, want %v", tt.after, got.Status, tt.want)
		}
	}
}

func withResponses(r ApprovalRequest, responses string) ApprovalRequest {
	r.Responses, _ = ParseResponses(responses)
	return r
}

func TestFormatDateTime(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 8, 20, 5, 0, 0, chicago)
	for _, tt := range []struct {
		lang Lang
		want string
	}{{English, "Mar 8, 2026 8:05 PM"}, {Spanish, "8 mar 2026 20:05"}} {
		if got := FormatDateTime(at, tt.lang); got != tt.want {
			t.Errorf("FormatDateTime(%v, %s) = %q, want %q", at, tt.lang, got, tt.want)
		}
	}
	if got := FormatDateTime(time.Time{}, English); got != "" {
		t.Errorf("FormatDateTime(zero) = %q, want blank", got)
	}
}

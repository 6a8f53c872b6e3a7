package domain

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// verbs matches fmt verbs (not %%), with flags, width, precision and an
// explicit argument index.
var verbs = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z%]`)

func verbList(s string) []string {
	var out []string
	for _, v := range verbs.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

func TestCatalogHasEveryLanguage(t *testing.T) {
	t.Parallel()
	if len(catalog) == 0 {
		t.Fatal("the catalog is empty")
	}
	for key, byLang := range catalog {
		en, es := byLang[English], byLang[Spanish]
		if strings.TrimSpace(en) == "" || strings.TrimSpace(es) == "" {
			t.Errorf("%s: English %q, Spanish %q; want both", key, en, es)
			continue
		}
		if ve, vs := verbList(en), verbList(es); !slices.Equal(ve, vs) {
			t.Errorf("%s: English verbs %v, Spanish verbs %v; want the same", key, ve, vs)
		}
		if strings.HasPrefix(key, "rules.") && en == es && !strings.Contains(en, "%s. ") {
			t.Errorf("%s: Spanish %q is the English text", key, es)
		}
	}
}

func TestRulesTextsRender(t *testing.T) {
	t.Parallel()
	// Render every rules text with sample arguments of the kinds its verbs
	// take: nothing may come out as a formatting error.
	for key := range catalog {
		if !strings.HasPrefix(key, "rules.") {
			continue
		}
		var args []any
		for _, v := range verbList(catalog[key][English]) {
			if strings.HasSuffix(v, "d") {
				args = append(args, 3)
			} else {
				args = append(args, "words")
			}
		}
		for _, lang := range []Lang{English, Spanish} {
			if got := T(key, args...).In(lang); strings.Contains(got, "%!") {
				t.Errorf("%s in %s = %q", key, lang, got)
			}
		}
	}
}

func TestTextIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text Text
		lang Lang
		want string
	}{
		{"date in English", T("rules.vote.not_held_yet", jan26), English, "Not valid: the Jan 26, 2026 meeting has not been held yet"},
		{"date in Spanish", T("rules.vote.not_held_yet", jan26), Spanish, "No es válida: la reunión del 26 ene 2026 todavía no se ha celebrado"},
		{"status label inside", T("rules.issue.no_left", StatusWithdrawn), Spanish,
			"El estado es Retirado pero falta la fecha de salida (columna Left): escriba el día en que el miembro salió, por ejemplo 1/26/2026"},
		{"text inside a text", T("rules.vote.with_note", T("rules.vote.no_date"), T("rules.vote.subject_blank")), Spanish,
			"No es válida: la votación no tiene la fecha de la reunión. Nota: la votación no dice de qué miembro se trata"},
		{"unknown language falls back to English", T("rules.flag.no_working_group"), Lang("fr"), "No working group"},
		{"the zero Text is no message", Text{}, Spanish, ""},
		{"unknown key says so in plain words", T("no.such.key"), English,
			"(This message has no wording yet [no.such.key]; please tell whoever maintains coalitionsync.)"},
		{"unknown key keeps its details", T("no.such.key.either", "Casa Ejemplo", 3, jan26), Spanish,
			"(Falta el texto de este mensaje [no.such.key.either]; avise a quien mantiene coalitionsync. Datos: Casa Ejemplo; 3; 26 ene 2026.)"},
		{"user text is written raw", T("rules.vote.subject_not_found", `<b>"Casa" & 100%</b>`), English,
			`no member in the Members tab matches "<b>"Casa" & 100%</b>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.text.In(tt.lang); got != tt.want {
				t.Errorf("In(%s) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestFlagTexts(t *testing.T) {
	t.Parallel()
	review := Flag{Kind: FlagRemovalReviewDue, Dates: []Date{jan26, feb23, mar23}}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"label removal", review.Label(English), "Removal review due"},
		{"label working group", Flag{Kind: FlagNoWorkingGroup}.Label(English), "No working group"},
		{"label contrary", Flag{Kind: FlagContraryActionReview}.Label(English), "Contrary action review"},
		{"label removal es", review.Label(Spanish), "Revisión de expulsión pendiente"},
		{"label working group es", Flag{Kind: FlagNoWorkingGroup}.Label(Spanish), "Sin grupo de trabajo"},
		{"unknown kind", Flag{Kind: "other"}.Label(English), "other"},
		{"detail", review.Detail(English), "absent without notice on Jan 26, 2026; Feb 23, 2026; Mar 23, 2026"},
		{"detail es", review.Detail(Spanish), "faltó sin avisar los días 26 ene 2026; 23 feb 2026; 23 mar 2026"},
		{"detail es one date", Flag{Kind: FlagRemovalReviewDue, Dates: []Date{jan26}}.Detail(Spanish), "faltó sin avisar el 26 ene 2026"},
		{"no detail", Flag{Kind: FlagNoWorkingGroup}.Detail(English), ""},
		{"removal without dates", Flag{Kind: FlagRemovalReviewDue}.Detail(English), ""},
		{"format none", FormatFlags(nil, English), ""},
		{"format one", FormatFlags([]Flag{{Kind: FlagNoWorkingGroup}}, English), "No working group"},
		{"format all", FormatFlags([]Flag{review, {Kind: FlagNoWorkingGroup}, {Kind: FlagContraryActionReview}}, English),
			"Removal review due: absent without notice on Jan 26, 2026, Feb 23, 2026, Mar 23, 2026; No working group; Contrary action review"},
		{"format all es", FormatFlags([]Flag{review, {Kind: FlagNoWorkingGroup}}, Spanish),
			"Revisión de expulsión pendiente: faltó sin avisar los días 26 ene 2026, 23 feb 2026, 23 mar 2026; Sin grupo de trabajo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	// "; " separates flags and nothing else, in every language.
	flags := []Flag{review, {Kind: FlagNoWorkingGroup}, {Kind: FlagContraryActionReview}}
	for _, lang := range []Lang{English, Spanish} {
		parts := strings.Split(FormatFlags(flags, lang), "; ")
		if len(parts) != len(flags) {
			t.Errorf("FormatFlags in %s splits into %d parts on \"; \", want %d: %q", lang, len(parts), len(flags), parts)
		}
		for i, p := range parts {
			if !strings.HasPrefix(p, flags[i].Label(lang)) {
				t.Errorf("FormatFlags in %s part %d = %q, want it to start with %q", lang, i, p, flags[i].Label(lang))
			}
		}
	}
}

func TestMeetingExplain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		m    MeetingResult
		want string
	}{
		{MeetingResult{}, "No attendance recorded yet"},
		{MeetingResult{Recorded: true}, "No quorum: there were no voting members on that date"},
		{MeetingResult{Recorded: true, VotingMembers: 17, Present: 12, QuorumNeeded: 12, Quorum: true}, "Quorum: 12 of 17 voting members present; 12 needed"},
		{MeetingResult{Recorded: true, VotingMembers: 17, Present: 9, QuorumNeeded: 12}, "No quorum: 9 of 17 voting members present; 12 needed"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.m.Explain().String(); got != tt.want {
				t.Errorf("Explain(%+v) = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	ok := DefaultPolicy()
	tests := []struct {
		name     string
		change   func(*Policy)
		wantErr  []string // pieces the message must hold; nil for no error
		wantHour int
	}{
		{name: "the written rules are valid", change: func(*Policy) {}},
		{name: "threshold 1 is fine", change: func(p *Policy) { p.AbsenceThreshold = 1 }},
		{name: "midnight is fine", change: func(p *Policy) { p.MeetingStart = "00:00" }},
		{name: "23:59 is fine", change: func(p *Policy) { p.MeetingStart = "23:59" }},
		{name: "threshold 0", change: func(p *Policy) { p.AbsenceThreshold = 0 }, wantErr: []string{"must be 1 or more (it is 0"}},
		{name: "blank time zone", change: func(p *Policy) { p.TimeZone = " " }, wantErr: []string{"time zone is missing", "America/Chicago"}},
		{name: "start without minutes", change: func(p *Policy) { p.MeetingStart = "18" }, wantErr: []string{`"18" is not understood`, `"18:00"`}},
		{name: "start 6:00", change: func(p *Policy) { p.MeetingStart = "6:00" }, wantErr: []string{`"6:00"`}},
		{name: "start 6pm", change: func(p *Policy) { p.MeetingStart = "6 pm" }, wantErr: []string{`"6 pm"`}},
		{name: "start 24:00", change: func(p *Policy) { p.MeetingStart = "24:00" }, wantErr: []string{`"24:00"`}},
		{name: "start 18:60", change: func(p *Policy) { p.MeetingStart = "18:60" }, wantErr: []string{`"18:60"`}},
		{name: "start 1a:00", change: func(p *Policy) { p.MeetingStart = "1a:00" }, wantErr: []string{`"1a:00"`}},
		{name: "no length", change: func(p *Policy) { p.MeetingLength = 0 }, wantErr: []string{"meeting length must be more than zero"}},
		{name: "everything wrong at once", change: func(p *Policy) { *p = Policy{} },
			wantErr: []string{"1 or more", "time zone", "start time", "meeting length"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := ok
			tt.change(&p)
			err := p.Validate()
			if tt.wantErr == nil {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrPolicy) {
				t.Fatalf("Validate() = %v, want an ErrPolicy error", err)
			}
			for _, piece := range tt.wantErr {
				if !strings.Contains(err.Error(), piece) {
					t.Errorf("Validate() = %q, want it to say %q", err, piece)
				}
			}
		})
	}
	h, m, err := ok.MeetingStartTime()
	if h != 18 || m != 0 || err != nil {
		t.Errorf("MeetingStartTime() = %d, %d, %v; want 18, 0, nil", h, m, err)
	}
	if d := DefaultPolicy(); d.AbsenceThreshold != 3 || d.ConsecutiveOnly || d.TimeZone != "America/Chicago" || d.MeetingLength != 90*time.Minute {
		t.Errorf("DefaultPolicy() = %+v, want the written rules", d)
	}
}

func TestMissingWording(t *testing.T) {
	t.Parallel()
	if got := T("test.missing.on_purpose").In(Spanish); !strings.Contains(got, "test.missing.on_purpose") {
		t.Errorf("In(Spanish) of an unknown key = %q, want it to name the key", got)
	}
	T("rules.flag.no_working_group").In(Lang("fr")) // an unknown language falls back, and is not a missing text
	got := Missing()
	if !slices.Contains(got, "test.missing.on_purpose (es)") {
		t.Errorf("Missing() = %q, want it to hold %q", got, "test.missing.on_purpose (es)")
	}
	for _, k := range got {
		if strings.HasPrefix(k, "rules.") {
			t.Errorf("Missing() holds %q, a rules text that has wording", k)
		}
	}
}

func TestRegister(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		texts map[string]map[Lang]string
		want  string // what the panic says; "" for none
	}{
		{"a key the rules already have", map[string]map[Lang]string{"rules.flag.no_working_group": {English: "x", Spanish: "x"}},
			`the message key "rules.flag.no_working_group" is registered twice`},
		{"a blank key", map[string]map[Lang]string{" ": {English: "x", Spanish: "x"}}, "blank key"},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if got := fmt.Sprint(r); (tt.want == "") != (r == nil) || !strings.Contains(got, tt.want) {
					t.Errorf("Register panicked with %v, want %q", r, tt.want)
				}
			}()
			Register(tt.texts)
		})
	}
	if got := T("rules.flag.no_working_group").String(); got != "No working group" {
		t.Errorf("after a refused Register, the rules text = %q, want it unchanged", got)
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", ExcerptLength)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"short stays whole", "Casa de la Paz", "Casa de la Paz"},
		{"exactly the length stays whole", long, long},
		{"one more is cut", long + "b", long + "…"},
		{"a 49,990-character cell", strings.Repeat("z", 49990), strings.Repeat("z", ExcerptLength) + "…"},
		{"accented letters are never cut in two", strings.Repeat("é", 100), strings.Repeat("é", ExcerptLength) + "…"},
		{"blank", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Excerpt(tc.in)
			if got != tc.want {
				t.Errorf("Excerpt(%.20q…) = %.30q… (%d characters), want %.30q… (%d characters)", tc.in, got, utf8.RuneCountInString(got), tc.want, utf8.RuneCountInString(tc.want))
			}
			if !utf8.ValidString(got) {
				t.Errorf("Excerpt(%.20q…) = %q is not valid UTF-8", tc.in, got)
			}
		})
	}
}

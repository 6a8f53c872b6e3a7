package domain

import (
	"net/mail"
	"slices"
	"strings"
	"testing"
)

func TestEmailsIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"blank", "", nil},
		{"names only", "Rosa Quintero, Tomás Ibarra (call first)", nil},
		{"one address", "rosa@example.org", []string{"rosa@example.org"}},
		{"lower-cased", "Rosa@Example.ORG", []string{"rosa@example.org"}},
		{"name and angle brackets", "Rosa Quintero <rosa@example.org>", []string{"rosa@example.org"}},
		{"several separators", "a@example.org; b@example.net, c@example.com\nd@example.org | e@example.org / f@example.org",
			[]string{"a@example.org", "b@example.net", "c@example.com", "d@example.org", "e@example.org", "f@example.org"}},
		{"each once, first order kept", "b@example.org, A@example.org, a@example.org, B@EXAMPLE.ORG",
			[]string{"b@example.org", "a@example.org"}},
		{"sentence around it", "Write to tomas.ibarra@example.org. Or call 555-0100.", []string{"tomas.ibarra@example.org"}},
		{"mailto and quotes", `mailto:rosa@example.org "luis@example.net" 'ana@example.com'`,
			[]string{"rosa@example.org", "luis@example.net", "ana@example.com"}},
		{"Spanish quotes and parentheses", "«rosa@example.org» (luis@example.net)", []string{"rosa@example.org", "luis@example.net"}},
		{"plus, apostrophe and underscore kept", "o'neil+coalition@example.org _info@sub.example.org",
			[]string{"o'neil+coalition@example.org", "_info@sub.example.org"}},
		{"accented address left out, plain one kept", "josé@example.org andre@example.org", []string{"andre@example.org"}},
		{"accent inside a word does not cut an address", "andré.lopez@example.org", nil},
		{"no dot in domain", "rosa@localhost", nil},
		{"two at signs", "rosa@@example.org a@b@example.org", nil},
		{"dots at the edges of the local part", ".rosa@example.org rosa.@example.org ro..sa@example.org",
			[]string{"rosa@example.org"}}, // the leading dot is a sentence's: trimmed
		{"bad domain labels", "a@-example.org b@example-.org c@example..org d@example.c0m e@example.c", nil},
		{"a handle is not an address", "@rosa and rosa@", nil},
		{"no-break space separates", "rosa@example.org\u00a0luis@example.net", []string{"rosa@example.org", "luis@example.net"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := EmailsIn(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("EmailsIn(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func FuzzEmailsIn(f *testing.F) {
	for _, s := range []string{"", "Rosa <rosa@example.org>; luis@example.net", "a@b.co,a@b.co", "ü@x.org", "x@y", "a@b@c.org",
		"mailto:z@example.org.", "«q@example.org»", "o'neil@example.org"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := EmailsIn(s)
		seen := map[string]bool{}
		for _, e := range got {
			if e != strings.ToLower(e) {
				t.Fatalf("EmailsIn(%q) holds %q, not lower-case", s, e)
			}
			if seen[e] {
				t.Fatalf("EmailsIn(%q) holds %q twice", s, e)
			}
			seen[e] = true
			// Each is one plain address, as Drive takes it and as the
			// standard library reads it.
			if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
				t.Fatalf("EmailsIn(%q) holds %q, which net/mail reads as %v, %v", s, e, a, err)
			}
			if again := EmailsIn(e); !slices.Equal(again, []string{e}) {
				t.Fatalf("EmailsIn(%q) holds %q, but EmailsIn(%q) = %q", s, e, e, again)
			}
			if !strings.Contains(strings.ToLower(s), e) {
				t.Fatalf("EmailsIn(%q) holds %q, which the text does not contain", s, e)
			}
		}
		// Upper-casing the text changes no address found.
		if up := EmailsIn(strings.ToUpper(s)); isASCII(s) && !slices.Equal(up, got) {
			t.Fatalf("EmailsIn(%q) = %q but EmailsIn of its upper case = %q", s, got, up)
		}
	})
}

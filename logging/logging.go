// Package logging provides the service's structured logger: log/slog JSON
// with the field names Cloud Logging understands (severity, message, time),
// which keeps emails and phone numbers out of logs in clear: every email
// address and every phone-number-looking string in a message, a text
// attribute or an error attribute is replaced by its Redact stand-in,
// whatever wrote it (Google's error texts name addresses the service never
// chose to log).
package logging

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// New returns a JSON logger writing to w at level and above. Cloud Logging
// reads "severity" and "message"; slog's "level" and "msg" are renamed.
// Emails and phone numbers in the message and in text and error attributes
// are redacted (RedactText).
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: replace,
	}))
}

func replace(groups []string, a slog.Attr) slog.Attr {
	a = capValue(a)
	if len(groups) > 0 {
		return redactAttr(a)
	}
	if a.Key != slog.LevelKey && a.Key != slog.TimeKey {
		a = redactAttr(a)
	}
	switch a.Key {
	case slog.LevelKey:
		a.Key = "severity"
		if lvl, ok := a.Value.Any().(slog.Level); ok {
			a.Value = slog.StringValue(severity(lvl))
		}
	case slog.MessageKey:
		a.Key = "message"
	case slog.TimeKey:
		a.Key = "time"
	}
	return a
}

// severity maps slog levels to Cloud Logging's LogSeverity names.
func severity(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "ERROR"
	case l >= slog.LevelWarn:
		return "WARNING"
	case l >= slog.LevelInfo:
		return "INFO"
	default:
		return "DEBUG"
	}
}

// Redact returns a short, stable stand-in for a personal detail such as an
// email address or phone number: the same input always gives the same
// stand-in, so logs can be correlated, but the value cannot be read back.
// Empty stays empty.
func Redact(personal string) string {
	personal = strings.ToLower(strings.TrimSpace(personal))
	if personal == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("coalitionsync:" + personal))
	return "redacted:" + hex.EncodeToString(sum[:6])
}

// redactAttr redacts a text or error attribute's value. Time and level are
// never text, so they pass unchanged.
func redactAttr(a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); s != "" {
			a.Value = slog.StringValue(RedactText(s))
		}
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case error:
			a.Value = slog.StringValue(RedactText(v.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(RedactText(v.String()))
		}
	}
	return a
}

var (
	emailPattern = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	// numberRun is a run of digits with the separators phone numbers are
	// written with, optionally after + or (.
	numberRun  = regexp.MustCompile(`\+?\(?\d[\d ().\-]*\d`)
	datePrefix = regexp.MustCompile(`^\d{4}[-.]\d{1,2}[-.]\d{1,2}`)
	dottedQuad = regexp.MustCompile(`^\d{1,3}(?:\.\d{1,3}){3}$`)
)

// RedactText replaces every email address and every phone-number-looking
// string in s with its Redact stand-in. A phone number looks like 7 to 15
// digits written with spaces, dots, dashes or parentheses ("573-555-0100",
// "(573) 555-0100", "555 0100"), or after a + ("+52 55 1234 5678"), or 10
// or 11 digits alone ("5735550100"). Dates (2026-01-26), IP addresses,
// version numbers (v0.310.0), longer numbers (12-digit project numbers,
// millisecond times) and numbers inside words stay as they are. Numbers
// next to each other ("2026-01-26 573-555-0100") are told apart at spaces.
func RedactText(s string) string {
	s = emailPattern.ReplaceAllStringFunc(s, Redact)
	var b strings.Builder
	last := 0
	for _, l := range numberRun.FindAllStringIndex(s, -1) {
		// The run's pieces between spaces, by their offsets in s.
		var pieces [][2]int
		start := l[0]
		for i := l[0]; i <= l[1]; i++ {
			if i == l[1] || s[i] == ' ' {
				if i > start {
					pieces = append(pieces, [2]int{start, i})
				}
				start = i + 1
			}
		}
		// From each piece, the longest phone-like stretch of pieces.
		for i := 0; i < len(pieces); {
			found := -1
			for j := len(pieces) - 1; j >= i; j-- {
				if phoneLike(s, pieces[i][0], pieces[j][1]) {
					found = j
					break
				}
			}
			if found < 0 {
				i++
				continue
			}
			from, to := pieces[i][0], pieces[found][1]
			b.WriteString(s[last:from])
			b.WriteString(Redact(digitsOf(s[from:to])))
			last = to
			i = found + 1
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

func phoneLike(s string, start, end int) bool {
	if start > 0 {
		if r := rune(s[start-1]); r == '_' || r == '.' || r == '/' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(s) {
		if r := rune(s[end]); r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	cand := s[start:end]
	digits := len(digitsOf(cand))
	separated := strings.ContainsAny(cand, " ().-")
	switch {
	case datePrefix.MatchString(strings.TrimLeft(cand, "+(")) || dottedQuad.MatchString(cand):
		return false
	case strings.HasPrefix(cand, "+"):
		return digits >= 8 && digits <= 15
	case separated:
		return digits >= 7 && digits <= 15
	default:
		return digits == 10 || digits == 11
	}
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MaxValue is the most characters a logger from New keeps of one text
// value (a string or an error's message). Text that came from a request or
// a spreadsheet can be as long as a sender likes: a 1 MB header must not
// become a 1 MB log line. Callers quote such text shorter still with Shorten.
const MaxValue = 2000

// capValue shortens a string or error value to MaxValue characters.
func capValue(a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); len(s) > MaxValue {
			a.Value = slog.StringValue(Shorten(s, MaxValue))
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok && err != nil {
			if s := err.Error(); len(s) > MaxValue {
				a.Value = slog.StringValue(Shorten(s, MaxValue))
			}
		}
	}
	return a
}

// Shorten returns s when it has at most n characters, else its first n
// characters followed by "…", so that a log line quotes text from a request
// or a spreadsheet without carrying all of it. It never cuts a character
// in two; invalid UTF-8 counts one character a byte.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s // n bytes are at most n characters
	}
	count := 0
	for i := 0; i < len(s); {
		if count == n {
			return s[:i] + "…"
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return s
}

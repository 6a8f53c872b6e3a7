// Package logging provides the service's structured logger: log/slog JSON
// with the field names Cloud Logging understands (severity, message, time),
// and helpers that keep emails and phone numbers out of logs in clear.
package logging

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"
)

// New returns a JSON logger writing to w at level and above. Cloud Logging
// reads "severity" and "message"; slog's "level" and "msg" are renamed.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: replace,
	}))
}

func replace(groups []string, a slog.Attr) slog.Attr {
	a = capValue(a)
	if len(groups) > 0 {
		return a
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

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

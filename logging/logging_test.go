package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNewWritesCloudLoggingFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		log  func(*slog.Logger)
		want string
	}{
		{"info", func(l *slog.Logger) { l.Info("sync done", "writes", 0) }, "INFO"},
		{"warn", func(l *slog.Logger) { l.Warn("retrying") }, "WARNING"},
		{"error", func(l *slog.Logger) { l.Error("failed") }, "ERROR"},
		{"debug", func(l *slog.Logger) { l.Debug("detail") }, "DEBUG"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.log(New(&buf, slog.LevelDebug))
			var got map[string]any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("log line %q is not JSON: %v", buf.String(), err)
			}
			if got["severity"] != tc.want {
				t.Errorf("severity = %v, want %s (line %s)", got["severity"], tc.want, buf.String())
			}
			if _, ok := got["message"]; !ok {
				t.Errorf("no message field in %s", buf.String())
			}
			if _, ok := got["level"]; ok {
				t.Errorf("level field left in %s", buf.String())
			}
		})
	}
}

func TestNewHonoursLevel(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	New(&buf, slog.LevelInfo).Debug("hidden")
	if buf.Len() != 0 {
		t.Errorf("debug line written at info level: %s", buf.String())
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	a := Redact("Ana.Example@example.org")
	if a == "" || strings.Contains(a, "example") || strings.Contains(a, "@") {
		t.Fatalf("Redact = %q, still readable", a)
	}
	if b := Redact("  ana.example@EXAMPLE.org "); b != a {
		t.Errorf("Redact of the same address = %q, want %q", b, a)
	}
	if c := Redact("+1 555 0100"); c == a {
		t.Errorf("Redact gave two values the same stand-in %q", c)
	}
	if got := Redact(" "); got != "" {
		t.Errorf("Redact(blank) = %q, want empty", got)
	}
}

func TestShorten(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short stays whole", "abc", 5, "abc"},
		{"exactly n stays whole", "abcde", 5, "abcde"},
		{"long is cut with an ellipsis", "abcdef", 5, "abcde…"},
		{"accents count as one character", "áéíóúñ", 3, "áéí…"},
		{"multi-byte but short stays whole", "ñññ", 3, "ñññ"},
		{"invalid bytes count one each", "\xff\xfe\xfd\xfc", 2, "\xff\xfe…"},
		{"empty", "", 3, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Shorten(tc.in, tc.n); got != tc.want {
				t.Errorf("Shorten(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
		})
	}
}

func TestNewCapsLongValues(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 3*MaxValue)
	tests := []struct {
		name string
		log  func(*slog.Logger)
		key  string
	}{
		{"string", func(l *slog.Logger) { l.Warn("refused", "channel", long) }, "channel"},
		{"error", func(l *slog.Logger) { l.Error("failed", "error", errors.New(long)) }, "error"},
		{"string in a group", func(l *slog.Logger) { l.Info("x", slog.Group("g", "v", long)) }, "g"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			tc.log(New(&buf, slog.LevelDebug))
			var got map[string]any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("log line is not JSON: %v", err)
			}
			v := got[tc.key]
			if g, ok := v.(map[string]any); ok {
				v = g["v"]
			}
			s, _ := v.(string)
			if n := utf8.RuneCountInString(s); n != MaxValue+1 || !strings.HasSuffix(s, "…") {
				t.Errorf("%s value has %d characters ending %q, want %d ending with …", tc.key, n, s[max(0, len(s)-6):], MaxValue+1)
			}
		})
	}
}

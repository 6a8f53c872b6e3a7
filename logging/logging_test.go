package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
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

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

// Every email address and phone number reaches the log only as a stand-in,
// in the message, in text attributes, in errors and inside groups, whoever
// wrote it: Google's error texts name addresses the service never chose to
// log. Numbers that are not phone numbers stay readable. Before, only the
// one member's address an adapter knew about was redacted, and any other
// address in an error reached the log in clear.
func TestLogsRedactEmailsAndPhoneNumbers(t *testing.T) {
	t.Parallel()
	googleErr := errors.New(`googleapi: Error 400: Invalid sharing request: no Google account for ana.example@example.org or for Río.Abierto+board@mail.example.net, (573) 555-0100`)
	tests := []struct {
		name   string
		log    func(*slog.Logger)
		hidden []string // must not appear
		kept   []string // must appear
	}{
		{"error attribute as text", func(l *slog.Logger) {
			l.Warn("share failed", "error", googleErr.Error())
		}, []string{"ana.example@example.org", "Río.Abierto", "board@mail.example.net", "555-0100"}, []string{"Invalid sharing request", "redacted:"}},
		{"error attribute as an error", func(l *slog.Logger) {
			l.Error("share failed", "error", googleErr)
		}, []string{"ana.example@example.org", "board@mail.example.net", "555-0100"}, []string{"googleapi: Error 400"}},
		{"in the message", func(l *slog.Logger) {
			l.Error("coalitionsync cannot run: ALLOWED_SENDERS entry 1 (lena@example.org) is not allowed")
		}, []string{"lena@example.org"}, []string{"ALLOWED_SENDERS entry 1"}},
		{"inside a group", func(l *slog.Logger) {
			l.Info("member", slog.Group("contact", "phone", "+52 55 1234 5678", "row", 4))
		}, []string{"1234 5678", "+52"}, []string{`"row":4`}},
		{"phone numbers as people type them", func(l *slog.Logger) {
			l.Info("rows", "a", "573-555-0100", "b", "573.555.0100", "c", "5735550100", "d", "call 555 0100 today", "e", "15735550100")
		}, []string{"555-0100", "555.0100", "5735550100", "555 0100", "15735550100"}, nil},
		{"a date next to a phone number", func(l *slog.Logger) {
			l.Info("row", "note", "2026-01-26 573-555-0100")
		}, []string{"573-555-0100"}, []string{"2026-01-26 redacted:"}},
		{"numbers that are not phone numbers", func(l *slog.Logger) {
			l.Info("sync: applied", "note", "meeting 2026-01-26 at 18:30, version 1234, project 000000000042, host 10.128.0.15:8080, v0.310.0, Members!A4, 1/26/2026, expires 1767312000000, 3 of 4")
		}, nil, []string{"2026-01-26", "18:30", "version 1234", "000000000042", "10.128.0.15:8080", "v0.310.0", "Members!A4", "1/26/2026", "1767312000000", "3 of 4"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			tc.log(New(&buf, slog.LevelDebug))
			out := buf.String()
			var line map[string]any
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatalf("log line %q is not JSON: %v", out, err)
			}
			for _, h := range tc.hidden {
				if strings.Contains(out, h) {
					t.Errorf("log line holds %q in clear: %s", h, out)
				}
			}
			for _, k := range tc.kept {
				if !strings.Contains(out, k) {
					t.Errorf("log line = %s, want it to keep %q", out, k)
				}
			}
		})
	}
}

func TestRedactTextIsStable(t *testing.T) {
	t.Parallel()
	a := RedactText("phone (573) 555-0100")
	b := RedactText("phone 573-555-0100")
	if a != b || !strings.HasPrefix(a, "phone redacted:") {
		t.Errorf("RedactText of one number written two ways = %q and %q, want the same stand-in", a, b)
	}
	if got, want := RedactText("from Ana@Example.org"), "from "+Redact("ana@example.org"); got != want {
		t.Errorf("RedactText = %q, want %q", got, want)
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

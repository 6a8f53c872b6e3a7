package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
)

// jsonContentHash is contentHash as it was written first, with
// encoding/json: the hashes stored by earlier versions are of this form.
func jsonContentHash(tabs map[string][][]string) string {
	keys := make([]string, 0, len(tabs))
	for k := range tabs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		b, _ := json.Marshal(tabs[k])
		fmt.Fprintf(h, "%s\x00%s\x00", k, b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// contentHash hashes exactly what encoding/json made of the tabs, so that
// a sheet as the last run left it is still recognized after an upgrade.
func TestContentHashMatchesJSONEncoding(t *testing.T) {
	t.Parallel()
	long := make([]string, 3000)
	for i := range long {
		long[i] = fmt.Sprintf("Invented Group %04d", i)
	}
	tests := []struct {
		name string
		tabs map[string][][]string
	}{
		{"empty", map[string][][]string{}},
		{"nil tab and nil row", map[string][][]string{"Members": nil, "Votes": {nil, {}, {"a"}}}},
		{"plain cells", map[string][][]string{"Members": {{"Name", "Email"}, {"Casa Ejemplo", "ana@example.org"}}}},
		{"characters JSON escapes", map[string][][]string{"Members": {{`quote " and \ backslash`, "<b>&</b>", "line\nbreak\ttab\r", "\x00\x1f\x7f"}}}},
		{"non-ASCII and invalid UTF-8", map[string][][]string{"Miembros": {{"Año Niño", "日本", "🙂", "bad \xff byte", "\u2028\u2029"}}}},
		{"large tab", map[string][][]string{"Members": {long, long, long, long, long, long, long, long}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got, want := contentHash(tc.tabs), jsonContentHash(tc.tabs); got != want {
				t.Errorf("contentHash = %s, want %s (encoding/json's)", got, want)
			}
		})
	}
}

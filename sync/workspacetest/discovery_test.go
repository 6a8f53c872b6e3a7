package workspacetest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleDir finds google.golang.org/api in the module cache.
func moduleDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "google.golang.org/api").Output()
	if err == nil && strings.TrimSpace(string(out)) != "" {
		return strings.TrimSpace(string(out))
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if gp := os.Getenv("GOPATH"); gp != "" {
			cache = filepath.Join(gp, "pkg", "mod")
		} else if home, herr := os.UserHomeDir(); herr == nil {
			cache = filepath.Join(home, "go", "pkg", "mod")
		}
	}
	dir := filepath.Join(cache, "google.golang.org", "api@v0.310.0")
	if _, serr := os.Stat(dir); serr != nil {
		t.Fatalf("cannot locate google.golang.org/api: go list failed (%v) and %s is missing (%v); run `go mod download google.golang.org/api`", err, dir, serr)
	}
	return dir
}

func TestEmbeddedDiscoveryMatchesModule(t *testing.T) {
	dir := moduleDir(t)
	for api, want := range map[string]string{
		"sheets": "sheets/v4/sheets-api.json", "drive": "drive/v3/drive-api.json", "calendar": "calendar/v3/calendar-api.json",
	} {
		t.Run(api, func(t *testing.T) {
			embedded, err := discoveryFS.ReadFile(discoveryFiles[api])
			if err != nil {
				t.Fatalf("read embedded: %v", err)
			}
			module, err := os.ReadFile(filepath.Join(dir, want))
			if err != nil {
				t.Fatalf("read module copy: %v", err)
			}
			if !bytes.Equal(embedded, module) {
				t.Errorf("embedded %s (%d bytes) differs from the module's %s (%d bytes): copy it again", discoveryFiles[api], len(embedded), want, len(module))
			}
		})
	}
}

// rawCall sends a hand-written JSON body, as a misspelled field can only be
// sent this way: the official client's structs cannot misspell.
func rawCall(t *testing.T, s *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, "https://sheets.googleapis.com"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response %q is not JSON: %v", raw, err)
	}
	return resp.StatusCode, out
}

func TestBodyValidation(t *testing.T) {
	t.Parallel()
	s, _ := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": nil})
	tests := []struct {
		name, method, path, body, want string
	}{
		{"misspelled request kind", "POST", "/v4/spreadsheets/" + id + ":batchUpdate",
			`{"requests":[{"addShet":{"properties":{"title":"x"}}}]}`,
			`Invalid JSON payload received. Unknown name "addShet" at 'requests[0]': Cannot find field.`},
		{"misspelled nested field", "POST", "/v4/spreadsheets/" + id + ":batchUpdate",
			`{"requests":[{"addSheet":{"properties":{"tilte":"x"}}}]}`,
			`Invalid JSON payload received. Unknown name "tilte" at 'requests[0].add_sheet.properties': Cannot find field.`},
		{"misspelled top-level field", "PUT", "/v4/spreadsheets/" + id + "/values/Members%21A1?valueInputOption=RAW",
			`{"valuez":[["x"]]}`, `Invalid JSON payload received. Unknown name "valuez": Cannot find field.`},
		{"wrong type", "POST", "/v4/spreadsheets/" + id + ":batchUpdate",
			`{"requests":[{"addSheet":{"properties":{"index":"first"}}}]}`,
			`Invalid value at 'requests[0].add_sheet.properties.index' (TYPE_INT32), "first"`},
		{"list for a single field", "POST", "/v4/spreadsheets/" + id + ":batchUpdate",
			`{"requests":[{"addSheet":{"properties":[]}}]}`,
			`Invalid JSON payload received. Unknown name "properties" at 'requests[0].add_sheet': Proto field is not repeating, cannot start list.`},
		{"bad enum", "POST", "/v4/spreadsheets/" + id + "/values:batchUpdate",
			`{"valueInputOption":"TYPED","data":[]}`, `Invalid value at 'value_input_option' (TYPE_ENUM), "TYPED"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := rawCall(t, s, tc.method, tc.path, tc.body)
			e, _ := body["error"].(map[string]any)
			if code != 400 || e["message"] != tc.want || e["status"] != "INVALID_ARGUMENT" {
				t.Errorf("got %d %v, want 400 INVALID_ARGUMENT %q", code, e, tc.want)
			}
		})
	}
	if got := s.Values(id, "Members"); len(got) != 0 {
		t.Errorf("rejected requests wrote %v", got)
	}
}

func TestQueryParameters(t *testing.T) {
	t.Parallel()
	s, _ := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"a"}}})
	get := func(query string) (int, string) {
		resp, err := s.HTTPClient().Get("https://sheets.googleapis.com/v4/spreadsheets/" + id + "?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	tests := []struct {
		name, query string
		code        int
		want        string
	}{
		{"pretty by default", "", 200, "{\n  \""},
		{"compact", "prettyPrint=false", 200, `{"properties":`},
		{"mask with parens", "prettyPrint=false&fields=sheets(properties(title))", 200, `{"sheets":[{"properties":{"title":"Members"}}]}`},
		{"mask with slash", "prettyPrint=false&fields=properties/title", 200, `{"properties":{"title":"Roster"}}`},
		{"wildcard", "prettyPrint=false&fields=sheets/properties/gridProperties/*", 200, `{"sheets":[{"properties":{"gridProperties":{"columnCount":26,"rowCount":1000}}}]}`},
		{"alt json", "alt=json&prettyPrint=false&fields=spreadsheetId", 200, `{"spreadsheetId":"` + id + `"}`},
		{"bad mask", "fields=sheets(properties", 400, "Invalid field selection"},
		{"unknown parameter", "foo=1", 400, `Unknown name \"foo\": Cannot bind query parameter.`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := get(tc.query)
			if code != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("GET ?%s = %d %s, want %d containing %s", tc.query, code, body, tc.code, tc.want)
			}
		})
	}
}

func TestFieldMaskGrammar(t *testing.T) {
	t.Parallel()
	doc := map[string]any{"a": 1.0, "b": map[string]any{"c": 2.0, "x": 3.0}, "d": []any{map[string]any{"e": 4.0, "f": 5.0, "g": 6.0}}}
	tests := []struct {
		mask string
		want string
	}{
		{"a", `{"a":1}`},
		{"a,b/c,d(e,f)", `{"a":1,"b":{"c":2},"d":[{"e":4,"f":5}]}`},
		{"b.c", `{"b":{"c":2}}`},
		{"*", `{"a":1,"b":{"c":2,"x":3},"d":[{"e":4,"f":5,"g":6}]}`},
		{"b/c,b", `{"b":{"c":2,"x":3}}`},
		{"d/g", `{"d":[{"g":6}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.mask, func(t *testing.T) {
			m, err := parseFieldMask(tc.mask)
			if err != nil {
				t.Fatalf("parse %q: %v", tc.mask, err)
			}
			got, _ := json.Marshal(m.apply(doc))
			if string(got) != tc.want {
				t.Errorf("mask %q = %s, want %s", tc.mask, got, tc.want)
			}
		})
	}
	for _, bad := range []string{"", "a(", "a,", "a/", "a)b"} {
		if _, err := parseFieldMask(bad); err == nil {
			t.Errorf("parse %q succeeded, want an error", bad)
		}
	}
}

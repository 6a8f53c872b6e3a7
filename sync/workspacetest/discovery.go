package workspacetest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// The discovery documents of google.golang.org/api v0.310.0, copied
// unchanged (Apache 2.0, published by Google): they define the request
// schemas and parameters the fake checks. TestEmbeddedDiscoveryMatchesModule
// keeps them equal to the module's.
//
//go:embed discovery/sheets-api.json discovery/drive-api.json discovery/calendar-api.json
var discoveryFS embed.FS

// discoveryFiles maps an API name to its embedded discovery document.
var discoveryFiles = map[string]string{
	"sheets":   "discovery/sheets-api.json",
	"drive":    "discovery/drive-api.json",
	"calendar": "discovery/calendar-api.json",
}

// protoPackages names each API's proto package, used in type URLs of
// Google's error messages.
var protoPackages = map[string]string{
	"sheets":   "google.apps.sheets.v4",
	"drive":    "google.apps.drive.v3",
	"calendar": "google.calendar.v3",
}

// discoveryDoc is the part of a discovery document the fake uses.
type discoveryDoc struct {
	Name       string                `json:"name"`
	Parameters map[string]*dparam    `json:"parameters"`
	Schemas    map[string]*dschema   `json:"schemas"`
	Resources  map[string]*dresource `json:"resources"`
	Methods    map[string]*dmethod   `json:"methods"`
	methods    map[string]*dmethod   // by method ID
}

type dresource struct {
	Methods   map[string]*dmethod   `json:"methods"`
	Resources map[string]*dresource `json:"resources"`
}

type dmethod struct {
	ID         string             `json:"id"`
	Parameters map[string]*dparam `json:"parameters"`
	Request    *dschema           `json:"request"`
	Response   *dschema           `json:"response"`
}

type dparam struct {
	Type     string   `json:"type"`
	Location string   `json:"location"`
	Required bool     `json:"required"`
	Repeated bool     `json:"repeated"`
	Enum     []string `json:"enum"`
}

type dschema struct {
	ID                   string              `json:"id"`
	Ref                  string              `json:"$ref"`
	Type                 string              `json:"type"`
	Format               string              `json:"format"`
	Enum                 []string            `json:"enum"`
	Properties           map[string]*dschema `json:"properties"`
	Items                *dschema            `json:"items"`
	AdditionalProperties *dschema            `json:"additionalProperties"`
}

var (
	discoveryOnce sync.Once
	discoveryDocs map[string]*discoveryDoc
	discoveryErr  error
)

// discovery returns the parsed discovery document of api ("sheets",
// "drive" or "calendar").
func discovery(api string) (*discoveryDoc, error) {
	discoveryOnce.Do(func() {
		discoveryDocs = map[string]*discoveryDoc{}
		for name, file := range discoveryFiles {
			raw, err := discoveryFS.ReadFile(file)
			if err != nil {
				discoveryErr = err
				return
			}
			d := &discoveryDoc{}
			if err := json.Unmarshal(raw, d); err != nil {
				discoveryErr = fmt.Errorf("parse %s: %w", file, err)
				return
			}
			d.methods = map[string]*dmethod{}
			d.index(d.Methods, d.Resources)
			discoveryDocs[name] = d
		}
	})
	if discoveryErr != nil {
		return nil, discoveryErr
	}
	d, ok := discoveryDocs[api]
	if !ok {
		return nil, fmt.Errorf("no discovery document for API %q", api)
	}
	return d, nil
}

func (d *discoveryDoc) index(ms map[string]*dmethod, rs map[string]*dresource) {
	for _, m := range ms {
		d.methods[m.ID] = m
	}
	for _, r := range rs {
		d.index(r.Methods, r.Resources)
	}
}

// methodByID finds a method's discovery entry from its ID, such as
// "sheets.spreadsheets.values.get".
func methodByID(id string) (*discoveryDoc, *dmethod) {
	api, _, _ := strings.Cut(id, ".")
	d, err := discovery(api)
	if err != nil {
		return nil, nil
	}
	return d, d.methods[id]
}

// validateBody checks a JSON request body against the named schema and
// returns Google's error message, or "" when it is acceptable.
func validateBody(api, schema string, raw []byte) string {
	d, err := discovery(api)
	if err != nil {
		return "Internal error: " + err.Error()
	}
	sc, ok := d.Schemas[schema]
	if !ok {
		return fmt.Sprintf("Internal error: no schema %q in the %s discovery document", schema, api)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "Invalid JSON payload received. " + jsonSyntaxMessage(err)
	}
	if dec.More() {
		return "Invalid JSON payload received. Unexpected token after the end of the value."
	}
	v2 := &validator{doc: d, pkg: protoPackages[api]}
	return v2.check(sc, v, "")
}

func jsonSyntaxMessage(err error) string {
	s := err.Error()
	if len(s) > 0 {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s + "."
}

type validator struct {
	doc *discoveryDoc
	pkg string
}

func (v *validator) resolve(s *dschema) *dschema {
	for s != nil && s.Ref != "" {
		s = v.doc.Schemas[s.Ref]
	}
	return s
}

// check validates val against s; path is the proto-style path of val, such
// as "requests[0].add_sheet".
func (v *validator) check(s *dschema, val any, path string) string {
	s = v.resolve(s)
	if s == nil || val == nil { // null is the default value at Google
		return ""
	}
	switch s.Type {
	case "any", "":
		return ""
	case "object":
		obj, ok := val.(map[string]any)
		if !ok {
			return v.invalid(s, val, path)
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s.Properties != nil {
				ps, ok := s.Properties[k]
				if !ok {
					ps, ok = s.Properties[camelCase(k)] // proto field names are accepted too
				}
				if !ok {
					if s.AdditionalProperties != nil {
						if msg := v.check(s.AdditionalProperties, obj[k], joinPath(path, "["+k+"]")); msg != "" {
							return msg
						}
						continue
					}
					return unknownName(k, path)
				}
				if msg := v.field(ps, obj[k], joinPath(path, snakeCase(k)), k, path); msg != "" {
					return msg
				}
				continue
			}
			if s.AdditionalProperties != nil {
				if msg := v.field(s.AdditionalProperties, obj[k], path+"["+strconv.Quote(k)+"]", k, path); msg != "" {
					return msg
				}
				continue
			}
			return unknownName(k, path)
		}
		return ""
	case "array":
		arr, ok := val.([]any)
		if !ok {
			return v.invalid(s, val, path)
		}
		for i, e := range arr {
			if msg := v.field(s.Items, e, fmt.Sprintf("%s[%d]", path, i), "", path); msg != "" {
				return msg
			}
		}
		return ""
	}
	return v.scalar(s, val, path)
}

// field checks a field's value, noticing a list given to a field that is
// not repeated as Google words it.
func (v *validator) field(s *dschema, val any, path, name, parent string) string {
	rs := v.resolve(s)
	if _, isList := val.([]any); isList && rs != nil && rs.Type != "array" && rs.Type != "any" && name != "" {
		return "Invalid JSON payload received. Unknown name " + strconv.Quote(name) + at(parent) +
			": Proto field is not repeating, cannot start list."
	}
	return v.check(s, val, path)
}

func (v *validator) scalar(s *dschema, val any, path string) string {
	switch s.Type {
	case "boolean":
		if _, ok := val.(bool); ok {
			return ""
		}
	case "integer":
		switch x := val.(type) {
		case json.Number:
			if _, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
				return ""
			}
			if f, err := x.Float64(); err == nil && f == float64(int64(f)) {
				return ""
			}
		case string: // proto3 JSON accepts integers as strings
			if _, err := strconv.ParseInt(x, 10, 64); err == nil {
				return ""
			}
		}
	case "number":
		switch x := val.(type) {
		case json.Number:
			return ""
		case string:
			if _, err := strconv.ParseFloat(x, 64); err == nil || x == "NaN" || x == "Infinity" || x == "-Infinity" {
				return ""
			}
		}
	case "string":
		switch x := val.(type) {
		case string:
			if len(s.Enum) > 0 && !contains(s.Enum, x) {
				return v.invalid(s, val, path)
			}
			return ""
		case json.Number:
			if s.Format == "int64" || s.Format == "uint64" {
				return ""
			}
		}
	default:
		return ""
	}
	return v.invalid(s, val, path)
}

// invalid words a value of the wrong type as Google does:
// Invalid value at 'path' (TYPE_INT32), "abc".
func (v *validator) invalid(s *dschema, val any, path string) string {
	typ := "TYPE_STRING"
	switch {
	case s.ID != "" && s.Type == "object":
		typ = "type.googleapis.com/" + v.pkg + "." + s.ID
	case s.Type == "object":
		typ = "type.googleapis.com/google.protobuf.Struct"
	case s.Type == "array":
		typ = "type.googleapis.com/google.protobuf.ListValue"
	case len(s.Enum) > 0:
		typ = "TYPE_ENUM"
	case s.Type == "boolean":
		typ = "TYPE_BOOL"
	case s.Type == "integer":
		typ = "TYPE_INT32"
	case s.Type == "number" && s.Format == "float":
		typ = "TYPE_FLOAT"
	case s.Type == "number":
		typ = "TYPE_DOUBLE"
	case s.Format == "int64":
		typ = "TYPE_INT64"
	}
	b, _ := json.Marshal(val)
	return fmt.Sprintf("Invalid value at '%s' (%s), %s", path, typ, b)
}

func unknownName(name, path string) string {
	return "Invalid JSON payload received. Unknown name " + strconv.Quote(name) + at(path) + ": Cannot find field."
}

func at(path string) string {
	if path == "" {
		return ""
	}
	return " at '" + path + "'"
}

func joinPath(path, name string) string {
	if path == "" || strings.HasPrefix(name, "[") {
		return path + name
	}
	return path + "." + name
}

// snakeCase turns a JSON field name into its proto name, as Google's paths
// show it: addSheet -> add_sheet.
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// camelCase turns a proto field name into its JSON name: add_sheet -> addSheet.
func camelCase(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	up := false
	for _, r := range s {
		if r == '_' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// validateQuery checks a call's query parameters against the method's
// discovery entry: enum values and required parameters for every API, and
// for Sheets (which rejects them) names the method does not define. It
// returns Google's error message, or "".
func validateQuery(methodID string, q url.Values) string {
	d, m := methodByID(methodID)
	if m == nil {
		return ""
	}
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p, ok := m.Parameters[k]
		if !ok {
			p, ok = d.Parameters[k]
		}
		if !ok || p.Location == "path" {
			if strings.HasPrefix(methodID, "sheets.") {
				return fmt.Sprintf("Invalid JSON payload received. Unknown name %q: Cannot bind query parameter. "+
					"Field '%s' could not be found in request message.", k, k)
			}
			continue
		}
		vals := q[k]
		if !p.Repeated && len(vals) > 1 {
			return fmt.Sprintf("Invalid JSON payload received. Unknown name %q: Cannot bind query parameter. "+
				"'%s' is a message type. Parameters can only be bound to primitive types.", k, snakeCase(k))
		}
		for _, val := range vals {
			bad := false
			switch {
			case len(p.Enum) > 0 && k != "alt":
				bad = !contains(p.Enum, val)
			case p.Type == "integer":
				_, err := strconv.ParseInt(val, 10, 64)
				bad = err != nil
			case p.Type == "boolean":
				_, err := strconv.ParseBool(val)
				bad = err != nil
			}
			if bad {
				typ := "TYPE_STRING"
				switch {
				case len(p.Enum) > 0:
					typ = "TYPE_ENUM"
				case p.Type == "integer":
					typ = "TYPE_INT32"
				case p.Type == "boolean":
					typ = "TYPE_BOOL"
				}
				return fmt.Sprintf("Invalid value at '%s' (%s), %q", snakeCase(k), typ, val)
			}
		}
	}
	for k, p := range m.Parameters {
		if p.Required && p.Location == "query" && q.Get(k) == "" {
			return fmt.Sprintf("Required parameter: %s", k)
		}
	}
	return ""
}

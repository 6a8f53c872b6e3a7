package workspacetest

import (
	"errors"
	"strings"
)

// fieldMask is a parsed `fields` partial-response selector: each selected
// name maps to the selection inside it, nil meaning the whole value. The
// name "*" selects every field at its level.
type fieldMask map[string]fieldMask

// parseFieldMask parses Google's partial-response grammar: comma-separated
// selections, "a/b" (or "a.b") for a field inside another, "a(b,c)" for
// several, and "*" for all.
func parseFieldMask(s string) (fieldMask, error) {
	p := &maskParser{s: strings.ReplaceAll(s, " ", "")}
	m, err := p.list()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, errors.New("unexpected " + string(p.s[p.i]))
	}
	return m, nil
}

type maskParser struct {
	s string
	i int
}

func (p *maskParser) list() (fieldMask, error) {
	m := fieldMask{}
	for {
		name, sub, err := p.item()
		if err != nil {
			return nil, err
		}
		m.merge(name, sub)
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		return m, nil
	}
}

func (p *maskParser) item() (string, fieldMask, error) {
	start := p.i
	for p.i < len(p.s) && strings.IndexByte(",/.()", p.s[p.i]) < 0 {
		p.i++
	}
	name := p.s[start:p.i]
	if name == "" {
		return "", nil, errors.New("empty field name")
	}
	if p.i == len(p.s) {
		return name, nil, nil
	}
	switch p.s[p.i] {
	case '/', '.':
		p.i++
		n, sub, err := p.item()
		if err != nil {
			return "", nil, err
		}
		m := fieldMask{}
		m.merge(n, sub)
		return name, m, nil
	case '(':
		p.i++
		m, err := p.list()
		if err != nil {
			return "", nil, err
		}
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return "", nil, errors.New("missing )")
		}
		p.i++
		return name, m, nil
	}
	return name, nil, nil
}

// merge adds a selection; selecting a whole value wins over parts of it.
func (m fieldMask) merge(name string, sub fieldMask) {
	old, ok := m[name]
	switch {
	case !ok:
		m[name] = sub
	case old == nil || sub == nil:
		m[name] = nil
	default:
		for k, v := range sub {
			old.merge(k, v)
		}
	}
}

// apply keeps only the selected parts of a decoded JSON value. Arrays are
// filtered element by element, as Google does.
func (m fieldMask) apply(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range v {
			sub, ok := m[k]
			if !ok {
				sub, ok = m["*"]
			}
			if !ok {
				continue
			}
			if sub == nil {
				out[k] = val
			} else {
				out[k] = sub.apply(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = m.apply(e)
		}
		return out
	}
	return v
}

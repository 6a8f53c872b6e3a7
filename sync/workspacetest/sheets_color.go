package workspacetest

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// Sheets keeps a colour's red, green and blue in 1/255 steps and answers
// them as single-precision numbers: a tab colour set to blue 0.5 reads back
// as 0.49803922, 127/255 (gspread pull request 1199 and issue 1213, from
// Google's answers; gspread's recorded test traffic shows the same). That
// one value fixes the step at 1/255 and rules out rounding half up (0.5
// would give 128/255); it cannot tell truncation from rounding half down,
// and no public recording with another value was found. quantizeChannel
// truncates, allowing a hair (1e-4 of a step) for numbers a client sends as
// k/255, so a colour read back and written again stays the same. Alpha is
// left alone: no recording shows how Sheets stores it.
func quantizeChannel(x float64) float64 {
	x = min(max(x, 0), 1)
	n := math.Floor(x*255 + 1e-4)
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(float32(n)/255), 'g', -1, 32), 64)
	return v
}

// quantizeColors rewrites a request body of the given schema of api's
// discovery document so that every Color in it (cell formats, tab colours,
// conditional formats, charts, ...) holds the values Sheets stores.
func quantizeColors(api, schema string, raw []byte) ([]byte, error) {
	d, err := discovery(api)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	w := &validator{doc: d}
	var walk func(s *dschema, val any)
	walk = func(s *dschema, val any) {
		s = w.resolve(s)
		if s == nil {
			return
		}
		switch val := val.(type) {
		case map[string]any:
			if s.ID == "Color" {
				for _, k := range []string{"red", "green", "blue"} {
					if n, ok := val[k].(json.Number); ok {
						if f, err := n.Float64(); err == nil {
							val[k] = quantizeChannel(f)
						}
					}
				}
				return
			}
			for k, x := range val {
				if p, ok := s.Properties[k]; ok {
					walk(p, x)
				} else if s.AdditionalProperties != nil {
					walk(s.AdditionalProperties, x)
				}
			}
		case []any:
			for _, x := range val {
				walk(s.Items, x)
			}
		}
	}
	walk(d.Schemas[schema], v)
	return json.Marshal(v)
}

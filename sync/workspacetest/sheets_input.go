package workspacetest

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	sheetsv4 "google.golang.org/api/sheets/v4"
)

// epoch is day 0 of Sheets' date serial numbers.
var epoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func serialOf(t time.Time) float64 {
	return t.Sub(epoch).Hours() / 24
}

func timeOfSerial(n float64) time.Time {
	secs := math.Round(n * 86400)
	return epoch.Add(time.Duration(secs) * time.Second)
}

var (
	usDate  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	isoDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	numeric = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	grouped = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$`)
)

// parseDate reads the date forms USER_ENTERED turns into dates in the en_US
// locale: 1/26/2026, 2026-01-26, each with an optional time.
func parseDate(s string) (serial float64, withTime bool, ok bool) {
	var y, mo, d, h, mi, sec int
	var m []string
	if m = usDate.FindStringSubmatch(s); m != nil {
		mo, d, y = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else if m = isoDate.FindStringSubmatch(s); m != nil {
		y, mo, d = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else {
		return 0, false, false
	}
	if m[4] != "" {
		h, mi, sec, withTime = atoi(m[4]), atoi(m[5]), atoi(m[6]), true
		if h > 23 || mi > 59 || sec > 59 {
			return 0, false, false
		}
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if mo < 1 || mo > 12 || t.Day() != d {
		return 0, false, false // such as 2/30/2026: Sheets keeps it as text
	}
	return serialOf(t), withTime, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// userEntered turns a value as a user types it into a cell, the way
// valueInputOption=USER_ENTERED does. format is the cell's current format;
// the returned format may add a date or percent number format.
func userEntered(v any, format *sheetsv4.CellFormat) cell {
	cl := cell{format: format}
	switch x := v.(type) {
	case bool:
		cl.kind, cl.b = cBool, x
		return cl
	case json.Number:
		f, _ := x.Float64()
		cl.kind, cl.num = cNumber, f
		return cl
	case float64:
		cl.kind, cl.num = cNumber, x
		return cl
	case string:
		return userEnteredString(x, format)
	}
	cl.kind, cl.str = cString, toJSONString(v)
	return cl
}

func userEnteredString(s string, format *sheetsv4.CellFormat) cell {
	cl := cell{format: format}
	t := strings.TrimSpace(s)
	switch {
	case s == "":
		return cl
	case strings.HasPrefix(s, "'"):
		cl.kind, cl.str = cString, s[1:]
	case strings.HasPrefix(s, "=") && len(s) > 1:
		cl.kind, cl.str = cFormula, s
	case strings.EqualFold(t, "TRUE") || strings.EqualFold(t, "FALSE"):
		cl.kind, cl.b = cBool, strings.EqualFold(t, "TRUE")
	case numeric.MatchString(t):
		cl.kind, cl.num = cNumber, mustFloat(t)
	case grouped.MatchString(t):
		cl.kind, cl.num = cNumber, mustFloat(strings.ReplaceAll(t, ",", ""))
		cl.format = withNumberFormat(format, "NUMBER", "#,##0")
	case strings.HasSuffix(t, "%") && numeric.MatchString(strings.TrimSuffix(t, "%")):
		cl.kind, cl.num = cNumber, mustFloat(strings.TrimSuffix(t, "%"))/100
		cl.format = withNumberFormat(format, "PERCENT", "0%")
	default:
		if serial, withTime, ok := parseDate(t); ok {
			cl.kind, cl.num = cNumber, serial
			switch {
			case withTime:
				cl.format = withNumberFormat(format, "DATE_TIME", "M/d/yyyy H:mm:ss")
			case isoDate.MatchString(t):
				// A typed ISO date keeps its look: Google read "2020-01-01",
				// entered USER_ENTERED, back as "2020-01-01" (FORMATTED_VALUE,
				// and UNFORMATTED_VALUE with FORMATTED_STRING) and as serial
				// 43831 (gspread's recorded test traffic,
				// WorksheetTest.test_get_all_values_date_time_render_options).
				// The pattern's name is not in that recording.
				cl.format = withNumberFormat(format, "DATE", "yyyy-mm-dd")
			default:
				cl.format = withNumberFormat(format, "DATE", "M/d/yyyy")
			}
			return cl
		}
		cl.kind, cl.str = cString, s
	}
	return cl
}

// raw stores a value as valueInputOption=RAW does: strings stay text.
func raw(v any, format *sheetsv4.CellFormat) cell {
	cl := cell{format: format}
	switch x := v.(type) {
	case string:
		if x != "" {
			cl.kind, cl.str = cString, x
		}
		return cl
	case bool, json.Number, float64:
		return userEntered(v, format)
	}
	cl.kind, cl.str = cString, toJSONString(v)
	return cl
}

func toJSONString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// withNumberFormat returns a copy of f with its number format set, unless a
// number format is already there (a user's explicit format wins).
func withNumberFormat(f *sheetsv4.CellFormat, typ, pattern string) *sheetsv4.CellFormat {
	if f != nil && f.NumberFormat != nil {
		return f
	}
	nf := &sheetsv4.CellFormat{}
	if f != nil {
		copyJSON(f, nf)
	}
	nf.NumberFormat = &sheetsv4.NumberFormat{Type: typ, Pattern: pattern}
	return nf
}

// formatSerial shows a date serial with a Sheets date pattern; the tokens
// understood are yyyy yy mmmm mmm mm m dddd ddd dd d hh h ss and am/pm
// ("m" after an hour is minutes), case-insensitive.
func formatSerial(n float64, pattern string) string {
	t := timeOfSerial(n)
	var b strings.Builder
	lower := strings.ToLower(pattern)
	afterHour := false
	twelve := strings.Contains(lower, "am/pm")
	for i := 0; i < len(lower); {
		run := func(c byte) int {
			j := i
			for j < len(lower) && lower[j] == c {
				j++
			}
			return j - i
		}
		switch c := lower[i]; c {
		case 'y':
			k := run('y')
			if k <= 2 {
				b.WriteString(t.Format("06"))
			} else {
				b.WriteString(t.Format("2006"))
			}
			i += k
		case 'm':
			k := run('m')
			switch {
			case afterHour && k <= 2:
				b.WriteString(pad(t.Minute(), k))
			case k == 1:
				b.WriteString(strconv.Itoa(int(t.Month())))
			case k == 2:
				b.WriteString(pad(int(t.Month()), 2))
			case k == 3:
				b.WriteString(t.Format("Jan"))
			default:
				b.WriteString(t.Format("January"))
			}
			afterHour = false
			i += k
		case 'd':
			k := run('d')
			switch k {
			case 1:
				b.WriteString(strconv.Itoa(t.Day()))
			case 2:
				b.WriteString(pad(t.Day(), 2))
			case 3:
				b.WriteString(t.Format("Mon"))
			default:
				b.WriteString(t.Format("Monday"))
			}
			i += k
		case 'h':
			k := run('h')
			h := t.Hour()
			if twelve {
				h = (h+11)%12 + 1
			}
			b.WriteString(pad(h, k))
			afterHour = true
			i += k
		case 's':
			k := run('s')
			b.WriteString(pad(t.Second(), k))
			i += k
		case 'a':
			if strings.HasPrefix(lower[i:], "am/pm") {
				if t.Hour() < 12 {
					b.WriteString("AM")
				} else {
					b.WriteString("PM")
				}
				i += 5
				continue
			}
			b.WriteByte(pattern[i])
			i++
		default:
			b.WriteByte(pattern[i])
			i++
		}
	}
	return b.String()
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

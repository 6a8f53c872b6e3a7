package workspacetest

import (
	"strconv"
	"strings"
)

// evaluate computes a formula (without its "=") on sheet sh. It knows
// numbers, text in quotes, TRUE/FALSE, cell and range references (also on
// other sheets), + - * / ^ & = <> < > <= >=, parentheses and the functions
// SUM COUNT COUNTA AVERAGE MIN MAX IF AND OR NOT CONCATENATE LEN UPPER
// LOWER TRIM. Anything else reports ok=false.
func (b *spreadsheet) evaluate(sh *sheet, formula string, st *evalState) (v cell, ok bool) {
	defer func() {
		switch e := recover().(type) {
		case nil:
		case formulaError: // an error in an operand is the formula's value
			v, ok = e.cell, true
		default:
			v, ok = cell{}, false
		}
	}()
	p := &formulaParser{b: b, sh: sh, s: formula, st: st}
	out := p.cmp()
	p.space()
	if p.i != len(p.s) {
		return cell{}, false
	}
	if len(out) != 1 {
		return cell{}, false
	}
	return out[0], true
}

// formulaParser evaluates while it parses; a value is a list of cells (one
// for a scalar, several for a range). It panics on what it cannot read.
type formulaParser struct {
	b  *spreadsheet
	sh *sheet
	s  string
	i  int
	st *evalState
}

type cantEvaluate struct{}

// formulaError carries an error value (#REF!, #DIV/0!) out of the
// expression that met it: as in Sheets, most operations on an error give
// that error.
type formulaError struct{ cell cell }

// divZero is Sheets' error for a division by zero.
var divZero = cell{kind: cError, str: "#DIV/0!"}

func (p *formulaParser) fail() { panic(cantEvaluate{}) }

func (p *formulaParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *formulaParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *formulaParser) cmp() []cell {
	l := p.concat()
	for {
		var op string
		for _, t := range []string{"<>", "<=", ">=", "=", "<", ">"} {
			if p.eat(t) {
				op = t
				break
			}
		}
		if op == "" {
			return l
		}
		l = operate(l, p.concat(), func(a, c cell) []cell {
			var res bool
			if a.kind == cNumber && c.kind == cNumber {
				res = map[string]bool{"=": a.num == c.num, "<>": a.num != c.num, "<": a.num < c.num,
					">": a.num > c.num, "<=": a.num <= c.num, ">=": a.num >= c.num}[op]
			} else {
				x, y := strings.ToLower(text(a)), strings.ToLower(text(c))
				res = map[string]bool{"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
			}
			return []cell{{kind: cBool, b: res}}
		})
	}
}

// operate applies op to the values of l and r once both are read: an error
// in either (the left one first) is the result, as in Sheets, and the
// parse goes on past it.
func operate(l, r []cell, op func(a, b cell) []cell) []cell {
	a, b := scalar(l), scalar(r)
	if a.kind == cError {
		return []cell{a}
	}
	if b.kind == cError {
		return []cell{b}
	}
	return op(a, b)
}

func arith(f func(x, y float64) float64) func(a, b cell) []cell {
	return func(a, b cell) []cell { return num(f(number(a), number(b))) }
}

func (p *formulaParser) concat() []cell {
	l := p.add()
	for p.eat("&") {
		l = operate(l, p.add(), func(a, b cell) []cell { return []cell{{kind: cString, str: text(a) + text(b)}} })
	}
	return l
}

func (p *formulaParser) add() []cell {
	l := p.mul()
	for {
		switch {
		case p.eat("+"):
			l = operate(l, p.mul(), arith(func(x, y float64) float64 { return x + y }))
		case p.eat("-"):
			l = operate(l, p.mul(), arith(func(x, y float64) float64 { return x - y }))
		default:
			return l
		}
	}
}

func (p *formulaParser) mul() []cell {
	l := p.unary()
	for {
		switch {
		case p.eat("*"):
			l = operate(l, p.unary(), arith(func(x, y float64) float64 { return x * y }))
		case p.eat("/"):
			l = operate(l, p.unary(), func(a, b cell) []cell {
				x, d := number(a), number(b)
				if d == 0 {
					return []cell{divZero}
				}
				return num(x / d)
			})
		case p.eat("^"):
			l = operate(l, p.unary(), arith(func(x, y float64) float64 {
				r := 1.0
				for k := 0; k < int(y); k++ {
					r *= x
				}
				return r
			}))
		default:
			return l
		}
	}
}

func (p *formulaParser) unary() []cell {
	if p.eat("-") {
		return operate(num(0), p.unary(), arith(func(_, y float64) float64 { return -y }))
	}
	if p.eat("+") {
		return p.unary()
	}
	return p.primary()
}

func (p *formulaParser) primary() []cell {
	p.space()
	if p.i >= len(p.s) {
		p.fail()
	}
	c := p.s[p.i]
	switch {
	case c == '(':
		p.i++
		v := p.cmp()
		if !p.eat(")") {
			p.fail()
		}
		return v
	case c == '"':
		j := strings.IndexByte(p.s[p.i+1:], '"')
		if j < 0 {
			p.fail()
		}
		v := p.s[p.i+1 : p.i+1+j]
		p.i += j + 2
		return []cell{{kind: cString, str: v}}
	case c >= '0' && c <= '9' || c == '.':
		j := p.i
		for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.') {
			j++
		}
		f, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil {
			p.fail()
		}
		p.i = j
		return num(f)
	}
	// A name: a function, TRUE/FALSE, or a reference (maybe with a sheet).
	start := p.i
	sheetName := ""
	if c == '\'' {
		j := p.i + 1
		for j < len(p.s) && !(p.s[j] == '\'' && (j+1 >= len(p.s) || p.s[j+1] != '\'')) {
			if p.s[j] == '\'' {
				j++
			}
			j++
		}
		if j+1 >= len(p.s) || p.s[j+1] != '!' {
			p.fail()
		}
		sheetName = strings.ReplaceAll(p.s[p.i+1:j], "''", "'")
		p.i = j + 2
		start = p.i
	}
	j := p.i
	for j < len(p.s) && (isLetter(p.s[j]) || p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '_' || p.s[j] == '$' || p.s[j] == '.') {
		j++
	}
	name := p.s[start:j]
	p.i = j
	if sheetName == "" && p.i < len(p.s) && p.s[p.i] == '!' {
		sheetName = name
		p.i++
		j = p.i
		for j < len(p.s) && (isLetter(p.s[j]) || p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '$') {
			j++
		}
		name = p.s[p.i:j]
		p.i = j
	}
	if sheetName == "" && p.eat("(") {
		return p.call(strings.ToUpper(name))
	}
	if sheetName == "" && (strings.EqualFold(name, "TRUE") || strings.EqualFold(name, "FALSE")) {
		return []cell{{kind: cBool, b: strings.EqualFold(name, "TRUE")}}
	}
	ref := name
	if p.i < len(p.s) && p.s[p.i] == ':' {
		p.i++
		j = p.i
		for j < len(p.s) && (isLetter(p.s[j]) || p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '$') {
			j++
		}
		ref += ":" + p.s[p.i:j]
		p.i = j
	}
	return p.ref(sheetName, ref)
}

func (p *formulaParser) ref(sheetName, ref string) []cell {
	sh := p.sh
	if sheetName != "" {
		sh = p.b.sheetByTitle(sheetName)
		if sh == nil {
			p.fail()
		}
	}
	r, err := parseCells(ref)
	if err != nil {
		p.fail()
	}
	endRow, endCol := r.EndRow, r.EndCol
	if endRow < 0 {
		endRow = min(len(sh.rows), sh.rowCount())
	}
	if endCol < 0 {
		endCol = sh.colCount()
	}
	var out []cell
	for row := r.StartRow; row < endRow; row++ {
		for col := r.StartCol; col < endCol; col++ {
			out = append(out, p.b.effective(sh, row, col, p.st))
		}
	}
	if len(out) == 0 {
		out = []cell{{}}
	}
	return out
}

func (p *formulaParser) call(name string) (out []cell) {
	if !knownFunctions[name] { // before reading its arguments, which may be large ranges
		p.fail()
	}
	var args [][]cell
	if !p.eat(")") {
		for {
			args = append(args, p.cmp())
			if p.eat(")") {
				break
			}
			if !p.eat(",") {
				p.fail()
			}
		}
	}
	// Its arguments are read: an error met while computing the function is
	// its value, and the parse goes on after its ")".
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(formulaError)
			if !ok {
				panic(r)
			}
			out = []cell{e.cell}
		}
	}()
	all := func() []cell {
		var out []cell
		for _, a := range args {
			out = append(out, a...)
		}
		return out
	}
	numbers := func() []float64 {
		var out []float64
		for _, c := range all() {
			if c.kind == cError {
				panic(formulaError{c})
			}
			if c.kind == cNumber {
				out = append(out, c.num)
			}
		}
		return out
	}
	switch name {
	case "SUM":
		t := 0.0
		for _, n := range numbers() {
			t += n
		}
		return num(t)
	case "COUNT": // errors are not numbers: not counted, not passed on (not confirmed)
		n := 0
		for _, c := range all() {
			if c.kind == cNumber {
				n++
			}
		}
		return num(float64(n))
	case "COUNTA":
		n := 0
		for _, c := range all() {
			if c.kind != cEmpty {
				n++
			}
		}
		return num(float64(n))
	case "AVERAGE", "MIN", "MAX":
		ns := numbers()
		if len(ns) == 0 {
			if name == "AVERAGE" {
				return []cell{divZero}
			}
			return num(0)
		}
		r := ns[0]
		t := 0.0
		for _, n := range ns {
			t += n
			if name == "MIN" {
				r = min(r, n)
			} else {
				r = max(r, n)
			}
		}
		if name == "AVERAGE" {
			r = t / float64(len(ns))
		}
		return num(r)
	case "IF":
		if len(args) < 2 || len(args) > 3 {
			p.fail()
		}
		if truthy(scalar(args[0])) {
			return args[1]
		}
		if len(args) == 3 {
			return args[2]
		}
		return []cell{{kind: cBool, b: false}}
	case "AND", "OR":
		res := name == "AND"
		for _, c := range all() {
			if name == "AND" {
				res = res && truthy(c)
			} else {
				res = res || truthy(c)
			}
		}
		return []cell{{kind: cBool, b: res}}
	case "NOT":
		return []cell{{kind: cBool, b: !truthy(scalar(all()))}}
	case "CONCATENATE":
		var sb strings.Builder
		for _, c := range all() {
			sb.WriteString(text(c))
		}
		return []cell{{kind: cString, str: sb.String()}}
	case "LEN":
		return num(float64(len([]rune(text(scalar(all()))))))
	case "UPPER":
		return []cell{{kind: cString, str: strings.ToUpper(text(scalar(all())))}}
	case "LOWER":
		return []cell{{kind: cString, str: strings.ToLower(text(scalar(all())))}}
	case "TRIM":
		return []cell{{kind: cString, str: strings.Join(strings.Fields(text(scalar(all()))), " ")}}
	}
	p.fail()
	return nil
}

// knownFunctions are the functions call computes.
var knownFunctions = map[string]bool{"SUM": true, "COUNT": true, "COUNTA": true, "AVERAGE": true, "MIN": true,
	"MAX": true, "IF": true, "AND": true, "OR": true, "NOT": true, "CONCATENATE": true, "LEN": true,
	"UPPER": true, "LOWER": true, "TRIM": true}

func num(f float64) []cell { return []cell{{kind: cNumber, num: f}} }

func scalar(v []cell) cell {
	if len(v) != 1 {
		panic(cantEvaluate{})
	}
	return v[0]
}

func number(c cell) float64 {
	switch c.kind {
	case cError:
		panic(formulaError{c})
	case cNumber:
		return c.num
	case cBool:
		if c.b {
			return 1
		}
		return 0
	case cEmpty:
		return 0
	case cString:
		if f, err := strconv.ParseFloat(strings.TrimSpace(c.str), 64); err == nil {
			return f
		}
	}
	panic(cantEvaluate{}) // #VALUE! at Google
}

func text(c cell) string {
	switch c.kind {
	case cError:
		panic(formulaError{c})
	case cString:
		return c.str
	case cNumber:
		return formatNumber(c.num, nil)
	case cBool:
		return strings.ToUpper(strconv.FormatBool(c.b))
	}
	return ""
}

func truthy(c cell) bool {
	switch c.kind {
	case cError:
		panic(formulaError{c})
	case cBool:
		return c.b
	case cNumber:
		return c.num != 0
	case cString:
		return strings.EqualFold(c.str, "TRUE")
	}
	return false
}

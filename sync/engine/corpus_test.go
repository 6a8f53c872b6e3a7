package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// badInput is one case of testdata/badinput: what a person does to the
// spreadsheet after a clean first sync, and what the service must do then.
//
// The file format, one instruction a line (blank lines ignored):
//
//	# a description in plain words (one or more lines)
//	edit Members!B2 ["cell B2", "cell C2"]    one row typed from that cell, as JSON strings
//	long Members!B2 50000 "text "              the text repeated to that many characters, typed there
//	delete-tab Sync issues                     the tab deleted
//	delete-rows Members 1 1                    rows 1 to 1 (1-based, inclusive) deleted
//	insert-rows Members 3 2                    2 blank rows inserted before row 3
//	issue some phrase                          the Sync issues tab then holds this phrase
//	no-issue some phrase                       the Sync issues tab then does not hold it
//	cell Members!K3 = 3                        a cell the service owns then shows this value
//	outcome applied|blocked|unchanged          the outcome of the first run after the edits
type badInput struct {
	name        string
	description string
	edits       []edit
	issues      []string
	noIssues    []string
	cells       []cellWant
	outcome     string
}

type edit struct {
	op     string // edit, delete-tab, delete-rows, insert-rows
	tab    string
	a1     string
	row    int // 1-based first row, for delete-rows and insert-rows
	n      int // how many rows
	values []string
}

type cellWant struct{ a1, want string }

func loadBadInputs(t *testing.T) []badInput {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "badinput", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []badInput
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseBadInput(strings.TrimSuffix(filepath.Base(f), ".txt"), string(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, c)
	}
	return out
}

func parseBadInput(name, text string) (badInput, error) {
	c := badInput{name: name}
	var desc []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if d, ok := strings.CutPrefix(line, "#"); ok {
			desc = append(desc, strings.TrimSpace(d))
			continue
		}
		op, rest, _ := strings.Cut(line, " ")
		bad := func(err error) (badInput, error) { return c, fmt.Errorf("line %d %q: %w", i+1, line, err) }
		switch op {
		case "edit":
			a1, js, ok := strings.Cut(rest, " [")
			js = "[" + js
			if !ok {
				return bad(errors.New("want a range and a JSON row"))
			}
			var vals []string
			if err := json.Unmarshal([]byte(js), &vals); err != nil {
				return bad(err)
			}
			c.edits = append(c.edits, edit{op: op, a1: a1, values: vals})
		case "long":
			f := strings.SplitN(rest, " ", 3)
			if len(f) != 3 {
				return bad(errors.New("want a range, a length and a JSON string"))
			}
			n, err := strconv.Atoi(f[1])
			if err != nil {
				return bad(err)
			}
			var unit string
			if err := json.Unmarshal([]byte(f[2]), &unit); err != nil || unit == "" {
				return bad(fmt.Errorf("text to repeat: %v", err))
			}
			r := []rune(strings.Repeat(unit, n/len([]rune(unit))+1))[:n]
			c.edits = append(c.edits, edit{op: "edit", a1: f[0], values: []string{string(r)}})
		case "delete-tab":
			c.edits = append(c.edits, edit{op: op, tab: rest})
		case "delete-rows", "insert-rows":
			f := strings.Fields(rest)
			if len(f) < 3 {
				return bad(errors.New("want a tab, a row and a count"))
			}
			row, err1 := strconv.Atoi(f[len(f)-2])
			n, err2 := strconv.Atoi(f[len(f)-1])
			if err := errors.Join(err1, err2); err != nil || row < 1 || n < 1 {
				return bad(fmt.Errorf("row %d, count %d: %v", row, n, err))
			}
			c.edits = append(c.edits, edit{op: op, tab: strings.Join(f[:len(f)-2], " "), row: row, n: n})
		case "issue":
			c.issues = append(c.issues, rest)
		case "no-issue":
			c.noIssues = append(c.noIssues, rest)
		case "cell":
			a1, want, ok := strings.Cut(rest, " = ")
			if !ok {
				return bad(errors.New(`want "RANGE = value"`))
			}
			c.cells = append(c.cells, cellWant{a1: a1, want: want})
		case "outcome":
			if !slices.Contains([]string{engine.OutcomeApplied, engine.OutcomeBlocked, engine.OutcomeUnchanged}, rest) {
				return bad(fmt.Errorf("outcome %q, want applied, blocked or unchanged", rest))
			}
			c.outcome = rest
		default:
			return bad(errors.New("unknown instruction"))
		}
	}
	c.description = strings.Join(desc, " ")
	switch {
	case c.description == "":
		return c, errors.New("no description")
	case len(c.edits) == 0:
		return c, errors.New("no edit")
	case len(c.issues)+len(c.cells) == 0 && c.outcome == "":
		return c, errors.New("no expectation")
	}
	return c, nil
}

// grid is every tab of a spreadsheet as typed (formulas as their text).
type grid map[string][][]string

func (e *env) tabNames(t *testing.T, ss *sheetsapi.Service) map[string]int64 {
	t.Helper()
	got, err := ss.Spreadsheets.Get(e.id).Fields("sheets.properties").Do()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, s := range got.Sheets {
		out[s.Properties.Title] = s.Properties.SheetId
	}
	return out
}

func (e *env) snapshot(t *testing.T, ss *sheetsapi.Service) grid {
	t.Helper()
	g := grid{}
	for name := range e.tabNames(t, ss) {
		g[name] = e.ws.Formulas(e.id, "'"+name+"'")
	}
	return g
}

// peoplesCell reports whether cell (r, c) of a tab is people's to write:
// not in a tab the service writes whole, and not under a header the
// service owns. The header is read from the grid people left.
func peoplesCell(tab string, g [][]string, c int) bool {
	s, known := sheets.SchemaFor(tab)
	if !known {
		return true
	}
	if s.Owned {
		return false
	}
	return !s.IsOwned(at(g, 0, c))
}

// apply makes the case's edits in the sheet: cells typed as a person
// types them (the fake's helper, USER_ENTERED), tabs and rows deleted or
// inserted through the Sheets API as a person's browser does.
func (c badInput) apply(t *testing.T, e *env, ss *sheetsapi.Service) {
	t.Helper()
	for _, ed := range c.edits {
		var rq *sheetsapi.Request
		switch ed.op {
		case "edit":
			if err := e.ws.SetCells(e.id, ed.a1, [][]string{ed.values}); err != nil {
				t.Fatal(err)
			}
			continue
		case "delete-tab":
			id, ok := e.tabNames(t, ss)[ed.tab]
			if !ok {
				t.Fatalf("no tab %q to delete", ed.tab)
			}
			rq = &sheetsapi.Request{DeleteSheet: &sheetsapi.DeleteSheetRequest{SheetId: id}}
		case "delete-rows", "insert-rows":
			id, ok := e.tabNames(t, ss)[ed.tab]
			if !ok {
				t.Fatalf("no tab %q", ed.tab)
			}
			dr := &sheetsapi.DimensionRange{SheetId: id, Dimension: "ROWS", StartIndex: int64(ed.row - 1), EndIndex: int64(ed.row - 1 + ed.n)}
			rq = &sheetsapi.Request{DeleteDimension: &sheetsapi.DeleteDimensionRequest{Range: dr}}
			if ed.op == "insert-rows" {
				rq = &sheetsapi.Request{InsertDimension: &sheetsapi.InsertDimensionRequest{Range: dr}}
			}
		}
		req := &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: []*sheetsapi.Request{rq}}
		if _, err := ss.Spreadsheets.BatchUpdate(e.id, req).Do(); err != nil {
			t.Fatalf("%s %s: %v", ed.op, ed.tab, err)
		}
	}
}

// membersRows counts the Members rows holding anything people typed.
func membersRows(g [][]string) int {
	n := 0
	for r := 1; r < len(g); r++ {
		for c, v := range g[r] {
			if v != "" && peoplesCell(sheets.TabMembers, g, c) {
				n++
				break
			}
		}
	}
	return n
}

// TestBadInputCorpus types each case of testdata/badinput into a sheet
// after a clean first sync, then syncs twice. Every case must end in a
// Sync issues row or a restored owned cell as the case says, with no
// cell people own changed, no Members row lost, and nothing written by
// the second run.
func TestBadInputCorpus(t *testing.T) {
	t.Parallel()
	cases := loadBadInputs(t)
	if len(cases) < 40 {
		t.Fatalf("testdata/badinput has %d cases, want at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := newEnv(t, invented())
			ss, err := sheetsapi.NewService(ctx, e.ws.ClientOptions()...)
			if err != nil {
				t.Fatal(err)
			}
			e.run(t, engine.RunOptions{})
			e.run(t, engine.RunOptions{}) // the run after our own write-back
			tc.apply(t, e, ss)
			want := e.snapshot(t, ss) // the sheet exactly as the person left it

			runOnce := func() *engine.Result {
				t.Helper()
				e.clock.add(time.Minute)
				res, err := e.engine.Run(ctx, engine.RunOptions{})
				if err != nil && !errors.Is(err, engine.ErrBlocked) {
					t.Fatalf("Run after %s: %v; want nil or ErrBlocked", tc.description, err)
				}
				if res == nil {
					t.Fatalf("Run after %s returned no result", tc.description)
				}
				return res
			}
			first := runOnce()
			e.ws.ResetCalls()
			second := runOnce()
			issues := strings.Join(flat(e.ws.Values(e.id, "'"+sheets.TabSyncIssues+"'")), "\n")
			if testing.Verbose() {
				t.Logf("%s: outcome %q then %q; Sync issues:\n%s", tc.description, first.Outcome, second.Outcome, issues)
			}

			if tc.outcome != "" && first.Outcome != tc.outcome {
				t.Errorf("outcome after the edits = %q, want %q (Sync issues: %q)", first.Outcome, tc.outcome, issues)
			}
			for _, p := range tc.issues {
				if !strings.Contains(issues, p) {
					t.Errorf("Sync issues tab =\n%s\nwant a row saying %q", issues, p)
				}
			}
			for _, p := range tc.noIssues {
				if strings.Contains(issues, p) {
					t.Errorf("Sync issues tab =\n%s\nwant nothing saying %q", issues, p)
				}
			}
			for _, cw := range tc.cells {
				var got string
				if v := e.ws.Values(e.id, cw.a1); len(v) > 0 && len(v[0]) > 0 {
					got = v[0][0]
				}
				if got != cw.want {
					t.Errorf("%s = %q, want %q", cw.a1, got, cw.want)
				}
			}
			// Every cell people own is as they left it, in every tab they kept.
			now := e.snapshot(t, ss)
			for tab, rows := range want {
				after, ok := now[tab]
				if !ok {
					if _, known := sheets.SchemaFor(tab); !known || !sheetsOwned(tab) {
						t.Errorf("tab %s is gone after the sync", tab)
					}
					continue
				}
				width := 0
				for _, g := range [][][]string{rows, after} {
					for _, r := range g {
						width = max(width, len(r))
					}
				}
				for r := 0; r < max(len(rows), len(after)); r++ {
					for c := 0; c < width; c++ {
						if !peoplesCell(tab, rows, c) {
							continue
						}
						got, w := at(after, r, c), at(rows, r, c)
						if w == "" && tab == sheets.TabAttendance {
							// The service fills Attendance blanks: a new member's
							// name, a new meeting's header (see DESIGN.md).
							continue
						}
						if got != w {
							t.Errorf("%s!%s%d = %.60q after the sync, want %.60q as the person left it", tab, sheets.ColumnLetter(c), r+1, got, w)
						}
					}
				}
			}
			if got, w := membersRows(now[sheets.TabMembers]), membersRows(want[sheets.TabMembers]); got != w {
				t.Errorf("Members has %d rows of people's cells after the sync, want %d", got, w)
			}
			// The second run changes nothing.
			if w := writes(e.ws.Calls()); second.CellsWritten != 0 || len(w) != 0 {
				t.Errorf("second run: outcome %q, %d cells written, write calls %v; want none", second.Outcome, second.CellsWritten, w)
			}
		})
	}
}

func sheetsOwned(tab string) bool {
	s, ok := sheets.SchemaFor(tab)
	return ok && s.Owned
}

package workspacetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	sheets "google.golang.org/api/sheets/v4"
)

// Formulas whose ranges hold each other show #REF! with Sheets' message
// "Circular dependency detected. ..." (errornotes.dev and
// spreadsheetclass.com, quoting Sheets), and an error in a range passes to
// the formulas that sum it.
func TestCircularFormulas(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Loops", map[string][][]string{"Sheet1": {
		{"1", "2", "=A1+B1"},
		{"3", "4", "=SUM(A3:B3)"},
		{"=SUM(B:B)", "=SUM(A:A)", "=1/0"},
		{"", "", "=SUM(C3)+1"},
		{"", "", "=COUNT(A3:C3)"},
	}})
	ctx := context.Background()
	tests := []struct {
		name, rng, render string
		want              [][]any
	}{
		{"formatted", "Sheet1!A1:C5", "FORMATTED_VALUE", [][]any{
			{"1", "2", "3"}, {"3", "4", "#REF!"}, {"#REF!", "#REF!", "#DIV/0!"}, {"", "", "#DIV/0!"}, {"", "", "0"}}},
		{"unformatted", "Sheet1!A3:C3", "UNFORMATTED_VALUE", [][]any{{"#REF!", "#REF!", "#DIV/0!"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := srv.Spreadsheets.Values.Get(id, tc.rng).ValueRenderOption(tc.render).Context(ctx).Do()
			if err != nil {
				t.Fatalf("values.get: %v", err)
			}
			if !reflect.DeepEqual(got.Values, tc.want) {
				t.Errorf("values = %v, want %v", got.Values, tc.want)
			}
		})
	}
	t.Run("grid data", func(t *testing.T) {
		got, err := srv.Spreadsheets.Get(id).Ranges("Sheet1!A3").IncludeGridData(true).Context(ctx).Do()
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		ev := got.Sheets[0].Data[0].RowData[0].Values[0].EffectiveValue
		want := &sheets.ErrorValue{Type: "REF", Message: "Circular dependency detected. To resolve with iterative calculation, see File > Settings."}
		if ev == nil || !reflect.DeepEqual(ev.ErrorValue, want) {
			t.Errorf("effectiveValue = %+v, want errorValue %+v", ev, want)
		}
	})
}

// Formulas over whole columns that hold other such formulas are computed
// once each: an unknown function over its own column, three times, once
// took exponential time under the server's lock, and every later call hung.
func TestFormulasOverColumnsDoNotHang(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Columns", map[string][][]string{"Sheet1": {
		{"1", "=FOO(A:A)", "=SUM(C2:C9)"},
		{"=FOO(A:A)", "=FOO(B:B)", "=SUM(C:C)"},
		{"=FOO(A:A)", "=FOO(B:B)", "=SUM(A:A)"},
		{"=FOO(A:A)", "=FOO(B:B)", "=SUM(B:B)"},
		{"=SUM(A:A)", "=SUM(A1:A4)", "=COUNTA(A:B)"},
	}})
	for i := range 2 { // the second call shows the lock was released
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		got, err := srv.Spreadsheets.Values.Get(id, "Sheet1!A1:C5").Context(ctx).Do()
		cancel()
		if err != nil {
			t.Fatalf("values.get #%d: %v", i+1, err)
		}
		if len(got.Values) != 5 || got.Values[0][1] != "=FOO(A:A)" || got.Values[4][1] != "1" {
			t.Errorf("values.get #%d = %v, want 5 rows, B1 =FOO(A:A), B5 1", i+1, got.Values)
		}
	}
}

// An error passes through what uses it (an error in an operand is the
// result: vbaconsultants.com shows #DIV/0! cascading through SUM and
// AVERAGE), and IF gives only the branch it takes ("value_if_true - The
// value the function returns if logical_expression is TRUE",
// support.google.com/docs/answer/3093364). How COUNT and COUNTA treat
// errors is not confirmed, so not asserted here.
func TestFormulaErrorsPassThrough(t *testing.T) {
	t.Parallel()
	s := NewServer()
	t.Cleanup(s.Close)
	tests := []struct{ formula, want string }{
		{"=1/0", "#DIV/0!"},
		{"=1/0+1", "#DIV/0!"},
		{"=-(1/0)", "#DIV/0!"},
		{"=IF(TRUE, 1, 1/0)", "1"},
		{"=IF(FALSE, 1, 1/0)", "#DIV/0!"},
		{"=IF(1/0, 1, 2)", "#DIV/0!"},
		{"=IF(TRUE, 1, 1/0) + 1", "2"},
		{"=IF(TRUE, 1, 1/0 + 1)", "1"},
		{"=IF(TRUE, 1, SUM(1/0)) + 1", "2"},
		{"=SUM(1, 1/0) & \"x\"", "#DIV/0!"},
		{"=CONCATENATE(\"a\", 1/0)", "#DIV/0!"},
		{"=AVERAGE(A5)", "#DIV/0!"},
		{"=1/0 = 1", "#DIV/0!"},
	}
	rows := make([][]string, len(tests))
	for i, tc := range tests {
		rows[i] = []string{tc.formula}
	}
	id := s.CreateSpreadsheet("Errors", map[string][][]string{"Sheet1": nil})
	if err := s.SetCells(id, "Sheet1!B1", rows); err != nil {
		t.Fatal(err)
	}
	got := s.Values(id, "Sheet1!B1:B"+itoa(len(tests)))
	for i, tc := range tests {
		t.Run(tc.formula, func(t *testing.T) {
			if i >= len(got) || len(got[i]) == 0 || got[i][0] != tc.want {
				t.Errorf("%s shows %v, want %s", tc.formula, got[min(i, len(got)-1)], tc.want)
			}
		})
	}
}

package sheets

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want [][]string
	}{
		{"bom dropped", "\uFEFFName,Voting\nCasa,Yes\n", [][]string{{"Name", "Voting"}, {"Casa", "Yes"}}},
		{"spaces kept", " Name ,  Voting\n", [][]string{{" Name ", "  Voting"}}},
		{"trailing empties dropped", "a,b,,\n,,,\nc\n", [][]string{{"a", "b"}, {}, {"c"}}},
		{"blank line kept as a row", "Name\nA\n\nB\n", [][]string{{"Name"}, {"A"}, nil, {"B"}}},
		{"quoted newline", "Name,Notes\n\"Casa\",\"two\nlines\"\n\nB\n", [][]string{{"Name", "Notes"}, {"Casa", "two\nlines"}, nil, {"B"}}},
		{"crlf", "Name\r\nA\r\n", [][]string{{"Name"}, {"A"}}},
		{"bom only inside is kept", "a,\uFEFFb\n", [][]string{{"a", "\uFEFFb"}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReadCSV(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ReadCSV: %v", err)
			}
			if !slices.EqualFunc(got, tt.want, func(a, b []string) bool { return slices.Equal(a, b) }) {
				t.Errorf("ReadCSV(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if _, err := ReadCSV(io.MultiReader(strings.NewReader("a,b\n"), iotest.ErrReader(errors.New("disk gone")))); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("ReadCSV of a failing reader: err = %v, want the reader's error", err)
	}
	got, err := ReadCSV(strings.NewReader("Name\nCasa \"Ejemplo\"\n"))
	if err != nil || len(got) != 2 || got[1][0] != `Casa "Ejemplo"` {
		t.Errorf("ReadCSV with a bare quote = %q, %v, want the cell kept", got, err)
	}
}

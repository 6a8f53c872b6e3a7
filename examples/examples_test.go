package examples

import "testing"

func TestTabs(t *testing.T) {
	t.Parallel()
	tabs, err := Tabs()
	if err != nil {
		t.Fatal(err)
	}
	for tab, rows := range map[string]int{"Members": 17, "Attendance": 16, "Votes": 8} {
		if got := len(tabs[tab]); got != rows {
			t.Errorf("%s has %d rows, want %d (header included)", tab, got, rows)
		}
	}
	if got := tabs["Members"][0][1]; got != "Name" {
		t.Errorf("Members header B = %q, want Name", got)
	}
}

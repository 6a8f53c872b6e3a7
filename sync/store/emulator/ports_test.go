package emulator

import "testing"

func TestParseRange(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		first, last int
		ok          bool
	}{
		{"Linux default", "32768\t60999\n", 32768, 60999, true},
		{"spaces", " 1024 65000 ", 1024, 65000, true},
		{"one number", "32768\n", 0, 0, false},
		{"reversed", "60999 32768", 0, 0, false},
		{"not numbers", "a b", 0, 0, false},
		{"past the last port", "1024 70000", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			first, last, ok := parseRange(tc.in)
			if first != tc.first || last != tc.last || ok != tc.ok {
				t.Errorf("parseRange(%q) = %d, %d, %v, want %d, %d, %v", tc.in, first, last, ok, tc.first, tc.last, tc.ok)
			}
		})
	}
}

// TestPickPortStaysOutOfTheEphemeralRange: the system never hands out the
// chosen port by itself, so it cannot go to another test's server meanwhile.
func TestPickPortStaysOutOfTheEphemeralRange(t *testing.T) {
	first, last := ephemeralRange()
	seen := map[int]bool{}
	for range 2000 {
		p, err := pickPort()
		if err != nil {
			t.Fatal(err)
		}
		if p < lowestPort || p > 65535 || (p >= first && p <= last) {
			t.Fatalf("pickPort() = %d, want a port from %d to 65535 outside the ephemeral range %d-%d", p, lowestPort, first, last)
		}
		seen[p] = true
	}
	if len(seen) < 1000 {
		t.Errorf("pickPort() gave %d distinct ports in 2000 draws, want them spread out (at least 1000)", len(seen))
	}
}

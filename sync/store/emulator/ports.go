package emulator

import (
	"errors"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// The system hands out ports by itself from its ephemeral range (to programs
// that listen on port 0 and to every outgoing connection): on Linux
// /proc/sys/net/ipv4/ip_local_port_range, 32768-60999 by default; on macOS
// and Windows 49152-65535 (IANA's dynamic range). A port outside that range
// is never given to anyone who did not ask for it by number, so the emulator
// does not race the tests' own servers and connections for it.
const (
	lowestPort            = 10000 // below are many ports that known services use
	defaultEphemeralFirst = 32768
	defaultEphemeralLast  = 65535
)

// pickPort returns a random loopback port outside the system's ephemeral
// range. It may still be taken by a program that chose it by number; the
// emulator then exits and Start picks another.
func pickPort() (int, error) {
	first, last := ephemeralRange()
	var ranges [][2]int // inclusive
	if first-1 >= lowestPort {
		ranges = append(ranges, [2]int{lowestPort, first - 1})
	}
	if last+1 <= 65535 {
		ranges = append(ranges, [2]int{max(last+1, lowestPort), 65535})
	}
	total := 0
	for _, r := range ranges {
		total += r[1] - r[0] + 1
	}
	if total < 1000 {
		return 0, errors.New("the system's ephemeral port range (" + strconv.Itoa(first) + "-" + strconv.Itoa(last) +
			") leaves too few ports above 10000 for the emulator: set " + HostEnv + " to an emulator you started")
	}
	n := rand.IntN(total)
	for _, r := range ranges {
		if size := r[1] - r[0] + 1; n >= size {
			n -= size
			continue
		}
		return r[0] + n, nil
	}
	panic("unreachable")
}

// ephemeralRange returns the first and last port of the system's ephemeral
// range: Linux's setting when it can be read, else a default that covers
// Linux's, macOS's and Windows' defaults.
func ephemeralRange() (first, last int) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if f, l, ok := parseRange(string(b)); ok {
			return f, l
		}
	}
	return defaultEphemeralFirst, defaultEphemeralLast
}

// parseRange reads "32768\t60999\n".
func parseRange(s string) (first, last int, ok bool) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return 0, 0, false
	}
	f, err1 := strconv.Atoi(fields[0])
	l, err2 := strconv.Atoi(fields[1])
	if err1 != nil || err2 != nil || f < 1 || l > 65535 || f > l {
		return 0, 0, false
	}
	return f, l, true
}

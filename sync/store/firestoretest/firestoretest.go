// Package firestoretest provides the real Firestore emulator to tests: Main
// starts it once per test binary (or uses FIRESTORE_EMULATOR_HOST when set),
// NewClient gives each test a client on a project ID of its own, so tests are
// isolated without resets and may run in parallel.
//
//	func TestMain(m *testing.M) { firestoretest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		t.Parallel()
//		client, projectID := firestoretest.NewClient(t)
//		...
//	}
//
// If the emulator cannot be started, Main fails the whole binary with a
// message naming the Debian package google-cloud-cli-firestore-emulator and
// Java 17+: tests are never skipped.
//
// A plain `go test ./...` starts one emulator per test binary that needs one.
// .ci/run instead starts one for the whole run (go run
// ./sync/store/emulator/serve) and exports FIRESTORE_EMULATOR_HOST, which
// saves a Java start per binary; the project IDs keep the binaries apart.
package firestoretest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/sync/store/emulator"
)

var (
	mu      sync.Mutex
	running *emulator.Emulator
	seq     atomic.Int64
)

// Main starts the emulator, points FIRESTORE_EMULATOR_HOST at it, runs the
// tests, stops the emulator and exits. Call it from TestMain.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	e, err := emulator.Start(ctx)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: these tests need the real Firestore emulator.\n%v\n"+
			"Install the Debian package google-cloud-cli-firestore-emulator and Java 17 or newer, "+
			"or set %s to a running emulator.\n", err, emulator.HostEnv)
		return 1
	}
	mu.Lock()
	running = e
	mu.Unlock()
	defer func() {
		if err := e.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	// The client library reads this variable; so do other helpers in the binary.
	if err := os.Setenv(emulator.HostEnv, e.Host()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// Emulator returns the emulator Main started. It fails the test if Main was
// not called from TestMain.
func Emulator(t testing.TB) *emulator.Emulator {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if running == nil {
		t.Fatal("firestoretest: the emulator is not running: call firestoretest.Main(m) from TestMain")
	}
	return running
}

// Host returns the emulator's host:port.
func Host(t testing.TB) string { return Emulator(t).Host() }

// ProjectID returns a project ID no other test uses, even in other test
// binaries sharing one emulator through FIRESTORE_EMULATOR_HOST.
func ProjectID(t testing.TB) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t.Name()) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return fmt.Sprintf("test-%s-%d-%d", strings.Trim(b.String(), "-"), os.Getpid(), seq.Add(1))
}

// NewClient returns a Firestore client on the emulator for a project ID of
// the test's own, and closes it when the test ends.
func NewClient(t testing.TB) (*firestore.Client, string) {
	t.Helper()
	Emulator(t)
	projectID := ProjectID(t)
	client, err := firestore.NewClient(context.Background(), projectID)
	if err != nil {
		t.Fatalf("firestore.NewClient(%q) on the emulator: %v", projectID, err)
	}
	t.Cleanup(func() { client.Close() })
	return client, projectID
}

// Reset deletes every document of projectID on the emulator.
func Reset(t testing.TB, projectID string) {
	t.Helper()
	if err := Emulator(t).Reset(context.Background(), projectID); err != nil {
		t.Fatal(err)
	}
}

// SetRules loads security rules into the emulator for projectID.
func SetRules(t testing.TB, projectID, rules string) {
	t.Helper()
	if err := Emulator(t).SetRules(context.Background(), projectID, rules); err != nil {
		t.Fatal(err)
	}
}

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
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/firestore"
	"cloud.google.com/go/firestore/apiv1/firestorepb"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

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

// Recorder records the commits and the read requests a client made by
// NewRecordingClient sends. Its methods are safe for concurrent use.
type Recorder struct {
	mu      sync.Mutex
	commits []Commit
	reads   []Read
}

// Read is one read request as sent: a query listing one collection
// (RunQuery), or a get of named documents (BatchGetDocuments). Paths are
// relative to the database's documents, as "coalitions/c1/members".
type Read struct {
	Collection string   // the collection a query lists; empty for a get
	Documents  []string // the documents a get names; nil for a query
}

// Reads returns the read requests sent so far, in the order they were sent.
func (r *Recorder) Reads() []Read {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Read(nil), r.reads...)
}

// Commit is one Commit request as sent: its size on the wire, its writes,
// and the status code it got.
type Commit struct {
	Bytes  int
	Writes []*firestorepb.Write
	Code   codes.Code
}

// Commits returns the commit requests sent so far, in order.
func (r *Recorder) Commits() []Commit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Commit(nil), r.commits...)
}

// Reset forgets the commits and reads recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.commits, r.reads = nil, nil
}

// recordingStream records the read requests sent on a streaming call
// (queries and batch gets are server-streaming RPCs, which a unary
// interceptor does not see).
type recordingStream struct {
	grpc.ClientStream
	rec *Recorder
}

func (s *recordingStream) SendMsg(m any) error {
	var read *Read
	switch req := m.(type) {
	case *firestorepb.RunQueryRequest:
		for _, from := range req.GetStructuredQuery().GetFrom() {
			read = &Read{Collection: relative(req.GetParent() + "/" + from.GetCollectionId())}
		}
	case *firestorepb.BatchGetDocumentsRequest:
		read = &Read{Documents: make([]string, 0, len(req.GetDocuments()))}
		for _, d := range req.GetDocuments() {
			read.Documents = append(read.Documents, relative(d))
		}
	}
	if read != nil {
		s.rec.mu.Lock()
		s.rec.reads = append(s.rec.reads, *read)
		s.rec.mu.Unlock()
	}
	return s.ClientStream.SendMsg(m)
}

// relative cuts "projects/p/databases/d/documents/" off a resource name.
func relative(name string) string {
	const docs = "/documents/"
	if i := strings.Index(name, docs); i >= 0 {
		return name[i+len(docs):]
	}
	return name
}

// NewRecordingClient is NewClient with a Recorder of the commit and read
// requests the client sends. Its client also stops the library from retrying a
// commit the emulator refused as too large: the emulator answers a message
// over 4 MiB with RESOURCE_EXHAUSTED ("gRPC message exceeds maximum size
// 4194304: N"), a code the generated client retries by itself until its
// deadline (apiv1's default Commit retry codes are ResourceExhausted and
// Unavailable), so the store would only ever see "context deadline
// exceeded". This client turns that one answer into INVALID_ARGUMENT with the
// same message, which the library returns at once, as it does Firestore's
// own answer to an oversized request ("Request payload size exceeds the
// limit: 10485760 bytes.", reported for Firestore in
// Johannes-Berggren/firestore-to-bigquery-export#3; Google's front ends give
// that message as INVALID_ARGUMENT, e.g. for Cloud Spanner in
// GoogleCloudPlatform/cloud-spanner-r2dbc#110; Firestore's code is not
// documented).
//
// The library dials the emulator itself whenever FIRESTORE_EMULATOR_HOST is
// set; that connection goes unused here (this client brings its own).
func NewRecordingClient(t testing.TB) (*firestore.Client, string, *Recorder) {
	t.Helper()
	host := Host(t)
	rec := &Recorder{}
	intercept := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if cr, ok := req.(*firestorepb.CommitRequest); ok {
			rec.mu.Lock()
			rec.commits = append(rec.commits, Commit{Bytes: proto.Size(cr), Writes: cr.Writes, Code: status.Code(err)})
			rec.mu.Unlock()
			if st, ok := status.FromError(err); ok && st.Code() == codes.ResourceExhausted &&
				strings.Contains(st.Message(), "exceeds maximum size") {
				return status.Error(codes.InvalidArgument, st.Message())
			}
		}
		return err
	}
	interceptStream := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, opts...)
		if err != nil {
			return nil, err
		}
		return &recordingStream{ClientStream: cs, rec: rec}, nil
	}
	conn, err := grpc.NewClient(host,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(emulatorOwner{}),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32)),
		grpc.WithUnaryInterceptor(intercept), grpc.WithStreamInterceptor(interceptStream))
	if err != nil {
		t.Fatalf("connect to the emulator at %s: %v", host, err)
	}
	projectID := ProjectID(t)
	client, err := firestore.NewClient(context.Background(), projectID, option.WithGRPCConn(conn))
	if err != nil {
		conn.Close()
		t.Fatalf("firestore.NewClient(%q) on the emulator: %v", projectID, err)
	}
	t.Cleanup(func() { client.Close() })
	return client, projectID, rec
}

// emulatorOwner gives every call the credentials the emulator takes as the
// project's owner (as the client library does for FIRESTORE_EMULATOR_HOST).
type emulatorOwner struct{}

func (emulatorOwner) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer owner"}, nil
}

func (emulatorOwner) RequireTransportSecurity() bool { return false }

// Package emulator provides a running Firestore emulator: it starts the real
// emulator from the Debian package google-cloud-cli-firestore-emulator on a
// loopback port, waits until it answers, and stops it (with its whole process
// group) when asked. Tests use it through sync/store/firestoretest; the CLI demo
// can use it directly.
//
// When FIRESTORE_EMULATOR_HOST is set, Start starts nothing and uses that
// emulator instead; Stop then leaves it running.
//
// The port is not found by listening on port 0 and closing: the emulator is
// another process and cannot take over a listener, and a port given back to
// the system may be handed to anyone before the emulator binds it. Start
// instead picks a random port outside the range the system hands out by itself
// (see ports.go), and makes sure the emulator that answers is the one it
// started: the process must print that it serves on that very port. If the
// port is taken, the emulator exits and Start tries another.
//
// Every request to the emulator is given a time limit that grows when it is
// retried, so a machine busy with other tests slows the helpers down instead
// of failing them.
package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HostEnv is the variable the Firestore client library reads to reach an emulator.
const HostEnv = "FIRESTORE_EMULATOR_HOST"

// JarEnv names the emulator jar to run instead of the installed one.
const JarEnv = "FIRESTORE_EMULATOR_JAR"

// DefaultJar is where the Debian package google-cloud-cli-firestore-emulator
// installs the emulator.
const DefaultJar = "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"

// ErrNotInstalled is wrapped by Start when neither Java with the emulator jar
// nor gcloud is available.
var ErrNotInstalled = errors.New("the Firestore emulator is not installed: install the Debian package " +
	"google-cloud-cli-firestore-emulator and Java 17 or newer (apt-get install google-cloud-cli-firestore-emulator openjdk-17-jre-headless)")

// startTimeout bounds how long Start waits for the emulator to answer; a cold
// JVM on a busy two-core machine can take several seconds.
const startTimeout = 90 * time.Second

// startAttempts is how many ports Start tries when the emulator exits before
// answering (most often because another program holds the port).
const startAttempts = 5

// Time limits of one request to the emulator. The first try of an
// administrative request (reset, rules) gets firstRequestTimeout, each retry
// twice the one before, up to maxRequestTimeout, for requestAttempts tries in
// all: 10 s + 20 s + 40 s + 60 s, about two and a half minutes before giving
// up on an emulator that does not answer. Readiness probes start shorter (a
// JVM that is starting refuses connections at once; one that is busy answers
// late) and grow the same way. Variables, so that the package's own tests can
// make them short.
var (
	firstRequestTimeout = 10 * time.Second
	maxRequestTimeout   = 60 * time.Second
	requestAttempts     = 4
	firstProbeTimeout   = 2 * time.Second
	retryPause          = 200 * time.Millisecond
)

// readyLine is what the emulator prints once it serves on host, after
// binding the port: checked with the jar of google-cloud-cli-firestore-emulator
// and with `gcloud emulators firestore start` (gcloud 528, which prefixes
// "[firestore] "); when the port is taken it prints a BindException and exits
// instead. The line proves that the emulator answering on host is the one
// Start started, not another program that holds the same port.
func readyLine(host string) string { return "API endpoint: http://" + host }

// Emulator is a running Firestore emulator. Its methods are safe for
// concurrent use.
type Emulator struct {
	host     string
	external bool
	cmd      *exec.Cmd
	done     chan struct{} // closed when the process has exited
	waitErr  error
	logs     *tailBuffer
	http     *http.Client
	stopOnce sync.Once
	stopErr  error
}

// Start starts an emulator and returns once it answers. If
// FIRESTORE_EMULATOR_HOST is set it uses that emulator instead. It prefers
// running the jar directly with java (faster) and falls back to
// `gcloud emulators firestore start`. The error wraps ErrNotInstalled when
// neither is available.
func Start(ctx context.Context) (*Emulator, error) {
	hc := &http.Client{} // each request has its own time limit (see do and probe)
	if host := os.Getenv(HostEnv); host != "" {
		e := &Emulator{host: host, external: true, http: hc, done: make(chan struct{})}
		close(e.done)
		if err := e.waitReady(ctx, nil); err != nil {
			return nil, fmt.Errorf("firestore emulator at %s=%s: %w", HostEnv, host, err)
		}
		return e, nil
	}
	var lastErr error
	for range startAttempts {
		port, err := choosePort()
		if err != nil {
			return nil, fmt.Errorf("choose a port for the firestore emulator: %w", err)
		}
		e, err := startOn(ctx, port, hc)
		if err == nil {
			return e, nil
		}
		// Only an emulator that exited early (the port was taken) is worth
		// another port; not being installed or not answering in time is not.
		if !errors.Is(err, errExited) || ctx.Err() != nil {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

// choosePort is pickPort, replaced by a test that needs a taken port.
var choosePort = pickPort

// errExited is wrapped by startOn when the emulator process exits before
// answering.
var errExited = errors.New("the emulator process exited before answering")

func startOn(ctx context.Context, port int, hc *http.Client) (*Emulator, error) {
	host := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	name, args, err := command(host, port)
	if err != nil {
		return nil, err
	}
	e := &Emulator{host: host, http: hc, logs: &tailBuffer{max: 64 << 10}, done: make(chan struct{})}
	// Not exec.CommandContext: the emulator must outlive the start context.
	e.cmd = exec.Command(name, args...)
	e.cmd.Stdout = e.logs
	e.cmd.Stderr = e.logs
	e.cmd.SysProcAttr = procAttr()
	if err := e.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start firestore emulator (%s): %w", name, err)
	}
	go func() {
		e.waitErr = e.cmd.Wait()
		close(e.done)
	}()
	if err := e.waitReady(ctx, e.done); err != nil {
		e.kill()
		<-e.done
		return nil, fmt.Errorf("start firestore emulator on %s: %w\n%s", host, err, e.logs.String())
	}
	return e, nil
}

// command returns how to run the emulator on port: java with the jar when
// both are there, else gcloud.
func command(host string, port int) (string, []string, error) {
	java, javaErr := exec.LookPath("java")
	jar := findJar()
	if javaErr == nil && jar != "" {
		return java, []string{"-cp", jar, "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
			"--host", "127.0.0.1", "--port", strconv.Itoa(port)}, nil
	}
	gcloud, err := exec.LookPath("gcloud")
	if err == nil && javaErr == nil {
		return gcloud, []string{"emulators", "firestore", "start", "--host-port=" + host, "--quiet"}, nil
	}
	var missing []string
	if javaErr != nil {
		missing = append(missing, "java (Java 17 or newer) is not on PATH")
	}
	if jar == "" && err != nil {
		missing = append(missing, "neither the emulator jar ("+DefaultJar+") nor gcloud was found")
	}
	return "", nil, fmt.Errorf("%w: %s", ErrNotInstalled, strings.Join(missing, "; "))
}

// findJar returns the emulator jar: $FIRESTORE_EMULATOR_JAR, the Debian
// package's path, or the one under gcloud's SDK root.
func findJar() string {
	candidates := []string{os.Getenv(JarEnv), DefaultJar}
	if gcloud, err := exec.LookPath("gcloud"); err == nil {
		if real, err := filepath.EvalSymlinks(gcloud); err == nil {
			root := filepath.Dir(filepath.Dir(real)) // <sdk>/bin/gcloud
			candidates = append(candidates, filepath.Join(root, "platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar"))
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c
		}
	}
	return ""
}

// waitReady polls GET / until the emulator answers "Ok", the process exits,
// or startTimeout passes. For an emulator Start started (exited is not nil),
// it also waits for the emulator to print readyLine: until then, whatever
// answers on the port is not ours. A probe that times out is tried again
// with twice the time, so a busy machine delays readiness without failing it.
func (e *Emulator) waitReady(ctx context.Context, exited <-chan struct{}) error {
	deadline := time.Now().Add(startTimeout)
	timeout := firstProbeTimeout
	var lastErr error
	ours := exited == nil
	for {
		if !ours {
			ours = strings.Contains(e.logs.String(), readyLine(e.host))
		}
		if ours {
			err := e.probe(ctx, timeout)
			if err == nil {
				return nil
			}
			lastErr = err
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
				timeout = min(2*timeout, maxRequestTimeout)
			}
		}
		if exited != nil {
			select {
			case <-exited:
				return fmt.Errorf("%w: %v", errExited, e.waitErr)
			default:
			}
		}
		if time.Now().After(deadline) {
			if lastErr == nil {
				lastErr = errors.New("it never said it was serving on that port")
			}
			return fmt.Errorf("the emulator did not answer within %s: %w", startTimeout, lastErr)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// probe asks GET / once, within timeout, and wants "Ok".
func (e *Emulator) probe(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.baseURL()+"/", nil)
	if err != nil {
		return err
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(string(body)), "Ok") {
		return fmt.Errorf("GET / = %s %q, want 200 \"Ok\"", resp.Status, body)
	}
	return nil
}

// Exited returns a channel closed once the emulator process Start started
// has exited. For an external emulator it is closed from the start: there is
// no process of ours.
func (e *Emulator) Exited() <-chan struct{} { return e.done }

// Host returns the emulator's host:port, the value for FIRESTORE_EMULATOR_HOST.
func (e *Emulator) Host() string { return e.host }

// External reports whether the emulator was found through
// FIRESTORE_EMULATOR_HOST rather than started by Start.
func (e *Emulator) External() bool { return e.external }

func (e *Emulator) baseURL() string { return "http://" + e.host }

// Stop shuts down an emulator that Start started: POST /shutdown, then kill
// its process group if it has not exited after a few seconds. It does nothing
// to an external emulator. Calling Stop more than once is safe.
func (e *Emulator) Stop() error {
	if e.external {
		return nil
	}
	e.stopOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.baseURL()+"/shutdown", nil); err == nil {
			if resp, err := e.http.Do(req); err == nil {
				resp.Body.Close()
			}
		}
		select {
		case <-e.done:
		case <-time.After(5 * time.Second):
		}
		// The JVM (or gcloud's Java child) may linger: kill the whole group.
		e.kill()
		select {
		case <-e.done:
		case <-time.After(5 * time.Second):
			e.stopErr = fmt.Errorf("stop firestore emulator on %s: the process did not exit", e.host)
		}
	})
	return e.stopErr
}

// Reset deletes every document of projectID (and only of that project).
func (e *Emulator) Reset(ctx context.Context, projectID string) error {
	u := e.baseURL() + "/emulator/v1/projects/" + url.PathEscape(projectID) + "/databases/(default)/documents"
	if err := e.do(ctx, http.MethodDelete, u, nil); err != nil {
		return fmt.Errorf("reset firestore emulator project %s: %w", projectID, err)
	}
	return nil
}

// SetRules loads security rules source into the emulator for projectID.
// Clients authenticated as the owner (the server client library) bypass them;
// every other request is checked.
func (e *Emulator) SetRules(ctx context.Context, projectID, rules string) error {
	body, err := jsonRules(rules)
	if err != nil {
		return err
	}
	u := e.baseURL() + "/emulator/v1/projects/" + url.PathEscape(projectID) + ":securityRules"
	if err := e.do(ctx, http.MethodPut, u, body); err != nil {
		return fmt.Errorf("load security rules into firestore emulator project %s: %w", projectID, err)
	}
	return nil
}

// do sends an administrative request. Both kinds (reset, rules) give the
// same result when repeated, so a try that times out, cannot connect or gets
// a 5xx answer is retried, with twice the time limit each time (see
// firstRequestTimeout). An answer that says the request is wrong is not.
func (e *Emulator) do(ctx context.Context, method, u string, body []byte) error {
	timeout := firstRequestTimeout
	var errs []error
	for try := 1; ; try++ {
		err := e.once(ctx, timeout, method, u, body)
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("try %d (time limit %s): %w", try, timeout, err))
		var permanent *permanentError
		if errors.As(err, &permanent) || ctx.Err() != nil || try == requestAttempts {
			return errors.Join(errs...)
		}
		timeout = min(2*timeout, maxRequestTimeout)
		select {
		case <-ctx.Done():
			return errors.Join(append(errs, ctx.Err())...)
		case <-time.After(retryPause):
		}
	}
}

// permanentError is an answer from the emulator that a retry would not change.
type permanentError struct{ msg string }

func (p *permanentError) Error() string { return p.msg }

// once sends one request within timeout.
func (e *Emulator) once(ctx context.Context, timeout time.Duration, method, u string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return &permanentError{err.Error()}
	}
	if body != nil {
		// The emulator answers 404 to a rules PUT without this header.
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return fmt.Errorf("%s %s: read the answer: %w", method, u, err)
	}
	if resp.StatusCode/100 == 5 {
		return fmt.Errorf("%s %s: %s: %s", method, u, resp.Status, strings.TrimSpace(string(msg)))
	}
	if resp.StatusCode/100 != 2 {
		return &permanentError{fmt.Sprintf("%s %s: %s: %s", method, u, resp.Status, strings.TrimSpace(string(msg)))}
	}
	if bytes.Contains(msg, []byte(`"severity": "ERROR"`)) || bytes.Contains(msg, []byte(`"severity":"ERROR"`)) {
		return &permanentError{fmt.Sprintf("%s %s: the emulator reported errors: %s", method, u, strings.TrimSpace(string(msg)))}
	}
	return nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

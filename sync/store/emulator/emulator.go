// Package emulator provides a running Firestore emulator: it starts the real
// emulator from the Debian package google-cloud-cli-firestore-emulator on a free
// loopback port, waits until it answers, and stops it (with its whole process
// group) when asked. Tests use it through sync/store/firestoretest; the CLI demo
// can use it directly.
//
// When FIRESTORE_EMULATOR_HOST is set, Start starts nothing and uses that
// emulator instead; Stop then leaves it running.
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
	hc := &http.Client{Timeout: 10 * time.Second}
	if host := os.Getenv(HostEnv); host != "" {
		e := &Emulator{host: host, external: true, http: hc, done: make(chan struct{})}
		close(e.done)
		if err := e.waitReady(ctx, nil); err != nil {
			return nil, fmt.Errorf("firestore emulator at %s=%s: %w", HostEnv, host, err)
		}
		return e, nil
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port can be taken between probe and bind
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("find a free port for the firestore emulator: %w", err)
		}
		e, err := startOn(ctx, port, hc)
		if err == nil {
			return e, nil
		}
		if errors.Is(err, ErrNotInstalled) || ctx.Err() != nil {
			return nil, err
		}
		lastErr = err
	}
	return nil, lastErr
}

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

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls GET / until the emulator answers "Ok", the process exits,
// or the deadline passes.
func (e *Emulator) waitReady(ctx context.Context, exited <-chan struct{}) error {
	deadline := time.Now().Add(startTimeout)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.baseURL()+"/", nil)
		if err != nil {
			return err
		}
		resp, err := e.http.Do(req)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 64))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.HasPrefix(strings.TrimSpace(string(body)), "Ok") {
				return nil
			}
		}
		if exited != nil {
			select {
			case <-exited:
				return fmt.Errorf("the emulator process exited before answering: %v", e.waitErr)
			default:
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the emulator did not answer within %s", startTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

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

func (e *Emulator) do(ctx context.Context, method, u string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return err
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
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, u, resp.Status, strings.TrimSpace(string(msg)))
	}
	if bytes.Contains(msg, []byte(`"severity": "ERROR"`)) || bytes.Contains(msg, []byte(`"severity":"ERROR"`)) {
		return fmt.Errorf("%s %s: the emulator reported errors: %s", method, u, strings.TrimSpace(string(msg)))
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

package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/store/emulator"
)

func answers(host string) bool {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + host + "/")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.HasPrefix(string(b), "Ok")
}

// serve runs the command until the returned stop is called; it returns the
// host it printed and the emulator it runs.
func serve(t *testing.T) (host string, e *emulator.Emulator, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, w, func(started *emulator.Emulator) { e = started })
		w.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("realMain printed %q, then %v (its error: %v)", line, err, <-done)
	}
	go io.Copy(io.Discard, r)
	host, ok := strings.CutPrefix(strings.TrimSpace(line), emulator.HostEnv+"=")
	if !ok || !strings.HasPrefix(host, "127.0.0.1:") {
		cancel()
		t.Fatalf("realMain printed %q, want %s=127.0.0.1:PORT", line, emulator.HostEnv)
	}
	return host, e, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("realMain did not return within 30 s of being told to stop")
			return nil
		}
	}
}

// TestServeStartsAndStops: the printed host answers until serve is told to
// stop; an emulator given through FIRESTORE_EMULATOR_HOST is left running.
func TestServeStartsAndStops(t *testing.T) {
	t.Setenv(emulator.HostEnv, "")
	host, own, stop := serve(t)
	if !answers(host) {
		t.Fatalf("the emulator serve printed (%s) does not answer", host)
	}

	t.Setenv(emulator.HostEnv, host)
	shared, _, stopShared := serve(t)
	if shared != host {
		t.Errorf("with %s=%s, serve printed %s, want the given one", emulator.HostEnv, host, shared)
	}
	if err := stopShared(); err != nil {
		t.Errorf("stopping serve on a given emulator: %v", err)
	}
	if !answers(host) {
		t.Errorf("the given emulator stopped answering when serve stopped, want it left running")
	}

	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	// The process is asked, not the port: once closed, the port may already
	// serve another test.
	select {
	case <-own.Exited():
	default:
		t.Errorf("the emulator process on %s still runs after serve stopped", host)
	}
}

package emulator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// shortTimeouts makes the request time limits short for one test.
func shortTimeouts(t *testing.T, first time.Duration, attempts int) {
	t.Helper()
	saved := []any{firstRequestTimeout, maxRequestTimeout, requestAttempts, retryPause}
	firstRequestTimeout, maxRequestTimeout, requestAttempts, retryPause = first, 8*first, attempts, 50*time.Millisecond
	t.Cleanup(func() {
		firstRequestTimeout, maxRequestTimeout = saved[0].(time.Duration), saved[1].(time.Duration)
		requestAttempts, retryPause = saved[2].(int), saved[3].(time.Duration)
	})
}

// pause stops the emulator's processes, as a machine too busy to run them
// would, and lets them run again after d. It returns once every thread of
// the emulator is stopped (a stop signal takes effect only when the kernel
// next runs the process, which on a loaded machine can be a while), and
// gives a channel closed once the emulator runs again.
func pause(t *testing.T, e *Emulator, d time.Duration) <-chan struct{} {
	t.Helper()
	pid := e.cmd.Process.Pid // the emulator leads its own process group
	if err := syscall.Kill(-pid, syscall.SIGSTOP); err != nil {
		t.Fatalf("pause the emulator: %v", err)
	}
	resumed := make(chan struct{})
	t.Cleanup(func() { <-resumed })
	if err := waitStopped(pid, 30*time.Second); err != nil {
		syscall.Kill(-pid, syscall.SIGCONT)
		close(resumed)
		t.Fatal(err)
	}
	go func() {
		time.Sleep(d)
		syscall.Kill(-pid, syscall.SIGCONT)
		close(resumed)
	}()
	return resumed
}

// waitStopped waits until every thread of pid is stopped (state T in
// /proc/PID/task/TID/stat).
func waitStopped(pid int, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		running, err := runningThreads(pid)
		if err != nil {
			return err
		}
		if running == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d threads of the emulator still run %s after SIGSTOP", running, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func runningThreads(pid int) (int, error) {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	running := 0
	for _, task := range tasks {
		stat, err := os.ReadFile(filepath.Join(dir, task.Name(), "stat"))
		if err != nil {
			continue // the thread ended
		}
		// "TID (comm) S ...": the state follows the last ')'.
		rest := stat[bytes.LastIndexByte(stat, ')')+1:]
		if f := strings.Fields(string(rest)); len(f) > 0 && f[0] != "T" {
			running++
		}
	}
	return running, nil
}

// TestStartAndResetOnABusyMachine runs one real emulator through what a
// busy machine shared by many tests does to it.
//
// First Start is offered a port that another server holds and answers "Ok"
// on, as another emulator would: Start must not take that server for its own
// emulator, and must start on another port.
//
// Then the emulator is paused for longer than the first try's time limit:
// Reset must retry with longer limits and succeed, where a single try fails.
// A refusal is not retried.
//
// One emulator for both, as each start costs a few seconds of both cores.
func TestStartAndResetOnABusyMachine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0") // held open for the whole test
	if err != nil {
		t.Fatal(err)
	}
	impostor := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "Ok\n")
	})}
	go impostor.Serve(l)
	t.Cleanup(func() { impostor.Close() })
	taken := l.Addr().(*net.TCPAddr).Port

	var offered []int
	choosePort = func() (int, error) {
		p := taken
		if len(offered) > 0 {
			var err error
			if p, err = pickPort(); err != nil {
				return 0, err
			}
		}
		offered = append(offered, p)
		return p, nil
	}
	t.Cleanup(func() { choosePort = pickPort })

	t.Setenv(HostEnv, "")
	ctx := context.Background()
	e, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Stop() })
	if want := fmt.Sprintf("127.0.0.1:%d", offered[len(offered)-1]); len(offered) != 2 || e.Host() != want {
		t.Fatalf("Start offered ports %v and runs on %s, want the taken port %d refused and the emulator on the second (%s)", offered, e.Host(), taken, want)
	}
	if err := e.Reset(ctx, "warm-up"); err != nil { // the first request of a fresh JVM is slow
		t.Fatalf("Reset on the emulator Start chose: %v", err)
	}
	if err := e.SetRules(ctx, "some-project", "this is not a rules file"); err == nil || strings.Contains(err.Error(), "try 2") {
		t.Errorf("SetRules(invalid source) = %v, want the first try's error and no retry", err)
	}

	// 300 ms, 600 ms, 1.2 s, then 2.4 s: the third try outlasts a 1.2 s
	// pause; three more leave room for a JVM slow to resume.
	shortTimeouts(t, 300*time.Millisecond, 6)
	start := time.Now()
	resumed := pause(t, e, 1200*time.Millisecond)
	if err := e.Reset(ctx, "busy-project"); err != nil {
		t.Fatalf("Reset while the emulator is paused for 1.2 s: %v, want success after retries", err)
	}
	if took := time.Since(start); took < 1200*time.Millisecond {
		t.Errorf("Reset took %v, want it to have waited out the 1.2 s pause", took)
	}
	<-resumed

	// The same pause with one try of 300 ms: the test can fail.
	shortTimeouts(t, 300*time.Millisecond, 1)
	resumed = pause(t, e, 1200*time.Millisecond)
	err = e.Reset(ctx, "busy-project")
	<-resumed
	if err == nil || !strings.Contains(err.Error(), "try 1 (time limit 300ms)") {
		t.Errorf("Reset with a single 300 ms try while paused = %v, want a timeout naming try 1", err)
	}
}

// Command serve runs one Firestore emulator until it is told to stop, so that
// several test binaries can share it: .ci/run starts it once for the whole
// `go test ./...` and exports FIRESTORE_EMULATOR_HOST.
//
//	go run ./sync/store/emulator/serve
//
// It prints one line, FIRESTORE_EMULATOR_HOST=127.0.0.1:PORT, once the
// emulator answers, and on SIGINT or SIGTERM stops the emulator (with its
// whole process group) and exits. If FIRESTORE_EMULATOR_HOST is already set it
// starts nothing, prints that emulator's line and leaves it running.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/coalitionsync/coalitionsync/logging"
	"github.com/coalitionsync/coalitionsync/sync/store/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := realMain(ctx, os.Stdout)
	stop()
	if err != nil {
		logging.New(os.Stderr, slog.LevelInfo).Error(err.Error())
		os.Exit(1)
	}
}

// startTimeout bounds the emulator's start, a cold JVM on a busy machine
// included.
const startTimeout = 2 * time.Minute

// realMain starts the emulator, writes its host line to out, and stops the
// emulator once ctx is done.
func realMain(ctx context.Context, out io.Writer) error {
	return run(ctx, out, func(*emulator.Emulator) {})
}

// run is realMain, telling started which emulator it runs (for tests).
func run(ctx context.Context, out io.Writer, started func(*emulator.Emulator)) error {
	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	e, err := emulator.Start(startCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("start the Firestore emulator: %w", err)
	}
	started(e)
	if _, err := fmt.Fprintf(out, "%s=%s\n", emulator.HostEnv, e.Host()); err != nil {
		e.Stop()
		return fmt.Errorf("report the emulator's address: %w", err)
	}
	<-ctx.Done()
	if err := e.Stop(); err != nil {
		return fmt.Errorf("stop the Firestore emulator: %w", err)
	}
	return nil
}

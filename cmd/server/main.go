// Command server is the App Engine (standard environment) entry point,
// named by app.yaml's "main: ./cmd/server". It serves on $PORT the same
// trigger endpoints as the Cloud Function (see package endpoint), plus
// GET /healthz, and shuts down gracefully when App Engine stops it.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/coalitionsync/coalitionsync/endpoint"
	"github.com/coalitionsync/coalitionsync/logging"
)

// Timeouts of the server. A sync may take up to the lease's length, so
// responses may take that long and a little more; requests themselves are
// small.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = endpoint.DefaultRunTimeout + time.Minute
	idleTimeout       = 2 * time.Minute
	// shutdownGrace is how long requests in flight may finish after App
	// Engine asks the instance to stop. A sync cut short is safe: the next
	// trigger or the schedule runs it again.
	shutdownGrace = 10 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := realMain(ctx)
	stop()
	if err != nil {
		logging.New(os.Stderr, slog.LevelInfo).Error("server stopped: " + err.Error())
		os.Exit(1)
	}
}

// realMain serves until ctx is done, then shuts down gracefully.
func realMain(ctx context.Context) error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	l, err := net.Listen("tcp", ":"+port)
	if err != nil {
		return fmt.Errorf("listen on port %s: %w", port, err)
	}
	return serve(ctx, l, endpoint.NewLazy(endpoint.Options{}))
}

// serve answers on l with the trigger endpoints of h until ctx is done.
func serve(ctx context.Context, l net.Listener, h *endpoint.Lazy) error {
	srv := newServer(h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()

	select {
	case err := <-errc:
		h.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	if cerr := h.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close the clients: %w", cerr)
	}
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// newServer returns the HTTP server with its timeouts.
func newServer(triggers http.Handler) *http.Server {
	return &http.Server{
		Handler:           newMux(triggers),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
	}
}

// newMux routes GET /healthz to a plain answer and everything else to the
// trigger endpoints. /healthz says only that the process serves: it builds
// nothing and reads no settings.
func newMux(triggers http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/", triggers)
	return mux
}

// Command coalition runs the coalition's rules from the command line: the
// meeting schedule, and an offline check of the Members, Attendance and
// Votes tabs downloaded as CSV. Run `coalition help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := realMain(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Command coalition runs the coalition's rules from the command line:
//
//	demo      the whole service on the invented sample coalition, locally
//	setup     create the coalition's spreadsheet, or add what it lacks
//	plan      show everything a sync would do, writing nothing
//	sync      apply a sync under the coalition's lease
//	check     check quorum, flags and votes from downloaded CSV files, offline
//	meetings  list the full-coalition meeting dates
//
// Run `coalition help` for their flags and settings.
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

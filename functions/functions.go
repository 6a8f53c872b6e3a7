// Package functions provides the service's Cloud Functions (2nd gen, now
// Cloud Run functions) entry point, Sync: one HTTP function that serves the
// trigger endpoints of package triggers at its own paths:
//
//	POST /notify/drive  Drive push notifications on the spreadsheet
//	POST /notify/edit   the spreadsheet's Apps Script edit hook
//	POST /reconcile     Cloud Scheduler's regular reconcile
//
// It is a thin adapter: the settings are read from the environment, and the
// clients, the sync engine and the trigger handler are built once, on the
// first request (see package endpoint). Deploy with --entry-point Sync; the
// small package at the module root imports this one so that Google's Go
// buildpack finds it (docs/deploy.md).
package functions

import (
	"net/http"

	ff "github.com/GoogleCloudPlatform/functions-framework-go/functions"

	"github.com/coalitionsync/coalitionsync/endpoint"
)

// EntryPoint is the name to pass as --entry-point when deploying.
const EntryPoint = "Sync"

func init() {
	ff.HTTP(EntryPoint, Sync)
}

// instance is built on the first request, from the process environment.
var instance = endpoint.NewLazy(endpoint.Options{})

// Sync is the HTTP function: it serves the trigger endpoints.
func Sync(w http.ResponseWriter, r *http.Request) {
	instance.ServeHTTP(w, r)
}

package service

import (
	"context"
	"slices"
	"testing"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

func TestScopesAreTheNarrowOnes(t *testing.T) {
	t.Parallel()
	for _, broad := range []string{driveapi.DriveScope, "https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/cloud-platform"} {
		if slices.Contains(Scopes, broad) {
			t.Errorf("Scopes include the broad scope %s", broad)
		}
	}
	// Each scope with a client that uses it, and no more: Calendar's
	// events only, not whole calendars.
	want := []string{
		"https://www.googleapis.com/auth/spreadsheets",
		"https://www.googleapis.com/auth/drive.metadata.readonly",
		"https://www.googleapis.com/auth/drive.file",
		"https://www.googleapis.com/auth/calendar.events",
	}
	if !slices.Equal(Scopes, want) {
		t.Errorf("Scopes = %v, want %v", Scopes, want)
	}
}

func TestWorkspaceEndpointKeepsGooglePaths(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	id := ws.CreateSpreadsheet("Invented", map[string][][]string{"Members": {{"Name"}}})
	svc, err := New(context.Background(), &config.Config{WorkspaceEndpoint: ws.URL, LogLevel: "error"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Drive.Files.Get(id).Fields("version").Do(); err != nil {
		t.Errorf("Drive through WORKSPACE_ENDPOINT: %v", err)
	}
	if _, err := svc.Sheets.Spreadsheets.Values.Get(id, "Members").Do(); err != nil {
		t.Errorf("Sheets through WORKSPACE_ENDPOINT: %v", err)
	}
	if got := ws.Calls(); got["drive.files.get"] != 1 || got["sheets.spreadsheets.values.get"] != 1 {
		t.Errorf("calls = %v, want one Drive and one Sheets call at their real paths", got)
	}
	if svc.Store != nil {
		t.Errorf("a Firestore store without GOOGLE_CLOUD_PROJECT")
	}
}

func TestBadEndpoint(t *testing.T) {
	t.Parallel()
	if _, err := GoogleOptions(context.Background(), &config.Config{WorkspaceEndpoint: "::nope"}, SheetsScopes); err == nil {
		t.Errorf("GoogleOptions accepted a malformed WORKSPACE_ENDPOINT")
	}
}

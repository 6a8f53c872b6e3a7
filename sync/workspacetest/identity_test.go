package workspacetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	calendarapi "google.golang.org/api/calendar/v3"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// tokenFor asks the fake's token endpoint for an access token with a
// person's refresh token, as the oauth2 library does.
func tokenFor(t *testing.T, ws *workspacetest.Server, refresh string) string {
	t.Helper()
	resp, err := ws.HTTPClient().PostForm("https://oauth2.googleapis.com/token", url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {"c"}, "client_secret": {"s"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("token endpoint answered %d", resp.StatusCode)
	}
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("token endpoint body: %v %+v", err, body)
	}
	return body.AccessToken
}

func clientsWith(t *testing.T, ws *workspacetest.Server, token string) (*sheetsapi.Service, *driveapi.Service) {
	t.Helper()
	hc := ws.HTTPClient()
	if token != "" {
		hc = &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}), Base: hc.Transport}}
	}
	ss, err := sheetsapi.NewService(context.Background(), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := driveapi.NewService(context.Background(), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return ss, ds
}

func reason(err error) string {
	var ge *googleapi.Error
	if errors.As(err, &ge) && len(ge.Errors) > 0 {
		return ge.Errors[0].Reason
	}
	return ""
}

func TestServiceAccountsOwnNoFiles(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.LimitServiceAccounts(true)
	ss, ds := clientsWith(t, ws, "")
	_, err := ss.Spreadsheets.Create(&sheetsapi.Spreadsheet{Properties: &sheetsapi.SpreadsheetProperties{Title: "Invented"}}).Do()
	if reason(err) != "storageQuotaExceeded" || !strings.Contains(err.Error(), "Service Accounts do not have storage quota") {
		t.Errorf("spreadsheets.create by a service account: %v, want 403 storageQuotaExceeded", err)
	}
	_, err = ds.Files.Create(&driveapi.File{Name: "Agenda", MimeType: "application/vnd.google-apps.document"}).Do()
	if reason(err) != "storageQuotaExceeded" {
		t.Errorf("files.create by a service account: %v, want 403 storageQuotaExceeded", err)
	}
	// It still reads and writes what a person shared with it.
	id := ws.CreateSpreadsheet("Person's sheet", map[string][][]string{"Members": {{"Name"}}})
	if _, err := ss.Spreadsheets.Values.Get(id, "Members").Do(); err != nil {
		t.Errorf("read a shared spreadsheet as the service account: %v", err)
	}

	// A person acting through consent creates files.
	tok := tokenFor(t, ws, ws.Consent("facilitator@example.org", "https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file"))
	ps, _ := clientsWith(t, ws, tok)
	if _, err := ps.Spreadsheets.Create(&sheetsapi.Spreadsheet{Properties: &sheetsapi.SpreadsheetProperties{Title: "Invented"}}).Do(); err != nil {
		t.Errorf("spreadsheets.create as a person: %v", err)
	}
}

func TestTokensAreChecked(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	id := ws.CreateSpreadsheet("Invented", map[string][][]string{"Members": {{"Name"}}})
	ss, _ := clientsWith(t, ws, "ya29.not-issued")
	_, err := ss.Spreadsheets.Values.Get(id, "Members").Do()
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != http.StatusUnauthorized {
		t.Errorf("a token the server never issued: %v, want 401", err)
	}
	// A token with Sheets' scope only cannot call Drive.
	tok := tokenFor(t, ws, ws.Consent("facilitator@example.org", "https://www.googleapis.com/auth/spreadsheets"))
	ss, ds := clientsWith(t, ws, tok)
	if _, err := ss.Spreadsheets.Values.Get(id, "Members").Do(); err != nil {
		t.Errorf("Sheets with the spreadsheets scope: %v", err)
	}
	_, err = ds.Files.Get(id).Fields("version").Do()
	if !errors.As(err, &ge) || ge.Code != http.StatusForbidden || !strings.Contains(err.Error(), "insufficient authentication scopes") {
		t.Errorf("Drive with only the spreadsheets scope: %v, want 403 insufficient scopes", err)
	}
}

// With drive.file, a caller may change only the files its app created;
// Drive answers 404 for the others, as if they did not exist.
func TestDriveFileCoversOnlyTheAppsFiles(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	personMade := ws.CreateSpreadsheet("Person's directory", map[string][][]string{"Directory": nil})
	tok := tokenFor(t, ws, ws.Consent("facilitator@example.org", "https://www.googleapis.com/auth/spreadsheets",
		"https://www.googleapis.com/auth/drive.metadata.readonly", "https://www.googleapis.com/auth/drive.file"))
	ss, ds := clientsWith(t, ws, tok)
	perm := &driveapi.Permission{Type: "user", Role: "reader", EmailAddress: "casa@example.org"}
	_, err := ds.Permissions.Create(personMade, perm).SendNotificationEmail(false).Do()
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != http.StatusNotFound {
		t.Errorf("sharing a person's file with drive.file: %v, want 404", err)
	}
	if _, err := ds.Permissions.List(personMade).Do(); err != nil {
		t.Errorf("listing its permissions with drive.metadata.readonly: %v, want allowed", err)
	}
	made, err := ss.Spreadsheets.Create(&sheetsapi.Spreadsheet{Properties: &sheetsapi.SpreadsheetProperties{Title: "Service's directory"}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ds.Permissions.Create(made.SpreadsheetId, perm).SendNotificationEmail(false).Do(); err != nil {
		t.Errorf("sharing the app's own file with drive.file: %v", err)
	}
}

// A person's token reaches that person's own primary calendar, and may
// invite guests where a plain service account is refused.
func TestPrimaryCalendarIsTheCallers(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.RequireDelegationForAttendees(true)
	ev := &calendarapi.Event{Summary: "Meeting", Start: &calendarapi.EventDateTime{DateTime: "2026-12-28T18:00:00-06:00"},
		End: &calendarapi.EventDateTime{DateTime: "2026-12-28T19:30:00-06:00"}, Attendees: []*calendarapi.EventAttendee{{Email: "lena@example.org"}}}

	plain, err := calendarapi.NewService(context.Background(), option.WithHTTPClient(ws.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.Events.Insert("primary", ev).Do(); reason(err) != "forbiddenForServiceAccounts" {
		t.Fatalf("plain service account inviting: reason %q (%v), want forbiddenForServiceAccounts", reason(err), err)
	}

	tok := tokenFor(t, ws, ws.Consent("organizer@example.org", "https://www.googleapis.com/auth/calendar.events"))
	hc := ws.HTTPClient()
	hc = &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok}), Base: hc.Transport}}
	person, err := calendarapi.NewService(context.Background(), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	got, err := person.Events.Insert("primary", ev).Do()
	if err != nil {
		t.Fatalf("the organizer inviting: %v", err)
	}
	if got.Organizer == nil || got.Organizer.Email != "organizer@example.org" {
		t.Errorf("organizer = %+v, want organizer@example.org", got.Organizer)
	}
	evs, err := ws.Events("organizer@example.org")
	if err != nil || len(evs) != 1 {
		t.Errorf("events on the organizer's calendar: %d (%v), want 1", len(evs), err)
	}
}

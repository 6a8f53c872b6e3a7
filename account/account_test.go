package account_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/account"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

const (
	delegated = "coalition-organizer@invented-project.iam.gserviceaccount.com"
	organizer = "meetings@example.org"
	sheetsRW  = "https://www.googleapis.com/auth/spreadsheets"
	driveFile = "https://www.googleapis.com/auth/drive.file"
)

func TestModeFollowsTheSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		s       account.Settings
		mode    account.Mode
		person  bool
		problem string // part of Validate's message; "" for none
	}{
		{"nothing set", account.Settings{}, account.ModeServiceAccount, false, ""},
		{"delegation", account.Settings{DelegatedServiceAccount: delegated, Organizer: organizer}, account.ModeDelegation, true, ""},
		{"consent", account.Settings{AuthorizedUser: `{"type":"authorized_user"}`}, account.ModeConsent, true, ""},
		{"organizer alone", account.Settings{Organizer: organizer}, account.ModeDelegation, true, "DELEGATED_SERVICE_ACCOUNT is not"},
		{"delegated account alone", account.Settings{DelegatedServiceAccount: delegated}, account.ModeDelegation, true, "ORGANIZER_EMAIL is not"},
		{"a person's address as the delegated account", account.Settings{DelegatedServiceAccount: "ana@example.org", Organizer: organizer}, account.ModeDelegation, true, "not a service account"},
		{"both ways at once", account.Settings{DelegatedServiceAccount: delegated, Organizer: organizer, AuthorizedUser: "/secret/consent.json"}, account.ModeConsent, true, "choose one way"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Mode(); got != tc.mode || got.ActsAsPerson() != tc.person {
				t.Errorf("Mode() = %q (person %v), want %q (person %v)", got, got.ActsAsPerson(), tc.mode, tc.person)
			}
			err := tc.s.Validate()
			switch {
			case tc.problem == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tc.problem != "" && (err == nil || !strings.Contains(err.Error(), tc.problem)):
				t.Errorf("Validate() = %v, want a message with %q", err, tc.problem)
			}
			if err != nil && strings.Contains(err.Error(), "/secret/") {
				t.Errorf("Validate() repeats AUTHORIZED_USER: %v", err)
			}
		})
	}
}

// readAs reads a spreadsheet through the official Sheets client with the
// token source, as the service does, and returns the error.
func readAs(t *testing.T, ws *workspacetest.Server, ts oauth2.TokenSource, id string) error {
	t.Helper()
	c := &http.Client{Transport: &oauth2.Transport{Source: ts, Base: ws.HTTPClient().Transport}}
	svc, err := sheetsapi.NewService(context.Background(), option.WithHTTPClient(c))
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Spreadsheets.Values.Get(id, "Members").Do()
	return err
}

// Delegation: the runtime account asks IAM's signJwt to sign a JWT as the
// delegated account with sub = the organizer, and exchanges it at Google's
// token endpoint; no key file anywhere. Without the administrator's
// delegation of a scope, Google's token endpoint refuses.
func TestDelegationActsAsTheOrganizer(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	id := ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}})
	s := account.Settings{DelegatedServiceAccount: delegated, Organizer: organizer}
	ctx := context.Background()

	ts, err := account.TokenSource(ctx, s, []string{sheetsRW}, ws.HTTPClient())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(); err == nil || !strings.Contains(err.Error(), "unauthorized_client") {
		t.Fatalf("token before the administrator allowed delegation: err = %v, want unauthorized_client", err)
	}

	ws.AllowDelegation(delegated, sheetsRW, driveFile)
	ws.ResetCalls()
	ts, err = account.TokenSource(ctx, s, []string{sheetsRW}, ws.HTTPClient())
	if err != nil {
		t.Fatal(err)
	}
	if err := readAs(t, ws, ts, id); err != nil {
		t.Fatalf("read as the organizer: %v", err)
	}
	calls := ws.Calls()
	if calls["iamcredentials.projects.serviceAccounts.signJwt"] != 1 || calls["oauth2.token"] != 1 {
		t.Errorf("calls = %v, want one signJwt and one token exchange", calls)
	}
	// A scope the administrator did not allow is refused.
	ts, _ = account.TokenSource(ctx, s, []string{"https://www.googleapis.com/auth/calendar.events"}, ws.HTTPClient())
	if _, err := ts.Token(); err == nil {
		t.Errorf("token for a scope not delegated = nil error, want a refusal")
	}
}

// Consent: the authorized-user credential `coalition auth` wrote, given as
// the JSON itself (a Secret Manager secret) or a file, refreshes at
// Google's token endpoint; a revoked consent says to run auth again.
func TestConsentActsAsTheFacilitator(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	defer ws.Close()
	id := ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}})
	rt := ws.Consent("facilitator@example.org", sheetsRW, driveFile)
	cred, _ := json.Marshal(map[string]string{"type": "authorized_user", "client_id": "123-invented.apps.googleusercontent.com", "client_secret": "invented", "refresh_token": rt})
	file := filepath.Join(t.TempDir(), "consent.json")
	if err := os.WriteFile(file, cred, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{string(cred), file, string(cred) + "\n"} {
		ts, err := account.TokenSource(context.Background(), account.Settings{AuthorizedUser: v}, []string{sheetsRW}, ws.HTTPClient())
		if err != nil {
			t.Fatalf("TokenSource: %v", err)
		}
		if err := readAs(t, ws, ts, id); err != nil {
			t.Errorf("read as the facilitator: %v", err)
		}
	}
	ws.RevokeConsent("facilitator@example.org")
	ts, _ := account.TokenSource(context.Background(), account.Settings{AuthorizedUser: file}, []string{sheetsRW}, ws.HTTPClient())
	if _, err := ts.Token(); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("token after the consent was revoked: %v, want invalid_grant", err)
	}
	// Another kind of credential is refused, not used.
	sa, _ := json.Marshal(map[string]string{"type": "service_account", "client_email": delegated})
	if _, err := account.TokenSource(context.Background(), account.Settings{AuthorizedUser: string(sa)}, []string{sheetsRW}, ws.HTTPClient()); err == nil || !strings.Contains(err.Error(), "coalition auth") {
		t.Errorf("a service account key as AUTHORIZED_USER: %v, want a refusal that says to run coalition auth", err)
	}
	if _, err := account.TokenSource(context.Background(), account.Settings{AuthorizedUser: filepath.Join(t.TempDir(), "missing.json")}, []string{sheetsRW}, nil); err == nil {
		t.Errorf("a missing AUTHORIZED_USER file = nil error")
	}
}

func TestServiceAccountUsesDefaultCredentials(t *testing.T) {
	t.Parallel()
	ts, err := account.TokenSource(context.Background(), account.Settings{}, []string{sheetsRW}, nil)
	if ts != nil || err != nil {
		t.Errorf("TokenSource in service-account mode = %v, %v; want nil, nil (the client finds its own credentials)", ts, err)
	}
}

package store_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// TestSecurityRulesDenyClients loads the repository's firestore.rules into the
// emulator and shows that a client without server credentials can neither
// read nor write a member document, while the service's client still can.
func TestSecurityRulesDenyClients(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rules, err := os.ReadFile(filepath.Join("..", "..", "firestore.rules"))
	if err != nil {
		t.Fatal(err)
	}
	client, projectID := firestoretest.NewClient(t)
	s := store.New(client)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Save(ctx, nil, store.State{Members: members(1)}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	docURL := "http://" + firestoretest.Host(t) + "/v1/projects/" + projectID +
		"/databases/(default)/documents/coalitions/c1/members/M-0001"
	request := func(method, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, docURL, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json") // no Authorization: a client, not the owner
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	// The emulator starts with open rules: the read works before ours are loaded.
	if code, body := request(http.MethodGet, ""); code != http.StatusOK {
		t.Fatalf("unauthenticated GET before loading the rules = %d %s, want 200 (the emulator's open default)", code, body)
	}
	firestoretest.SetRules(t, projectID, string(rules))

	cases := []struct {
		name, method, body string
	}{
		{"read", http.MethodGet, ""},
		{"write", http.MethodPatch, `{"fields":{"name":{"stringValue":"changed by a client"}}}`},
		{"delete", http.MethodDelete, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := request(tc.method, tc.body)
			if code != http.StatusForbidden || !strings.Contains(body, "PERMISSION_DENIED") {
				t.Errorf("unauthenticated %s of a member = %d %s, want 403 PERMISSION_DENIED", tc.method, code, body)
			}
		})
	}

	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatalf("the server client cannot read under the rules: %v", err)
	}
	if m, ok := snap.Member("M-0001"); !ok || m.Name != members(1)[0].Name {
		t.Errorf("server client read member = %+v (found %v), want it unchanged", m, ok)
	}
}

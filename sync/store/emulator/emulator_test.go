package emulator_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/store/emulator"
)

func answers(host string) bool {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + host + "/")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.HasPrefix(string(b), "Ok")
}

func TestStartUseExternalStop(t *testing.T) {
	t.Setenv(emulator.HostEnv, "")
	ctx := context.Background()
	e, err := emulator.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	if e.External() || !strings.HasPrefix(e.Host(), "127.0.0.1:") || !answers(e.Host()) {
		t.Fatalf("started emulator: external %v, host %q, answers %v; want our own on loopback, answering", e.External(), e.Host(), answers(e.Host()))
	}
	if err := e.Reset(ctx, "some-project"); err != nil {
		t.Errorf("Reset: %v", err)
	}
	if err := e.SetRules(ctx, "some-project", "rules_version = '2';\nservice cloud.firestore { match /databases/{d}/documents { match /{x=**} { allow read: if false; } } }"); err != nil {
		t.Errorf("SetRules: %v", err)
	}
	if err := e.SetRules(ctx, "some-project", "this is not a rules file"); err == nil {
		t.Errorf("SetRules(invalid source) = nil, want an error")
	}

	t.Setenv(emulator.HostEnv, e.Host())
	ext, err := emulator.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !ext.External() || ext.Host() != e.Host() {
		t.Errorf("with %s set: external %v, host %q; want the given %q", emulator.HostEnv, ext.External(), ext.Host(), e.Host())
	}
	if err := ext.Stop(); err != nil || !answers(e.Host()) {
		t.Errorf("stopping the external handle: %v; the emulator answers: %v; want it left running", err, answers(e.Host()))
	}

	if err := e.Stop(); err != nil {
		t.Fatal(err)
	}
	// The process is asked, not the port: once closed, the port may already
	// serve another test.
	select {
	case <-e.Exited():
	default:
		t.Errorf("the emulator process on %s still runs after Stop", e.Host())
	}
	if err := e.Stop(); err != nil {
		t.Errorf("second Stop: %v, want nil", err)
	}
}

func TestStartFailsClearlyWhenNotInstalled(t *testing.T) {
	t.Setenv(emulator.HostEnv, "")
	t.Setenv("PATH", t.TempDir()) // no java, no gcloud
	_, err := emulator.Start(context.Background())
	if !errors.Is(err, emulator.ErrNotInstalled) {
		t.Fatalf("Start without java = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"google-cloud-cli-firestore-emulator", "Java 17"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

package setup_test

import (
	"context"
	"testing"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/setup"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// setup creates the shared folder (SHARED_FOLDER_ID unset) with one
// files.create through the official client: a folder, named in the
// coalition's language, owned by the account the service acts as.
func TestCreateSharedFolder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang domain.Lang
		want string
	}{
		{domain.English, "Invented Coalition shared folder"},
		{domain.Spanish, "Invented Coalition: carpeta compartida"},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang), func(t *testing.T) {
			t.Parallel()
			ws := workspacetest.NewServer()
			t.Cleanup(ws.Close)
			svc, err := driveapi.NewService(context.Background(), ws.ClientOptions()...)
			if err != nil {
				t.Fatal(err)
			}
			id, err := setup.CreateSharedFolder(context.Background(), drive.NewClient(svc), " Invented Coalition ", tc.lang)
			if err != nil {
				t.Fatalf("CreateSharedFolder: %v", err)
			}
			if n := ws.Calls()["drive.files.create"]; n != 1 {
				t.Errorf("files.create calls = %d, want 1", n)
			}
			f, err := svc.Files.Get(id).Fields("mimeType,name").Do()
			if err != nil {
				t.Fatal(err)
			}
			if f.MimeType != drive.MimeFolder || f.Name != tc.want {
				t.Errorf("created %q (%s), want a folder named %q", f.Name, f.MimeType, tc.want)
			}
		})
	}
	t.Run("no title", func(t *testing.T) {
		t.Parallel()
		if _, err := setup.CreateSharedFolder(context.Background(), nil, " ", domain.English); err != setup.ErrNoTitle {
			t.Errorf("CreateSharedFolder without a title = %v, want ErrNoTitle", err)
		}
	})
}

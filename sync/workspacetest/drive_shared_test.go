package workspacetest_test

import (
	"testing"

	"google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// TestDriveSharedDriveSharing: who may share what in a shared drive, and
// what permissions.list shows of the access an item inherits.
func TestDriveSharedDriveSharing(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	driveID := s.AddSharedDrive("Coalition shared")
	folder, err := srv.Files.Create(&drive.File{Name: "Updates", MimeType: "application/vnd.google-apps.folder", Parents: []string{driveID}}).
		SupportsAllDrives(true).Do()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := srv.Files.Create(&drive.File{Name: "notes", Parents: []string{folder.Id}}).SupportsAllDrives(true).Do()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSharedDriveMember(driveID, "reader.member@example.org", "reader"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Permissions.Create(folder.Id, &drive.Permission{Type: "user", Role: "writer", EmailAddress: "guest@example.org"}).
		SupportsAllDrives(true).SendNotificationEmail(false).Do(); err != nil {
		t.Fatalf("the organizer shares the folder: %v", err)
	}

	l, err := srv.Permissions.List(doc.Id).SupportsAllDrives(true).Fields("permissions(id,emailAddress,role,permissionDetails)").Do()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range l.Permissions {
		if len(p.PermissionDetails) == 0 || !p.PermissionDetails[0].Inherited {
			t.Errorf("%s on the document: details %+v, want inherited", p.EmailAddress, p.PermissionDetails)
			continue
		}
		got[p.EmailAddress] = p.Role + " from " + p.PermissionDetails[0].InheritedFrom + " as " + p.PermissionDetails[0].PermissionType
	}
	want := map[string]string{
		"guest@example.org":               "writer from " + folder.Id + " as file",
		"reader.member@example.org":       "reader from " + driveID + " as member",
		workspacetest.ServiceAccountEmail: "organizer from " + driveID + " as member",
	}
	if len(got) != len(want) {
		t.Errorf("inherited on the document = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s on the document = %q, want %q", k, got[k], v)
		}
	}

	// The service as a mere writer of the drive: it may share a file, not
	// a folder nor the drive.
	if err := s.SetSharedDriveMember(driveID, workspacetest.ServiceAccountEmail, "writer"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		fileID string
		code   int
	}{
		{"the shared drive itself", driveID, 403},
		{"a folder in it", folder.Id, 403},
		{"a file in it", doc.Id, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := srv.Permissions.Create(tc.fileID, &drive.Permission{Type: "user", Role: "reader", EmailAddress: "someone@example.org"}).
				SupportsAllDrives(true).SendNotificationEmail(false).Do()
			if tc.code == 200 {
				if err != nil {
					t.Errorf("a writer shares %s: %v, want it shared", tc.name, err)
				}
				return
			}
			dcWantErr(t, err, tc.code, "insufficientFilePermissions")
		})
	}
	if err := s.SetSharedDriveMember(driveID, workspacetest.ServiceAccountEmail, "fileOrganizer"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Permissions.Create(folder.Id, &drive.Permission{Type: "user", Role: "reader", EmailAddress: "someone@example.org"}).
		SupportsAllDrives(true).SendNotificationEmail(false).Do(); err != nil {
		t.Errorf("a fileOrganizer shares a folder: %v, want it shared", err)
	}
	_, err = srv.Permissions.Create(driveID, &drive.Permission{Type: "user", Role: "reader", EmailAddress: "someone@example.org"}).
		SupportsAllDrives(true).SendNotificationEmail(false).Do()
	dcWantErr(t, err, 403, "insufficientFilePermissions")
	if err := s.SetSharedDriveMember(driveID, "x@example.org", "owner"); err == nil {
		t.Error("SetSharedDriveMember with role owner: no error, want one (a shared drive has no owner)")
	}
}

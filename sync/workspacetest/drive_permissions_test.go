package workspacetest_test

import (
	"fmt"
	"testing"

	"google.golang.org/api/drive/v3"
)

// TestDrivePermissionsListPageSize: Drive's reference for permissions.list,
// pageSize: "When not set for files in a shared drive, at most 100 results
// will be returned. When not set for files that are not in a shared drive,
// the entire list will be returned."
// (https://developers.google.com/drive/api/v3/reference/permissions/list)
func TestDrivePermissionsListPageSize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		sharedDrive bool
		pageSize    int64 // 0: not set
		wantFirst   int
		wantMore    bool
	}{
		{"My Drive, not set: the entire list", false, 0, 151, false},
		{"My Drive, set: pages of that size", false, 100, 100, true},
		{"shared drive, not set: at most 100", true, 0, 100, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, srv := dcDrive(t)
			var parents []string
			if tc.sharedDrive {
				parents = []string{s.AddSharedDrive("Coalition shared")}
			}
			f, err := srv.Files.Create(&drive.File{Name: "directory", Parents: parents}).SupportsAllDrives(true).Do()
			if err != nil {
				t.Fatal(err)
			}
			for i := range 150 {
				if _, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "user", Role: "reader",
					EmailAddress: fmt.Sprintf("person%03d@example.org", i)}).SupportsAllDrives(true).SendNotificationEmail(false).Do(); err != nil {
					t.Fatal(err)
				}
			}
			call := srv.Permissions.List(f.Id).SupportsAllDrives(true)
			if tc.pageSize > 0 {
				call = call.PageSize(tc.pageSize)
			}
			l, err := call.Do()
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Permissions) != tc.wantFirst || (l.NextPageToken != "") != tc.wantMore {
				t.Errorf("first page: %d permissions, next page %v; want %d, %v", len(l.Permissions), l.NextPageToken != "", tc.wantFirst, tc.wantMore)
			}
		})
	}
}

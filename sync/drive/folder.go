package drive

import (
	"context"
	"fmt"

	driveapi "google.golang.org/api/drive/v3"
)

// MimeFolder is Google Drive's MIME type for a folder.
const MimeFolder = "application/vnd.google-apps.folder"

// CreateFolder creates a folder named name in the acting account's My
// Drive (files.create with the folder MIME type) and returns its ID: the
// coalition's shared folder when SHARED_FOLDER_ID is not set. A folder the
// service created is one it may share even with the narrow drive.file
// scope (see docs/shared-folder.md). It is not retried: a lost answer
// could leave two folders, so the caller records the ID at once.
func (c *Client) CreateFolder(ctx context.Context, name string) (string, error) {
	f, err := c.svc.Files.Create(&driveapi.File{Name: name, MimeType: MimeFolder}).
		SupportsAllDrives(true).
		Fields("id").
		Context(ctx).Do()
	if err != nil {
		return "", fmt.Errorf("create the folder %q: %w", name, err)
	}
	return f.Id, nil
}

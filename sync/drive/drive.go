// Package drive provides the sync engine's Google Drive adapter: the cheap
// version check that lets an unchanged spreadsheet cost one call; sharing a
// file with the Active members (the member directory, and the coalition's
// shared folder with its members' alternates: one Target each), planned
// without I/O (PlanTargetSharing, PlanSharing) and applied one call at a
// time, revoking only what the service granted (ApplySharing); creating the
// shared folder (CreateFolder); and keeping a push-notification channel
// open on the spreadsheet (KeepWatching). It defines its own records
// (Granted, Channel) and imports no other adapter: the caller stores them.
package drive

import (
	"context"
	"fmt"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/sync/retry"
)

// Client talks to Google Drive through the official client.
type Client struct {
	svc *driveapi.Service
	// Retry bounds the retries of the version check; the zero value means
	// retry.Default.
	Retry retry.Policy
}

// NewClient returns a Drive adapter over svc.
func NewClient(svc *driveapi.Service) *Client { return &Client{svc: svc} }

// Version returns a file's version: a number Drive increases whenever the
// file's content changes, an edit of a spreadsheet's cells included.
func (c *Client) Version(ctx context.Context, fileID string) (int64, error) {
	p := c.Retry
	if p.Attempts == 0 {
		p = retry.Default
	}
	var f *driveapi.File
	err := p.Do(ctx, true, func() (err error) {
		f, err = c.svc.Files.Get(fileID).Fields("version").SupportsAllDrives(true).Context(ctx).Do()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("read the version of file %s: %w", fileID, err)
	}
	return f.Version, nil
}

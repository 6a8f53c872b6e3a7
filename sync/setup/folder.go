package setup

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
)

// FolderCreator creates a folder in the acting account's Google Drive and
// returns its ID. *drive.Client is one (drive.CreateFolder).
type FolderCreator interface {
	CreateFolder(ctx context.Context, name string) (string, error)
}

// SharedFolderName is the name of the coalition's shared folder that setup
// creates: the spreadsheet's title and "shared folder", in the coalition's
// language.
func SharedFolderName(title string, lang domain.Lang) string {
	return domain.T(msgFolderName, strings.TrimSpace(title)).In(lang)
}

// CreateSharedFolder creates the coalition's shared Drive folder, for
// SHARED_FOLDER_ID when it is not set, with one files.create. The service
// may share a folder it created even with the narrow drive.file scope (see
// docs/shared-folder.md). It is not retried: a lost answer could leave two
// folders, so the caller prints the ID at once. A plain service account
// cannot create it (Google gives service accounts no Drive storage): the
// caller must not ask then.
func CreateSharedFolder(ctx context.Context, c FolderCreator, title string, lang domain.Lang) (string, error) {
	if strings.TrimSpace(title) == "" {
		return "", ErrNoTitle
	}
	id, err := c.CreateFolder(ctx, SharedFolderName(title, lang))
	if err != nil {
		return "", fmt.Errorf("create the coalition's shared folder: %w", err)
	}
	if id == "" {
		return "", errors.New("create the coalition's shared folder: Google Drive returned no folder ID")
	}
	return id, nil
}

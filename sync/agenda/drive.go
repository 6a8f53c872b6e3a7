package agenda

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/sync/retry"
)

// The Doc's appProperties: private to the app (the File resource's
// appProperties in the Drive discovery document: "arbitrary key-value
// pairs which are private to the requesting app"), searchable with
// `appProperties has { key='k' and value='v' }` (Drive's "Search query
// terms and operators"), at most 124 bytes for a key and its value
// together in UTF-8 (Drive's guide "Add custom file properties", limits).
const (
	// KeyProperty holds the agenda's key (coalition and meeting date).
	KeyProperty = "coalitionsyncAgenda"
	// HashProperty holds the fingerprint of the content the service last
	// wrote, so that a Doc found again without its Record tells whether
	// it already has the content.
	HashProperty = "coalitionsyncAgendaHash"
	// maxProperty is Drive's limit on a key and its value together.
	maxProperty = 124
)

// Google's MIME types for the upload and the Doc it becomes.
const (
	mimeHTML = "text/html"
	mimeDoc  = "application/vnd.google-apps.document"
)

// fileFields are the File fields Ensure reads.
const fileFields = "id,name,webViewLink,version,modifiedTime,trashed,appProperties,lastModifyingUser(displayName,me)"

// Record is what the service knows about the Doc it made for a meeting.
// The caller stores it and passes it back to Ensure.
type Record struct {
	// FileID is the Doc's Drive ID.
	FileID string
	// Link is the Doc's web address (webViewLink), for the Meetings tab's
	// Agenda cell and the calendar event's attachment.
	Link string
	// Version and Modified are the Doc's version and modifiedTime as Drive
	// answered the service's own last write: a Doc that still has either
	// has not been changed by anyone since.
	Version  int64
	Modified string
	// Hash fingerprints the title and HTML last written.
	Hash string
	// Items are the item keys of the agenda last written.
	Items []string
	// Edited is true once the service saw that someone else edited the
	// Doc: from then on it never writes the Doc again.
	Edited bool
	// EditedBy is the display name of whoever edited it, when Drive says.
	EditedBy string
}

// Kind says what Ensure did.
type Kind int

const (
	// Unchanged: the content is what was last written; no call was made.
	Unchanged Kind = iota + 1
	// Created: a new Doc was made.
	Created
	// Updated: the Doc was regenerated with the new content.
	Updated
	// Current: the Doc was read and already had this content (the service
	// wrote it in a run whose Record was not saved).
	Current
	// Edited: someone else edited the Doc; it was left as it is.
	Edited
	// Trashed: someone moved the Doc to the trash; it was left there.
	Trashed
)

// String names the kind in plain words.
func (k Kind) String() string {
	switch k {
	case Unchanged:
		return "unchanged"
	case Created:
		return "created"
	case Updated:
		return "updated"
	case Current:
		return "current"
	case Edited:
		return "edited by a person"
	case Trashed:
		return "in the trash"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Outcome is what Ensure did and saw.
type Outcome struct {
	Kind Kind
	// Added are the item keys on the agenda now that were not on it when
	// the service last wrote the Doc (for Edited: what people should add
	// by hand). Nil when the Doc was found without a Record after a
	// person's edit: what it held is then unknown.
	Added []string
	// Calls counts requests sent to Drive, retries included.
	Calls int
}

// Client writes agendas through the official drive/v3 client. With the
// narrow drive.file scope it may create Docs and change the ones it
// created (Drive's "Choose Google Drive API scopes": drive.file, "Create
// new Drive files, or modify existing files, that you open with an app or
// that the user shares with an app"); the folder it writes into must be
// one the app may use too (docs/shared-folder.md).
type Client struct {
	svc *driveapi.Service
	// Retry bounds the retries of each call after quota refusals and
	// server errors; the zero value means retry.Default.
	Retry retry.Policy
}

// NewClient returns an agenda adapter over svc.
func NewClient(svc *driveapi.Service) *Client { return &Client{svc: svc} }

// Fingerprint is the Hash of a title and its HTML.
func Fingerprint(title string, page []byte) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write(page)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Ensure makes the Doc of the agenda identified by key (the coalition and
// the meeting's date; unique per coalition) hold title and page, the
// output of Build, in the folder folderID, and returns the Record to
// store and what it did. items are the agenda's item keys (Build's).
//
// It makes no call at all when rec holds a FileID and either the same
// fingerprint (nothing to write) or Edited (never written again); then
// Outcome.Kind is Unchanged, or Edited with the items added since.
// Otherwise it reads the Doc (files.get by rec.FileID; without a Record,
// files.list by the key in appProperties, so that a lost Record makes no
// second Doc) and:
//   - none: files.create uploads the HTML, converted to a Google Doc;
//   - in the trash: left there (Trashed);
//   - changed by someone else since the service's last write: left as it
//     is (Edited), with the items added since;
//   - otherwise: files.update uploads the new HTML (Updated), unless the
//     Doc already has it (Current).
//
// Someone else changed the Doc when both its version and its modifiedTime
// differ from what the service's own last write returned. Drive documents
// version as "A monotonically increasing version number for the file.
// This reflects every change made to the file on the server, even those
// not visible to the user" and modifiedTime as "The last time the file
// was modified by anyone" (the File resource in the Drive discovery
// document); a sharing change may move the version alone, so the
// modification time decides. md5Checksum and headRevisionId cannot help:
// Drive gives them only for files with binary content, not Google Docs.
// A Doc found without a Record, or whose version moved after a write whose
// Record was lost, counts as the service's own only when its
// lastModifyingUser is the service's account (me) and it carries a
// fingerprint the service wrote.
func (c *Client) Ensure(ctx context.Context, folderID, key, title string, page []byte, items []string, rec *Record) (Record, Outcome, error) {
	if len(KeyProperty)+len(key) > maxProperty {
		return Record{}, Outcome{}, fmt.Errorf("agenda key %q: longer than Drive's %d bytes for a property", key, maxProperty)
	}
	hash := Fingerprint(title, page)
	var out Outcome
	var old Record
	if rec != nil {
		old = *rec
	}
	if old.FileID != "" && old.Edited {
		out.Kind, out.Added = Edited, Added(old.Items, items)
		return old, out, nil
	}
	if old.FileID != "" && old.Hash == hash {
		out.Kind = Unchanged
		return old, out, nil
	}

	cur, err := c.find(ctx, &out, key, old.FileID)
	if err != nil {
		return old, out, err
	}
	if cur == nil {
		f, err := c.create(ctx, &out, folderID, key, title, hash, page)
		if err != nil {
			return old, out, fmt.Errorf("create the agenda Doc %q: %w", title, err)
		}
		out.Kind = Created
		return written(f, hash, items), out, nil
	}
	if cur.Trashed {
		out.Kind = Trashed
		old.FileID, old.Link = cur.Id, cur.WebViewLink
		return old, out, nil
	}
	if !ours(cur, old) {
		out.Kind = Edited
		if old.FileID != "" {
			out.Added = Added(old.Items, items)
		}
		old.FileID, old.Link, old.Edited = cur.Id, cur.WebViewLink, true
		if u := cur.LastModifyingUser; u != nil {
			old.EditedBy = u.DisplayName
		}
		return old, out, nil
	}
	if cur.AppProperties[HashProperty] == hash {
		out.Kind = Current
		return written(cur, hash, items), out, nil
	}
	f, err := c.update(ctx, &out, cur.Id, title, hash, page)
	if err != nil {
		return old, out, fmt.Errorf("update the agenda Doc %q: %w", title, err)
	}
	out.Kind = Updated
	return written(f, hash, items), out, nil
}

// ours reports whether nobody but the service changed cur since the
// service's last write (see Ensure).
func ours(cur *driveapi.File, old Record) bool {
	if old.FileID != "" && (cur.Version == old.Version || (old.Modified != "" && cur.ModifiedTime == old.Modified)) {
		return true
	}
	me := cur.LastModifyingUser != nil && cur.LastModifyingUser.Me
	stamp := cur.AppProperties[HashProperty]
	return me && stamp != "" && stamp != old.Hash
}

// written is the Record of a Doc as the service's write (or a Doc already
// holding the service's content) left it.
func written(f *driveapi.File, hash string, items []string) Record {
	return Record{FileID: f.Id, Link: f.WebViewLink, Version: f.Version, Modified: f.ModifiedTime,
		Hash: hash, Items: slices.Clone(items)}
}

// find reads the Doc by its ID, or looks it up by key when there is none
// or it is gone; nil when there is no Doc.
func (c *Client) find(ctx context.Context, out *Outcome, key, fileID string) (*driveapi.File, error) {
	if fileID != "" {
		var f *driveapi.File
		err := c.call(ctx, out, true, func() (err error) {
			f, err = c.svc.Files.Get(fileID).SupportsAllDrives(true).Fields(fileFields).Context(ctx).Do()
			return err
		})
		if err == nil {
			return f, nil
		}
		if !hasCode(err, http.StatusNotFound) {
			return nil, fmt.Errorf("read the agenda Doc %s: %w", fileID, err)
		}
		// Deleted for good (or no longer the app's): look for another.
	}
	q := fmt.Sprintf("appProperties has { key='%s' and value='%s' }", KeyProperty, quote(key))
	var list *driveapi.FileList
	err := c.call(ctx, out, true, func() (err error) {
		// allDrives: the shared folder may be in a shared drive.
		list, err = c.svc.Files.List().Q(q).Corpora("allDrives").IncludeItemsFromAllDrives(true).
			SupportsAllDrives(true).OrderBy("createdTime").PageSize(10).
			Fields(googleapi.Field("files(" + fileFields + ")")).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("look for the agenda Doc %q: %w", key, err)
	}
	var trashed *driveapi.File
	for _, f := range list.Files {
		if !f.Trashed {
			return f, nil // the oldest not in the trash
		}
		if trashed == nil {
			trashed = f
		}
	}
	return trashed, nil
}

func (c *Client) create(ctx context.Context, out *Outcome, folderID, key, title, hash string, page []byte) (*driveapi.File, error) {
	meta := &driveapi.File{Name: title, MimeType: mimeDoc, Parents: []string{folderID},
		AppProperties: map[string]string{KeyProperty: key, HashProperty: hash}}
	var f *driveapi.File
	// Not repeated after a lost answer: a second create would make a
	// second Doc (the next run finds the first by its key instead).
	err := c.call(ctx, out, false, func() (err error) {
		f, err = c.svc.Files.Create(meta).Media(bytes.NewReader(page), googleapi.ContentType(mimeHTML)).
			SupportsAllDrives(true).Fields(fileFields).Context(ctx).Do()
		return err
	})
	return f, err
}

func (c *Client) update(ctx context.Context, out *Outcome, fileID, title, hash string, page []byte) (*driveapi.File, error) {
	meta := &driveapi.File{Name: title, AppProperties: map[string]string{HashProperty: hash}}
	var f *driveapi.File
	err := c.call(ctx, out, true, func() (err error) {
		f, err = c.svc.Files.Update(fileID, meta).Media(bytes.NewReader(page), googleapi.ContentType(mimeHTML)).
			SupportsAllDrives(true).Fields(fileFields).Context(ctx).Do()
		return err
	})
	return f, err
}

// call runs one request with retries, counting each attempt.
func (c *Client) call(ctx context.Context, out *Outcome, idempotent bool, fn func() error) error {
	p := c.Retry
	if p.Attempts == 0 {
		p = retry.Default
	}
	return p.Do(ctx, idempotent, func() error {
		out.Calls++
		return fn()
	})
}

// quote escapes a value for a Drive query string in single quotes.
func quote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}

func hasCode(err error, code int) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == code
}

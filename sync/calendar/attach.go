package calendar

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	calendarapi "google.golang.org/api/calendar/v3"
)

// MaxAttachments is Calendar's limit of attachments on one event (the
// Event resource's attachments in the Calendar discovery document: "There
// can be at most 25 attachments per event").
const MaxAttachments = 25

// ErrTooManyAttachments is returned by Attach when the event already has
// MaxAttachments attachments and the file is not one of them.
var ErrTooManyAttachments = fmt.Errorf("the event already has the %d attachments Calendar allows", MaxAttachments)

// Attach attaches a file (for a Google Doc: its webViewLink as fileURL,
// its title and MIME type) to the event eventID, keeping the attachments
// the event has. It reads the event (one events.get) and patches it only
// when the file is not attached yet (at most one events.patch), with
// supportsAttachments=true, without which Calendar ignores attachments
// ("In order to modify attachments the supportsAttachments request
// parameter should be set to true", the Calendar discovery document), and
// with sendUpdates=none: guests get no email for it. Calendar's patch
// replaces the whole attachments list, so the list sent is the event's own
// plus this file. A file counts as attached when an attachment has its
// Drive file ID (Calendar fills fileId for Drive files: "For Google Drive
// files, this is the ID of the corresponding Files resource entry") or
// the same address.
//
// Attaching does not share the file: guests open it only if Drive lets
// them (the agenda lives in the shared folder, which members can open).
func (c *Client) Attach(ctx context.Context, eventID, fileURL, title, mimeType string) error {
	if strings.TrimSpace(fileURL) == "" {
		// Calendar requires fileUrl when adding an attachment.
		return fmt.Errorf("attach %q to event %s: no file address", title, eventID)
	}
	a := &applier{c: c, ctx: ctx}
	ev, err := a.get(eventID)
	if err != nil {
		return fmt.Errorf("read event %s to attach %q: %w", eventID, title, err)
	}
	fileID := driveFileID(fileURL)
	for _, at := range ev.Attachments {
		if at == nil {
			continue
		}
		if at.FileUrl == fileURL || (fileID != "" && (at.FileId == fileID || driveFileID(at.FileUrl) == fileID)) {
			return nil
		}
	}
	if len(ev.Attachments) >= MaxAttachments {
		return fmt.Errorf("attach %q to event %s: %w", title, eventID, ErrTooManyAttachments)
	}
	atts := make([]*calendarapi.EventAttachment, 0, len(ev.Attachments)+1)
	for _, at := range ev.Attachments {
		if at == nil {
			continue
		}
		// fileId and iconLink are Calendar's to fill: send what a client
		// may set.
		atts = append(atts, &calendarapi.EventAttachment{FileUrl: at.FileUrl, Title: at.Title, MimeType: at.MimeType})
	}
	atts = append(atts, &calendarapi.EventAttachment{FileUrl: fileURL, Title: title, MimeType: mimeType})
	err = a.call(true, func() error {
		_, err := c.svc.Events.Patch(c.calendarID, eventID, &calendarapi.Event{Attachments: atts}).
			SupportsAttachments(true).SendUpdates("none").Context(ctx).Do()
		return err
	})
	if err != nil {
		return fmt.Errorf("attach %q to event %s: %w", title, eventID, err)
	}
	return nil
}

// driveFileID returns the file ID in a Drive or Docs address
// (".../d/ID/..." or "...?id=ID"), or "".
func driveFileID(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, seg := range segs {
		if seg == "d" && i+1 < len(segs) {
			return segs[i+1]
		}
	}
	return u.Query().Get("id")
}

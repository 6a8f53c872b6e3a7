package workspacetest

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	calendarv3 "google.golang.org/api/calendar/v3"
	"google.golang.org/api/drive/v3"
)

// Google Docs through Drive: what the service needs to keep a meeting's
// agenda as a Google Doc it uploads as HTML.
//
//   - Conversion on upload. files.create with a Google Docs mimeType in the
//     metadata and text/html or text/plain media makes a Doc from the
//     upload (the File resource's mimeType in the Drive discovery document:
//     "If a file is created with a Google Doc MIME type, the uploaded
//     content is imported, if possible"; text/plain shown in
//     googleapis/google-api-nodejs-client#2404). files.update with media on
//     an existing Doc replaces its content the same way (a public report:
//     tanaikech, "Overwriting Several Google Documents by 2 Text Files
//     using Google Apps Script", files.update of Drive API v3; HTML for an
//     update is not confirmed, only text).
//   - The fake keeps the uploaded HTML as the Doc's content (a text/plain
//     upload becomes one paragraph a line). Google rewrites the HTML into
//     its own document model; the fake does not, which is why export
//     answers the HTML as uploaded (see export below).
//   - files.export (GET /drive/v3/files/{fileId}/export?mimeType=...) of a
//     Doc to text/plain or text/html (Drive's "Export MIME types for
//     Google Workspace documents" lists both for Documents). The text
//     export starts with a byte order mark, U+FEFF, which Google adds
//     (googleapis/google-api-nodejs-client#2404: "starts with a Byte Order
//     Mark ... which was not in the original string"). Other formats of a
//     Doc answer 400 badRequest "The requested conversion is not
//     supported." (googleapis/google-api-ruby-client#14445); exporting a
//     file that is not a Docs Editors file answers 403 fileNotExportable
//     "Export only supports Google Docs." (NastuzziSamy/files_external_gdrive#3,
//     Google's wording recorded in 2018; it may read "Docs Editors files"
//     today).
//   - lastModifyingUser: the account of the last create, update or
//     EditDoc, with me true when it is the requesting account (User.me in
//     the discovery document: "Whether this user is the requesting user").
//   - A Doc has no md5Checksum, size or headRevisionId ("only applicable to
//     files with binary content in Google Drive", the File resource in the
//     discovery document): apiFile already leaves them out.
//
// Knowingly simpler than Google: no Docs API; the plain text export puts
// each paragraph, heading and list item on its own line ending in "\n"
// (Google's line endings and list bullets in text/plain are not
// confirmed); the HTML export is the HTML as uploaded, not Google's
// rewritten page; the Doc's content is not checked for size.

// Import and export formats of a Google Doc the fake understands.
const (
	mimeHTML  = "text/html"
	mimePlain = "text/plain"
)

// registerDocs adds files.export to the router.
func (s *Server) registerDocs() {
	s.handle("GET", "/drive/v3/files/{fileId}/export", "drive.files.export", s.driveExportFile)
}

// importDoc turns an upload into a Doc's content: the HTML kept as
// uploaded, or plain text as paragraphs. Other types are refused (Google
// imports more, such as Word files; the fake does not).
func importDoc(content []byte, contentType string) ([]byte, *dcError) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case mimeHTML:
		return append([]byte(nil), content...), nil
	case mimePlain, "":
		var b bytes.Buffer
		for _, line := range strings.Split(strings.TrimRight(string(content), "\n"), "\n") {
			b.WriteString("<p>" + html.EscapeString(strings.TrimRight(line, "\r")) + "</p>\n")
		}
		return b.Bytes(), nil
	}
	return nil, &dcError{http.StatusBadRequest, "badContent",
		fmt.Sprintf("This fake converts only text/html and text/plain uploads into a Google Doc, not %q.", mt)}
}

// uploadToDocLocked converts an upload for the Doc f, if f is a Doc and the
// request carried content: it reports whether the content changed.
func uploadToDocLocked(f *driveFile, content []byte, hasContent bool, contentType string) (bool, *dcError) {
	if !hasContent || f.mimeType != mimeDocument {
		return false, nil
	}
	doc, derr := importDoc(content, contentType)
	if derr != nil {
		return false, derr
	}
	f.content = doc
	return true, nil
}

// stampLastModifierLocked sets who modified f last: the request's caller.
func (s *Server) stampLastModifierLocked(r *http.Request, f *driveFile) {
	if c, ok := s.callerOfLocked(r); ok {
		f.lastModifier = c.Email
	}
}

// lastModifyingUser is the File resource's lastModifyingUser of f as the
// caller of r sees it (me: the caller is that user).
func (s *Server) lastModifyingUserLocked(r *http.Request, f *driveFile) *drive.User {
	who := f.lastModifier
	if who == "" {
		who = ServiceAccountEmail
	}
	me := false
	if c, ok := s.callerOfLocked(r); ok {
		me = strings.EqualFold(c.Email, who)
	}
	name := strings.Split(who, "@")[0]
	if who == ServiceAccountEmail {
		name = "coalitionsync"
	}
	return &drive.User{Kind: "drive#user", EmailAddress: who, DisplayName: name, Me: me,
		PermissionId: permissionIDFor("user", who), ForceSendFields: []string{"Me"}}
}

func (s *Server) driveExportFile(w http.ResponseWriter, r *http.Request, p map[string]string) {
	want := r.URL.Query().Get("mimeType")
	s.mu.Lock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		s.mu.Unlock()
		dcFail(w, derr)
		return
	}
	if !strings.HasPrefix(f.mimeType, mimeGooglePref) || f.mimeType == mimeFolder {
		s.mu.Unlock()
		dcFail(w, &dcError{http.StatusForbidden, "fileNotExportable", "Export only supports Google Docs."})
		return
	}
	content := append([]byte(nil), f.content...)
	isDoc := f.mimeType == mimeDocument
	s.mu.Unlock()
	var out []byte
	switch {
	case isDoc && want == mimePlain:
		out = append([]byte("\ufeff"), DocText(content)...)
	case isDoc && want == mimeHTML:
		out = content
	default:
		dcFail(w, &dcError{http.StatusBadRequest, "badRequest", "The requested conversion is not supported."})
		return
	}
	w.Header().Set("Content-Type", want+"; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// blockTags end a line in the plain text of a Doc.
var blockTags = map[string]bool{"p": true, "div": true, "li": true, "br": true, "tr": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "title": true}

// DocText returns the plain text of a Doc's HTML content, the way the fake
// exports it as text/plain (without the leading byte order mark): tags
// dropped, character references decoded, each paragraph, heading and list
// item on its own line. Script and style contents are dropped, as Google
// does not import them as text.
func DocText(content []byte) string {
	src := string(content)
	var b strings.Builder
	for len(src) > 0 {
		i := strings.IndexByte(src, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(src))
			break
		}
		b.WriteString(html.UnescapeString(src[:i]))
		j := strings.IndexByte(src[i:], '>')
		if j < 0 {
			b.WriteString(html.UnescapeString(src[i:]))
			break
		}
		tag := strings.ToLower(strings.TrimLeft(src[i+1:i+j], "/"))
		if k := strings.IndexAny(tag, " \t\n/"); k >= 0 {
			tag = tag[:k]
		}
		closing := strings.HasPrefix(src[i+1:], "/")
		src = src[i+j+1:]
		if !closing && (tag == "script" || tag == "style" || tag == "title") {
			if end := strings.Index(strings.ToLower(src), "</"+tag); end >= 0 {
				src = src[end:]
			}
			continue
		}
		if blockTags[tag] && (closing || tag == "br") {
			b.WriteString("\n")
		}
	}
	var lines []string
	for _, line := range strings.Split(b.String(), "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// EditDoc replaces a Google Doc's content with html as the person whose
// address is person does in the Docs editor: its version and modifiedTime
// move on, lastModifyingUser becomes that person, changes.list reports it
// and channels watching it are notified. The modification time moves at
// least a millisecond past the last one, so that a test's edit right after
// the service's write is still later, as a person's edit always is.
func (s *Server) EditDoc(fileID, person, htmlText string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.drive.files[fileID]
	if !ok {
		return fmt.Errorf("edit doc %s: %w", fileID, fileNotFound(fileID))
	}
	if f.mimeType != mimeDocument {
		return fmt.Errorf("edit doc %s: it is a %s, not a Google Doc", fileID, f.mimeType)
	}
	f.content = []byte(htmlText)
	f.lastModifier = strings.ToLower(person)
	prev := f.modified.Truncate(time.Millisecond) // Drive shows milliseconds
	s.touchFileLocked(fileID)
	if !f.modified.Truncate(time.Millisecond).After(prev) {
		f.modified = prev.Add(time.Millisecond)
	}
	return nil
}

// DocContent returns the plain text of a Google Doc as files.export with
// text/plain gives it, without the byte order mark.
func (s *Server) DocContent(fileID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.drive.files[fileID]
	if !ok {
		return "", fmt.Errorf("doc content %s: %w", fileID, fileNotFound(fileID))
	}
	if f.mimeType != mimeDocument {
		return "", fmt.Errorf("doc content %s: it is a %s, not a Google Doc", fileID, f.mimeType)
	}
	return DocText(f.content), nil
}

// fillAttachmentIDsLocked sets the read-only fileId of event attachments
// whose fileUrl opens a file of the fake's Drive, as Calendar does
// (EventAttachment.fileId in the Calendar discovery document: "ID of the
// attached file. Read-only. For Google Drive files, this is the ID of the
// corresponding Files resource entry in the Drive API"). A fileId sent by
// the caller is replaced.
func (s *Server) fillAttachmentIDsLocked(atts []*calendarv3.EventAttachment) {
	for _, a := range atts {
		if a == nil {
			continue
		}
		a.FileId = ""
		if id := DriveFileIDOf(a.FileUrl); id != "" {
			if _, ok := s.drive.files[id]; ok {
				a.FileId = id
			}
		}
	}
}

// DriveFileIDOf returns the file ID in a Drive or Docs editor address
// (".../d/ID/...", ".../folders/ID" or "...?id=ID"), or "".
func DriveFileIDOf(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, seg := range segs {
		if (seg == "d" || seg == "folders") && i+1 < len(segs) {
			return segs[i+1]
		}
	}
	return u.Query().Get("id")
}

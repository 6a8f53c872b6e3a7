package workspacetest

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/api/drive/v3"
	sheetsv4 "google.golang.org/api/sheets/v4"
)

// ServiceAccountEmail is the identity the fake's callers act as: it owns
// the files they create and the primary calendar.
const ServiceAccountEmail = "coalitionsync@workspacetest.iam.gserviceaccount.com"

// Google's MIME types for folders and Workspace documents.
const (
	mimeFolder      = "application/vnd.google-apps.folder"
	mimeDocument    = "application/vnd.google-apps.document"
	mimeSpreadsheet = "application/vnd.google-apps.spreadsheet"
	mimeGooglePref  = "application/vnd.google-apps."
)

// driveFile is one Drive file (folders and Workspace documents included).
type driveFile struct {
	id, name, mimeType, description string
	parents                         []string
	appProperties, properties       map[string]string
	trashed, explicitlyTrashed      bool
	starred                         bool
	created, modified               time.Time
	version                         int64
	driveID                         string // shared drive, "" for My Drive
	content                         []byte
	perms                           []*drive.Permission
	order                           int // creation order, for stable listing
	isRoot                          bool
	lastModifier                    string // who wrote it last (docs.go); "" is ServiceAccountEmail
}

// driveChange is one entry of the changes log.
type driveChange struct {
	seq     int64
	fileID  string
	driveID string
	removed bool
	time    time.Time
}

// sharedDrive is a shared drive; its root folder is a driveFile with the
// same ID.
type sharedDrive struct {
	id, name, requestID string
	created             time.Time
}

// SharingEmail is a notification email Drive "sent" because a permission
// was created with sendNotificationEmail left on.
type SharingEmail struct {
	FileID  string
	To      string // the grantee's address
	Role    string
	Message string // emailMessage, if any
	At      time.Time
}

// driveState holds the fake's Drive data. Guarded by Server.mu.
type driveState struct {
	files     map[string]*driveFile
	order     int
	rootID    string
	drives    map[string]*sharedDrive
	changes   []driveChange
	changeSeq int64
	emails    []SharingEmail
	uploads   map[string]*uploadSession
}

func newDriveState() *driveState {
	d := &driveState{
		files:     map[string]*driveFile{},
		drives:    map[string]*sharedDrive{},
		changeSeq: 1000,
		uploads:   map[string]*uploadSession{},
	}
	d.rootID = "0A" + randomID(17)
	d.files[d.rootID] = &driveFile{id: d.rootID, name: "My Drive", mimeType: mimeFolder, isRoot: true, version: 1,
		perms: []*drive.Permission{ownerPermission()}}
	return d
}

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// randomID returns n characters that look like a Drive ID.
func randomID(n int) string {
	var b strings.Builder
	max := big.NewInt(int64(len(idAlphabet)))
	for range n {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err)
		}
		b.WriteByte(idAlphabet[i.Int64()])
	}
	return b.String()
}

// registerDrive adds the Drive methods to the router.
func (s *Server) registerDrive() {
	s.handle("GET", "/drive/v3/files", "drive.files.list", s.driveListFiles)
	s.handle("POST", "/drive/v3/files", "drive.files.create", s.driveCreateFile)
	s.handle("POST", "/upload/drive/v3/files", "drive.files.create", s.driveCreateFile)
	s.handle("GET", "/drive/v3/files/{fileId}", "drive.files.get", s.driveGetFile)
	s.handle("PATCH", "/drive/v3/files/{fileId}", "drive.files.update", s.driveUpdateFile)
	s.handle("PATCH", "/upload/drive/v3/files/{fileId}", "drive.files.update", s.driveUpdateFile)
	s.handle("POST", "/upload/drive/v3/files/{fileId}", "drive.files.update", s.driveUpdateFile) // resumable chunks
	s.handle("DELETE", "/drive/v3/files/{fileId}", "drive.files.delete", s.driveDeleteFile)
	s.handle("POST", "/drive/v3/files/{fileId}/copy", "drive.files.copy", s.driveCopyFile)
	s.handle("POST", "/drive/v3/files/{fileId}/watch", "drive.files.watch", s.driveWatchFile)
	s.handle("GET", "/drive/v3/files/{fileId}/permissions", "drive.permissions.list", s.driveListPermissions)
	s.handle("POST", "/drive/v3/files/{fileId}/permissions", "drive.permissions.create", s.driveCreatePermission)
	s.handle("GET", "/drive/v3/files/{fileId}/permissions/{permissionId}", "drive.permissions.get", s.driveGetPermission)
	s.handle("PATCH", "/drive/v3/files/{fileId}/permissions/{permissionId}", "drive.permissions.update", s.driveUpdatePermission)
	s.handle("DELETE", "/drive/v3/files/{fileId}/permissions/{permissionId}", "drive.permissions.delete", s.driveDeletePermission)
	s.handle("GET", "/drive/v3/drives/{driveId}", "drive.drives.get", s.driveGetDrive)
	s.handle("POST", "/drive/v3/drives", "drive.drives.create", s.driveCreateDrive)
	s.handle("GET", "/drive/v3/changes/startPageToken", "drive.changes.getStartPageToken", s.driveStartPageToken)
	s.handle("GET", "/drive/v3/changes", "drive.changes.list", s.driveListChanges)
	s.handle("POST", "/drive/v3/changes/watch", "drive.changes.watch", s.driveWatchChanges)
	s.registerDocs()
}

// dcError is an error answer of the Drive and Calendar fakes.
type dcError struct {
	code    int
	reason  string
	message string
}

func (e *dcError) Error() string { return e.message }

func dcFail(w http.ResponseWriter, e *dcError) { writeError(w, e.code, e.reason, e.message) }

func fileNotFound(id string) *dcError {
	return &dcError{http.StatusNotFound, "notFound", fmt.Sprintf("File not found: %s.", id)}
}

func invalidParam(name, value string) *dcError {
	return &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Value: %s=%q", name, value)}
}

// dcBool reads a boolean query parameter (the core has checked its syntax).
func dcBool(r *http.Request, name string) bool {
	b, _ := strconv.ParseBool(r.URL.Query().Get(name))
	return b
}

// dcTime formats a time as Google's APIs do: RFC 3339, UTC, milliseconds.
func dcTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// --- files ---

// lookupLocked finds a file the request may see: items in shared drives
// stay hidden unless supportsAllDrives=true, as at Google.
func (s *Server) lookupLocked(r *http.Request, id string) (*driveFile, *dcError) {
	if id == "root" {
		id = s.drive.rootID
	}
	f, ok := s.drive.files[id]
	if !ok || (f.driveID != "" && !dcBool(r, "supportsAllDrives")) {
		return nil, fileNotFound(id)
	}
	return f, nil
}

// apiFile is the full Drive resource of f.
func (s *Server) apiFile(f *driveFile) *drive.File {
	out := &drive.File{
		Kind:              "drive#file",
		Id:                f.id,
		Name:              f.name,
		MimeType:          f.mimeType,
		Description:       f.description,
		Parents:           append([]string(nil), f.parents...),
		AppProperties:     copyMap(f.appProperties),
		Properties:        copyMap(f.properties),
		Trashed:           f.trashed,
		ExplicitlyTrashed: f.explicitlyTrashed,
		Starred:           f.starred,
		CreatedTime:       dcTime(f.created),
		ModifiedTime:      dcTime(f.modified),
		Version:           f.version,
		DriveId:           f.driveID,
		WebViewLink:       webViewLink(f),
		ForceSendFields:   []string{"Trashed", "Starred"},
	}
	if !strings.HasPrefix(f.mimeType, mimeGooglePref) {
		sum := md5.Sum(f.content)
		out.Size = int64(len(f.content))
		out.Md5Checksum = hex.EncodeToString(sum[:])
		out.ForceSendFields = append(out.ForceSendFields, "Size")
	}
	if f.driveID == "" {
		out.Owners = []*drive.User{{Kind: "drive#user", EmailAddress: ServiceAccountEmail, Me: true,
			PermissionId: permissionIDFor("user", ServiceAccountEmail), DisplayName: "coalitionsync"}}
		out.OwnedByMe = true
	}
	for _, p := range f.perms {
		out.PermissionIds = append(out.PermissionIds, p.Id)
	}
	return out
}

// driveDefaultFile is what Drive answers for a file when the request names
// no fields: kind, id, name and mimeType only.
func driveDefaultFile(f *drive.File) *drive.File {
	return &drive.File{Kind: f.Kind, Id: f.Id, Name: f.Name, MimeType: f.MimeType}
}

func (s *Server) fileResponse(r *http.Request, f *driveFile) *drive.File {
	out := s.apiFile(f)
	if r.URL.Query().Get("fields") == "" {
		return driveDefaultFile(out)
	}
	out.LastModifyingUser = s.lastModifyingUserLocked(r, f)
	return out
}

func webViewLink(f *driveFile) string {
	switch f.mimeType {
	case mimeFolder:
		return "https://drive.google.com/drive/folders/" + f.id
	case mimeDocument:
		return "https://docs.google.com/document/d/" + f.id + "/edit?usp=drivesdk"
	case mimeSpreadsheet:
		return "https://docs.google.com/spreadsheets/d/" + f.id + "/edit?usp=drivesdk"
	}
	return "https://drive.google.com/file/d/" + f.id + "/view?usp=drivesdk"
}

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *Server) driveGetFile(w http.ResponseWriter, r *http.Request, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.lookupLocked(r, p["fileId"])
	if err != nil {
		dcFail(w, err)
		return
	}
	if r.URL.Query().Get("alt") == "media" {
		if strings.HasPrefix(f.mimeType, mimeGooglePref) {
			dcFail(w, &dcError{http.StatusForbidden, "fileNotDownloadable",
				"Only files with binary content can be downloaded. Use Export with Docs Editors files."})
			return
		}
		w.Header().Set("Content-Type", f.mimeType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(f.content)
		return
	}
	writeJSON(w, http.StatusOK, s.fileResponse(r, f))
}

// newFileLocked adds a file with the next creation order and time.
func (s *Server) newFileLocked(id, name, mimeType string, parents []string, driveID string) *driveFile {
	now := s.now()
	s.drive.order++
	f := &driveFile{id: id, name: name, mimeType: mimeType, parents: parents, driveID: driveID,
		created: now, modified: now, version: 1, order: s.drive.order}
	if driveID == "" {
		f.perms = []*drive.Permission{ownerPermission()}
	}
	s.drive.files[id] = f
	return f
}

func ownerPermission() *drive.Permission {
	return &drive.Permission{Kind: "drive#permission", Id: permissionIDFor("user", ServiceAccountEmail),
		Type: "user", Role: "owner", EmailAddress: ServiceAccountEmail, DisplayName: "coalitionsync"}
}

// resolveParentsLocked checks the requested parents (default: My Drive)
// and returns them with the shared drive they belong to.
func (s *Server) resolveParentsLocked(r *http.Request, parents []string) ([]string, string, *dcError) {
	if len(parents) == 0 {
		return []string{s.drive.rootID}, "", nil
	}
	if len(parents) > 1 {
		return nil, "", &dcError{http.StatusForbidden, "cannotAddParent", "Increasing the number of parents is not allowed."}
	}
	par, err := s.lookupLocked(r, parents[0])
	if err != nil {
		return nil, "", err
	}
	if par.mimeType != mimeFolder {
		return nil, "", &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("The parent %s is not a folder.", par.id)}
	}
	return []string{par.id}, par.driveID, nil
}

// readFileRequest reads a files.create/update/copy body: JSON metadata, or
// for uploads (uploadType=media or multipart) the metadata and the content.
func (s *Server) readFileRequest(w http.ResponseWriter, r *http.Request) (meta json.RawMessage, content []byte, hasContent bool, contentType string, ok bool) {
	if !strings.HasPrefix(r.URL.Path, "/upload/") {
		ok = s.decodeBody(w, r, "drive", "File", &meta)
		return meta, nil, false, "", ok
	}
	switch ut := r.URL.Query().Get("uploadType"); ut {
	case "media":
		b, err := io.ReadAll(r.Body)
		if err != nil {
			writeError(w, http.StatusBadRequest, "badContent", "Could not read the upload: "+err.Error())
			return nil, nil, false, "", false
		}
		return json.RawMessage("{}"), b, true, r.Header.Get("Content-Type"), true
	case "multipart":
		mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || !strings.HasPrefix(mt, "multipart/") {
			writeError(w, http.StatusBadRequest, "badContent", "Bad content type for a multipart upload.")
			return nil, nil, false, "", false
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		var parts [][]byte
		var types []string
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				writeError(w, http.StatusBadRequest, "badContent", "Malformed multipart body: "+err.Error())
				return nil, nil, false, "", false
			}
			b, err := io.ReadAll(part)
			if err != nil {
				writeError(w, http.StatusBadRequest, "badContent", "Malformed multipart body: "+err.Error())
				return nil, nil, false, "", false
			}
			parts = append(parts, b)
			types = append(types, part.Header.Get("Content-Type"))
		}
		if len(parts) != 2 {
			writeError(w, http.StatusBadRequest, "badContent", "A multipart upload has exactly two parts: metadata and media.")
			return nil, nil, false, "", false
		}
		r2 := r.Clone(r.Context())
		r2.Body = io.NopCloser(bytes.NewReader(parts[0]))
		if !s.decodeBody(w, r2, "drive", "File", &meta) {
			return nil, nil, false, "", false
		}
		return meta, parts[1], true, types[1], true
	case "resumable":
		return s.resumableUpload(w, r)
	default:
		writeError(w, http.StatusBadRequest, "invalid",
			fmt.Sprintf("Invalid upload type %q: this fake supports uploadType=media, multipart and resumable.", ut))
		return nil, nil, false, "", false
	}
}

func (s *Server) driveCreateFile(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	meta, content, hasContent, ctype, ok := s.readFileRequest(w, r)
	if !ok {
		return
	}
	var body drive.File
	if err := json.Unmarshal(meta, &body); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	parents, driveID, derr := s.resolveParentsLocked(r, body.Parents)
	if derr != nil {
		dcFail(w, derr)
		return
	}
	id := body.Id
	if id == "" {
		id = randomID(33)
	} else if _, taken := s.drive.files[id]; taken {
		dcFail(w, &dcError{http.StatusConflict, "duplicate", "A file already exists with the provided ID."})
		return
	}
	mt := body.MimeType
	if mt == "" {
		mt = ctype
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	name := body.Name
	if name == "" {
		name = "Untitled"
	}
	f := s.newFileLocked(id, name, mt, parents, driveID)
	if _, derr := uploadToDocLocked(f, content, hasContent, ctype); derr != nil {
		delete(s.drive.files, f.id)
		dcFail(w, derr)
		return
	}
	s.stampLastModifierLocked(r, f)
	f.description = body.Description
	f.appProperties = copyMap(body.AppProperties)
	f.properties = copyMap(body.Properties)
	f.starred = body.Starred
	if hasContent && !strings.HasPrefix(mt, mimeGooglePref) {
		f.content = content
	}
	if driveID != "" && dcBool(r, "supportsAllDrives") {
		f.perms = nil
	}
	if mt == mimeSpreadsheet {
		// A spreadsheet created through Drive opens in Sheets under the
		// file's ID and name, with one Sheet1 (gspread's recorded test
		// traffic: every test creates its spreadsheet with files.create,
		// then spreadsheets.get answers it).
		if _, err := s.newBookLocked(f.id, &sheetsv4.Spreadsheet{Properties: &sheetsv4.SpreadsheetProperties{Title: name}}); err != nil {
			dcFail(w, &dcError{http.StatusInternalServerError, "internalError", err.Error()})
			return
		}
	}
	s.recordChangeLocked(f, false)
	writeJSON(w, http.StatusOK, s.fileResponse(r, f))
}

func (s *Server) driveCopyFile(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var body drive.File
	if !s.decodeBody(w, r, "drive", "File", &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	src, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	if src.mimeType == mimeFolder {
		dcFail(w, &dcError{http.StatusForbidden, "fileNotCopyable", "This file cannot be copied by the user."})
		return
	}
	wantParents := body.Parents
	if len(wantParents) == 0 {
		wantParents = src.parents
	}
	parents, driveID, derr := s.resolveParentsLocked(r, wantParents)
	if derr != nil {
		dcFail(w, derr)
		return
	}
	name := body.Name
	if name == "" {
		name = "Copy of " + src.name
	}
	f := s.newFileLocked(randomID(33), name, src.mimeType, parents, driveID)
	f.description = src.description
	if body.Description != "" {
		f.description = body.Description
	}
	f.appProperties = copyMap(src.appProperties)
	if body.AppProperties != nil {
		f.appProperties = copyMap(body.AppProperties)
	}
	f.properties = copyMap(src.properties)
	if body.Properties != nil {
		f.properties = copyMap(body.Properties)
	}
	f.content = append([]byte(nil), src.content...)
	if driveID != "" {
		f.perms = nil
	}
	if b, ok := s.sheets.books[src.id]; ok { // a copied spreadsheet is a spreadsheet
		nb := b.clone()
		nb.id = f.id
		nb.props.Title = name
		s.sheets.books[f.id] = nb
	}
	s.recordChangeLocked(f, false)
	writeJSON(w, http.StatusOK, s.fileResponse(r, f))
}

// fileUpdate is a files.update body, with presence of each field known so
// that null removes a property as Drive's patch semantics say.
type fileUpdate struct {
	Name          *string            `json:"name"`
	Description   *string            `json:"description"`
	MimeType      *string            `json:"mimeType"`
	Trashed       *bool              `json:"trashed"`
	Starred       *bool              `json:"starred"`
	AppProperties map[string]*string `json:"appProperties"`
	Properties    map[string]*string `json:"properties"`
	Parents       []string           `json:"parents"`
}

func (s *Server) driveUpdateFile(w http.ResponseWriter, r *http.Request, p map[string]string) {
	meta, content, hasContent, ctype, ok := s.readFileRequest(w, r)
	if !ok {
		return
	}
	var body fileUpdate
	if err := json.Unmarshal(meta, &body); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	if f.isRoot {
		dcFail(w, &dcError{http.StatusForbidden, "insufficientFilePermissions", "The user does not have sufficient permissions for this file."})
		return
	}
	if body.Parents != nil {
		dcFail(w, &dcError{http.StatusForbidden, "fieldNotWritable",
			"The resource body includes fields which are not directly writable. Use addParents and removeParents."})
		return
	}
	if body.MimeType != nil && *body.MimeType != f.mimeType {
		dcFail(w, &dcError{http.StatusForbidden, "fieldNotWritable", "The mimeType of a file cannot be changed."})
		return
	}
	if hasContent && f.mimeType == mimeDocument {
		if _, derr := importDoc(content, ctype); derr != nil { // checked first: a refused upload changes nothing
			dcFail(w, derr)
			return
		}
	}
	// Parents first: a failed move changes nothing.
	newParents, newDrive, moved, derr := s.moveLocked(r, f)
	if derr != nil {
		dcFail(w, derr)
		return
	}
	var changed []string
	if moved {
		f.parents, f.driveID = newParents, newDrive
		changed = append(changed, "parents")
	}
	if body.Name != nil && *body.Name != f.name {
		f.name = *body.Name
		if b, ok := s.sheets.books[f.id]; ok { // the file's name is the spreadsheet's title
			b.props.Title = f.name
		}
		changed = append(changed, "properties")
	}
	if body.Description != nil && *body.Description != f.description {
		f.description = *body.Description
		changed = append(changed, "properties")
	}
	if body.Starred != nil {
		f.starred = *body.Starred
	}
	if body.AppProperties != nil {
		f.appProperties = patchProps(f.appProperties, body.AppProperties)
		changed = append(changed, "properties")
	}
	if body.Properties != nil {
		f.properties = patchProps(f.properties, body.Properties)
		changed = append(changed, "properties")
	}
	state := "update"
	if body.Trashed != nil && *body.Trashed != f.trashed {
		s.setTrashedLocked(f, *body.Trashed, true)
		state = "untrash"
		if *body.Trashed {
			state = "trash"
		}
	}
	if hasContent && !strings.HasPrefix(f.mimeType, mimeGooglePref) {
		f.content = content
		f.modified = s.now()
		changed = append(changed, "content")
	}
	if converted, _ := uploadToDocLocked(f, content, hasContent, ctype); converted {
		f.modified = s.now()
		changed = append(changed, "content")
	}
	s.stampLastModifierLocked(r, f)
	f.version++
	s.recordChangeLocked(f, false)
	s.notifyLocked(watchFile, f.id, state, strings.Join(dedupe(changed), ","))
	writeJSON(w, http.StatusOK, s.fileResponse(r, f))
}

// moveLocked applies addParents/removeParents, keeping Drive's one-parent
// rule. It changes nothing; the caller commits the result.
func (s *Server) moveLocked(r *http.Request, f *driveFile) ([]string, string, bool, *dcError) {
	q := r.URL.Query()
	add, remove := splitIDs(q.Get("addParents")), splitIDs(q.Get("removeParents"))
	if len(add) == 0 && len(remove) == 0 {
		return nil, "", false, nil
	}
	parents := append([]string(nil), f.parents...)
	for _, id := range remove {
		if id == "root" {
			id = s.drive.rootID
		}
		i := indexOf(parents, id)
		if i < 0 {
			continue
		}
		parents = append(parents[:i], parents[i+1:]...)
	}
	driveID := f.driveID
	for _, id := range add {
		par, err := s.lookupLocked(r, id)
		if err != nil {
			return nil, "", false, err
		}
		if par.mimeType != mimeFolder {
			return nil, "", false, &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("The parent %s is not a folder.", par.id)}
		}
		if par.id == f.id || s.isAncestorLocked(f.id, par.id) {
			return nil, "", false, &dcError{http.StatusBadRequest, "invalid", "A folder cannot be moved into itself or its own subfolder."}
		}
		if indexOf(parents, par.id) < 0 {
			parents = append(parents, par.id)
		}
		driveID = par.driveID
	}
	if len(parents) > 1 {
		return nil, "", false, &dcError{http.StatusForbidden, "cannotAddParent", "Increasing the number of parents is not allowed."}
	}
	if len(parents) == 0 {
		return nil, "", false, &dcError{http.StatusBadRequest, "invalid", "A file must keep one parent: name it in addParents."}
	}
	return parents, driveID, true, nil
}

// isAncestorLocked reports whether ancestor is above id in the folder tree.
func (s *Server) isAncestorLocked(ancestor, id string) bool {
	for seen := 0; seen < 1000; seen++ {
		f, ok := s.drive.files[id]
		if !ok || len(f.parents) == 0 {
			return false
		}
		id = f.parents[0]
		if id == ancestor {
			return true
		}
	}
	return false
}

func (s *Server) setTrashedLocked(f *driveFile, trashed, explicit bool) {
	f.trashed = trashed
	f.explicitlyTrashed = trashed && explicit
	if f.mimeType != mimeFolder {
		return
	}
	for _, c := range s.drive.files {
		if len(c.parents) > 0 && c.parents[0] == f.id && !c.explicitlyTrashed {
			s.setTrashedLocked(c, trashed, false)
			c.version++
			s.recordChangeLocked(c, false)
			state := "untrash"
			if trashed {
				state = "trash"
			}
			s.notifyLocked(watchFile, c.id, state, "")
		}
	}
}

func patchProps(cur map[string]string, patch map[string]*string) map[string]string {
	out := copyMap(cur)
	if out == nil {
		out = map[string]string{}
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = *v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func splitIDs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func dedupe(list []string) []string {
	var out []string
	for _, v := range list {
		if indexOf(out, v) < 0 {
			out = append(out, v)
		}
	}
	return out
}

func (s *Server) driveDeleteFile(w http.ResponseWriter, r *http.Request, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	if f.isRoot {
		dcFail(w, &dcError{http.StatusForbidden, "insufficientFilePermissions", "The user does not have sufficient permissions for this file."})
		return
	}
	s.deleteTreeLocked(f)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteTreeLocked(f *driveFile) {
	for _, c := range s.drive.files {
		if len(c.parents) > 0 && c.parents[0] == f.id {
			s.deleteTreeLocked(c)
		}
	}
	delete(s.drive.files, f.id)
	delete(s.sheets.books, f.id) // a deleted spreadsheet is gone from Sheets too
	s.recordChangeLocked(f, true)
	s.notifyLocked(watchFile, f.id, "remove", "")
}

// --- files.list and its q language ---

func (s *Server) driveListFiles(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	q := r.URL.Query()
	pred, qerr := parseDriveQuery(q.Get("q"))
	if qerr != nil {
		dcFail(w, qerr)
		return
	}
	corpora, driveID := q.Get("corpora"), q.Get("driveId")
	all, supports := dcBool(r, "includeItemsFromAllDrives"), dcBool(r, "supportsAllDrives")
	switch {
	case (corpora == "drive") != (driveID != ""):
		dcFail(w, &dcError{http.StatusBadRequest, "invalid", "The driveId parameter must be specified if and only if corpora is set to drive."})
		return
	case all && !supports:
		dcFail(w, &dcError{http.StatusBadRequest, "invalid", "The includeItemsFromAllDrives parameter can only be set to true if supportsAllDrives is also set to true."})
		return
	case (corpora == "drive" || corpora == "allDrives") && !all:
		dcFail(w, &dcError{http.StatusBadRequest, "invalid", "The includeItemsFromAllDrives parameter must be set to true when corpora is drive or allDrives."})
		return
	}
	pageSize := 100
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			dcFail(w, invalidParam("pageSize", v))
			return
		}
		pageSize = n
	}
	s.mu.Lock()
	if driveID != "" {
		if _, ok := s.drive.drives[driveID]; !ok {
			s.mu.Unlock()
			dcFail(w, &dcError{http.StatusNotFound, "notFound", fmt.Sprintf("Shared drive not found: %s", driveID)})
			return
		}
	}
	var hits []*driveFile
	for _, f := range s.drive.files {
		if f.isRoot || f.id == f.driveID {
			continue
		}
		switch {
		case corpora == "drive" && f.driveID != driveID:
			continue
		case (corpora == "" || corpora == "user" || corpora == "domain") && f.driveID != "":
			continue
		case corpora == "allDrives" && f.driveID != "" && !all:
			continue
		}
		if pred(s, f) {
			hits = append(hits, f)
		}
	}
	if err := sortFiles(hits, q.Get("orderBy")); err != nil {
		s.mu.Unlock()
		dcFail(w, err)
		return
	}
	key := q.Get("q") + "\x00" + corpora + "\x00" + driveID + "\x00" + q.Get("orderBy")
	start, perr := readPageToken(q.Get("pageToken"), key)
	if perr != nil {
		s.mu.Unlock()
		dcFail(w, perr)
		return
	}
	list := &drive.FileList{Kind: "drive#fileList", IncompleteSearch: false, ForceSendFields: []string{"IncompleteSearch"}}
	for i := start; i < len(hits) && i < start+pageSize; i++ {
		out := s.apiFile(hits[i])
		out.LastModifyingUser = s.lastModifyingUserLocked(r, hits[i])
		list.Files = append(list.Files, out)
	}
	if start+pageSize < len(hits) {
		list.NextPageToken = makePageToken(start+pageSize, key)
	}
	s.mu.Unlock()
	if q.Get("fields") == "" {
		for i, f := range list.Files {
			list.Files[i] = driveDefaultFile(f)
		}
	}
	if list.Files == nil {
		list.Files = []*drive.File{}
	}
	writeJSON(w, http.StatusOK, list)
}

func sortFiles(files []*driveFile, orderBy string) *dcError {
	type key struct {
		name string
		desc bool
	}
	var keys []key
	for _, part := range splitIDs(orderBy) {
		f := strings.Fields(part)
		k := key{name: f[0]}
		if len(f) == 2 && strings.EqualFold(f[1], "desc") {
			k.desc = true
		} else if len(f) != 1 {
			return invalidParam("orderBy", orderBy)
		}
		switch k.name {
		case "name", "createdTime", "modifiedTime", "folder":
		default:
			return &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Value: orderBy %q is not supported by this fake (name, createdTime, modifiedTime, folder).", k.name)}
		}
		keys = append(keys, k)
	}
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i], files[j]
		for _, k := range keys {
			var c int
			switch k.name {
			case "name":
				c = strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
			case "createdTime":
				c = a.created.Compare(b.created)
			case "modifiedTime":
				c = a.modified.Compare(b.modified)
			case "folder":
				c = boolCmp(a.mimeType != mimeFolder, b.mimeType != mimeFolder)
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return a.order < b.order
	})
	return nil
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// makePageToken and readPageToken make opaque page tokens bound to the
// query they page through.
func makePageToken(offset int, key string) string {
	sum := sha256.Sum256([]byte(key))
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset) + ":" + hex.EncodeToString(sum[:6])))
}

func readPageToken(tok, key string) (int, *dcError) {
	if tok == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil {
		off, hash, ok := strings.Cut(string(b), ":")
		n, err := strconv.Atoi(off)
		sum := sha256.Sum256([]byte(key))
		if ok && err == nil && n >= 0 && hash == hex.EncodeToString(sum[:6]) {
			return n, nil
		}
	}
	return 0, invalidParam("pageToken", tok)
}

// filePredicate is one compiled files.list query.
type filePredicate func(s *Server, f *driveFile) bool

// parseDriveQuery compiles the subset of Drive's query language the
// service uses: terms joined with "and", each one of
//
//	'ID' in parents
//	name = '...'  name != '...'  name contains '...'
//	mimeType = '...'  mimeType != '...'
//	trashed = true|false  starred = true|false
//	appProperties has { key='k' and value='v' }  (and properties has ...)
func parseDriveQuery(q string) (filePredicate, *dcError) {
	toks, err := lexDriveQuery(q)
	if err != nil {
		return nil, err
	}
	bad := func(why string) *dcError {
		return &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Value: q %q: %s", q, why)}
	}
	var preds []filePredicate
	i := 0
	next := func() string {
		if i >= len(toks) {
			return ""
		}
		i++
		return toks[i-1]
	}
	for i < len(toks) {
		t := next()
		switch {
		case isQueryString(t):
			if next() != "in" || next() != "parents" {
				return nil, bad("expected 'ID' in parents")
			}
			id := queryString(t)
			preds = append(preds, func(s *Server, f *driveFile) bool {
				if id == "root" {
					return indexOf(f.parents, s.drive.rootID) >= 0
				}
				return indexOf(f.parents, id) >= 0
			})
		case t == "name" || t == "mimeType":
			op, v := next(), next()
			if !isQueryString(v) {
				return nil, bad(t + " needs a quoted value")
			}
			val, field := queryString(v), t
			get := func(f *driveFile) string {
				if field == "name" {
					return f.name
				}
				return f.mimeType
			}
			switch op {
			case "=":
				preds = append(preds, func(_ *Server, f *driveFile) bool { return get(f) == val })
			case "!=":
				preds = append(preds, func(_ *Server, f *driveFile) bool { return get(f) != val })
			case "contains":
				if field == "name" {
					preds = append(preds, func(_ *Server, f *driveFile) bool {
						return strings.Contains(strings.ToLower(f.name), strings.ToLower(val))
					})
					break
				}
				preds = append(preds, func(_ *Server, f *driveFile) bool { return strings.Contains(f.mimeType, val) })
			default:
				return nil, bad("unsupported operator " + op)
			}
		case t == "trashed" || t == "starred":
			op, v := next(), next()
			if (op != "=" && op != "!=") || (v != "true" && v != "false") {
				return nil, bad(t + " takes = true or = false")
			}
			want := (v == "true") == (op == "=")
			field := t
			preds = append(preds, func(_ *Server, f *driveFile) bool {
				if field == "trashed" {
					return f.trashed == want
				}
				return f.starred == want
			})
		case t == "appProperties" || t == "properties":
			// has { key = 'k' and value = 'v' }
			want := []string{"has", "{", "key", "="}
			for _, w := range want {
				if next() != w {
					return nil, bad("expected " + t + " has { key='k' and value='v' }")
				}
			}
			k := next()
			if !isQueryString(k) || next() != "and" || next() != "value" || next() != "=" {
				return nil, bad("expected " + t + " has { key='k' and value='v' }")
			}
			v := next()
			if !isQueryString(v) || next() != "}" {
				return nil, bad("expected " + t + " has { key='k' and value='v' }")
			}
			key, val, app := queryString(k), queryString(v), t == "appProperties"
			preds = append(preds, func(_ *Server, f *driveFile) bool {
				m := f.properties
				if app {
					m = f.appProperties
				}
				got, ok := m[key]
				return ok && got == val
			})
		default:
			return nil, bad("unsupported term " + t)
		}
		if i < len(toks) {
			if next() != "and" {
				return nil, bad("terms must be joined with and (or, not and parentheses are not supported by this fake)")
			}
			if i >= len(toks) {
				return nil, bad("dangling and")
			}
		}
	}
	return func(s *Server, f *driveFile) bool {
		for _, p := range preds {
			if !p(s, f) {
				return false
			}
		}
		return true
	}, nil
}

// lexDriveQuery splits a query into tokens; quoted strings keep their
// quotes (with escapes resolved after a leading \x00 marker).
func lexDriveQuery(q string) ([]string, *dcError) {
	var toks []string
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '\'' || c == '"':
			// Drive also takes double-quoted strings: it answered 200 to
			// gspread's recorded q=mimeType="application/vnd.google-apps.spreadsheet"
			// (ClientTest test_openall).
			var b strings.Builder
			i++
			closed := false
			for i < len(q) {
				if q[i] == '\\' && i+1 < len(q) {
					b.WriteByte(q[i+1])
					i += 2
					continue
				}
				if q[i] == c {
					closed = true
					i++
					break
				}
				b.WriteByte(q[i])
				i++
			}
			if !closed {
				return nil, &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Value: q %q: unclosed quote", q)}
			}
			toks = append(toks, "\x00"+b.String())
		case c == '{' || c == '}' || c == '=' || c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		case c == '!' && i+1 < len(q) && q[i+1] == '=':
			toks = append(toks, "!=")
			i += 2
		default:
			j := i
			for j < len(q) && strings.IndexByte(" \t\n'\"{}=()!", q[j]) < 0 {
				j++
			}
			if j == i {
				return nil, &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid Value: q %q", q)}
			}
			toks = append(toks, q[i:j])
			i = j
		}
	}
	return toks, nil
}

func isQueryString(t string) bool { return strings.HasPrefix(t, "\x00") }
func queryString(t string) string { return strings.TrimPrefix(t, "\x00") }

// --- changes ---

// recordChangeLocked appends f's change to the changes log and pokes the
// changes channels that see it.
func (s *Server) recordChangeLocked(f *driveFile, removed bool) {
	s.drive.changeSeq++
	s.drive.changes = append(s.drive.changes, driveChange{
		seq: s.drive.changeSeq, fileID: f.id, driveID: f.driveID, removed: removed, time: s.now(),
	})
	s.notifyChangesLocked(f.driveID)
}

func (s *Server) driveStartPageToken(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	s.mu.Lock()
	tok := strconv.FormatInt(s.drive.changeSeq+1, 10)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, &drive.StartPageToken{Kind: "drive#startPageToken", StartPageToken: tok})
}

func (s *Server) driveListChanges(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	q := r.URL.Query()
	pageSize := 100
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			dcFail(w, invalidParam("pageSize", v))
			return
		}
		pageSize = n
	}
	includeRemoved := q.Get("includeRemoved") != "false"
	driveID := q.Get("driveId")
	all := dcBool(r, "includeItemsFromAllDrives") && dcBool(r, "supportsAllDrives")
	if driveID != "" && !dcBool(r, "supportsAllDrives") {
		dcFail(w, &dcError{http.StatusBadRequest, "invalid", "The driveId parameter can only be used when supportsAllDrives is true."})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, err := strconv.ParseInt(q.Get("pageToken"), 10, 64)
	if err != nil || tok < 1 || tok > s.drive.changeSeq+1 {
		dcFail(w, invalidParam("pageToken", q.Get("pageToken")))
		return
	}
	last := map[string]int64{} // file ID -> seq of its latest change
	for _, c := range s.drive.changes {
		last[c.fileID] = c.seq
	}
	visible := func(c driveChange) bool {
		switch {
		case last[c.fileID] != c.seq:
			return false // Drive reports each file once, in its latest state
		case c.removed && !includeRemoved:
			return false
		case driveID != "":
			return c.driveID == driveID
		case c.driveID != "":
			return all
		}
		return true
	}
	list := &drive.ChangeList{Kind: "drive#changeList", Changes: []*drive.Change{}}
	defaultFields := q.Get("fields") == ""
	for _, c := range s.drive.changes {
		if c.seq < tok || !visible(c) {
			continue
		}
		if len(list.Changes) == pageSize {
			list.NextPageToken = strconv.FormatInt(c.seq, 10)
			break
		}
		ch := &drive.Change{Kind: "drive#change", ChangeType: "file", FileId: c.fileID, Removed: c.removed,
			Time: dcTime(c.time), DriveId: c.driveID, ForceSendFields: []string{"Removed"}}
		if f, ok := s.drive.files[c.fileID]; ok && !c.removed {
			ch.File = s.apiFile(f)
			if defaultFields {
				ch.File = driveDefaultFile(ch.File)
			}
		}
		list.Changes = append(list.Changes, ch)
	}
	if list.NextPageToken == "" {
		list.NewStartPageToken = strconv.FormatInt(s.drive.changeSeq+1, 10)
	}
	writeJSON(w, http.StatusOK, list)
}

// --- drives ---

func (s *Server) apiDrive(d *sharedDrive) *drive.Drive {
	return &drive.Drive{Kind: "drive#drive", Id: d.id, Name: d.name, CreatedTime: dcTime(d.created)}
}

func (s *Server) driveGetDrive(w http.ResponseWriter, r *http.Request, p map[string]string) {
	s.mu.Lock()
	d, ok := s.drive.drives[p["driveId"]]
	var out *drive.Drive
	if ok {
		out = s.apiDrive(d)
	}
	s.mu.Unlock()
	if !ok {
		dcFail(w, &dcError{http.StatusNotFound, "notFound", fmt.Sprintf("Shared drive not found: %s", p["driveId"])})
		return
	}
	if r.URL.Query().Get("fields") == "" {
		out = &drive.Drive{Kind: out.Kind, Id: out.Id, Name: out.Name}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) driveCreateDrive(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	var body drive.Drive
	if !s.decodeBody(w, r, "drive", "Drive", &body) {
		return
	}
	reqID := r.URL.Query().Get("requestId")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.drive.drives {
		if d.requestID == reqID {
			dcFail(w, &dcError{http.StatusConflict, "duplicate", "A shared drive with this request ID already exists."})
			return
		}
	}
	d := s.addSharedDriveLocked(body.Name, reqID)
	out := s.apiDrive(d)
	if r.URL.Query().Get("fields") == "" {
		out = &drive.Drive{Kind: out.Kind, Id: out.Id, Name: out.Name}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) addSharedDriveLocked(name, requestID string) *sharedDrive {
	id := "0A" + randomID(17)
	d := &sharedDrive{id: id, name: name, requestID: requestID, created: s.now()}
	s.drive.drives[id] = d
	root := s.newFileLocked(id, name, mimeFolder, nil, id)
	p := ownerPermission()
	p.Role = "organizer"
	root.perms = []*drive.Permission{p}
	return d
}

// AddSharedDrive creates a shared drive named name, organized by
// ServiceAccountEmail, and returns its ID (also the ID of its root folder).
func (s *Server) AddSharedDrive(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addSharedDriveLocked(name, "").id
}

// SetSharedDriveMember makes email a member of a shared drive with role
// (organizer, fileOrganizer, writer, commenter or reader), or takes it out
// with role "", as a manager does in Drive's "Manage members": to test what
// a caller that is not the drive's manager may do (ServiceAccountEmail is
// the organizer of the drives AddSharedDrive makes).
func (s *Server) SetSharedDriveMember(driveID, email, role string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	root, ok := s.drive.files[driveID]
	if _, isDrive := s.drive.drives[driveID]; !ok || !isDrive {
		return fmt.Errorf("set a member of shared drive %s: %w", driveID, fileNotFound(driveID))
	}
	if role != "" && indexOf(permissionRoles, role) < 1 {
		return fmt.Errorf("set a member of shared drive %s: the role %q is not a shared drive's", driveID, role)
	}
	id := permissionIDFor("user", email)
	for i, p := range root.perms {
		if p.Id != id {
			continue
		}
		if role == "" {
			root.perms = append(root.perms[:i], root.perms[i+1:]...)
		} else {
			p.Role = role
		}
		s.permissionsChangedLocked(root)
		return nil
	}
	if role != "" {
		root.perms = append(root.perms, &drive.Permission{Kind: "drive#permission", Id: id, Type: "user", Role: role,
			EmailAddress: strings.ToLower(email), DisplayName: strings.Split(strings.ToLower(email), "@")[0]})
		s.permissionsChangedLocked(root)
	}
	return nil
}

// --- watch ---

func (s *Server) driveWatchFile(w http.ResponseWriter, r *http.Request, p map[string]string) {
	req, ok := s.readWatchRequest(w, r, "drive")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	s.openChannelLocked(w, req, watchSpec{api: "drive", kind: watchFile, target: f.id,
		resourcePath: "/drive/v3/files/" + url.PathEscape(f.id) + "?alt=json",
		def:          driveFileChannelDefault, max: driveFileChannelMax})
}

func (s *Server) driveWatchChanges(w http.ResponseWriter, r *http.Request, _ map[string]string) {
	req, ok := s.readWatchRequest(w, r, "drive")
	if !ok {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, err := strconv.ParseInt(q.Get("pageToken"), 10, 64)
	if err != nil || tok < 1 || tok > s.drive.changeSeq+1 {
		dcFail(w, invalidParam("pageToken", q.Get("pageToken")))
		return
	}
	driveID := q.Get("driveId")
	if driveID != "" {
		if _, ok := s.drive.drives[driveID]; !ok || !dcBool(r, "supportsAllDrives") {
			dcFail(w, &dcError{http.StatusNotFound, "notFound", fmt.Sprintf("Shared drive not found: %s", driveID)})
			return
		}
	}
	all := dcBool(r, "includeItemsFromAllDrives") && dcBool(r, "supportsAllDrives")
	s.openChannelLocked(w, req, watchSpec{api: "drive", kind: watchChanges, target: driveID, allDrives: all,
		resourcePath: "/drive/v3/changes?alt=json&pageToken=" + q.Get("pageToken"),
		def:          changesChannelDefault, max: changesChannelMax})
}

// --- hooks used by the Sheets fake ---

// addSpreadsheetFileLocked records a new spreadsheet as a Drive file (the
// Sheets API's spreadsheets.create does this at Google). Call with s.mu held.
func (s *Server) addSpreadsheetFileLocked(id, title string) {
	if _, ok := s.drive.files[id]; ok {
		return
	}
	f := s.newFileLocked(id, title, mimeSpreadsheet, []string{s.drive.rootID}, "")
	s.recordChangeLocked(f, false)
}

// touchFileLocked records that a file's content changed: its version and
// modifiedTime move on, Drive changes are recorded and push notifications
// go to the channels watching it. Call with s.mu held.
func (s *Server) touchFileLocked(id string) {
	f, ok := s.drive.files[id]
	if !ok || s.lagsLocked(id) {
		return
	}
	f.version++
	f.modified = s.now()
	s.recordChangeLocked(f, false)
	s.notifyLocked(watchFile, f.id, "update", "content")
}

// --- helpers for tests ---

// EditFile replaces a file's content as a user editing it in Drive would:
// its version and modifiedTime move on, changes.list reports it and the
// channels watching it are notified. For spreadsheets, edit cells through
// the Sheets helpers instead.
func (s *Server) EditFile(fileID string, content []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.drive.files[fileID]
	if !ok {
		return fmt.Errorf("edit file %s: %w", fileID, fileNotFound(fileID))
	}
	f.content = append([]byte(nil), content...)
	s.touchFileLocked(fileID)
	return nil
}

// FileContent returns a file's stored content (what was uploaded or set
// with EditFile).
func (s *Server) FileContent(fileID string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.drive.files[fileID]
	if !ok {
		return nil, fmt.Errorf("file content %s: %w", fileID, fileNotFound(fileID))
	}
	return append([]byte(nil), f.content...), nil
}

// Permissions returns the permissions set directly on a file (for an item
// of a shared drive, without what it inherits), in the order they were
// granted.
func (s *Server) Permissions(fileID string) ([]*drive.Permission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.drive.files[fileID]
	if !ok {
		return nil, fmt.Errorf("permissions of %s: %w", fileID, fileNotFound(fileID))
	}
	out := make([]*drive.Permission, len(f.perms))
	for i, p := range f.perms {
		c := *p
		out[i] = &c
	}
	return out, nil
}

// SharingEmails returns the notification emails Drive "sent" for new
// permissions (sendNotificationEmail true, the default), oldest first.
func (s *Server) SharingEmails() []SharingEmail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SharingEmail(nil), s.drive.emails...)
}

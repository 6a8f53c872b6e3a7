package workspacetest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/api/drive/v3"
)

var permissionRoles = []string{"owner", "organizer", "fileOrganizer", "writer", "commenter", "reader"}

// permissionIDFor is the permission ID Drive gives a grantee: the same on
// every file, derived from the account (numeric for users and groups).
func permissionIDFor(typ, who string) string {
	switch typ {
	case "anyone":
		if who == "discoverable" {
			return "anyone"
		}
		return "anyoneWithLink"
	}
	sum := sha256.Sum256([]byte(typ + ":" + strings.ToLower(who)))
	n := binary.BigEndian.Uint64(sum[:8]) % 1e19
	return fmt.Sprintf("%020d", n)
}

func permissionNotFound(id string) *dcError {
	return &dcError{http.StatusNotFound, "notFound", fmt.Sprintf("Permission not found: %s.", id)}
}

// permissionResponse applies Drive's default fields for permissions
// (kind, id, type, role and who it names) unless the request has fields.
func permissionResponse(r *http.Request, p *drive.Permission) *drive.Permission {
	c := *p
	if r.URL.Query().Get("fields") == "" {
		c.DisplayName = ""
		c.ExpirationTime = ""
	}
	return &c
}

func (s *Server) driveListPermissions(w http.ResponseWriter, r *http.Request, p map[string]string) {
	q := r.URL.Query()
	pageSize := 0 // not set
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			dcFail(w, invalidParam("pageSize", v))
			return
		}
		pageSize = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	if pageSize == 0 {
		// Drive's reference for permissions.list, pageSize: "When not set
		// for files in a shared drive, at most 100 results will be
		// returned. When not set for files that are not in a shared
		// drive, the entire list will be returned."
		// (https://developers.google.com/drive/api/v3/reference/permissions/list)
		pageSize = 100
		if f.driveID == "" {
			pageSize = max(1, len(s.listedPermsLocked(f)))
		}
	}
	key := "permissions\x00" + f.id
	start, derr := readPageToken(q.Get("pageToken"), key)
	if derr != nil {
		dcFail(w, derr)
		return
	}
	perms := s.listedPermsLocked(f)
	list := &drive.PermissionList{Kind: "drive#permissionList", Permissions: []*drive.Permission{}}
	for i := start; i < len(perms) && i < start+pageSize; i++ {
		list.Permissions = append(list.Permissions, permissionResponse(r, perms[i]))
	}
	if start+pageSize < len(perms) {
		list.NextPageToken = makePageToken(start+pageSize, key)
	}
	writeJSON(w, http.StatusOK, list)
}

// listedPermsLocked is what permissions.list answers for f. An item in a
// shared drive lists the access it inherits as well as its own: the
// drive's members and the permissions of the folders above it, each with
// permissionDetails (inherited, inheritedFrom, permissionType "member" for
// the drive's members and "file" for the rest), one entry per grantee,
// with the highest of its roles. Drive's reference for Permission: "Details
// of whether the permissions on this item are inherited or are directly on
// this item. Output only. Present only for shared drive items", and
// inheritedFrom "is only populated for items in shared drives"; the guide
// "Shared drives overview": members "have access to all files within the
// shared drive". That the entry's role is the highest of the grantee's
// roles is this fake's reading of permissionDetails' "primary role"; not
// confirmed. My Drive files and a shared drive itself list their own.
func (s *Server) listedPermsLocked(f *driveFile) []*drive.Permission {
	if f.driveID == "" || f.id == f.driveID {
		return f.perms
	}
	var out []*drive.Permission
	index := map[string]*drive.Permission{}
	add := func(p *drive.Permission, from *driveFile) {
		d := &drive.PermissionPermissionDetails{Role: p.Role, PermissionType: "file", Inherited: from != f,
			ForceSendFields: []string{"Inherited"}}
		if from != f {
			d.InheritedFrom = from.id
		}
		if from.id == f.driveID {
			d.PermissionType = "member"
		}
		if e, ok := index[p.Id]; ok {
			e.PermissionDetails = append(e.PermissionDetails, d)
			if indexOf(permissionRoles, p.Role) < indexOf(permissionRoles, e.Role) {
				e.Role = p.Role // permissionRoles runs from the highest role down
			}
			return
		}
		c := *p
		c.PermissionDetails = []*drive.PermissionPermissionDetails{d}
		index[p.Id] = &c
		out = append(out, &c)
	}
	for at, seen := f, 0; at != nil && seen < 100; seen++ {
		for _, p := range at.perms {
			add(p, at)
		}
		if len(at.parents) == 0 || at.id == f.driveID {
			break
		}
		at = s.drive.files[at.parents[0]]
	}
	return out
}

// canShareLocked applies who may change the sharing of an item of a shared
// drive, by the caller's role as a member of the drive (Drive's guide
// "Share files, folders, and drives", scenarios for sharing: a file in a
// shared drive needs role writer, fileOrganizer or organizer; a folder,
// organizer, or fileOrganizer when the drive's
// sharingFoldersRequiresOrganizerPermission restriction is false, which
// this fake assumes, as for shared drives made since 2023 (a public report:
// xebia.com, "Permissions to share folders on Shared Drives", 2023); the
// shared drive itself, organizer). Anyone else gets 403
// insufficientFilePermissions, the answer the fake already gives for My
// Drive's root. My Drive items are the caller's own in this fake.
func (s *Server) canShareLocked(r *http.Request, f *driveFile) *dcError {
	if f.driveID == "" {
		return nil
	}
	c, _ := s.callerOfLocked(r)
	role := ""
	if root, ok := s.drive.files[f.driveID]; ok {
		for _, p := range root.perms {
			if strings.EqualFold(p.EmailAddress, c.Email) {
				role = p.Role
			}
		}
	}
	var ok bool
	switch {
	case f.id == f.driveID:
		ok = role == "organizer"
	case f.mimeType == mimeFolder:
		ok = role == "organizer" || role == "fileOrganizer"
	default:
		ok = role == "organizer" || role == "fileOrganizer" || role == "writer"
	}
	if !ok {
		return &dcError{http.StatusForbidden, "insufficientFilePermissions", "The user does not have sufficient permissions for this file."}
	}
	return nil
}

func (s *Server) driveGetPermission(w http.ResponseWriter, r *http.Request, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	for _, perm := range f.perms {
		if perm.Id == p["permissionId"] {
			writeJSON(w, http.StatusOK, permissionResponse(r, perm))
			return
		}
	}
	dcFail(w, permissionNotFound(p["permissionId"]))
}

func (s *Server) driveCreatePermission(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var body drive.Permission
	if !s.decodeBody(w, r, "drive", "Permission", &body) {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	if derr := s.checkGrantLocked(r, f, body.Role); derr != nil {
		dcFail(w, derr)
		return
	}
	if derr := s.canShareLocked(r, f); derr != nil {
		dcFail(w, derr)
		return
	}
	who := ""
	switch body.Type {
	case "user", "group":
		if body.EmailAddress == "" || !strings.Contains(body.EmailAddress, "@") {
			dcFail(w, &dcError{http.StatusBadRequest, "invalid", "The permission emailAddress field is required for type " + body.Type + "."})
			return
		}
		who = body.EmailAddress
	case "domain":
		if body.Domain == "" {
			dcFail(w, &dcError{http.StatusBadRequest, "invalid", "The permission domain field is required for type domain."})
			return
		}
		who = body.Domain
	case "anyone":
		if body.AllowFileDiscovery {
			who = "discoverable"
		}
	default:
		dcFail(w, &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("The permission type %q is not valid: one of user, group, domain, anyone.", body.Type)})
		return
	}
	id := permissionIDFor(body.Type, who)
	// Drive answers a grant the grantee already holds with the existing
	// permission (its role moved to the one asked for), not a duplicate.
	for _, perm := range f.perms {
		if perm.Id != id {
			continue
		}
		if perm.Role == "owner" {
			writeJSON(w, http.StatusOK, permissionResponse(r, perm))
			return
		}
		if perm.Role != body.Role {
			perm.Role = body.Role
			s.permissionsChangedLocked(f)
			s.sendSharingEmailLocked(r, f, perm)
		}
		writeJSON(w, http.StatusOK, permissionResponse(r, perm))
		return
	}
	if body.Role == "owner" {
		for _, perm := range f.perms {
			if perm.Role == "owner" {
				perm.Role = "writer"
			}
		}
	}
	perm := &drive.Permission{
		Kind:               "drive#permission",
		Id:                 id,
		Type:               body.Type,
		Role:               body.Role,
		EmailAddress:       strings.ToLower(body.EmailAddress),
		Domain:             body.Domain,
		AllowFileDiscovery: body.AllowFileDiscovery,
		ExpirationTime:     body.ExpirationTime,
	}
	if body.Type == "user" || body.Type == "group" {
		perm.DisplayName = strings.Split(perm.EmailAddress, "@")[0]
		perm.Domain = ""
	}
	if body.Type == "anyone" {
		perm.ForceSendFields = []string{"AllowFileDiscovery"}
	}
	f.perms = append(f.perms, perm)
	s.permissionsChangedLocked(f)
	if q.Get("sendNotificationEmail") != "false" {
		s.sendSharingEmailLocked(r, f, perm)
	}
	writeJSON(w, http.StatusOK, permissionResponse(r, perm))
}

// checkGrantLocked applies Drive's rules on which roles a file can take.
func (s *Server) checkGrantLocked(r *http.Request, f *driveFile, role string) *dcError {
	if indexOf(permissionRoles, role) < 0 {
		return &dcError{http.StatusBadRequest, "invalid", fmt.Sprintf("The permission role %q is not valid: one of %s.", role, strings.Join(permissionRoles, ", "))}
	}
	if f.isRoot {
		return &dcError{http.StatusForbidden, "insufficientFilePermissions", "The user does not have sufficient permissions for this file."}
	}
	switch {
	case role == "owner" && f.driveID != "":
		return &dcError{http.StatusForbidden, "teamDriveOwnershipTransferNotAllowed", "Ownership of items in a shared drive cannot be transferred."}
	case role == "owner" && !dcBool(r, "transferOwnership"):
		return &dcError{http.StatusForbidden, "forbidden", "The transferOwnership parameter must be enabled when the permission role is 'owner'."}
	case (role == "organizer" || role == "fileOrganizer") && f.driveID == "":
		return &dcError{http.StatusForbidden, "invalidSharingRequest", fmt.Sprintf("Bad Request. User message: \"The role %s is only for items in shared drives.\"", role)}
	}
	return nil
}

func (s *Server) sendSharingEmailLocked(r *http.Request, f *driveFile, perm *drive.Permission) {
	if perm.Type != "user" && perm.Type != "group" {
		return
	}
	s.drive.emails = append(s.drive.emails, SharingEmail{
		FileID: f.id, To: perm.EmailAddress, Role: perm.Role,
		Message: r.URL.Query().Get("emailMessage"), At: s.now(),
	})
}

// permissionsChangedLocked records a sharing change as Drive does: the
// file's version moves on and it shows in changes and file notifications.
func (s *Server) permissionsChangedLocked(f *driveFile) {
	f.version++
	s.recordChangeLocked(f, false)
	s.notifyLocked(watchFile, f.id, "update", "permissions")
}

func (s *Server) driveUpdatePermission(w http.ResponseWriter, r *http.Request, p map[string]string) {
	var body drive.Permission
	if !s.decodeBody(w, r, "drive", "Permission", &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	var perm *drive.Permission
	for _, x := range f.perms {
		if x.Id == p["permissionId"] {
			perm = x
		}
	}
	if perm == nil {
		dcFail(w, permissionNotFound(p["permissionId"]))
		return
	}
	if derr := s.canShareLocked(r, f); derr != nil {
		dcFail(w, derr)
		return
	}
	role := body.Role
	if role == "" {
		role = perm.Role
	}
	if role != perm.Role {
		if derr := s.checkGrantLocked(r, f, role); derr != nil {
			dcFail(w, derr)
			return
		}
		if perm.Role == "owner" {
			dcFail(w, &dcError{http.StatusForbidden, "cannotModifyOwner", "The owner's role cannot be changed; transfer ownership instead."})
			return
		}
		if role == "owner" {
			for _, x := range f.perms {
				if x.Role == "owner" {
					x.Role = "writer"
				}
			}
		}
		perm.Role = role
	}
	if body.ExpirationTime != "" {
		perm.ExpirationTime = body.ExpirationTime
	}
	if dcBool(r, "removeExpiration") {
		perm.ExpirationTime = ""
	}
	s.permissionsChangedLocked(f)
	writeJSON(w, http.StatusOK, permissionResponse(r, perm))
}

func (s *Server) driveDeletePermission(w http.ResponseWriter, r *http.Request, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, derr := s.lookupLocked(r, p["fileId"])
	if derr != nil {
		dcFail(w, derr)
		return
	}
	for i, perm := range f.perms {
		if perm.Id != p["permissionId"] {
			continue
		}
		if perm.Role == "owner" {
			dcFail(w, &dcError{http.StatusForbidden, "cannotRemoveOwner", "The owner of a file cannot be removed."})
			return
		}
		if derr := s.canShareLocked(r, f); derr != nil {
			dcFail(w, derr)
			return
		}
		f.perms = append(f.perms[:i], f.perms[i+1:]...)
		s.permissionsChangedLocked(f)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	dcFail(w, permissionNotFound(p["permissionId"]))
}

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
	pageSize := 100
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
	key := "permissions\x00" + f.id
	start, derr := readPageToken(q.Get("pageToken"), key)
	if derr != nil {
		dcFail(w, derr)
		return
	}
	list := &drive.PermissionList{Kind: "drive#permissionList", Permissions: []*drive.Permission{}}
	for i := start; i < len(f.perms) && i < start+pageSize; i++ {
		list.Permissions = append(list.Permissions, permissionResponse(r, f.perms[i]))
	}
	if start+pageSize < len(f.perms) {
		list.NextPageToken = makePageToken(start+pageSize, key)
	}
	writeJSON(w, http.StatusOK, list)
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
		f.perms = append(f.perms[:i], f.perms[i+1:]...)
		s.permissionsChangedLocked(f)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	dcFail(w, permissionNotFound(p["permissionId"]))
}

package drive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/logging"
)

// RoleReader is the role the member directory is shared with: members
// read the directory, they do not edit it.
const RoleReader = "reader"

// ErrCannotShare is wrapped by ApplySharing's error when Drive does not let
// the service share the file at all: with the drive.file scope the service
// may share only files it created (Drive answers 404), and an account that
// may not share a file gets 403. Retrying cannot help; people must share it
// by hand or let the service make the file.
var ErrCannotShare = errors.New("Google Drive does not let the service share this file")

// Granted is a Drive permission the service granted itself: the record
// that lets it revoke only its own grants. The caller keeps these records
// between runs (the sync engine stores them in Firestore).
type Granted struct {
	FileID       string
	PermissionID string
	MemberID     string
	Role         string
}

// RoleRemovedByPerson marks a Granted record whose permission the
// service granted and a person later removed from the file. The record is
// kept (a tombstone) so that later runs remember the person's decision and
// do not grant the member again; it is dropped when the member stops being
// Active or has no email address, so a member who leaves and is admitted
// again gets access again. A tombstone names no live permission: it is
// never revoked.
const RoleRemovedByPerson = "removedByPerson"

// Grant is one permission the service should create: the member (or one
// of its alternates) can open the file.
type Grant struct {
	MemberID string
	// Key is what the record of the grant names (Granted.MemberID): the
	// Member ID, or AlternateKey for an alternate's address. Empty means
	// MemberID.
	Key   string
	Name  string // the member's name, for problems people read; never sent to Drive
	Email string // as the member's row has it, trimmed
	Role  string // the target's role: RoleReader for the directory
	Lang  domain.Lang
}

// Problem is a member the service could not give access to, with what
// people should do about it (for the Sync issues tab; it names the member,
// never its address).
type Problem struct {
	MemberID string
	Text     domain.Text
}

// SharingPlan is what sharing a file with the members takes, decided
// without any Drive call.
type SharingPlan struct {
	FileID string
	// Target is how the file is shared; a plan whose Target has no FileID
	// is the member directory's (DirectoryTarget(FileID)).
	Target Target
	// Grants are the permissions to create, in the members' order.
	Grants []Grant
	// Revokes are permissions the service granted itself and must delete:
	// their member is no longer Active, has another address, or is gone.
	Revokes []Granted
	// Held are the revocations the guard held back (Target.GuardRevokes):
	// too many at once. They stay in Keep, and Blocked says why.
	Held []Granted
	// Blocked says, in plain words, why no access was removed; empty when
	// the guard did not trip.
	Blocked domain.Text
	// Keep is the rest of the service's record, unchanged or updated
	// without a Drive call: live grants, tombstones (RoleRemovedByPerson),
	// and every record of other files. After the plan is applied the record
	// to store is Keep, plus the grants made, plus any revoke not done.
	Keep []Granted
	// Forgotten are records dropped without a Drive call: a person removed
	// or changed the permission, or a duplicate record.
	Forgotten []Granted
	// AlreadyHaveAccess are the IDs of members who should read the file and
	// already can through a permission the service did not grant (a person
	// shared it, or they own it). They are left alone and not recorded. An
	// alternate's address is named by its AlternateKey.
	AlreadyHaveAccess []string
	// Skipped are Active members the service cannot share with: an Email
	// cell that is not one address.
	Skipped []Problem
	// ByHand is every access to the file the service did not give (but the
	// owner's): people a person shared it with, and members of the shared
	// drive it is in. Never changed by the service; listed for people.
	ByHand []Person
}

// IsBlocked reports whether the revocation guard held revocations back.
func (p SharingPlan) IsBlocked() bool { return p.Blocked.Key != "" }

// target is the plan's Target, the directory's for a plan made without one.
func (p SharingPlan) target() Target {
	if p.Target.FileID == "" {
		return DirectoryTarget(p.FileID)
	}
	return p.Target
}

// ShareResult counts what Share did.
type ShareResult struct {
	Granted           int
	Revoked           int
	Forgotten         int
	AlreadyHaveAccess int
	// Skipped are members left out by the plan (an Email that is not one
	// address); Failed are members whose address Drive refused. Both are
	// for people to fix in the Members tab; the others were still shared.
	Skipped []Problem
	Failed  []Problem
}

// PlanSharing plans sharing the member directory, fileID, with the Active
// members: PlanTargetSharing with DirectoryTarget(fileID), whose rules it
// follows (reader, members' Email only, revocations never held back).
func PlanSharing(fileID string, members []domain.Member, granted []Granted, existing []*driveapi.Permission) SharingPlan {
	return PlanTargetSharing(DirectoryTarget(fileID), members, granted, existing)
}

// memberLang reads the Members tab's Language cell: Spanish for "es" (also
// "es-MX", "Spanish", "Español"), English otherwise.
func memberLang(cell string) domain.Lang {
	s := strings.ToLower(strings.TrimSpace(cell))
	switch {
	case s == "es", strings.HasPrefix(s, "es-"), strings.HasPrefix(s, "es_"),
		s == "spanish", s == "español", s == "espanol":
		return domain.Spanish
	}
	return domain.English
}

// SharingKey fingerprints who should be able to read the directory: the
// Member IDs and lower-cased addresses of the members PlanSharing would
// share with (TargetSharingKey of DirectoryTarget). The engine stores it
// and plans sharing only when it differs from the stored one, so an
// unchanged roster costs no Drive call. The key does not name the file:
// when the directory is a new file, the engine must forget the stored key.
// It holds no address in clear.
func SharingKey(members []domain.Member) string {
	return TargetSharingKey(DirectoryTarget(""), members)
}

// fileLocks serializes Share per file within this process: Drive does not
// support concurrent permission changes on one file. (Across processes the
// engine's per-coalition lease does.)
var fileLocks sync.Map // file ID → *sync.Mutex

func lockFile(fileID string) func() {
	mu, _ := fileLocks.LoadOrStore(fileID, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	return mu.(*sync.Mutex).Unlock
}

// verifyTimeout bounds the one extra listing made after a grant whose
// outcome is unknown.
const verifyTimeout = 15 * time.Second

// Share makes fileID readable by every Active member with an email address,
// as PlanSharing decides: Permissions, PlanSharing, then ApplySharing. It is
// the one-call form of what the sync engine does in three steps (read, plan,
// apply) so that its dry run can show the plan.
func (c *Client) Share(ctx context.Context, fileID string, members []domain.Member, granted []Granted) (now []Granted, res ShareResult, err error) {
	existing, err := c.Permissions(ctx, fileID)
	if err != nil {
		return append([]Granted(nil), granted...), res, fmt.Errorf("share file %s: %w", fileID, err)
	}
	return c.ApplySharing(ctx, PlanSharing(fileID, members, granted, existing))
}

// Permissions lists every permission of fileID (every page): what
// PlanSharing compares the service's record with. When Drive answers that
// the file cannot be seen (404: gone, or not the app's under the drive.file
// scope) or not shared by this account (403 other than a rate limit), the
// error also wraps ErrCannotShare.
func (c *Client) Permissions(ctx context.Context, fileID string) ([]*driveapi.Permission, error) {
	perms, err := c.listPermissions(ctx, fileID)
	if err != nil && (isStatus(err, http.StatusNotFound) || isRefusal(err)) {
		return nil, fmt.Errorf("%w: %w", ErrCannotShare, err)
	}
	return perms, err
}

// ApplySharing carries out a SharingPlan: one call at a time (never
// concurrent, and serialized per file within this process), revoking
// first, then granting. With the plan's Target.Notify (always for the
// member directory), new grants email the member Drive's notice with a
// short note in the member's language; without it Drive sends nothing.
// Revocations the guard held back (plan.Held) are not made.
//
// now is the service's record to store in place of the one the plan was
// made from, up to date with what was done, also when err is not nil: a
// failure midway returns the grants made so far, and a grant whose answer
// was lost is looked up again so the service never loses track of a
// permission it created. An address Drive refuses (400) is reported in
// res.Failed and the others are still shared. Errors never hold an address
// in clear.
func (c *Client) ApplySharing(ctx context.Context, plan SharingPlan) (now []Granted, res ShareResult, err error) {
	fileID := plan.FileID
	t := plan.target()
	unlock := lockFile(fileID)
	defer unlock()

	res.Forgotten = len(plan.Forgotten)
	res.AlreadyHaveAccess = len(plan.AlreadyHaveAccess)
	res.Skipped = plan.Skipped

	now = append([]Granted(nil), plan.Keep...)
	// Revoke first: a member who left should lose access as soon as
	// possible. Until a revoke succeeds its record stays.
	for i, g := range plan.Revokes {
		err := c.svc.Permissions.Delete(fileID, g.PermissionID).SupportsAllDrives(true).Context(ctx).Do()
		if err != nil && !isStatus(err, http.StatusNotFound) { // not found: already gone
			now = append(now, plan.Revokes[i:]...)
			return now, res, fmt.Errorf("share file %s: revoke the access of member %s: %w", fileID, g.MemberID, err)
		}
		res.Revoked++
	}
	for _, gr := range plan.Grants {
		p, err := c.grant(ctx, t, fileID, gr)
		if err == nil {
			now = append(now, record(fileID, gr, p))
			res.Granted++
			continue
		}
		if isStatus(err, http.StatusBadRequest) { // this address only
			res.Failed = append(res.Failed, Problem{MemberID: gr.MemberID, Text: domain.T(t.Kind.wording().refused, gr.Name)})
			continue
		}
		if isStatus(err, http.StatusNotFound) || isRefusal(err) { // the file, not this address
			return now, res, fmt.Errorf("share file %s: %w: %w", fileID, ErrCannotShare, redact(err, gr.Email))
		}
		err = redact(err, gr.Email)
		if !isClientError(err) {
			// The grant may have been made with its answer lost: look.
			if p, verr := c.findGrant(ctx, fileID, gr); verr != nil {
				err = errors.Join(err, verr)
			} else if p != nil {
				now = append(now, record(fileID, gr, p))
				res.Granted++
			}
		}
		return now, res, fmt.Errorf("share file %s with member %s: %w", fileID, gr.MemberID, err)
	}
	return now, res, nil
}

func record(fileID string, gr Grant, p *driveapi.Permission) Granted {
	key := gr.Key
	if key == "" {
		key = gr.MemberID
	}
	return Granted{FileID: fileID, PermissionID: p.Id, MemberID: key, Role: gr.Role}
}

// grant creates one permission with the grant's role, emailing the member
// a note in its language when t.Notify, and not emailing at all otherwise.
// supportsAllDrives lets the file be in a shared drive, or be one.
func (c *Client) grant(ctx context.Context, t Target, fileID string, gr Grant) (*driveapi.Permission, error) {
	perm := &driveapi.Permission{Type: "user", Role: gr.Role, EmailAddress: gr.Email}
	call := c.svc.Permissions.Create(fileID, perm).SendNotificationEmail(t.Notify)
	if t.Notify {
		call = call.EmailMessage(domain.T(t.Kind.wording().email).In(gr.Lang))
	}
	return call.SupportsAllDrives(true).
		Fields("id,emailAddress,role,type").
		Context(ctx).Do()
}

// findGrant lists the file's permissions once more after a grant whose
// outcome is unknown (an answer lost or a server error) and returns the
// member's permission if it exists now. It runs even if ctx was cancelled,
// for verifyTimeout at most: losing track of a grant would leave a
// permission the service could never revoke.
func (c *Client) findGrant(ctx context.Context, fileID string, gr Grant) (*driveapi.Permission, error) {
	vctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), verifyTimeout)
	defer cancel()
	perms, err := c.listPermissions(vctx, fileID)
	if err != nil {
		return nil, fmt.Errorf("look again for the access of member %s: %w", gr.MemberID, err)
	}
	for _, p := range perms {
		if strings.EqualFold(p.EmailAddress, gr.Email) && p.Role == gr.Role {
			return p, nil
		}
	}
	return nil, nil
}

// listPermissions reads every page of a file's permissions. No pageSize is
// set: Drive's reference for permissions.list says "When not set for files
// in a shared drive, at most 100 results will be returned. When not set for
// files that are not in a shared drive, the entire list will be returned."
// (https://developers.google.com/drive/api/v3/reference/permissions/list),
// so a My Drive file's thousands of permissions come in one call, and a
// shared drive's file in pages of 100, as with pageSize 100. Pages are
// followed by nextPageToken in both cases.
func (c *Client) listPermissions(ctx context.Context, fileID string) ([]*driveapi.Permission, error) {
	var out []*driveapi.Permission
	err := c.svc.Permissions.List(fileID).
		SupportsAllDrives(true).
		Fields("nextPageToken,permissions(id,emailAddress,domain,role,type,permissionDetails)").
		Pages(ctx, func(l *driveapi.PermissionList) error {
			out = append(out, l.Permissions...)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list the permissions of file %s: %w", fileID, err)
	}
	return out, nil
}

func isStatus(err error, code int) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == code
}

// isRefusal reports whether Drive answered 403 for a reason other than a
// rate or quota limit: the caller may not share the file.
func isRefusal(err error) bool {
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != http.StatusForbidden {
		return false
	}
	for _, e := range ge.Errors {
		if strings.Contains(strings.ToLower(e.Reason), "ratelimit") || strings.Contains(strings.ToLower(e.Reason), "quota") {
			return false
		}
	}
	return true
}

// isClientError reports whether Drive answered with a 4xx other than 429
// (too many requests) or 408: then nothing was created.
func isClientError(err error) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code >= 400 && ge.Code < 500 &&
		ge.Code != http.StatusTooManyRequests && ge.Code != http.StatusRequestTimeout
}

// redactedError shows its cause with an address replaced by its
// logging.Redact stand-in; errors.As and errors.Is still see the cause.
type redactedError struct {
	err  error
	text string
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

func redact(err error, email string) error {
	if err == nil || email == "" {
		return err
	}
	re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(email))
	return &redactedError{err: err, text: re.ReplaceAllLiteralString(err.Error(), logging.Redact(email))}
}

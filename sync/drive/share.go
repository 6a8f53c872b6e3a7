package drive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/logging"
)

// RoleReader is the only role the service grants: members read the
// directory, they do not edit it.
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

// Grant is one permission the service should create: the member can read
// the file.
type Grant struct {
	MemberID string
	Name     string // the member's name, for problems people read; never sent to Drive
	Email    string // as the member's row has it, trimmed
	Role     string // always RoleReader
	Lang     domain.Lang
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
	// Grants are the permissions to create, in the members' order.
	Grants []Grant
	// Revokes are permissions the service granted itself and must delete:
	// their member is no longer Active, has another address, or is gone.
	Revokes []Granted
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
	// shared it, or they own it). They are left alone and not recorded.
	AlreadyHaveAccess []string
	// Skipped are Active members the service cannot share with: an Email
	// cell that is not one address.
	Skipped []Problem
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

// wanted is a member who should be able to read the directory.
type wanted struct {
	m     domain.Member
	email string // lower-cased
}

// eligible sorts members into those who should read the directory (Active,
// with a Member ID and one valid address) and those whose Email cell is not
// one address. A member without an ID yet is left for the next run, when
// the engine has given it one.
func eligible(members []domain.Member) (want []wanted, skipped []Problem) {
	for _, m := range members {
		if m.Status != domain.StatusActive || m.ID == "" {
			continue
		}
		email := strings.TrimSpace(m.Email)
		if email == "" {
			continue
		}
		if !oneAddress(email) {
			skipped = append(skipped, Problem{MemberID: m.ID, Text: domain.T("share.bad_email", m.Name)})
			continue
		}
		want = append(want, wanted{m: m, email: strings.ToLower(email)})
	}
	return want, skipped
}

// oneAddress reports whether s is a single bare email address, the only
// thing Drive accepts as a grantee ("Ana <a@x.org>" or two addresses are
// not).
func oneAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && !strings.ContainsAny(s, " ,;<>")
}

// PlanSharing decides how to share fileID so that every Active member with
// an email address can read it, touching only what the service granted
// itself. It does no I/O. granted is the service's whole record (records of
// other files pass through to Keep); existing is the file's permissions as
// Drive lists them now. Emails are compared without regard to case.
//
// The rules:
//   - An Active member with an email gets a reader permission, unless it can
//     already reach the file through a permission naming its address that
//     the service did not grant (a person shared it, or it owns the file):
//     that one is left alone and not recorded, so the service never revokes
//     what a person gave. Consent to share contact details plays no part:
//     it decides what the directory shows, not who can read it.
//   - The service revokes only its own grants (in granted, still on the
//     file with the role it gave) whose member is no longer Active, has no
//     or another address, or is gone. If another Active member has the same
//     address, the grant is handed over to that member instead.
//   - A grant a person removed from the file is their decision and wins:
//     the service does not grant that member again, and remembers so with a
//     tombstone (RoleRemovedByPerson) while the member stays Active with an
//     address. A grant whose role a person changed is theirs now: forgotten,
//     never revoked.
func PlanSharing(fileID string, members []domain.Member, granted []Granted, existing []*driveapi.Permission) SharingPlan {
	plan := SharingPlan{FileID: fileID}
	want, skipped := eligible(members)
	plan.Skipped = skipped

	emailOf := make(map[string]string, len(want))   // member ID → address it should read with
	byEmail := make(map[string][]string, len(want)) // address → member IDs, in members' order
	for _, w := range want {
		if _, dup := emailOf[w.m.ID]; dup {
			continue // a duplicate Member ID: the engine reports it; the first row counts
		}
		emailOf[w.m.ID] = w.email
		byEmail[w.email] = append(byEmail[w.email], w.m.ID)
	}
	byID := make(map[string]*driveapi.Permission, len(existing))
	byAddr := make(map[string]*driveapi.Permission, len(existing))
	for _, p := range existing {
		if p == nil {
			continue
		}
		byID[p.Id] = p
		if p.EmailAddress != "" {
			byAddr[strings.ToLower(p.EmailAddress)] = p
		}
	}

	covered := map[string]bool{}    // addresses a kept grant of the service already serves
	keptPerm := map[string]bool{}   // permission IDs a kept record names
	tombstoned := map[string]bool{} // member IDs a person took access from
	for _, g := range granted {
		if g.FileID != fileID {
			plan.Keep = append(plan.Keep, g)
			continue
		}
		_, stillWanted := emailOf[g.MemberID]
		if g.Role == RoleRemovedByPerson {
			if stillWanted && !tombstoned[g.MemberID] {
				tombstoned[g.MemberID] = true
				plan.Keep = append(plan.Keep, g)
			} else {
				plan.Forgotten = append(plan.Forgotten, g)
			}
			continue
		}
		p := byID[g.PermissionID]
		switch {
		case p == nil: // a person removed it: remember not to grant again
			if stillWanted && !tombstoned[g.MemberID] {
				tombstoned[g.MemberID] = true
				g.Role = RoleRemovedByPerson
				plan.Keep = append(plan.Keep, g)
			} else {
				plan.Forgotten = append(plan.Forgotten, g)
			}
			continue
		case p.Role != g.Role || keptPerm[g.PermissionID]:
			// A person changed the role (the permission is theirs now), or
			// another record already names this permission.
			plan.Forgotten = append(plan.Forgotten, g)
			continue
		}
		addr := strings.ToLower(p.EmailAddress)
		if emailOf[g.MemberID] == addr && addr != "" {
			plan.Keep = append(plan.Keep, g)
			covered[addr], keptPerm[g.PermissionID] = true, true
			continue
		}
		if ids := byEmail[addr]; len(ids) > 0 && addr != "" {
			// The address still belongs to an Active member: revoking would
			// cut that member off. The grant is now that member's.
			g.MemberID = ids[0]
			plan.Keep = append(plan.Keep, g)
			covered[addr], keptPerm[g.PermissionID] = true, true
			continue
		}
		plan.Revokes = append(plan.Revokes, g)
	}

	planned := map[string]bool{}
	seen := map[string]bool{}
	for _, w := range want {
		if seen[w.m.ID] {
			continue
		}
		seen[w.m.ID] = true
		switch {
		case tombstoned[w.m.ID], covered[w.email], planned[w.email]:
			continue
		case byAddr[w.email] != nil:
			plan.AlreadyHaveAccess = append(plan.AlreadyHaveAccess, w.m.ID)
			continue
		}
		planned[w.email] = true
		plan.Grants = append(plan.Grants, Grant{
			MemberID: w.m.ID, Name: w.m.Name, Email: strings.TrimSpace(w.m.Email), Role: RoleReader, Lang: memberLang(w.m.Language),
		})
	}
	return plan
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
// share with. The engine stores it and plans sharing only when it differs
// from the stored one, so an unchanged roster costs no Drive call. The key
// does not name the file: when the directory is a new file, the engine must
// forget the stored key. It holds no address in clear.
func SharingKey(members []domain.Member) string {
	want, _ := eligible(members)
	lines := make([]string, 0, len(want))
	for _, w := range want {
		lines = append(lines, w.m.ID+"\x00"+w.email)
	}
	sort.Strings(lines)
	h := sha256.New()
	h.Write([]byte("sharing-v1\n"))
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
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
// PlanSharing compares the service's record with.
func (c *Client) Permissions(ctx context.Context, fileID string) ([]*driveapi.Permission, error) {
	return c.listPermissions(ctx, fileID)
}

// ApplySharing carries out a SharingPlan: one call at a time (never
// concurrent, and serialized per file within this process), revoking
// first, then granting. New grants email the member Drive's notice with a
// short note in the member's language.
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
		p, err := c.grant(ctx, fileID, gr)
		if err == nil {
			now = append(now, record(fileID, gr, p))
			res.Granted++
			continue
		}
		if isStatus(err, http.StatusBadRequest) { // this address only
			res.Failed = append(res.Failed, Problem{MemberID: gr.MemberID, Text: domain.T("share.refused", gr.Name)})
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
	return Granted{FileID: fileID, PermissionID: p.Id, MemberID: gr.MemberID, Role: gr.Role}
}

// grant creates one reader permission, emailing the member.
func (c *Client) grant(ctx context.Context, fileID string, gr Grant) (*driveapi.Permission, error) {
	perm := &driveapi.Permission{Type: "user", Role: gr.Role, EmailAddress: gr.Email}
	return c.svc.Permissions.Create(fileID, perm).
		SendNotificationEmail(true).
		EmailMessage(domain.T("share.email_message").In(gr.Lang)).
		SupportsAllDrives(true).
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

// listPermissions reads every page of a file's permissions.
func (c *Client) listPermissions(ctx context.Context, fileID string) ([]*driveapi.Permission, error) {
	var out []*driveapi.Permission
	err := c.svc.Permissions.List(fileID).
		PageSize(100).
		SupportsAllDrives(true).
		Fields("nextPageToken,permissions(id,emailAddress,role,type)").
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

package drive

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/mail"
	"sort"
	"strings"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Kind says what a shared file is, for the words people read about it.
type Kind int

// The files the service shares with the members.
const (
	// KindDirectory is the member directory spreadsheet.
	KindDirectory Kind = iota
	// KindFolder is the coalition's shared Drive folder (SHARED_FOLDER_ID):
	// a folder in a My Drive, a folder in a shared drive, or a shared drive.
	KindFolder
)

// RoleWriter is the shared folder's default role (SHARED_FOLDER_ROLE):
// members add and edit the coalition's shared updates.
const RoleWriter = "writer"

// Target is a file the Active members get access to, and how. The member
// directory and the shared folder are two targets planned and applied by
// the same code (PlanTargetSharing, ApplySharing), so that their rules do
// not drift apart; only these options differ.
type Target struct {
	// FileID is the file, folder or shared drive to share.
	FileID string
	// Kind chooses the wording of Drive's email and of the problems.
	Kind Kind
	// Role is the role given: RoleReader for the directory, SHARED_FOLDER_ROLE
	// (default RoleWriter) for the folder. Drive takes "fileOrganizer" and
	// "organizer" only on items of a shared drive.
	Role string
	// Notify sends Drive's sharing email to each new grantee
	// (sendNotificationEmail), with a note in the member's language.
	Notify bool
	// Alternates also gives access to every address written in a member's
	// Alternates cell (see domain.EmailsIn), not only its Email.
	Alternates bool
	// GuardRevokes holds back every revocation of a run that would revoke
	// more than max(3, 10% of the service's grants on the file) at once:
	// the plan then says why in Blocked, and grants are still made.
	GuardRevokes bool
}

// DirectoryTarget is the member directory as the service has always shared
// it: members' Email only, reader, with Drive's email, revocations never
// held back. A member who leaves stops seeing the others' contact details
// at the next run, however many leave at once: holding revocations back
// would keep contact details open to people who are no longer members.
func DirectoryTarget(fileID string) Target {
	return Target{FileID: fileID, Kind: KindDirectory, Role: RoleReader, Notify: true}
}

// FolderTarget is the coalition's shared folder: members' Email and their
// alternates' addresses, with role (RoleWriter when empty), Drive's email
// only when notify is true (SHARED_FOLDER_NOTIFY), and the revocation
// guard on, since revoking a folder's writers by mistake cuts people off
// their work.
func FolderTarget(fileID, role string, notify bool) Target {
	if role == "" {
		role = RoleWriter
	}
	return Target{FileID: fileID, Kind: KindFolder, Role: role, Notify: notify, Alternates: true, GuardRevokes: true}
}

// Message keys of the sharing wording (text.go), per kind of file.
const (
	msgDirEmail       = "share.email_message"
	msgDirBadEmail    = "share.bad_email"
	msgDirRefused     = "share.refused"
	msgDirGuard       = "share.revoke_guard"
	msgFolderEmail    = "folder.email_message"
	msgFolderBadEmail = "folder.bad_email"
	msgFolderRefused  = "folder.refused"
	msgFolderGuard    = "folder.revoke_guard"
)

type wording struct{ email, badEmail, refused, guard string }

func (k Kind) wording() wording {
	if k == KindFolder {
		return wording{msgFolderEmail, msgFolderBadEmail, msgFolderRefused, msgFolderGuard}
	}
	return wording{msgDirEmail, msgDirBadEmail, msgDirRefused, msgDirGuard}
}

// alternateMark separates a Member ID from the fingerprint of an
// alternate's address in a record's MemberID: M-0007/alternate/1a2b3c4d5e6f.
const alternateMark = "/alternate/"

// AlternateKey is what the service's record names a grant to one of a
// member's alternates by, in Granted.MemberID: the Member ID and a
// fingerprint of the address (never the address in clear). Each address
// needs its own key, so that a person removing one alternate's access is
// remembered for that address only.
func AlternateKey(memberID, email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return memberID + alternateMark + hex.EncodeToString(sum[:6])
}

// MemberOf returns the Member ID a record's MemberID names: itself, or the
// member whose alternate a key of AlternateKey names.
func MemberOf(key string) string {
	id, _, _ := strings.Cut(key, alternateMark)
	return id
}

// Person is a permission on the file that the service did not grant: a
// person shared it by hand, or it comes from the shared drive. The service
// never changes it; the Dashboard lists it.
type Person struct {
	Type   string // user, group, domain or anyone
	Email  string // for user and group, lower-cased
	Domain string // for domain
	Role   string
	// Inherited is true for access that comes from the shared drive or a
	// folder above (Drive's permissionDetails).
	Inherited bool
	// MemberID names the member whose Email or Alternates hold this address
	// ("" for a guest), and Active whether that member is Active now: a
	// former member's access given by hand stays until a person removes it.
	MemberID string
	Active   bool
}

// wanted is one address that should have access: a member's Email or one
// of its alternates'.
type wanted struct {
	m       domain.Member
	key     string // the record's MemberID: Member ID, or AlternateKey
	email   string // lower-cased
	asTyped string // as the cell has it, trimmed: what is sent to Drive
}

// eligible sorts members into the addresses that should have access to
// t (Active members with a Member ID: their one valid Email, and with
// t.Alternates the addresses in Alternates) and the members whose Email
// cell is not one address. A member without an ID yet is left for the next
// run, when the engine has given it one.
func eligible(t Target, members []domain.Member) (want []wanted, skipped []Problem) {
	for _, m := range members {
		if m.Status != domain.StatusActive || m.ID == "" {
			continue
		}
		if email := strings.TrimSpace(m.Email); email != "" {
			if oneAddress(email) {
				want = append(want, wanted{m: m, key: m.ID, email: strings.ToLower(email), asTyped: email})
			} else {
				skipped = append(skipped, Problem{MemberID: m.ID, Text: domain.T(t.Kind.wording().badEmail, m.Name)})
			}
		}
		if t.Alternates {
			for _, e := range domain.EmailsIn(m.Alternates) {
				want = append(want, wanted{m: m, key: AlternateKey(m.ID, e), email: e, asTyped: e})
			}
		}
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

// PlanTargetSharing decides how to share t.FileID so that every address
// that should have access (see eligible) has it with t.Role, touching only
// what the service granted itself. It does no I/O. granted is the
// service's whole record (records of other files pass through to Keep);
// existing is the file's permissions as Drive lists them now. Emails are
// compared without regard to case.
//
// The rules:
//   - An address that should have access gets a permission, unless it can
//     already reach the file through a permission the service did not
//     grant (a person shared it, it owns the file, or it is a member of the
//     shared drive): that one is left alone and not recorded, so the
//     service never revokes what a person gave. Consent to share contact
//     details plays no part: it decides what the directory shows, not who
//     can open it.
//   - The service revokes only its own grants (in granted, still on the
//     file with the role it gave) whose address is no longer wanted: the
//     member left (Removed, Withdrawn, or any status but Active), changed
//     its address, dropped an alternate, or is gone. If another wanted key
//     has the same address, the grant is handed over to it instead.
//   - With t.GuardRevokes, more than max(3, 10% of the service's live
//     grants on the file) revocations at once are all held back (kept in
//     the record, listed in Held) and Blocked says why; grants still go.
//   - A grant a person removed from the file is their decision and wins:
//     the service does not grant that address again, and remembers so with
//     a tombstone (RoleRemovedByPerson) while it stays wanted. A grant
//     whose role a person changed is theirs now: forgotten, never revoked.
//   - Every other permission but the owner's is listed in ByHand.
func PlanTargetSharing(t Target, members []domain.Member, granted []Granted, existing []*driveapi.Permission) SharingPlan {
	fileID := t.FileID
	plan := SharingPlan{FileID: fileID, Target: t}
	want, skipped := eligible(t, members)
	plan.Skipped = skipped

	emailOf := make(map[string]string, len(want))   // key → address it should open with
	byEmail := make(map[string][]string, len(want)) // address → keys, in members' order
	rowOf := make(map[string]bool, len(want))       // Member IDs whose first row was taken
	for _, w := range want {
		if _, dup := emailOf[w.key]; dup {
			continue // a duplicate Member ID or address: the first row counts
		}
		if w.key == w.m.ID {
			if rowOf[w.m.ID] {
				continue // a duplicate Member ID: the engine reports it
			}
			rowOf[w.m.ID] = true
		}
		emailOf[w.key] = w.email
		byEmail[w.email] = append(byEmail[w.email], w.key)
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
	tombstoned := map[string]bool{} // keys a person took access from
	live := 0                       // the service's grants still on the file as it gave them
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
		live++
		addr := strings.ToLower(p.EmailAddress)
		if emailOf[g.MemberID] == addr && addr != "" {
			plan.Keep = append(plan.Keep, g)
			covered[addr], keptPerm[g.PermissionID] = true, true
			continue
		}
		if keys := byEmail[addr]; len(keys) > 0 && addr != "" {
			// The address is still wanted: revoking would cut that member
			// off. The grant is now that key's.
			g.MemberID = keys[0]
			plan.Keep = append(plan.Keep, g)
			covered[addr], keptPerm[g.PermissionID] = true, true
			continue
		}
		plan.Revokes = append(plan.Revokes, g)
	}
	if limit := math.Max(3, 0.1*float64(live)); t.GuardRevokes && float64(len(plan.Revokes)) > limit {
		plan.Held = plan.Revokes
		plan.Keep = append(plan.Keep, plan.Revokes...)
		plan.Revokes = nil
		plan.Blocked = domain.T(t.Kind.wording().guard, len(plan.Held), int(limit), live)
	}
	for _, g := range append(plan.Revokes, plan.Held...) {
		keptPerm[g.PermissionID] = true // the service's own: not listed as given by hand
	}

	planned := map[string]bool{}
	seen := map[string]bool{}
	for _, w := range want {
		if seen[w.key] || emailOf[w.key] != w.email {
			continue
		}
		seen[w.key] = true
		switch {
		case tombstoned[w.key], covered[w.email], planned[w.email]:
			continue
		case byAddr[w.email] != nil:
			plan.AlreadyHaveAccess = append(plan.AlreadyHaveAccess, w.key)
			continue
		}
		planned[w.email] = true
		plan.Grants = append(plan.Grants, Grant{
			MemberID: w.m.ID, Key: w.key, Name: w.m.Name, Email: w.asTyped, Role: t.Role, Lang: memberLang(w.m.Language),
		})
	}
	plan.ByHand = byHand(t, members, existing, keptPerm)
	return plan
}

// byHand lists the permissions of the file the service's record does not
// name (mine), but the owner's, with the member each address belongs to.
func byHand(t Target, members []domain.Member, existing []*driveapi.Permission, mine map[string]bool) []Person {
	var out []Person
	var whose map[string]domain.Member // address → the first member holding it
	for _, p := range existing {
		if p == nil || mine[p.Id] || p.Role == "owner" {
			continue
		}
		if whose == nil {
			whose = addressOwners(t, members)
		}
		person := Person{Type: p.Type, Email: strings.ToLower(p.EmailAddress), Domain: p.Domain, Role: p.Role}
		for _, d := range p.PermissionDetails {
			if d != nil && d.Inherited {
				person.Inherited = true
			}
		}
		if m, ok := whose[person.Email]; ok && person.Email != "" {
			person.MemberID, person.Active = m.ID, m.Status == domain.StatusActive
		}
		out = append(out, person)
	}
	return out
}

// addressOwners maps each address in a member's Email (and, with
// t.Alternates, its Alternates) to the member, Active members first.
func addressOwners(t Target, members []domain.Member) map[string]domain.Member {
	out := map[string]domain.Member{}
	for _, activeFirst := range []bool{true, false} {
		for _, m := range members {
			if m.ID == "" || (m.Status == domain.StatusActive) != activeFirst {
				continue
			}
			addrs := domain.EmailsIn(m.Email)
			if t.Alternates {
				addrs = append(addrs, domain.EmailsIn(m.Alternates)...)
			}
			for _, a := range addrs {
				if _, ok := out[a]; !ok {
					out[a] = m
				}
			}
		}
	}
	return out
}

// TargetSharingKey fingerprints who should have access to t: the keys and
// lower-cased addresses PlanTargetSharing would share with, and for a
// folder the role. The engine stores it and plans sharing only when it
// differs from the stored one, so an unchanged roster costs no Drive call.
// The key does not name the file: when the file changes, the engine must
// forget the stored key. It holds no address in clear. For the directory it
// is SharingKey.
func TargetSharingKey(t Target, members []domain.Member) string {
	want, _ := eligible(t, members)
	lines := make([]string, 0, len(want))
	for _, w := range want {
		lines = append(lines, w.key+"\x00"+w.email)
	}
	sort.Strings(lines)
	h := sha256.New()
	if t.Kind == KindDirectory {
		h.Write([]byte("sharing-v1\n"))
	} else {
		h.Write([]byte("folder-v1\x00" + t.Role + "\n"))
	}
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// ForFile returns the records of one file, in order. The member directory
// and the shared folder keep their records in one list; each plan passes
// the other file's records through its Keep untouched, so a caller that
// shares both in one run plans the second from the first's Keep, and after
// applying both stores ForFile(directory's record, directoryID) followed by
// the folder's record without the directory's records (ForOtherFiles).
func ForFile(records []Granted, fileID string) []Granted {
	var out []Granted
	for _, g := range records {
		if g.FileID == fileID {
			out = append(out, g)
		}
	}
	return out
}

// ForOtherFiles returns the records of every file but fileID, in order.
func ForOtherFiles(records []Granted, fileID string) []Granted {
	var out []Granted
	for _, g := range records {
		if g.FileID != fileID {
			out = append(out, g)
		}
	}
	return out
}

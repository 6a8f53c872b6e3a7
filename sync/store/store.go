// Package store provides the coalition's system of record in Firestore: members,
// meetings with attendance, votes, flags with their history, an audit log,
// sync state, sync run reports, a per-coalition lease, and Member ID
// allocation.
//
// Everything lives under coalitions/{coalitionID}/ and is reached only through
// a Coalition handle, so one coalition can never read or write another's
// documents through the store:
//
//	coalitions/{c}/members/{memberID}       one per Member ID, never deleted (marked missing)
//	coalitions/{c}/meetings/{YYYY-MM-DD}    quorum numbers and attendance by member ID
//	coalitions/{c}/votes/{voteID}
//	coalitions/{c}/flags/{memberID}~{kind}  a flag's raised/cleared history
//	coalitions/{c}/audit/{entryID}          who changed what, when, from where
//	coalitions/{c}/runs/{runID}             one report per sync run
//	coalitions/{c}/sync/state               sync tokens and what the service created or granted
//	coalitions/{c}/sync/counters            the next Member number
//	coalitions/{c}/sync/lease               one sync at a time, with a dirty flag
//
// Every entity document carries a content hash of its meaningful fields (it
// names audit entries); Save compares the meaningful fields with what it
// loaded and writes only the documents that changed, and of a document
// already stored only the fields that changed (a meeting's attendance mark
// by mark), so saving what is already stored costs zero writes. Commits hold
// at most MaxWritesPerCommit writes and MaxCommitBytes bytes.
//
// # Load cache and generation
//
// A Store keeps in memory what the last Load of each of a few coalitions
// read (WithLoadCache). The sync state holds a generation, a field that
// says "the entity and flag documents are as the save that wrote me left
// them". Load reads the sync state and the counters first (at most 2 reads)
// and, when its cache holds the same generation and its last listing is
// younger than WithCacheTrust (DefaultCacheTrust, one hour), returns the
// cache and reads nothing else. Otherwise it lists every document's name
// and update time (one read per document) and reads again only those that
// changed. The rules that keep this correct:
//
//   - A save that writes entity or flag documents writes a new generation
//     in its last commit, which Apply sends only after every other commit
//     succeeded (the sync state's commit, or the generation alone if the
//     sync state did not change: one more write in that commit). A save of
//     one commit is atomic: the documents and the generation change
//     together or not at all.
//   - A save of several commits first writes the generation "pending-…"
//     in a commit of its own (one more write and commit). No Load trusts a
//     pending generation, so while the save runs, and forever if it fails
//     midway, every process lists; the next save that succeeds writes a
//     settled generation again. Apply also drops its own store's cache
//     after any failure. A one-commit save that Firestore refuses and Apply
//     splits writes the pending mark before the first half.
//   - Load reads the sync state before it lists: documents listed after
//     the read are at least as new as the generation read, so a cache kept
//     under a generation never holds less than that generation says.
//   - A generation is a count and a random part, so that two saves from the
//     same base (which the lease prevents) still never write the same one.
//     An empty generation (never saved by this version, or rewritten by an
//     older one) is never trusted, nor moved by a save that does not write
//     the sync state: it vouches for nothing.
//   - Another process's save moves the generation, so this store's next
//     Load lists (and fetches only what changed). After its own save
//     succeeds, a store keeps what it wrote under the new generation, so
//     the next Load of the same process reads 2 documents. SaveSyncState
//     (the version seen, nothing else) keeps the generation.
//
// What the generation cannot see: a person editing, adding or deleting a
// document in the Firestore console (or any writer other than this
// package, such as an older version of the service during a rollout) does
// not move it. Such a change is seen by the next Load of a process that
// has no cache for the coalition (a new instance, a restart), and by every
// other process at its first Load more than DefaultCacheTrust after its
// last listing. One hour is chosen because the console is a repair tool
// used by hand, rarely, and the sheet, not Firestore, is where people edit:
// listing once an hour costs at most about 24 × 6,100 = 150,000 reads a
// day for a coalition of 5,000 members, against 6,100 for every run that
// loads without the generation. Until the listing, a save against a cache
// that missed a console edit writes only the fields the sheet changed (the
// person's edit stays, and the document's content hash no longer matches
// its content), or, when the person deleted the document, fails for that
// document alone: the failure leaves the generation pending, the next Load
// lists and sees the deletion, and the save after it writes the document
// whole. After the listing, the next save puts back what the sheet says,
// as it always did. WithCacheTrust(0) lists on every Load, as before
// generations.
//
// # Digest: cold loads of what changed
//
// LoadForPlan, the sync engine's load, needs no cache to read little: a
// process without one reads the sync state, the counters and a digest of
// a few documents (coalitions/{c}/digest/: every entity's content hash and
// the few fields planning needs), and Apply later fetches only the
// documents of the entities the plan changes. Every save planned on a
// LoadForPlan snapshot keeps the digest exact, and the sync state's
// "digest" field, written with the generation, says which generation it
// describes: a digest is trusted only when that is the stored, settled
// generation, so a save stopped between commits leaves it untrusted (every
// process reads everything until a save succeeds). A console edit, which
// the digest does not see either, is seen by the first cold LoadForPlan
// more than DefaultDigestTrust (a day) after the digest was last checked
// against every document. A process whose cache was filled from the digest
// (it holds only the documents fetched since) keeps it on the digest's
// terms, a day, rather than the hour a cache filled by a listing is
// trusted. See digest.go.
package store

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"cloud.google.com/go/firestore"
)

// MaxWritesPerCommit is Firestore's limit on writes in one commit, which Save
// never exceeds.
const MaxWritesPerCommit = 500

// ErrInvalidID is wrapped by every error about a coalition or document ID that
// cannot be used.
var ErrInvalidID = errors.New("invalid ID")

// Store is the Firestore system of record for any number of coalitions. It is
// safe for concurrent use; reach one coalition's data through Coalition.
type Store struct {
	client *firestore.Client
	now    func() time.Time
	stats  counters
	cache  loadCache
	// commitBytes caps a save's commits (MaxCommitBytes; tests lower it).
	commitBytes int
	// digestTrust is how long LoadForPlan trusts the digest (digest.go).
	digestTrust time.Duration
}

// Option configures a Store.
type Option func(*Store)

// WithClock makes the store read time from now instead of time.Now: leases,
// audit entries and history marks use it.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// New returns a store over client. The client is not closed by the store.
func New(client *firestore.Client, opts ...Option) *Store {
	s := &Store{client: client, now: time.Now, commitBytes: MaxCommitBytes}
	s.cache.max = DefaultLoadCache
	s.cache.trust = DefaultCacheTrust
	s.digestTrust = DefaultDigestTrust
	for _, o := range opts {
		o(s)
	}
	return s
}

// clock returns the current time at Firestore's precision (microseconds, UTC),
// so that what is written reads back equal.
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Counters counts what the store did against Firestore.
type Counters struct {
	Writes  int64 // documents written (set or deleted)
	Commits int64 // commits and transactions that wrote
	Reads   int64 // documents read
}

type counters struct{ writes, commits, reads atomic.Int64 }

// Counters returns what the store has done since New, across all coalitions.
// Tests and benchmarks take the difference around a call.
func (s *Store) Counters() Counters {
	return Counters{Writes: s.stats.writes.Load(), Commits: s.stats.commits.Load(), Reads: s.stats.reads.Load()}
}

// Coalition is a handle on one coalition's documents. Every read and write of
// the store goes through one, under coalitions/{ID}/.
type Coalition struct {
	s    *Store
	id   string
	root *firestore.DocumentRef
}

// Coalition returns the handle for coalition id. The ID must be a valid
// Firestore document ID: not empty, no '/', not "." or "..", not of the
// reserved form __x__, at most 1,500 bytes.
func (s *Store) Coalition(id string) (*Coalition, error) {
	if err := ValidateID(id); err != nil {
		return nil, fmt.Errorf("coalition ID: %w", err)
	}
	return &Coalition{s: s, id: id, root: s.client.Collection("coalitions").Doc(id)}, nil
}

// ID returns the coalition's ID.
func (c *Coalition) ID() string { return c.id }

// ValidateID reports whether id can name a document on its own, with no way to
// reach outside its collection.
func ValidateID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: it is empty", ErrInvalidID)
	case strings.Contains(id, "/"):
		return fmt.Errorf("%w: %q contains '/'", ErrInvalidID, id)
	case id == "." || id == "..":
		return fmt.Errorf("%w: %q is reserved", ErrInvalidID, id)
	case strings.HasPrefix(id, "__") && strings.HasSuffix(id, "__"):
		return fmt.Errorf("%w: %q has the reserved form __name__", ErrInvalidID, id)
	case len(id) > 1500:
		return fmt.Errorf("%w: it is longer than 1,500 bytes", ErrInvalidID)
	}
	return nil
}

func (c *Coalition) coll(name string) *firestore.CollectionRef { return c.root.Collection(name) }

func (c *Coalition) doc(coll, id string) *firestore.DocumentRef {
	return c.root.Collection(coll).Doc(id)
}

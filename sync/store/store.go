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

package store

import (
	"context"
	"fmt"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/domain"
)

// collEvents holds one document per calendar event the service made:
// coalitions/{c}/events/{eventID}. They are read only when a run changes
// the calendar (the sync state's CalendarKey moved), never on a run with
// nothing new for Calendar.
const collEvents = "events"

// EventRecord is one calendar event the service made, and the guests it
// invited there: what lets it take off only the guests it added, never the
// ones people added by hand in Calendar.
type EventRecord struct {
	ID        string
	Key       domain.Date // the meeting's scheduled fourth Monday
	Part      int         // 0 but past Calendar's guest cap
	Date      domain.Date // the day the meeting is held
	Guests    []string    // addresses the service invited that are on the event
	Refused   []string    // addresses Calendar refused
	Declined  []string    // invited addresses that declined
	Link      string
	MeetLink  string
	Hash      string // what was last written, as the calendar adapter fingerprints it
	Notice    string // what guests were last emailed about (time, title, status)
	Cancelled bool
}

type eventDoc struct {
	Key       string   `firestore:"key"`
	Part      int      `firestore:"part"`
	Date      string   `firestore:"date"`
	Guests    []string `firestore:"guests"`
	Refused   []string `firestore:"refused,omitempty"`
	Declined  []string `firestore:"declined,omitempty"`
	Link      string   `firestore:"link,omitempty"`
	MeetLink  string   `firestore:"meetLink,omitempty"`
	Hash      string   `firestore:"hash"`
	Notice    string   `firestore:"notice,omitempty"`
	Cancelled bool     `firestore:"cancelled,omitempty"`
}

// LoadEvents reads every event record (one query: a read per document).
func (c *Coalition) LoadEvents(ctx context.Context) ([]EventRecord, error) {
	docs, err := c.coll(collEvents).Documents(ctx).GetAll()
	if err != nil {
		return nil, fmt.Errorf("load calendar event records of coalition %s: %w", c.id, err)
	}
	c.s.stats.reads.Add(int64(max(1, len(docs))))
	out := make([]EventRecord, 0, len(docs))
	for _, d := range docs {
		var e eventDoc
		if err := d.DataTo(&e); err != nil {
			return nil, fmt.Errorf("read calendar event record %s of coalition %s: %w", d.Ref.ID, c.id, err)
		}
		out = append(out, EventRecord{ID: d.Ref.ID, Key: parseDate(e.Key), Part: e.Part, Date: parseDate(e.Date),
			Guests: e.Guests, Refused: e.Refused, Declined: e.Declined, Link: e.Link, MeetLink: e.MeetLink,
			Hash: e.Hash, Notice: e.Notice, Cancelled: e.Cancelled})
	}
	return out, nil
}

// eventsPerCommit keeps a commit of event records well under Firestore's
// request size: a record holds at most the guest cap's addresses.
const eventsPerCommit = 20

// SaveEvents writes the given event records (those a run changed), in
// commits of a few documents each. A record written twice is the same
// document: saving again after a crash makes no duplicate.
func (c *Coalition) SaveEvents(ctx context.Context, recs []EventRecord) error {
	for start := 0; start < len(recs); start += eventsPerCommit {
		part := recs[start:min(len(recs), start+eventsPerCommit)]
		for _, r := range part {
			if err := ValidateID(r.ID); err != nil {
				return fmt.Errorf("save calendar event record: %w", err)
			}
		}
		// A transaction with writes only is one atomic commit, as the
		// entity saves do it.
		err := c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
			for _, r := range part {
				d := eventDoc{Key: r.Key.String(), Part: r.Part, Date: r.Date.String(),
					Guests: r.Guests, Refused: r.Refused, Declined: r.Declined, Link: r.Link, MeetLink: r.MeetLink,
					Hash: r.Hash, Notice: r.Notice, Cancelled: r.Cancelled}
				if err := tx.Set(c.doc(collEvents, r.ID), d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("save calendar event records of coalition %s: %w", c.id, err)
		}
		c.s.stats.writes.Add(int64(len(part)))
		c.s.stats.commits.Add(1)
	}
	return nil
}

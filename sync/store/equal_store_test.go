package store_test

import (
	"context"
	"testing"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// Save compares what it loaded field by field, not the stored hash: a
// document someone changed by hand in the console (its hash left as it was)
// is put back to what the sheet says, and an untouched one is not written.
func TestSaveRepairsHandEditedDocuments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	s := store.New(client)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	date := domain.NewDate(2026, 1, 26)
	state := store.State{
		Members:  members(3),
		Meetings: []store.Meeting{{Date: date, Attendance: map[string]domain.Code{"M-0001": domain.Present, "M-0002": domain.Absent}}},
	}
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := c.Save(ctx, nil, state, opts); err != nil {
		t.Fatal(err)
	}
	edits := []struct {
		name   string
		doc    string
		update []firestore.Update
	}{
		{"a member's name", "coalitions/c1/members/M-0002", []firestore.Update{{Path: "name", Value: "Typed in the console"}}},
		{"an attendance mark", "coalitions/c1/meetings/2026-01-26", []firestore.Update{{FieldPath: firestore.FieldPath{"attendance", "M-0002"}, Value: "P"}}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			if _, err := client.Doc(e.doc).Update(ctx, e.update); err != nil {
				t.Fatal(err)
			}
			res, err := c.Save(ctx, nil, state, opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Updated != 1 || res.Unchanged != 3 {
				t.Errorf("save after %s was edited by hand: %d updated, %d unchanged; want 1, 3", e.name, res.Updated, res.Unchanged)
			}
			snap, err := c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			m, _ := snap.Member("M-0002")
			mt, _ := snap.Meeting(date)
			if m.Name != state.Members[1].Name || mt.Attendance["M-0002"] != domain.Absent {
				t.Errorf("after the save: name %q, mark %v; want %q, %v", m.Name, mt.Attendance["M-0002"], state.Members[1].Name, domain.Absent)
			}
		})
	}
}

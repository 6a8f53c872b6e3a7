package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// A second load reuses every unchanged document the first one read (the
// same decoded document, not read again) and reads again the changed one.
func TestLoadReusesUnchangedDocuments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	s := New(client)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	var st State
	for i := range 8 {
		st.Members = append(st.Members, Member{Member: domain.Member{ID: fmt.Sprintf("M-%04d", i+1), Name: fmt.Sprintf("Invented Group %d", i+1)}})
	}
	if _, err := c.Save(ctx, nil, st, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	first, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Members[3].Name = "Renamed"
	if _, err := c.Save(ctx, first, st, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	second, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id, d := range second.docs[collMembers] {
		reused := d == first.docs[collMembers][id]
		if want := id != "M-0004"; reused != want {
			t.Errorf("member %s reused from the last load: %v, want %v", id, reused, want)
		}
	}
	if m, _ := second.Member("M-0004"); m.Name != "Renamed" {
		t.Errorf("changed member's name = %q, want %q", m.Name, "Renamed")
	}
}

// The cache holds at most its size in coalitions, forgetting the least
// recently loaded; size 0 keeps nothing.
func TestLoadCacheSize(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	tests := []struct {
		name  string
		size  int
		loads []string
		want  []string // coalitions cached after the loads
	}{
		{"off", 0, []string{"a", "b"}, nil},
		{"one", 1, []string{"a", "b"}, []string{"b"}},
		{"two, the least recently loaded goes", 2, []string{"a", "b", "a", "c"}, []string{"a", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(client, WithLoadCache(tt.size))
			for _, id := range tt.loads {
				c, err := s.Coalition(id)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Load(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if got := len(s.cache.by); got != len(tt.want) {
				t.Errorf("coalitions cached = %d, want %d", got, len(tt.want))
			}
			for _, id := range tt.want {
				if s.cache.get(id) == nil {
					t.Errorf("coalition %s not cached, want cached", id)
				}
			}
		})
	}
}

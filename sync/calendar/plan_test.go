package calendar_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/sync/calendar"
)

func TestEventID(t *testing.T) {
	m := meeting("2026-01-26")
	id := calendar.EventID(coalition, m.Key, 0)
	if len(id) < 5 || len(id) > 1024 || strings.Trim(id, "0123456789abcdefghijklmnopqrstuv") != "" {
		t.Errorf("EventID = %q, want 5 to 1024 base32hex characters", id)
	}
	others := []string{
		calendar.EventID(coalition, m.Key, 1),
		calendar.EventID("another-coalition", m.Key, 0),
		calendar.EventID(coalition, meeting("2026-02-23").Key, 0),
	}
	for _, o := range others {
		if o == id {
			t.Errorf("EventID gives %q for a different part, coalition or meeting", o)
		}
	}
	if again := calendar.EventID(coalition, m.Key, 0); again != id {
		t.Errorf("EventID = %q then %q, want the same", id, again)
	}
}

// recorded returns the records Apply would write for the changes, as if
// every write worked.
func recorded(changes []calendar.Change) []calendar.Record {
	var out []calendar.Record
	for _, ch := range changes {
		out = append(out, calendar.RecordFor(ch))
	}
	return out
}

func TestPlan(t *testing.T) {
	base := meeting("2026-01-26", "ana@example.org", "ben@example.org")
	recs := recorded(calendar.Plan(coalition, []calendar.Meeting{base}, nil))
	tests := []struct {
		name  string
		want  calendar.Meeting
		recs  []calendar.Record
		check func(t *testing.T, got []calendar.Change)
	}{
		{"a new meeting: part 0 created, everyone invited", base, nil, func(t *testing.T, got []calendar.Change) {
			if len(got) != 1 || got[0].Kind != calendar.Create || got[0].Part != 0 || got[0].SendUpdates != "all" ||
				!slices.Equal(got[0].Add, []string{"ana@example.org", "ben@example.org"}) {
				t.Errorf("Plan = %+v, want one create inviting ana and ben", got)
			}
		}},
		{"a meeting with no guests still gets its event (for the Meet link)", meeting("2026-01-26"), nil, func(t *testing.T, got []calendar.Change) {
			if len(got) != 1 || got[0].Kind != calendar.Create || len(got[0].Guests) != 0 {
				t.Errorf("Plan = %+v, want one create without guests", got)
			}
		}},
		{"records that match: nothing", base, recs, func(t *testing.T, got []calendar.Change) {
			if len(got) != 0 {
				t.Errorf("Plan = %+v, want nothing", got)
			}
		}},
		{"guests given in any case and order are the same guests", meeting("2026-01-26", "BEN@example.org", " ana@example.org", "ben@example.org"), recs,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 0 {
					t.Errorf("Plan = %+v, want nothing", got)
				}
			}},
		{"a description change: written without email", func() calendar.Meeting { m := base; m.Description = "New agenda."; return m }(), recs,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 1 || got[0].Kind != calendar.Update || got[0].SendUpdates != "none" {
					t.Errorf("Plan = %+v, want one quiet update", got)
				}
			}},
		{"a title change: everyone told", func() calendar.Meeting { m := base; m.Title = "Reunión de la coalición"; return m }(), recs,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 1 || got[0].SendUpdates != "all" {
					t.Errorf("Plan = %+v, want one update to all", got)
				}
			}},
		{"a guest gone: a quiet removal", meeting("2026-01-26", "ana@example.org"), recs, func(t *testing.T, got []calendar.Change) {
			if len(got) != 1 || got[0].SendUpdates != "none" || !slices.Equal(got[0].Remove, []string{"ben@example.org"}) {
				t.Errorf("Plan = %+v, want one quiet removal of ben", got)
			}
		}},
		{"a newcomer: an event of their own, the first one untouched", meeting("2026-01-26", "ana@example.org", "ben@example.org", "cy@example.org"), recs,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 1 || got[0].Kind != calendar.Create || got[0].Part != 1 || !slices.Equal(got[0].Add, []string{"cy@example.org"}) ||
					got[0].FirstEventID != calendar.EventID(coalition, base.Key, 0) {
					t.Errorf("Plan = %+v, want part 1 for cy", got)
				}
			}},
		{"cancelled: the event cancelled with notice", func() calendar.Meeting { m := base; m.Cancelled = true; return m }(), recs,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 1 || got[0].Kind != calendar.Cancel || got[0].SendUpdates != "all" {
					t.Errorf("Plan = %+v, want one cancellation", got)
				}
			}},
		{"cancelled before it was ever made: nothing", func() calendar.Meeting { m := base; m.Cancelled = true; return m }(), nil,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 0 {
					t.Errorf("Plan = %+v, want nothing", got)
				}
			}},
		{"what is not one address is never sent, and reported", meeting("2026-01-26", "Ana <ana@example.org>", "ben@example.org"), nil,
			func(t *testing.T, got []calendar.Change) {
				if len(got) != 1 || !slices.Equal(got[0].Guests, []string{"ben@example.org"}) || !slices.Equal(got[0].Refused, []string{"ana <ana@example.org>"}) {
					t.Errorf("Plan = %+v, want ben invited and the other refused", got)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, calendar.Plan(coalition, []calendar.Meeting{tc.want}, tc.recs))
		})
	}
}

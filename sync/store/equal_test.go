package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

// fullDocs returns one document of each entity type with every field set.
func fullDocs() map[string]func() entityDoc {
	at := time.Date(2026, 3, 2, 15, 4, 5, 123456000, time.UTC)
	m := meta{IsMissing: false, MissingSince: time.Time{}, Hash: "h"}
	return map[string]func() entityDoc{
		"member": func() entityDoc {
			return &memberDoc{Name: "Invented Group", Type: "Organization", TaxStatus: "501(c)(3)",
				Sector: "labor", Representative: "Rep", Title: "Director", Pronouns: "she/her",
				Email: "rep@example.org", Phone: "555-0100", Address: "1 Main St", Alternates: "Alt",
				WorkingGroups: []string{"Legislative", "Communications"}, CoreTeam: true, Status: "active",
				Voting: true, Joined: "2024-01-02", Left: "2025-01-02", LastReview: "2024-06-01",
				ShareContact: true, Language: "es", ContraryAction: "reported",
				UnexcusedAbsences: 2, Flags: []flagDoc{{Kind: "absences", Dates: []string{"2024-02-26"}}},
				FirstSeen: at, LastSeen: at, meta: m}
		},
		"meeting": func() entityDoc {
			return &meetingDoc{Date: "2024-02-26", Cancelled: true, DateOverride: "2024-02-27",
				CalendarEventID: "ev1", AgendaLink: "https://a", NotesLink: "https://n",
				VotingMembers: 10, Present: 7, QuorumNeeded: 7, Quorum: true, Recorded: true,
				Attendance: map[string]string{"M-0001": "P", "M-0002": "A"}, meta: m}
		},
		"vote": func() entityDoc {
			return &voteDoc{Meeting: "2024-02-26", Motion: "Admit X", Kind: "admit", Subject: "X",
				Yes: 5, No: 1, Abstain: 1, Valid: true, Passed: true, Result: "Passed.", meta: m}
		},
	}
}

// mutate changes one field's value in place, whatever its kind.
func mutate(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Slice:
		v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
	case reflect.Map:
		c := reflect.MakeMap(v.Type())
		for _, k := range v.MapKeys() {
			c.SetMapIndex(k, v.MapIndex(k))
		}
		c.SetMapIndex(reflect.ValueOf("new key"), reflect.ValueOf("P"))
		v.Set(c)
	case reflect.Struct:
		if tm, ok := v.Interface().(time.Time); ok {
			v.Set(reflect.ValueOf(tm.Add(time.Second)))
			return
		}
		t.Fatalf("no way to change a %s", v.Type())
	default:
		t.Fatalf("no way to change a %s", v.Type())
	}
}

// fieldsOfDoc lists a document's fields (the embedded meta's included) by
// JSON name, with whether the content hash covers them.
func fieldsOfDoc(d entityDoc) []struct {
	name    string
	index   []int
	content bool
} {
	var out []struct {
		name    string
		index   []int
		content bool
	}
	typ := reflect.TypeOf(d).Elem()
	for _, f := range reflect.VisibleFields(typ) {
		if f.Anonymous {
			continue
		}
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		name := tag
		if tag == "-" || tag == "" {
			name = f.Name
		}
		out = append(out, struct {
			name    string
			index   []int
			content bool
		}{name, f.Index, tag != "-"})
	}
	return out
}

// Every meaningful field, changed alone, makes a document different (to
// sameContent and to the hash); the hash and the history marks do not.
func TestSameContentCoversEveryField(t *testing.T) {
	t.Parallel()
	for kind, newDoc := range fullDocs() {
		for _, f := range fieldsOfDoc(newDoc()) {
			t.Run(kind+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				a, b := newDoc(), newDoc()
				if !sameContent(a, b) {
					t.Fatalf("sameContent(two equal %s documents) = false, want true", kind)
				}
				mutate(t, reflect.ValueOf(b).Elem().FieldByIndex(f.index))
				if got := sameContent(a, b); got == f.content {
					t.Errorf("sameContent after changing %s = %v, want %v", f.name, got, !f.content)
				}
				if got := sameContent(b, a); got == f.content {
					t.Errorf("sameContent (reversed) after changing %s = %v, want %v", f.name, got, !f.content)
				}
				if got := contentHash(a) != contentHash(b); got != f.content {
					t.Errorf("hash changed after changing %s: %v, want %v", f.name, got, f.content)
				}
			})
		}
	}
}

func TestSameContent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b entityDoc
		want bool
	}{
		{"different types", &voteDoc{}, &meetingDoc{}, false},
		{"nil and empty attendance", &meetingDoc{Date: "2024-02-26"}, &meetingDoc{Date: "2024-02-26", Attendance: map[string]string{}}, true},
		{"attendance built in another order",
			&meetingDoc{Attendance: map[string]string{"M-0001": "P", "M-0002": "A", "M-0003": "N"}},
			&meetingDoc{Attendance: map[string]string{"M-0003": "N", "M-0001": "P", "M-0002": "A"}}, true},
		{"attendance of the same size, another member", &meetingDoc{Attendance: map[string]string{"M-0001": "P"}}, &meetingDoc{Attendance: map[string]string{"M-0002": "P"}}, false},
		{"attendance, another mark", &meetingDoc{Attendance: map[string]string{"M-0001": "P"}}, &meetingDoc{Attendance: map[string]string{"M-0001": "A"}}, false},
		{"flag dates differ", &memberDoc{Flags: []flagDoc{{Kind: "absences", Dates: []string{"2024-01-22"}}}},
			&memberDoc{Flags: []flagDoc{{Kind: "absences", Dates: []string{"2024-02-26"}}}}, false},
		{"working groups reordered", &memberDoc{WorkingGroups: []string{"A", "B"}}, &memberDoc{WorkingGroups: []string{"B", "A"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := sameContent(tt.a, tt.b); got != tt.want {
				t.Errorf("sameContent = %v, want %v", got, tt.want)
			}
		})
	}
}

// The hash does not depend on the order a map was filled in: a meeting
// built twice hashes the same.
func TestContentHashIsStable(t *testing.T) {
	t.Parallel()
	a, b := &meetingDoc{Attendance: map[string]string{}}, &meetingDoc{Attendance: map[string]string{}}
	for i := range 200 {
		a.Attendance[string(rune('a'+i%26))+strings.Repeat("x", i)] = "P"
		j := 199 - i
		b.Attendance[string(rune('a'+j%26))+strings.Repeat("x", j)] = "P"
	}
	if ha, hb := contentHash(a), contentHash(b); ha != hb {
		t.Errorf("hashes of equal meetings = %s and %s, want equal", ha, hb)
	}
}

// meetingDoc.holds, which spares Plan converting unchanged meetings,
// agrees with sameContent on the document Save would build, for a change
// of every field of a Meeting.
func TestMeetingHoldsAgreesWithSameContent(t *testing.T) {
	t.Parallel()
	base := func() Meeting {
		return Meeting{Date: domain.NewDate(2026, 1, 26), Cancelled: false, DateOverride: domain.NewDate(2026, 1, 27),
			CalendarEventID: "ev1", AgendaLink: "https://example.org/a", NotesLink: "https://example.org/n",
			VotingMembers: 3, Present: 2, QuorumNeeded: 2, Quorum: true, Recorded: true,
			Attendance: map[string]domain.Code{"M-0001": domain.Present, "M-0002": domain.Absent, "M-0003": domain.Unrecorded}}
	}
	tests := []struct {
		name   string
		change func(m *Meeting)
	}{
		{"nothing", func(*Meeting) {}},
		{"date", func(m *Meeting) { m.Date = domain.NewDate(2026, 2, 23) }},
		{"cancelled", func(m *Meeting) { m.Cancelled = true }},
		{"date override", func(m *Meeting) { m.DateOverride = domain.Date{} }},
		{"calendar event", func(m *Meeting) { m.CalendarEventID = "ev2" }},
		{"agenda", func(m *Meeting) { m.AgendaLink = "" }},
		{"notes", func(m *Meeting) { m.NotesLink = "x" }},
		{"voting members", func(m *Meeting) { m.VotingMembers++ }},
		{"present", func(m *Meeting) { m.Present++ }},
		{"quorum needed", func(m *Meeting) { m.QuorumNeeded++ }},
		{"quorum", func(m *Meeting) { m.Quorum = false }},
		{"recorded", func(m *Meeting) { m.Recorded = false }},
		{"a mark changed", func(m *Meeting) { m.Attendance["M-0002"] = domain.Notified }},
		{"a mark added", func(m *Meeting) { m.Attendance["M-0004"] = domain.Present }},
		{"a mark removed", func(m *Meeting) { delete(m.Attendance, "M-0001") }},
		{"a mark blanked", func(m *Meeting) { m.Attendance["M-0001"] = domain.Unrecorded }},
		{"an unrecorded entry added", func(m *Meeting) { m.Attendance["M-0009"] = domain.Unrecorded }},
		{"no attendance at all", func(m *Meeting) { m.Attendance = nil }},
		{"missing passed in (ignored by Save)", func(m *Meeting) { m.Missing = true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stored := toMeetingDoc(base())
			m := base()
			tc.change(&m)
			built := toMeetingDoc(m)
			built.setMissing(false, time.Time{})
			if got, want := stored.holds(m), sameContent(stored, built); got != want {
				t.Errorf("holds = %v, want %v (sameContent)", got, want)
			}
			stored.setMissing(true, time.Now())
			if stored.holds(m) {
				t.Errorf("holds on a document marked missing = true, want false (saving brings it back)")
			}
		})
	}
}

package domain

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   Status
		wantOK bool
	}{
		{"Active", StatusActive, true},
		{" active ", StatusActive, true},
		{"ACTIVE", StatusActive, true},
		{"Applicant", StatusApplicant, true},
		{"Removed", StatusRemoved, true},
		{"withdrawn", StatusWithdrawn, true},
		{"Solicitante", StatusApplicant, true},
		{"Activo", StatusActive, true},
		{"activa", StatusActive, true},
		{"Expulsado", StatusRemoved, true},
		{"EXPULSADA", StatusRemoved, true},
		{"Retirado", StatusWithdrawn, true},
		{"retirada", StatusWithdrawn, true},
		{"", StatusUnknown, false},
		{"   ", StatusUnknown, false},
		{"Inactive", StatusUnknown, false},
		{"Act ive", StatusUnknown, false},
		{"Active member", StatusUnknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseStatus(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseStatus(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseYesNo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    bool
		wantOK  bool
		comment string
	}{
		{"Yes", true, true, ""},
		{"yes", true, true, ""},
		{"Y", true, true, ""},
		{"true", true, true, ""},
		{"TRUE", true, true, "a checked checkbox"},
		{"Sí", true, true, ""},
		{"SÍ", true, true, ""},
		{"si", true, true, ""},
		{"Si\u0301", true, true, "decomposed accent"},
		{"x", true, true, ""},
		{" X ", true, true, ""},
		{"VERDADERO", true, true, "a checkbox in a Spanish sheet"},
		{"No", false, true, ""},
		{"n", false, true, ""},
		{"FALSE", false, true, ""},
		{"Falso", false, true, ""},
		{"", false, true, "blank is no"},
		{"  ", false, true, ""},
		{"maybe", false, false, ""},
		{"yes!", false, false, ""},
		{"1", false, false, ""},
		{"Yes No", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseYesNo(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseYesNo(%q) = %v, %v; want %v, %v %s", tt.in, got, ok, tt.want, tt.wantOK, tt.comment)
			}
			if y := ParseYes(tt.in); y != tt.want {
				t.Errorf("ParseYes(%q) = %v, want %v", tt.in, y, tt.want)
			}
		})
	}
}

func TestParseCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   Code
		wantOK bool
	}{
		{"P", Present, true},
		{"p", Present, true},
		{" Present ", Present, true},
		{"PRESENT", Present, true},
		{"N", Notified, true},
		{"notified", Notified, true},
		{"Excused", Notified, true},
		{"A", Absent, true},
		{"absent", Absent, true},
		{"", Unrecorded, true},
		{"   ", Unrecorded, true},
		{"X", Unrecorded, false},
		{"PP", Unrecorded, false},
		{"P.", Unrecorded, false},
		{"late", Unrecorded, false},
		{"?", Unrecorded, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseCode(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseCode(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseVoteKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   VoteKind
		wantOK bool
	}{
		{"Admit", KindAdmit, true},
		{"admit", KindAdmit, true},
		{"Admitir", KindAdmit, true},
		{"Admisión", KindAdmit, true},
		{"Remove", KindRemove, true},
		{" REMOVE ", KindRemove, true},
		{"Expulsar", KindRemove, true},
		{"expulsión", KindRemove, true},
		{"Other", KindOther, true},
		{"Otra", KindOther, true},
		{"otro", KindOther, true},
		{"", KindUnknown, false},
		{"Elect", KindUnknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseVoteKind(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseVoteKind(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseWorkingGroups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		want        []WorkingGroup
		wantUnknown []string
	}{
		{"", nil, nil},
		{"Legislative", []WorkingGroup{Legislative}, nil},
		{"legislative, communications", []WorkingGroup{Legislative, Communications}, nil},
		{"Base building; Legislative", []WorkingGroup{Legislative, BaseBuilding}, nil},
		{"base-building", []WorkingGroup{BaseBuilding}, nil},
		{"BaseBuilding", []WorkingGroup{BaseBuilding}, nil},
		{"  base   building ", []WorkingGroup{BaseBuilding}, nil},
		{"Communications, communications", []WorkingGroup{Communications}, nil},
		{"Legislativo, Comunicaciones, Construcción de base", []WorkingGroup{Legislative, Communications, BaseBuilding}, nil},
		{" , ;; ,", nil, nil},
		{"Legislative, Fundraising , Art", []WorkingGroup{Legislative}, []string{"Fundraising", "Art"}},
		{"Legislative and Communications", nil, []string{"Legislative and Communications"}},
		{"The legislative working group, Base-building working group", []WorkingGroup{Legislative, BaseBuilding}, nil},
		{"Grupo de trabajo de comunicaciones; grupo de construcción de base", []WorkingGroup{Communications, BaseBuilding}, nil},
		{"Working group", nil, []string{"Working group"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, unknown := ParseWorkingGroups(tt.in)
			if !slices.Equal(got, tt.want) || !slices.Equal(unknown, tt.wantUnknown) {
				t.Errorf("ParseWorkingGroups(%q) = %q, %q; want %q, %q", tt.in, got, unknown, tt.want, tt.wantUnknown)
			}
		})
	}
}

func TestStringsAndLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"status unknown", StatusUnknown.String(), ""},
		{"status applicant", StatusApplicant.String(), "Applicant"},
		{"status active", StatusActive.String(), "Active"},
		{"status removed", StatusRemoved.String(), "Removed"},
		{"status withdrawn", StatusWithdrawn.String(), "Withdrawn"},
		{"status out of range", Status(42).String(), "Status(42)"},
		{"status label es", StatusActive.Label(Spanish), "Activo"},
		{"status label en", StatusRemoved.Label(English), "Removed"},
		{"code blank", Unrecorded.String(), ""},
		{"code P", Present.String(), "P"},
		{"code N", Notified.String(), "N"},
		{"code A", Absent.String(), "A"},
		{"code out of range", Code(9).String(), "Code(9)"},
		{"code label es", Absent.Label(Spanish), "ausente sin aviso"},
		{"kind unknown", KindUnknown.String(), ""},
		{"kind admit", KindAdmit.String(), "Admit"},
		{"kind remove", KindRemove.String(), "Remove"},
		{"kind other", KindOther.String(), "Other"},
		{"kind label es", KindRemove.Label(Spanish), "Expulsar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	// Every status, code and kind reads back as itself.
	for s := StatusApplicant; s <= StatusWithdrawn; s++ {
		if got, ok := ParseStatus(s.String()); got != s || !ok {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v, true", s.String(), got, ok, s)
		}
		if got, ok := ParseStatus(s.Label(Spanish)); got != s || !ok {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v, true", s.Label(Spanish), got, ok, s)
		}
	}
	for c := Unrecorded; c <= Absent; c++ {
		if got, ok := ParseCode(c.String()); got != c || !ok {
			t.Errorf("ParseCode(%q) = %v, %v; want %v, true", c.String(), got, ok, c)
		}
	}
	for k := KindAdmit; k <= KindOther; k++ {
		for _, s := range []string{k.String(), k.Label(Spanish)} {
			if got, ok := ParseVoteKind(s); got != k || !ok {
				t.Errorf("ParseVoteKind(%q) = %v, %v; want %v, true", s, got, ok, k)
			}
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b     string
		sameName bool
		sameID   bool
	}{
		{"Casa de Paz", "casa  de paz", true, false},
		{"  Casa de Paz ", "CASA DE PAZ", true, true},
		{"Casa\tde\nPaz", "casa de paz", true, false},
		{"José", "Jose", false, false},
		{"M-0042", " m-0042 ", true, true},
		{"", "", true, false},
		{"M-1", "M-12", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"|"+tt.b, func(t *testing.T) {
			t.Parallel()
			if got := SameName(tt.a, tt.b); got != tt.sameName {
				t.Errorf("SameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.sameName)
			}
			if got := SameID(tt.a, tt.b); got != tt.sameID {
				t.Errorf("SameID(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.sameID)
			}
		})
	}
}

func TestFindMember(t *testing.T) {
	t.Parallel()
	members := []Member{
		{ID: "M-1", Name: "Casa de Paz"},
		{ID: "M-2", Name: "M-1"}, // a name that looks like another's ID: the ID wins
		{ID: "", Name: "Puentes"},
		{ID: "M-4", Name: "puentes"}, // the first of two equal names wins
	}
	tests := []struct {
		subject string
		want    int
	}{
		{"M-1", 0},
		{"m-2", 1},
		{"  casa DE  paz", 0},
		{"Puentes", 2},
		{"M-4", 3},
		{"", -1},
		{"Nobody", -1},
	}
	for _, tt := range tests {
		t.Run(tt.subject, func(t *testing.T) {
			t.Parallel()
			if got := FindMember(members, tt.subject); got != tt.want {
				t.Errorf("FindMember(%q) = %d, want %d", tt.subject, got, tt.want)
			}
			// Evaluate must find the same member as FindMember.
			r := Evaluate(Coalition{Members: members, Votes: []Vote{{Kind: KindAdmit, Subject: tt.subject}}}, DefaultPolicy(), jan26)
			if got := r.Votes[0].SubjectIndex; got != tt.want {
				t.Errorf("Evaluate found subject %q at %d, want %d", tt.subject, got, tt.want)
			}
		})
	}
}

// The fuzz tests run their seeds under plain go test; go test -fuzz=FuzzX
// explores further.

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"P", "n", " A ", "Present", "EXCUSED", "", "x", "pp", "\u00a0P\u00a0", "Ñ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCode(s)
		if c > Absent {
			t.Fatalf("ParseCode(%q) = %v, outside the codes", s, c)
		}
		if !ok && c != Unrecorded {
			t.Fatalf("ParseCode(%q) = %v, false; a code not understood must be Unrecorded", s, c)
		}
		if strings.TrimSpace(s) == "" && (c != Unrecorded || !ok) {
			t.Fatalf("ParseCode(%q) = %v, %v; blank must be Unrecorded, true", s, c, ok)
		}
		if ok {
			if back, ok2 := ParseCode(c.String()); back != c || !ok2 {
				t.Fatalf("ParseCode(%q) = %v but ParseCode(%q) = %v, %v", s, c, c.String(), back, ok2)
			}
		}
		if c2, ok2 := ParseCode(" " + s + "\t"); c2 != c || ok2 != ok {
			t.Fatalf("surrounding spaces changed ParseCode(%q): %v, %v vs %v, %v", s, c2, ok2, c, ok)
		}
	})
}

func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{"Active", "activa", "Expulsada", "", "İ", "Removed ", "withdrawn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, ok := ParseStatus(s)
		if ok != (st != StatusUnknown) {
			t.Fatalf("ParseStatus(%q) = %v, %v: ok must mean a known status", s, st, ok)
		}
		if ok {
			if back, _ := ParseStatus(st.String()); back != st {
				t.Fatalf("ParseStatus(%q) = %v but ParseStatus(%q) = %v", s, st, st.String(), back)
			}
			if up, _ := ParseStatus(strings.ToUpper(s)); up != st && isASCII(s) {
				t.Fatalf("ParseStatus(%q) = %v but upper case gives %v", s, st, up)
			}
		}
	})
}

func FuzzParseYesNo(f *testing.F) {
	for _, s := range []string{"Yes", "sí", "SI", "x", "no", "", "  ", "Verdadero", "maybe", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseYesNo(s)
		if !ok && v {
			t.Fatalf("ParseYesNo(%q) = true, false: text not understood must be no", s)
		}
		if ParseYes(s) != v {
			t.Fatalf("ParseYes(%q) = %v, ParseYesNo says %v", s, ParseYes(s), v)
		}
		if strings.TrimSpace(s) == "" && (v || !ok) {
			t.Fatalf("ParseYesNo(%q) = %v, %v; blank must be no, true", s, v, ok)
		}
	})
}

func FuzzParseVoteKind(f *testing.F) {
	for _, s := range []string{"Admit", "remove", "Otra", "Expulsión", "", "vote"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := ParseVoteKind(s)
		if ok != (k != KindUnknown) {
			t.Fatalf("ParseVoteKind(%q) = %v, %v: ok must mean a known kind", s, k, ok)
		}
		if ok {
			if back, _ := ParseVoteKind(k.String()); back != k {
				t.Fatalf("ParseVoteKind(%q) = %v but ParseVoteKind(%q) = %v", s, k, k.String(), back)
			}
		}
	})
}

func FuzzParseWorkingGroups(f *testing.F) {
	for _, s := range []string{"Legislative, Communications", "base-building;x", "", ",,;", "Comunicaciones , Art"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		groups, unknown := ParseWorkingGroups(s)
		// groups come in the canonical order, each once
		last := -1
		for _, g := range groups {
			i := slices.Index(WorkingGroups, g)
			if i <= last {
				t.Fatalf("ParseWorkingGroups(%q) = %q: not in order, or repeated, or unknown", s, groups)
			}
			last = i
		}
		for _, u := range unknown {
			if u == "" || u != strings.TrimSpace(u) || strings.ContainsAny(u, ",;") || !strings.Contains(s, u) {
				t.Fatalf("ParseWorkingGroups(%q): unknown piece %q is not a trimmed piece of the input", s, u)
			}
		}
		// what it understood reads back the same
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = string(g)
		}
		again, none := ParseWorkingGroups(strings.Join(names, ", "))
		if !slices.Equal(again, groups) || len(none) != 0 {
			t.Fatalf("ParseWorkingGroups(%q) = %q, but reading that back gives %q, %q", s, groups, again, none)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FuzzSameName checks that the allocation-free comparisons and hashes Evaluate
// uses to find a vote's subject agree with the plain definitions.
func FuzzSameName(f *testing.F) {
	for _, p := range [][2]string{{"Casa de Paz", " casa  DE paz "}, {"José", "JOSÉ"}, {"Ko", "\u212Ao"}, {"a\u00a0b", "A B"},
		{"M-1", "m-1"}, {"", " "}, {"\xff", "\ufffd"}, {"ǅ", "ǆ"}, {"ß", "SS"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := NormalizeName(a) == NormalizeName(b)
		if got := SameName(a, b); got != want {
			t.Fatalf("SameName(%q, %q) = %v; NormalizeName gives %q and %q", a, b, got, NormalizeName(a), NormalizeName(b))
		}
		ha, oka := hashName(a)
		hb, okb := hashName(b)
		if oka != (NormalizeName(a) != "") {
			t.Fatalf("hashName(%q) ok = %v, want it to tell blank names", a, oka)
		}
		if want && (ha != hb || oka != okb) {
			t.Fatalf("SameName(%q, %q) but their hashes differ", a, b)
		}
		ia, okia := hashID(a)
		ib, _ := hashID(b)
		if SameID(a, b) && (ia != ib || !okia) {
			t.Fatalf("SameID(%q, %q) but their hashes differ", a, b)
		}
		// The index Evaluate builds for many votes finds what FindMember finds.
		members := []Member{{ID: a, Name: a}, {ID: "other", Name: b}}
		idx := newMemberIndex(members)
		if got, want := idx.find(b), FindMember(members, b); got != want {
			t.Fatalf("index finds %q at %d, FindMember at %d (members %q, %q)", b, got, want, a, b)
		}
	})
}

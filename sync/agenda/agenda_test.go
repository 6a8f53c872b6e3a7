package agenda_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/domain/texttest"
	"github.com/coalitionsync/coalitionsync/sync/agenda"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

var chicago = func() *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	return loc
}()

// sample is a full agenda with invented names, one of them hostile.
func sample() agenda.Agenda {
	return agenda.Agenda{
		Meeting:       domain.NewDate(2026, time.November, 23),
		Start:         time.Date(2026, time.November, 23, 18, 0, 0, 0, chicago),
		TimeZone:      "America/Chicago",
		MeetLink:      "https://meet.google.com/abc-defg-hij",
		VotingMembers: 12,
		QuorumNeeded:  8,
		Applications: []agenda.Item{
			{Key: "A-0001", Text: "Casa Ejemplo & Amigos"},
			{Key: "A-0002", Text: "<script>alert('x')</script>", Link: "javascript:alert(1)"},
		},
		RemovalReviews: []agenda.Item{{Key: "M-0007", Text: "Red Inventada",
			Dates: []domain.Date{domain.NewDate(2026, time.July, 27), domain.NewDate(2026, time.August, 24), domain.NewDate(2026, time.September, 28)}}},
		ContraryReviews:  []agenda.Item{{Key: "M-0009", Text: "Grupo Ficticio"}},
		InvalidMotions:   []agenda.Item{{Key: "votes:14", Text: "Adopt the invented budget", Dates: []domain.Date{domain.NewDate(2026, time.October, 26)}}},
		WorkingGroups:    []string{"Legislative", "Communications", "Base building"},
		ApprovalRequests: []agenda.Item{{Key: "approvals:3", Text: "Sign-on letter about invented bill", Link: "https://example.org/letter"}},
	}
}

func TestBuildEscapesPeoplesTextAndHasEverySection(t *testing.T) {
	t.Parallel()
	title, page, items := agenda.Build(sample(), domain.English)
	doc := string(page)
	if strings.Contains(doc, "<script>") || strings.Contains(doc, "javascript:") {
		t.Errorf("the page carries people's markup or a javascript: link:\n%s", doc)
	}
	for _, want := range []string{
		"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
		"Casa Ejemplo &amp; Amigos",
		"<h1>" + title + "</h1>",
		`<a href="https://meet.google.com/abc-defg-hij">`,
		`<a href="https://example.org/letter">Sign-on letter about invented bill</a>`,
		`<html lang="en">`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the page lacks %q:\n%s", want, doc)
		}
	}
	// What a person reads once the HTML is a Doc, section by section.
	text := workspacetest.DocText(page)
	for _, want := range []string{
		"Date: Nov 23, 2026",
		"Time: 6:00 PM (America/Chicago time)",
		"Video call (Google Meet): https://meet.google.com/abc-defg-hij",
		"Voting members: 12. Quorum: at least 8 of them present.",
		"Applications to review\nCasa Ejemplo & Amigos\n<script>alert('x')</script>\n",
		"Removal reviews due\nRed Inventada — absent without notice on Jul 27, 2026; Aug 24, 2026; Sep 28, 2026\n",
		"Reviews for acting against the coalition's direction\nGrupo Ficticio\n",
		"Motions to vote on again (not valid for lack of quorum)\nAdopt the invented budget — from the meeting of Oct 26, 2026\n",
		"Working group reports\nLegislative: report\nCommunications: report\nBase building: report\n",
		"Open approval requests\nSign-on letter about invented bill\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Doc's text lacks %q:\n%s", want, text)
		}
	}
	wantItems := []string{"application:A-0001", "application:A-0002", "removal:M-0007", "contrary:M-0009",
		"motion:votes:14", "group:Legislative", "group:Communications", "group:Base building", "approval:approvals:3"}
	if !slices.Equal(items, wantItems) {
		t.Errorf("items = %q, want %q", items, wantItems)
	}
}

func TestBuildTitleAndTimeInEachLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang       domain.Lang
		title      string
		time, none string
	}{
		{domain.English, "Agenda — full coalition meeting of Nov 23, 2026", "Time: 6:00 PM (America/Chicago time)", "None."},
		{domain.Spanish, "Orden del día — reunión plenaria de la coalición del 23 nov 2026", "Hora: 18:00 (hora de America/Chicago)", "Ninguna."},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			a := sample()
			a.ContraryReviews = nil
			title, page, _ := agenda.Build(a, tc.lang)
			if title != tc.title {
				t.Errorf("title = %q, want %q", title, tc.title)
			}
			text := workspacetest.DocText(page)
			if !strings.Contains(text, tc.time) {
				t.Errorf("the Doc's text lacks %q:\n%s", tc.time, text)
			}
			if !strings.Contains(text, tc.none) {
				t.Errorf("an empty section does not say %q:\n%s", tc.none, text)
			}
		})
	}
	if missing := domain.Missing(); len(missing) > 0 {
		t.Errorf("messages without wording: %v", missing)
	}
}

func TestBuildWithNoVotingMembers(t *testing.T) {
	t.Parallel()
	a := sample()
	a.VotingMembers, a.QuorumNeeded = 0, 0
	text := workspacetest.DocText(func() []byte { _, p, _ := agenda.Build(a, domain.English); return p }())
	if strings.Contains(text, "Quorum:") || !strings.Contains(text, "There are no voting members on this date, so no vote can be valid") {
		t.Errorf("with no voting members the agenda reads:\n%s\nwant that no vote can be valid, not a quorum of 0", text)
	}
}

func TestBuildIsStableAndKeysFollowItems(t *testing.T) {
	t.Parallel()
	_, p1, i1 := agenda.Build(sample(), domain.English)
	_, p2, i2 := agenda.Build(sample(), domain.English)
	if string(p1) != string(p2) || !slices.Equal(i1, i2) {
		t.Fatal("Build of the same agenda differs between calls")
	}
	a := sample()
	a.Applications = append(a.Applications, agenda.Item{Text: "  Nueva   Organización "})
	_, p3, i3 := agenda.Build(a, domain.English)
	if string(p3) == string(p1) {
		t.Error("a new application did not change the page")
	}
	if got := agenda.Added(i1, i3); !slices.Equal(got, []string{"application:Nueva Organización"}) {
		t.Errorf("Added = %q, want the new application keyed by its text", got)
	}
	if got := a.Describe([]string{"application:Nueva Organización", "removal:M-0007", "gone:x"}, domain.Spanish); !slices.Equal(got, []string{
		"Solicitudes de ingreso para revisar:   Nueva   Organización ",
		"Revisiones de expulsión pendientes: Red Inventada — faltó sin avisar: 27 jul 2026; 24 ago 2026; 28 sep 2026",
	}) {
		t.Errorf("Describe = %q", got)
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	a := agenda.Fingerprint("t", []byte("<p>x</p>"))
	for _, tc := range []struct {
		name        string
		title, page string
		same        bool
	}{
		{"same", "t", "<p>x</p>", true},
		{"title", "u", "<p>x</p>", false},
		{"page", "t", "<p>y</p>", false},
		{"boundary", "t<p>", "x</p>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := agenda.Fingerprint(tc.title, []byte(tc.page)) == a; got != tc.same {
				t.Errorf("Fingerprint(%q, %q) same as (t, <p>x</p>) = %v, want %v", tc.title, tc.page, got, tc.same)
			}
		})
	}
}

func TestWording(t *testing.T) {
	t.Parallel()
	texttest.CheckCatalog(t, agenda.Texts())
	texttest.CheckPackage(t, ".", agenda.Texts())
}

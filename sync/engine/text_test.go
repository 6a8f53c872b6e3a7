package engine

import (
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/domain/texttest"
)

func TestWording(t *testing.T) {
	t.Parallel()
	texttest.CheckCatalog(t, texts)
	texttest.CheckPackage(t, ".", texts)
}

// TestPlanWordsAllHaveText makes plans that say most of what the engine
// can say (changes, problems, a blocked run, the Dashboard), in every
// language, and checks no message came out without wording.
func TestPlanWordsAllHaveText(t *testing.T) {
	t.Parallel()
	blocked := sampleTabs()
	blocked["Members"][0] = []string{"Type", "Status"} // no Name column: the run is blocked
	odd := sampleTabs()
	odd["Members"] = append(odd["Members"], []string{"Casa Ejemplo", "Club", "Someday", "Maybe", "soon", "Gardening", "", ""})
	for _, lang := range domain.Languages {
		for name, tabs := range map[string]map[string][][]string{"sample": sampleTabs(), "blocked": blocked, "odd": odd} {
			in := sampleInput(tabs)
			in.Settings.Lang = lang
			p := MakePlan(in)
			if name == "blocked" && !p.IsBlocked() || name == "odd" && len(p.Issues) < 3 {
				t.Fatalf("%s plan: blocked %v, %d issues; want the situation it is named for", name, p.IsBlocked(), len(p.Issues))
			}
			var said []string
			for _, c := range p.Changes {
				said = append(said, c.Where.In(lang), c.Note.In(lang))
			}
			for _, is := range p.Issues {
				said = append(said, is.Message.In(lang))
			}
			if p.IsBlocked() {
				said = append(said, p.Blocked.In(lang))
			}
			for _, s := range said {
				if strings.Contains(s, "coalitionsync.") && strings.HasPrefix(s, "(") {
					t.Errorf("%s plan in %s says %q: a message with no wording", name, lang, s)
				}
			}
		}
	}
	if got := domain.Missing(); len(got) > 0 {
		t.Errorf("messages looked up with no wording: %q", got)
	}
}

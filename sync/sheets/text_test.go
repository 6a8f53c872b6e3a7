package sheets

import (
	"slices"
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

func TestOwnedHeader(t *testing.T) {
	t.Parallel()
	for _, tab := range []string{TabDashboard, TabSyncIssues} {
		schema, ok := SchemaFor(tab)
		if !ok {
			t.Fatalf("no schema for %s", tab)
		}
		if got, want := OwnedHeader(tab, domain.English), schema.Headers(); !slices.Equal(got, want) {
			t.Errorf("OwnedHeader(%s, English) = %q, want the schema's %q", tab, got, want)
		}
		es := OwnedHeader(tab, domain.Spanish)
		if len(es) != len(schema.Headers()) || strings.Contains(strings.Join(es, "|"), "sheets.") {
			t.Errorf("OwnedHeader(%s, Spanish) = %q, want Spanish words", tab, es)
		}
	}
	if got := OwnedHeader(TabMembers, domain.English); got != nil {
		t.Errorf("OwnedHeader(Members) = %q, want nil: the service does not own that tab", got)
	}
	if got := OwnedHeader(TabSyncIssues, domain.Spanish); !slices.Equal(got, []string{"Pestaña", "Fila", "Columna", "Problema y qué hacer"}) {
		t.Errorf("OwnedHeader(Sync issues, Spanish) = %q", got)
	}
}

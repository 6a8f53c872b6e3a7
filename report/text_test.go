package report

import (
	"testing"

	"github.com/coalitionsync/coalitionsync/domain/texttest"
)

func TestWording(t *testing.T) {
	t.Parallel()
	texttest.CheckCatalog(t, texts)
	texttest.CheckPackage(t, ".", texts)
}

package coalitionsync

// This file must stay in package coalitionsync (not coalitionsync_test):
// the buildpack parses every .go file at the root, tests included, and
// refuses a directory holding two package names.

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestRootPackageAsTheBuildpackSeesIt reads the root folder the way Google's
// Go buildpack for functions does: one package, not main, whose imports
// include the Functions Framework's functions package (which selects the
// generated main for functions registered by name) and this module's
// functions package (which registers Sync).
func TestRootPackageAsTheBuildpackSeesIt(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	names := map[string]bool{}
	imports := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parse %s: %v", e.Name(), err)
		}
		names[f.Name.Name] = true
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			imports[path] = true
		}
	}
	if len(names) != 1 || names["main"] {
		t.Errorf("package names at the root = %v, want exactly one, not main", names)
	}
	for _, want := range []string{
		"github.com/GoogleCloudPlatform/functions-framework-go/functions",
		"github.com/coalitionsync/coalitionsync/functions",
	} {
		if !imports[want] {
			t.Errorf("the root package does not import %q; the deployed function would not be found", want)
		}
	}
}

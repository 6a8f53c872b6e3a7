package texttest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain/texttest"

	// Every package that registers wording, so that the catalog is whole.
	_ "github.com/coalitionsync/coalitionsync/report"
	_ "github.com/coalitionsync/coalitionsync/sync/agenda"
	_ "github.com/coalitionsync/coalitionsync/sync/directory"
	_ "github.com/coalitionsync/coalitionsync/sync/drive"
	_ "github.com/coalitionsync/coalitionsync/sync/engine"
	_ "github.com/coalitionsync/coalitionsync/sync/setup"
	_ "github.com/coalitionsync/coalitionsync/sync/sheets"
)

// TestEveryKeyInTheRepositoryHasText reads every Go package of the module
// and checks that each message key it names (see texttest.Uses) has wording
// in every language: a key used in code without text fails here, whichever
// package it is in.
func TestEveryKeyInTheRepositoryHasText(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root %s: %v", root, err)
	}
	found := map[string]int{} // package directory -> keys named
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor") {
			return filepath.SkipDir
		}
		uses, err := texttest.Uses(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for i := range uses {
			uses[i].Pos = filepath.Join(rel, uses[i].Pos)
		}
		texttest.CheckUses(t, uses)
		if len(uses) > 0 {
			found[filepath.ToSlash(rel)] = len(uses)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The scan must keep seeing the keys of the packages that have them.
	for _, dir := range []string{"domain", "report", "sync/agenda", "sync/directory", "sync/drive", "sync/engine", "sync/setup", "sync/sheets"} {
		if found[dir] == 0 {
			t.Errorf("no message keys found in %s; found %v", dir, found)
		}
	}
	t.Logf("message keys named per package: %v", found)
}

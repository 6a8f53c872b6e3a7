// Package texttest provides checks, for tests, of the wording packages
// register with domain and of the message keys their code names: every key
// a package uses must have wording in every language, with the same
// placeholders, or people would read a note that a text is missing instead
// of the message.
package texttest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

// domainPath is the import path of package domain, whose T builds messages.
const domainPath = "github.com/coalitionsync/coalitionsync/domain"

// verbs matches fmt verbs (and %%), with flags, width, precision and an
// explicit argument index.
var verbs = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z%]`)

// Verbs returns the fmt verbs of a wording in order, leaving out %%.
func Verbs(s string) []string {
	var out []string
	for _, v := range verbs.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// CheckCatalog fails t for every message of texts (a package's wording, as
// it registers it) that lacks wording in one of domain.Languages, whose
// languages take different fmt verbs, or that does not render in every
// language with sample arguments of the kinds its verbs take.
func CheckCatalog(t testing.TB, texts map[string]map[domain.Lang]string) {
	t.Helper()
	if len(texts) == 0 {
		t.Error("the catalog is empty")
	}
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		byLang := texts[key]
		en := byLang[domain.English]
		for _, lang := range domain.Languages {
			w := byLang[lang]
			if strings.TrimSpace(w) == "" {
				t.Errorf("%s: no %s wording", key, lang)
				continue
			}
			if ve, vl := Verbs(en), Verbs(w); !slices.Equal(ve, vl) {
				t.Errorf("%s: English verbs %v, %s verbs %v; want the same", key, ve, lang, vl)
			}
			var args []any
			for _, v := range Verbs(w) {
				if strings.HasSuffix(v, "d") {
					args = append(args, 3)
				} else {
					args = append(args, "words")
				}
			}
			if got := fmt.Sprintf(w, args...); strings.Contains(got, "%!") {
				t.Errorf("%s in %s renders as %q", key, lang, got)
			}
		}
	}
}

// Use is a message key named in Go source, and where.
type Use struct {
	Key string
	Pos string // file:line
}

// Uses returns the message keys the non-test Go files in dir name: a string
// literal given as first argument to domain.T (T inside package domain),
// and the value of every string constant whose name starts with "msg" or
// "Msg", the way packages name their keys. A key computed at run time (such
// as "rules.status." plus a status) is not seen: the package that builds it
// tests every value it can take.
func Uses(dir string) ([]Use, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var uses []Use
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		uses = append(uses, fileUses(fset, f)...)
	}
	return uses, nil
}

func fileUses(fset *token.FileSet, f *ast.File) []Use {
	// The name package domain goes by in this file; inside domain, T alone.
	local := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == domainPath {
			local = "domain"
			if imp.Name != nil {
				local = imp.Name.Name
			}
		}
	}
	inDomain := f.Name.Name == "domain"
	var uses []Use
	add := func(lit ast.Expr) {
		b, ok := lit.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return
		}
		if s, err := strconv.Unquote(b.Value); err == nil {
			p := fset.Position(b.Pos())
			uses = append(uses, Use{Key: s, Pos: fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if len(n.Args) == 0 {
				return true
			}
			switch fn := n.Fun.(type) {
			case *ast.Ident:
				if inDomain && fn.Name == "T" {
					add(n.Args[0])
				}
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && local != "" && x.Name == local && fn.Sel.Name == "T" {
					add(n.Args[0])
				}
			}
		case *ast.GenDecl:
			if n.Tok != token.CONST {
				return true
			}
			for _, spec := range n.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if i < len(vs.Values) && (strings.HasPrefix(id.Name, "msg") || strings.HasPrefix(id.Name, "Msg")) {
						add(vs.Values[i])
					}
				}
			}
		}
		return true
	})
	return uses
}

// CheckUses fails t for every use whose key has no wording in one of
// domain.Languages, naming where the key is used.
func CheckUses(t testing.TB, uses []Use) {
	t.Helper()
	for _, u := range uses {
		for _, lang := range domain.Languages {
			if _, ok := domain.Wording(u.Key, lang); !ok {
				t.Errorf("%s: the message key %q has no %s wording", u.Pos, u.Key, lang)
			}
		}
	}
}

// CheckPackage checks the keys the package in dir uses (see Uses and
// CheckUses), and fails t when it finds none: a package that calls this
// names messages, so finding none means the check no longer sees them. It
// also fails t for every message of texts, the package's own wording, that
// the package's source never names, so that no text is left behind when
// its message goes.
func CheckPackage(t testing.TB, dir string, texts map[string]map[domain.Lang]string) {
	t.Helper()
	uses, err := Uses(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(uses) == 0 {
		t.Fatalf("no message keys found in %s: want the package's keys", dir)
	}
	CheckUses(t, uses)
	named := map[string]bool{}
	for _, u := range uses {
		named[u.Key] = true
	}
	var unused []string
	for key := range texts {
		if !named[key] {
			unused = append(unused, key)
		}
	}
	slices.Sort(unused)
	for _, key := range unused {
		t.Errorf("the message %q has wording but the package never names it: delete it, or name it in a msg constant", key)
	}
}

package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every error code the domain's rules return has a message in both
// catalogues: the codes are the constants named Code… at the root.
func TestDomainCodesTranslated(t *testing.T) {
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				v := spec.(*ast.ValueSpec)
				for i, name := range v.Names {
					lit, ok := v.Values[i].(*ast.BasicLit)
					if !strings.HasPrefix(name.Name, "Code") || !ok {
						continue
					}
					code, _ := strconv.Unquote(lit.Value)
					n++
					for lang, cat := range catalogues {
						if _, ok := cat[code]; !ok {
							t.Errorf("%s (%s) has no %s message", name.Name, code, lang)
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("found no error codes")
	}
}

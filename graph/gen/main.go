// Command gen is gqlgen's generate with one plugin more: it writes graph/direct_gen.go, the
// table the direct writer (graph/direct.go) reads field values through. The table comes from
// the same binding gqlgen builds for its executor (which Go field, method or resolver serves a
// field, how its arguments are coerced, how a leaf is marshalled), so the two cannot disagree
// about what a field means. Run by `go generate ./...` (graph/resolver.go).
package main

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/99designs/gqlgen/codegen/templates"
)

//go:embed direct.gotpl
var directTemplate string

type direct struct{}

func (direct) Name() string { return "direct" }

func (direct) GenerateCode(data *codegen.Data) error {
	return templates.Render(templates.Options{
		PackageName:     data.Config.Exec.Package,
		Template:        directTemplate,
		Filename:        filepath.Join(data.Config.Exec.Dir(), "direct_gen.go"),
		GeneratedHeader: true,
		Data:            data,
		Packages:        data.Config.Packages,
	})
}

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen: load gqlgen.yml:", err)
		os.Exit(2)
	}
	if err := api.Generate(cfg, api.AddPlugin(direct{})); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules keeps the dependencies pointing one way (README, Layout): it asks `go list`
// for every package's non-test imports and checks them against the house rules.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	const mod = "github.com/metandereogen/maograph"
	// only: a third-party import may appear only in these packages (prefix match).
	only := map[string][]string{
		"github.com/neo4j/neo4j-go-driver":            {mod + "/store", mod + "/bench"},
		"github.com/rs/cors":                          {mod},
		"github.com/prometheus/":                      {mod + "/metrics"},
		"github.com/99designs/gqlgen/graphql/handler": {mod + "/graph"},
		"go.opentelemetry.io/":                        {mod + "/timing"},
	}
	// never: project packages a package must not import.
	never := map[string][]string{
		mod + "/graph/model": {mod + "/"},
		mod + "/metrics":     {mod + "/"},
		mod + "/ratelimit":   {mod + "/"},
		mod + "/compress":    {mod + "/"},
		mod + "/timing":      {mod + "/"},
		mod + "/graph":       {mod + "/store", mod + "/loader", mod + "/explorer", mod + "/devdb"},
		mod + "/store":       {mod + "/graph\x00", mod + "/loader", mod + "/explorer", "net/http"},
		mod + "/loader":      {mod + "/store", mod + "/graph\x00", mod + "/explorer"},
		mod + "/explorer":    {mod + "/"},
		mod + "/seeds":       {mod + "/"},
		mod + "/passage":     {mod + "/"},
		mod + "/analysis":    {mod + "/store", mod + "/graph\x00", mod + "/loader"},
		mod + "/propose":     {mod + "/store", mod + "/graph\x00", mod + "/explorer", "net/http"},
		mod + "/curate":      {mod + "/store", mod + "/graph\x00", mod + "/explorer"},
		mod + "/export":      {mod + "/store", mod + "/graph\x00", mod + "/loader", mod + "/explorer"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		for _, imp := range imports {
			for prefix, allowed := range only {
				if strings.HasPrefix(imp, prefix) && !within(pkg, allowed) {
					t.Errorf("%s imports %s; only %v may", pkg, imp, allowed)
				}
			}
			for _, banned := range never[pkg] {
				if matches(imp, banned) && imp != pkg {
					t.Errorf("%s must not import %s", pkg, imp)
				}
			}
		}
	}
}

// within reports whether pkg is one of the allowed packages or below one (storetest, bench/…).
func within(pkg string, allowed []string) bool {
	for _, a := range allowed {
		if pkg == a || strings.HasPrefix(pkg, a+"/") {
			return true
		}
	}
	return false
}

// matches treats a trailing NUL as "exactly this package" and anything else as a prefix.
func matches(imp, banned string) bool {
	if exact, ok := strings.CutSuffix(banned, "\x00"); ok {
		return imp == exact
	}
	return strings.HasPrefix(imp, banned)
}

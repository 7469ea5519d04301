package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealClients runs real GraphQL clients, in Node, against the real server on the seeded dev
// Neo4j (clients/dashboard): Apollo Client 4 (InMemoryCache, relayStylePagination, development
// mode) and urql with graphcache page every list to its end with every item once and print no
// warning; GraphQL Code Generator types the five dashboard operations from the live URL and
// tsc --strict accepts them. The client versions are pinned in clients/dashboard/package-lock.json.
func TestRealClients(t *testing.T) {
	if testing.Short() {
		t.Skip("real clients: skipped under -short")
	}
	dir := filepath.Join("clients", "dashboard")
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("real clients: node not found and CI=true (scripts/setup.sh installs it)")
		}
		t.Skip("real clients: node not found; skipping")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		npm(t, dir, "ci", "--no-audit", "--no-fund")
	}
	// Many small pages in a row: the per-client rate limit is not what this test is about.
	ts := startTestServerEnv(t, map[string]string{"MAO_RATE_LIMIT": "0"})
	url := ts.URL + "/graphql"
	tests := []struct {
		name string
		args []string
	}{
		{"apollo", []string{"run", "--silent", "apollo"}},
		{"urql", []string{"run", "--silent", "urql"}},
		{"codegen", []string{"run", "--silent", "codegen"}},
		{"tsc", []string{"run", "--silent", "typecheck"}}, // after codegen: it checks its output
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := npmOut(t, dir, url, tt.args...)
			if err != nil {
				t.Errorf("npm %s: %v\n%s", strings.Join(tt.args, " "), err, out)
			} else if strings.Contains(out, "WARNING") || strings.Contains(out, "FAIL") {
				t.Errorf("npm %s printed:\n%s", strings.Join(tt.args, " "), out)
			}
		})
	}
}

func npm(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := npmOut(t, dir, "", args...); err != nil {
		t.Fatalf("npm %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

func npmOut(t *testing.T, dir, url string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MAO_URL="+url)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

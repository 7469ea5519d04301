package store

import "testing"

// Every schema statement names what it creates, so EnsureSchema can tell it exists.
func TestSchemaStatementsAreNamed(t *testing.T) {
	seen := map[string]bool{}
	for _, stmt := range schemaStatements {
		name := schemaName(stmt)
		if name == "" || seen[name] {
			t.Errorf("schema statement %q: name %q is empty or used twice", firstLine(stmt), name)
		}
		seen[name] = true
	}
}

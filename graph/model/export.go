package model

// ExportNode is one node as the export writes it: its id, label and properties (strings,
// integers and lists of strings as Neo4j holds them).
type ExportNode struct {
	ID    string
	Label string
	Props map[string]any
}

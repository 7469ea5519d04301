// Package seeds embeds the curated seed files and the source documents they quote, so that
// the binary can load the graph from anywhere. See FORMAT.md for the format.
package seeds

import "embed"

// FS holds *.yaml (the curated graph) and documents/*.txt (the unchanged source documents).
//
//go:embed *.yaml documents/*.txt
var FS embed.FS

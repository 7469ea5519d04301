// Package explorer serves the MAO Graph web explorer: a Dutch, hash-routed single page app
// for policy makers at "/", and GraphiQL at "/graphiql". Every asset is embedded in the binary
// (the explorer works offline, with no CDN) and runs under a strict Content-Security-Policy
// (script-src 'self', no eval).
//
// The sources are in web/; `make explorer` (npm ci && npm run build) rebuilds static/, which is
// committed so that building the server needs only Go.
package explorer

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var static embed.FS

// files is static/ without the prefix: index.html, graphiql.html, assets/...
var files = mustSub(static, "static")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // cannot happen: dir is embedded
	}
	return sub
}

// Handler returns the handler for the explorer. It serves
//
//	GET /           index.html (the explorer; routes live in the URL fragment)
//	GET /graphiql   GraphiQL, pointed at /graphql
//	GET /assets/... the bundles; their names carry a content hash, so they are cached for a year
//
// and 404 Not Found for anything else. It is meant to be mounted as the catch-all "/" after
// the API routes (/graphql, /healthz, ...).
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", page("index.html"))
	mux.Handle("GET /graphiql", page("graphiql.html"))
	mux.Handle("GET /assets/", public(assets(http.FileServerFS(files))))
	mux.HandleFunc("/", http.NotFound)
	return mux
}

// curatorAsset names the bundles of the curator's review page; the public explorer does not
// serve them.
const curatorAsset = "curate-"

// public hides the curator's bundles.
func public(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(path.Base(r.URL.Path), curatorAsset) {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// CuratorHandler returns the handler for the curator's review page, to be mounted at
// "/curate/" only when the server runs in curator mode. It serves
//
//	GET /curate/                 curate.html (Dutch review page; asks for the curator token)
//	GET /curate/assets/curate-*  its bundles
//
// and 404 Not Found for anything else.
func CuratorHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /curate/{$}", page("curate.html"))
	mux.Handle("GET /curate/assets/", http.StripPrefix("/curate", curatorOnly(assets(http.FileServerFS(files)))))
	mux.HandleFunc("/", http.NotFound)
	return mux
}

func curatorOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(path.Base(r.URL.Path), curatorAsset) {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// page serves one HTML file. Pages are revalidated on every visit (ETag), so a new build
// shows up at once; the assets they reference are immutable.
func page(name string) http.Handler {
	body, err := fs.ReadFile(files, name)
	if err != nil {
		panic(err) // cannot happen: the file is embedded
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(body)
	})
}

// assetTypes are the content types of what the build writes, so they do not depend on the
// host's MIME tables.
var assetTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".svg": "image/svg+xml",
	".txt": "text/plain; charset=utf-8",
}

// assets serves files under /assets/ with fixed content types and long caching; directory
// listings are not served.
func assets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		fi, err := fs.Stat(files, name)
		if err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		if ct, ok := assetTypes[path.Ext(name)]; ok {
			h.Set("Content-Type", ct)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		if path.Base(name) == "favicon.svg" {
			h.Set("Cache-Control", "public, max-age=86400")
		} else {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		next.ServeHTTP(w, r)
	})
}

package main

import (
	"bytes"
	"context"
	"net/http"

	"github.com/metandereogen/maograph/curate"
	"github.com/metandereogen/maograph/explorer"
)

// mountCurator serves the curator's review page (/curate/) and API (/curate/api/); run only
// with -curator and MAO_CURATOR_TOKEN (parseConfig checks both).
func (a *app) mountCurator(mux *http.ServeMux) {
	mux.Handle("/curate/api/", curate.Handler(curate.Options{
		Token:   a.cfg.CuratorToken,
		SeedDir: a.cfg.SeedDir,
		Log:     a.log,
		Load: func(ctx context.Context) (string, error) {
			var out bytes.Buffer
			err := a.load(ctx, &out)
			if err == nil && a.resolver != nil {
				// The load moved the graph's version: rebuild the indexes before someone waits for them.
				go a.resolver.Prepare(context.WithoutCancel(ctx))
			}
			return out.String(), err
		},
	}))
	mux.Handle("/curate/", explorer.CuratorHandler())
	a.log.Info("curator mode: review page at /curate/, writes limited to the seed folder", "seed_dir", a.cfg.SeedDir)
}

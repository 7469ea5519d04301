package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/metandereogen/maograph/graph/model"
)

// indexBuildTime bounds building an index from the whole graph. On the L network (100k
// initiatives) reading the learning graph takes most of a minute: longer than a request may
// take, so a build outlives the request that started it.
const indexBuildTime = 2 * time.Minute

// built keeps a value made from the whole graph (the similarity and learning-partner indexes)
// for the graph version it was made from. One build runs at a time, detached from the request
// that started it (up to indexBuildTime): a request that gives up does not waste it, and the
// requests that wait for it wait only as long as their own deadline, then get TIMEOUT. Its
// zero value is empty.
type built[T any] struct {
	mu      sync.Mutex
	version string
	value   T
	ok      bool
	running *buildRun[T]
}

type buildRun[T any] struct {
	done    chan struct{} // closed when the build ended; the fields below are set then
	version string
	value   T
	err     error
}

// get returns the value for the graph's current version (current asks: one small statement),
// built by build when the version moved. A graph without a version (not written by a load) is
// read afresh by every call, in the caller's time. what names the value in errors.
func (b *built[T]) get(ctx context.Context, current func(context.Context) (string, error), what string, build func(context.Context) (string, T, error)) (T, error) {
	var zero T
	version, err := current(ctx)
	if err != nil {
		return zero, err
	}
	if version == "" {
		_, v, err := build(ctx)
		return v, err
	}
	b.mu.Lock()
	if b.ok && b.version == version {
		v := b.value
		b.mu.Unlock()
		return v, nil
	}
	run := b.running
	if run == nil {
		run = &buildRun[T]{done: make(chan struct{})}
		b.running = run
		go b.build(context.WithoutCancel(ctx), run, build)
	}
	b.mu.Unlock()
	select {
	case <-run.done:
		return run.value, run.err // the newest version: a load since the version check only adds
	case <-ctx.Done():
		return zero, model.Wrap(model.ETIMEOUT, fmt.Errorf("%s: %w", what, context.Cause(ctx)),
			"The %s is still being built after a change of the graph (this takes up to a minute on a large graph); try again shortly.", what)
	}
}

// current returns the value built last, if any, without asking the database.
func (b *built[T]) current() (T, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.value, b.ok
}

func (b *built[T]) build(ctx context.Context, run *buildRun[T], build func(context.Context) (string, T, error)) {
	ctx, cancel := context.WithTimeout(ctx, indexBuildTime)
	defer cancel()
	run.version, run.value, run.err = build(ctx)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.running = nil
	if run.err == nil && run.version != "" {
		b.version, b.value, b.ok = run.version, run.value, true
	}
	close(run.done)
}

// Prepare builds the indexes made from the whole graph (similarity, learning partners) ahead
// of the first request that needs them: on a large graph that takes longer than a request may
// wait. server.go calls it when it starts serving; it returns when both are built or ctx ends.
func (r *Resolver) Prepare(ctx context.Context) {
	began := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, errs[0] = r.similarityIndex(ctx)
	}()
	go func() {
		defer wg.Done()
		_, _, errs[1] = r.partnerState(ctx)
	}()
	wg.Wait()
	log := r.Log
	if log == nil {
		log = slog.Default()
	}
	if err := errors.Join(errs...); err != nil {
		log.Warn("indexes not built ahead; the first request that needs one builds it", "err", err)
		return
	}
	log.Info("indexes built", "took", time.Since(began).Round(time.Millisecond))
}

// Watch keeps the indexes made from the whole graph in step with loads this process does not
// see: `mao-graph load` and the curator of another server change the graph behind it. Every
// interval it reads the graph version (one small statement), and when the version moved it
// rebuilds the indexes (Prepare), so that the first request after such a load finds them built
// instead of waiting for them (most of a minute at L, longer than a request may wait). It
// returns when ctx ends.
func (r *Resolver) Watch(ctx context.Context, every time.Duration) {
	last, _ := r.Store.Version(ctx) // the start's own Prepare builds for this one
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		version, err := r.Store.Version(ctx)
		if err != nil || version == "" || version == last {
			continue // an unavailable database is the breaker's to report; try again later
		}
		last = version
		r.Prepare(ctx)
	}
}

// Package curate serves the curator's API: propose facts for a posted document, save a
// reviewed draft into the seed folder, and load the seeds into the graph. The server mounts it
// only when it runs with the curator option and a token, and every request must carry that
// token; writes go to the seed folder only, after the loader has accepted the draft, and every
// save is logged.
package curate

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/metandereogen/maograph/graph/model"
	"github.com/metandereogen/maograph/loader"
	"github.com/metandereogen/maograph/propose"
)

// Options configure the curator's API.
type Options struct {
	Token   string // every request must send "Authorization: Bearer <Token>"
	SeedDir string // the seed folder: the only place saves are written
	// Load loads the seed folder into the graph and returns a summary of what changed.
	Load func(ctx context.Context) (string, error)
	Log  *slog.Logger
}

// maxBody bounds a request: a document and its draft are a few hundred kilobytes at most.
const maxBody = 4 << 20

// Handler returns the API, answering
//
//	POST /curate/api/propose  {text, file, title, date, kind} → {draft, yaml, text, threshold, entities, vocabulary}
//	POST /curate/api/render   {draft} → {yaml, problems}: the draft as a seed file and what the loader says of it
//	POST /curate/api/save     {name, draft, text} → {saved, document}: validated, then written to the seed folder
//	POST /curate/api/load     → 202 {status: "running"}: starts loading the seed folder into the graph
//	POST /curate/api/loadstatus → {status: idle|running|done|failed, summary, error}
//
// Loading runs in the background (it can take longer than an HTTP response may), one at a time.
//
// Errors are JSON {"error": {"code", "message"}}: 401 UNAUTHENTICATED without a token, 403
// FORBIDDEN with a wrong one, 400 BAD_USER_INPUT for a path outside the seed folder or bad
// input, 409 CONFLICT for a file that exists, 422 INVALID_DRAFT with the loader's file:line
// problems, 413 PAYLOAD_TOO_LARGE.
func Handler(o Options) http.Handler {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{o: o}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /curate/api/propose", s.propose)
	mux.HandleFunc("POST /curate/api/render", s.render)
	mux.HandleFunc("POST /curate/api/save", s.save)
	mux.HandleFunc("POST /curate/api/load", s.load)
	mux.HandleFunc("POST /curate/api/loadstatus", s.loadStatus)
	return s.auth(mux)
}

type server struct {
	o Options

	mu      sync.Mutex
	loading loadState
}

// loadState is the state of the last load the curator started.
type loadState struct {
	Status  string `json:"status"` // idle, running, done, failed
	Summary string `json:"summary,omitempty"`
	Error   string `json:"error,omitempty"`
}

// loadTimeout bounds a load started from the page.
const loadTimeout = 15 * time.Minute

type apiError struct {
	status int
	Code   string `json:"code"`
	Msg    string `json:"message"`
}

func (e *apiError) Error() string { return e.Msg }

func fail(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, Code: code, Msg: fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		s.o.Log.Error("curator request failed", "path", r.URL.Path, "err", err)
		e = fail(http.StatusInternalServerError, "INTERNAL", "internal error")
	}
	writeJSON(w, e.status, map[string]any{"error": e})
}

// auth lets a request through only with the curator's token.
func (s *server) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case !ok || got == "":
			w.Header().Set("WWW-Authenticate", `Bearer realm="mao-graph curator"`)
			s.writeError(w, r, fail(http.StatusUnauthorized, "UNAUTHENTICATED", "the curator's API needs the curator token: send Authorization: Bearer <token>"))
		case s.o.Token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.o.Token)) != 1:
			s.o.Log.Warn("curator request with a wrong token", "path", r.URL.Path, "remote", r.RemoteAddr)
			s.writeError(w, r, fail(http.StatusForbidden, "FORBIDDEN", "wrong curator token"))
		default:
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			next.ServeHTTP(w, r)
		}
	})
}

func decode(r *http.Request, v any) error {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fail(http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "request body larger than %d bytes", maxBody)
		}
		return fail(http.StatusBadRequest, "BAD_USER_INPUT", "request body is not the expected JSON: %v", err)
	}
	return nil
}

// gazetteer reads the graph's names from the seed folder as it is now.
func (s *server) gazetteer() (*propose.Gazetteer, error) {
	ds, err := loader.Parse(os.DirFS(s.o.SeedDir))
	if err != nil {
		return nil, fail(http.StatusConflict, "INVALID_SEEDS", "the seed folder does not load, so it cannot be the gazetteer: %v", err)
	}
	return propose.NewGazetteer(ds), nil
}

var (
	draftName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*\.yaml$`)
	docName   = regexp.MustCompile(`^documents/[A-Za-z0-9][A-Za-z0-9._-]*\.txt$`)
)

// inSeedDir resolves a path the client names within the seed folder, or says why it may not
// be written.
func (s *server) inSeedDir(p string, pattern *regexp.Regexp, what string) (string, error) {
	if !pattern.MatchString(p) || !filepath.IsLocal(p) {
		return "", fail(http.StatusBadRequest, "BAD_USER_INPUT",
			"%s path %q is outside the seed folder or not allowed: a draft is saved as name.yaml at the top of the seed folder, its document as documents/name.txt (lowercase letters, digits, . _ -)", what, p)
	}
	full := filepath.Join(s.o.SeedDir, filepath.FromSlash(p))
	root, err := filepath.Abs(s.o.SeedDir)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(full)
	if err != nil || !strings.HasPrefix(abs, root+string(filepath.Separator)) {
		return "", fail(http.StatusBadRequest, "BAD_USER_INPUT", "%s path %q is outside the seed folder", what, p)
	}
	return abs, nil
}

type proposeRequest struct {
	Text  string `json:"text"`
	File  string `json:"file"` // documents/name.txt
	Title string `json:"title"`
	Date  string `json:"date"`
	Kind  string `json:"kind"`
}

func (s *server) propose(w http.ResponseWriter, r *http.Request) {
	var req proposeRequest
	if err := decode(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if strings.TrimSpace(req.Text) == "" {
		s.writeError(w, r, fail(http.StatusBadRequest, "BAD_USER_INPUT", "text is empty: paste or upload the document"))
		return
	}
	if _, err := s.inSeedDir(req.File, docName, "document"); err != nil {
		s.writeError(w, r, err)
		return
	}
	g, err := s.gazetteer()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := propose.Propose(req.Text, propose.Meta{File: req.File, Title: req.Title, Date: req.Date, Kind: req.Kind}, g)
	if err != nil {
		s.writeError(w, r, fail(http.StatusBadRequest, "BAD_USER_INPUT", "%v", err))
		return
	}
	var existing []propose.Entry
	for _, e := range g.Entries() {
		existing = append(existing, propose.Entry{ID: e.ID, Label: e.Label, Name: e.Name})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"draft": d, "yaml": string(d.YAML()), "text": propose.Clean(req.Text), "threshold": propose.Threshold,
		"entities": existing, "vocabulary": factVocabulary,
	})
}

// factVocabulary is what the review page offers when a curator edits a fact: the labels a fact
// of each type may be about, the units, duration units, qualifiers and the labels a funding
// source may have; the loader checks the same tables (graph/model/vocabulary.go).
var factVocabulary = map[string]any{
	"factTypes":      model.FactTypes,
	"units":          model.Units,
	"durationUnits":  model.DurationUnits,
	"qualifiers":     model.Qualifiers,
	"fundingSources": model.RelationRules[model.FundedBy].To,
}

type draftRequest struct {
	Name  string         `json:"name"` // name.yaml
	Draft *propose.Draft `json:"draft"`
	Text  string         `json:"text"`
}

// check renders the draft and runs the loader over the seed folder with it.
func (s *server) check(req *draftRequest) ([]byte, error) {
	if req.Draft == nil {
		return nil, fail(http.StatusBadRequest, "BAD_USER_INPUT", "draft is missing")
	}
	g, err := s.gazetteer()
	if err != nil {
		return nil, err
	}
	req.Draft.AssignIDs(g)
	y := req.Draft.YAML()
	name := req.Name
	if name == "" {
		name = "draft.yaml"
	}
	if _, err := propose.Check(os.DirFS(s.o.SeedDir), name, y, req.Draft.Document.File, []byte(req.Text)); err != nil {
		var ps loader.Problems
		if errors.As(err, &ps) {
			return y, &apiError{status: http.StatusUnprocessableEntity, Code: "INVALID_DRAFT", Msg: err.Error()}
		}
		return y, err
	}
	return y, nil
}

func (s *server) render(w http.ResponseWriter, r *http.Request) {
	var req draftRequest
	if err := decode(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	y, err := s.check(&req)
	problems := ""
	var e *apiError
	if errors.As(err, &e) && e.Code == "INVALID_DRAFT" {
		problems, err = e.Msg, nil
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"yaml": string(y), "problems": problems, "draft": req.Draft})
}

func (s *server) save(w http.ResponseWriter, r *http.Request) {
	var req draftRequest
	if err := decode(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Draft == nil {
		s.writeError(w, r, fail(http.StatusBadRequest, "BAD_USER_INPUT", "draft is missing"))
		return
	}
	yamlPath, err := s.inSeedDir(req.Name, draftName, "draft")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	docPath, err := s.inSeedDir(req.Draft.Document.File, docName, "document")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := os.Stat(yamlPath); err == nil {
		s.writeError(w, r, fail(http.StatusConflict, "CONFLICT", "%s already exists in the seed folder; choose another name", req.Name))
		return
	}
	if old, err := os.ReadFile(docPath); err == nil && string(old) != req.Text {
		s.writeError(w, r, fail(http.StatusConflict, "CONFLICT", "%s already exists in the seed folder with another text", req.Draft.Document.File))
		return
	}
	y, err := s.check(&req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := os.WriteFile(docPath, []byte(req.Text), 0o644); err != nil {
		s.writeError(w, r, fmt.Errorf("write %s: %w", docPath, err))
		return
	}
	if err := os.WriteFile(yamlPath, y, 0o644); err != nil {
		s.writeError(w, r, fmt.Errorf("write %s: %w", yamlPath, err))
		return
	}
	nodes, rels := 0, 0
	for _, n := range req.Draft.Nodes {
		if !n.Existing && n.Active() {
			nodes++
		}
	}
	for _, rel := range req.Draft.Relations {
		if rel.Active() {
			rels++
		}
	}
	facts := 0
	for _, f := range req.Draft.Facts {
		if f.Active() {
			facts++
		}
	}
	s.o.Log.Info("curator saved a draft", "file", yamlPath, "document", docPath, "document_id", req.Draft.Document.ID,
		"nodes", nodes, "relations", rels, "facts", facts, "remote", r.RemoteAddr)
	writeJSON(w, http.StatusOK, map[string]any{"saved": req.Name, "document": req.Draft.Document.File, "yaml": string(y)})
}

func (s *server) load(w http.ResponseWriter, r *http.Request) {
	if s.o.Load == nil {
		s.writeError(w, r, fail(http.StatusNotImplemented, "NOT_IMPLEMENTED", "this server cannot load"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loading.Status == "running" {
		s.writeError(w, r, fail(http.StatusConflict, "CONFLICT", "a load is already running"))
		return
	}
	s.loading = loadState{Status: "running"}
	// The load outlives the request (its response would time out first), not the server's
	// wish to stop: the store's own deadline and loadTimeout bound it.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), loadTimeout)
	remote := r.RemoteAddr
	s.o.Log.Info("curator started a load", "remote", remote)
	go func() {
		defer cancel()
		summary, err := s.o.Load(ctx)
		s.mu.Lock()
		defer s.mu.Unlock()
		if err != nil {
			s.loading = loadState{Status: "failed", Error: err.Error()}
			s.o.Log.Warn("curator load failed", "remote", remote, "err", err)
			return
		}
		s.loading = loadState{Status: "done", Summary: summary}
		s.o.Log.Info("curator loaded the seeds", "remote", remote)
	}()
	writeJSON(w, http.StatusAccepted, s.loading)
}

func (s *server) loadStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	st := s.loading
	s.mu.Unlock()
	if st.Status == "" {
		st.Status = "idle"
	}
	writeJSON(w, http.StatusOK, st)
}

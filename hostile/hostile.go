// Package hostile reads the corpus of hostile requests in testdata/hostile and sends them to a
// server: what TestHostileCorpus asserts and what `go run ./soak -hostile` measures. Each case
// is one JSON file (format in testdata/hostile/README.md) naming the request and the answer
// it must get: status, extensions.code and the most bytes the answer may take.
package hostile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Part is a piece of a generated text: Text repeated Repeat times (once when 0), with {i}
// replaced by the repetition's number.
type Part struct {
	Text   string `json:"text"`
	Repeat int    `json:"repeat"`
}

// Case is one hostile request and the answer it must get.
type Case struct {
	Name string `json:"-"` // the file's name without .json
	Why  string `json:"why"`
	// The request. Query or QueryParts make the body {"query": ..., "variables": ...,
	// "extensions": ...} unless Body or BodyParts give the raw body.
	Method      string            `json:"method"` // default POST
	Headers     map[string]string `json:"headers"`
	Query       string            `json:"query"`
	QueryParts  []Part            `json:"queryParts"`
	Variables   map[string]any    `json:"variables"`
	VarParts    map[string][]Part `json:"variableParts"` // a variable as a JSON text built from parts
	Extensions  map[string]any    `json:"extensions"`
	Body        *string           `json:"body"`
	BodyParts   []Part            `json:"bodyParts"`
	Chunked     bool              `json:"chunked"`       // send without Content-Length
	DeclaredLen int64             `json:"contentLength"` // send this Content-Length whatever the body
	// The answer.
	Want struct {
		Status   int    `json:"status"`
		Code     string `json:"code"`     // extensions.code of the first error; "" for none
		MaxBytes int    `json:"maxBytes"` // default 4096
	} `json:"want"`
}

// Load reads every case in dir, sorted by name.
func Load(dir string) ([]Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var cases []Case
	var errs []error
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var c Case
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, err))
			continue
		}
		c.Name = strings.TrimSuffix(filepath.Base(f), ".json")
		if c.Want.Status == 0 {
			errs = append(errs, fmt.Errorf("%s: want.status is missing", f))
		}
		if c.Want.MaxBytes == 0 {
			c.Want.MaxBytes = 4096
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("no cases in %s", dir))
	}
	slices.SortFunc(cases, func(a, b Case) int { return strings.Compare(a.Name, b.Name) })
	return cases, errors.Join(errs...)
}

func build(parts []Part) string {
	var sb strings.Builder
	for _, p := range parts {
		for i := range max(p.Repeat, 1) {
			sb.WriteString(strings.ReplaceAll(p.Text, "{i}", strconv.Itoa(i)))
		}
	}
	return sb.String()
}

// body returns the request body.
func (c Case) body() ([]byte, error) {
	switch {
	case c.Body != nil:
		return []byte(*c.Body), nil
	case len(c.BodyParts) > 0:
		return []byte(build(c.BodyParts)), nil
	}
	q := c.Query
	if len(c.QueryParts) > 0 {
		q = build(c.QueryParts)
	}
	m := map[string]any{}
	if q != "" {
		m["query"] = q
	}
	vars := map[string]any{}
	for k, v := range c.Variables {
		vars[k] = v
	}
	for k, parts := range c.VarParts {
		vars[k] = json.RawMessage(build(parts))
	}
	if len(vars) > 0 {
		m["variables"] = vars
	}
	if c.Extensions != nil {
		m["extensions"] = c.Extensions
	}
	return json.Marshal(m)
}

// Result is what the server answered.
type Result struct {
	Status int
	Code   string // extensions.code of the first error
	Bytes  int
	Body   []byte // at most the first 64 KiB
}

// Check says what is wrong with r for c, or nil.
func (c Case) Check(r Result) error {
	var problems []string
	if r.Status != c.Want.Status {
		problems = append(problems, fmt.Sprintf("status %d, want %d", r.Status, c.Want.Status))
	}
	if r.Code != c.Want.Code {
		problems = append(problems, fmt.Sprintf("code %q, want %q", r.Code, c.Want.Code))
	}
	if r.Bytes > c.Want.MaxBytes {
		problems = append(problems, fmt.Sprintf("answer of %d bytes, want at most %d", r.Bytes, c.Want.MaxBytes))
	}
	if len(problems) == 0 {
		return nil
	}
	body := string(r.Body)
	if len(body) > 300 {
		body = body[:300] + "…"
	}
	return fmt.Errorf("%s: %s (answer: %s)", c.Name, strings.Join(problems, "; "), body)
}

// Send sends c to the server at base (http://host:port) and reads its answer.
func (c Case) Send(client *http.Client, base string) (Result, error) {
	body, err := c.body()
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	method := c.Method
	if method == "" {
		method = http.MethodPost
	}
	if c.DeclaredLen > 0 {
		return c.sendRaw(base, method, body)
	}
	target := base + "/graphql"
	var reader io.Reader = bytes.NewReader(body)
	if method == http.MethodGet {
		target += "?" + getParams(body)
		reader = nil
	} else if c.Chunked {
		reader = io.MultiReader(bytes.NewReader(body)) // hides the length: sent chunked
	}
	req, err := http.NewRequest(method, target, reader)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	for k, v := range c.Headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	defer resp.Body.Close()
	return read(resp)
}

// getParams turns a JSON body into GET parameters.
func getParams(body []byte) string {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(body, &m)
	v := url.Values{}
	for k, raw := range m {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			v.Set(k, s)
		} else {
			v.Set(k, string(raw))
		}
	}
	return v.Encode()
}

// sendRaw writes the request by hand, to declare a Content-Length the body does not have.
func (c Case) sendRaw(base, method string, body []byte) (Result, error) {
	u, err := url.Parse(base)
	if err != nil {
		return Result{}, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(60 * time.Second))
	var head strings.Builder
	fmt.Fprintf(&head, "%s /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: %d\r\nConnection: close\r\n", method, u.Host, c.DeclaredLen)
	for k, v := range c.Headers {
		fmt.Fprintf(&head, "%s: %s\r\n", k, v)
	}
	head.WriteString("\r\n")
	if _, err := io.WriteString(conn, head.String()); err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	_, _ = conn.Write(body)
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.CloseWrite() // the body ends here, whatever Content-Length said
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return Result{}, fmt.Errorf("%s: read the answer: %w", c.Name, err)
	}
	defer resp.Body.Close()
	return read(resp)
}

func read(resp *http.Response) (Result, error) {
	r := Result{Status: resp.StatusCode}
	n, _ := io.Copy(io.Discard, io.TeeReader(io.LimitReader(resp.Body, 64<<10), &limitedBuffer{b: &r.Body, max: 64 << 10}))
	rest, _ := io.Copy(io.Discard, resp.Body)
	r.Bytes = int(n + rest)
	var out struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(r.Body, &out) == nil && len(out.Errors) > 0 {
		r.Code = out.Errors[0].Extensions.Code
	}
	return r, nil
}

type limitedBuffer struct {
	b   *[]byte
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - len(*l.b); room > 0 {
		*l.b = append(*l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

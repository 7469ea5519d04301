package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/metandereogen/maograph/timing"
)

// result is one contender's numbers for one query at one concurrency.
type result struct {
	Requests, Errors int
	RPS              float64 // successful requests per second
	P50, P95, P99    time.Duration
	FirstError       string
	// CPU per request of the contender's server process and of Neo4j (0: not measured).
	ServerCPU, DBCPU time.Duration
	// Statements is the mean of the X-Statements header (Cypher statements per request) over
	// the responses that carry it; counted says how many did (0: the contender does not report).
	Statements float64
	Counted    int
}

// statements reads the Cypher statements MAO Graph reports a request ran (its X-Statements
// header, what a client sees), -1 when the response has none.
func statements(h http.Header) int {
	n, err := strconv.Atoi(h.Get(timing.HeaderStatements))
	if err != nil {
		return -1
	}
	return n
}

// attack sends the request as fast as c workers can for d (vegeta: c fixed workers, no rate
// limit), and counts HTTP failures and GraphQL errors alike as errors.
func attack(client *http.Client, url string, body []byte, c int, d time.Duration) result {
	t := vegeta.Target{Method: http.MethodPost, URL: url, Body: body,
		Header: http.Header{"Content-Type": {"application/json"}}}
	opts := []func(*vegeta.Attacker){
		vegeta.Workers(uint64(c)), vegeta.MaxWorkers(uint64(c)), vegeta.Connections(c),
		vegeta.MaxConnections(c), vegeta.Timeout(30 * time.Second), vegeta.KeepAlive(true),
	}
	if client != nil {
		opts = append(opts, vegeta.Client(client))
	}
	a := vegeta.NewAttacker(opts...)
	var m vegeta.Metrics
	r := result{}
	stmts := 0
	start := time.Now()
	for res := range a.Attack(vegeta.NewStaticTargeter(t), vegeta.Rate{Freq: 0}, d, "bench") {
		bad := res.Error != "" || res.Code != http.StatusOK || bytes.Contains(res.Body, []byte(`"errors":`))
		if bad {
			r.Errors++
			if r.FirstError == "" {
				r.FirstError = fmt.Sprintf("%d %s %.200s", res.Code, res.Error, res.Body)
			}
		}
		if n := statements(res.Headers); n >= 0 {
			stmts += n
			r.Counted++
		}
		res.Body = nil
		m.Add(res)
	}
	elapsed := time.Since(start)
	m.Close()
	r.Requests = int(m.Requests)
	if r.Counted > 0 {
		r.Statements = float64(stmts) / float64(r.Counted)
	}
	r.RPS = float64(r.Requests-r.Errors) / elapsed.Seconds()
	r.P50, r.P95, r.P99 = m.Latencies.P50, m.Latencies.P95, m.Latencies.Quantile(0.99)
	return r
}

// graphqlBody is a GraphQL POST body.
func graphqlBody(q string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	return b
}

// post sends one GraphQL request and returns its data and the response headers, or its
// errors as an error.
func post(ctx context.Context, client *http.Client, url string, body []byte) (json.RawMessage, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, resp.Header, fmt.Errorf("%s: %.300s", resp.Status, raw)
	}
	if len(out.Errors) > 0 {
		msgs := make([]string, len(out.Errors))
		for i, e := range out.Errors {
			msgs[i] = e.Message
		}
		return nil, resp.Header, fmt.Errorf("graphql errors: %s", strings.Join(msgs, "; "))
	}
	return out.Data, resp.Header, nil
}

// funcTransport turns an HTTP round trip into a call of fn: it lets vegeta drive the raw
// Cypher floor with the same workers, clock and statistics as the HTTP contenders, without a
// network hop that the floor does not have.
type funcTransport func(ctx context.Context) error

func (f funcTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	code, body := http.StatusOK, "{}"
	if err := f(req.Context()); err != nil {
		code, body = http.StatusInternalServerError, err.Error()
	}
	return &http.Response{StatusCode: code, Status: http.StatusText(code), Body: io.NopCloser(strings.NewReader(body)),
		Header: http.Header{}, Request: req, ProtoMajor: 1, ProtoMinor: 1}, nil
}

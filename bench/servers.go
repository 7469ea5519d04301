package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/metandereogen/maograph/devdb"
)

// proc is a server the benchmark started; stop ends it (SIGTERM, then SIGKILL after 10 s).
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

func startProc(name string, cmd *exec.Cmd, logFile string) (*proc, error) {
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	return p, nil
}

// pid returns the process id, 0 for no process.
func (p *proc) pid() int {
	if p == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

func (p *proc) stop() {
	if p == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

// waitHTTP polls url until it answers (any status below 500) or the time is up.
func waitHTTP(ctx context.Context, p *proc, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before it answered", p.name)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode < 500 {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer on %s within %s", p.name, url, limit)
}

// startMAO runs the built mao-graph binary against the database, without seeding.
func startMAO(ctx context.Context, bin, workDir string, db *devdb.Instance) (*proc, string, error) {
	port, err := devdb.FreePort()
	if err != nil {
		return nil, "", err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "-neo4j-uri", db.URI, "-neo4j-user", db.User, "-neo4j-password", db.Password,
		"-seed=false", "-addr", addr, "-log-format", "json")
	// No per-client rate limit: the load generator is one client on purpose.
	cmd.Env = append(os.Environ(), "MAO_REQUEST_TIMEOUT=30s", "MAO_RATE_LIMIT=0")
	p, err := startProc("mao-graph", cmd, filepath.Join(workDir, "mao-graph.log"))
	if err != nil {
		return nil, "", err
	}
	// Traffic starts when /readyz says 200, as behind a load balancer: after the server's first
	// index builds (a minute at L, bounded by the build limit of two).
	if err := waitHTTP(ctx, p, "http://"+addr+"/readyz", 3*time.Minute); err != nil {
		p.stop()
		return nil, "", err
	}
	return p, "http://" + addr + "/graphql", nil
}

// startNeo4jGraphQL runs bench/neo4j-graphql (installing its locked dependencies first when
// node_modules is missing).
func startNeo4jGraphQL(ctx context.Context, root, workDir string, db *devdb.Instance) (*proc, string, error) {
	dir := filepath.Join(root, "bench", "neo4j-graphql")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@neo4j", "graphql")); err != nil {
		install := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		install.Dir = dir
		if out, err := install.CombinedOutput(); err != nil {
			return nil, "", fmt.Errorf("npm ci in %s: %w\n%s", dir, err, out)
		}
	}
	port, err := devdb.FreePort()
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command("node", "server.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NEO4J_URI="+db.URI, "NEO4J_USER="+db.User, "NEO4J_PASSWORD="+db.Password,
		"PORT="+strconv.Itoa(port), "NODE_ENV=production")
	logFile := filepath.Join(workDir, "neo4j-graphql.log")
	p, err := startProc("@neo4j/graphql server", cmd, logFile)
	if err != nil {
		return nil, "", err
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(logFile); strings.Contains(string(b), "READY ") {
			return p, url, nil
		}
		select {
		case <-p.done:
			b, _ := os.ReadFile(logFile)
			return nil, "", fmt.Errorf("@neo4j/graphql server exited:\n%s", b)
		case <-time.After(200 * time.Millisecond):
		}
	}
	p.stop()
	return nil, "", fmt.Errorf("@neo4j/graphql server not ready within a minute; see %s", logFile)
}

// vmHWM returns a process's peak resident memory in bytes (Linux), or 0.
func vmHWM(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

package devdb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// PIDFile is where a detached dev database records its process id and URI.
func PIDFile(root string) string { return filepath.Join(root, ".devdb", "neo4j.pid") }

// Detached is what a pid file says about a dev database started by another process.
type Detached struct {
	Pid int
	URI string
}

// WritePID records a detached instance so that a later command can find and stop it.
func WritePID(path string, in *Instance) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	body := fmt.Sprintf("%d %s\n", in.Pid(), in.URI)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// ReadPID returns the detached instance a pid file names, if its process is still alive.
func ReadPID(path string) (Detached, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Detached{}, false
	}
	pidText, uri, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 || syscall.Kill(pid, 0) != nil {
		return Detached{}, false
	}
	return Detached{Pid: pid, URI: uri}, true
}

// StopPID stops the detached instance a pid file names and removes the file.
func StopPID(ctx context.Context, path string) error {
	d, ok := ReadPID(path)
	if !ok {
		_ = os.Remove(path)
		return errors.New("no dev neo4j is running (no live pid in " + path + ")")
	}
	if err := syscall.Kill(d.Pid, syscall.SIGTERM); err != nil {
		return fmt.Errorf("stop dev neo4j pid %d: %w", d.Pid, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(d.Pid, 0) == nil {
		if time.Now().After(deadline) || ctx.Err() != nil {
			_ = syscall.Kill(d.Pid, syscall.SIGKILL)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return os.Remove(path)
}

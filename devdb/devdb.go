// Package devdb runs the development and test database: Neo4j Community 5.26 LTS, embedded in a
// small Java launcher (devdb/launcher, built by Maven from Maven Central) that opens only the
// Bolt connector on loopback. The rest of the project never imports this package's internals:
// it gets a bolt:// URI and talks to it with the Go driver, exactly as in production.
package devdb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultPassword is the password of the neo4j user in the dev database. It protects nothing
// (the database listens on loopback only); it exists so that a wrong password is caught in
// development the same way it is in production.
const DefaultPassword = "mao-graph-dev"

// Options say where and how to run the dev database.
type Options struct {
	Root     string // repository root (holds devdb/launcher); "" means: found from the working directory
	DataDir  string // database files; "" means <root>/.devdb/data
	Host     string // "" means 127.0.0.1
	Port     int    // 0 means 7687
	Password string // "" means DefaultPassword
	LogFile  string // the JVM's output; "" means <DataDir>/../devdb.log
	// Attached ties the database to this process: it stops when this process exits, however
	// it exits. Detached databases run until Stop or StopPID.
	Attached bool
	// Ready bounds the wait for Bolt. 0 means 3 minutes (the first run compiles the launcher).
	Ready time.Duration
	// Heap is the JVM's maximum heap, as -Xmx takes it ("1g", "6g"); "" means "1g". Loading a
	// large graph in one transaction needs more.
	Heap string
	// TxMemory caps the memory all transactions together may use, as Neo4j's
	// dbms.memory.transaction.total.max takes it ("10g"); "" means Neo4j's default, 70% of the
	// heap. A load writes the whole graph in one transaction.
	TxMemory string
	// JVMFlags go to the JVM before the class path (e.g. ShortLivedJVM).
	JVMFlags []string
}

// ShortLivedJVM suits a database that lives for one test package on a small machine: the
// client compiler only (C2's warm-up costs more CPU than a few minutes of seed-sized queries
// win back) and the serial collector (no GC threads competing for two cores). Measured on the
// graph package's query tests: 99 s of CPU with the defaults, 48 s with these. Servers,
// the soak and the bench keep the JVM's defaults.
var ShortLivedJVM = []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}

// BusyJVM suits a test package that keeps its database busy for minutes (the graph package's
// membership properties): the full JIT pays back there. Measured on those four tests: 300 s
// wall and 469 s of CPU with ShortLivedJVM, 210 s and 380 s with these.
var BusyJVM = []string{"-XX:+UseSerialGC"}

// Instance is a running dev database.
type Instance struct {
	URI      string
	User     string
	Password string
	Version  string // as reported by Neo4j, e.g. "5.26.30"
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	exited   chan struct{}
	waitErr  error
}

// Pid is the JVM's process id.
func (in *Instance) Pid() int { return in.cmd.Process.Pid }

func (o *Options) defaults() error {
	if o.Root == "" {
		root, err := FindRoot()
		if err != nil {
			return err
		}
		o.Root = root
	}
	if o.DataDir == "" {
		o.DataDir = filepath.Join(o.Root, ".devdb", "data")
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Port == 0 {
		o.Port = 7687
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.LogFile == "" {
		o.LogFile = filepath.Join(filepath.Dir(o.DataDir), "devdb.log")
	}
	if o.Ready == 0 {
		o.Ready = 3 * time.Minute
	}
	if o.Heap == "" {
		o.Heap = "1g"
	}
	return nil
}

// FindRoot walks up from the working directory to the folder that holds devdb/launcher/pom.xml.
func FindRoot() (string, error) {
	if dir := os.Getenv("MAO_ROOT"); dir != "" {
		return dir, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "devdb", "launcher", "pom.xml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no devdb/launcher/pom.xml above the working directory; run from the repository or set MAO_ROOT")
		}
		dir = parent
	}
}

// Start builds the launcher if needed, starts Neo4j and waits until it answers on Bolt.
func Start(ctx context.Context, opts Options) (*Instance, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	if err := Build(ctx, opts.Root); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(opts.LogFile), 0o755); err != nil {
		return nil, fmt.Errorf("dev neo4j log folder: %w", err)
	}
	logf, err := os.OpenFile(opts.LogFile, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("dev neo4j log file: %w", err)
	}
	defer logf.Close() // the child holds its own descriptor

	java, err := javaBinary()
	if err != nil {
		return nil, err
	}
	lib := filepath.Join(opts.Root, "devdb", "launcher", "target")
	args := append(slices.Clone(opts.JVMFlags),
		"-Xms256m", "-Xmx"+opts.Heap,
		"-cp", filepath.Join(lib, "mao-devdb.jar")+string(os.PathListSeparator)+filepath.Join(lib, "lib", "*"),
		"nl.metandereogen.devdb.DevNeo4j",
		"--data", opts.DataDir, "--host", opts.Host, "--port", strconv.Itoa(opts.Port),
		"--password", opts.Password,
	)
	if opts.TxMemory != "" {
		args = append(args, "--tx-memory", opts.TxMemory)
	}
	if opts.Attached {
		args = append(args, "--watch-stdin")
	}
	cmd := exec.Command(java, args...)
	cmd.Stdout = logf
	cmd.Stderr = logf
	in := &Instance{User: "neo4j", Password: opts.Password, cmd: cmd, exited: make(chan struct{})}
	if opts.Attached {
		if in.stdin, err = cmd.StdinPipe(); err != nil {
			return nil, fmt.Errorf("dev neo4j stdin: %w", err)
		}
	} else {
		// Its own session, so that ^C in the terminal that started it does not stop it.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dev neo4j (%s): %w", java, err)
	}
	go func() {
		in.waitErr = cmd.Wait()
		close(in.exited)
	}()

	uri, version, err := waitReady(ctx, opts.LogFile, in.exited, opts.Ready)
	if err != nil {
		_ = in.Stop(context.Background())
		return nil, err
	}
	in.URI, in.Version = uri, version
	return in, nil
}

// waitReady polls the launcher's output for its READY or ERROR line.
func waitReady(ctx context.Context, logFile string, exited <-chan struct{}, limit time.Duration) (uri, version string, err error) {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		uri, version, launchErr := scanLog(logFile)
		if launchErr != nil {
			return "", "", launchErr
		}
		if uri != "" {
			return uri, version, nil
		}
		select {
		case <-ctx.Done():
			return "", "", fmt.Errorf("wait for dev neo4j: %w", ctx.Err())
		case <-deadline.C:
			return "", "", fmt.Errorf("dev neo4j did not answer within %s; see %s", limit, logFile)
		case <-exited:
			if uri, version, launchErr = scanLog(logFile); launchErr != nil || uri != "" {
				return uri, version, launchErr
			}
			return "", "", fmt.Errorf("dev neo4j exited before it was ready; see %s", logFile)
		case <-tick.C:
		}
	}
}

func scanLog(logFile string) (uri, version string, err error) {
	f, err := os.Open(logFile)
	if err != nil {
		return "", "", nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "READY "); ok {
			uri, version, _ = strings.Cut(rest, " ")
			return uri, version, nil
		}
		if rest, ok := strings.CutPrefix(line, "ERROR "); ok {
			return "", "", fmt.Errorf("dev neo4j: %s", rest)
		}
	}
	return "", "", nil
}

// Freeze stops the database's JVM with SIGSTOP: its sockets stay open and nothing answers, as
// with a hung host or a long GC pause. Thaw (SIGCONT) lets it go on where it stopped.
func (in *Instance) Freeze() error {
	if err := in.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		return fmt.Errorf("freeze dev neo4j (pid %d): %w", in.Pid(), err)
	}
	return nil
}

// Thaw resumes a database stopped by Freeze.
func (in *Instance) Thaw() error {
	if err := in.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		return fmt.Errorf("thaw dev neo4j (pid %d): %w", in.Pid(), err)
	}
	return nil
}

// Stop shuts the database down cleanly (SIGTERM), killing it if it has not stopped in 30 s.
func (in *Instance) Stop(ctx context.Context) error {
	if in.stdin != nil {
		_ = in.stdin.Close()
	}
	select {
	case <-in.exited:
		return nil
	default:
	}
	_ = in.cmd.Process.Signal(syscall.SIGCONT) // a frozen JVM would not see SIGTERM
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case <-in.exited:
		return nil
	case <-ctx.Done():
	case <-timer.C:
	}
	_ = in.cmd.Process.Kill()
	<-in.exited
	return fmt.Errorf("dev neo4j (pid %d) did not stop in time and was killed", in.Pid())
}

// Build compiles the launcher and fetches Neo4j's jars with Maven unless they are up to date.
// A file lock keeps test packages that start their databases at once from building together.
func Build(ctx context.Context, root string) error {
	dir := filepath.Join(root, "devdb", "launcher")
	jar := filepath.Join(dir, "target", "mao-devdb.jar")
	if err := os.MkdirAll(filepath.Join(dir, "target"), 0o755); err != nil {
		return fmt.Errorf("build dev neo4j launcher: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, "target", ".build.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("build dev neo4j launcher: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("build dev neo4j launcher: lock: %w", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)

	if fresh, err := upToDate(jar, dir); err != nil {
		return err
	} else if fresh {
		return nil
	}
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return errors.New("build dev neo4j launcher: Maven (mvn) is not installed: run scripts/setup.sh or install maven and a JDK 17+")
	}
	cmd := exec.CommandContext(ctx, mvn, "-B", "-q", "package")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("build dev neo4j launcher (mvn package in %s): %w\n%s", dir, err, tail(out, 40))
	}
	return nil
}

// upToDate reports whether the jar is newer than the pom and every Java source.
func upToDate(jar, dir string) (bool, error) {
	ji, err := os.Stat(jar)
	if err != nil {
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "target", "lib")); err != nil {
		return false, nil
	}
	newer := false
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "target" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.ModTime().After(ji.ModTime()) {
			newer = true
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("check dev neo4j launcher sources: %w", err)
	}
	return !newer, nil
}

func javaBinary() (string, error) {
	if home := os.Getenv("JAVA_HOME"); home != "" {
		p := filepath.Join(home, "bin", "java")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("java")
	if err != nil {
		return "", errors.New("dev neo4j needs Java 17 or newer: run scripts/setup.sh or install a JDK (apt-get install openjdk-17-jdk-headless)")
	}
	return p, nil
}

func tail(b []byte, lines int) string {
	s := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(s) > lines {
		s = s[len(s)-lines:]
	}
	return strings.Join(s, "\n")
}

// FreePort asks the kernel for a loopback port that nobody listens on right now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

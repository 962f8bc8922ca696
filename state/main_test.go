package state_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestMain stops the PostgreSQL server the tests may have started.
func TestMain(m *testing.M) {
	code := m.Run()
	pg.stop()
	os.Exit(code)
}

// pg is the package's throwaway PostgreSQL server, started by the first
// test that needs it.
var pg pgServer

// requireEnv makes a missing PostgreSQL a failure rather than a skip (CI
// sets it).
const requireEnv = "ARCHIVEBOT_REQUIRE_POSTGRES"

// errNoPostgres: the server's programs are not installed.
var errNoPostgres = errors.New("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)")

// pgServer is a PostgreSQL server in a temporary folder, listening only on
// a unix socket there, with trust authentication. Run as root, it runs as
// the postgres user the Debian package makes (initdb and postgres refuse
// root).
type pgServer struct {
	once    sync.Once
	err     error
	dir     string
	baseURL string // without a search_path
	cmd     *exec.Cmd
	exited  chan struct{}
	schemas atomic.Int64
}

// url is the server's URL (a password in it is ignored by trust
// authentication), starting the server once.
func (s *pgServer) url() (string, error) {
	s.once.Do(func() { s.err = s.start() })
	return s.baseURL, s.err
}

func (s *pgServer) start() error {
	bin, err := postgresBin()
	if err != nil {
		return err
	}
	base := os.TempDir()
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root, the tests run PostgreSQL as the user postgres, which is missing: %w", err)
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		base = "/tmp" // a folder every user can reach, whatever TMPDIR is
	}
	s.dir, err = os.MkdirTemp(base, "archivebot-pg-")
	if err != nil {
		return err
	}
	if cred != nil {
		if err := os.Chown(s.dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return err
		}
	}
	data := filepath.Join(s.dir, "data")
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = s.dir
		cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
		// The server dies with the test binary, however that ends.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
		return cmd
	}
	out, err := command("initdb", "-D", data, "-U", "archivebot", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	logf, err := os.Create(filepath.Join(s.dir, "server.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	s.cmd = command("postgres", "-D", data, "-k", s.dir, "-c", "listen_addresses=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=60", "-c", "shared_buffers=16MB")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	s.exited = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.exited) }()

	s.baseURL = "postgres://archivebot:Valdoria-s3cret@/archivebot?host=" + s.dir + "&sslmode=disable"
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, strings.Replace(s.baseURL, "/archivebot?", "/postgres?", 1))
		if err == nil {
			_, err = conn.Exec(ctx, "CREATE DATABASE archivebot")
			_ = conn.Close(ctx)
			cancel()
			if err != nil {
				return fmt.Errorf("create the test database: %w", err)
			}
			return nil
		}
		cancel()
		select {
		case <-s.exited:
			log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
			return fmt.Errorf("postgres stopped at start:\n%s", log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres is not ready after a minute: %w", err)
		}
	}
}

// postgresBin is the bin folder of the newest PostgreSQL installed the
// Debian way.
func postgresBin() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		return "", errNoPostgres
	}
	version := func(p string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
		return n
	}
	slices.SortFunc(found, func(a, b string) int { return version(a) - version(b) })
	return filepath.Dir(found[len(found)-1]), nil
}

// stop shuts the server down (fast shutdown) and removes its folder.
func (s *pgServer) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-s.exited:
		case <-time.After(20 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

// postgresURL is the test server's URL, or a skip (a failure with
// ARCHIVEBOT_REQUIRE_POSTGRES=1) when PostgreSQL is not installed.
func postgresURL(t *testing.T) string {
	t.Helper()
	u, err := pg.url()
	switch {
	case errors.Is(err, errNoPostgres) && os.Getenv(requireEnv) != "1":
		t.Skipf("%v; set %s=1 to make this a failure", err, requireEnv)
	case err != nil:
		t.Fatalf("the test PostgreSQL server: %v", err)
	}
	return u
}

// postgresPlace is a new, empty PostgreSQL store for a test: a schema of
// its own, first in the URL's search_path.
func postgresPlace(t *testing.T) string {
	t.Helper()
	base := postgresURL(t)
	schema := fmt.Sprintf("test_%d", pg.schemas.Add(1))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	return base + "&search_path=" + schema
}

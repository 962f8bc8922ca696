package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/index"
)

// TestHealth probes real ops listeners, in this process, and an address
// nothing listens on: the command a container's HEALTHCHECK runs.
func TestHealth(t *testing.T) {
	ready := newOps()
	ready.live = &index.Live{} // never read: readiness only asks whether one is set
	ready.allChecksIn()
	readySrv := httptest.NewServer(ready.handler())
	defer readySrv.Close()

	starting := newOps()
	startingSrv := httptest.NewServer(starting.handler())
	defer startingSrv.Close()

	// A listener that accepts and never answers.
	hung, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hung.Close()
	go func() {
		for {
			c, err := hung.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()

	_, readyPort, _ := net.SplitHostPort(strings.TrimPrefix(readySrv.URL, "http://"))
	nothing := freeAddrs(t, 1)[0]

	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"ready, from --ops", nil, []string{"--ops", hostPort(readySrv)}, 0, "ready", ""},
		{"ready, from ARCHIVEBOT_OPS", map[string]string{"ARCHIVEBOT_OPS": hostPort(readySrv)}, nil, 0, "ready", ""},
		{"wildcard address probed on loopback", nil, []string{"--ops", ":" + readyPort}, 0, "ready", ""},
		{"0.0.0.0 probed on loopback", nil, []string{"--ops", "0.0.0.0:" + readyPort}, 0, "ready", ""},
		{"not ready", nil, []string{"--ops", hostPort(startingSrv)}, 1, "", "not ready (503 Service Unavailable): index: not open | starting"},
		{"nothing listening", nil, []string{"--ops", nothing}, 1, "", "connection refused"},
		{"no answer in time", nil, []string{"--ops", hung.Addr().String(), "--timeout", "200ms"}, 1, "", "no answer in time"},
		{"no address", nil, nil, 1, "", "give --ops ADDR or set ARCHIVEBOT_OPS"},
		{"bad address", nil, []string{"--ops", "9090"}, 1, "", "--ops 9090: address 9090: missing port"},
		{"bad timeout", nil, []string{"--ops", hostPort(readySrv), "--timeout", "0s"}, 1, "", "positive duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			begin := time.Now()
			res := runMain(t, env, "", append([]string{"health"}, tt.args...)...)
			if took := time.Since(begin); took > 10*time.Second {
				t.Errorf("took %s: the probe must give up on its own", took) // a hang, not a speed target
			}
			if res.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", res.code, tt.wantCode, res.stdout, res.stderr)
			}
			if strings.TrimSpace(res.stdout) != tt.wantOut {
				t.Errorf("stdout %q, want %q", res.stdout, tt.wantOut)
			}
			if !strings.Contains(res.stderr, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", res.stderr, tt.wantErr)
			}
		})
	}
}

// TestHealthAgainstTheRunningShell probes the ops listener of the program
// itself, as the image's HEALTHCHECK does, then once it has stopped.
func TestHealthAgainstTheRunningShell(t *testing.T) {
	addr := freeAddrs(t, 1)[0]
	stdin, feed := io.Pipe()
	defer feed.Close()
	r := start(t, map[string]string{}, stdin, "shell", "--ops", addr)
	r.waitStatus("http://"+addr+readyPath, http.StatusOK)
	if res := runMain(t, nil, "", "health", "--ops", addr); res.code != 0 {
		t.Errorf("while serving: exit %d\n%s", res.code, res.stderr)
	}
	feed.Close() // the shell ends at the end of its input, with status 0
	if err := r.end(); err != nil {
		t.Fatalf("shell ended with %v", err)
	}
	if res := runMain(t, nil, "", "health", "--ops", addr); res.code != 1 {
		t.Errorf("after the stop: exit %d, want 1\n%s", res.code, res.stderr)
	}
}

func hostPort(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }

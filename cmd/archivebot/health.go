package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"time"
)

// defaultHealthTimeout bounds a health probe: well under the interval of a
// container's HEALTHCHECK, so that a hung listener counts as unhealthy
// rather than stacking probes up.
const defaultHealthTimeout = 3 * time.Second

const healthUsage = `Usage: archivebot health [--ops ADDR] [--timeout DURATION]

Ask the ops listener of a running archivebot whether it is ready (GET /readyz),
for a container's HEALTHCHECK: the image has no curl. Exits 0 when it answers
"ready", and 1 when it is not ready, does not answer in time, or no address is
given. A wildcard address (:9090, 0.0.0.0:9090) is probed on loopback.

Flags:
`

// health probes the readiness endpoint of the ops listener at --ops (env
// ARCHIVEBOT_OPS, the variable the serving commands read). Every failure
// exits with 1, since a HEALTHCHECK treats any other code as reserved.
func (e env) health(ctx context.Context, args []string) error {
	fs := e.newFlagSet("health")
	addr := fs.String("ops", e.getenv("ARCHIVEBOT_OPS"), "probe the ops listener at `ADDR` (env ARCHIVEBOT_OPS)")
	timeout := fs.Duration("timeout", defaultHealthTimeout, "give up after `DURATION`")
	if err := parseServeFlags(fs, args, healthUsage); err != nil {
		return err
	}
	fail := func(format string, a ...any) error {
		return &exitError{code: exitFailure, msg: "health: " + fmt.Sprintf(format, a...)}
	}
	if *addr == "" {
		return fail("no ops listener to probe: give --ops ADDR or set ARCHIVEBOT_OPS")
	}
	if *timeout <= 0 {
		return fail("--timeout %s: give a positive duration such as 3s", *timeout)
	}
	target, err := probeAddr(*addr)
	if err != nil {
		return fail("--ops %s: %v", *addr, err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	status, body, err := probe(ctx, "http://"+target+readyPath)
	if err != nil {
		return fail("%s: %v", target, err)
	}
	if status != http.StatusOK {
		return fail("not ready (%d %s): %s", status, http.StatusText(status), oneLine(body))
	}
	fmt.Fprintln(e.stdout, "ready")
	return nil
}

// probeAddr turns the address the ops listener was given into one to
// connect to: a listener on every interface (":9090", "0.0.0.0:9090",
// "[::]:9090") is reached on loopback.
func probeAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if host == "" || net.ParseIP(host) != nil && net.ParseIP(host).IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// probe GETs url without a proxy and reads at most a few kilobytes of the
// answer.
func probe(ctx context.Context, url string) (status int, body string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	res, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, "", fmt.Errorf("no answer in time: %w", ctx.Err())
		}
		var uerr *neturl.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL is already named
		}
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	if err != nil {
		return 0, "", err
	}
	return res.StatusCode, string(b), nil
}

// oneLine shows the lines of an answer on one line, quoted if they hold
// anything but printable text, and cut short: the listener probed may not
// be archivebot's.
func oneLine(body string) string {
	s := strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(body), "\n", " | ")), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/index"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Paths of the ops listener.
const (
	healthPath  = "/healthz" // the process is alive
	readyPath   = "/readyz"  // the index is open and every adapter connected
	metricsPath = "/metrics" // Prometheus metrics
)

// ops is the operational side of a serving command: its metrics, in a
// registry of its own, and its readiness, served on the ops listener.
type ops struct {
	reg         *prometheus.Registry
	commands    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	rateLimited *prometheus.CounterVec
	reloads     *prometheus.CounterVec

	// timeouts bound the ops listener's connections (defaultOpsTimeouts).
	timeouts serverTimeouts

	mu      sync.Mutex
	live    *index.Live // nil until the index is open, and once it closes
	checks  []readiness
	serving bool // every check is in place
}

// readiness is one thing /readyz waits for, such as an adapter's
// connection.
type readiness struct {
	name  string
	ready func() bool
}

// serverTimeouts bound how long an HTTP server waits on a connection.
type serverTimeouts struct {
	readHeader, read, write, idle time.Duration
}

// defaultOpsTimeouts are the ops listener's limits. A scrape or a probe
// sends a short request and reads a small answer; a client that holds a
// connection without using it, or sends or reads at a crawl, is cut off,
// so that idle keep-alive connections cannot pile up.
var defaultOpsTimeouts = serverTimeouts{
	readHeader: 5 * time.Second,
	read:       10 * time.Second,
	write:      30 * time.Second,
	idle:       60 * time.Second,
}

// newOps makes the metrics of a run.
func newOps() *ops {
	o := &ops{
		timeouts: defaultOpsTimeouts,
		reg:      prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivebot_commands_total",
			Help: "Requests answered, by platform, command (other: none or unknown) and outcome (answer, not_found, usage, or the failure: busy, timeout, panic, error).",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "archivebot_command_duration_seconds",
			Help:    "Time to answer a request in the bot, waiting for a search slot included, by platform and command.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 5},
		}, []string{"platform", "command"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivebot_rate_limited_total",
			Help: "Requests refused by a rate limit, by platform and scope (user or channel).",
		}, []string{"platform", "scope"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivebot_index_reloads_total",
			Help: "Index reloads on SIGHUP, by result (ok, failed: the old index keeps serving).",
		}, []string{"result"}),
	}
	o.reg.MustRegister(
		o.commands, o.latency, o.rateLimited, o.reloads,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "archivebot_index_documents",
			Help: "Documents in the index being served.",
		}, func() float64 {
			m, ok := o.manifest()
			if !ok {
				return 0
			}
			return float64(m.Documents)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "archivebot_index_age_seconds",
			Help: "Time since the index being served was built.",
		}, func() float64 {
			m, ok := o.manifest()
			if !ok || m.BuiltAt.IsZero() {
				return 0
			}
			return time.Since(m.BuiltAt).Seconds()
		}),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, result := range []string{"ok", "failed"} {
		o.reloads.WithLabelValues(result) // show the series at zero
	}
	return o
}

// observe counts a request the bot answered; it is the bot's Observe hook.
func (o *ops) observe(ob bot.Observation) {
	command := ob.Command
	if command == "" {
		command = "other"
	}
	o.commands.WithLabelValues(ob.Platform, command, ob.Outcome()).Inc()
	o.latency.WithLabelValues(ob.Platform, command).Observe(ob.Took.Seconds())
}

// rateLimitedOn returns the hook an adapter calls when a rate limit
// refuses a request.
func (o *ops) rateLimitedOn(platform string) func(scope string) {
	for _, scope := range []string{bot.ScopeUser, bot.ScopeChannel} {
		o.rateLimited.WithLabelValues(platform, scope) // show the series at zero
	}
	return func(scope string) { o.rateLimited.WithLabelValues(platform, scope).Inc() }
}

// reloaded counts an index reload.
func (o *ops) reloaded(err error) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	o.reloads.WithLabelValues(result).Inc()
}

// serveIndex makes live the index the metrics and /readyz look at; nil
// when it closes.
func (o *ops) serveIndex(live *index.Live) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.live = live
}

func (o *ops) manifest() (index.Manifest, bool) {
	o.mu.Lock()
	live := o.live
	o.mu.Unlock()
	if live == nil {
		return index.Manifest{}, false
	}
	return live.Manifest(), true
}

// needReady adds a check to /readyz, such as an adapter's Ready method.
func (o *ops) needReady(name string, ready func() bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.checks = append(o.checks, readiness{name, ready})
}

// allChecksIn says that every check /readyz waits for has been added: until
// then, it answers that the program is starting.
func (o *ops) allChecksIn() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.serving = true
}

// notReady lists what is not ready yet; empty means ready.
func (o *ops) notReady() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	if !o.serving {
		out = append(out, "starting")
	}
	if o.live == nil {
		out = append(out, "index: not open")
	}
	for _, c := range o.checks {
		if !c.ready() {
			out = append(out, c.name+": not connected")
		}
	}
	sort.Strings(out)
	return out
}

// handler serves /healthz, /readyz and /metrics.
func (o *ops) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+healthPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET "+readyPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if missing := o.notReady(); len(missing) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, strings.Join(missing, "\n")+"\n")
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
	mux.Handle("GET "+metricsPath, promhttp.HandlerFor(o.reg, promhttp.HandlerOpts{Registry: o.reg}))
	return mux
}

// opsFlag registers --ops, defaulting to ARCHIVEBOT_OPS.
func (e env) opsFlag(fs *flag.FlagSet) *string {
	return fs.String("ops", e.getenv("ARCHIVEBOT_OPS"), "serve /healthz, /readyz and /metrics on `ADDR`, e.g. 127.0.0.1:9090 (env ARCHIVEBOT_OPS)")
}

// serveOps starts the ops listener on addr, unless addr is empty, and
// returns the function that stops it. The address is taken at once, so
// that a wrong one stops the program before it connects anywhere.
func (e env) serveOps(ctx context.Context, o *ops, addr string) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, usageErr("--ops %s: %v", addr, err)
	}
	srv := &http.Server{
		Handler:           o.handler(),
		ReadHeaderTimeout: o.timeouts.readHeader,
		ReadTimeout:       o.timeouts.read,
		WriteTimeout:      o.timeouts.write,
		IdleTimeout:       o.timeouts.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelWarn),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Error("ops listener stopped", "err", err)
		}
	}()
	e.log.Info("ops listener", "addr", ln.Addr().String(), "paths", fmt.Sprintf("%s %s %s", healthPath, readyPath, metricsPath))
	return func() {
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		<-done
	}, nil
}

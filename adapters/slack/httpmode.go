package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/archivebot/archivebot/bot"
)

// EventsPath is where HTTP mode takes every request from Slack: slash
// commands, Events API events and interactions (button presses). One URL
// serves all three, so the manifest and a load balancer need only one.
const EventsPath = "/slack/events"

// HealthPath answers a load balancer's health check.
const HealthPath = "/healthz"

// Handler returns HTTP mode's handler. Every request to EventsPath is
// verified with the signing secret before anything else is read from it:
// a bad or missing signature, or a timestamp more than five minutes off,
// gets 401, and a body over the limit 413; the log says why, never what
// the body held. A signed request sent again with the same timestamp and
// signature (a replay inside Slack's five minutes) is acknowledged and
// otherwise ignored, so it is answered once.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+EventsPath, a.serveSlack)
	mux.HandleFunc("GET "+HealthPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	return mux
}

// RunHTTP runs HTTP mode on addr until ctx is done.
func (a *Adapter) RunHTTP(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	return a.Serve(ctx, ln)
}

// Serve runs HTTP mode on ln until ctx is done, then shuts down: it stops
// taking requests, lets those in progress finish, and waits a while for
// answers still being posted.
func (a *Adapter) Serve(ctx context.Context, ln net.Listener) error {
	if err := a.checkAuth(ctx); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.ready.Store(true)
	defer a.ready.Store(false)
	a.log.InfoContext(ctx, "serving Slack over HTTP", "addr", ln.Addr().String(), "path", EventsPath)
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	a.ready.Store(false)
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), drainTimeout)
	defer cancel()
	err := srv.Shutdown(shutdown)
	a.drain()
	if err != nil {
		return fmt.Errorf("shut down http: %w", err)
	}
	a.log.InfoContext(ctx, "stopped serving Slack")
	return nil
}

// serveSlack verifies a request from Slack and dispatches it by its kind.
func (a *Adapter) serveSlack(w http.ResponseWriter, r *http.Request) {
	ctx := bot.WithRequestID(r.Context(), bot.NewRequestID())
	r = r.WithContext(ctx)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			a.log.WarnContext(ctx, "request refused: body too large", "remote", r.RemoteAddr, "limit", a.maxBody)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return
	}
	if err := a.verify(r.Header, body); err != nil {
		a.log.WarnContext(ctx, "request refused: not signed by Slack", "remote", r.RemoteAddr, "reason", err)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if !a.signed.first(r.Header.Get("X-Slack-Request-Timestamp") + " " + r.Header.Get("X-Slack-Signature")) {
		a.log.WarnContext(ctx, "request ignored: a replay of one already answered", "remote", r.RemoteAddr)
		w.WriteHeader(http.StatusOK)
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		a.serveEvent(w, r, body)
		return
	case "application/x-www-form-urlencoded":
	default:
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	switch {
	case form.Has("payload"):
		var ic slackapi.InteractionCallback
		if err := json.Unmarshal([]byte(form.Get("payload")), &ic); err != nil {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
		if !a.start(ctx, func(ctx context.Context) { a.interaction(ctx, ic) }) {
			a.track(ctx, func(ctx context.Context) {
				a.respond(ctx, ic.ResponseURL, newMessage(render(busy(), view{}), false))
			})
		}
	case form.Has("command"):
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Form, r.PostForm = nil, nil
		sc, err := slackapi.SlashCommandParse(r)
		if err != nil {
			http.Error(w, "bad slash command", http.StatusBadRequest)
			return
		}
		a.slashCommand(ctx, sc, func(msg *slackapi.WebhookMessage) error {
			if msg == nil {
				w.WriteHeader(http.StatusOK)
				return nil
			}
			w.Header().Set("Content-Type", "application/json")
			return json.NewEncoder(w).Encode(msg)
		})
	case form.Get("ssl_check") == "1":
		w.WriteHeader(http.StatusOK)
	default:
		http.Error(w, "unknown request", http.StatusBadRequest)
	}
}

// verify checks a request's signature and timestamp.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sv, err := slackapi.NewSecretsVerifier(h, a.cfg.SigningSecret)
	if err != nil {
		if errors.Is(err, slackapi.ErrExpiredTimestamp) {
			return errors.New("timestamp more than five minutes off")
		}
		if errors.Is(err, slackapi.ErrMissingHeaders) {
			return errors.New("no signature")
		}
		return errors.New("malformed signature or timestamp")
	}
	if _, err := sv.Write(body); err != nil {
		return fmt.Errorf("hash body: %w", err)
	}
	if err := sv.Ensure(); err != nil {
		return errors.New("signature does not match")
	}
	return nil
}

// serveEvent answers the Events API: the URL check when the request URL
// is set, and events, acknowledged at once and handled afterwards.
func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ctx := r.Context()
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// Signed by Slack but not an event we read (a type we did not
		// subscribe to): acknowledge it, so that Slack does not retry.
		a.log.DebugContext(ctx, "event not read", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		uv, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if !ok {
			http.Error(w, "bad challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, uv.Challenge)
		a.log.InfoContext(ctx, "answered Slack's URL verification")
	case slackevents.CallbackEvent:
		w.WriteHeader(http.StatusOK)
		if !a.start(ctx, func(ctx context.Context) { a.event(ctx, ev) }) {
			a.log.WarnContext(ctx, "event dropped: too busy")
		}
	case slackevents.AppRateLimited:
		a.log.WarnContext(ctx, "Slack is rate limiting the app's events")
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/archivebot/archivebot/state"
)

// redactState shows ARCHIVEBOT_STATE without secrets: a PostgreSQL URL
// without its password, in the user information or the query.
func redactState(where string) string {
	s := redactURL(where)
	if !state.IsPostgres(s) {
		return s
	}
	base, query, ok := strings.Cut(s, "?")
	if !ok {
		return s
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return base + "?" + redacted // too malformed to tell the password from the rest
	}
	for k := range q {
		if strings.EqualFold(k, "password") || strings.EqualFold(k, "sslpassword") {
			q[k] = []string{redacted}
		}
	}
	return base + "?" + strings.ReplaceAll(q.Encode(), url.QueryEscape(redacted), redacted)
}

// openState opens the state store: ARCHIVEBOT_STATE, else state.db in the
// cache folder. Errors show the location without its password.
func (e env) openState(ctx context.Context, src *source) (state.Store, string, error) {
	where := state.Location(e.getenv, src.cacheFolder())
	st, err := state.Open(ctx, where, e.stateOptions()...)
	if err != nil {
		msg := strings.ReplaceAll(redactPassword(err.Error(), where), where, redactState(where))
		if errors.Is(err, state.ErrBusy) {
			msg += "; bots on one machine need a state file each (set " + state.EnvVar + "), or replicas a shared PostgreSQL (" + state.EnvVar + "=postgres://...)"
		}
		return nil, "", &exitError{code: exitFailure, msg: fmt.Sprintf("open the state store (%s): %s", state.EnvVar, msg)}
	}
	return st, redactState(where), nil
}

// redactPassword takes the password of the PostgreSQL URL where out of
// msg, wherever it shows.
func redactPassword(msg, where string) string {
	if !state.IsPostgres(where) {
		return msg
	}
	u, err := url.Parse(strings.TrimSpace(where))
	if err != nil {
		return redactURL(msg)
	}
	if p, ok := u.User.Password(); ok && p != "" {
		msg = strings.ReplaceAll(msg, p, redacted)
	}
	for k, vs := range u.Query() {
		if strings.EqualFold(k, "password") || strings.EqualFold(k, "sslpassword") {
			for _, v := range vs {
				if v != "" {
					msg = strings.ReplaceAll(msg, v, redacted)
				}
			}
		}
	}
	return msg
}

// closeState closes the state store, logging a failure.
func closeState(log *slog.Logger, st state.Store) {
	if err := st.Close(); err != nil {
		log.Warn("close the state store", "err", err)
	}
}

// askLockTimeout is how long ask and the prompt wait for a state file
// another process holds: not long, since only the bibliography commands
// need it.
const askLockTimeout = 300 * time.Millisecond

// lazyState is the state store of ask and the prompt: opened when a
// command first needs it, so that a question that saves nothing neither
// creates the file nor waits for a bot that holds it. A store that cannot
// be opened fails that command, politely (the bot says so), and is tried
// again by the next.
type lazyState struct {
	open func() (state.Store, error)

	mu sync.Mutex
	st state.Store
}

func (l *lazyState) get() (state.Store, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st != nil {
		return l.st, nil
	}
	st, err := l.open()
	if err != nil {
		return nil, err
	}
	l.st = st
	return st, nil
}

func (l *lazyState) Save(ctx context.Context, conv string, e state.Entry) (int, bool, error) {
	st, err := l.get()
	if err != nil {
		return 0, false, err
	}
	return st.Save(ctx, conv, e)
}

func (l *lazyState) List(ctx context.Context, conv string) ([]state.Entry, error) {
	st, err := l.get()
	if err != nil {
		return nil, err
	}
	return st.List(ctx, conv)
}

func (l *lazyState) Remove(ctx context.Context, conv string, pos int) (state.Entry, error) {
	st, err := l.get()
	if err != nil {
		return state.Entry{}, err
	}
	return st.Remove(ctx, conv, pos)
}

func (l *lazyState) Clear(ctx context.Context, conv string) (int, error) {
	st, err := l.get()
	if err != nil {
		return 0, err
	}
	return st.Clear(ctx, conv)
}

func (l *lazyState) ClaimDaily(ctx context.Context, key, day, holder string, lease time.Duration) (bool, error) {
	st, err := l.get()
	if err != nil {
		return false, err
	}
	return st.ClaimDaily(ctx, key, day, holder, lease)
}

func (l *lazyState) DailyPosted(ctx context.Context, key, day, holder string) error {
	st, err := l.get()
	if err != nil {
		return err
	}
	return st.DailyPosted(ctx, key, day, holder)
}

// Close closes the store if it was opened.
func (l *lazyState) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st == nil {
		return nil
	}
	err := l.st.Close()
	l.st = nil
	return err
}

// lazyState opens the state store of ask and the prompt on first use.
func (e env) lazyState(src *source) *lazyState {
	return &lazyState{open: func() (state.Store, error) {
		where := state.Location(e.getenv, src.cacheFolder())
		st, err := state.Open(context.Background(), where, e.stateOptions(state.WithLockTimeout(askLockTimeout))...)
		if err != nil {
			// The bot logs the error (the store's errors show no
			// password) and shows a short reply.
			return nil, fmt.Errorf("open the state store: %w", err)
		}
		return st, nil
	}}
}

// stateOptions are the options of state.Open: the log, and the test's
// clock for the daily post's leases.
func (e env) stateOptions(more ...state.Option) []state.Option {
	opts := append([]state.Option{state.WithLogger(e.log)}, more...)
	if e.clock != nil {
		opts = append(opts, state.WithClock(e.clock.Now))
	}
	return opts
}

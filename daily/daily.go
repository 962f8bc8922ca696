// Package daily posts the archive's document of the day: once a day, at a
// local time of day, to one channel of each Discord server or Slack
// workspace. It knows no chat platform: a Target's Post does the posting.
// A state store decides who posts, so that several replicas, or a
// process started again, post each day once.
//
//	s, err := daily.New(daily.Config{
//		At: at, Location: loc, Store: store, Holder: daily.NewHolder(),
//		Targets: []daily.Target{{Key: "discord:" + guild, Channel: channel, Post: post}},
//	})
//	if err != nil { ... }
//	err = s.Run(ctx) // until ctx ends
package daily

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
)

// Clock is the time the scheduler goes by; clockwork's clocks, real and
// fake, are Clocks.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// realClock is the system's clock.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Store is what the scheduler needs of the state store; state.Store is one.
type Store interface {
	// ClaimDaily grants key's post of day to holder for lease, unless
	// the post is done or another holder's lease runs. A holder that
	// claims again renews its lease.
	ClaimDaily(ctx context.Context, key, day, holder string, lease time.Duration) (bool, error)
	// DailyPosted marks key's post of day as done.
	DailyPosted(ctx context.Context, key, day, holder string) error
}

// Target is one daily post: a channel of one server or workspace.
type Target struct {
	// Key names the server or workspace in the store, e.g.
	// "discord:<guild id>" or "slack:<team id>": each key is posted to
	// once a day, by whichever replica claims it.
	Key string
	// Channel is the channel's id, for the log.
	Channel string
	// Post posts the document of day ("2006-01-02", the local date) to
	// the channel. An error is retried, with back-off, during the day,
	// unless it is Permanent.
	Post func(ctx context.Context, day string) error
}

// TimeOfDay is a local wall-clock time, to the minute.
type TimeOfDay struct{ Hour, Minute int }

func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute) }

// ParseTimeOfDay reads a 24-hour time such as "08:00" or "8:30".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	digits := func(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
	ok = ok && digits(h) && digits(m)
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(h) > 2 || len(m) != 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return TimeOfDay{}, fmt.Errorf("%q is not a time of day: use a 24-hour time such as 08:00", s)
	}
	return TimeOfDay{hour, minute}, nil
}

// Defaults of Config.
const (
	// DefaultLease is how long a claim keeps other replicas from posting:
	// longer than one attempt (PostTimeout), so that a replica that is
	// posting is not overtaken, and short, so that a replica that died
	// holding the claim delays the post by little.
	DefaultLease = 2 * time.Minute
	// DefaultPostTimeout bounds one attempt to post.
	DefaultPostTimeout = 30 * time.Second
	// DefaultMaxRetryWait is the longest wait between two attempts, and
	// between two looks at a day that another replica has claimed.
	DefaultMaxRetryWait = 30 * time.Minute
	// firstRetryWait is the wait after the first failed attempt; it
	// doubles after each.
	firstRetryWait = 5 * time.Second
	// maxSleep is the longest the scheduler sleeps before it reads the
	// clock again: after a suspended machine or a clock set anew it is
	// late by at most this much.
	maxSleep = 10 * time.Minute
)

// Config configures a Scheduler. At, Location, Store, Holder and Targets
// are required.
type Config struct {
	// At is the local time of day of the post.
	At TimeOfDay
	// Location is the time zone of At and of the day's date.
	Location *time.Location
	// Store decides which replica posts, and remembers the posts done.
	Store Store
	// Holder names this process in the store's claims; unique per
	// process (NewHolder).
	Holder string
	// Targets are the channels to post to.
	Targets []Target
	// Clock is the time; nil means the system's.
	Clock Clock
	// Lease, PostTimeout and MaxRetryWait: zero means the defaults.
	Lease, PostTimeout, MaxRetryWait time.Duration
	// Logger receives what happens, never the text posted. Nil discards.
	Logger *slog.Logger
}

// Scheduler posts the document of the day to its targets.
type Scheduler struct {
	cfg Config
	log *slog.Logger
}

// New checks cfg and returns a scheduler. It starts nothing.
func New(cfg Config) (*Scheduler, error) {
	var problems []string
	if cfg.Location == nil {
		problems = append(problems, "no time zone")
	}
	if cfg.Store == nil {
		problems = append(problems, "no state store")
	}
	if cfg.Holder == "" {
		problems = append(problems, "no holder id")
	}
	if cfg.At.Hour < 0 || cfg.At.Hour > 23 || cfg.At.Minute < 0 || cfg.At.Minute > 59 {
		problems = append(problems, fmt.Sprintf("time of day %s out of range", cfg.At))
	}
	seen := map[string]bool{}
	for _, t := range cfg.Targets {
		switch {
		case t.Key == "" || t.Post == nil:
			problems = append(problems, "a target without a key or a post function")
		case seen[t.Key]:
			problems = append(problems, fmt.Sprintf("two channels for %s: one a server or workspace", t.Key))
		}
		seen[t.Key] = true
	}
	if len(problems) > 0 {
		return nil, errors.New("daily post: " + strings.Join(problems, "; "))
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.PostTimeout <= 0 {
		cfg.PostTimeout = DefaultPostTimeout
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Scheduler{cfg: cfg, log: log.With("component", "daily")}, nil
}

// NewHolder returns an id for this process in the store's claims: the
// host name, the process id and random digits.
func NewHolder() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// NextPostTime returns the time of the next post at at in loc from now
// on: now itself if it is the time. (A day whose time has passed without
// a post is posted at once all the same: see Scheduler.Run.)
func NextPostTime(now time.Time, at TimeOfDay, loc *time.Location) time.Time {
	now = now.In(loc)
	t := PostTime(now, at, loc)
	if t.Before(now) {
		t = PostTime(nextDay(now), at, loc)
	}
	return t
}

// Run posts to every target each day until ctx ends, and returns nil
// then. Each day's post is made at the time of day or, when the process
// starts later that day and the day has no post yet, at once.
func (s *Scheduler) Run(ctx context.Context) error {
	done := make(chan struct{})
	for _, t := range s.cfg.Targets {
		go func() {
			defer func() { done <- struct{}{} }()
			s.runTarget(ctx, t)
		}()
	}
	for range s.cfg.Targets {
		<-done
	}
	return nil
}

// runTarget posts to one target each day until ctx ends.
func (s *Scheduler) runTarget(ctx context.Context, t Target) {
	log := s.log.With("key", t.Key, "channel", t.Channel)
	var last string // the last day this process has seen done
	for ctx.Err() == nil {
		now := s.cfg.Clock.Now().In(s.cfg.Location)
		day := now.Format(time.DateOnly)
		at := PostTime(now, s.cfg.At, s.cfg.Location)
		if day == last || now.Before(at) {
			next := at
			if day == last || !now.Before(at) {
				next = PostTime(nextDay(now), s.cfg.At, s.cfg.Location)
			}
			log.Debug("daily post: waiting", "next", next)
			if !s.sleepUntil(ctx, next) {
				return
			}
			continue
		}
		s.postDay(ctx, log, t, day, endOfDay(now, s.cfg.Location))
		last = day // posted, given up on, or the day is over: next, tomorrow
	}
}

// postDay posts day's document to t once, unless another replica or an
// earlier run did, retrying until the day ends at end or the failure is
// permanent.
func (s *Scheduler) postDay(ctx context.Context, log *slog.Logger, t Target, day string, end time.Time) {
	wait := firstRetryWait
	posted := false // by this process: never post again, even if the store fails
	for ctx.Err() == nil && s.cfg.Clock.Now().Before(end) {
		ok, err := s.cfg.Store.ClaimDaily(ctx, t.Key, day, s.cfg.Holder, s.cfg.Lease)
		switch {
		case err != nil:
			log.Warn("daily post: claim the day in the state store", "day", day, "retry_in", wait, "err", err)
		case !ok && !posted:
			// Done already, or another replica is posting. If that one
			// dies, its lease ends and a later look claims the day.
			log.Debug("daily post: claimed elsewhere or done", "day", day, "look_again_in", wait)
		default:
			if !posted {
				pctx, cancel := context.WithTimeout(ctx, s.cfg.PostTimeout)
				err = t.Post(pctx, day)
				cancel()
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					if errors.Is(err, errPermanent) {
						log.Error("daily post failed; not trying again today", "day", day, "err", err)
						return
					}
					log.Warn("daily post failed", "day", day, "retry_in", wait, "err", err)
					break
				}
				posted = true
				log.Info("daily post sent", "day", day)
			}
			if err = s.cfg.Store.DailyPosted(ctx, t.Key, day, s.cfg.Holder); err == nil {
				return
			}
			log.Warn("daily post: mark the day done in the state store", "day", day, "retry_in", wait, "err", err)
		}
		if !s.sleepUntil(ctx, minTime(s.cfg.Clock.Now().Add(wait), end)) {
			return
		}
		wait = min(wait*2, s.cfg.MaxRetryWait)
		if posted {
			// Posted, but not yet marked done: keep the claim alive, so
			// that no other replica posts again; the next claim renews it
			// before it runs out.
			wait = min(wait, s.cfg.Lease/2)
		}
	}
	if !posted && ctx.Err() == nil {
		log.Debug("daily post: the day ended", "day", day)
	}
}

// sleepUntil waits until the clock reads t, reading it again at least
// every maxSleep; it reports false if ctx ended first.
func (s *Scheduler) sleepUntil(ctx context.Context, t time.Time) bool {
	for {
		d := t.Sub(s.cfg.Clock.Now())
		if d <= 0 {
			return ctx.Err() == nil
		}
		select {
		case <-ctx.Done():
			return false
		case <-s.cfg.Clock.After(min(d, maxSleep)):
		}
	}
}

var errPermanent = errors.New("permanent")

// Permanent marks err as one that no retry today can cure, such as a
// channel that does not exist: the scheduler gives up until tomorrow.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

type permanentError struct{ err error }

func (e permanentError) Error() string        { return e.err.Error() }
func (e permanentError) Unwrap() []error      { return []error{e.err, errPermanent} }
func (e permanentError) Is(target error) bool { return target == errPermanent }

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool { return errors.Is(err, errPermanent) }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// nextDay is noon of the local day after t's: a time that exists.
func nextDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+1, 12, 0, 0, 0, t.Location())
}

// endOfDay is the start of the local day after t's.
func endOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// PostTime is the instant of the post on the local day of t: at's wall
// time that day in loc. A wall time that the day skips (clocks go forward
// over it) gives the first instant after the gap; one the day has twice
// (clocks go back over it) gives the first of the two.
func PostTime(t time.Time, at TimeOfDay, loc *time.Location) time.Time {
	t = t.In(loc)
	want := time.Date(t.Year(), t.Month(), t.Day(), at.Hour, at.Minute, 0, 0, loc)
	// The wall times asked for and given, compared as if in UTC.
	asked := time.Date(t.Year(), t.Month(), t.Day(), at.Hour, at.Minute, 0, 0, time.UTC)
	given := time.Date(want.Year(), want.Month(), want.Day(), want.Hour(), want.Minute(), 0, 0, time.UTC)
	start, end := want.ZoneBounds()
	switch {
	case given.After(asked) && !start.IsZero():
		// Go moved a skipped time forward: the gap ended when this zone
		// period began.
		return start
	case given.Before(asked) && !end.IsZero():
		// Moved back, into the period before the gap: the gap begins
		// when that period ends.
		return end
	case given.Equal(asked) && !start.IsZero():
		// The wall time exists; if the zone period began shortly before
		// it, the same wall time may have come earlier too, in the
		// period before (clocks went back).
		_, before := start.Add(-time.Nanosecond).Zone()
		_, offset := want.Zone()
		earlier := want.Add(time.Duration(offset-before) * time.Second)
		if before > offset && earlier.Before(start) && earlier.In(loc).Hour() == at.Hour && earlier.In(loc).Minute() == at.Minute {
			return earlier
		}
	}
	return want
}

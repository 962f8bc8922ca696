package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter limits how often each key (a user, a channel) may ask, so that
// one person cannot crowd out the others. It is safe for concurrent use.
type Limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	maxKeys int
	keys    map[string]*limiterEntry
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows each key perMinute requests a minute, with bursts of
// up to burst at once.
func NewLimiter(perMinute, burst int) *Limiter {
	return &Limiter{
		every:   rate.Limit(float64(perMinute) / 60),
		burst:   burst,
		maxKeys: 100_000,
		keys:    map[string]*limiterEntry{},
	}
}

// Allow reports whether key may ask now, and counts the request if so.
func (l *Limiter) Allow(key string) bool {
	now := time.Now()
	if l.Now != nil {
		now = l.Now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.keys[key]
	if e == nil {
		if len(l.keys) >= l.maxKeys {
			l.forgetIdle(now)
		}
		e = &limiterEntry{lim: rate.NewLimiter(l.every, l.burst)}
		l.keys[key] = e
	}
	e.seen = now
	return e.lim.AllowN(now, 1)
}

// forgetIdle drops keys whose buckets have refilled, keeping memory bounded.
func (l *Limiter) forgetIdle(now time.Time) {
	full := time.Duration(float64(l.burst) / float64(l.every) * float64(time.Second))
	for k, e := range l.keys {
		if now.Sub(e.seen) > full {
			delete(l.keys, k)
		}
	}
}

// SlowDown is the reply to a request over the rate limit.
func SlowDown() Reply {
	return Reply{Kind: KindUsage, Headline: "You're asking faster than I can look things up: please slow down a little.", Hint: "Try again in a few seconds.", Private: true}
}

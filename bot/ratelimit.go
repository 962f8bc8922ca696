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

// Scopes of a rate limit, as Limits reports them.
const (
	ScopeUser    = "user"
	ScopeChannel = "channel"
)

// Limits applies a per-user and a per-channel rate limit to requests, so
// that neither one person nor one busy channel can crowd out the others.
// A nil limiter does not limit. It is safe for concurrent use.
type Limits struct {
	User    *Limiter
	Channel *Limiter
	// Refused, when set, is told each refusal and which limit made it,
	// ScopeUser or ScopeChannel: for metrics.
	Refused func(scope string)
}

// Allow reports whether the user may ask in the channel now, and counts
// the request if so. The user's limit is checked first, so that a refused
// user spends none of the channel's allowance. An empty key is not
// limited by that scope.
func (l *Limits) Allow(user, channel string) bool {
	if l.User != nil && user != "" && !l.User.Allow(user) {
		l.refused(ScopeUser)
		return false
	}
	if l.Channel != nil && channel != "" && !l.Channel.Allow(channel) {
		l.refused(ScopeChannel)
		return false
	}
	return true
}

func (l *Limits) refused(scope string) {
	if l.Refused != nil {
		l.Refused(scope)
	}
}

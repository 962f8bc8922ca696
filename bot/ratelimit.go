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
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entry(key, now).lim.AllowN(now, 1)
}

// Charge counts n more requests against key now, beyond those Allow
// counted: for a request that cost more than most. Past the budget, key
// goes into debt, and is refused until its bucket has refilled that far;
// a charge never costs more than one full burst.
func (l *Limiter) Charge(key string, n int) {
	if n <= 0 {
		return
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	// A reservation taken and never cancelled leaves the bucket in debt.
	l.entry(key, now).lim.ReserveN(now, min(n, l.burst))
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// entry returns key's bucket, made full if key is new, and marks it seen.
// l.mu is held.
func (l *Limiter) entry(key string, now time.Time) *limiterEntry {
	e := l.keys[key]
	if e == nil {
		if len(l.keys) >= l.maxKeys {
			l.forgetIdle(now)
		}
		e = &limiterEntry{lim: rate.NewLimiter(l.every, l.burst)}
		l.keys[key] = e
	}
	e.seen = now
	return e
}

// forgetIdle drops keys whose buckets have refilled, keeping memory
// bounded. A bucket in debt (see Charge) is at most one burst below empty,
// so two bursts' time refills any.
func (l *Limiter) forgetIdle(now time.Time) {
	full := time.Duration(2 * float64(l.burst) / float64(l.every) * float64(time.Second))
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

// Charge counts what a reply cost beyond the one request Allow counted
// (see Reply.Cost) against the user's limit. An empty user, or a reply
// that cost one request, is not charged.
func (l *Limits) Charge(user string, r Reply) {
	if l.User != nil && user != "" && r.Cost > 1 {
		l.User.Charge(user, r.Cost-1)
	}
}

func (l *Limits) refused(scope string) {
	if l.Refused != nil {
		l.Refused(scope)
	}
}

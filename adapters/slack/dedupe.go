package slack

import (
	"sync"
	"time"
)

// dedupe remembers keys (event ids) for a while, so that a delivery Slack
// retries is answered once. It keeps at most max keys, forgetting the
// oldest first. Each replica remembers only what it saw: a retry that a
// load balancer sends to another replica is answered again, which is why
// every request is acknowledged at once, leaving Slack no reason to retry.
type dedupe struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	keys  map[string]time.Time
	order []entry // oldest first
	// now is the clock; tests set it.
	now func() time.Time
}

type entry struct {
	key  string
	seen time.Time
}

func newDedupe(ttl time.Duration, max int) *dedupe {
	return &dedupe{ttl: ttl, max: max, keys: map[string]time.Time{}, now: time.Now}
}

// first reports whether key is new, and remembers it.
func (d *dedupe) first(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	for len(d.order) > 0 && (now.Sub(d.order[0].seen) > d.ttl || len(d.order) >= d.max) {
		delete(d.keys, d.order[0].key)
		d.order = d.order[1:]
	}
	if seen, ok := d.keys[key]; ok && now.Sub(seen) <= d.ttl {
		return false
	}
	d.keys[key] = now
	d.order = append(d.order, entry{key, now})
	return true
}

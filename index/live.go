package index

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultDrainTimeout is how long Reload and Close wait for the readers of
// an index to finish when LiveOptions.DrainTimeout is zero: far longer
// than an answer takes, shorter than a process manager's patience.
const DefaultDrainTimeout = 10 * time.Second

// ErrDrainTimeout means readers still held an index when Reload or Close
// stopped waiting for them: a search that ignores its deadline, or a
// reader that never released. The wrapping message says what was done.
var ErrDrainTimeout = errors.New("readers did not finish in time")

// LiveOptions tunes a Live. The zero value is ready to use.
type LiveOptions struct {
	// DrainTimeout bounds how long Reload waits for the readers of the old
	// index, and Close for those of the current one; 0 means
	// DefaultDrainTimeout.
	DrainTimeout time.Duration
	// Logger receives what happens to an old index whose readers finish
	// after Reload stopped waiting; nil discards it.
	Logger *slog.Logger
}

// Live is an index that can be reloaded in place while it serves: after
// `archivebot index` swaps a new build in at the path, Reload opens it and
// switches over. Readers hold the index they acquired until they release
// it, so an answer never mixes the old index and the new one, and the old
// index closes only when its last reader is done. A Live is safe for
// concurrent use.
type Live struct {
	path  string
	drain time.Duration
	log   *slog.Logger

	mu  sync.Mutex
	cur *liveRef
}

// liveRef counts the readers of one open index.
type liveRef struct {
	ix      *Index
	readers sync.WaitGroup
	count   atomic.Int64 // readers, for messages

	doneOnce sync.Once
	done     chan struct{} // closed when the readers are done, once waited for
}

// idle returns a channel closed once every reader has released the index.
// Call it only once no new reader can acquire it.
func (r *liveRef) idle() <-chan struct{} {
	r.doneOnce.Do(func() {
		r.done = make(chan struct{})
		go func() {
			r.readers.Wait()
			close(r.done)
		}()
	})
	return r.done
}

// wait waits up to d for the readers to finish and reports whether they
// did.
func (r *liveRef) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.idle():
		return true
	case <-t.C:
		return false
	}
}

// OpenLive opens the index at path (see Open) for serving and reloading,
// with the default options.
func OpenLive(path string) (*Live, error) {
	return OpenLiveWith(path, LiveOptions{})
}

// OpenLiveWith opens the index at path (see Open) for serving and
// reloading.
func OpenLiveWith(path string, opts LiveOptions) (*Live, error) {
	ix, err := Open(path)
	if err != nil {
		return nil, err
	}
	l := &Live{path: path, drain: opts.DrainTimeout, log: opts.Logger, cur: &liveRef{ix: ix}}
	if l.drain <= 0 {
		l.drain = DefaultDrainTimeout
	}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	return l, nil
}

// Acquire returns the current index and a function to call when done
// with it. Every Acquire needs its release.
func (l *Live) Acquire() (*Index, func()) {
	l.mu.Lock()
	ref := l.cur
	ref.readers.Add(1)
	ref.count.Add(1)
	l.mu.Unlock()
	var once sync.Once
	return ref.ix, func() {
		once.Do(func() {
			ref.count.Add(-1)
			ref.readers.Done()
		})
	}
}

// Manifest returns the manifest of the current index.
func (l *Live) Manifest() Manifest {
	ix, release := l.Acquire()
	defer release()
	return ix.Manifest()
}

// Reload opens the index now at the path and switches readers over to it.
// If the new index cannot be opened (missing, truncated, damaged, another
// schema), the old one keeps serving and the error is returned.
//
// After switching, Reload waits for the readers of the old index and
// closes it, for up to the drain timeout. Past it, Reload returns an error
// wrapping ErrDrainTimeout: the new index serves, and the old one is
// closed whenever its last reader is done.
func (l *Live) Reload() error {
	ix, err := Open(l.path)
	if err != nil {
		return fmt.Errorf("reload index: %w", err)
	}
	l.mu.Lock()
	old := l.cur
	l.cur = &liveRef{ix: ix}
	l.mu.Unlock()
	if !old.wait(l.drain) {
		n := old.count.Load()
		go func() {
			<-old.idle()
			if err := old.ix.Close(); err != nil {
				l.log.Warn("close the old index", "path", l.path, "err", err)
				return
			}
			l.log.Info("closed the old index: its last readers are done", "path", l.path)
		}()
		return fmt.Errorf("reload index: switched to the new index, but %w: %d still held the old one after %v; it closes when they finish",
			ErrDrainTimeout, n, l.drain)
	}
	if err := old.ix.Close(); err != nil {
		return fmt.Errorf("reload index: close the old one: %w", err)
	}
	return nil
}

// Close closes the current index after its readers are done. Past the
// drain timeout it gives up, leaving the index open (closing it under a
// search could crash it; the process is ending anyway), and returns an
// error wrapping ErrDrainTimeout.
func (l *Live) Close() error {
	l.mu.Lock()
	ref := l.cur
	l.mu.Unlock()
	if !ref.wait(l.drain) {
		return fmt.Errorf("close index %s: %w: %d still held it after %v; left open", l.path, ErrDrainTimeout, ref.count.Load(), l.drain)
	}
	return ref.ix.Close()
}

package index

import (
	"fmt"
	"sync"
)

// Live is an index that can be reloaded in place while it serves: after
// `archivebot index` swaps a new build in at the path, Reload opens it and
// switches over. Readers hold the index they acquired until they release
// it, so an answer never mixes the old index and the new one, and the old
// index closes only when its last reader is done. A Live is safe for
// concurrent use.
type Live struct {
	path string

	mu  sync.Mutex
	cur *liveRef
}

// liveRef counts the readers of one open index.
type liveRef struct {
	ix      *Index
	readers sync.WaitGroup
}

// OpenLive opens the index at path (see Open) for serving and reloading.
func OpenLive(path string) (*Live, error) {
	ix, err := Open(path)
	if err != nil {
		return nil, err
	}
	return &Live{path: path, cur: &liveRef{ix: ix}}, nil
}

// Acquire returns the current index and a function to call when done
// with it. Every Acquire needs its release.
func (l *Live) Acquire() (*Index, func()) {
	l.mu.Lock()
	ref := l.cur
	ref.readers.Add(1)
	l.mu.Unlock()
	var once sync.Once
	return ref.ix, func() { once.Do(ref.readers.Done) }
}

// Manifest returns the manifest of the current index.
func (l *Live) Manifest() Manifest {
	ix, release := l.Acquire()
	defer release()
	return ix.Manifest()
}

// Reload opens the index now at the path and switches readers over to it.
// If the new index cannot be opened (missing, truncated, another schema),
// the old one keeps serving and the error is returned. The old index is
// closed once its readers are done; Reload waits for that.
func (l *Live) Reload() error {
	ix, err := Open(l.path)
	if err != nil {
		return fmt.Errorf("reload index: %w", err)
	}
	l.mu.Lock()
	old := l.cur
	l.cur = &liveRef{ix: ix}
	l.mu.Unlock()
	old.readers.Wait()
	if err := old.ix.Close(); err != nil {
		return fmt.Errorf("reload index: close the old one: %w", err)
	}
	return nil
}

// Close closes the current index after its readers are done.
func (l *Live) Close() error {
	l.mu.Lock()
	ref := l.cur
	l.mu.Unlock()
	ref.readers.Wait()
	return ref.ix.Close()
}

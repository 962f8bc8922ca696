package index

import (
	"log/slog"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/archivebot/archivebot/corpus"
)

// The next page of an answer is prepared while the asker reads this one:
// once a page is ranked, a background worker loads the documents of the
// page after it into the document cache, while the answer loads its own
// on the other cores, so that "next" only renders them. There is one
// worker per opened index, and it works on the newest page offered: a
// page offered while it works replaces the rest of the one it is on, so
// under load the worker takes little from the answers themselves, and
// what it does is for the likeliest next page. Pages that answer faster
// than the worker could read the next (who's, from the person table)
// load the next page's documents with their own instead. A document that
// an answer and the worker (or two answers) need at once is read and
// decoded once (singleflight).

// prefetcher loads the documents of upcoming pages in the background.
type prefetcher struct {
	pages chan []string
	stop  chan struct{}
	done  sync.WaitGroup
}

// startPrefetch starts ix's worker; stopPrefetch stops it.
func (ix *Index) startPrefetch() {
	ix.prefetch = &prefetcher{pages: make(chan []string, 1), stop: make(chan struct{})}
	ix.prefetch.done.Add(1)
	go func() {
		defer ix.prefetch.done.Done()
		for {
			select {
			case <-ix.prefetch.stop:
				return
			case ids := <-ix.prefetch.pages:
				// Last first: an asker who turns the page at once loads
				// it from the first, and the two meet half-way.
				for len(ids) > 0 {
					id := ids[len(ids)-1]
					ids = ids[:len(ids)-1]
					if _, err := ix.loadDocument(id); err != nil {
						// The answer that asks for it will say so.
						slog.Debug("prefetch", "doc", id, "err", err)
					}
					// A newer page offered meanwhile replaces the rest of
					// this one: its asker is the one likelier to turn it.
					select {
					case newer := <-ix.prefetch.pages:
						ids = newer
					case <-ix.prefetch.stop:
						return
					default:
					}
				}
			}
		}
	}()
}

func (ix *Index) stopPrefetch() {
	if ix.prefetch == nil {
		return
	}
	close(ix.prefetch.stop)
	ix.prefetch.done.Wait()
}

// Prefetch asks the background worker to load the documents ids into the
// cache, for a page its asker is likely to turn to next, unless they are
// all cached. It returns at once; an id that does not load is left for
// the answer that asks for it.
func (ix *Index) Prefetch(ids []string) {
	if ix.prefetch == nil || len(ids) == 0 {
		return
	}
	var missing []string
	for _, id := range ids {
		if !ix.docs.has(id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return
	}
	select {
	case ix.prefetch.pages <- missing:
	default:
		// A page already waits: the newer one takes its place, as the
		// one more likely to be turned next (an asker who turns the
		// pages of one answer, or who asked something else since).
		select {
		case <-ix.prefetch.pages:
		default:
		}
		select {
		case ix.prefetch.pages <- missing:
		default:
		}
	}
}

// loadDocuments loads the documents ids, in their order, on every core:
// a page's documents are most of a page's time when they are not cached.
func (ix *Index) loadDocuments(ids []string) ([]corpus.Document, error) {
	docs := make([]corpus.Document, len(ids))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, id := range ids {
		if d, ok := ix.docs.get(id); ok {
			docs[i] = d
			continue
		}
		g.Go(func() error {
			d, err := ix.loadDocument(id)
			docs[i] = d
			return err
		})
	}
	return docs, g.Wait()
}

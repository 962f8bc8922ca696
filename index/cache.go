package index

import (
	"container/list"
	"sync"

	"github.com/archivebot/archivebot/corpus"
)

// docCacheSize is how many decoded documents an Index keeps. Answers load
// the documents of their hits, and the same documents come back often: who
// loads a person's documents twice (their paragraphs and the documents
// themselves), popular people and subjects recur. A decoded document of
// 25 paragraphs takes some 30 KB, so the cache holds about 15 MB.
const docCacheSize = 512

// docCache is a small least-recently-used cache of decoded documents, safe
// for concurrent use. The documents it hands out share their slices and
// maps with every other caller: they must not be modified.
type docCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cached, most recently used first
	byID  map[string]*list.Element
}

type cached struct {
	id  string
	doc corpus.Document
}

func newDocCache(max int) *docCache {
	return &docCache{max: max, order: list.New(), byID: make(map[string]*list.Element, max)}
}

func (c *docCache) get(id string) (corpus.Document, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if !ok {
		return corpus.Document{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).doc, true
}

// has reports whether document id is cached, without making it recent.
func (c *docCache) has(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.byID[id]
	return ok
}

func (c *docCache) put(id string, d corpus.Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byID[id]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byID[id] = c.order.PushFront(&cached{id: id, doc: d})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*cached).id)
	}
}

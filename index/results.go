package index

import (
	"fmt"

	lru "github.com/hashicorp/golang-lru/v2"
)

// resultCacheSize is how many rankings of recent queries an Index keeps,
// for paragraphs, documents and events each. A ranking holds record
// references and matched spans, not documents: at most a few hundred
// small entries, some tens of kilobytes.
const resultCacheSize = 256

// resultCache keeps the rankings of recent queries, keyed by the
// normalised query without its offset, so that the next page of an answer
// and a repeated question load documents without searching again. It
// belongs to one opened index, so a reload, which opens the new index,
// starts with an empty cache. Cached rankings are never modified.
type resultCache struct {
	paras *lru.Cache[string, *paraRanking]
	docs  *lru.Cache[string, *docRanking]
	// events holds the rankings of event queries (see events.go).
	events *lru.Cache[string, *eventRanking]
}

func newResultCache(size int) resultCache {
	return resultCache{paras: newLRU[*paraRanking](size), docs: newLRU[*docRanking](size), events: newLRU[*eventRanking](size)}
}

// newLRU is an LRU cache of size entries; size must be at least 1.
func newLRU[V any](size int) *lru.Cache[string, V] {
	c, err := lru.New[string, V](size)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return c
}

// cacheKey is the cache key of a normalised query: everything but the
// offset, since every page of a query comes from one ranking. The page
// size stays in it: it decides whether a Partial query needs its partial
// search.
func cacheKey(q Query) string {
	q.Offset, q.Documents = 0, 0
	return fmt.Sprintf("%#v", q)
}

package index

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestNextPagePrefetched checks that answering a page loads the next
// page's documents in the background.
func TestNextPagePrefetched(t *testing.T) {
	docs := synthDocs(t, 40)
	ctx := context.Background()
	q := Query{Words: []string{"reform"}, Limit: 3}
	next := q
	next.Offset = 3
	// What the next pages hold, asked of another index of the same
	// documents.
	other := openIndex(t, docs)
	paras, err := other.Paragraphs(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	found, err := other.Documents(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, h := range paras.Hits {
		want = append(want, h.Doc.ID)
	}
	for _, h := range found.Hits {
		want = append(want, h.Doc.ID)
	}
	if len(paras.Hits) == 0 || len(found.Hits) == 0 {
		t.Fatal("the test query has no second page")
	}

	ix := openIndex(t, docs)
	if _, err := ix.Paragraphs(ctx, q); err != nil {
		t.Fatal(err)
	}
	// One answer at a time: a newer page replaces the one prefetched.
	waitCached(t, ix, want[:len(paras.Hits)])
	if _, err := ix.Documents(ctx, q); err != nil {
		t.Fatal(err)
	}
	waitCached(t, ix, want[len(paras.Hits):])
}

// waitCached waits until the documents ids are in ix's cache.
func waitCached(t *testing.T, ix *Index, ids []string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, id := range ids {
		for !ix.docs.has(id) {
			if time.Now().After(deadline) {
				t.Fatalf("document %s of a next page was not prefetched", id)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// TestNewerPageReplaces checks that a page offered while the worker
// prefetches another replaces the rest of it: the worker moves to the
// newest page instead of finishing one nobody may turn.
func TestNewerPageReplaces(t *testing.T) {
	docs := synthDocs(t, 60)
	ix := openIndex(t, docs)
	var older, newer []string
	for _, d := range docs[:57] {
		older = append(older, d.ID)
	}
	for _, d := range docs[57:] {
		newer = append(newer, d.ID)
	}
	ix.Prefetch(older)
	ix.Prefetch(newer)
	waitCached(t, ix, newer)
	loaded := 0
	for _, id := range older {
		if ix.docs.has(id) {
			loaded++
		}
	}
	// The older page is loaded from its end, a document at a time: the
	// worker had time for a few before the newer page came.
	if loaded == len(older) {
		t.Errorf("all %d documents of the older page were loaded before the newer page", loaded)
	}
}

// TestLoadDocumentOnce checks that callers loading one document at once
// all get it, and that Close stops the prefetching worker.
func TestLoadDocumentOnce(t *testing.T) {
	docs := synthDocs(t, 5)
	ix, err := Open(buildIndex(t, docs, BuildOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := ix.Document(context.Background(), docs[2].ID)
			if err != nil || d.ID != docs[2].ID || len(d.Paragraphs) != len(docs[2].Paragraphs) {
				t.Errorf("Document: %v, %q with %d paragraphs", err, d.ID, len(d.Paragraphs))
			}
		}()
	}
	wg.Wait()
	ix.Prefetch([]string{docs[3].ID})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix.Prefetch([]string{docs[4].ID}) // after Close: dropped, no panic
}

// TestNamedLoadsNextPage checks that the first page of a person's
// documents returns with the second page's loaded, and that a later page
// reads the next one ahead.
func TestNamedLoadsNextPage(t *testing.T) {
	ix := openIndex(t, synthDocs(t, 40))
	ctx := context.Background()
	// The person named in the most documents.
	var name string
	most := 0
	for _, p := range ix.people.persons {
		if n := p.size(); n > most {
			name, most = p.name, n
		}
	}
	const limit = 3
	if most < 3*limit+1 {
		t.Fatalf("the most named person is in %d documents; want more than three pages", most)
	}
	page := func(offset int) []string {
		n, err := ix.Named(ctx, name, Query{Offset: offset, Limit: limit}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range n.Docs {
			ids = append(ids, d.DocID)
		}
		return ids
	}
	second, third := page(limit), page(2*limit)
	// Without the background worker, what is loaded the page loaded.
	ix.stopPrefetch()
	ix.docs = newDocCache(docCacheSize) // forget them
	page(0)
	for _, id := range second {
		if !ix.docs.has(id) {
			t.Errorf("document %s of the second page was not loaded with the first", id)
		}
	}
	ix.startPrefetch()
	page(limit)
	waitCached(t, ix, third)
}

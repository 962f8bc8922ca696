package index

import (
	"context"
	"sync"
	"testing"

	"github.com/archivebot/archivebot/corpus"
)

func TestDocCache(t *testing.T) {
	c := newDocCache(2)
	c.put("a", corpus.Document{ID: "a"})
	c.put("b", corpus.Document{ID: "b"})
	if d, ok := c.get("a"); !ok || d.ID != "a" {
		t.Fatalf("get a = %v, %v", d.ID, ok)
	}
	c.put("c", corpus.Document{ID: "c"}) // evicts b, the least recently used
	if _, ok := c.get("b"); ok {
		t.Error("b is still cached")
	}
	for _, id := range []string{"a", "c"} {
		if d, ok := c.get(id); !ok || d.ID != id {
			t.Errorf("get %s = %q, %v", id, d.ID, ok)
		}
	}
}

// TestDocumentCached loads documents from many goroutines, through the
// cache and past it, and gets the same documents as a fresh index.
func TestDocumentCached(t *testing.T) {
	ix := openIndex(t, testDocs())
	ix.docs = newDocCache(2)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				want := testDocs()[(g+i)%len(testDocs())]
				d, err := ix.Document(ctx, want.ID)
				if err != nil || d.ID != want.ID || len(d.Paragraphs) != len(want.Paragraphs) || d.Title != want.Title {
					t.Errorf("Document(%s) = %s %q, %v", want.ID, d.ID, d.Title, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if _, err := ix.Document(ctx, "nope"); err == nil {
		t.Error("Document(nope) found something")
	}
	if n := ix.docs.order.Len(); n != 2 {
		t.Errorf("cache holds %d documents, want 2", n)
	}
}

package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLiveKeepsServingWhenReloadFails(t *testing.T) {
	path := buildIndex(t, testDocs(), BuildOptions{})
	live, err := OpenLive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()

	// Point the link at a corrupted copy of the index: truncated and
	// scrambled files. The next open must fail, and the open index must
	// keep answering. (The files the open index maps are left alone, as a
	// build leaves them.)
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	broken := path + ".999"
	err = filepath.WalkDir(target, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(target, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(broken, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i := range data {
			data[i] ^= 0x5a
		}
		return os.WriteFile(filepath.Join(broken, rel), data[:len(data)/2], 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	link := path + ".tmp-link"
	if err := os.Symlink(filepath.Base(broken), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(link, path); err != nil {
		t.Fatal(err)
	}
	held, release := live.Acquire()
	defer release()
	if err := live.Reload(); err == nil {
		t.Fatal("Reload of a truncated index succeeded")
	}
	ix, rel := live.Acquire()
	defer rel()
	if ix != held {
		t.Error("a failed reload replaced the index")
	}
	if _, err := ix.Document(context.Background(), testDocs()[0].ID); err != nil {
		t.Errorf("the old index stopped answering: %v", err)
	}
}

// TestLiveWaitsForReadersWithinALimit: a reader that never releases the
// index (a stuck search) must not block Reload or Close past the drain
// timeout.
func TestLiveWaitsForReadersWithinALimit(t *testing.T) {
	const drain = 100 * time.Millisecond
	// bounded runs f and fails if it takes far longer than the drain
	// timeout.
	bounded := func(t *testing.T, what string, f func() error) error {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- f() }()
		select {
		case err := <-done:
			return err
		case <-time.After(50 * drain):
			t.Fatalf("%s waited for a stuck reader for over %v", what, 50*drain)
			return nil
		}
	}
	t.Run("reload", func(t *testing.T) {
		path := buildIndex(t, testDocs(), BuildOptions{})
		live, err := OpenLiveWith(path, LiveOptions{DrainTimeout: drain})
		if err != nil {
			t.Fatal(err)
		}
		defer live.Close()
		old, release := live.Acquire() // stuck
		err = bounded(t, "Reload", live.Reload)
		if !errors.Is(err, ErrDrainTimeout) {
			t.Fatalf("Reload: %v, want ErrDrainTimeout", err)
		}
		ix, rel := live.Acquire()
		if ix == old {
			t.Error("the reload did not switch to the new index")
		}
		rel()
		// The stuck reader still reads; once it releases, the old index
		// closes.
		if _, err := old.bi.DocCount(); err != nil {
			t.Errorf("the old index closed under its reader: %v", err)
		}
		release()
		deadline := time.Now().Add(5 * time.Second)
		for {
			if _, err := old.bi.DocCount(); err != nil {
				break // closed
			}
			if time.Now().After(deadline) {
				t.Fatal("the old index was never closed")
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	t.Run("close", func(t *testing.T) {
		path := buildIndex(t, testDocs(), BuildOptions{})
		live, err := OpenLiveWith(path, LiveOptions{DrainTimeout: drain})
		if err != nil {
			t.Fatal(err)
		}
		ix, release := live.Acquire() // stuck
		defer func() {
			release()
			ix.Close()
		}()
		if err := bounded(t, "Close", live.Close); !errors.Is(err, ErrDrainTimeout) {
			t.Fatalf("Close: %v, want ErrDrainTimeout", err)
		}
	})
}

func TestReloadEmptiesTheResultCache(t *testing.T) {
	path := buildIndex(t, testDocs(), BuildOptions{})
	live, err := OpenLive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ask := func() (searches int64) {
		ix, release := live.Acquire()
		defer release()
		return searchesDuring(ix, func() {
			if _, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain"}}); err != nil {
				t.Fatal(err)
			}
		})
	}
	if n := ask(); n == 0 {
		t.Fatal("the first question ran no search")
	}
	if n := ask(); n != 0 {
		t.Fatalf("the repeated question ran %d searches, want none", n)
	}
	if _, _, err := Build(context.Background(), path, sliceSource(testDocs()), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := live.Reload(); err != nil {
		t.Fatal(err)
	}
	if n := ask(); n == 0 {
		t.Error("after a reload the question was answered from the old index's cache")
	}
}

package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
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

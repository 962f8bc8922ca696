package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// leaveBuild makes a build folder as a killed build leaves it.
func leaveBuild(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "store", "000000000001.zap"), []byte("half a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestBuildRemovesAbandonedBuilds: what killed builds of the same index
// left is removed by the next build; what is not theirs stays.
func TestBuildRemovesAbandonedBuilds(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "idx")
	leaveBuild(t, path+".1111")
	leaveBuild(t, path+".2222")
	if err := os.Symlink("idx.2222", path+".2222.link"); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []string{"idx.backup", "other.3333", "idx.4444x"} {
		leaveBuild(t, filepath.Join(dir, keep))
	}

	if _, _, err := Build(context.Background(), path, sliceSource(testDocs()), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"idx", linkTarget(t, path), "idx.4444x", "idx.backup", "idx.lock", "other.3333"}
	slices.Sort(want)
	if got := dirNames(t, dir); !slices.Equal(got, want) {
		t.Errorf("directory holds %v, want %v", got, want)
	}
}

// TestBuildWaitsForABuildInProgress: a build of the same index that holds
// the lock is waited for, and its folder is left alone while it runs.
func TestBuildWaitsForABuildInProgress(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "idx")
	inProgress := path + ".5555"
	leaveBuild(t, inProgress)
	other := flock.New(path + ".lock")
	if ok, err := other.TryLock(); err != nil || !ok {
		t.Fatalf("lock: %v %v", ok, err)
	}

	t.Run("until ctx is done", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*lockRetry)
		defer cancel()
		_, _, err := Build(ctx, path, sliceSource(testDocs()), BuildOptions{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Build: %v, want the context's deadline", err)
		}
		if _, err := os.Stat(inProgress); err != nil {
			t.Errorf("the folder of the build in progress: %v", err)
		}
	})

	done := make(chan error, 1)
	go func() {
		_, _, err := Build(context.Background(), path, sliceSource(testDocs()), BuildOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Build did not wait for the other build: %v", err)
	case <-time.After(3 * lockRetry):
	}
	if _, err := os.Stat(inProgress); err != nil {
		t.Errorf("the folder of the build in progress was removed: %v", err)
	}
	// The other build dies without removing its folder.
	if err := other.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(inProgress); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the abandoned folder: %v, want it removed", err)
	}
}

// TestConcurrentBuilds: builds of one index at the same time all succeed,
// one after the other, and leave one index.
func TestConcurrentBuilds(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "idx")
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() {
			_, _, errs[i] = Build(context.Background(), path, sliceSource(testDocs()), BuildOptions{})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	if got, want := dirNames(t, dir), []string{"idx", linkTarget(t, path), "idx.lock"}; !slices.Equal(got, want) {
		t.Errorf("directory holds %v, want %v", got, want)
	}
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot/bottest"
)

// waitFor polls until the buffer holds want, or fails after a while.
func waitFor(t *testing.T, buf *bottest.SyncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in output:\n%s", want, buf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHangupReloadsTheIndex(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "idx")
	corpusDir := filepath.Join(dir, "docs")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile("../../corpus/testdata/archive/050_month_only_date.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpusDir, "a.txt"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runMain(t, nil, "", "index", "--corpus", corpusDir, "--index", path); r.code != 0 {
		t.Fatalf("index: %s", r.stderr)
	}

	feed, out, errOut, done := startShell(t, path)
	io.WriteString(feed, "search beeswax\n")
	waitFor(t, out, "Nothing in the archive matches")

	// A new build swapped in at the path, then SIGHUP: the bot answers from it.
	more, err := os.ReadFile("../../corpus/testdata/bad/good_beekeeping.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpusDir, "b.txt"), more, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runMain(t, nil, "", "index", "--corpus", corpusDir, "--index", path); r.code != 0 {
		t.Fatalf("rebuild: %s", r.stderr)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, errOut, "index reloaded")
	io.WriteString(feed, "search beeswax\n")
	waitFor(t, out, "1 document match")
	feed.Close()
	if err := <-done; err != nil {
		t.Errorf("shell ended with %v", err)
	}
}

// TestHangupKeepsServingWhenTheNewIndexIsDamaged: a damaged build swapped
// in at the path is refused on SIGHUP, and the bot answers from the old
// index.
func TestHangupKeepsServingWhenTheNewIndexIsDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "idx")
	if r := runMain(t, nil, "", "index", "--corpus", "../../corpus/testdata/archive", "--index", path); r.code != 0 {
		t.Fatalf("index: %s", r.stderr)
	}
	feed, out, errOut, done := startShell(t, path)
	io.WriteString(feed, "cite 900005\n")
	waitFor(t, out, "OZA Transport Ministry Records")

	if r := runMain(t, nil, "", "index", "--corpus", "../../corpus/testdata/archive", "--index", path); r.code != 0 {
		t.Fatalf("rebuild: %s", r.stderr)
	}
	flipSegmentByte(t, path)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, errOut, "keeping the old one")
	if !strings.Contains(errOut.String(), "damaged") {
		t.Errorf("the log does not say the index is damaged:\n%s", errOut.String())
	}
	before := strings.Count(out.String(), "OZA Transport Ministry Records")
	io.WriteString(feed, "cite 900005\n")
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), "OZA Transport Ministry Records") == before {
		if time.Now().After(deadline) {
			t.Fatalf("no answer after the failed reload:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	feed.Close()
	if err := <-done; err != nil {
		t.Errorf("shell ended with %v", err)
	}
}

// startShell runs the shell on the index at path until the test ends: it
// reads the commands written to feed and writes to out and errOut; done
// gives what it returned.
func startShell(t *testing.T, path string) (feed *io.PipeWriter, out, errOut *bottest.SyncBuffer, done <-chan error) {
	t.Helper()
	stdin, feed := io.Pipe()
	out, errOut = new(bottest.SyncBuffer), new(bottest.SyncBuffer)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch := make(chan error, 1)
	go func() {
		ch <- run(ctx, []string{"shell", "--index", path}, func(string) string { return "" }, stdin, out, errOut)
	}()
	return feed, out, errOut, ch
}

//go:build unix

package corpus

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesNotOpened puts a named pipe among the documents: the
// walk reports it and goes on, where opening it would wait for a writer
// forever.
func TestSpecialFilesNotOpened(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), noURLDoc)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	symlink(t, "pipe.txt", filepath.Join(dir, "to-pipe.txt"))
	for name, fsys := range folderViews(t, dir) {
		t.Run(name, func(t *testing.T) {
			_, rep := walkDone(t, fsys)
			for _, file := range []string{"pipe.txt", "to-pipe.txt"} {
				if s := skippedFor(rep, file); s == nil || !strings.Contains(s.Reason, "not a regular file (a named pipe)") {
					t.Errorf("%s: skipped as %v, want a named pipe", file, s)
				}
			}
			if rep.Read != 1 {
				t.Errorf("read %d documents, want 1", rep.Read)
			}
		})
	}
}

// TestDirOpensWithoutBlocking opens a named pipe through a Dir, as a
// read would if the pipe replaced a document after the listing: the open
// returns at once instead of waiting for a writer.
func TestDirOpensWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	done := make(chan string, 1)
	go func() {
		_, reason := readDocument(d, "pipe.txt")
		done <- reason
	}()
	select {
	case reason := <-done:
		if !strings.Contains(reason, "named pipe") {
			t.Errorf("reason = %q, want a named pipe", reason)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("opening a named pipe waits for a writer")
	}
}

//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin is runMain with a guard: a run that hangs fails the test
// instead of the suite.
func runWithin(t *testing.T, d time.Duration, env map[string]string, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- runMain(t, env, "", args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(d):
		t.Fatalf("archivebot %s hangs", strings.Join(args, " "))
	}
	return result{}
}

// TestHostileCorpusFolder builds from a folder with a link to /dev/zero,
// a named pipe, links out of the folder and a name with control
// characters: the build finishes, reports each, and serves nothing from
// outside, through index and through --corpus alike.
func TestHostileCorpusFolder(t *testing.T) {
	good, err := os.ReadFile("../../corpus/testdata/archive/010_complete.txt")
	if err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	secret := bytes.ReplaceAll(good, []byte("tungsten"), []byte("zanzibarium"))
	secret = bytes.ReplaceAll(secret, []byte("900001"), []byte("900099"))
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), secret, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "good.txt"), good, 0o644))
	must(os.WriteFile(filepath.Join(dir, "bad\x1b[2J.txt"), nil, 0o644))
	must(os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")))
	must(os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "secret.txt")))
	must(os.Symlink(outside, filepath.Join(dir, "away")))
	must(syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644))

	path := filepath.Join(t.TempDir(), "idx")
	r := runWithin(t, 60*time.Second, nil, "index", "--corpus", dir, "--index", path)
	if r.code != 0 {
		t.Fatalf("index: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"skipped zero.txt:0: symbolic link leads outside the corpus folder",
		"skipped secret.txt:0: symbolic link leads outside the corpus folder",
		"skipped away:0: symbolic link leads outside the corpus folder",
		"skipped pipe.txt:0: not a regular file (a named pipe)",
		`skipped "bad\x1b[2J.txt":1: empty file`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "\x1b") {
		t.Errorf("stderr shows a raw escape character:\n%q", r.stderr)
	}
	for _, args := range [][]string{{"--index", path}, {"--corpus", dir}} {
		r = runWithin(t, 60*time.Second, nil, append(append([]string{"ask"}, args...), "quote zanzibarium")...)
		if r.code != 0 || !strings.Contains(r.stdout, "Nothing in the archive") {
			t.Errorf("ask %s: a document from outside the folder was served: exit %d\n%s%s", args[0], r.code, r.stdout, r.stderr)
		}
	}
}

// TestIndexStopsWhenTold cancels a build, as SIGTERM does through main's
// signal context, while it reads one long document: the build stops
// within 2 s and fails.
func TestIndexStopsWhenTold(t *testing.T) {
	var b strings.Builder
	b.WriteString("**April 14, 1961**\n**Record of a Conversation**\n\n**Contents:**\n\nTranslation - English\n\n")
	for i := 0; b.Len() < 4<<20; i++ {
		fmt.Fprintf(&b, "The delegation discussed the price of tungsten and the schedule of the dam with Trade Minister Cde. Ivo Marsek%d, who said, ", i)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "long.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled time.Time
	time.AfterFunc(300*time.Millisecond, func() { cancelled = time.Now(); cancel() })
	done := make(chan error, 1)
	go func() {
		var out, errOut bytes.Buffer
		done <- run(ctx, []string{"index", "--corpus", dir, "--index", filepath.Join(t.TempDir(), "idx")}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	select {
	case err := <-done:
		stopped := time.Since(cancelled)
		var ex *exitError
		if !errors.As(err, &ex) || ex.code != exitFailure {
			t.Fatalf("index returned %v, want a failure", err)
		}
		t.Logf("stopped %v after the cancel: %v", stopped, err)
		if stopped > 2*time.Second {
			t.Errorf("stopped %v after the cancel, want within 2s", stopped)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the build went on after it was told to stop")
	}
}

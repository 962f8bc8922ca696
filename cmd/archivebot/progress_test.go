package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProgressBar builds with the bar on, as on a terminal, and off, as
// when stderr is a file: the bar shows the count only when asked for.
func TestProgressBar(t *testing.T) {
	for _, progress := range []bool{true, false} {
		var stderr bytes.Buffer
		e := env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: &stderr, log: slog.New(slog.DiscardHandler)}
		path := filepath.Join(t.TempDir(), "idx")
		m, _, err := buildIndex(context.Background(), e, os.DirFS("../../corpus/testdata/archive"), path, progress)
		if err != nil || m.Documents != 16 {
			t.Fatalf("build: %v, %d documents", err, m.Documents)
		}
		shown := strings.Contains(stderr.String(), "indexing") && strings.Contains(stderr.String(), "16/16")
		if shown != progress {
			t.Errorf("progress %v: stderr %q", progress, stderr.String())
		}
	}
}

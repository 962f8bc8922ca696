package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// With --reuse, the benchmark skips a build whose index an earlier run left
// in --dir, when it can tell that the index is whole and of this corpus.
// A reused build has no times and no peak memory: the table says so.

// reusableIndex returns the figures of our index at path when it can be
// reused for the corpus of n documents in corpusDir: it opens (so its
// schema is this archivebot's and its checksums match), and its manifest
// has the corpus's fingerprint and n documents. Otherwise why says, for
// the log, why it must be built. err is for what stops the benchmark.
func reusableIndex(ctx context.Context, path, corpusDir string, n int) (st BuildStats, why string, err error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return st, "no index from an earlier run", nil
	}
	ix, err := index.Open(path)
	if err != nil {
		return st, fmt.Sprintf("the index there does not open: %v", err), nil
	}
	m := ix.Manifest()
	if err := ix.Close(); err != nil {
		return st, "", fmt.Errorf("reuse our index: %w", err)
	}
	fp, err := corpus.Fingerprint(ctx, os.DirFS(corpusDir))
	if err != nil {
		return st, "", fmt.Errorf("reuse our index: %w", err)
	}
	if m.Fingerprint != fp || m.Documents != n {
		return st, fmt.Sprintf("the index there was built from another corpus (%d documents)", m.Documents), nil
	}
	st = BuildStats{Reused: true, Documents: m.Documents, Paragraphs: m.Paragraphs}
	if st.IndexBytes, err = dirSize(path); err != nil {
		return BuildStats{}, "", err
	}
	return st, "", nil
}

// reusableBaseline returns the figures of the Bleve-defaults baseline in
// dir when it can be reused: it opens and holds one record for each of
// the paragraphs paragraphs (a build that was stopped half-way holds
// fewer, and another corpus's holds almost surely another number). The
// baseline stores no fingerprint of its corpus; the paragraph count comes
// from our index, which does. Otherwise why says why it must be built.

func reusableBaseline(dir string, n, paragraphs int) (st BuildStats, why string, err error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return st, "no baseline from an earlier run", nil
	}
	b, err := index.OpenBaseline(dir)
	if err != nil {
		return st, fmt.Sprintf("the baseline there does not open: %v", err), nil
	}
	count, err := b.Count()
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, fmt.Sprintf("the baseline there cannot be read: %v", err), nil
	}
	if count != paragraphs {
		return st, fmt.Sprintf("the baseline there holds %d paragraphs, our index %d", count, paragraphs), nil
	}
	st = BuildStats{Reused: true, Documents: n, Paragraphs: paragraphs}
	if st.IndexBytes, err = dirSize(dir); err != nil {
		return BuildStats{}, "", err
	}
	return st, "", nil
}

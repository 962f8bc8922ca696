package bottest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/corpus/synth"
	"github.com/archivebot/archivebot/index"
)

// OpenArchive builds a real index in dir from the embedded sample and the
// given folders of test documents, and opens it for the tests to answer
// from. A test document that does not read is an error. The caller closes
// it.
func OpenArchive(ctx context.Context, dir string, folders ...string) (*index.Index, error) {
	sources := []fs.FS{corpus.Sample()}
	for _, f := range folders {
		sources = append(sources, os.DirFS(f))
	}
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		var all corpus.Report
		fp := sha256.New()
		for _, fsys := range sources {
			rep, err := corpus.Walk(ctx, fsys, fn)
			if err != nil {
				return all, err
			}
			all.Read += rep.Read
			all.Skipped = append(all.Skipped, rep.Skipped...)
			fp.Write([]byte(rep.Fingerprint + "\n"))
		}
		// One fingerprint for all the folders, as a real corpus has.
		all.Fingerprint = hex.EncodeToString(fp.Sum(nil))
		if len(all.Skipped) > 0 {
			return all, fmt.Errorf("test documents skipped: %v", all.Skipped)
		}
		return all, nil
	}
	path := filepath.Join(dir, "index")
	if _, _, err := index.Build(ctx, path, src, index.BuildOptions{}); err != nil {
		return nil, fmt.Errorf("build test index: %w", err)
	}
	ix, err := index.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open test index: %w", err)
	}
	return ix, nil
}

// WriteSynthetic writes the first n documents of the synthetic archive of
// seed into dir (see corpus/synth), for OpenArchive to index with the
// sample, and returns the generator, whose Vocabulary lists the words of
// the prose commonest first.
func WriteSynthetic(ctx context.Context, dir string, seed uint64, n int) (*synth.Generator, error) {
	g := synth.New(seed)
	if _, err := synth.Write(ctx, dir, g, n); err != nil {
		return nil, err
	}
	return g, nil
}

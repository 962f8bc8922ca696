package bottest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/archivebot/archivebot/corpus"
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
		for _, fsys := range sources {
			rep, err := corpus.Walk(ctx, fsys, fn)
			if err != nil {
				return all, err
			}
			all.Read += rep.Read
			all.Skipped = append(all.Skipped, rep.Skipped...)
		}
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

package slack

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// testBot is the real bot over a real index of the embedded sample and
// the fictional test documents, built once for the package's tests.
var testBot *bot.Bot

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "slack-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "index")
	sources := []fs.FS{corpus.Sample(), os.DirFS("../../corpus/testdata/archive")}
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
		return all, nil
	}
	if _, _, err := index.Build(context.Background(), path, src, index.BuildOptions{}); err != nil {
		return 0, fmt.Errorf("build test index: %w", err)
	}
	ix, err := index.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open test index: %w", err)
	}
	defer ix.Close()
	testBot = bot.New(ix, bot.Options{})
	return m.Run(), nil
}

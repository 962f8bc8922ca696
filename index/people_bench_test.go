package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/corpus/synth"
)

// BenchmarkPeopleTable builds the person table of an index of 500
// synthetic documents (corpus/synth, seed 1), as Build does once the
// full-text index is written. The index is built once, before the timer.
func BenchmarkPeopleTable(b *testing.B) {
	ctx := context.Background()
	archive := filepath.Join(b.TempDir(), "archive")
	if _, err := synth.Write(ctx, archive, synth.New(1), 500); err != nil {
		b.Fatal(err)
	}
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		return corpus.Walk(ctx, os.DirFS(archive), fn)
	}
	path := filepath.Join(b.TempDir(), "idx")
	if _, _, err := Build(ctx, path, src, BuildOptions{}); err != nil {
		b.Fatal(err)
	}
	ix, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	dir, err := filepath.EvalSymlinks(ix.path)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(ix.lexicon.Titles))
	for i, t := range ix.lexicon.Titles {
		ids[i] = t.DocID
	}
	people := ix.lexicon.People
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildPeopleTable(ctx, dir, ids, people); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ids)), "docs/op")
}

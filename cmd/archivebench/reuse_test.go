package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/corpus/synth"
	"github.com/archivebot/archivebot/index"
)

// reuseDocs is the size of the archives TestReuse builds: enough for two
// seeds to give different paragraph counts, small enough to build fast.
const reuseDocs = 6

// TestReuse checks what --reuse takes from an earlier run and what it
// builds again: only an index that opens and was built from this corpus,
// only a baseline that opens and holds every paragraph.
func TestReuse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpusOf := func(seed uint64) string {
		d := filepath.Join(dir, "corpus-"+string(rune('0'+seed)))
		if _, err := synth.Write(ctx, d, synth.New(seed), reuseDocs); err != nil {
			t.Fatal(err)
		}
		return d
	}
	this, other := corpusOf(1), corpusOf(2)
	src := func(d string) index.Source {
		return func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
			return corpus.Walk(ctx, os.DirFS(d), fn)
		}
	}
	buildOurs := func(corpusDir string) string {
		path := filepath.Join(t.TempDir(), "idx")
		if _, _, err := index.Build(ctx, path, src(corpusDir), index.BuildOptions{}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	buildBaseline := func(src index.Source) string {
		path := filepath.Join(t.TempDir(), "baseline")
		if _, err := index.BuildBaseline(ctx, path, src); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// halfWay gives the first half of a corpus's documents, as a build
	// stopped half-way had indexed them.
	halfWay := func(corpusDir string) index.Source {
		return func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
			n := 0
			return corpus.Walk(ctx, os.DirFS(corpusDir), func(d corpus.Document) error {
				if n++; n > reuseDocs/2 {
					return nil
				}
				return fn(d)
			})
		}
	}
	ours := buildOurs(this)
	want, _, err := reusableIndex(ctx, ours, this, reuseDocs)
	if err != nil || !want.Reused || want.Paragraphs == 0 || want.IndexBytes == 0 || want.Documents != reuseDocs {
		t.Fatalf("our index of this corpus is not reused: %+v, %v", want, err)
	}
	junk := filepath.Join(t.TempDir(), "junk")
	if err := os.MkdirAll(junk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(junk, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("our index", func(t *testing.T) {
		for _, tt := range []struct {
			name, path, corpus string
			docs               int
			why                string // "" when reused
		}{
			{name: "built from this corpus", path: ours, corpus: this, docs: reuseDocs},
			{name: "none", path: filepath.Join(t.TempDir(), "idx"), corpus: this, docs: reuseDocs, why: "no index"},
			{name: "built from another corpus", path: buildOurs(other), corpus: this, docs: reuseDocs, why: "another corpus"},
			{name: "another size", path: ours, corpus: this, docs: reuseDocs + 1, why: "another corpus"},
			{name: "not an index", path: junk, corpus: this, docs: reuseDocs, why: "does not open"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				st, why, err := reusableIndex(ctx, tt.path, tt.corpus, tt.docs)
				if err != nil {
					t.Fatal(err)
				}
				if tt.why == "" {
					if why != "" || st != want {
						t.Errorf("not reused (%s): %+v, want %+v", why, st, want)
					}
					return
				}
				if st.Reused || !strings.Contains(why, tt.why) {
					t.Errorf("reused %v, why %q; want it built because %q", st.Reused, why, tt.why)
				}
			})
		}
	})

	t.Run("baseline", func(t *testing.T) {
		base := buildBaseline(src(this))
		for _, tt := range []struct {
			name, path string
			why        string // "" when reused
		}{
			{name: "built from this corpus", path: base},
			{name: "none", path: filepath.Join(t.TempDir(), "baseline"), why: "no baseline"},
			{name: "built from another corpus", path: buildBaseline(src(other)), why: "paragraphs"},
			{name: "stopped half-way", path: buildBaseline(halfWay(this)), why: "paragraphs"},
			{name: "not an index", path: junk, why: "does not open"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				st, why, err := reusableBaseline(tt.path, reuseDocs, want.Paragraphs)
				if err != nil {
					t.Fatal(err)
				}
				if tt.why == "" {
					if why != "" || !st.Reused || st.Paragraphs != want.Paragraphs || st.IndexBytes == 0 || st.WallMS != 0 {
						t.Errorf("not reused (%s): %+v", why, st)
					}
					return
				}
				if st.Reused || !strings.Contains(why, tt.why) {
					t.Errorf("reused %v, why %q; want it built because %q", st.Reused, why, tt.why)
				}
			})
		}
	})
}

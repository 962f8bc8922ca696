package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/corpus"
)

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// linkTarget returns where the index link at path points.
func linkTarget(t *testing.T, path string) string {
	t.Helper()
	target, err := os.Readlink(path)
	if err != nil {
		t.Fatalf("index path is not a link: %v", err)
	}
	return target
}

func TestBuildManifest(t *testing.T) {
	builtAt := time.Date(2024, 3, 1, 12, 30, 0, 0, time.FixedZone("CET", 3600))
	var progress []int
	path := filepath.Join(t.TempDir(), "idx")
	m, rep, err := Build(context.Background(), path, sliceSource(testDocs()), BuildOptions{
		BatchSize: 3,
		Progress:  func(n int) { progress = append(progress, n) },
		Now:       func() time.Time { return builtAt },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Manifest{
		SchemaVersion: SchemaVersion,
		DocFormat:     DocFormat,
		Fingerprint:   "test-fingerprint",
		Documents:     4,
		Paragraphs:    8,
		BuiltAt:       builtAt.UTC(),
		Checksums:     true,
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("Build manifest (-want +got):\n%s", diff)
	}
	if rep.Read != 4 || rep.Fingerprint != "test-fingerprint" {
		t.Errorf("report = %+v", rep)
	}
	if !slices.Equal(progress, []int{3, 4}) {
		t.Errorf("progress = %v, want [3 4]", progress)
	}

	read, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, read); diff != "" {
		t.Errorf("ReadManifest (-want +got):\n%s", diff)
	}
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if diff := cmp.Diff(want, ix.Manifest()); diff != "" {
		t.Errorf("Index.Manifest (-want +got):\n%s", diff)
	}
	// ReadManifest while the index is open elsewhere in the process.
	if _, err := ReadManifest(path); err != nil {
		t.Errorf("ReadManifest of an open index: %v", err)
	}

	target := linkTarget(t, path)
	if filepath.IsAbs(target) || !isBuildDirName("idx", target) {
		t.Errorf("link target = %q, want a relative idx.<nanos>", target)
	}
}

func TestOpenSchemaMismatch(t *testing.T) {
	path := buildIndex(t, testDocs(), BuildOptions{schemaVersion: SchemaVersion + 1})
	_, err := Open(path)
	if !errors.Is(err, ErrSchema) {
		t.Fatalf("Open error = %v, want ErrSchema", err)
	}
	for _, want := range []string{path, "rebuild it with `archivebot index`"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatalf("ReadManifest: %v", err)
	}
	if m.SchemaVersion != SchemaVersion+1 {
		t.Errorf("ReadManifest schema = %d, want %d", m.SchemaVersion, SchemaVersion+1)
	}
}

func TestOpenNoIndex(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"missing", func(*testing.T, string) {}},
		{"empty directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage files", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, data := range map[string]string{
				"index_meta.json": "this is not json\x00\x01",
				"root.bolt":       strings.Repeat("garbage", 1000),
				"notes.txt":       "hello",
			} {
				if err := os.WriteFile(filepath.Join(path, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"meta without store", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			meta := `{"storage":"","index_type":"scorch"}`
			if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte(meta), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(path, "store"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(path, "store", "root.bolt"), []byte("garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"a file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("hello"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"someone else's bleve index", func(t *testing.T, path string) {
			bi, err := bleve.New(path, bleve.NewIndexMapping())
			if err != nil {
				t.Fatal(err)
			}
			if err := bi.Index("x", map[string]string{"a": "b"}); err != nil {
				t.Fatal(err)
			}
			if err := bi.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"corrupt manifest", func(t *testing.T, path string) {
			bi, err := bleve.New(path, newMapping())
			if err != nil {
				t.Fatal(err)
			}
			if err := bi.SetInternal([]byte(manifestKey), []byte("{not json")); err != nil {
				t.Fatal(err)
			}
			if err := bi.Close(); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "idx")
			tt.setup(t, path)
			ix, err := Open(path)
			if !errors.Is(err, ErrNoIndex) {
				if err == nil {
					ix.Close()
				}
				t.Fatalf("Open error = %v, want ErrNoIndex", err)
			}
			for _, want := range []string{path, "`archivebot index`"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			if _, err := ReadManifest(path); !errors.Is(err, ErrNoIndex) {
				t.Errorf("ReadManifest error = %v, want ErrNoIndex", err)
			}
		})
	}
}

func TestRebuild(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "idx")
	ctx := context.Background()
	if _, _, err := Build(ctx, path, sliceSource(testDocs()[:2]), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	first := linkTarget(t, path)
	old, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()

	m, _, err := Build(ctx, path, sliceSource(testDocs()[2:]), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	second := linkTarget(t, path)
	if second == first {
		t.Fatalf("link still points at %s", first)
	}
	if _, err := os.Stat(filepath.Join(dir, first)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("old index directory %s: stat error = %v, want it gone", first, err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"idx", second, "idx.lock"}) {
		t.Errorf("directory holds %v, want [idx %s idx.lock]", got, second)
	}
	if m.Documents != 2 {
		t.Errorf("manifest documents = %d, want 2", m.Documents)
	}

	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Document(ctx, "101"); !errors.Is(err, ErrNotFound) {
		t.Errorf("new index: Document(101) error = %v, want ErrNotFound", err)
	}
	if _, err := ix.Document(ctx, "103"); err != nil {
		t.Errorf("new index: Document(103): %v", err)
	}

	// On Unix a reader keeps the files it opened after they are removed.
	if runtime.GOOS != "windows" {
		res, err := old.Paragraphs(ctx, Query{Words: []string{"steel"}})
		if err != nil || res.Total != 2 {
			t.Errorf("old reader after rebuild: total %d, error %v; want 2 hits", res.Total, err)
		}
	}
}

func TestBuildFailureKeepsOldIndex(t *testing.T) {
	errBroken := errors.New("disk on fire")
	docs := testDocs()
	tests := []struct {
		name    string
		src     Source
		ctx     func() context.Context
		wantErr error
	}{
		{
			name: "source fails mid-way",
			src: func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
				for _, d := range docs[:3] {
					if err := fn(d); err != nil {
						return corpus.Report{}, err
					}
				}
				return corpus.Report{}, errBroken
			},
			wantErr: errBroken,
		},
		{
			name: "source swallows a duplicate id",
			src: func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
				for _, d := range append(docs, docs[1]) {
					_ = fn(d)
				}
				return corpus.Report{}, nil
			},
		},
		{
			name:    "no documents",
			src:     sliceSource(nil),
			wantErr: ErrEmpty,
		},
		{
			name: "document without id",
			src:  sliceSource([]corpus.Document{docs[0], {Title: "No id", Source: "x.txt"}}),
		},
		{
			name: "context cancelled",
			src:  sliceSource(docs),
			ctx: func() context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx
			},
			wantErr: context.Canceled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "idx")
			want, _, err := Build(context.Background(), path, sliceSource(docs[:1]), BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			before := dirNames(t, dir)
			target := linkTarget(t, path)

			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx()
			}
			_, _, err = Build(ctx, path, tt.src, BuildOptions{BatchSize: 1})
			if err == nil {
				t.Fatal("Build succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("Build error = %v, want %v", err, tt.wantErr)
			}
			if got := dirNames(t, dir); !slices.Equal(got, before) {
				t.Errorf("directory holds %v, want %v", got, before)
			}
			if got := linkTarget(t, path); got != target {
				t.Errorf("link points at %s, want %s", got, target)
			}
			got, err := ReadManifest(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("manifest changed (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildRefusesToReplace(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, path string)
	}{
		{"real directory", func(t *testing.T, dir, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(path, "precious.txt"), []byte("keep me"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"empty directory", func(t *testing.T, dir, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"file", func(t *testing.T, dir, path string) {
			if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"link to another directory", func(t *testing.T, dir, path string) {
			if err := os.Mkdir(filepath.Join(dir, "mine"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("mine", path); err != nil {
				t.Fatal(err)
			}
		}},
		{"absolute link", func(t *testing.T, dir, path string) {
			if err := os.Mkdir(filepath.Join(dir, "idx.123"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(dir, "idx.123"), path); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "idx")
			tt.setup(t, dir, path)
			before := dirNames(t, dir)
			_, _, err := Build(context.Background(), path, sliceSource(testDocs()), BuildOptions{})
			if err == nil {
				t.Fatal("Build succeeded, want a refusal")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			if got := dirNames(t, dir); !slices.Equal(got, before) {
				t.Errorf("directory holds %v, want %v", got, before)
			}
		})
	}
}

func TestBuildRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if _, _, err := Build(context.Background(), "data/idx/", sliceSource(testDocs()), BuildOptions{}); err == nil {
		t.Fatal("Build into a missing parent directory succeeded")
	}
	if err := os.Mkdir("data", 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Build(context.Background(), "data/idx/", sliceSource(testDocs()), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	// The relative link survives moving the folder.
	if err := os.Rename("data", "moved"); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(filepath.Join(dir, "moved", "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Manifest().Documents != len(testDocs()) {
		t.Errorf("documents = %d", ix.Manifest().Documents)
	}
}

// TestMapping checks what the index stores and indexes: the stored
// document round-trips from a store-only field, paragraph text is not stored, and no
// field exists beyond the explicit mapping.
func TestMapping(t *testing.T) {
	ix := openIndex(t, testDocs())
	want := testDocs()[0]

	raw, err := storedField(ix.bi, docRecordID(want.ID), fieldDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := records(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != doc.Doc {
		t.Errorf("stored document = %q\nwant %q", raw, doc.Doc)
	}

	stored := func(id string) []string {
		d, err := ix.bi.Document(id)
		if err != nil || d == nil {
			t.Fatalf("Document(%s) = %v, %v", id, d, err)
		}
		var names []string
		d.VisitFields(func(f bleveindex.Field) { names = append(names, f.Name()) })
		slices.Sort(names)
		return names
	}
	if got := stored("p/101/2"); len(got) != 0 {
		t.Errorf("paragraph stores %v, want nothing (its document and number are in its id)", got)
	}
	if got := stored("d/101"); !slices.Equal(got, []string{fieldDoc}) {
		t.Errorf("document stores %v, want [doc]", got)
	}
	if got := stored(eventRecordID("101", documentEvent, 0)); len(got) != 0 {
		t.Errorf("event stores %v, want nothing (its document and date are in its id)", got)
	}

	// The stored-only document field is not searchable.
	q := bleve.NewMatchQuery("Ruske")
	q.SetField(fieldDoc)
	res, err := ix.bi.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("search in the stored document found %d records, want 0", res.Total)
	}

	im, ok := ix.bi.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		t.Fatalf("mapping is a %T", ix.bi.Mapping())
	}
	if im.ScoringModel != "bm25" || im.IndexDynamic || im.StoreDynamic || im.DocValuesDynamic || im.DefaultMapping.Dynamic {
		t.Errorf("mapping: scoring %q, dynamic index %v store %v docvalues %v default %v; want bm25 and nothing dynamic",
			im.ScoringModel, im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic, im.DefaultMapping.Dynamic)
	}

	fields, err := ix.bi.Fields()
	if err != nil {
		t.Fatal(err)
	}
	allowed := []string{"_id", "_all", fieldKind, fieldDocID, fieldTitle, fieldText, fieldContext, fieldSection, fieldDate, fieldLang, fieldDoc, fieldEventText}
	for _, f := range fields {
		if !slices.Contains(allowed, f) {
			t.Errorf("index has unmapped field %q", f)
		}
	}
}

func TestIndexDate(t *testing.T) {
	tests := []struct {
		name string
		date corpus.Date
		want time.Time
	}{
		{"undated", corpus.Date{}, time.Time{}},
		{"day", corpus.Date{Time: day(1957, 11, 13), Precision: corpus.PrecisionDay}, day(1957, 11, 13)},
		{"local time is made UTC", corpus.Date{Time: time.Date(1957, 11, 13, 3, 0, 0, 0, time.FixedZone("X", 3*3600)), Precision: corpus.PrecisionDay}, day(1957, 11, 13)},
		{"precision but zero time", corpus.Date{Precision: corpus.PrecisionYear}, time.Time{}},
		{"too early for a datetime field", corpus.Date{Time: day(1517, 10, 31), Precision: corpus.PrecisionDay}, time.Time{}},
		{"too late for a datetime field", corpus.Date{Time: day(2300, 1, 1), Precision: corpus.PrecisionYear}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got time.Time
			if p := indexDate(tt.date); p != nil {
				got = *p
			}
			if !got.Equal(tt.want) {
				t.Errorf("indexDate = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOldDatesStillIndex checks that a document dated before 1678 builds
// and is found, only not by date.
func TestOldDatesStillIndex(t *testing.T) {
	d := corpus.Document{
		ID:         "1517",
		Title:      "Theses of the Ostland Reformers",
		Date:       corpus.Date{Time: day(1517, 10, 31), Precision: corpus.PrecisionDay, Text: "31 October 1517"},
		Paragraphs: []corpus.Paragraph{{N: 1, Text: "Ninety-five theses were nailed to the door."}},
	}
	ix := openIndex(t, []corpus.Document{d})
	res, err := ix.Paragraphs(context.Background(), Query{Words: []string{"theses"}})
	if err != nil || res.Total != 1 {
		t.Fatalf("Paragraphs: total %d, error %v; want 1 hit", res.Total, err)
	}
	if !res.Hits[0].Doc.Date.Time.Equal(d.Date.Time) {
		t.Errorf("date = %v, want %v", res.Hits[0].Doc.Date.Time, d.Date.Time)
	}
	res, err = ix.Paragraphs(context.Background(), Query{Words: []string{"theses"}, From: day(1500, 1, 1)})
	if err != nil || res.Total != 0 {
		t.Errorf("with a date filter: total %d, error %v; want none (the date cannot be indexed)", res.Total, err)
	}
}

// TestBuildFromSample builds the corpus package's embedded sample through
// corpus.Walk, the way the command does, and reads every document back.
func TestBuildFromSample(t *testing.T) {
	fsys := corpus.Sample()
	var want []corpus.Document // as Build saw them
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		return corpus.Walk(ctx, fsys, func(d corpus.Document) error {
			want = append(want, d)
			return fn(d)
		})
	}
	path := filepath.Join(t.TempDir(), "idx")
	m, rep, err := Build(context.Background(), path, src, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the sample corpus has no documents")
	}
	if m.Documents != len(want) || rep.Read != len(want) || m.Fingerprint != rep.Fingerprint || m.Fingerprint == "" {
		t.Errorf("manifest %+v, report %v; want %d documents and the report's fingerprint", m, rep, len(want))
	}
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, d := range want {
		got, err := ix.Document(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(d, got); diff != "" {
			t.Errorf("document %s (-want +got):\n%s", d.ID, diff)
		}
	}
}
